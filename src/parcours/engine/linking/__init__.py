"""Candidate links between the items of two referentials, scored on lexical signals.

Pure computation: items in, scored proposals out; no database.

Steps:
1. every item becomes a *profile*: the stems of its label (and alternative titles) once the
   synonym list and stop words are applied, its full text as an IDF-weighted vector, and the
   character trigrams of its label;
2. candidates come from an inverted index of the target side (blocking): only items that
   share a label stem with the source, or rank among its best text matches, are scored, so
   the work grows with the postings, never with all pairs (ROME has ~33,000 items);
3. each candidate pair gets a score (0-1), a SKOS relation and the signals that fired.

Jobs (equivalences and crosswalks, ``_propose_jobs``) are scored on general features, never
on particular jobs or codes: their titles and alternative titles (ROME's appellations, ESCO's
alternative labels), a title matched with one of another level counting less (``role_level``:
"Responsable formation" is not "Chargé de formation"); the TF-IDF cosine of what each job is
and does (purpose, activities, the labels of the competencies it needs, its family), read
against the job's best match in a taxonomy; and each one's specialty named in the other's
purpose ("recouvrement de la dette" finds "Chargé de recouvrement de créances"). Candidates
are sought from the smaller side; each of its jobs keeps its best proposals within a margin
of its best one, and against a taxonomy (ROME, ESCO) every job with a sheet keeps its best
one above a lower floor, below the threshold when need be: it stays a proposal for HR, with
its own score. Measured on tests/gold/job_links.py (benchmarks/linking_eval.py jobs).

A semantic encoder can be plugged in through ``Encoder`` (``engine/semantic.py``, one method).

Modules, by job: ``items`` (what goes in and out), ``settings``, ``words`` (stop words,
synonym phrases, stems; the stemmer is ``engine/normalise.stem``), ``profiles`` (labels,
text vectors, the vocabulary), ``labels`` (two labels compared), ``titles`` (job titles and
levels), ``scoring`` (one pair), ``blocking`` (the candidates worth scoring), ``semantic``
(the encoder plug-in) and ``proposals`` (a whole run). This package re-exports what callers
use.
"""

from parcours.engine.linking.items import (
    Candidate,
    Linked,
    LinkItem,
    competency_items,
    job_items,
)
from parcours.engine.linking.profiles import Profile
from parcours.engine.linking.proposals import propose, score_pair
from parcours.engine.linking.scoring import Scorer
from parcours.engine.linking.semantic import item_text
from parcours.engine.linking.settings import CLOSE_AT, DEFAULT_THRESHOLD, ProposalSettings
from parcours.engine.linking.titles import JOB_WEIGHTS, JobWeights, role_level
from parcours.engine.linking.words import label_stems, text_stems, words
from parcours.engine.normalise import stem

__all__ = [
    "CLOSE_AT",
    "DEFAULT_THRESHOLD",
    "JOB_WEIGHTS",
    "Candidate",
    "JobWeights",
    "LinkItem",
    "Linked",
    "Profile",
    "ProposalSettings",
    "Scorer",
    "competency_items",
    "item_text",
    "job_items",
    "label_stems",
    "propose",
    "role_level",
    "score_pair",
    "stem",
    "text_stems",
    "words",
]
