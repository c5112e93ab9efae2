"""Search computation: index documents, typo tolerance, ranking, highlights (invented content)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from parcours.demo import SAMPLE_NAME, sample_bytes
from parcours.domain.certification import Block, Certification, CertificationCompetency
from parcours.domain.competency import Competency, CompetencyKind
from parcours.domain.job import Activity, Job
from parcours.domain.referential import Referential
from parcours.engine.search import (
    Candidate,
    QueryTerm,
    Scored,
    build_hit,
    document_frequencies,
    highlight,
    index_document,
    index_documents,
    mark,
    query_terms,
    rank,
    resolve_terms,
    typo_expansions,
    within_one_edit,
)
from parcours.services.imports import import_documents
from parcours.services.search import search
from tests.unit.services.fakes import FakeStore, FakeUnitOfWork


def osa_distance(a: str, b: str) -> int:
    """Optimal string alignment distance, the textbook dynamic programme (the reference)."""
    d = [[0] * (len(b) + 1) for _ in range(len(a) + 1)]
    for i in range(len(a) + 1):
        d[i][0] = i
    for j in range(len(b) + 1):
        d[0][j] = j
    for i in range(1, len(a) + 1):
        for j in range(1, len(b) + 1):
            cost = 0 if a[i - 1] == b[j - 1] else 1
            d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
            if i > 1 and j > 1 and a[i - 1] == b[j - 2] and a[i - 2] == b[j - 1]:
                d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
    return d[len(a)][len(b)]


short_words = st.text(st.sampled_from("abcr"), max_size=7)


@given(short_words, short_words)
def test_within_one_edit_is_an_osa_distance_of_at_most_one(a: str, b: str) -> None:
    assert within_one_edit(a, b) == (osa_distance(a, b) <= 1)
    assert within_one_edit(a, b) == within_one_edit(b, a)


def test_one_typo_of_each_kind_is_forgiven() -> None:
    vocabulary = ["recouvrement", "recouvrer", "recouvrements", "couvrement", "contentieux"]
    assert typo_expansions("recouvrment", vocabulary) == ("recouvrement",)  # deletion
    assert typo_expansions("recouvremnet", vocabulary) == ("recouvrement",)  # swap
    assert typo_expansions("recouvrememt", vocabulary) == ("recouvrement",)  # replacement
    assert typo_expansions("recouvrementt", vocabulary) == ("recouvrement", "recouvrements")
    assert typo_expansions("recouvremant", vocabulary) == ("recouvrement",)
    assert typo_expansions("contentieu", vocabulary) == ("contentieux",)


def test_short_terms_are_not_corrected() -> None:
    assert typo_expansions("cadr", ["cadre", "card"]) == ()
    assert typo_expansions("cadres", ["cadre"]) == ("cadre",)


def test_known_terms_stay_and_unknown_ones_take_their_corrections() -> None:
    terms = resolve_terms(
        ["charge", "recouvrment", "zzzzzz"],
        {"charge": 3},
        {"recouvrment": {"recouvrement", "couverture"}, "zzzzzz": {"zzzz"}},
    )
    assert terms == [
        QueryTerm("charge"),
        QueryTerm("recouvrment", False, ("recouvrement",)),
        QueryTerm("zzzzzz", False, ()),
    ]
    assert [t.alternatives for t in terms] == [("charge",), ("recouvrement",), ()]
    assert [t.unknown for t in terms] == [False, False, True]


def test_query_terms_are_distinct_search_tokens() -> None:
    assert query_terms("Chargée de clientèle, CHARGÉ") == ["charge", "clientele"]
    assert query_terms("de la") == []


def sample_referential() -> Referential:
    ref = Referential(name="Banque test")
    ref.jobs["gestionnaire--ii-2"] = Job(
        "gestionnaire--ii-2",
        "Gestionnaire recouvrement",
        "II.2",
        alt_titles=["Gestionnaire de créances"],
        activities=[Activity("Relance les débiteurs"), Activity("Négocie un échéancier")],
        code="C1234",
    )
    ref.competencies["negociation"] = Competency(
        "negociation",
        "Négociation",
        CompetencyKind.SAVOIR_FAIRE,
        definition="Trouver un accord.",
        indicators=["Je propose un échéancier"],
        details=["Techniques de recouvrement"],
    )
    ref.certifications["cert"] = Certification(
        "cert",
        "Chargé de recouvrement",
        blocks=[Block("B1", "Traiter les impayés", [CertificationCompetency("C1", "Relancer")])],
    )
    return ref


def test_index_documents_put_each_field_in_its_weight_class() -> None:
    job, competency, certification = index_documents(sample_referential())
    assert (job.kind, job.key, job.label) == (
        "job",
        "gestionnaire--ii-2",
        "Gestionnaire recouvrement II.2",
    )
    assert job.tokens["title"] == "gestionnaire recouvrement"
    assert job.tokens["alt"] == "gestionnaire creance c1234 ii 2"
    assert job.tokens["body"] == "relance debiteur negocie echeancier"
    assert ("code", "C1234") in job.fields
    assert competency.tokens["label"] == "negociation"
    assert competency.tokens["body"] == "trouver accord proposer echeancier"
    assert competency.tokens["details"] == "technique recouvrement"
    assert certification.tokens["title"] == "charge recouvrement"
    assert certification.tokens["label"] == "traiter impaye relancer"
    frequencies = document_frequencies([job, competency, certification])
    assert frequencies["recouvrement"] == 3
    assert frequencies["echeancier"] == 2
    assert frequencies["negociation"] == 1


def candidates(*docs: tuple[str, str, list[tuple[str, str]]]) -> list[Candidate]:
    out = []
    for number, (key, label, fields) in enumerate(docs, start=1):
        document = index_document("competency", key, label, fields)
        out.append(Candidate(number, "competency", "R", key, label, document.tokens))
    return out


def test_a_label_match_outranks_a_details_match() -> None:
    found = candidates(
        (
            "a",
            "Techniques bancaires",
            [("label", "Techniques bancaires"), ("detail", "recouvrement")],
        ),
        ("b", "Recouvrement", [("label", "Recouvrement"), ("detail", "techniques")]),
    )
    ranked = rank(found, [QueryTerm("recouvrement")], {"recouvrement": 2}, 10)
    assert [s.candidate.key for s in ranked] == ["b", "a"]
    assert ranked[0].score > ranked[1].score > 0
    assert ranked[0].matched == ("recouvrement",)


def test_rare_terms_weigh_more_and_typo_corrections_a_little_less() -> None:
    found = candidates(
        ("a", "Analyse", [("label", "Analyse")]),
        ("b", "Synthèse", [("label", "Synthèse")]),
    )
    terms = [QueryTerm("analyse"), QueryTerm("synthese")]
    # Each document has one of the terms: a query of both matches neither in the database,
    # but rank scores what it is given.
    ranked = rank(found, terms, {"analyse": 50, "synthese": 2}, 100)
    assert [s.candidate.key for s in ranked] == ["b", "a"]
    typo = rank(found[:1], [QueryTerm("analys", False, ("analyse",))], {"analyse": 5}, 100)
    exact = rank(found[:1], [QueryTerm("analyse")], {"analyse": 5}, 100)
    assert 0 < typo[0].score < exact[0].score


def test_a_name_covered_by_the_query_ranks_first_and_ties_go_by_label() -> None:
    found = candidates(
        ("long", "Gestion des risques de crédit", [("label", "Gestion des risques de crédit")]),
        ("exact", "Gestion des risques", [("label", "Gestion des risques")]),
        ("b", "B risques", [("label", "B risques")]),
        ("a", "A risques", [("label", "A risques")]),
    )
    terms = [QueryTerm("gestion"), QueryTerm("risque")]
    ranked = rank(found[:2], terms, {"gestion": 2, "risque": 4}, 10)
    assert [s.candidate.key for s in ranked] == ["exact", "long"]
    tied = rank(found[2:], [QueryTerm("risque")], {"risque": 4}, 10)
    assert [s.candidate.key for s in tied] == ["a", "b"]
    assert tied[0].score == tied[1].score


def test_highlights_mark_matched_words_and_escape_the_rest() -> None:
    terms = {"charge", "recouvrement"}
    assert mark("Chargée/Chargé de <b>recouvrements</b> & co", terms) == (
        "<mark>Chargée</mark>/<mark>Chargé</mark> de &lt;b&gt;<mark>recouvrements</mark>"
        "&lt;/b&gt; &amp; co"
    )
    assert highlight("Rien à voir", terms) is None
    assert mark("Rien à voir", terms) == "Rien à voir"


def test_long_texts_are_cut_around_the_first_match() -> None:
    text = " ".join(["mot"] * 100) + " recouvrement " + " ".join(["fin"] * 100)
    snippet = highlight(text, {"recouvrement"}, width=80)
    assert snippet is not None
    assert snippet.startswith("…mot") and snippet.endswith("…")
    assert "<mark>recouvrement</mark>" in snippet
    assert len(snippet) < 120


def test_a_hit_shows_its_label_and_its_strongest_matching_fields() -> None:
    fields = [
        ("label", "Négociation"),
        ("detail", "Négocier un échéancier"),
        ("definition", "Trouver un accord de négociation"),
        ("indicator", "Je ne fais rien"),
    ]
    (candidate,) = candidates(("n", "Négociation", fields))
    hit = build_hit(Scored(candidate, 1.23456789, ("negociation",)), fields)
    assert hit.label_html == "<mark>Négociation</mark>"
    assert [h.field for h in hit.highlights] == ["definition"]
    assert hit.highlights[0].name == "définition"
    assert hit.score == 1.234568
    both = build_hit(Scored(candidate, 1.0, ("negociation", "negocier")), fields)
    assert [h.field for h in both.highlights] == ["definition", "detail"]


# --- the service over the in-memory store (services/ports/memory.py) ----------------------------


def test_the_search_service_over_the_fake_store_finds_the_sample() -> None:
    store = FakeStore()

    def uow() -> FakeUnitOfWork:
        return FakeUnitOfWork(store)

    import_documents(uow, [(SAMPLE_NAME, sample_bytes())])
    exact = search(uow, "recouvrement")
    typo = search(uow, "Recouvrment")
    assert typo.expansions == {"recouvrment": ("recouvrement",)}
    assert [h.key for h in typo.hits("job")] == [h.key for h in exact.hits("job")]
    assert exact.hits("job")[0].label_html == "Gestionnaire <mark>recouvrement</mark> amiable II.2"
    assert exact.totals == {"job": 2, "competency": 2, "certification": 0}
    assert search(uow, "conseillère").groups == search(uow, "CONSEILLERS").groups
