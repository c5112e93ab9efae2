"""SearchStore (services/ports/search.py): the fake and the SQL store alike, on what the search
service relies on (the database's rank, which picks the capped documents, aside)."""

from __future__ import annotations

from collections.abc import Iterable

import pytest

from parcours.domain.referential import Referential
from parcours.engine.search import CLASSES
from parcours.services.ports import UowFactory
from parcours.services.ports.search import Candidate, IndexDocument


def doc(kind: str, key: str, title: str, body: str = "") -> IndexDocument:
    return IndexDocument(
        kind,
        key,
        key.upper(),
        (("titre", title), ("texte", body)),
        {"title": title, "body": body},
    )


ROME = [
    doc("job", "m-1", "conseiller clientele", "accueil vente credit"),
    doc("job", "m-2", "charge recouvrement", "contentieux credit"),
    doc("competency", "c-1", "accueil", "accueil client"),
]
BANQUE = [doc("job", "b-1", "conseiller banque", "credit immobilier")]


def seed(port_uow: UowFactory) -> None:
    with port_uow() as uow:
        for name in ("rome", "banque"):
            uow.referentials.add_version(Referential(name, version=1), parts=[])
        uow.search.replace_referential(
            "rome", 1, ROME, {"conseiller": 1, "credit": 2, "accueil": 2}
        )
        uow.search.replace_referential("banque", 1, BANQUE, {"conseiller": 1, "credit": 1})
        uow.commit()


def keys(found: Iterable[Candidate]) -> set[str]:
    return {c.key for c in found}


def test_documents_and_terms_are_counted(port_uow: UowFactory) -> None:
    seed(port_uow)
    with port_uow() as uow:
        assert uow.search.document_count() == 4
        assert uow.search.document_count(referential="rome") == 3
        assert uow.search.document_count(referential="nul") == 0
        assert [uow.search.is_indexed(n) for n in ("rome", "banque", "nul")] == [True, True, False]
        assert uow.search.term_frequencies(["credit", "conseiller", "absent"]) == {
            "credit": 3,
            "conseiller": 2,
        }
        assert uow.search.term_frequencies(["credit"], referential="banque") == {"credit": 1}
        assert uow.search.term_frequencies([]) == {}


def test_a_new_index_replaces_the_referentials(port_uow: UowFactory) -> None:
    seed(port_uow)
    with port_uow() as uow:
        uow.search.replace_referential("rome", 2, ROME[:1], {"vente": 1})
        uow.commit()
    with port_uow() as uow:
        assert uow.search.document_count(referential="rome") == 1
        assert uow.search.term_frequencies(["credit", "vente"]) == {"credit": 1, "vente": 1}
        uow.search.replace_referential("banque", 2, [], {})  # not committed
    with port_uow() as uow:
        assert uow.search.document_count(referential="banque") == 1
        uow.search.replace_referential("banque", 3, [], {})
        assert not uow.search.is_indexed("banque") and uow.search.is_indexed("rome")
        with pytest.raises(ValueError):  # the referential must exist
            uow.search.replace_referential("nul", 1, BANQUE, {})


def test_the_words_of_the_indexed_texts_keep_their_terms(port_uow: UowFactory) -> None:
    seed(port_uow)
    with port_uow() as uow:
        assert uow.search.known_forms(["conseillers", "credit"]) == {}  # indexed without
        assert not uow.search.has_forms("rome") and not uow.search.has_forms("nul")
        uow.search.replace_referential(
            "rome", 2, ROME, {}, {"conseillers": "conseiller", "accueillir": "accueil"}
        )
        uow.search.replace_referential("banque", 2, BANQUE, {}, {"conseillers": "conseiller"})
        uow.commit()
    with port_uow() as uow:
        assert uow.search.has_forms("rome") and uow.search.has_forms("banque")
        asked = ["conseillers", "accueillir", "absent", "conseillers"]
        assert uow.search.known_forms(asked) == {
            "conseillers": "conseiller",
            "accueillir": "accueil",
        }
        assert uow.search.known_forms([]) == {}
        many = [f"mot{i}" for i in range(1_200)] + ["accueillir"]  # more than one IN (...) list
        assert uow.search.known_forms(many) == {"accueillir": "accueil"}
        uow.search.replace_referential("rome", 3, ROME, {})  # a new index without forms
        uow.commit()
    with port_uow() as uow:
        assert uow.search.known_forms(asked) == {"conseillers": "conseiller"}
        assert not uow.search.has_forms("rome")


def test_documents_match_a_term_of_every_group(port_uow: UowFactory) -> None:
    seed(port_uow)
    with port_uow() as uow:
        kinds = ["job", "competency", "certification"]
        found = uow.search.match([["credit"], ["conseiller", "recouvrement"]], kinds=kinds)
        assert set(found) == set(kinds)
        assert keys(found["job"].candidates) == {"m-1", "m-2", "b-1"}
        assert found["job"].total == 3
        assert (found["competency"].total, found["competency"].candidates) == (0, [])
        capped = uow.search.match([["credit"]], kinds=["job"], cap=2)["job"]
        assert capped.total == 3 and len(capped.candidates) == 2
        scoped = uow.search.match([["accueil"]], kinds=["job", "competency"], referential="rome")
        assert keys(scoped["job"].candidates) == {"m-1"}
        (competency,) = scoped["competency"].candidates
        assert (competency.kind, competency.referential, competency.key, competency.label) == (
            "competency",
            "rome",
            "c-1",
            "C-1",
        )
        assert competency.tokens == {cls: ROME[2].tokens.get(cls, "") for cls in CLASSES}
        assert uow.search.match([["credit"]], kinds=["job"], referential="nul")["job"].total == 0
        assert uow.search.match([], kinds=["job"])["job"].total == 0
        assert uow.search.match([["credit"], []], kinds=["job"])["job"].total == 0
        assert uow.search.match([["credit"]], kinds=[]) == {}
        # a word is a whole token: a part of one does not match
        assert uow.search.match([["credi"]], kinds=["job"])["job"].total == 0
        fields = uow.search.fields([competency.id, 10_000])
        assert fields == {competency.id: [("titre", "accueil"), ("texte", "accueil client")]}
        assert uow.search.fields([]) == {}


def test_completions_are_the_terms_a_prefix_starts_most_frequent_first(
    port_uow: UowFactory,
) -> None:
    seed(port_uow)
    with port_uow() as uow:
        terms = {"conseil": 4, "conseiller": 1, "contentieux": 2, "credit": 1}
        uow.search.replace_referential("banque", 2, BANQUE, terms)
        uow.commit()
    with port_uow() as uow:
        # conseiller and contentieux: 2 documents each (rome and banque), then by the term
        assert uow.search.completions("con") == ["conseil", "conseiller", "contentieux"]
        assert uow.search.completions("con", limit=1) == ["conseil"]
        assert uow.search.completions("con", referential="rome") == ["conseiller"]
        assert uow.search.completions("conseil") == ["conseiller"]  # longer terms only
        assert uow.search.completions("cr") == ["credit"]
        assert uow.search.completions("zz") == []
        assert uow.search.completions("con", referential="nul") == []


def test_spelling_candidates_hold_every_term_one_edit_away(port_uow: UowFactory) -> None:
    seed(port_uow)
    with port_uow() as uow:
        found = uow.search.spelling_candidates("conseilller")
        assert "conseiller" in found and "credit" not in found
        assert "credit" in uow.search.spelling_candidates("credti")  # two letters swapped
        assert "accueil" in uow.search.spelling_candidates("acueil", referential="rome")
        assert "conseiller" not in uow.search.spelling_candidates("conseilller", referential="x")
