"""The ESCO export imported through the command line, on SQLite and PostgreSQL: stored whole,
searchable, exportable as SKOS. The import is the reference corpus's (tests/corpus.py, once a
run): this test reads its output and what it stored, then imports the folder again."""

from __future__ import annotations

from typer.testing import CliRunner

from parcours.cli import app
from parcours.domain.competency import CompetencyKind
from parcours.services.exchange import export_skos
from parcours.services.search import search
from parcours.store.uow import SqlUnitOfWork, make_session_factory
from tests.ingest.test_esco import FOLDER, NAME, esco_draft, esco_path
from tests.integration.conftest import CorpusCopy

runner = CliRunner()


def test_the_esco_export_is_imported_searchable_and_exportable_as_skos(
    reference_corpus: CorpusCopy,
) -> None:
    engine = reference_corpus.engine
    url = engine.url.render_as_string(hide_password=False)
    output = reference_corpus.build.esco_output  # `parcours import <the ESCO folder>`
    counts = "2942 postes, 13485 compétences, 0 mobilités"
    assert f"importé {FOLDER} [esco] → {NAME} : {counts}" in output
    assert f"Référentiel « {NAME} » : version 1" in output

    session_factory = make_session_factory(engine)

    def uow() -> SqlUnitOfWork:
        return SqlUnitOfWork(session_factory)

    parsed = esco_draft().parts[0]
    with uow() as u:
        stored = u.referentials.get(NAME)
    assert stored is not None and stored.version == 1
    assert stored.jobs == parsed.jobs and stored.competencies == parsed.competencies
    assert stored.documents == parsed.documents and len(stored.documents) == 6
    yield_manager = next(j for j in stored.jobs.values() if j.title == "responsable yield manager")
    assert yield_manager.url == f"http://data.europa.eu/esco/occupation/{yield_manager.key}"

    # The search index is built from the referential: titles, alternative titles, labels.
    found = search(uow, "gestionnaire des revenus hôteliers", referential=NAME)
    assert [h.key for h in found.groups["job"]][:1] == [yield_manager.key]
    haskell = search(uow, "haskell", kinds={"competency"}, referential=NAME)
    assert [h.label for h in haskell.groups["competency"]][:1] == ["Haskell"]

    # SKOS: one concept per skill, its ESCO URI as notation, under savoirs / savoir-faire.
    document = export_skos(uow, [NAME])
    graph = document["@graph"]
    (scheme,) = [n for n in graph if n["@type"] == "skos:ConceptScheme"]
    assert scheme["title"] == NAME and scheme["publisher"] == "Commission européenne"
    skills = [n for n in graph if "notation" in n]
    assert len(skills) == 13485
    assert {n["notation"][0] for n in skills} == {c.codes[0] for c in parsed.competencies.values()}
    assert len(scheme["hasTopConcept"]) == 2
    by_id = {n["@id"]: n for n in graph}
    for node in skills[::500]:  # each skill reaches a top concept through skos:broader
        parent = by_id[node["broader"][0]]
        while "topConceptOf" not in parent:
            parent = by_id[parent["broader"][0]]
        assert parent["prefLabel"] in ("Savoirs", "Savoir-faire")
    kinds = {c.kind for c in parsed.competencies.values()}
    assert kinds == {CompetencyKind.SAVOIR, CompetencyKind.SAVOIR_FAIRE}

    again = runner.invoke(app, ["import", str(esco_path()), "--database-url", url])
    assert again.exit_code == 0 and f"inchangé {FOLDER} [esco]" in again.output
