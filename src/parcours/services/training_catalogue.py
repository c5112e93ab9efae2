"""The bank's training catalogue: import (all or nothing), edit in the app, list, offer to gaps.

HR imports a catalogue (CSV or Excel, read by ``ingest.training_catalogue``): every row is
checked — title, duration, modality, cost, the competencies it develops (each must name a
competency of a referential, by key or label) and their levels — and if any row is invalid
nothing is written and the report lists every error with its line. A valid file is written in one
transaction: trainings are upserted by code (created, updated, unchanged), none is removed.
HR also adds, changes and deletes trainings one by one in the app (``save_training``).

The catalogue shown to everyone joins the study's trainings between jobs
(``Referential.trainings``, imported with the documents) to the imported ones; the gap analysis
(``engine.gaps``) proposes from both (``offer``). Every import and change leaves an audit event
with counts or the training's code only. See docs/trainings.md.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import PurePath

from parcours.domain.access import Principal, require_hr
from parcours.domain.competency import Importance
from parcours.domain.errors import NotFoundError, ParcoursError
from parcours.domain.referential import Referential
from parcours.domain.training import Training
from parcours.domain.training_catalogue import CatalogueTraining, DevelopedCompetency, Modality
from parcours.engine.normalise import slugify
from parcours.engine.vectors import CompetencyResolver
from parcours.ingest.training_catalogue import (
    MAX_KEY,
    MAX_TITLE,
    CatalogueFileError,
    CatalogueRowError,
    parse_competencies,
    parse_cost,
    parse_duration_cell,
    parse_modality,
    read_catalogue,
    split_list,
)
from parcours.services.access import audit
from parcours.services.ports import UnitOfWork, UowFactory

MAX_ERRORS = 500
ACTION = "la gestion du catalogue de formations"
TYPED = "saisie"  # the source of a training typed in the app


@dataclass(slots=True)
class CatalogueReport:
    """What an import did, or would do (dry run), or why it did nothing."""

    filename: str
    dry_run: bool = False
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    errors: list[CatalogueRowError] = field(default_factory=list)
    error_count: int = 0
    written: bool = False

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def truncated(self) -> bool:
        return self.error_count > len(self.errors)

    def summary(self) -> str:
        """The counts in French (the audit detail)."""
        head = "simulation d'import" if self.dry_run else "import"
        if not self.ok:
            return f"{head} du catalogue de formations refusé : {self.error_count} erreurs"
        return (
            f"{head} du catalogue de formations : {self.rows} lignes, {self.created} créées, "
            f"{self.updated} modifiées, {self.unchanged} inchangées"
        )


@dataclass(frozen=True, slots=True)
class StudyTraining:
    """A training between jobs that a referential's study declares."""

    referential: str
    training: Training
    overridden: bool  # the catalogue holds a training of the same code, which stands for it


@dataclass(frozen=True, slots=True)
class CatalogueView:
    trainings: tuple[CatalogueTraining, ...]
    study: tuple[StudyTraining, ...]

    @property
    def count(self) -> int:
        return len(self.trainings) + sum(1 for s in self.study if not s.overridden)


class TrainingFormError(ParcoursError):
    """A training typed in the app is invalid: the message of each field at fault."""

    def __init__(self, errors: Mapping[str, str]) -> None:
        super().__init__(" ; ".join(f"{k} : {v}" for k, v in errors.items()))
        self.errors = dict(errors)


def require_editor(actor: Principal) -> None:
    require_hr(actor, ACTION)


class _Competencies:
    """Every referential's competencies, to check that a name means one of them."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.resolvers: list[CompetencyResolver] = []
        for summary in uow.referentials.list_referentials():
            referential = uow.referentials.get(summary.name)
            if referential is not None and referential.competencies:
                self.resolvers.append(CompetencyResolver(referential))

    def known(self, name: str) -> bool:
        return any(r.resolve(name) is not None for r in self.resolvers)

    def unknown(self, training: CatalogueTraining) -> list[str]:
        return [c.competency for c in training.competencies if not self.known(c.competency)]


def _unknown_message(names: Sequence[str]) -> str:
    shown = ", ".join(f"« {n} »" for n in names)
    if len(names) == 1:
        return f"compétence inconnue dans les référentiels : {shown}"
    return f"compétences inconnues dans les référentiels : {shown}"


def import_catalogue(
    uow_factory: UowFactory,
    actor: Principal,
    data: bytes,
    filename: str,
    *,
    dry_run: bool = False,
    encoding: str | None = None,
) -> CatalogueReport:
    """Check the whole file, then write it in one transaction (or, dry run, only count)."""
    require_editor(actor)
    name = PurePath(filename.replace("\\", "/").replace("\x00", "")).name or "catalogue"
    report = CatalogueReport(filename=name, dry_run=dry_run)
    errors: list[CatalogueRowError] = []
    trainings: list[CatalogueTraining] = []
    try:
        table = read_catalogue(data, name, encoding or None)
    except CatalogueFileError as exc:
        errors.append(CatalogueRowError(None, str(exc)))
    else:
        report.rows = table.rows
        errors += table.errors
        trainings = table.trainings
    now = datetime.now(UTC)
    with uow_factory() as uow:
        if trainings:
            known = _Competencies(uow)
            for training in trainings:
                unknown = known.unknown(training)
                if unknown:
                    errors.append(
                        CatalogueRowError(training.line, _unknown_message(unknown), "competences")
                    )
        ordered = sorted(errors, key=lambda e: -1 if e.line is None else e.line)
        report.errors = ordered[:MAX_ERRORS]
        report.error_count = len(ordered)
        if report.ok:
            stamped = [replace(t, updated_at=now, updated_by=actor.account) for t in trainings]
            report.created, report.updated, report.unchanged = uow.trainings.save_trainings(stamped)
            if dry_run:
                uow.rollback()
            report.written = not dry_run
        audit(uow, actor, "import", None, report.summary())
        uow.commit()
    return report


def catalogue(uow_factory: UowFactory) -> CatalogueView:
    """The catalogue: the imported or typed trainings, and the study's trainings between jobs of
    every referential (marked when a catalogue training of the same code stands for them)."""
    with uow_factory() as uow:
        trainings = tuple(uow.trainings.list_trainings())
        codes = {t.key for t in trainings}
        study: list[StudyTraining] = []
        for summary in uow.referentials.list_referentials():
            referential = uow.referentials.get(summary.name)
            if referential is None:
                continue
            for key, training in sorted(referential.trainings.items()):
                study.append(StudyTraining(summary.name, training, key in codes))
    return CatalogueView(trainings, tuple(study))


def training(uow_factory: UowFactory, key: str) -> CatalogueTraining:
    with uow_factory() as uow:
        found = uow.trainings.get_training(key)
    if found is None:
        raise NotFoundError(f"formation inconnue : « {key} »")
    return found


def offer(uow: UnitOfWork) -> list[CatalogueTraining]:
    """The catalogue's trainings, for the gap analysis (inside the caller's unit of work)."""
    return uow.trainings.list_trainings()


@dataclass(frozen=True, slots=True)
class TrainingForm:
    """A training as typed in the app's form: every field as text."""

    title: str
    key: str = ""
    duration: str = ""
    modality: str = ""
    provider: str = ""
    competencies: str = ""
    prerequisites: str = ""
    cost: str = ""

    @classmethod
    def of(cls, training: CatalogueTraining) -> TrainingForm:
        return cls(
            title=training.title,
            key=training.key,
            duration=training.duration or "",
            modality=training.modality.value if training.modality else "",
            provider=training.provider or "",
            competencies="\n".join(
                c.competency if c.level is None else f"{c.competency} : {c.level}"
                for c in training.competencies
            ),
            prerequisites="\n".join(training.prerequisites),
            cost=(f"{training.cost:.2f}".replace(".", ",").removesuffix(",00"))
            if training.cost is not None
            else "",
        )


def _from_form(form: TrainingForm, known: _Competencies) -> CatalogueTraining:
    errors: dict[str, str] = {}
    title = form.title.strip()
    if not title:
        errors["title"] = "titre manquant"
    elif len(title) > MAX_TITLE:
        errors["title"] = f"titre trop long (plus de {MAX_TITLE} caractères)"
    key = slugify(form.key.strip() or title)[:MAX_KEY]
    if title and not key:
        errors["key"] = f"code invalide : « {form.key} »"
    duration: str | None = None
    hours: float | None = None
    if form.duration.strip():
        try:
            duration, hours = parse_duration_cell(form.duration)
        except ValueError as exc:
            errors["duration"] = str(exc)
    modality: Modality | None = None
    if form.modality.strip():
        try:
            modality = parse_modality(form.modality)
        except ValueError as exc:
            errors["modality"] = str(exc)
    competencies: tuple[DevelopedCompetency, ...] = ()
    try:
        competencies = parse_competencies(form.competencies)
    except ValueError as exc:
        errors["competencies"] = str(exc)
    else:
        unknown = [c.competency for c in competencies if not known.known(c.competency)]
        if not competencies:
            errors["competencies"] = "aucune compétence développée"
        elif unknown:
            errors["competencies"] = _unknown_message(unknown)
    cost: float | None = None
    if form.cost.strip():
        try:
            cost = parse_cost(form.cost)
        except ValueError as exc:
            errors["cost"] = str(exc)
    if errors:
        raise TrainingFormError(errors)
    return CatalogueTraining(
        key=key,
        title=title,
        duration=duration,
        hours=hours,
        modality=modality,
        provider=form.provider.strip()[:MAX_TITLE] or None,
        competencies=competencies,
        prerequisites=split_list(form.prerequisites),
        cost=cost,
        source=TYPED,
    )


def save_training(
    uow_factory: UowFactory, actor: Principal, form: TrainingForm, *, replacing: str | None = None
) -> CatalogueTraining:
    """Add a training (``replacing`` None: its code must be new) or change the training
    ``replacing`` (its code may change, when the new one is free). ``TrainingFormError`` names
    every field at fault; nothing is written then."""
    require_editor(actor)
    with uow_factory() as uow:
        training = _from_form(form, _Competencies(uow))
        if replacing is not None and uow.trainings.get_training(replacing) is None:
            raise NotFoundError(f"formation inconnue : « {replacing} »")
        if training.key != replacing and uow.trainings.get_training(training.key) is not None:
            raise TrainingFormError(
                {"key": f"une formation du catalogue a déjà le code « {training.key} »"}
            )
        if replacing is not None and replacing != training.key:
            uow.trainings.delete_training(replacing)
        stamped = replace(training, updated_at=datetime.now(UTC), updated_by=actor.account)
        uow.trainings.save_trainings([stamped])
        verb = "ajout" if replacing is None else "modification"
        audit(uow, actor, "write", None, f"catalogue de formations : {verb} de « {training.key} »")
        uow.commit()
    return stamped


def delete_training(uow_factory: UowFactory, actor: Principal, key: str) -> None:
    require_editor(actor)
    with uow_factory() as uow:
        if not uow.trainings.delete_training(key):
            raise NotFoundError(f"formation inconnue : « {key} »")
        audit(uow, actor, "write", None, f"catalogue de formations : suppression de « {key} »")
        uow.commit()


@dataclass(frozen=True, slots=True)
class TrainingTowards:
    """A training that leads to a job: the study declares it for a move into the job, or it
    develops competencies the job requires (``develops``: their labels, essential first)."""

    key: str
    title: str
    duration: str | None
    declared_from: tuple[str, ...]  # the jobs a study's declared move starts from
    develops: tuple[str, ...]
    catalogue: bool


def leading_to(
    uow_factory: UowFactory,
    referential: Referential,
    job: str,
    *,
    limit: int = 6,
    whole: Callable[[], Referential] | None = None,
) -> list[TrainingTowards]:
    """The trainings that lead to ``job``: the study's trainings declared for a move into it,
    then the catalogue's that develop the most of its essential competencies (then optional).

    ``referential`` needs the job whole, the labels of its competencies, the jobs and the
    trainings; ``whole`` reads the whole referential when it holds less (a page's outline):
    the catalogue's competencies are resolved against all of its competencies, and only read
    when there is a catalogue."""
    target = referential.jobs[job]
    essential = {r.competency for r in target.requirements if r.importance is Importance.ESSENTIAL}
    required = {r.competency for r in target.requirements}
    labels = {
        k: referential.competencies[k].label for k in required if k in referential.competencies
    }
    found: list[TrainingTowards] = []
    for key, training in sorted(referential.trainings.items()):
        starts = tuple(a for a, b in training.transitions if b == job)
        if starts:
            titles = tuple(
                referential.jobs[a].title if a in referential.jobs else a for a in starts
            )
            found.append(TrainingTowards(key, training.title, training.duration, titles, (), False))
    ranked: list[tuple[int, int, str, TrainingTowards]] = []
    with uow_factory() as uow:
        offered = uow.trainings.list_trainings()
    if not offered:  # no catalogue: no resolver over (say) ROME\x27s 33,000 competencies
        return found[:limit]
    resolver = CompetencyResolver(whole() if whole is not None else referential)
    for entry in offered:
        resolved = {resolver.resolve(c.competency) for c in entry.competencies}
        keys = {k for k in resolved if k is not None} & required
        if not keys:
            continue
        develops = tuple(
            labels.get(k, k) for k in sorted(keys, key=lambda k: (k not in essential, k))
        )
        towards = TrainingTowards(entry.key, entry.title, entry.duration, (), develops, True)
        ranked.append((-len(keys & essential), -len(keys), entry.title, towards))
    found += [t for *_, t in sorted(ranked, key=lambda r: r[:3])]
    return found[:limit]
