"""``parcours links review --accept-all / --reject-all``: a bulk decision from the command line,
on SQLite and PostgreSQL, with the real documents."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine
from typer.testing import CliRunner

from parcours.cli import app
from parcours.cli.common import open_uow
from parcours.domain.links import DecisionAction, LinkKind, LinkRelation, LinkStatus
from parcours.services import auth, links
from parcours.services.auth import SYSTEM
from tests.conftest import seed_path

runner = CliRunner()
PASSWORD = "cheval-batterie-agrafe-42"


@pytest.fixture
def database_url(engine: Engine) -> str:
    return engine.url.render_as_string(hide_password=False)


def run(database_url: str, *args: str) -> tuple[int, str]:
    result = runner.invoke(app, [*args, "--database-url", database_url])
    return result.exit_code, " ".join(result.output.split())


def test_accept_all_exact_links_above_a_score_then_reject_the_rest(database_url: str) -> None:
    paths = [str(seed_path(p)) for p in ("000", "002", "004")]
    code, output = run(database_url, "import", *paths)
    assert code == 0, output
    uow = open_uow(database_url)
    auth.create_account(uow, SYSTEM, login="claire.rh", roles=["hr"], password=PASSWORD)
    auth.create_account(uow, SYSTEM, login="eve", roles=["manager"], password=PASSWORD)
    hr_token = auth.create_api_token(uow, SYSTEM, "claire.rh", "tests", days=1)
    manager_token = auth.create_api_token(uow, SYSTEM, "eve", "tests", days=1)
    code, output = run(database_url, "links", "propose", "--jobs")
    assert code == 0, output
    exact = links.review_queue(
        uow, kind=LinkKind.COMPETENCY, relation=LinkRelation.EXACT, min_score=0.7, limit=1000
    )
    assert exact.total >= 3
    everything = links.review_queue(uow, status=None).total

    bulk = ("links", "review", "--accept-all", "--relation", "exact", "--min-score", "0.7")
    code, output = run(database_url, *bulk, "--kind", "competency", "--token", manager_token)
    assert code == 1 and "administrateurs RH" in output, output
    code, output = run(database_url, *bulk, "--reject-all")
    assert code == 2 and "s'excluent" in output
    assert links.review_queue(uow).total == everything  # nothing decided

    code, output = run(database_url, *bulk, "--kind", "competency", "--token", hr_token)
    assert code == 0, output
    assert f"{exact.total} {'lien accepté' if exact.total < 2 else 'liens acceptés'}" in output
    assert "Aucun lien à afficher (0 au total)." in output  # the filtered queue is empty now
    for link in exact.links:
        stored = links.get_link(uow, link.id)
        assert (stored.status, stored.decided_by) == (LinkStatus.ACCEPTED, "claire.rh")
        assert links.link_history(uow, link.id)[0].action is DecisionAction.ACCEPT
    assert links.canonical_groups(uow, kind=LinkKind.COMPETENCY)

    # the job links left, rejected at once by the server administrator under a name
    jobs = links.review_queue(uow, kind=LinkKind.JOB).total
    code, output = run(
        database_url, "links", "review", "--reject-all", "--kind", "job", "--user", "paul"
    )
    assert code == 0 and f"{jobs} {'lien rejeté' if jobs < 2 else 'liens rejetés'}" in output
    rejected = links.review_queue(uow, kind=LinkKind.JOB, status=LinkStatus.REJECTED, limit=500)
    assert rejected.total == jobs and {x.decided_by for x in rejected.links} == {"paul"}
    # the review speaks French: relations and statuses
    code, output = run(database_url, "links", "review", "--status", "accepted", "--limit", "3")
    assert code == 0 and "équivalent" in output and "accepté" in output
