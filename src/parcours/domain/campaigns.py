"""The pure rules of assessment campaigns: what a person is rated on, how a measure is read
and checked, how the two sides compare, and who may rate whom.

No I/O: ``services/campaigns.py`` loads the campaign, the person and the referential, applies
these rules and keeps the ratings.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from parcours.domain.access import Principal, Role
from parcours.domain.competency import CompetencyKind
from parcours.domain.french import count
from parcours.domain.people import Assessment, PeopleError, Person, Source
from parcours.domain.referential import Referential
from parcours.domain.scales import FREQUENCIES, Scale, scale_for

Measure = float | int | Sequence[int]
SIDES: dict[str, Source] = {"self": Source.SELF, "manager": Source.MANAGER}
SIDE_LABELS: dict[Source, str] = {Source.SELF: "auto-évaluation", Source.MANAGER: "manager"}
DISAGREEMENT = 2  # levels apart: the two views disagree
MAX_COMMENT = 4000

_FREQUENCY_WORDS = {word: value for value, word in FREQUENCIES.items()}
_EVIDENCE = re.compile(r"fréquences : ([a-z, ]+)$")


@dataclass(frozen=True, slots=True)
class CampaignItem:
    """One competency a person is rated on in a campaign."""

    competency: str
    label: str
    kind: CompetencyKind
    scale: Scale
    expected: int | None
    indicators: tuple[str, ...] = ()  # the "Je ..." sentences of a savoir-être


@dataclass(frozen=True, slots=True)
class ComparisonLine:
    item: CampaignItem
    self_rating: Assessment | None
    manager_rating: Assessment | None

    @property
    def difference(self) -> int | None:
        """Manager's level minus the self level, when both are known."""
        if self.self_rating is None or self.manager_rating is None:
            return None
        return self.manager_rating.level - self.self_rating.level

    @property
    def disagreement(self) -> bool:
        return self.difference is not None and abs(self.difference) >= DISAGREEMENT

    @property
    def reference(self) -> Assessment | None:
        """The level that counts: the manager's, else the person's own."""
        return self.manager_rating or self.self_rating

    @property
    def below_expected(self) -> bool:
        ref = self.reference
        return ref is not None and self.item.expected is not None and ref.level < self.item.expected


def side_of(value: str | Source) -> Source:
    """``self`` or ``manager``; any other source has no place in a campaign."""
    source = value if isinstance(value, Source) else SIDES.get(str(value).strip().lower())
    if source not in (Source.SELF, Source.MANAGER):
        raise PeopleError(f"côté inconnu : {value} (attendu : self ou manager)")
    return source


def items_for(person: Person, referential: Referential | None) -> list[CampaignItem]:
    """The competencies the person's job requires, in its order, with their scales."""
    if referential is None or person.job is None or person.job not in referential.jobs:
        return []
    items = []
    for req in referential.jobs[person.job].requirements:
        comp = referential.competencies.get(req.competency)
        if comp is None:
            continue
        items.append(
            CampaignItem(
                competency=comp.key,
                label=comp.label,
                kind=comp.kind,
                scale=scale_for(comp.kind),
                expected=req.level,
                indicators=tuple(comp.indicators)
                if comp.kind is CompetencyKind.SAVOIR_ETRE
                else (),
            )
        )
    return items


def compare(
    items: Sequence[CampaignItem],
    history: Sequence[Assessment],
    campaign: int,
    *,
    shows_self: bool = True,
    shows_manager: bool = True,
) -> list[ComparisonLine]:
    """Per item, the latest campaign rating of each visible side."""
    latest: dict[tuple[str, Source], Assessment] = {}
    for a in history:  # oldest first: the last one stays
        if a.campaign == campaign and a.source in (Source.SELF, Source.MANAGER):
            latest[(a.competency, a.source)] = a
    return [
        ComparisonLine(
            item=item,
            self_rating=latest.get((item.competency, Source.SELF)) if shows_self else None,
            manager_rating=latest.get((item.competency, Source.MANAGER)) if shows_manager else None,
        )
        for item in items
    ]


def check_measure(item: CampaignItem, measure: Measure) -> None:
    """A measure of the right shape for the item (the scale checks the values)."""
    if isinstance(measure, bool):
        raise PeopleError(f"« {item.label} » : mesure invalide")
    if item.kind is CompetencyKind.SAVOIR_ETRE:
        if isinstance(measure, int | float):
            raise PeopleError(f"« {item.label} » : une fréquence par indicateur est attendue")
        if item.indicators and len(measure) != len(item.indicators):
            raise PeopleError(
                f"« {item.label} » : "
                f"{count(len(item.indicators), 'fréquence attendue', 'fréquences attendues')} "
                f"(une par indicateur), {count(len(measure), 'donnée', 'données')}"
            )
    elif (
        item.kind is CompetencyKind.SAVOIR_FAIRE
        and isinstance(measure, float)
        and not measure.is_integer()
    ):
        raise PeopleError(f"« {item.label} » : un repère de 1 à 4 est attendu")


def parse_measure(item: CampaignItem, text: str) -> Measure:
    """A measure written as text (a CSV cell, a form field): ``75 %`` or ``0.75`` for a savoir,
    ``3`` for a savoir-faire, ``3,4`` or ``souvent,toujours`` for a savoir-être."""
    value = text.strip()
    if not value:
        raise PeopleError(f"« {item.label} » : mesure vide")
    try:
        if item.kind is CompetencyKind.SAVOIR:
            percent = value.endswith("%")
            number = float(value.rstrip("% ").replace(",", "."))
            return number / 100 if percent or number > 1 else number
        if item.kind is CompetencyKind.SAVOIR_FAIRE:
            return int(value)
        parts = [p.strip().lower() for p in re.split(r"[,|/ ]+", value) if p.strip()]
        return [_FREQUENCY_WORDS[p] if p in _FREQUENCY_WORDS else int(p) for p in parts]
    except ValueError as exc:
        raise PeopleError(f"« {item.label} » : mesure illisible « {value} »") from exc


def frequencies_of(assessment: Assessment | None) -> list[int]:
    """The per-indicator frequencies kept in a savoir-être rating's evidence."""
    if assessment is None or not assessment.evidence:
        return []
    found = _EVIDENCE.search(assessment.evidence)
    if not found:
        return []
    words = [w.strip() for w in found.group(1).split(",")]
    return [_FREQUENCY_WORDS[w] for w in words if w in _FREQUENCY_WORDS]


def campaign_terms(
    name: str, starts_on: date, ends_on: date, teams: Sequence[str]
) -> tuple[str, list[str]]:
    """A new campaign's title (white space collapsed) and team codes (each once, in order);
    ``PeopleError`` when the name is empty, the dates reversed or no team given."""
    title = " ".join(name.split())
    if not title:
        raise PeopleError("le nom de la campagne est vide")
    if ends_on < starts_on:
        raise PeopleError("la campagne se termine avant de commencer")
    codes = list(dict.fromkeys(t.strip() for t in teams if t.strip()))
    if not codes:
        raise PeopleError("une campagne porte sur au moins une équipe")
    return title, codes


def concerns(actor: Principal, teams: Sequence[str], own_team: str | None) -> bool:
    """Whether a campaign over ``teams`` concerns the actor: HR, a manager of one of the
    teams, or a member of one (``own_team``: the actor's own team, when they have one)."""
    return (
        actor.is_hr
        or bool(actor.has(Role.MANAGER) and set(teams) & actor.teams)
        or (own_team is not None and own_team in teams)
    )


def evidence_text(campaign_name: str, item: CampaignItem, measure: Measure) -> str:
    """What a campaign rating records as its evidence: the campaign, and for a savoir-être
    the frequency of each indicator (read back by ``frequencies_of``)."""
    text = f"campagne « {campaign_name} »"
    if item.kind is CompetencyKind.SAVOIR_ETRE and not isinstance(measure, int | float):
        text += " ; fréquences : " + ", ".join(FREQUENCIES[int(f)] for f in measure)
    return text


def may_rate(actor: Principal, person: Person, side: Source) -> bool:
    """A person rates themselves; a manager rates the members of their teams, not themselves."""
    if side is Source.SELF:
        return actor.person is not None and actor.person == person.id
    return (
        actor.has(Role.MANAGER)
        and person.team is not None
        and person.team in actor.teams
        and actor.person != person.id
    )
