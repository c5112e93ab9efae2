"""The thresholds and settings of a proposal run."""

from __future__ import annotations

from dataclasses import dataclass

# The threshold proposals must reach, measured on the gold set (benchmarks/linking_eval.py).
DEFAULT_THRESHOLD = 0.45
# At or above this score, a pair without a containment asymmetry is "close".
CLOSE_AT = 0.62


@dataclass(frozen=True, slots=True)
class ProposalSettings:
    threshold: float = DEFAULT_THRESHOLD
    # A target posting longer than this (items sharing one stem) is not used for blocking.
    max_postings: int = 400
    # Targets sharing label stems scored per source item, best ranked first.
    label_top: int = 40
    text_top: int = 15
    text_min: float = 0.12
    # At most this many targets kept per source item, best first.
    per_item: int = 10
    # Share of an encoder's cosine in the score, when an encoder is given.
    semantic_weight: float = 0.5
    # Jobs: at most this many proposals per job of the smaller side; targets whose titles
    # are named in the job's purpose scored per job.
    job_per_item: int = 5
    # Jobs: proposals more than this below the job's best one are left out (a bank job is
    # one or two ROME fiches, not ten). 0.08 since the study's sheets carry their full text
    # (issue 13): richer sheets share more sector words with far fiches, whose scores then
    # trail the best by 0.08-0.10 (benchmarks/linking_eval.py jobs: precision 0.629 -> 0.786
    # at the same recall 0.733).
    job_margin: float = 0.08
    lead_top: int = 20
    # Jobs: against a referential of at least ``keep_best_from`` jobs (a taxonomy such as
    # ROME or ESCO, meant to cover every trade), each job with a sheet keeps its
    # ``keep_best`` best proposals down to ``floor`` even below the threshold.
    keep_best: int = 1
    keep_best_from: int = 300
    floor: float = 0.25
