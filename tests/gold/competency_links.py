"""Gold set of competency (and job) links across the seed referentials, and its evaluation.

Built by reading the five seeds (only short labels are written here; the certification's
long competency statements are named by their code, "C18"). The seeds make four
referentials:

- ``lbp``: La Banque Postale's two *fiches fonction* (seeds 000 and 001, one referential);
- ``fm``: the *fiche métier* "Chargé de recouvrement amiable" (seed 002);
- ``rncp``: the RNCP certification "Chargé de clientèle particuliers" (seed 003);
- ``obs``: the Observatoire's study of remote client-relation jobs (seed 004).

Three lists:

- ``POSITIVES``: pairs that should be linked, with the SKOS relation read "first <relation>
  second". ``origin`` says how each was found: ``reading`` for the pairs listed from the
  documents before the linker ran, ``pooled`` for pairs the linker proposed at a low threshold
  (0.3) and that were then judged by reading both items (TREC-style pooling).
- ``NEGATIVES``: pairs that must not be linked, most of them lexical traps (shared words,
  different competencies: "Culture de gestion" / "Gestion", "Travail en équipe" /
  "Encadrement d'équipes", "Autonomie" / "Favoriser l'autonomie des clients").
- ``MAYBE``: pairs the linker proposed at 0.3 that a reviewer could reasonably accept or
  reject ("Stratégie juridique" / "Maîtrise de bases juridiques"); left out of both counts.

Precision is measured on the judged pairs (positives and negatives); proposals that are in
no list are counted apart (``unjudged``), so that a lower bound can be stated too.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from parcours.domain.merge import merge_parts
from parcours.domain.referential import Referential
from parcours.engine.linking import (
    Candidate,
    ProposalSettings,
    competency_items,
    job_items,
    propose,
)
from parcours.engine.normalise import job_key, label_key, split_grade
from parcours.ingest.pipeline import parse_document

# Alias -> seed file prefixes whose documents make the referential.
SEEDS: dict[str, tuple[str, ...]] = {
    "lbp": ("000", "001"),
    "fm": ("002",),
    "rncp": ("003",),
    "obs": ("004",),
}


@dataclass(frozen=True, slots=True)
class GoldPair:
    a: str  # referential alias
    a_label: str  # a label, or a competency code ("C18")
    b: str
    b_label: str
    relation: str | None = None  # expected SKOS relation, read "a <relation> b"
    origin: str = "reading"


def _p(a: str, al: str, b: str, bl: str, rel: str, origin: str = "reading") -> GoldPair:
    return GoldPair(a, al, b, bl, rel, origin)


def _n(a: str, al: str, b: str, bl: str, origin: str = "reading") -> GoldPair:
    return GoldPair(a, al, b, bl, None, origin)


POSITIVES: list[GoldPair] = [
    # Issue 13: the study's "Liés à ..." headings are categories, no longer competencies; the
    # 16 pairs that judged them are gone, this one judges the group's item instead.
    _p(
        "fm",
        "Animation de la relation client",
        "obs",
        "connaissance des techniques de la relation client",
        "related",
    ),
    # La Banque Postale / fiche métier
    _p("lbp", "Orientation client", "fm", "Être centré client", "exact"),
    _p("lbp", "Analyse et discernement", "fm", "Analyse", "close"),
    _p("lbp", "Analyse et discernement", "fm", "Faire preuve d'esprit critique", "close"),
    _p("lbp", "Adaptabilité", "fm", "Faire preuve de flexibilité", "close"),
    _p("lbp", "Coopération et ouverture", "fm", "Être acteur du collectif", "close"),
    _p("lbp", "Coopération et ouverture", "fm", "Travail en équipe", "close"),
    _p("lbp", "Conformité", "fm", "Conformité déontologie", "narrower"),
    _p("lbp", "Conformité", "fm", "Conformité éthique", "narrower"),
    _p("lbp", "Conformité", "fm", "Conformité LCB-FT", "narrower"),
    _p(
        "lbp",
        "Fraude et lutte contre blanchiment et financement du terrorisme",
        "fm",
        "Conformité LCB-FT",
        "close",
    ),
    _p("lbp", "Culture du changement et de l'innovation", "fm", "Innovation", "related"),
    _p("lbp", "Culture RSE", "fm", "Critères ESG", "related"),
    _p("lbp", "Culture RSE", "fm", "Enjeux sociaux et sociétaux", "related", "pooled"),
    _p("lbp", "Culture RSE", "fm", "Stratégie sociétale et environnementale", "related", "pooled"),
    # La Banque Postale / Observatoire
    _p("lbp", "Orientation client", "obs", "Sens du client", "exact"),
    _p("lbp", "Orientation résultats", "obs", "Sens du résultat", "exact"),
    _p("lbp", "Analyse et discernement", "obs", "Analyse et synthèse", "close"),
    _p("lbp", "Autonomie", "obs", "Autonomie", "exact"),
    _p("lbp", "Conviction et influence", "obs", "Charisme", "close"),
    # fiche métier / Observatoire
    _p("fm", "Être centré client", "obs", "Sens du client", "exact"),
    _p("fm", "Analyse", "obs", "Analyse et synthèse", "close"),
    _p("fm", "Savoir communiquer", "obs", "Communication", "close"),
    _p("fm", "Être responsable", "obs", "Responsabilité", "exact"),
    _p("fm", "Pédagogie", "obs", "Outils et méthodes pédagogiques", "related"),
    _p(
        "fm",
        "Offre bancaire particulier",
        "obs",
        "Connaissance de l'offre de produits bancaires",
        "broader",
    ),
    _p(
        "fm",
        "Offre bancaire particulier",
        "obs",
        "Maîtrise des produits et services de la banque",
        "broader",
    ),
    _p(
        "fm", "Services bancaires", "obs", "Maîtrise des produits et services de la banque", "close"
    ),
    _p(
        "fm",
        "Outils et procédures de gestion",
        "obs",
        "Maîtrise des procédures métier…",
        "related",
    ),
    _p(
        "fm",
        "Offre bancaire professionnel",
        "obs",
        "Connaissance de l'offre de produits bancaires",
        "broader",
        "pooled",
    ),
    _p(
        "fm",
        "Offre bancaire professionnel",
        "obs",
        "Maîtrise des produits et services de la banque",
        "broader",
        "pooled",
    ),
    _p("fm", "Animation de la relation client", "obs", "Relation client", "related", "pooled"),
    _p(
        "fm",
        "Services bancaires",
        "obs",
        "Connaissance de l'offre de produits bancaires",
        "related",
        "pooled",
    ),
    # the certification (competencies by code)
    _p("fm", "Gestion de risque", "rncp", "C18", "close"),
    _p("fm", "Gestion de risque", "rncp", "C17", "narrower"),
    _p("fm", "Travail en équipe", "rncp", "C4", "narrower"),
    _p("fm", "Être proactif", "rncp", "C7", "narrower"),
    _p("lbp", "Traitement personnalisé des demandes", "rncp", "C13", "close"),
    _p("fm", "Faire preuve de flexibilité", "rncp", "C15", "related", "pooled"),
    _p("lbp", "Adaptabilité", "rncp", "C15", "related", "pooled"),
]

NEGATIVES: list[GoldPair] = [
    _n("lbp", "Culture de gestion", "fm", "Gestion"),
    _n("lbp", "Orientation résultats", "fm", "Être centré client"),
    _n("lbp", "Orientation client", "obs", "Sens du résultat"),
    _n("lbp", "Orientation résultats", "obs", "Sens du client"),
    _n("lbp", "Orientation stratégique", "obs", "Sens du client"),
    _n("lbp", "Orientation stratégique", "fm", "Stratégie juridique"),
    _n("lbp", "Orientation stratégique", "fm", "Stratégie financière"),
    _n(
        "lbp",
        "Fraude et lutte contre blanchiment et financement du terrorisme",
        "fm",
        "Droit civil",
    ),
    _n("lbp", "Prise en charge des clientèles fragiles", "fm", "Secours à la personne"),
    _n("lbp", "Culture de gestion", "obs", "Gestion de projet"),
    _n("fm", "Gestion", "obs", "Gestion de projet"),
    _n("fm", "Gestion", "obs", "Gestion du stress"),
    _n("fm", "Gestion de risque", "obs", "Gestion du stress"),
    _n("fm", "Travail en équipe", "obs", "Encadrement d'équipes"),
    _n("fm", "Être proactif", "obs", "Réactivité"),
    _n("fm", "Droit des assurances", "obs", "Connaissance de l'offre de produits bancaires"),
    _n("fm", "Comptabilité générale", "obs", "Connaissance de l'offre de produits bancaires"),
    _n("fm", "Être proactif", "rncp", "C18"),
    _n("fm", "Risques", "rncp", "C9"),
    _n("lbp", "Engagement", "rncp", "C11"),
    _n("lbp", "Autonomie", "rncp", "C12"),
    _n("obs", "Autonomie", "rncp", "C12"),
    _n("obs", "Encadrement d'équipes", "rncp", "C4"),
    _n("lbp", "Traitement personnalisé des demandes", "rncp", "C22"),
    _n("obs", "Gestion du stress", "rncp", "C17"),
    _n(
        "fm",
        "Enjeux sociaux et sociétaux",
        "obs",
        "Maîtrise approfondie des enjeux juridiques",
        "pooled",
    ),
    _n(
        "lbp",
        "Orientation client",
        "obs",
        "Connaissance des outils de la relation client et du poste de travail du Conseiller",
        "pooled",
    ),
]

MAYBE: list[GoldPair] = [
    _n("fm", "Stratégie juridique", "obs", "Maîtrise de bases juridiques", "pooled"),
    _n("fm", "Stratégie juridique", "obs", "Maîtrise approfondie des enjeux juridiques", "pooled"),
    _n("fm", "Offre assurance", "obs", "Connaissance de l'offre de produits bancaires", "pooled"),
    _n("fm", "Offre assurance", "obs", "Maîtrise des produits et services de la banque", "pooled"),
    _n("fm", "Être centré client", "obs", "Relation client", "pooled"),
    _n("lbp", "Orientation client", "obs", "Relation client", "pooled"),
    _n("fm", "Animation de la relation client", "obs", "Techniques CRM", "pooled"),
    _n(
        "fm",
        "Animation de la relation client",
        "obs",
        "Connaissance des outils de la relation client et du poste de travail du Conseiller",
        "pooled",
    ),
    _n("lbp", "Conformité", "obs", "Maîtrise des bases de la réglementation bancaire", "pooled"),
    _n("fm", "Conformité éthique", "lbp", "Audit interne", "pooled"),
    _n("fm", "Savoir communiquer", "lbp", "Conviction et influence", "pooled"),
    _n("fm", "Analyse", "rncp", "C1", "pooled"),
    _n("fm", "Analyse", "rncp", "C16", "pooled"),
    _n("fm", "Analyse", "rncp", "C18", "pooled"),
    _n("fm", "Négociation", "rncp", "C9", "pooled"),
    _n("fm", "Risques", "rncp", "C17", "pooled"),
    _n("fm", "Risques", "rncp", "C18", "pooled"),
    _n("fm", "Risques", "rncp", "C19", "pooled"),
    _n("fm", "Risques", "rncp", "C20", "pooled"),
    _n("lbp", "Fidélisation", "rncp", "C14", "pooled"),
    _n("lbp", "Fidélisation", "rncp", "C15", "pooled"),
    _n("lbp", "Vente Conseil client", "rncp", "C15", "pooled"),
    _n(
        "lbp",
        "Vente Conseil client",
        "obs",
        "Maîtrise des techniques de vente à distance",
        "pooled",
    ),
    _n("obs", "Relation client", "rncp", "C15", "pooled"),
    _n("obs", "Relation client", "rncp", "C10", "pooled"),
]

# Jobs: the two that plainly share a trade across referentials, and one sure negative.
JOB_POSITIVES: list[GoldPair] = [
    _p("obs", "Conseiller en e-agence", "rncp", "Chargé de clientèle particuliers", "close"),
    _p(
        "fm", "Chargé de recouvrement amiable", "lbp", "CHARGE DE CLIENTELE RISQUES II.3", "related"
    ),
]
JOB_NEGATIVES: list[GoldPair] = [
    _n("obs", "Responsable formation", "rncp", "Chargé de clientèle particuliers"),
]


# -- loading the seeds --------------------------------------------------------------------


def seed_referentials(seeds_dir: Path) -> dict[str, Referential]:
    """The four referentials of the seeds, by alias, parsed and merged as an import would."""
    out: dict[str, Referential] = {}
    for alias, prefixes in SEEDS.items():
        parts: list[Referential] = []
        for prefix in prefixes:
            (path,) = sorted(seeds_dir.glob(f"{prefix}*"))
            draft = parse_document(path.read_bytes(), path.name)
            parts.extend(draft.parts)
        names = {p.name for p in parts}
        assert len(names) == 1, f"{alias}: one referential expected, got {names}"
        out[alias] = merge_parts(names.pop(), parts)
    return out


def _competency_key(ref: Referential, label: str) -> str:
    key = label_key(label)
    if key in ref.competencies:
        return key
    for comp in ref.competencies.values():
        if label in comp.codes:
            return comp.key
    if label.endswith("…"):  # a long label named by its beginning, which must be unique
        found = [c.key for c in ref.competencies.values() if c.label.startswith(label[:-1])]
        if len(found) == 1:
            return found[0]
    raise KeyError(f"{ref.name}: no competency « {label} »")


def _job_key(ref: Referential, title: str) -> str:
    key = job_key(*split_grade(title))
    if key in ref.jobs:
        return key
    raise KeyError(f"{ref.name}: no job « {title} »")


Pair = frozenset[tuple[str, str]]


def resolve(
    refs: dict[str, Referential], pairs: Iterable[GoldPair], *, jobs: bool = False
) -> dict[Pair, GoldPair]:
    """Gold pairs as unordered pairs of (referential name, item key)."""
    find = _job_key if jobs else _competency_key
    out: dict[Pair, GoldPair] = {}
    for g in pairs:
        ra, rb = refs[g.a], refs[g.b]
        key = frozenset({(ra.name, find(ra, g.a_label)), (rb.name, find(rb, g.b_label))})
        out[key] = g
    return out


def seed_candidates(
    refs: dict[str, Referential], *, threshold: float = 0.0, jobs: bool = False
) -> list[Candidate]:
    """Candidates for every pair of seed referentials, as ``propose_links`` makes them
    (pairs in name order, each pair's items as the only corpus), down to ``threshold``."""
    by_name = {ref.name: ref for ref in refs.values()}
    names = sorted(by_name)
    settings = ProposalSettings(threshold=threshold)
    out: list[Candidate] = []
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            if jobs:
                sources, targets = (
                    job_items(by_name[a], with_sheet_only=False),
                    job_items(by_name[b], with_sheet_only=False),
                )
            else:
                sources, targets = competency_items(by_name[a]), competency_items(by_name[b])
            out.extend(propose(sources, targets, settings=settings))
    return out


def candidate_pair(c: Candidate) -> Pair:
    return frozenset({(c.source.referential, c.source.key), (c.target.referential, c.target.key)})


@dataclass(slots=True)
class Evaluation:
    threshold: float
    proposed: int
    true_positives: int
    false_positives: int
    unjudged: int
    positives: int
    found_by_origin: dict[str, tuple[int, int]] = field(default_factory=dict)  # found, total
    relation_agreement: tuple[int, int] = (0, 0)  # same relation, true positives with one
    false_positive_pairs: list[str] = field(default_factory=list)
    missed_pairs: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        judged = self.true_positives + self.false_positives
        return self.true_positives / judged if judged else 1.0

    @property
    def precision_lower_bound(self) -> float:
        """Every unjudged proposal counted as wrong."""
        return self.true_positives / self.proposed if self.proposed else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.positives if self.positives else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def evaluate(
    refs: dict[str, Referential],
    candidates: Sequence[Candidate],
    threshold: float,
    *,
    positives: Sequence[GoldPair] = POSITIVES,
    negatives: Sequence[GoldPair] = NEGATIVES,
    maybe: Sequence[GoldPair] = MAYBE,
    jobs: bool = False,
) -> Evaluation:
    """Precision and recall of the candidates scoring at or above ``threshold``."""
    pos = resolve(refs, positives, jobs=jobs)
    neg = resolve(refs, negatives, jobs=jobs)
    unsure = resolve(refs, maybe, jobs=jobs)
    kept = [c for c in candidates if c.score >= threshold]
    found: dict[Pair, Candidate] = {}
    for c in kept:
        found.setdefault(candidate_pair(c), c)
    tp = [p for p in found if p in pos]
    fp = [p for p in found if p in neg]
    unjudged = [p for p in found if p not in pos and p not in neg and p not in unsure]
    origins: dict[str, tuple[int, int]] = {}
    for pair, g in pos.items():
        hit, total = origins.get(g.origin, (0, 0))
        origins[g.origin] = (hit + (pair in found), total + 1)
    find = _job_key if jobs else _competency_key
    same = 0
    typed = 0
    for pair in tp:
        g = pos[pair]
        if g.relation is None:
            continue
        typed += 1
        c = found[pair]
        first = (refs[g.a].name, find(refs[g.a], g.a_label))
        is_source = (c.source.referential, c.source.key) == first
        relation = c.relation if is_source else c.relation.flipped()
        same += relation.value == g.relation
    return Evaluation(
        threshold=threshold,
        proposed=len(found),
        true_positives=len(tp),
        false_positives=len(fp),
        unjudged=len(unjudged),
        positives=len(pos),
        found_by_origin=origins,
        relation_agreement=(same, typed),
        false_positive_pairs=sorted(f"{neg[p].a_label} / {neg[p].b_label}" for p in fp),
        missed_pairs=sorted(f"{g.a_label} / {g.b_label}" for p, g in pos.items() if p not in found),
    )
