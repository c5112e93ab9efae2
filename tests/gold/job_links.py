"""Gold set of job links (equivalences and crosswalks), and its evaluation.

Built by reading the five seeds and the ROME 4.0 fiches (their titles, appellations and
definitions in ../shared/data/external/rome-v460). Only keys and codes are written here,
each pair with a one-line reason: ``"lbp:<job key>"`` names a job of a seed referential by
its key (aliases as in ``competency_links.SEEDS``), ``"rome:D1422"`` a ROME fiche by its code.

- ``ROME_POSITIVES``: the ROME fiche(s) a seed job with a sheet corresponds to, with the SKOS
  relation read "seed job <relation> ROME fiche" (ROME fiches are broad: ``narrower`` and
  ``related`` are frequent). ``origin``: ``reading`` for the pairs listed from the documents
  before the linker ran; ``pooled`` for pairs a linker proposed, then judged by reading both
  jobs (TREC-style pooling); ``title`` for jobs only named in the seeds (an evolution target,
  no sheet), judged on the title alone.
- ``ROME_NEGATIVES``: pairs that must not be proposed, most of them lexical traps: "Chargé de
  clientèle risques" is not a sales "Conseiller de clientèle bancaire", "Directeur d'e-agence"
  is not "Responsable d'agence immobilière" nor "Concepteur agencement", the study's
  "Superviseur" of advisers is not a supervisor of leaflet distributors.
- ``ROME_MAYBE``: pairs a reviewer could accept or reject (the manager of a bank's remote
  agency and ROME's "Directeur d'agence bancaire"); left out of both counts.
- ``SEED_POSITIVES`` / ``SEED_NEGATIVES`` / ``SEED_MAYBE``: the same between the seeds'
  referentials (La Banque Postale, the fiche métier, the RNCP certification, the study).

Precision is measured on the judged proposals (positives and negatives); unjudged ones are
counted apart, so that a lower bound can be stated too.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from parcours.domain.referential import Referential
from parcours.engine.linking import Candidate

ROME = "rome"


@dataclass(frozen=True, slots=True)
class JobPair:
    a: str  # "<alias>:<job key>" or "rome:<code>"
    b: str
    relation: str | None  # expected SKOS relation, read "a <relation> b"; None: not judged so
    reason: str
    origin: str = "reading"


def _p(a: str, b: str, relation: str, reason: str, origin: str = "reading") -> JobPair:
    return JobPair(a, b, relation, reason, origin)


def _n(a: str, b: str, reason: str, origin: str = "reading") -> JobPair:
    return JobPair(a, b, None, reason, origin)


# Seed jobs, by key (aliases as in competency_links.SEEDS).
LBP_RISK = "lbp:charge-de-clientele-risque--ii-3"
LBP_LITIGATION = "lbp:gestionnaire-contentieux--ii-2"
FM_RECOVERY = "fm:charge-de-recouvrement-amiable"
RNCP_ADVISER = "rncp:charge-de-clientele-particulier"
OBS_HEAD = "obs:directeur-de-la-relation-client-multicanal"
OBS_CENTRE = "obs:directeur-de-centre"
OBS_TEAM = "obs:chef-d-equipe"
OBS_SUPERVISOR = "obs:superviseur"
OBS_TRAINING = "obs:responsable-formation"
OBS_IT = "obs:responsable-systeme-d-information"
OBS_QUALITY = "obs:responsable-de-la-qualite"
OBS_JUNIOR = "obs:conseiller-junior"
OBS_SENIOR = "obs:conseiller-senior"
OBS_EXPERT = "obs:conseiller-senior-expert"
OBS_SPECIALIST = "obs:conseiller-senior-specialise"
OBS_EAGENCY_HEAD = "obs:directeur-d-e-agence"
OBS_EAGENCY_ADVISER = "obs:conseiller-en-e-agence"

# The seed jobs with a sheet, each expected to get at least one ROME proposal.
SHEET_JOBS = (
    LBP_RISK,
    LBP_LITIGATION,
    FM_RECOVERY,
    RNCP_ADVISER,
    OBS_HEAD,
    OBS_CENTRE,
    OBS_TEAM,
    OBS_SUPERVISOR,
    OBS_TRAINING,
    OBS_IT,
    OBS_QUALITY,
    OBS_JUNIOR,
    OBS_SENIOR,
    OBS_EXPERT,
    OBS_SPECIALIST,
    OBS_EAGENCY_HEAD,
    OBS_EAGENCY_ADVISER,
)

_ADVISERS = (OBS_JUNIOR, OBS_SENIOR, OBS_EXPERT, OBS_SPECIALIST, OBS_EAGENCY_ADVISER)

ROME_POSITIVES: list[JobPair] = [
    # La Banque Postale
    _p(LBP_RISK, "rome:D1422", "related", "one of its three domains is amicable debt recovery"),
    _p(LBP_RISK, "rome:C1202", "related", "decides on overdraft risks; ROME: risk manager"),
    _p(LBP_LITIGATION, "rome:D1422", "narrower", "recovers debts after account closure"),
    # the fiche métier and the certification
    _p(FM_RECOVERY, "rome:D1422", "close", "recovery of debts, amicable: ROME's recovery fiche"),
    _p(RNCP_ADVISER, "rome:C1206", "close", "ROME appellation: chargé de clientèle particuliers"),
    # the study: managers of the remote client-relation centres
    _p(OBS_HEAD, "rome:M1704", "close", "runs the whole client relation: directeur clientèle"),
    _p(OBS_CENTRE, "rome:D1435", "close", "runs a client-relation centre: call-centre manager"),
    _p(OBS_EAGENCY_HEAD, "rome:D1435", "related", "runs a remote site of advisers and teams"),
    _p(OBS_TEAM, "rome:D1435", "related", "leads supervisors or advisers on a call-centre floor"),
    _p(OBS_TEAM, "rome:M1506", "close", "first-line manager of a service team"),
    _p(OBS_SUPERVISOR, "rome:D1435", "close", "ROME appellation: superviseur de centre d'appels"),
    _p(OBS_SUPERVISOR, "rome:M1506", "related", "leads, motivates and trains a team of advisers"),
    # the study: support jobs of the centres
    _p(OBS_TRAINING, "rome:M1504", "close", "builds and runs the training plan"),
    _p(OBS_IT, "rome:M1867", "close", "runs the centre's information systems and tools"),
    _p(OBS_QUALITY, "rome:M1428", "close", "service quality (ROME: responsable qualité services)"),
    # the study: advisers
    *(
        _p(job, "rome:D1408", "close", "serves bank clients at a distance (phone, mail, chat)")
        for job in _ADVISERS
    ),
    *(
        _p(job, "rome:C1206", "related", "bank client adviser: products, needs, sales follow-up")
        for job in _ADVISERS
    ),
    *(
        _p(job, "rome:C1201", "related", "banks call it téléconseiller bancaire (ROME C1201)")
        for job in (OBS_JUNIOR, OBS_SENIOR, OBS_EXPERT)
    ),
    # title only (evolution targets of the fiches fonction)
    _p(
        "lbp:charge-relation-bancaire-risque-recouvrement-et-contentieux--ii-2",
        "rome:D1422",
        "related",
        "title: recovery and litigation",
        "title",
    ),
    _p(
        "lbp:charge-de-relation-bancaire-credit-immobilier--ii-2",
        "rome:C1206",
        "narrower",
        "ROME appellation: conseiller en crédit immobilier",
        "title",
    ),
]

ROME_NEGATIVES: list[JobPair] = [
    _n(LBP_RISK, "rome:C1206", "false friend: a sales adviser; the LBP job handles risk"),
    _n(LBP_RISK, "rome:M1704", "runs a client service; the LBP job is not a manager"),
    _n(LBP_RISK, "rome:D1415", "after-sales client relation, not banking risk"),
    _n(LBP_RISK, "rome:C1102", "insurance adviser"),
    _n(LBP_RISK, "rome:C1208", "a broker, outside the bank"),
    _n(LBP_LITIGATION, "rome:C1206", "a sales adviser; litigation has nothing to sell"),
    _n(LBP_LITIGATION, "rome:K1903", "lawyers; the gestionnaire manages files, not law"),
    _n(LBP_LITIGATION, "rome:M1507", "payroll"),
    _n(LBP_LITIGATION, "rome:K1602", "heritage curator: 'conservation' of works of art"),
    _n(LBP_LITIGATION, "rome:K1606", "preventive conservation of collections"),
    _n(FM_RECOVERY, "rome:K1908", "the head of a litigation service, not an amicable agent"),
    _n(FM_RECOVERY, "rome:K1501", "customs and public treasury"),
    _n(FM_RECOVERY, "rome:K1902", "notary or bailiff's clerk"),
    _n(FM_RECOVERY, "rome:M1203", "accountant"),
    _n(RNCP_ADVISER, "rome:C1102", "insurance adviser"),
    _n(RNCP_ADVISER, "rome:M1704", "manager of a client service"),
    _n(RNCP_ADVISER, "rome:C1208", "a broker, outside the bank"),
    _n(RNCP_ADVISER, "rome:G1303", "travel adviser"),
    _n(OBS_HEAD, "rome:D1415", "an agent, not the director of the client relation"),
    _n(OBS_CENTRE, "rome:K1421", "false friend: director of a hospital"),
    _n(OBS_CENTRE, "rome:K1219", "false friend: director of a socio-cultural centre"),
    _n(OBS_CENTRE, "rome:G1237", "false friend: director of a leisure centre"),
    _n(OBS_CENTRE, "rome:G1405", "director of a sports facility"),
    _n(OBS_TEAM, "rome:H2504", "team leader in manufacturing"),
    _n(OBS_TEAM, "rome:I1333", "team leader of industrial installation"),
    _n(OBS_TEAM, "rome:K2323", "urban cleanliness"),
    _n(OBS_SUPERVISOR, "rome:M1620", "false friend: supervisor of leaflet distributors"),
    _n(OBS_SUPERVISOR, "rome:F1201", "building site supervisor"),
    _n(OBS_SUPERVISOR, "rome:F1202", "building site supervisor"),
    _n(OBS_SUPERVISOR, "rome:M1404", "supervisor of survey interviewers"),
    _n(OBS_TRAINING, "rome:K1701", "false friend: soldiers' combat training"),
    _n(OBS_IT, "rome:M1812", "IT security officer"),
    _n(OBS_QUALITY, "rome:H1502", "false friend: quality manager in manufacturing"),
    _n(OBS_QUALITY, "rome:H1518", "quality assurance in manufacturing"),
    _n(OBS_QUALITY, "rome:M1511", "quality of working life"),
    _n(OBS_JUNIOR, "rome:M1837", "'Conseiller multimédia' is not a multimedia developer"),
    _n(OBS_SENIOR, "rome:M1837", "'Conseiller multimédia' is not a multimedia developer"),
    _n(OBS_EXPERT, "rome:M1837", "'Conseiller multimédia' is not a multimedia developer"),
    _n(OBS_JUNIOR, "rome:K2111", "trainer"),
    _n(OBS_SPECIALIST, "rome:M1205", "'conseillers financiers' are not a finance director"),
    _n(OBS_EAGENCY_ADVISER, "rome:F1140", "false friend: e-agence is not agencement"),
    _n(OBS_EAGENCY_ADVISER, "rome:C1104", "manager of an insurance agency"),
    _n(OBS_EAGENCY_ADVISER, "rome:C1102", "insurance adviser"),
    _n(OBS_EAGENCY_HEAD, "rome:F1140", "false friend: e-agence is not agencement"),
    _n(OBS_EAGENCY_HEAD, "rome:C1104", "false friend: director of an insurance agency"),
    _n(OBS_EAGENCY_HEAD, "rome:C1505", "false friend: director of a real-estate agency"),
    _n(OBS_EAGENCY_HEAD, "rome:E1401", "false friend: director of an advertising agency"),
    # judged after pooling
    _n(FM_RECOVERY, "rome:K1905", "a bailiff, a legal officer", "pooled"),
    _n(OBS_TEAM, "rome:C1207", "the director of a bank branch, not a team leader", "pooled"),
    _n(OBS_JUNIOR, "rome:C1102", "insurance adviser", "pooled"),
    _n(OBS_EXPERT, "rome:C1102", "insurance adviser", "pooled"),
    _n(OBS_JUNIOR, "rome:M1614", "switchboard operator: routes calls, no advice", "pooled"),
    _n(OBS_SPECIALIST, "rome:M1614", "switchboard operator: routes calls, no advice", "pooled"),
    _n(OBS_SENIOR, "rome:C1401", "back-office clerk; the adviser serves clients", "pooled"),
    _n(OBS_SENIOR, "rome:M1703", "product manager (marketing)", "pooled"),
    _n(OBS_EXPERT, "rome:M1703", "product manager (marketing)", "pooled"),
    _n(OBS_CENTRE, "rome:I1114", "vehicle inspection centre", "pooled"),
    _n(OBS_CENTRE, "rome:K2148", "false friend: the head of a training centre", "pooled"),
    _n(OBS_HEAD, "rome:K2148", "pedagogical director", "pooled"),
    _n(OBS_IT, "rome:D1435", "runs a call-centre floor, not its information systems", "pooled"),
    _n(OBS_SUPERVISOR, "rome:D1428", "medical emergency regulation", "pooled"),
    _n(RNCP_ADVISER, "rome:C1203", "business clients (companies), not individuals", "pooled"),
]

ROME_MAYBE: list[JobPair] = [
    _n(OBS_EAGENCY_HEAD, "rome:C1207", "a bank agency, but remote and run like a centre"),
    _n(OBS_EAGENCY_HEAD, "rome:M1704", "runs client service on one site"),
    _n(OBS_CENTRE, "rome:M1704", "runs client service on one site"),
    _n(OBS_HEAD, "rome:D1435", "above the centres' directors"),
    _n(LBP_RISK, "rome:C1401", "banking back office, but the job decides on risks"),
    _n(LBP_LITIGATION, "rome:C1401", "banking back office, but litigation is specialised"),
    _n(LBP_LITIGATION, "rome:K1908", "the head of such a service"),
    _n(RNCP_ADVISER, "rome:C1205", "wealth advice is one of its blocks, not the job"),
    _n(RNCP_ADVISER, "rome:D1403", "sales adviser for individuals, not bank-specific"),
    _n(OBS_SPECIALIST, "rome:E1101", "one specialisation is 'community manager'"),
    _n(OBS_SPECIALIST, "rome:C1205", "one specialisation is financial advice"),
    _n(OBS_SPECIALIST, "rome:C1201", "banks call advisers téléconseiller bancaire"),
    _n(OBS_EAGENCY_ADVISER, "rome:D1415", "client relation, not bank-specific"),
    _n(OBS_TRAINING, "rome:M1505", "a training officer, one level below"),
    _n(OBS_TRAINING, "rome:K2111", "a trainer: the job also trains"),
    _n(OBS_IT, "rome:M1803", "the head of IT, one level above"),
    _n(OBS_QUALITY, "rome:M1416", "service quality, one level below"),
    # judged after pooling
    _n(LBP_RISK, "rome:C1209", "anti-money-laundering checks are a part of the job", "pooled"),
    _n(OBS_EAGENCY_ADVISER, "rome:C1201", "téléconseiller, but with a portfolio", "pooled"),
    _n(OBS_CENTRE, "rome:C1207", "directs a bank site, but a remote centre", "pooled"),
    _n(OBS_CENTRE, "rome:H1106", "runs a client support centre, in industry", "pooled"),
    _n(OBS_TRAINING, "rome:K2145", "trains trainers", "pooled"),
    _n(OBS_TRAINING, "rome:K2148", "runs a training organisation", "pooled"),
    _n(OBS_IT, "rome:H1106", "a client help desk; the job supports the centre's staff", "pooled"),
    _n(OBS_IT, "rome:I1406", "an IT help desk; the job supports the centre's staff", "pooled"),
    _n(OBS_SUPERVISOR, "rome:I1406", "supervises a help-desk call centre, in IT", "pooled"),
]

# Between the seeds' referentials.
SEED_POSITIVES: list[JobPair] = [
    _p(FM_RECOVERY, LBP_RISK, "related", "amicable recovery is one of the LBP job's domains"),
    _p(FM_RECOVERY, LBP_LITIGATION, "related", "recovery: amicable in one, litigation in other"),
    _p(OBS_EAGENCY_ADVISER, RNCP_ADVISER, "close", "a portfolio of individual clients"),
    _p(
        "obs:conseiller-en-agence-physique",
        RNCP_ADVISER,
        "close",
        "the certification prepares the branch's client adviser",
        "title",
    ),
    _p(
        FM_RECOVERY,
        "lbp:charge-relation-bancaire-risque-recouvrement-et-contentieux--ii-2",
        "related",
        "title: recovery and litigation",
        "title",
    ),
]

SEED_NEGATIVES: list[JobPair] = [
    _n(OBS_TRAINING, RNCP_ADVISER, "training manager / client adviser"),
    _n(LBP_RISK, RNCP_ADVISER, "false friend 'chargé de clientèle': risk, not sales"),
    _n(LBP_LITIGATION, RNCP_ADVISER, "litigation / sales adviser"),
    _n(FM_RECOVERY, RNCP_ADVISER, "recovery / sales adviser"),
    _n(OBS_EAGENCY_HEAD, RNCP_ADVISER, "the director of the advisers, not an adviser"),
    _n(OBS_CENTRE, RNCP_ADVISER, "the director of a centre, not an adviser"),
    _n(OBS_QUALITY, RNCP_ADVISER, "quality manager / client adviser"),
    _n(OBS_EAGENCY_HEAD, LBP_RISK, "director of an e-agence / risk officer"),
    # judged after pooling
    *(
        _n(LBP_RISK, job, "risk and recovery in the middle office / remote advisers", "pooled")
        for job in _ADVISERS
    ),
    _n(LBP_RISK, OBS_IT, "risk officer / the centre's IT manager", "pooled"),
]

SEED_MAYBE: list[JobPair] = [
    _n(OBS_EXPERT, RNCP_ADVISER, "an expert adviser at a distance, without a portfolio"),
    _n(OBS_SENIOR, RNCP_ADVISER, "a senior adviser at a distance, without a portfolio"),
    _n(OBS_SPECIALIST, RNCP_ADVISER, "a specialised adviser at a distance"),
    _n(OBS_JUNIOR, RNCP_ADVISER, "a junior adviser at a distance"),
    _n(FM_RECOVERY, OBS_JUNIOR, "both call clients, for different purposes"),
]


# -- resolution and evaluation ------------------------------------------------------------

Pair = frozenset[tuple[str, str]]


def resolve_end(refs: Mapping[str, Referential], end: str) -> tuple[str, str]:
    """``"lbp:<key>"`` or ``"rome:<code>"`` as (referential name, job key)."""
    alias, _, rest = end.partition(":")
    ref = refs[alias]
    if alias == ROME:
        found = [j.key for j in ref.jobs.values() if j.code == rest]
        if len(found) != 1:
            raise KeyError(f"{ref.name}: no single fiche {rest}")
        return ref.name, found[0]
    if rest not in ref.jobs:
        raise KeyError(f"{ref.name}: no job {rest}")
    return ref.name, rest


def resolve(refs: Mapping[str, Referential], pairs: Iterable[JobPair]) -> dict[Pair, JobPair]:
    return {frozenset({resolve_end(refs, g.a), resolve_end(refs, g.b)}): g for g in pairs}


def candidate_pair(c: Candidate) -> Pair:
    return frozenset({(c.source.referential, c.source.key), (c.target.referential, c.target.key)})


@dataclass(slots=True)
class JobEvaluation:
    proposed: int
    true_positives: int
    false_positives: int
    unjudged: int
    positives: int
    # Sources with a sheet: how many got a proposal, and how many have a right one first.
    covered: int = 0
    sources: int = 0
    first_right: int = 0
    first_judged: int = 0
    relation_agreement: tuple[int, int] = (0, 0)
    found_by_origin: dict[str, tuple[int, int]] = field(default_factory=dict)
    false_positive_pairs: list[str] = field(default_factory=list)
    missed_pairs: list[str] = field(default_factory=list)
    unjudged_pairs: list[str] = field(default_factory=list)

    @property
    def precision(self) -> float:
        judged = self.true_positives + self.false_positives
        return self.true_positives / judged if judged else 1.0

    @property
    def precision_lower_bound(self) -> float:
        return self.true_positives / self.proposed if self.proposed else 1.0

    @property
    def recall(self) -> float:
        return self.true_positives / self.positives if self.positives else 1.0

    @property
    def precision_at_1(self) -> float:
        """Among the sources whose best proposal is judged, the share where it is right."""
        return self.first_right / self.first_judged if self.first_judged else 1.0

    @property
    def coverage(self) -> float:
        return self.covered / self.sources if self.sources else 1.0


def _label(refs: Mapping[str, Referential], pair: Pair) -> str:
    names = {ref.name: alias for alias, ref in refs.items()}
    out = []
    for name, key in sorted(pair):
        job = refs[names[name]].jobs[key]
        out.append(f"{names[name]}:{job.code or job.key}")
    return " / ".join(out)


def evaluate(
    refs: Mapping[str, Referential],
    candidates: Sequence[Candidate],
    *,
    positives: Sequence[JobPair],
    negatives: Sequence[JobPair],
    maybe: Sequence[JobPair] = (),
    sources: Sequence[str] = (),
    threshold: float = 0.0,
) -> JobEvaluation:
    """Precision and recall of the candidates at or above ``threshold``; ``sources`` (seed
    job ends) are the jobs whose coverage and first proposal are measured."""
    pos, neg = resolve(refs, positives), resolve(refs, negatives)
    unsure = resolve(refs, maybe)
    kept = [c for c in candidates if c.score >= threshold]
    found: dict[Pair, Candidate] = {}
    for c in sorted(kept, key=lambda c: -c.score):
        found.setdefault(candidate_pair(c), c)
    tp = [p for p in found if p in pos]
    fp = [p for p in found if p in neg]
    unjudged = [p for p in found if p not in pos and p not in neg and p not in unsure]
    origins: dict[str, tuple[int, int]] = {}
    for pair, g in pos.items():
        hit, total = origins.get(g.origin, (0, 0))
        origins[g.origin] = (hit + (pair in found), total + 1)
    same = typed = 0
    for pair in tp:
        g = pos[pair]
        if g.relation is None:
            continue
        typed += 1
        c = found[pair]
        first = resolve_end(refs, g.a)
        relation = (
            c.relation if (c.source.referential, c.source.key) == first else (c.relation.flipped())
        )
        same += relation.value == g.relation
    result = JobEvaluation(
        proposed=len(found),
        true_positives=len(tp),
        false_positives=len(fp),
        unjudged=len(unjudged),
        positives=len(pos),
        relation_agreement=(same, typed),
        found_by_origin=origins,
        false_positive_pairs=sorted(_label(refs, p) for p in fp),
        missed_pairs=sorted(_label(refs, p) for p in pos if p not in found),
        unjudged_pairs=sorted(_label(refs, p) for p in unjudged),
    )
    for end in sources:
        me = resolve_end(refs, end)
        mine = sorted(
            (c for p, c in found.items() if me in p), key=lambda c: (-c.score, c.target.key)
        )
        result.sources += 1
        result.covered += bool(mine)
        if mine:
            best = candidate_pair(mine[0])
            if best in pos or best in neg:
                result.first_judged += 1
                result.first_right += best in pos
    return result
