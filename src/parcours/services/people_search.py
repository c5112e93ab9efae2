"""People found by name (issue 14, point 5): HR, managers and jury members type a name where a
pseudonym was asked ("Noah Michel"), and get the people of that name they are allowed to see
(``domain.access.can_read_person``): HR everyone, a manager their teams, a jury member the
candidates of their sessions. The search is audited (a read, without subject)."""

from __future__ import annotations

from parcours.domain.access import Principal, Role, can_read_person
from parcours.domain.errors import ConflictError, NotFoundError
from parcours.domain.french import count
from parcours.domain.people import Person
from parcours.engine.normalise import fold
from parcours.services.access import audit, subject_of
from parcours.services.ports import UowFactory

LIMIT = 20


class AmbiguousPerson(ConflictError):
    """Several people bear that name: the message lists them (name and pseudonym)."""


def _words(text: str) -> list[str]:
    return [w for w in fold(text).split() if w]


def find_people(
    uow_factory: UowFactory, actor: Principal, text: str, *, limit: int = LIMIT
) -> list[Person]:
    """The people the actor may see whose pseudonym is ``text`` or whose name holds every word
    of ``text`` (accents and case ignored), by name."""
    query = " ".join(text.split())
    words = _words(query)
    if not words:
        return []
    with uow_factory() as uow:
        found: dict[str, Person] = {}
        exact = uow.people.get_person(query)
        if exact is not None and not exact.erased:
            found[exact.id] = exact
        teams = None if actor.is_hr or actor.has(Role.JURY) else sorted(actor.teams)
        longest = max(query.split(), key=len)
        for person in uow.people.list_people(teams=teams, name=longest, limit=10 * limit):
            name = _words(person.display_name or "")
            if all(any(n.startswith(w) for n in name) for w in words):
                found.setdefault(person.id, person)
        visible = [p for p in found.values() if can_read_person(actor, subject_of(uow, p))]
        audit(
            uow,
            actor,
            "read",
            None,
            f"recherche de personnes : {count(len(visible), 'trouvée', 'trouvées')}",
        )
        uow.commit()
    return sorted(visible, key=lambda p: (fold(p.display_name or ""), p.id))[:limit]


def resolve_person(uow_factory: UowFactory, actor: Principal, text: str) -> str:
    """The pseudonym of the one person ``text`` names (a pseudonym or a name)."""
    found = find_people(uow_factory, actor, text)
    if not found:
        raise NotFoundError(f"personne inconnue ou hors de vos droits : « {text.strip()} »")
    if len(found) > 1:
        named = ", ".join(f"{p.display_name or p.id} ({p.id})" for p in found)
        raise AmbiguousPerson(f"plusieurs personnes pour « {text.strip()} » : {named}")
    return found[0].id
