"""Naming jobs by words of their titles, activities or grade (``catalogue.matches``)."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from parcours.domain.job import Activity, Job
from parcours.engine.normalise import fold, tokens
from parcours.services.catalogue import matches


def reference(job: Job, search: str) -> bool:
    """The rule as stated: every word of the search is one of the job's words or starts one."""
    words = set(tokens(job.title))
    for text in (*job.alt_titles, *(a.label for a in job.activities)):
        words |= set(tokens(text))
    if job.grade:
        words.add(fold(job.grade))
    return all(w in words or any(x.startswith(w) for x in words) for w in tokens(search))


def test_words_and_their_starts_match_whatever_the_case_accents_or_plural() -> None:
    job = Job(
        "j",
        "Chargé de clientèle",
        grade="II.3",
        alt_titles=["Conseiller bancaire"],
        activities=[Activity("Accueillir les clients")],
    )
    assert matches(job, "CHARGEE clientele") is False  # "chargee" starts no word
    assert matches(job, "charge clientèles")
    assert matches(job, "banc accueil")  # starts of "bancaire", "accueillir"
    assert matches(job, "ii")  # the start of the grade
    assert not matches(job, "clientele risque")
    assert matches(job, "")  # no word asked: every job


WORDS = st.sampled_from(
    ["charge", "chargée", "clientèle", "clients", "banque", "bancaire", "risques", "ii.3", "ban"]
)
TEXTS = st.lists(WORDS, max_size=4).map(" ".join)


@given(TEXTS, st.lists(TEXTS, max_size=2), TEXTS, st.sampled_from([None, "II.3", "III"]), TEXTS)
def test_matches_follows_the_rule(
    title: str, alts: list[str], activity: str, grade: str | None, search: str
) -> None:
    job = Job("j", title, grade=grade, alt_titles=alts, activities=[Activity(activity)])
    assert matches(job, search) == reference(job, search)
