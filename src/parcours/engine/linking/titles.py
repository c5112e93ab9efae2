"""Job titles: levels (manager, staff), titles matched across referentials, and a
specialty named in the other job's purpose."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from parcours.domain.links import LinkRelation
from parcours.engine.linking.labels import LabelMatch, _match_labels
from parcours.engine.linking.profiles import Label, Profile, Vocabulary
from parcours.engine.linking.words import _GENERIC, words
from parcours.engine.normalise import (
    singular,
    split_grade,
)

# The head word of a job title places it in the hierarchy (folded, singular; the first one
# found counts): a manager's title and a staff title with the same specialty name different
# jobs ("Responsable formation" / "Chargé de formation", "Superviseur" / "Conseiller").
_MANAGER_WORDS = frozenset(
    """directeur directrice direction responsable chef cheffe manager superviseur
    superviseuse dirigeant dirigeante encadrant encadrante gerant gerante""".split()  # noqa: SIM905
)
_STAFF_WORDS = frozenset(
    """conseiller conseillere charge chargee gestionnaire agent agente assistant assistante
    technicien technicienne operateur operatrice employe employee guichetier guichetiere
    attache attachee redacteur redactrice collaborateur collaboratrice vendeur vendeuse
    teleacteur teleactrice teleoperateur teleoperatrice""".split()  # noqa: SIM905
)


@lru_cache(maxsize=65536)
def role_level(title: str) -> str | None:
    """ "manager" or "staff" from the head word of a job title; None when no head word says."""
    for word in words(split_grade(title)[0]):
        folded = singular(word)
        if folded in _MANAGER_WORDS:
            return "manager"
        if folded in _STAFF_WORDS:
            return "staff"
    return None


@dataclass(frozen=True, slots=True)
class JobWeights:
    """How a job score is made (each part 0-1); measured on tests/gold/job_links.py."""

    labels: float = 0.3  # titles and alternative titles
    text: float = 0.5  # purpose, activities, competencies, family (TF-IDF)
    title_in_lead: float = 0.2  # one's specialty in what the other is (its purpose)
    # A title matched with another of a different level counts this share.
    level_mismatch: float = 0.7


JOB_WEIGHTS = JobWeights()
# Job titles sharing their head and object differ by their specialty ("Chargé de clientèle
# risques" / "Chargé de clientèle particuliers"): only a near-identical spelling is a typo.
_JOB_MIN_TRIGRAM = 0.8


def _within(lab: Label, known: frozenset[str] | None) -> Label:
    """The title without the words the other referential never uses ("Multicanal" against
    ROME): they cannot be matched, so they only lower every match alike."""
    if known is None or lab.stem_set <= known:
        return lab
    stems = tuple(s for s in lab.stems if s in known)
    if not stems:
        return lab
    return Label(
        text=lab.text,
        key="-".join(stems),
        stems=stems,
        stem_set=frozenset(stems),
        conjuncts=tuple(c & known for c in lab.conjuncts if c & known),
        alternative=lab.alternative,
    )


@dataclass(frozen=True, slots=True)
class JobTitles:
    """A job's titles ready for matching: each title (without the words the other side never
    uses) with its level and the three-letter prefixes of its stems, and all the prefixes."""

    labels: tuple[tuple[Label, str | None, frozenset[str]], ...]
    prefixes: frozenset[str]


def _job_titles(profile: Profile, known: frozenset[str] | None) -> JobTitles:
    labels = tuple(
        (lab, role_level(lab.text), frozenset(s[:3] for s in lab.stem_set))
        for lab in (_within(original, known) for original in profile.labels)
    )
    return JobTitles(labels, frozenset(p for _, _, prefixes in labels for p in prefixes))


def _best_job_labels(
    a: Profile,
    b: Profile,
    vocab: Vocabulary,
    known: tuple[frozenset[str] | None, frozenset[str] | None] | None = None,
    titles: tuple[JobTitles, JobTitles] | None = None,
) -> tuple[LabelMatch, bool]:
    """The best title match, and whether its two titles are of different levels.

    ``known``: the words to keep of the source's titles and of the target's titles (None:
    all), to leave out of one side's titles the words the other side never uses; ``titles``:
    both jobs' titles already prepared so (``_job_titles``). Titles sharing no stem, nor the
    beginning of one (a typo), are not compared."""
    best = LabelMatch(0.0, [], None, False)
    best_mismatch = False
    if titles is None:
        keep_a, keep_b = known if known is not None else (None, None)
        titles = (_job_titles(a, keep_a), _job_titles(b, keep_b))
    mine, theirs = titles
    if not (mine.prefixes & theirs.prefixes):
        return best, best_mismatch
    for la, first, la_prefixes in mine.labels:
        for lb, second, lb_prefixes in theirs.labels:
            if la_prefixes.isdisjoint(lb_prefixes):
                continue
            match = _match_labels(la, lb, vocab, min_trigram=_JOB_MIN_TRIGRAM)
            if match.alternative:
                match.value *= 0.95
                if match.relation is LinkRelation.EXACT:
                    match.relation = LinkRelation.CLOSE
            mismatch = first is not None and second is not None and first != second
            if mismatch:
                match.value *= JOB_WEIGHTS.level_mismatch
                if match.relation is not None and match.relation.equivalence:
                    match.relation = LinkRelation.RELATED
            if match.value > best.value:
                best, best_mismatch = match, mismatch
    return best, best_mismatch


def _title_in_lead(labels: Sequence[Label], other: Profile, vocab: Vocabulary) -> float:
    """How much of what one title says beyond the other's titles (its specialty words, not
    the generic heads) is found in what the other job is (its purpose, family, métier):
    "Superviseur de centre d'appels" for a supervisor whose purpose speaks of call centres,
    not "Superviseur de travaux". The largest IDF-weighted share over the titles."""
    own = other.title_stems
    specific = vocab.specific_weight
    best = 0.0
    for lab in labels:
        extra = lab.stem_set - _GENERIC - own
        if not extra:
            continue
        found = vocab.weight(extra & other.lead)
        # A share of the specialty, and as informative as a specialty: "clientèle" alone,
        # found in every client job, says little.
        value = found / (vocab.weight(extra) or 1.0) * min(1.0, found / specific)
        if lab.alternative:
            value *= 0.95
        best = max(best, value)
    return best
