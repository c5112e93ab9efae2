"""Who may do what with personal data: roles, the acting principal and the rules.

Pure rules, no I/O. The services call them with the facts they have loaded (the person's team,
the juries a candidate sits before...) so that the API, the pages and the command line obey one
set of rules. A refused action raises ``AccessDenied``; the web turns it into 403, the command
line into exit code 1.

Roles
-----
- employee: their own data (profile, assessments, gap, self-assessment);
- manager: the people of the teams they manage (rating, team matrix), plus their own data;
- jury: the candidates of the juries they sit on (evaluation, record);
- hr: everything, including imports, campaigns, juries, audit log, export and erasure.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from parcours.domain.errors import ParcoursError


class Role(StrEnum):
    EMPLOYEE = "employee"
    MANAGER = "manager"
    JURY = "jury"
    HR = "hr"


ROLE_LABELS: dict[Role, str] = {
    Role.EMPLOYEE: "collaborateur",
    Role.MANAGER: "manager",
    Role.JURY: "membre de jury",
    Role.HR: "administrateur RH",
}


# The actions the audit log records (services/rgpd.py filters the log by them).
AUDIT_ACTIONS = (
    "read",
    "write",
    "export",
    "erase",
    "login",
    "login_failed",
    "account",
    "import",
    "purge",
)


class AccessDenied(ParcoursError):
    """The principal may not do this (the message says what, in French, without personal data)."""


class NotAuthenticated(ParcoursError):
    """No principal: the action needs a signed-in account."""


@dataclass(frozen=True, slots=True)
class Principal:
    """The account acting, with what the rules need to know about it.

    ``person`` is the pseudonym of the person the account belongs to (None for a technical or
    HR-only account); ``teams`` the teams it manages; ``juries`` the jury sessions it sits on.
    ``channel`` says where the action comes from (web, api, cli), for the audit log.
    """

    account: str
    roles: frozenset[Role] = frozenset({Role.EMPLOYEE})
    person: str | None = None
    teams: frozenset[str] = frozenset()
    juries: frozenset[int] = frozenset()
    channel: str = "web"
    display_name: str | None = field(default=None, compare=False)

    @property
    def is_hr(self) -> bool:
        return Role.HR in self.roles

    def has(self, role: Role) -> bool:
        return role in self.roles


@dataclass(frozen=True, slots=True)
class Subject:
    """What the rules need to know about the person whose data is touched."""

    person: str
    team: str | None = None
    juries: frozenset[int] = frozenset()  # the jury sessions where the person is a candidate


def require_role(actor: Principal, role: Role, action: str) -> None:
    if not (actor.is_hr or actor.has(role)):
        raise AccessDenied(f"accès refusé : {action} demande le rôle {ROLE_LABELS[role]}")


def require_hr(actor: Principal, action: str) -> None:
    if not actor.is_hr:
        raise AccessDenied(f"accès refusé : {action} est réservé aux administrateurs RH")


def manages(actor: Principal, subject: Subject) -> bool:
    return actor.has(Role.MANAGER) and subject.team is not None and subject.team in actor.teams


def judges(actor: Principal, subject: Subject) -> bool:
    return actor.has(Role.JURY) and bool(actor.juries & subject.juries)


def can_read_person(actor: Principal, subject: Subject) -> bool:
    return (
        actor.is_hr
        or actor.person == subject.person
        or manages(actor, subject)
        or judges(actor, subject)
    )


def require_read_person(actor: Principal, subject: Subject) -> None:
    if not can_read_person(actor, subject):
        raise AccessDenied("accès refusé : cette personne n'est ni vous, ni dans vos équipes")


def require_manage_team(actor: Principal, team: str) -> None:
    """A team's data (members, matrix, campaign progress): its manager or HR."""
    if not (actor.is_hr or (actor.has(Role.MANAGER) and team in actor.teams)):
        raise AccessDenied("accès refusé : vous ne gérez pas cette équipe")


def require_judge(actor: Principal, jury: int) -> None:
    if not (actor.is_hr or (actor.has(Role.JURY) and jury in actor.juries)):
        raise AccessDenied("accès refusé : vous ne siégez pas à ce jury")


def shows_people(actor: Principal, group_size: int, minimum: int) -> bool:
    """Whether a group's data may be shown person by person: always to HR, otherwise only
    when the group has at least ``minimum`` people (small groups would expose individuals)."""
    return actor.is_hr or group_size >= minimum
