"""A reproducible bank-scale organisation for the mobility benchmarks (invented content).

Shaped on the real documents: families > filières > métiers, jobs on a grade ladder
("II.1" ... "IV.A") within each métier, 25-60 requirements per job (essential, optional,
indicative; expected levels 1-4 rising with the grade), competencies used with a Zipf-like
frequency (a few behavioural ones everywhere, most specific to a métier or filière),
declared moves one grade up within a métier and across métiers of a filière, trainings that
develop a handful of competencies. People hold their job's competencies at levels around
the expected ones (plus a few others of their filière).

    from benchmarks.bank_scale import generate_bank, generate_people
    bank = generate_bank(jobs=5000, competencies=20000, seed=7)   # a Referential
    people = generate_people(bank, people=250_000, seed=7)         # sparse levels + jobs

Same arguments, same output. People are a sparse matrix (people x competencies, value = level
held 1-4, columns in the order of ``referential.competencies``), not Python objects: 250,000
profiles of ~40 competencies are 10 million entries.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import pairwise

import numpy as np
import numpy.typing as npt
import scipy.sparse as sp

from parcours.domain.competency import Competency, CompetencyKind, Importance, Requirement
from parcours.domain.job import Job
from parcours.domain.mobility import Mobility, MobilityKind
from parcours.domain.referential import Referential
from parcours.domain.training import Training

GRADES = ["II.1", "II.2", "II.3", "III.1", "III.2", "III.3", "IV.A"]
FAMILIES = [
    "Relation client",
    "Risques",
    "Finance",
    "Opérations",
    "Systèmes d'information",
    "Conformité",
    "Ressources humaines",
    "Marchés",
]
NOUNS = [
    "Conseiller",
    "Gestionnaire",
    "Chargé",
    "Analyste",
    "Responsable",
    "Assistant",
    "Expert",
    "Coordinateur",
    "Technicien",
    "Auditeur",
    "Contrôleur",
    "Chef de projet",
]
DOMAINS = [
    "crédit",
    "épargne",
    "paiements",
    "recouvrement",
    "assurances",
    "successions",
    "fraude",
    "conformité",
    "trésorerie",
    "réclamations",
    "flux",
    "patrimoine",
    "entreprises",
    "professionnels",
    "données",
    "qualité",
    "monétique",
    "titres",
    "immobilier",
    "réseau",
]
QUALIFIERS = ["", "spécialisé", "confirmé", "junior", "senior", "de proximité", "à distance"]
SKILL_HEADS = [
    "Maîtrise",
    "Analyse",
    "Pilotage",
    "Connaissance",
    "Gestion",
    "Contrôle",
    "Conduite",
    "Animation",
    "Négociation",
    "Rédaction",
]
IMPORTANCES = [Importance.ESSENTIAL, Importance.OPTIONAL, Importance.INDICATIVE]


@dataclass(frozen=True, slots=True)
class People:
    """``levels``: people x competencies (value = level held 1-4); ``jobs``: each person's
    job as a row of ``referential.jobs`` (in its order)."""

    levels: sp.csr_matrix
    jobs: npt.NDArray[np.int64]

    @property
    def count(self) -> int:
        return int(self.levels.shape[0])


def _zipf_weights(n: int, exponent: float) -> npt.NDArray[np.float64]:
    weights: npt.NDArray[np.float64] = 1.0 / np.arange(1, n + 1, dtype=np.float64) ** exponent
    return weights / float(weights.sum())


def _competency_label(i: int, rng: np.random.Generator) -> str:
    head = SKILL_HEADS[int(rng.integers(len(SKILL_HEADS)))]
    domain = DOMAINS[int(rng.integers(len(DOMAINS)))]
    return f"{head} {domain} {i:05d}"


def generate_bank(
    *,
    jobs: int = 5000,
    competencies: int = 20_000,
    metiers: int = 400,
    filieres: int = 40,
    trainings: int = 300,
    seed: int = 7,
    name: str = "Banque à l'échelle",
) -> Referential:
    """A referential of ``jobs`` jobs and ``competencies`` competencies (see the module)."""
    rng = np.random.default_rng(seed)
    ref = Referential(name=name, organisation="Banque fictive", version=1)
    keys = [f"c{i:05d}" for i in range(competencies)]
    kinds = [CompetencyKind.SAVOIR_ETRE, CompetencyKind.SAVOIR_FAIRE, CompetencyKind.SAVOIR]
    for i, key in enumerate(keys):
        ref.competencies[key] = Competency(
            key, _competency_label(i, rng), kinds[int(rng.choice(3, p=[0.1, 0.5, 0.4]))]
        )
    # Competency pools: global (Zipf over all), per filière and per métier (disjoint slices).
    global_p = _zipf_weights(competencies, 1.1)
    order = rng.permutation(competencies)
    filiere_of_metier = np.sort(rng.integers(0, filieres, size=metiers))
    family_of_filiere = np.sort(rng.integers(0, len(FAMILIES), size=filieres))
    pool_size = max(8, competencies // (metiers + filieres))
    metier_pools = [
        order[(m * pool_size) % competencies : (m * pool_size) % competencies + pool_size]
        for m in range(metiers)
    ]
    filiere_pools = [
        order[((metiers + f) * pool_size) % competencies :][: pool_size * 2]
        for f in range(filieres)
    ]
    metier_names = [
        f"{DOMAINS[m % len(DOMAINS)]} {NOUNS[m % len(NOUNS)].lower()} {m:03d}"
        for m in range(metiers)
    ]
    metier_of_job = np.sort(rng.choice(metiers, size=jobs, p=_zipf_weights(metiers, 0.6)))
    job_keys: list[str] = []
    by_metier: dict[int, list[tuple[int, str]]] = {}
    for j in range(jobs):
        m = int(metier_of_job[j])
        f = int(filiere_of_metier[m])
        grade_index = int(rng.integers(len(GRADES)))
        noun = NOUNS[int(rng.integers(len(NOUNS)))]
        qualifier = QUALIFIERS[int(rng.integers(len(QUALIFIERS)))]
        title = " ".join(p for p in (noun, DOMAINS[m % len(DOMAINS)], qualifier) if p)
        title = f"{title} {j:04d}"
        key = f"j{j:05d}--{GRADES[grade_index].lower().replace('.', '-')}"
        n_req = int(rng.integers(25, 61))
        from_metier = rng.choice(metier_pools[m], size=min(n_req // 2, len(metier_pools[m])))
        from_filiere = rng.choice(filiere_pools[f], size=n_req // 5)
        from_global = rng.choice(
            competencies, size=n_req - len(from_metier) - len(from_filiere), p=global_p
        )
        cols = np.unique(np.concatenate([from_metier, from_filiere, from_global]))
        importance = rng.choice(3, size=len(cols), p=[0.45, 0.45, 0.10])
        base_level = 1 + grade_index * 3 / (len(GRADES) - 1)
        levels = np.clip(np.rint(base_level + rng.normal(0, 0.7, len(cols))), 1, 4).astype(int)
        known = rng.random(len(cols)) < 0.8
        ref.jobs[key] = Job(
            key=key,
            title=title,
            grade=GRADES[grade_index],
            family=FAMILIES[int(family_of_filiere[f])],
            filiere=f"filière {f:02d}",
            metier=metier_names[m],
            requirements=[
                Requirement(keys[int(c)], IMPORTANCES[int(imp)], int(lvl) if k else None)
                for c, imp, lvl, k in zip(cols, importance, levels, known, strict=True)
            ],
        )
        job_keys.append(key)
        by_metier.setdefault(m, []).append((grade_index, key))
    # Declared moves: one grade up within the métier, and a few across the filière.
    for m, members in by_metier.items():
        members.sort()
        for (g1, a), (g2, b) in pairwise(members):
            if g2 >= g1 and a != b:
                ref.mobilities.append(Mobility(a, b, MobilityKind.VERTICAL))
        if rng.random() < 0.3:
            f = int(filiere_of_metier[m])
            others = [o for o in by_metier if filiere_of_metier[o] == f and o != m]
            if others:
                other = by_metier[others[int(rng.integers(len(others)))]]
                source = members[int(rng.integers(len(members)))]
                above = [t for t in other if t[0] >= source[0]]
                if above:
                    ref.mobilities.append(Mobility(source[1], above[0][1], MobilityKind.HORIZONTAL))
    for t in range(trainings):
        size = int(rng.integers(3, 9))
        cols = rng.choice(competencies, size=size, replace=False, p=global_p)
        ref.trainings[f"t{t:04d}"] = Training(
            key=f"t{t:04d}",
            title=f"Formation {SKILL_HEADS[t % len(SKILL_HEADS)].lower()} {t:04d}",
            duration=f"{int(rng.integers(1, 6))} jours",
            competencies=[keys[int(c)] for c in cols],
        )
    return ref


def generate_people(referential: Referential, *, people: int = 250_000, seed: int = 7) -> People:
    """``people`` profiles on ``referential``: each person has a job (headcounts Zipf-like)
    and holds each of its competencies with probability 0.85, at the expected level plus or
    minus one (level 2 +- 1 when the job gives none), plus 0-5 competencies of other jobs."""
    rng = np.random.default_rng(seed + 1)
    index = {key: i for i, key in enumerate(referential.competencies)}
    job_list = list(referential.jobs.values())
    n_jobs = len(job_list)
    headcount = rng.multinomial(people, _zipf_weights(n_jobs, 0.5)[rng.permutation(n_jobs)])
    rows: list[npt.NDArray[np.int64]] = []
    cols: list[npt.NDArray[np.int64]] = []
    vals: list[npt.NDArray[np.int64]] = []
    person_jobs = np.repeat(np.arange(n_jobs, dtype=np.int64), headcount)
    first = 0
    for j, job in enumerate(job_list):
        count = int(headcount[j])
        if count == 0:
            continue
        req_cols = np.array([index[r.competency] for r in job.requirements], dtype=np.int64)
        req_levels = np.array([r.level or 2 for r in job.requirements], dtype=np.int64)
        keep = rng.random((count, len(req_cols))) < 0.85
        levels = np.clip(req_levels[None, :] + rng.integers(-1, 2, (count, len(req_cols))), 1, 4)
        who, which = np.nonzero(keep)
        rows.append(first + who)
        cols.append(req_cols[which])
        vals.append(levels[who, which])
        extra = rng.integers(0, 6, size=count)
        total = int(extra.sum())
        if total:
            rows.append(first + np.repeat(np.arange(count), extra))
            cols.append(rng.integers(0, len(index), size=total))
            vals.append(rng.integers(1, 5, size=total))
        first += count
    matrix = sp.csr_matrix(
        (np.concatenate(vals).astype(np.float64), (np.concatenate(rows), np.concatenate(cols))),
        shape=(people, len(index)),
    )
    # A competency drawn twice for one person: keep one level (the sum would exceed 4).
    matrix.data = np.minimum(matrix.data, 4.0)
    return People(matrix, person_jobs)
