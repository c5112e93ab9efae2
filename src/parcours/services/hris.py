"""Bulk import of people and assessments from an HRIS export (CSV or Excel): all or nothing.

The file is read by ``ingest.hris`` (pure), then every row is checked against the database
(referentials, jobs, teams, people, competencies and their scales) with dictionaries built once,
so that a file of 250,000 people costs a few bulk statements, not one query per row. If any row
is invalid nothing is written and the report lists every error with its line and its reason; a
valid file is written in one transaction. Re-importing the same file changes nothing: people are
upserted by pseudonym, assessments already held (same person, competency, source, date and level)
are not added again. Every written row keeps its provenance (file name and line).

Only HR administrators may import; each import (written, simulated or refused) leaves an audit
event ``import`` whose detail holds counts only, never personal data. See docs/hris.md.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import PurePath
from typing import TypeVar

from parcours.domain.access import Principal, require_hr
from parcours.domain.competency import Competency, CompetencyKind
from parcours.domain.french import count
from parcours.domain.job import Job
from parcours.domain.people import Assessment, PeopleError, Person, Source, Team
from parcours.domain.profile import pseudonym
from parcours.domain.referential import Referential
from parcours.domain.scales import rate, scale_for
from parcours.ingest.hris import (
    HrisFileError,
    HrisKind,
    HrisRow,
    HrisTable,
    fold,
    open_table,
    parse_anchor,
    parse_date,
    parse_frequencies,
    parse_kind,
    parse_level,
    parse_share,
    parse_source,
)
from parcours.services.access import audit
from parcours.services.ports import UnitOfWork, UowFactory

MAX_ERRORS = 500  # errors kept in a report (the count is always the full one)
MAX_ID = 64  # pseudonyms and team codes (column sizes)
MAX_ASSESSOR = 128
ACTION = "l'import de personnes et d'évaluations"
NUL = "\x00"
T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class RowError:
    line: int | None  # None: the file as a whole
    message: str
    column: str | None = None


@dataclass(slots=True)
class HrisReport:
    """What an import did, or would do (dry run), or why it did nothing."""

    filename: str
    kind: HrisKind | None
    dry_run: bool = False
    rows: int = 0
    created: int = 0  # people
    updated: int = 0
    unchanged: int = 0
    teams_created: int = 0
    teams_updated: int = 0
    added: int = 0  # assessments
    already_present: int = 0
    errors: list[RowError] = field(default_factory=list)
    error_count: int = 0
    written: bool = False

    @property
    def ok(self) -> bool:
        return self.error_count == 0

    @property
    def truncated(self) -> bool:
        return self.error_count > len(self.errors)

    def summary(self) -> str:
        """The counts in French, without personal data (the audit detail)."""
        head = "simulation d'import" if self.dry_run else "import"
        kind = "personnes" if self.kind is HrisKind.PEOPLE else "évaluations"
        if not self.ok:
            errors = count(self.error_count, "erreur", "erreurs")
            return f"{head} {kind} refusé : {errors} sur {count(self.rows, 'ligne', 'lignes')}"
        if self.kind is HrisKind.PEOPLE:
            return (
                f"{head} personnes : {count(self.rows, 'ligne', 'lignes')}, "
                f"{count(self.created, 'créée', 'créées')}, "
                f"{count(self.updated, 'modifiée', 'modifiées')}, "
                f"{count(self.unchanged, 'inchangée', 'inchangées')} ; équipes : "
                f"{count(self.teams_created, 'créée', 'créées')}, "
                f"{count(self.teams_updated, 'modifiée', 'modifiées')}"
            )
        return (
            f"{head} évaluations : {count(self.rows, 'ligne', 'lignes')}, "
            f"{count(self.added, 'ajoutée', 'ajoutées')}, "
            f"{count(self.already_present, 'déjà présente', 'déjà présentes')}"
        )


class _Errors:
    """Every error of a file: all counted, sorted by line at the end, the first ones kept."""

    def __init__(self) -> None:
        self.items: list[RowError] = []

    def add(self, line: int | None, message: str, column: str | None = None) -> None:
        self.items.append(RowError(line, message, column))

    def __bool__(self) -> bool:
        return bool(self.items)

    def fill(self, report: HrisReport) -> None:
        ordered = sorted(self.items, key=lambda e: -1 if e.line is None else e.line)
        report.errors = ordered[:MAX_ERRORS]
        report.error_count = len(ordered)


def require_importer(actor: Principal) -> None:
    """Only HR imports (the page's form asks this too)."""
    require_hr(actor, ACTION)


def import_hris(
    uow_factory: UowFactory,
    actor: Principal,
    data: bytes,
    filename: str,
    *,
    salt: str,
    kind: HrisKind | str | None = None,
    dry_run: bool = False,
    encoding: str | None = None,
) -> HrisReport:
    """Check the whole file, then write it in one transaction (or, dry run, only count).
    ``encoding``: of a CSV file, when the caller knows it (else detected, or refused)."""
    require_importer(actor)
    name = PurePath(filename.replace("\\", "/").replace(NUL, "")).name or "import"
    errors = _Errors()
    report = HrisReport(filename=name, kind=None, dry_run=dry_run)
    try:
        wanted = parse_kind(kind) if isinstance(kind, str) else kind
        table = open_table(data, name, wanted, encoding or None)
    except HrisFileError as exc:
        errors.add(None, str(exc))
        errors.fill(report)
        with uow_factory() as uow:
            audit(uow, actor, "import", None, report.summary())
            uow.commit()
        return report
    report.kind = table.kind
    table.rows = _refuse_nul(table, table.rows)
    with uow_factory() as uow:
        if table.kind is HrisKind.PEOPLE:
            _import_people(uow, table, report, errors, salt)
        else:
            _import_assessments(uow, table, report, errors, salt)
        errors.fill(report)
        if not report.ok or dry_run:
            uow.rollback()
        report.written = report.ok and not dry_run
        audit(uow, actor, "import", None, report.summary())
        uow.commit()
    return report


def _refuse_nul(table: HrisTable, rows: Iterable[HrisRow]) -> Iterator[HrisRow]:
    """The rows, those holding a NUL character refused whole: PostgreSQL cannot store one in
    text, and no HRIS export has one unless the file is damaged or read in the wrong encoding
    (a UTF-16 file without its byte order mark)."""
    for row in rows:
        if row.problem is None:
            where = next((i for i, cell in enumerate(row.cells) if NUL in cell), None)
            if where is not None:
                header = table.header[where] if where < len(table.header) else str(where + 1)
                row = replace(
                    row,
                    problem=f"caractère nul (octet 0x00) dans la colonne « {header} » : "
                    "fichier endommagé, ou lu dans un autre encodage que le sien ?",
                )
        yield row


# --- resolution helpers -------------------------------------------------------------------


class _Referentials:
    """Referentials by name (exact or folded), loaded once each, with their job and competency
    indexes (key, title or label, folded)."""

    def __init__(self, uow: UnitOfWork) -> None:
        self.uow = uow
        self.names: dict[str, str] = {}
        for summary in uow.referentials.list_referentials():
            self.names[summary.name] = summary.name
            self.names.setdefault(fold(summary.name), summary.name)
        self.loaded: dict[str, Referential | None] = {}
        self.jobs: dict[str, dict[str, Job | None]] = {}
        self.competencies: dict[str, dict[str, Competency | None]] = {}
        # Lookups by the text given: an export repeats a few hundred values 250,000 times.
        self.job_cache: dict[tuple[str, str], tuple[Job | None, bool]] = {}
        self.competency_cache: dict[tuple[str, str], tuple[Competency | None, bool]] = {}
        self.name_cache: dict[str, str | None] = {}

    def name(self, given: str) -> str | None:
        if given not in self.name_cache:
            self.name_cache[given] = self.names.get(given) or self.names.get(fold(given))
        return self.name_cache[given]

    def get(self, name: str) -> Referential | None:
        if name not in self.loaded:
            self.loaded[name] = self.uow.referentials.get(name)
        return self.loaded[name]

    def job(self, name: str, given: str) -> tuple[Job | None, bool]:
        """The job key for a key or a title (folded), and whether the title is ambiguous."""
        cached = self.job_cache.get((name, given))
        if cached is None:
            cached = self.job_cache[(name, given)] = self._job(name, given)
        return cached

    def _job(self, name: str, given: str) -> tuple[Job | None, bool]:
        index = self.jobs.get(name)
        if index is None:
            index = self.jobs[name] = _index(
                self.get(name), lambda r: r.jobs.values(), lambda j: (j.key, j.title), _alt_titles
            )
        return _lookup(index, given)

    def competency(self, name: str, given: str) -> tuple[Competency | None, bool]:
        """The competency for a key, a label or a code (folded), and whether it is ambiguous."""
        cached = self.competency_cache.get((name, given))
        if cached is None:
            cached = self.competency_cache[(name, given)] = self._competency(name, given)
        return cached

    def _competency(self, name: str, given: str) -> tuple[Competency | None, bool]:
        index = self.competencies.get(name)
        if index is None:
            index = self.competencies[name] = _index(
                self.get(name),
                lambda r: r.competencies.values(),
                lambda c: (c.key, c.label, *c.codes),
                lambda c: (),
            )
        return _lookup(index, given)


def _alt_titles(job: Job) -> Sequence[str]:
    return job.alt_titles


def _index(
    referential: Referential | None,
    items: Callable[[Referential], Iterable[T]],
    names: Callable[[T], Sequence[str]],
    weaker: Callable[[T], Sequence[str]],
) -> dict[str, T | None]:
    """Exact keys, then folded names (None when two items share one); the weaker names
    (a job's other titles) only where no item has that name."""
    index: dict[str, T | None] = {}
    if referential is None:
        return index
    strong: dict[str, list[T]] = {}
    weak: dict[str, list[T]] = {}
    for item in items(referential):
        index[names(item)[0]] = item
        for text in names(item):
            found = strong.setdefault(fold(text), [])
            if item not in found:
                found.append(item)
        for text in weaker(item):
            found = weak.setdefault(fold(text), [])
            if item not in found:
                found.append(item)
    for key, found in weak.items():
        if key not in strong:
            strong[key] = found
    for key, found in strong.items():
        index.setdefault(key, found[0] if len(found) == 1 else None)
    return index


def _lookup(index: dict[str, T | None], given: str) -> tuple[T | None, bool]:
    if given in index:
        found = index[given]
    else:
        key = fold(given)
        if key not in index:
            return None, False
        found = index[key]
    return found, found is None


def _person_id(table: HrisTable, row: HrisRow, salt: str, errors: _Errors) -> str | None:
    if table.has("pseudonyme"):
        given = table.cell(row, "pseudonyme")
        if not given:
            errors.add(row.line, "pseudonyme manquant", "pseudonyme")
            return None
        if len(given) > MAX_ID:
            errors.add(row.line, f"pseudonyme trop long (plus de {MAX_ID} caractères)")
            return None
        return given
    given = table.cell(row, "matricule")
    if not given:
        errors.add(row.line, "matricule manquant", "matricule")
        return None
    return pseudonym(given, salt)


def _assessor(table: HrisTable, row: HrisRow, salt: str, errors: _Errors) -> str | None:
    """Who rated, by pseudonym: ``evaluateur`` holds an HR identifier (never stored: its
    pseudonym is), ``pseudonyme_evaluateur`` a pseudonym used as it is."""
    if table.has("pseudonyme_evaluateur"):
        given = table.cell(row, "pseudonyme_evaluateur")
        if len(given) > MAX_ID:
            errors.add(
                row.line,
                f"pseudonyme d'évaluateur trop long (plus de {MAX_ID} caractères)",
                "pseudonyme_evaluateur",
            )
            return None
        return given or None
    given = table.cell(row, "evaluateur")
    if len(given) > MAX_ASSESSOR:
        errors.add(
            row.line, f"évaluateur trop long (plus de {MAX_ASSESSOR} caractères)", "evaluateur"
        )
        return None
    return pseudonym(given, salt) if given else None


def _shown_id(table: HrisTable, row: HrisRow) -> str:
    column = "pseudonyme" if table.has("pseudonyme") else "matricule"
    return table.cell(row, column)


# --- people -------------------------------------------------------------------------------


@dataclass(slots=True)
class _PersonRow:
    """A row read, resolved as far as it could be (``ok``: with no error of its own)."""

    line: int
    id: str | None
    referential: str | None
    job: str | None
    team: str | None
    manager: str | None
    manager_shown: str
    display_name: str | None
    left_on: date | None
    ok: bool


def _import_people(
    uow: UnitOfWork, table: HrisTable, report: HrisReport, errors: _Errors, salt: str
) -> None:
    refs = _Referentials(uow)
    seen: dict[str, int] = {}
    team_names: dict[str, tuple[str, int]] = {}  # code -> (name given in the file, first line)
    pending: list[_PersonRow] = []
    manager_by_hr: dict[str, str] = {}  # HR id of a manager -> pseudonym (each derived once)
    has_manager = table.has("manager") or table.has("pseudonyme_manager")
    for row in table.rows:
        report.rows += 1
        if row.problem:
            errors.add(row.line, row.problem)
            continue
        line = row.line
        before = len(errors.items)
        pid = _person_id(table, row, salt, errors)
        if pid is not None:
            if pid in seen:
                errors.add(line, f"identifiant en double dans le fichier (déjà ligne {seen[pid]})")
            else:
                seen[pid] = line
        ref_given = table.cell(row, "referentiel")
        ref_name = refs.name(ref_given) if ref_given else None
        if not ref_given:
            errors.add(line, "référentiel manquant", "referentiel")
        elif ref_name is None:
            errors.add(line, f"référentiel inconnu : « {ref_given} »", "referentiel")
        job_given = table.cell(row, "emploi")
        job: str | None = None
        if not job_given:
            errors.add(line, "emploi manquant", "emploi")
        elif ref_name is not None:
            found_job, ambiguous = refs.job(ref_name, job_given)
            job = found_job.key if found_job is not None else None
            if ambiguous:
                errors.add(
                    line,
                    f"emploi ambigu dans « {ref_name} » : « {job_given} » (donnez son code)",
                    "emploi",
                )
            elif job is None:
                errors.add(line, f"emploi inconnu dans « {ref_name} » : « {job_given} »", "emploi")
        team = table.cell(row, "equipe") or None
        if team is not None and len(team) > MAX_ID:
            errors.add(line, f"code d'équipe trop long (plus de {MAX_ID} caractères)", "equipe")
        team_name = table.cell(row, "equipe_nom")
        if team_name and team is None:
            errors.add(line, "nom d'équipe sans code d'équipe", "equipe_nom")
        elif team_name and team is not None:
            held = team_names.get(team)
            if held is None:
                team_names[team] = (team_name, line)
            elif held[0] != team_name:
                errors.add(
                    line,
                    f"équipe « {team} » nommée « {held[0]} » ligne {held[1]} "
                    f"et « {team_name} » ici",
                    "equipe_nom",
                )
        manager: str | None = None
        manager_shown = ""
        if table.has("pseudonyme_manager"):
            manager_shown = table.cell(row, "pseudonyme_manager")
            manager = manager_shown or None
        elif table.has("manager"):
            manager_shown = table.cell(row, "manager")
            if manager_shown:
                manager = manager_by_hr.get(manager_shown)
                if manager is None:
                    manager = manager_by_hr[manager_shown] = pseudonym(manager_shown, salt)
        if manager is not None and manager == pid:
            errors.add(line, "une personne ne peut pas être son propre manager", "manager")
        left_on: date | None = None
        left_given = table.cell(row, "date_sortie")
        if left_given:
            try:
                left_on = parse_date(left_given)
            except ValueError as exc:
                errors.add(line, f"date de sortie : {exc}", "date_sortie")
        pending.append(
            _PersonRow(
                line,
                pid,
                ref_name,
                job,
                team,
                manager,
                manager_shown,
                table.cell(row, "nom") or None,
                left_on,
                ok=len(errors.items) == before,
            )
        )
    if report.rows == 0:
        errors.add(None, "aucune ligne de données après l'en-tête")
        return
    # What the database holds of these people and of the managers named outside the file.
    outside = {p.manager for p in pending if p.manager is not None and p.manager not in seen}
    known_ids = [p.id for p in pending if p.id is not None]
    existing = uow.people.get_people([*known_ids, *sorted(outside)])
    teams = {t.code: t for t in uow.people.list_teams()}
    for p in pending:
        known = existing.get(p.id) if p.id is not None else None
        if known is not None and known.erased:
            errors.add(p.line, "cette personne a été effacée (droit à l'effacement)")
        if p.manager is not None and p.manager not in seen:
            boss = existing.get(p.manager)
            if boss is None or boss.erased:
                errors.add(
                    p.line,
                    f"manager inconnu : « {p.manager_shown} » (ni dans le fichier ni en base)",
                    "manager",
                )
        if p.team is not None and p.team not in team_names and p.team not in teams:
            errors.add(
                p.line,
                f"équipe inconnue : « {p.team} » (ajoutez la colonne equipe_nom pour la créer)",
                "equipe",
            )
    if errors:
        return
    _refuse_manager_loops(uow, pending, existing, has_manager, errors)
    if errors:
        return
    people: list[Person] = []
    lines: list[int] = []
    for p in pending:
        assert p.ok and p.id is not None and p.referential is not None and p.job is not None
        known = existing.get(p.id)
        people.append(
            Person(
                id=p.id,
                referential=p.referential,
                job=p.job,
                team=p.team,
                manager=p.manager if has_manager else (known.manager if known else None),
                display_name=(
                    p.display_name if table.has("nom") else (known.display_name if known else None)
                ),
                left_on=(
                    p.left_on if table.has("date_sortie") else (known.left_on if known else None)
                ),
            )
        )
        lines.append(p.line)
    changed_teams = _teams(pending, team_names, teams, has_manager)
    created, updated, _unchanged = uow.people.save_teams(changed_teams)
    report.teams_created, report.teams_updated = created, updated
    report.created, report.updated, report.unchanged = uow.people.upsert_people(
        people, document=report.filename, lines=lines
    )


def _refuse_manager_loops(
    uow: UnitOfWork,
    pending: Sequence[_PersonRow],
    existing: dict[str, Person],
    has_manager: bool,
    errors: _Errors,
) -> None:
    """Two people each other's manager (or any loop, through the file and the database): each
    person of the file in a loop is an error of its line."""
    chain: dict[str, str | None] = {}
    lines_of: dict[str, int] = {}
    for p in pending:
        assert p.id is not None
        held = existing.get(p.id)
        chain[p.id] = p.manager if has_manager else (held.manager if held else None)
        lines_of[p.id] = p.line
    frontier = {m for m in chain.values() if m is not None and m not in chain}
    for _level in range(64):  # up the hierarchy held in the database
        if not frontier:
            break
        found = uow.people.get_people(sorted(frontier))
        following: set[str] = set()
        for pid in frontier:
            boss = found[pid].manager if pid in found else None
            chain[pid] = boss
            if boss is not None and boss not in chain:
                following.add(boss)
        frontier = following
    for p in pending:
        assert p.id is not None
        path = [p.id]
        current = chain.get(p.id)
        while current is not None and current not in path and len(path) <= len(chain):
            path.append(current)
            current = chain.get(current)
        if current == p.id and len(path) > 1:
            through = " → ".join(
                f"ligne {lines_of[x]}" if x in lines_of else x for x in [*path[1:], p.id]
            )
            errors.add(
                p.line,
                f"boucle de managers ({through}) : une personne ne peut pas être, même "
                "indirectement, le manager de son manager",
                "manager",
            )


def _teams(
    pending: Sequence[_PersonRow],
    names: dict[str, tuple[str, int]],
    held: dict[str, Team],
    has_manager: bool,
) -> list[Team]:
    """The teams of the file: named by equipe_nom (or as held), managed by the manager most of
    their members name (or as held when the file names none)."""
    bosses: dict[str, Counter[str]] = {}
    for p in pending:
        if p.team is not None and p.manager is not None and p.manager != p.id:
            bosses.setdefault(p.team, Counter())[p.manager] += 1
    out: list[Team] = []
    for code in dict.fromkeys(p.team for p in pending if p.team is not None):
        current = held.get(code)
        name = names[code][0] if code in names else (current.name if current else code)
        counter = bosses.get(code)
        if has_manager and counter:
            manager: str | None = counter.most_common(1)[0][0]
        else:
            manager = current.manager if current else None
        out.append(Team(code, name, manager=manager, parent=current.parent if current else None))
    return out


# --- assessments --------------------------------------------------------------------------


def _measure(kind: CompetencyKind, text: str) -> float | list[int] | int:
    if kind is CompetencyKind.SAVOIR:
        return parse_share(text)
    if kind is CompetencyKind.SAVOIR_ETRE:
        return parse_frequencies(text)
    return parse_anchor(text)


def _import_assessments(
    uow: UnitOfWork, table: HrisTable, report: HrisReport, errors: _Errors, salt: str
) -> None:
    rows: list[tuple[HrisRow, str]] = []
    for row in table.rows:
        report.rows += 1
        if row.problem:
            errors.add(row.line, row.problem)
            continue
        pid = _person_id(table, row, salt, errors)
        if pid is not None:
            rows.append((row, pid))
    if report.rows == 0:
        errors.add(None, "aucune ligne de données après l'en-tête")
        return
    ids = list(dict.fromkeys(pid for _row, pid in rows))
    people = uow.people.get_people(ids)
    refs = _Referentials(uow)
    today = date.today()
    to_add: list[Assessment] = []
    keys: set[tuple[str, str, str, date, int]] = set()
    for row, pid in rows:
        line = row.line
        person = people.get(pid)
        if person is None or person.erased:
            errors.add(line, f"personne inconnue : « {_shown_id(table, row)} »")
            continue
        if person.referential is None or refs.get(person.referential) is None:
            errors.add(line, "la personne n'est rattachée à aucun référentiel connu")
            continue
        before = len(errors.items)
        comp_given = table.cell(row, "competence")
        comp: Competency | None = None
        if not comp_given:
            errors.add(line, "compétence manquante", "competence")
        else:
            comp, ambiguous = refs.competency(person.referential, comp_given)
            if ambiguous:
                errors.add(
                    line,
                    f"compétence ambiguë dans « {person.referential} » : « {comp_given} »",
                    "competence",
                )
            elif comp is None:
                errors.add(
                    line,
                    f"compétence inconnue dans « {person.referential} » : « {comp_given} »",
                    "competence",
                )
        level_given = table.cell(row, "niveau")
        measure_given = table.cell(row, "mesure")
        level: int | None = None
        raw: float | None = None
        if level_given and measure_given:
            errors.add(line, "donnez un niveau ou une mesure, pas les deux", "niveau")
        elif not level_given and not measure_given:
            errors.add(line, "niveau ou mesure manquant", "niveau")
        elif level_given:
            try:
                level = parse_level(level_given)
            except ValueError as exc:
                errors.add(line, str(exc), "niveau")
        elif comp is not None:
            try:
                level, raw = rate(comp.kind, _measure(comp.kind, measure_given))
            except (ValueError, PeopleError) as exc:
                errors.add(
                    line,
                    f"mesure inadaptée à « {comp.label} » ({comp.kind.value}) : {exc}",
                    "mesure",
                )
        source = Source.IMPORT
        try:
            source = parse_source(table.cell(row, "source"))
        except ValueError as exc:
            errors.add(line, str(exc), "source")
        assessed_on: date | None = None
        date_given = table.cell(row, "date")
        if not date_given:
            errors.add(line, "date manquante", "date")
        else:
            try:
                assessed_on = parse_date(date_given)
            except ValueError as exc:
                errors.add(line, str(exc), "date")
            else:
                if assessed_on > today:
                    errors.add(line, f"date dans le futur : {assessed_on:%d/%m/%Y}", "date")
        assessor = _assessor(table, row, salt, errors)
        if len(errors.items) > before or comp is None or level is None or assessed_on is None:
            continue
        key = (pid, comp.key, source.value, assessed_on, level)
        if key in keys:
            report.already_present += 1
            continue
        keys.add(key)
        to_add.append(
            Assessment(
                person=pid,
                competency=comp.key,
                level=level,
                source=source,
                assessed_on=assessed_on,
                scale=scale_for(comp.kind).code,
                raw=raw,
                assessor=assessor,
                evidence=table.cell(row, "preuve") or None,
                document=report.filename,
                line=line,
            )
        )
    if errors:
        return
    held = uow.people.assessment_keys(ids)
    fresh = [
        a
        for a in to_add
        if (a.person, a.competency, a.source.value, a.assessed_on, a.level) not in held
    ]
    report.already_present += len(to_add) - len(fresh)
    report.added = uow.people.add_assessments(fresh)
