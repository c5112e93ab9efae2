"""Who is acting, and on whom: principals from accounts, subjects from people, the audit trail.

Every use case that touches personal data takes the acting ``Principal``, checks it with the
rules of ``domain.access`` and writes an audit event in the same transaction as its work, so
a read or write is never done without its trace (and a failed write leaves no trace of a write).
"""

from __future__ import annotations

from parcours.domain.access import Principal, Role, Subject
from parcours.domain.errors import NotFoundError
from parcours.domain.people import Person
from parcours.services.ports import UnitOfWork
from parcours.services.ports.people import Account, AuditEvent


def principal_of(uow: UnitOfWork, account: Account, channel: str) -> Principal:
    """The principal of an account: its roles, its person, the teams it manages, its juries."""
    roles = frozenset(Role(r) for r in account.roles if r in Role._value2member_map_)
    teams: frozenset[str] = frozenset()
    if account.person is not None and Role.MANAGER in roles:
        teams = frozenset(uow.people.teams_managed_by(account.person))
    juries = uow.juries.juries_of_member(account.login) if Role.JURY in roles else frozenset()
    return Principal(
        account=account.login,
        roles=roles,
        person=account.person,
        teams=teams,
        juries=juries,
        channel=channel,
        display_name=account.display_name,
    )


def load_person(uow: UnitOfWork, person: str) -> Person:
    found = uow.people.get_person(person)
    if found is None or found.erased:
        raise NotFoundError(f"personne inconnue : {person}")
    return found


def subject_of(uow: UnitOfWork, person: Person) -> Subject:
    return Subject(
        person=person.id, team=person.team, juries=uow.juries.juries_of_candidate(person.id)
    )


def audit(
    uow: UnitOfWork,
    actor: Principal,
    action: str,
    subject: str | None = None,
    detail: str | None = None,
) -> None:
    uow.audit.record(
        AuditEvent(
            actor=actor.account,
            channel=actor.channel,
            action=action,
            subject=subject,
            detail=detail,
        )
    )
