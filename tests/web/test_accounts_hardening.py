"""Accounts and start-up (issue 12, point 10 and the Low items): a password change revokes the
API tokens, token lifetimes are validated, common passwords are refused, idle sessions end,
serve and people import refuse the demo's public pseudonym key, a second import is told another
one is running (exit code 2)."""

from __future__ import annotations

import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import update
from typer.testing import CliRunner

from parcours.cli import app as cli_app
from parcours.services import auth
from parcours.services.auth import SYSTEM
from parcours.store.models_people import WebSessionRow
from tests.conftest import seed_path
from tests.people_cast import CAST, PASSWORD, login
from tests.web.conftest import Site, make_cast_site

runner = CliRunner()


def test_changing_a_password_revokes_the_api_tokens(cast_site: Site) -> None:
    token = auth.create_api_token(cast_site.uow, SYSTEM, CAST.manager, "script", days=5)
    assert auth.token_principal(cast_site.uow, token, "api") is not None
    auth.set_password(cast_site.uow, SYSTEM, CAST.manager, "une phrase de passe toute neuve")
    assert auth.token_principal(cast_site.uow, token, "api") is None
    auth.set_password(cast_site.uow, SYSTEM, CAST.manager, PASSWORD)


@pytest.mark.parametrize("days", [-1, -365, 100_000])
def test_token_lifetimes_are_validated(cast_site: Site, days: int) -> None:
    with pytest.raises(auth.AccountError, match="durée de validité"):
        auth.create_api_token(cast_site.uow, SYSTEM, CAST.hr, "x", days=days)
    result = runner.invoke(
        cli_app,
        ["accounts", "token", CAST.hr, "--days", str(days), "--database-url", cast_site.url],
    )
    assert result.exit_code != 0 and "pct_" not in result.output


@pytest.mark.parametrize(
    "password",
    [
        "password1234",
        "azertyuiop12",
        "Motdepasse2024!",
        "qwertyuiop123",
        "123456789012",
        "Soleil2026!!",
        "abcdefghijkl",
        "helene.rh-2026",
    ],
)
def test_common_passwords_are_refused(cast_site: Site, password: str) -> None:
    with pytest.raises(auth.AccountError, match="trop courant"):
        if "helene" in password:  # the login itself in the password
            auth.set_password(cast_site.uow, SYSTEM, CAST.hr, password)
        else:
            auth.create_account(
                cast_site.uow, SYSTEM, login="nouveau", roles=["employee"], password=password
            )


def test_an_idle_session_ends(cast_site: Site) -> None:
    client = cast_site.client
    login(client, CAST.employee)
    assert client.get("/api/v1/auth/me").status_code == 200
    with cast_site.engine.begin() as connection:
        connection.execute(
            update(WebSessionRow).values(last_seen_at=datetime.now(UTC) - timedelta(minutes=31))
        )
    assert client.get("/api/v1/auth/me").status_code == 401


def test_serve_and_people_import_refuse_the_demo_key(tmp_path: Path) -> None:
    demo = {"PARCOURS_PSEUDONYM_SALT": "parcours-demo-salt"}
    url = f"sqlite:///{tmp_path / 'k.db'}"
    served = runner.invoke(cli_app, ["serve", "--database-url", url], env=demo)
    assert served.exit_code == 2 and "clé des pseudonymes" in served.output
    short = runner.invoke(
        cli_app, ["serve", "--database-url", url], env={"PARCOURS_PSEUDONYM_SALT": "court"}
    )
    assert short.exit_code == 2 and "trop courte" in short.output
    people = runner.invoke(
        cli_app, ["people", "import", str(tmp_path / "x.csv"), "--database-url", url], env=demo
    )
    assert people.exit_code == 2 and "clé des pseudonymes" in people.output


def test_a_second_concurrent_import_is_told_another_is_running(tmp_path: Path) -> None:
    """Two real processes on one SQLite file: one holds the import lock (as a long import
    does) until the other is done, the command-line import waits the busy timeout, then exits 2
    with the reason (an import that waited for the lock would never end: the holder lets go
    only once it has)."""
    site = make_cast_site(tmp_path / "imports.db")
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys\n"
            "from parcours.bootstrap import build_uow_factory\n"
            "from parcours.settings import Settings\n"
            f"uow = build_uow_factory(Settings.from_environment(database_url={site.url!r}))\n"
            "with uow() as u:\n"
            "    u.exclusive('import')\n"
            "    print('held', flush=True)\n"
            "    sys.stdin.readline()\n",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert holder.stdin is not None and holder.stdout is not None
    try:
        assert holder.stdout.readline().strip() == "held"
        second = subprocess.run(
            [str(Path(sys.executable).parent / "parcours"), "import", str(seed_path("001"))],
            env={
                "PARCOURS_DATABASE_URL": site.url,
                "PARCOURS_BUSY_TIMEOUT_SECONDS": "1",
                "PATH": "/usr/bin:/bin",
            },
            capture_output=True,
            text=True,
            timeout=120,
        )
    finally:
        holder.stdin.write("done\n")
        holder.stdin.close()
        holder.wait(timeout=30)
    assert second.returncode == 2, second.stdout + second.stderr
    assert "un autre import est en cours" in second.stdout + second.stderr
    assert "Traceback" not in second.stderr
    third = subprocess.run(
        [str(Path(sys.executable).parent / "parcours"), "import", str(seed_path("001"))],
        env={"PARCOURS_DATABASE_URL": site.url, "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
    )
    assert third.returncode == 0, third.stdout + third.stderr
    site.engine.dispose()
