"""Team skills matrix and contact-centre request themes (issue 5, point 5).

Who may see what:

- the teams and their matrices: HR (every team) and managers (the teams they manage);
  employees and jury members are refused;
- request themes: HR defines them (add, replace, delete, CSV import); managers read them;
- anonymity: a group is shown person by person only to HR, or when it has at least
  ``minimum`` people (setting ``min_group_size``, ``domain.access.shows_people``). Otherwise the
  view holds aggregates only: counts of holders at or above the expected level and of advisors
  able to take each theme, never a level, a name or a row. Two more rules keep those counts
  from being narrowed down to a person: a view of several teams is shown person by person only
  if each team in it reaches the minimum by itself (else the difference with a single team's
  view would single people out), and a non-HR viewer cannot filter a group by job below the
  minimum (the filtered view would be a sub-team's counts).

Every matrix read leaves one audit event (subject none, detail « matrice équipe <codes> »).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from parcours.domain.access import (
    AccessDenied,
    Principal,
    Role,
    require_hr,
    require_manage_team,
    require_role,
    shows_people,
)
from parcours.domain.competency import PROFICIENCY_SCALE
from parcours.domain.errors import NotFoundError, ParcoursError
from parcours.domain.french import count
from parcours.domain.people import Person, current_levels
from parcours.domain.referential import Referential
from parcours.engine import team as engine
from parcours.engine.normalise import fold
from parcours.services.access import audit
from parcours.services.ports import UnitOfWork, UowFactory
from parcours.services.ports.themes import RequestTheme

MATRIX_ACTION = "la matrice d'équipe"
MAX_THEME_NAME = 200


class ThemeImportError(ParcoursError):
    """A themes file with invalid lines: nothing was imported; ``errors`` lists (line, reason)."""

    def __init__(self, errors: list[tuple[int, str]]) -> None:
        shown = "; ".join(f"ligne {line} : {reason}" for line, reason in errors[:20])
        more = f" (et {count(len(errors) - 20, 'autre', 'autres')})" if len(errors) > 20 else ""
        bad = count(len(errors), "ligne invalide", "lignes invalides")
        super().__init__(f"{bad}, rien n'est importé : {shown}{more}")
        self.errors = errors


# --- teams -----------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class TeamInfo:
    code: str
    name: str
    size: int


def visible_teams(uow_factory: UowFactory, actor: Principal) -> list[TeamInfo]:
    """The teams whose matrix the actor may open: all for HR, their own for a manager."""
    require_role(actor, Role.MANAGER, MATRIX_ACTION)
    with uow_factory() as uow:
        teams = [t for t in uow.people.list_teams() if actor.is_hr or t.code in actor.teams]
        return [TeamInfo(t.code, t.name, uow.people.count_people(teams=[t.code])) for t in teams]


# --- the matrix ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: str
    kind: str | None
    reference: int  # the group's bar (highest level a job of the group expects)
    needed: int  # people whose job requires it
    holders: int  # people at or above the level expected of them
    assessed: int | None  # people assessed on it (None when the group is hidden)
    share: float  # holders / group size


@dataclass(frozen=True, slots=True)
class Row:
    person: str
    label: str
    team: str | None
    job: str | None
    job_title: str | None
    levels: list[int | None]  # one per column, None: not assessed
    expected: list[int | None]  # None: the job does not require it
    status: list[str]  # engine.STATUS_NAMES


@dataclass(frozen=True, slots=True)
class WeakSpot:
    """A required competency with fewer holders than the threshold (1: single point, 0: gap)."""

    competency: str
    label: str
    holders: int
    needed: int
    names: list[str] | None  # the holders, only when the group is shown person by person


@dataclass(frozen=True, slots=True)
class ThemeView:
    id: int | None
    name: str
    referential: str
    requirements: list[tuple[str, str, int]]  # key, label, level
    min_advisors: int
    share: float | None
    capable: int
    alert: bool
    names: list[str] | None  # who can take it, only when shown person by person
    one_short: list[tuple[str, str, int]]  # key, label, people missing only that competency


@dataclass(frozen=True, slots=True)
class TrainingAdvice:
    competency: str
    label: str
    level: int
    themes: list[str]
    alerts: list[str]
    candidates: int
    names: list[str] | None


@dataclass(frozen=True, slots=True)
class TeamMatrix:
    title: str
    teams: list[str]
    job: str | None
    size: int
    minimum: int
    shown: bool  # person by person
    columns: list[Column]
    rows: list[Row] | None
    weak_spots: list[WeakSpot]
    bottlenecks: list[Column]
    themes: list[ThemeView]
    advice: TrainingAdvice | None
    spof_below: int


def _job_levels(ref: Referential | None, job: str | None) -> dict[str, int]:
    if ref is None or job is None or job not in ref.jobs:
        return {}
    # A requirement without a stated level: any assessed level counts (level 1).
    return {r.competency: r.level or 1 for r in ref.jobs[job].requirements}


def _select(
    uow: UnitOfWork, actor: Principal, teams: Sequence[str], job: str | None
) -> tuple[list[Person], list[str]]:
    codes = list(dict.fromkeys(t.strip() for t in teams if t.strip()))
    if not codes and not job:
        raise ParcoursError("choisissez au moins une équipe ou un poste")
    for code in codes:
        require_manage_team(actor, code)  # before existence: no probing of others' teams
        if uow.people.get_team(code) is None and not uow.people.count_people(teams=[code]):
            raise NotFoundError(f"équipe inconnue : {code}")
    scope: list[str] | None = codes or (None if actor.is_hr else sorted(actor.teams))
    people = uow.people.list_people(teams=scope) if scope != [] else []
    if job:
        people = [p for p in people if p.job == job]
    return people, codes


def _shown(actor: Principal, people: Sequence[Person], minimum: int, filtered: bool) -> bool:
    if actor.is_hr:
        return True
    if not shows_people(actor, len(people), minimum):
        if filtered:
            raise AccessDenied(
                "accès refusé : ce groupe filtré par poste compte moins de "
                f"{minimum} personnes ; consultez l'équipe entière"
            )
        return False
    per_team = Counter(p.team for p in people)
    return all(n >= minimum for n in per_team.values())


def team_matrix(
    uow_factory: UowFactory,
    actor: Principal,
    teams: Sequence[str],
    *,
    minimum: int,
    job: str | None = None,
    include_assessed: bool = False,
    spof_below: int = 2,
) -> TeamMatrix:
    """The matrix of one or several teams (or of the people holding ``job``, within the actor's
    teams for a manager), with coverage, weak spots, bottlenecks and request themes."""
    require_role(actor, Role.MANAGER, MATRIX_ACTION)
    spof_below = max(1, spof_below)
    with uow_factory() as uow:
        people, codes = _select(uow, actor, teams, job)
        shown = _shown(actor, people, minimum, filtered=bool(job))
        refs: dict[str, Referential | None] = {}
        for p in people:
            if p.referential and p.referential not in refs:
                refs[p.referential] = uow.referentials.get(p.referential)
        history = uow.people.assessments_of_many([p.id for p in people])
        levels = {
            pid: {k: a.level for k, a in current_levels(items).items()}
            for pid, items in history.items()
        }
        themes = [t for name in sorted(refs) for t in uow.themes.list_themes(name)]
        title = ", ".join(codes) if codes else "toutes les équipes"
        if job:
            title += f" — poste {job}"
        audit(uow, actor, "read", None, f"matrice équipe {title}")
        uow.commit()
    return _compose(
        people,
        refs,
        levels,
        themes,
        codes,
        job,
        title,
        shown,
        minimum,
        include_assessed and shown,  # off-job columns could single out a small group
        spof_below,
    )


def _compose(
    people: Sequence[Person],
    refs: dict[str, Referential | None],
    levels: dict[str, dict[str, int]],
    themes: Sequence[RequestTheme],
    codes: list[str],
    job: str | None,
    title: str,
    shown: bool,
    minimum: int,
    include_assessed: bool,
    spof_below: int,
) -> TeamMatrix:
    job_ids = [f"{p.referential}\x1f{p.job}" if p.job else None for p in people]
    job_levels: dict[str, dict[str, int]] = {}
    for p, jid in zip(people, job_ids, strict=True):
        if jid is not None and jid not in job_levels:
            job_levels[jid] = _job_levels(refs.get(p.referential or ""), p.job)
    # Columns: what the group's jobs require (the most common job first), then what the themes
    # ask, then (on request) whatever else was assessed.
    keys: dict[str, None] = {}
    for jid, _n in Counter(j for j in job_ids if j is not None).most_common():
        keys.update(dict.fromkeys(job_levels[jid]))
    fallback: dict[str, int] = {}
    for theme in themes:
        for key, lvl in theme.competencies:
            keys.setdefault(key)
            fallback[key] = max(fallback.get(key, 0), lvl)
    if include_assessed:
        keys.update(dict.fromkeys(sorted({k for held in levels.values() for k in held})))
    competencies = list(keys)
    grid = engine.build_grid(
        [p.id for p in people], competencies, levels, job_ids, job_levels, fallback=fallback
    )
    specs = [engine.ThemeSpec(t.name, t.competencies, t.min_advisors, t.share) for t in themes]
    cover = engine.coverage(grid)
    capacities = engine.theme_capacity(grid, specs)
    advice = engine.recommend_training(grid, specs, capacities)

    def label(key: str) -> str:
        for ref in refs.values():
            if ref is not None and key in ref.competencies:
                return ref.competencies[key].label
        return key

    def kind(key: str) -> str | None:
        for ref in refs.values():
            if ref is not None and key in ref.competencies:
                return ref.competencies[key].kind.value
        return None

    def name(row: int) -> str:
        return people[row].label

    columns = [
        Column(
            c.competency,
            label(c.competency),
            kind(c.competency),
            c.reference,
            c.needed,
            c.holders,
            c.assessed if shown else None,
            c.share,
        )
        for c in cover
    ]
    by_key = {c.key: c for c in columns}
    rows: list[Row] | None = None
    if shown:
        titles = {f"{n}\x1f{k}": j.title for n, r in refs.items() if r for k, j in r.jobs.items()}
        # Whole arrays to Python lists at once (C speed), not cell by cell.
        none = np.asarray(None, dtype=object)
        level_rows = np.where(grid.levels > 0, grid.levels, none).tolist()
        expected_rows = np.where(grid.expected > 0, grid.expected, none).tolist()
        status_rows = np.asarray(engine.STATUS_NAMES, dtype=object)[grid.status()].tolist()
        rows = [
            Row(
                person=p.id,
                label=p.label,
                team=p.team,
                job=p.job,
                job_title=titles.get(job_ids[i] or ""),
                levels=level_rows[i],
                expected=expected_rows[i],
                status=status_rows[i],
            )
            for i, p in enumerate(people)
        ]
    weak = [
        WeakSpot(
            c.competency,
            label(c.competency),
            c.holders,
            c.needed,
            [name(r) for r in c.holder_rows] if shown else None,
        )
        for c in engine.single_points_of_failure(cover, below=spof_below)
    ]
    theme_views = [
        ThemeView(
            id=t.id,
            name=t.name,
            referential=t.referential,
            requirements=[(k, label(k), lvl) for k, lvl in t.competencies],
            min_advisors=t.min_advisors,
            share=t.share,
            capable=cap.capable,
            alert=cap.alert,
            names=[name(r) for r in cap.capable_rows] if shown else None,
            one_short=[(k, label(k), n) for k, n in cap.one_short.items()],
        )
        for t, cap in zip(themes, capacities, strict=True)
    ]
    advice_view = None
    if advice is not None:
        advice_view = TrainingAdvice(
            advice.competency,
            label(advice.competency),
            advice.level,
            list(advice.themes),
            list(advice.alerts),
            len(advice.candidates),
            [name(r) for r in advice.candidates] if shown else None,
        )
    return TeamMatrix(
        title=title,
        teams=codes,
        job=job,
        size=len(people),
        minimum=minimum,
        shown=shown,
        columns=columns,
        rows=rows,
        weak_spots=weak,
        bottlenecks=[by_key[c.competency] for c in engine.bottlenecks(cover)][:10],
        themes=theme_views,
        advice=advice_view,
        spof_below=spof_below,
    )


# --- request themes --------------------------------------------------------------------------


def _referential(uow: UnitOfWork, name: str) -> Referential:
    ref = uow.referentials.get(name)
    if ref is None:
        raise NotFoundError(f"référentiel inconnu : « {name} »")
    return ref


def list_themes(
    uow_factory: UowFactory, actor: Principal, referential: str | None = None
) -> list[RequestTheme]:
    """The request themes (of one referential, or all): HR and managers."""
    require_role(actor, Role.MANAGER, "la consultation des thèmes de demandes")
    with uow_factory() as uow:
        return uow.themes.list_themes(referential)


def _competency_key(ref: Referential, given: str) -> str | None:
    text = given.strip()
    if text in ref.competencies:
        return text
    folded = fold(text)
    for key, comp in ref.competencies.items():
        if fold(comp.label) == folded or fold(key) == folded:
            return key
    return None


def _check_theme(
    ref: Referential,
    name: str,
    competencies: Sequence[tuple[str, int]],
    min_advisors: int,
    share: float | None,
) -> tuple[RequestTheme | None, list[tuple[int | None, str]]]:
    """The theme, or the errors: (index of the competency at fault or None, reason)."""
    errors: list[tuple[int | None, str]] = []
    name = " ".join(name.split())
    if not name:
        errors.append((None, "le thème n'a pas de nom"))
    elif len(name) > MAX_THEME_NAME:
        errors.append((None, f"nom de thème trop long (plus de {MAX_THEME_NAME} caractères)"))
    if min_advisors < 1:
        errors.append(
            (None, f"nombre minimal de conseillers invalide : {min_advisors} (au moins 1)")
        )
    if share is not None and not 0 <= share <= 1:
        errors.append((None, f"part des demandes invalide : {share} (entre 0 et 1)"))
    if not competencies:
        errors.append((None, "le thème ne demande aucune compétence"))
    resolved: list[tuple[str, int]] = []
    for index, (given, level) in enumerate(competencies):
        key = _competency_key(ref, given)
        if key is None:
            errors.append((index, f"compétence inconnue dans « {ref.name} » : {given}"))
        elif level not in PROFICIENCY_SCALE:
            errors.append((index, f"niveau invalide pour « {key} » : {level} (attendu : 1 à 4)"))
        elif any(k == key for k, _ in resolved):
            errors.append((index, f"compétence en double dans le thème : {key}"))
        else:
            resolved.append((key, level))
    if errors:
        return None, errors
    return RequestTheme(ref.name, name, tuple(resolved), min_advisors, share), []


def save_theme(
    uow_factory: UowFactory,
    actor: Principal,
    referential: str,
    name: str,
    competencies: Sequence[tuple[str, int]],
    *,
    min_advisors: int = 2,
    share: float | None = None,
) -> RequestTheme:
    """Add a theme, or replace the one of the same name in the referential (HR)."""
    require_hr(actor, "la définition des thèmes de demandes")
    with uow_factory() as uow:
        ref = _referential(uow, referential)
        theme, errors = _check_theme(ref, name, competencies, min_advisors, share)
        if theme is None:
            raise ParcoursError("thème invalide : " + " ; ".join(e for _, e in errors))
        theme_id = uow.themes.save_theme(theme)
        uow.commit()
    return RequestTheme(
        theme.referential, theme.name, theme.competencies, theme.min_advisors, theme.share, theme_id
    )


def delete_theme(uow_factory: UowFactory, actor: Principal, theme_id: int) -> None:
    require_hr(actor, "la suppression des thèmes de demandes")
    with uow_factory() as uow:
        if not uow.themes.delete_theme(theme_id):
            raise NotFoundError(f"thème inconnu : {theme_id}")
        uow.commit()


@dataclass(frozen=True, slots=True)
class ThemeImport:
    created: int
    replaced: int
    themes: list[RequestTheme]


def _int(text: str) -> int | None:
    try:
        return int(text.strip())
    except ValueError:
        return None


def parse_themes(ref: Referential, text: str) -> tuple[list[RequestTheme], list[tuple[int, str]]]:
    """Themes from CSV lines ``theme;competency;level;min_advisors[;share %]`` (a first line
    whose level is not a number is a header; the share is a percentage of the incoming
    requests); the themes and the (line, reason) errors."""
    delimiter = ";" if ";" in text.split("\n", 1)[0] or "," not in text else ","
    errors: list[tuple[int, str]] = []
    order: list[str] = []
    lines: dict[str, list[tuple[int, str, int]]] = {}
    settings: dict[str, tuple[int, int, float | None]] = {}  # theme -> (line, min, share)
    for number, cells in enumerate(csv.reader(io.StringIO(text), delimiter=delimiter), 1):
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue
        if number == 1 and len(cells) >= 3 and _int(cells[2]) is None:
            continue  # header
        if len(cells) < 4:
            errors.append((number, "4 colonnes attendues : thème;compétence;niveau;minimum"))
            continue
        name, competency, level_text, minimum_text = cells[:4]
        share_text = cells[4] if len(cells) > 4 else ""
        level, minimum = _int(level_text), _int(minimum_text)
        share: float | None = None
        if level is None:
            errors.append((number, f"niveau non numérique : {level_text!r}"))
            continue
        if minimum is None:
            errors.append((number, f"minimum de conseillers non numérique : {minimum_text!r}"))
            continue
        if share_text:  # a percentage of the incoming requests, "40" or "40 %"
            try:
                share = float(share_text.rstrip("%").strip().replace(",", ".")) / 100
            except ValueError:
                errors.append((number, f"part des demandes non numérique : {share_text!r}"))
                continue
        name = " ".join(name.split())
        held = settings.get(name)
        if held is not None and (held[1], held[2]) != (minimum, share if share_text else held[2]):
            errors.append(
                (number, f"minimum ou part différents de la ligne {held[0]} pour le thème {name!r}")
            )
            continue
        if held is None:
            settings[name] = (number, minimum, share)
            order.append(name)
            lines[name] = []
        lines[name].append((number, competency, level))
    themes: list[RequestTheme] = []
    for name in order:
        first, minimum, share = settings[name]
        items = lines[name]
        theme, problems = _check_theme(ref, name, [(c, lvl) for _, c, lvl in items], minimum, share)
        if theme is not None:
            themes.append(theme)
            continue
        for index, problem in problems:
            line = items[index][0] if index is not None else first
            errors.append((line, f"thème {name!r} : {problem}"))
    errors.sort()
    return themes, errors


def import_themes(
    uow_factory: UowFactory, actor: Principal, referential: str, data: bytes
) -> ThemeImport:
    """Import themes from CSV (HR): every line checked, nothing saved when one is invalid;
    a theme already defined under the same name is replaced."""
    require_hr(actor, "l'import des thèmes de demandes")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ParcoursError("fichier illisible : encodage UTF-8 attendu") from exc
    with uow_factory() as uow:
        ref = _referential(uow, referential)
        themes, errors = parse_themes(ref, text)
        if not errors and not themes:
            errors = [(1, "aucun thème dans le fichier")]
        if errors:
            raise ThemeImportError(errors)
        created, replaced = uow.themes.save_themes(themes)
        saved = {t.name: t for t in uow.themes.list_themes(ref.name)}
        uow.commit()
    return ThemeImport(created, replaced, [saved[t.name] for t in themes])
