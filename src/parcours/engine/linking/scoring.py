"""The score of one pair of profiles: competencies on labels and texts, jobs on titles,
texts, specialty, shared competencies and codes."""

from __future__ import annotations

from dataclasses import dataclass, field

from parcours.domain.links import Evidence, LinkRelation, Signal
from parcours.engine.linking.items import Candidate, Linked, LinkItem
from parcours.engine.linking.labels import _best_labels
from parcours.engine.linking.profiles import Profile, Vocabulary, _cosine, _coverage
from parcours.engine.linking.settings import CLOSE_AT
from parcours.engine.linking.titles import (
    JOB_WEIGHTS,
    JobTitles,
    _best_job_labels,
    _job_titles,
    _title_in_lead,
)

# Without the best cosine of a job against the other side (``score_pair``), text cosines
# are read against this typical best value of job descriptions.
_TEXT_SCALE = 0.3


@dataclass(slots=True)
class Scorer:
    """Scores one pair of profiles; built by ``propose`` for two sides."""

    vocab: Vocabulary
    linked: Linked | None = None
    # Jobs: the words to keep of the source's titles and of the target's titles (None: all).
    known: tuple[frozenset[str] | None, frozenset[str] | None] | None = None
    _titles: dict[tuple[int, int], JobTitles] = field(default_factory=dict)

    def score(self, a: Profile, b: Profile, text_scale: float | None = None) -> Candidate:
        if a.item.kind == "job" and b.item.kind == "job":
            return self._score_jobs(a, b, text_scale)
        labels = _best_labels(a, b, self.vocab)
        evidence = list(labels.evidence)
        if labels.alternative and labels.value > 0:
            evidence.append(
                Evidence(Signal.ALT_TITLE, 1.0, "rapprochement par un titre alternatif")
            )
        text = self._text(a, b, evidence)
        if a.item.text or b.item.text:
            score = max(0.7 * labels.value + 0.3 * text, 0.85 * text)
        else:  # labels are all there is: no text is not evidence against
            score = 0.85 * labels.value
        if a.item.kind == b.item.kind:
            score += 0.03
            evidence.append(Evidence(Signal.SAME_KIND, 1.0, f"même nature ({a.item.kind})"))
        else:
            score -= 0.02
            evidence.append(
                Evidence(
                    Signal.OTHER_KIND,
                    0.0,
                    f"natures différentes ({a.item.kind} / {b.item.kind})",
                )
            )
        score = min(max(score, 0.0), 1.0)
        relation = labels.relation
        if relation is LinkRelation.EXACT and a.item.kind != b.item.kind:
            relation = LinkRelation.CLOSE
        if relation is None:
            relation = LinkRelation.CLOSE if score >= CLOSE_AT else LinkRelation.RELATED
        return Candidate(a.item, b.item, round(score, 4), relation, tuple(evidence))

    def _text(self, a: Profile, b: Profile, evidence: list[Evidence]) -> float:
        if a.item.text or b.item.text:
            cosine = _cosine(a, b)
            coverage = _coverage(a, b, self.vocab)
        else:  # labels only on both sides: the labels were compared already
            cosine = coverage = 0.0
        text = max(cosine, 0.9 * coverage)
        if text >= 0.15:
            evidence.append(
                Evidence(
                    Signal.TEXT_OVERLAP,
                    round(text, 3),
                    "définitions, indicateurs, détails ou activités en commun "
                    + f"(cosinus {cosine:.2f}, couverture {coverage:.2f})",
                )
            )
        return text

    def _score_jobs(self, a: Profile, b: Profile, text_scale: float | None) -> Candidate:
        """Titles (with their levels), texts (read against the job's best text match in a
        taxonomy when ``text_scale`` is given), and each one's specialty named in what the
        other is. Two jobs known by their titles only are scored on their titles."""
        w = JOB_WEIGHTS
        labels, mismatch = _best_job_labels(
            a, b, self.vocab, titles=(self._titles_of(a, 0), self._titles_of(b, 1))
        )
        evidence = list(labels.evidence)
        if labels.alternative and labels.value > 0:
            evidence.append(
                Evidence(Signal.ALT_TITLE, 1.0, "rapprochement par un titre alternatif")
            )
        if mismatch and labels.value > 0:
            evidence.append(
                Evidence(
                    Signal.OTHER_KIND,
                    0.0,
                    "niveaux différents (encadrement / exécution) dans les intitulés rapprochés",
                )
            )
        cosine = _cosine(a, b) if a.item.text or b.item.text else 0.0
        text = min(1.0, cosine / _TEXT_SCALE)
        if text_scale:  # also read against the job's best text match
            text = 0.5 * text + 0.5 * min(1.0, cosine / text_scale)
        if text >= 0.5:
            evidence.append(
                Evidence(
                    Signal.TEXT_OVERLAP,
                    round(text, 3),
                    f"raison d'être, activités et compétences proches (cosinus {cosine:.2f}, "
                    + f"{text:.0%} de la meilleure correspondance)",
                )
            )
        in_lead = max(
            _title_in_lead(b.labels, a, self.vocab), _title_in_lead(a.labels, b, self.vocab)
        )
        if in_lead >= 0.5:
            evidence.append(
                Evidence(
                    Signal.TEXT_OVERLAP,
                    round(in_lead, 3),
                    "la spécialité de l'un figure dans la raison d'être de l'autre",
                )
            )
        if a.item.text or b.item.text:
            score = w.labels * labels.value + w.text * text + w.title_in_lead * in_lead
        else:  # titles are all there is: no text is not evidence against
            score = 0.8 * labels.value
        shared = self._shared_requirements(a.item, b.item)
        if shared:  # raises a link, never lowers it: links between items may be missing
            score = max(score, 0.5 * labels.value + 0.2 * text + 0.3 * shared)
            evidence.append(
                Evidence(
                    Signal.SHARED_COMPETENCIES,
                    round(shared, 3),
                    "compétences requises reliées entre les deux postes",
                )
            )
        if a.item.code and a.item.code == b.item.code:
            score = max(score, 0.95)
            evidence.append(Evidence(Signal.SAME_CODE, 1.0, f"même code {a.item.code}"))
        score = min(max(score, 0.0), 1.0)
        relation = labels.relation
        if relation is None:
            close = score >= CLOSE_AT and not mismatch
            relation = LinkRelation.CLOSE if close else LinkRelation.RELATED
        return Candidate(a.item, b.item, round(score, 4), relation, tuple(evidence))

    def _titles_of(self, profile: Profile, side: int) -> JobTitles:
        """A job's titles prepared once per run (``side``: 0 source, 1 target)."""
        found = self._titles.get((id(profile), side))
        if found is None:
            known = self.known[side] if self.known is not None else None
            found = self._titles[(id(profile), side)] = _job_titles(profile, known)
        return found

    def _shared_requirements(self, a: LinkItem, b: LinkItem) -> float | None:
        if not self.linked or not a.requirements or not b.requirements:
            return None
        mine = {(a.referential, k) for k in a.requirements}
        theirs = {(b.referential, k) for k in b.requirements}
        nothing: frozenset[tuple[str, str]] = frozenset()
        matched_a = sum(1 for k in mine if self.linked.get(k, nothing) & theirs)
        matched_b = sum(1 for k in theirs if self.linked.get(k, nothing) & mine)
        return (matched_a + matched_b) / (len(mine) + len(theirs))
