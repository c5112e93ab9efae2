"""Search over the five real documents, on SQLite and PostgreSQL, with the same answers."""

from __future__ import annotations

import json
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from parcours.bootstrap import prepare
from parcours.domain.errors import NotFoundError, ParcoursError
from parcours.engine.search import MIN_TYPO_LENGTH, typo_expansions
from parcours.services import catalogue
from parcours.services.imports import import_documents
from parcours.services.ports import UowFactory
from parcours.services.search import SearchResults, reindex_all, search
from parcours.store.models_search import SearchTermRow
from parcours.store.uow import SqlUnitOfWork, make_session_factory

from .conftest import CorpusCopy, postgres_engine, sqlite_engine

FICHE_METIER = "Fiche métier — Chargé de recouvrement amiable"
LBP = "La Banque Postale"
RECOVERY_GRADES = ["ii-2", "ii-3", "iii-1", "iii-2"]
RECOVERY_TITLE = "charge-relation-bancaire-risque-recouvrement-et-contentieux"

# The same queries on both databases: typos, accents, case, plurals, stop words, several words.
QUERIES = [
    "recouvrement",
    "recouvrment",
    "CHARGÉE de clientèle",
    "charge clientele",
    "risques",
    "risque",
    "conseilller",
    "orientation client",
    "Analyse et discernement",
    "feedback",
    "savoir être",
    "relation client à distance",
    "contentieux",
    "crédits immobiliers",
    "épargne",
    "zzzzzz",
]


def seeded(session_factory: sessionmaker[Session], paths: list[Path]) -> UowFactory:
    def uow() -> SqlUnitOfWork:
        return SqlUnitOfWork(session_factory)

    import_documents(uow, [(p.name, p.read_bytes()) for p in paths])
    return uow


@pytest.fixture(scope="module")
def sqlite_uow(
    tmp_path_factory: pytest.TempPathFactory, all_seed_paths: list[Path]
) -> Iterator[UowFactory]:
    engines = sqlite_engine(tmp_path_factory.mktemp("search"))
    engine = next(engines)
    yield seeded(make_session_factory(engine), all_seed_paths)
    engines.close()


@pytest.fixture(scope="module")
def postgresql_uow(postgres_server: str, all_seed_paths: list[Path]) -> Iterator[UowFactory]:
    engines = postgres_engine(postgres_server)
    engine = next(engines)
    yield seeded(make_session_factory(engine), all_seed_paths)
    engines.close()


@pytest.fixture(
    scope="module", params=["sqlite", pytest.param("postgresql", marks=pytest.mark.postgres)]
)
def uow(request: pytest.FixtureRequest) -> UowFactory:
    """The five seeds imported once per database (the index is built by the import)."""
    factory: UowFactory = request.getfixturevalue(f"{request.param}_uow")
    return factory


def keys(results: SearchResults, kind: str = "job") -> list[tuple[str, str]]:
    return [(hit.referential, hit.key) for hit in results.hits(kind)]


def test_recouvrement_finds_the_recovery_jobs_titles_first(uow: UowFactory) -> None:
    results = search(uow, "recouvrement")
    found = keys(results)
    assert found[0] == (FICHE_METIER, "charge-de-recouvrement-amiable")
    title_matches = {(LBP, f"{RECOVERY_TITLE}--{grade}") for grade in RECOVERY_GRADES}
    assert set(found[1:5]) == title_matches
    # Then the sheets that only speak of recovery in their activities.
    assert set(found[5:]) == {
        (LBP, "gestionnaire-contentieux--ii-2"),
        (LBP, "charge-de-clientele-risque--ii-3"),
    }
    assert results.totals["job"] == 7
    scores = [hit.score for hit in results.hits("job")]
    assert scores == sorted(scores, reverse=True)
    assert min(scores[:5]) > max(scores[5:])
    # No competency of the seeds speaks of recovery; the ones of litigation are found.
    assert results.totals["competency"] == 0
    litigation = search(uow, "contentieux", kinds={"competency"})
    assert {hit.label for hit in litigation.hits("competency")} == {
        "Droit des assurances",
        "Droit fiscal",
    }


def test_one_typo_gives_the_same_results(uow: UowFactory) -> None:
    typo = search(uow, "recouvrment")
    exact = search(uow, "recouvrement")
    assert typo.expansions == {"recouvrment": ("recouvrement",)}
    assert keys(typo) == keys(exact)
    assert typo.hits("job")[0].key == "charge-de-recouvrement-amiable"
    assert typo.hits("job")[0].label_html == "Chargé de <mark>recouvrement</mark> amiable"
    # A correction counts a little less than the word itself.
    assert 0 < typo.hits("job")[0].score < exact.hits("job")[0].score
    doubled = search(uow, "conseilller")
    assert doubled.expansions == {"conseilller": ("conseiller",)}
    assert keys(doubled) == keys(search(uow, "conseiller"))


def test_a_word_being_typed_is_completed_only_when_asked(uow: UowFactory) -> None:
    whole = search(uow, "recouvrement", kinds={"job"})
    typing = search(uow, "recouv", kinds={"job"}, prefix=True)
    # The start of a word finds what the word finds (and what other words it starts find).
    assert set(keys(whole)) <= set(keys(typing))
    assert typing.hits("job")[0].key == "charge-de-recouvrement-amiable"
    assert "recouvrement" in typing.terms[-1].completions
    assert typing.expansions == {}  # a completion is no typo correction
    # Without ``prefix`` a part of a word is no word: nothing is found.
    assert search(uow, "recouv", kinds={"job"}).totals["job"] == 0
    # Only the last word is being typed: the first ones stay whole words.
    assert search(uow, "recouv amiable", kinds={"job"}, prefix=True).totals["job"] == 0
    both = search(uow, "charge recouv", kinds={"job"}, prefix=True)
    assert keys(both)[0] == (FICHE_METIER, "charge-de-recouvrement-amiable")


def test_case_accents_gender_and_stop_words_do_not_matter(uow: UowFactory) -> None:
    accented = search(uow, "CHARGÉE de clientèle")
    plain = search(uow, "charge clientele")
    assert [t.term for t in accented.terms] == ["charge", "clientele"]
    for kind in ("job", "competency", "certification"):
        assert accented.hits(kind) == plain.hits(kind)
    assert accented.totals == plain.totals
    assert (
        "RNCP — Chargé de clientèle particuliers (niveau 6)",
        "charge-de-clientele-particulier",
    ) in keys(accented, "certification")
    assert any(h.label == "CHARGE DE CLIENTELE RISQUES II.3" for h in accented.hits("job"))


def test_plural_and_singular_give_the_same_results(uow: UowFactory) -> None:
    plural = search(uow, "risques")
    singular = search(uow, "risque")
    assert plural.groups == singular.groups
    assert plural.totals["competency"] >= 5
    labels = [hit.label_html for hit in plural.hits("competency")]
    assert "<mark>Risques</mark>" in labels


def test_a_competency_is_found_by_a_word_of_its_indicators(uow: UowFactory) -> None:
    results = search(uow, "feedback")
    (hit,) = results.hits("competency")
    assert (hit.referential, hit.label) == (FICHE_METIER, "Apprendre à apprendre")
    assert [(h.field, h.name) for h in hit.highlights] == [("indicator", "indicateur")]
    assert "<mark>feedback</mark>" in hit.highlights[0].html
    assert hit.label_html == "Apprendre à apprendre"  # nothing of the label matched
    assert results.totals == {"job": 0, "competency": 1, "certification": 0}


def test_highlights_mark_matches_and_escape_text(uow: UowFactory) -> None:
    results = search(uow, "conformité signalement")
    (competency,) = results.hits("competency")
    assert competency.label_html == "<mark>Conformité</mark> déontologie"
    assert all(h.name == "détail" for h in competency.highlights)
    assert any("<mark>signalement</mark>" in h.html for h in competency.highlights)
    apostrophes = search(uow, "conseiller", kinds={"job"})
    for hit in apostrophes.hits("job"):
        for h in hit.highlights:
            assert "'" not in h.html  # escaped as &#x27;
            assert h.html.count("<mark>") == h.html.count("</mark>") >= 1


def test_several_words_must_all_match(uow: UowFactory) -> None:
    both = search(uow, "orientation client")
    assert both.hits("competency")[0].label == "Orientation client"
    assert both.totals["job"] == 0
    nothing = search(uow, "recouvrement feedback")
    assert nothing.empty
    unknown = search(uow, "zzzzzz clientèle")
    assert unknown.unknown == ("zzzzzz",)
    assert unknown.empty


def test_kind_referential_and_limit_filters(uow: UowFactory) -> None:
    only = search(uow, "risque", kinds={"competency"}, referential=FICHE_METIER, limit=2)
    assert list(only.groups) == ["competency"]
    assert len(only.hits("competency")) == 2
    assert {hit.referential for hit in only.hits("competency")} == {FICHE_METIER}
    assert only.totals["competency"] > 2
    with pytest.raises(NotFoundError):
        search(uow, "risque", referential="Inconnu")
    with pytest.raises(ParcoursError):
        search(uow, "risque", kinds={"poste"})
    assert search(uow, "de la").empty


def test_the_index_holds_the_latest_version_once(uow: UowFactory) -> None:
    expected = {
        ref.name: len(ref.jobs) + len(ref.competencies) + len(ref.certifications)
        for ref in catalogue.load_referentials(uow)
    }
    with uow() as unit:
        assert unit.search.document_count() == sum(expected.values())
    # Rebuilding changes nothing.
    before = search(uow, "charge clientele")
    assert reindex_all(uow) == expected
    assert search(uow, "charge clientele") == before


def one_edit(word: str, rng: random.Random) -> str:
    """``word`` with one random insertion, deletion, replacement or swap of adjacent letters."""
    position = rng.randrange(len(word) - 1)
    letter = rng.choice("abcdefghijklmnopqrstuvwxyz")
    return rng.choice(
        [
            word[:position] + letter + word[position:],
            word[:position] + word[position + 1 :],
            word[:position] + letter + word[position + 1 :],
            word[:position] + word[position + 1] + word[position] + word[position + 2 :],
        ]
    )


def test_spelling_candidates_hold_every_term_one_edit_away(uow: UowFactory) -> None:
    rng = random.Random(5)
    with uow() as unit:
        assert isinstance(unit, SqlUnitOfWork)
        vocabulary = set(unit.session.scalars(select(SearchTermRow.term)).all())
        words = sorted(t for t in vocabulary if len(t) >= MIN_TYPO_LENGTH + 1)
        assert len(words) > 500
        for word in rng.sample(words, 150):
            typo = one_edit(word, rng)
            if typo in vocabulary or len(typo) < MIN_TYPO_LENGTH:
                continue
            candidates = unit.search.spelling_candidates(typo)
            assert word in candidates, (word, typo)
            assert word in typo_expansions(typo, candidates)


@pytest.mark.postgres
def test_sqlite_and_postgresql_give_the_same_results(
    sqlite_uow: UowFactory, postgresql_uow: UowFactory
) -> None:
    for query in QUERIES:
        on_sqlite = search(sqlite_uow, query, limit=50)
        on_postgresql = search(postgresql_uow, query, limit=50)
        assert on_sqlite == on_postgresql, query
    assert any(not search(sqlite_uow, q).empty for q in QUERIES)


KNOWN_WORDS = [q for q in QUERIES if q not in ("recouvrment", "conseilller", "zzzzzz")]
SEARCH_IN_A_NEW_PROCESS = """
import json, sys
from parcours.bootstrap import build_uow_factory
from parcours.services.search import search
from parcours.settings import Settings
factory = build_uow_factory(Settings.from_environment(database_url=sys.argv[1]))
queries = json.loads(sys.argv[2])
answers = []
for query in queries:
    answers.append(repr(search(factory, query, limit=50)))
    answers.append("simplemma" in sys.modules)
print(json.dumps(answers))
"""


def test_a_new_process_reads_the_terms_of_known_words_from_the_index(
    reference_corpus: CorpusCopy,
) -> None:
    engine = reference_corpus.engine
    url = engine.url.render_as_string(hide_password=False)
    queries = [*KNOWN_WORDS, "recouvrment", "conseilller"]
    done = subprocess.run(
        [sys.executable, "-c", SEARCH_IN_A_NEW_PROCESS, url, json.dumps(queries)],
        capture_output=True,
        text=True,
        check=True,
        timeout=300,
    )
    answers = json.loads(done.stdout.splitlines()[-1])
    factory = prepare(engine)  # this process has lemmatised every word: the reference
    expected = [repr(search(factory, query, limit=50)) for query in queries]
    assert answers[0::2] == expected
    loaded = answers[1::2]
    # Words of the indexed texts (of the query and of the hits shown) need no lemmatiser; a
    # typo does, and then gets the same answer as before.
    assert loaded[: len(KNOWN_WORDS)] == [False] * len(KNOWN_WORDS)
    assert loaded[-1] is True
