"""People, teams and assessments in SQL (tables in models_people.py).

Bulk writes go through Core ``insert``/``update`` with lists of parameters (one executemany per
chunk), so that an HRIS file of 250,000 people is a few statements, not 250,000 ORM objects.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import bindparam, delete, func, insert, select, update
from sqlalchemy.orm import Session

from parcours.domain.people import Assessment, Person, Source, Team
from parcours.store.bulk import insert_many
from parcours.store.chunking import chunks
from parcours.store.models_career import CareerWishRow
from parcours.store.models_people import (
    AccountRow,
    AssessmentRow,
    CampaignReviewRow,
    JuryCandidateRow,
    PersonRow,
    TeamRow,
)
from parcours.store.snapshot import table_of

CHUNK = 5000
FULL_SCAN = 20_000  # get_people reads the whole table rather than IN lists above this
PERSON_FIELDS = ("display_name", "referential", "job", "team", "manager", "left_on")


def person_of(row: PersonRow) -> Person:
    return Person(
        id=row.id,
        referential=row.referential,
        job=row.job,
        team=row.team,
        manager=row.manager,
        display_name=row.display_name,
        left_on=row.left_on,
        erased=row.erased,
    )


def _assessment(row: AssessmentRow) -> Assessment:
    return Assessment(
        person=row.person,
        competency=row.competency,
        level=row.level,
        source=Source(row.source),
        assessed_on=row.assessed_on,
        scale=row.scale,
        raw=row.raw,
        assessor=row.assessor,
        evidence=row.evidence,
        campaign=row.campaign,
        id=row.id,
        recorded_at=row.recorded_at,
        document=row.document,
        line=row.line,
    )


class PeopleRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- people -------------------------------------------------------------------------

    def get_person(self, person: str) -> Person | None:
        row = self.session.get(PersonRow, person)
        return person_of(row) if row is not None else None

    def list_people(
        self,
        *,
        teams: Iterable[str] | None = None,
        include_erased: bool = False,
        limit: int | None = None,
        offset: int = 0,
        job: str | None = None,
        name: str | None = None,
    ) -> list[Person]:
        query = select(PersonRow).order_by(PersonRow.id)
        if teams is not None:
            query = query.where(PersonRow.team.in_(list(teams)))
        if name:  # a fragment of the display name, case-insensitive (ASCII letters in SQLite)
            query = query.where(func.lower(PersonRow.display_name).contains(name.lower()))
        if job is not None:
            query = query.where(PersonRow.job == job)
        if not include_erased:
            query = query.where(PersonRow.erased.is_(False))
        if limit is not None:
            query = query.limit(limit)
        return [person_of(r) for r in self.session.scalars(query.offset(offset))]

    def count_people(self, *, teams: Iterable[str] | None = None, job: str | None = None) -> int:
        query = select(func.count()).select_from(PersonRow).where(PersonRow.erased.is_(False))
        if teams is not None:
            query = query.where(PersonRow.team.in_(list(teams)))
        if job is not None:
            query = query.where(PersonRow.job == job)
        return int(self.session.scalar(query) or 0)

    def save_person(self, person: Person) -> None:
        row = self.session.get(PersonRow, person.id)
        if row is None:
            row = PersonRow(id=person.id)
            self.session.add(row)
        for name in PERSON_FIELDS:
            setattr(row, name, getattr(person, name))
        row.erased = person.erased
        row.updated_at = datetime.now(UTC)
        self.session.flush()

    def upsert_people(
        self, people: Sequence[Person], *, document: str | None, lines: Sequence[int] | None
    ) -> tuple[int, int, int]:
        created = updated = unchanged = 0
        now = datetime.now(UTC)
        table = table_of(PersonRow)
        line_of = dict(zip((p.id for p in people), lines, strict=True)) if lines else {}
        for chunk in chunks(people, CHUNK):
            ids = [p.id for p in chunk]
            existing = {
                r.id: r
                for r in self.session.execute(
                    select(table.c.id, *(table.c[f] for f in PERSON_FIELDS)).where(
                        table.c.id.in_(ids)
                    )
                )
            }
            new_rows: list[dict[str, Any]] = []
            changed: list[dict[str, Any]] = []
            for p in chunk:
                values = {f: getattr(p, f) for f in PERSON_FIELDS}
                held = existing.get(p.id)
                if held is None:
                    new_rows.append(
                        {
                            "id": p.id,
                            **values,
                            "erased": False,
                            "source_document": document,
                            "source_line": line_of.get(p.id),
                            "created_at": now,
                            "updated_at": now,
                        }
                    )
                elif any(getattr(held, f) != v for f, v in values.items()):
                    changed.append(
                        {
                            "pid": p.id,
                            **values,
                            "source_document": document,
                            "source_line": line_of.get(p.id),
                            "updated_at": now,
                        }
                    )
                else:
                    unchanged += 1
            insert_many(self.session, table, new_rows)
            if changed:
                self.session.execute(
                    update(table).where(table.c.id == bindparam("pid")),
                    changed,
                    execution_options={"synchronize_session": False},
                )
            created += len(new_rows)
            updated += len(changed)
        return created, updated, unchanged

    def get_people(self, ids: Sequence[str]) -> dict[str, Person]:
        """The people of ``ids`` that exist (erased ones included), by chunks."""
        out: dict[str, Person] = {}
        table = table_of(PersonRow)
        columns = (table.c.id, table.c.erased, *(table.c[f] for f in PERSON_FIELDS))
        unique = list(dict.fromkeys(ids))
        if len(unique) > FULL_SCAN:
            # A whole HRIS export: one pass over the table costs less than dozens of IN lists.
            wanted = set(unique)
            query = select(*columns).execution_options(yield_per=CHUNK)
            batches: Iterable[Sequence[Any]] = [
                [r for r in self.session.execute(query) if r.id in wanted]
            ]
        else:
            batches = (
                self.session.execute(select(*columns).where(table.c.id.in_(chunk))).all()
                for chunk in chunks(unique, CHUNK)
            )
        for batch in batches:
            for r in batch:
                out[r.id] = Person(
                    id=r.id,
                    referential=r.referential,
                    job=r.job,
                    team=r.team,
                    manager=r.manager,
                    display_name=r.display_name,
                    left_on=r.left_on,
                    erased=r.erased,
                )
        return out

    # --- teams --------------------------------------------------------------------------

    def get_team(self, code: str) -> Team | None:
        row = self.session.get(TeamRow, code)
        if row is None:
            return None
        return Team(code=row.code, name=row.name, manager=row.manager, parent=row.parent)

    def list_teams(self) -> list[Team]:
        rows = self.session.scalars(select(TeamRow).order_by(TeamRow.code))
        return [Team(code=r.code, name=r.name, manager=r.manager, parent=r.parent) for r in rows]

    def upsert_teams(self, teams: Sequence[Team]) -> int:
        changed = 0
        for team in teams:
            row = self.session.get(TeamRow, team.code)
            if row is None:
                row = TeamRow(code=team.code, name=team.name)
                self.session.add(row)
            if (row.name, row.manager, row.parent) != (team.name, team.manager, team.parent):
                row.name, row.manager, row.parent = team.name, team.manager, team.parent
                changed += 1
        self.session.flush()
        return changed

    def save_teams(self, teams: Sequence[Team]) -> tuple[int, int, int]:
        """Bulk upsert of teams by code: (created, updated, unchanged), a few statements."""
        table = table_of(TeamRow)
        existing = {
            r.code: r
            for r in self.session.execute(
                select(table.c.code, table.c.name, table.c.manager, table.c.parent)
            )
        }
        new_rows: list[dict[str, Any]] = []
        changed: list[dict[str, Any]] = []
        now = datetime.now(UTC)
        for team in teams:
            values = {"name": team.name, "manager": team.manager, "parent": team.parent}
            held = existing.get(team.code)
            if held is None:
                new_rows.append({"code": team.code, **values, "created_at": now})
            elif (held.name, held.manager, held.parent) != (team.name, team.manager, team.parent):
                changed.append({"tcode": team.code, **values})
        insert_many(self.session, table, new_rows)
        for chunk in chunks(changed, CHUNK):
            self.session.execute(
                update(table).where(table.c.code == bindparam("tcode")),
                list(chunk),
                execution_options={"synchronize_session": False},
            )
        self.session.expire_all()
        return len(new_rows), len(changed), len(teams) - len(new_rows) - len(changed)

    def teams_managed_by(self, person: str) -> list[str]:
        query = select(TeamRow.code).where(TeamRow.manager == person).order_by(TeamRow.code)
        return list(self.session.scalars(query))

    # --- assessments --------------------------------------------------------------------

    def add_assessments(self, assessments: Sequence[Assessment]) -> int:
        now = datetime.now(UTC)
        table = table_of(AssessmentRow)
        rows = [
            {
                "person": a.person,
                "competency": a.competency,
                "level": a.level,
                "source": a.source.value,
                "scale": a.scale,
                "raw": a.raw,
                "assessed_on": a.assessed_on,
                "recorded_at": a.recorded_at or now,
                "assessor": a.assessor,
                "evidence": a.evidence,
                "campaign": a.campaign,
                "document": a.document,
                "line": a.line,
            }
            for a in assessments
        ]
        insert_many(self.session, table, rows)
        return len(assessments)

    def assessments_of(self, person: str) -> list[Assessment]:
        query = (
            select(AssessmentRow)
            .where(AssessmentRow.person == person)
            .order_by(AssessmentRow.assessed_on, AssessmentRow.recorded_at, AssessmentRow.id)
        )
        return [_assessment(r) for r in self.session.scalars(query)]

    def assessments_of_many(self, people: Sequence[str]) -> dict[str, list[Assessment]]:
        out: dict[str, list[Assessment]] = {p: [] for p in people}
        for chunk in chunks(list(people), 1000):
            query = (
                select(AssessmentRow)
                .where(AssessmentRow.person.in_(chunk))
                .order_by(AssessmentRow.assessed_on, AssessmentRow.recorded_at, AssessmentRow.id)
            )
            for row in self.session.scalars(query):
                out[row.person].append(_assessment(row))
        return out

    def assessment_keys(self, people: Sequence[str]) -> set[tuple[str, str, str, date, int]]:
        """(person, competency, source, date, level) of every assessment of ``people``: what an
        import compares against so that the same rating is not added twice."""
        out: set[tuple[str, str, str, date, int]] = set()
        table = table_of(AssessmentRow)
        columns = (table.c.person, table.c.competency, table.c.source, table.c.assessed_on)
        for chunk in chunks(list(dict.fromkeys(people)), CHUNK):
            query = select(*columns, table.c.level).where(table.c.person.in_(chunk))
            for r in self.session.execute(query):
                out.add((r.person, r.competency, r.source, r.assessed_on, r.level))
        return out

    # --- erasure ------------------------------------------------------------------------

    def rename_person(self, old: str, new: str) -> None:
        """Re-key the person: a new row, every referencing row moved to it, the old row gone.

        Done by hand rather than by ON UPDATE CASCADE, which SQLite applies only with foreign
        keys on and PostgreSQL only for declared keys; teams, managers and the assessors of
        imported ratings name people without one.
        """
        row = self.session.get(PersonRow, old)
        if row is None:
            return
        values = {c.key: getattr(row, c.key) for c in table_of(PersonRow).columns}
        values["id"] = new
        self.session.execute(insert(table_of(PersonRow)), [values])
        for model, column in (
            (AssessmentRow, AssessmentRow.person),
            (AssessmentRow, AssessmentRow.assessor),  # imported ratings name who rated so
            (CampaignReviewRow, CampaignReviewRow.person),
            (JuryCandidateRow, JuryCandidateRow.person),
            (CareerWishRow, CareerWishRow.person),
            (AccountRow, AccountRow.person),
            (PersonRow, PersonRow.manager),
            (TeamRow, TeamRow.manager),
        ):
            self.session.execute(
                update(model).where(column == old).values({column.key: new}),
                execution_options={"synchronize_session": False},
            )
        self.session.execute(delete(PersonRow).where(PersonRow.id == old))
        self.session.expire_all()
