"""What the RGPD use cases need across every personal-data table: export, erasure, retention.

Reads gather every row held on one person (right of access). ``scrub`` is the storage half of
an erasure (services/rgpd.py): the person has already been re-keyed to an anonymous id
(``PeopleRepository.rename_person``); here every free text about them is cleared, their
accounts deleted, and every remaining mention of their old pseudonym, logins or names — in
login columns, audit details, jury records — replaced by the anonymous id.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    String,
    Table,
    Text,
    and_,
    cast,
    delete,
    or_,
    select,
    update,
)
from sqlalchemy.orm import InstrumentedAttribute, Session

from parcours.domain.redaction import MIN_SWEPT, distinctive_login, redact
from parcours.domain.redaction import redact_json as _redact_json
from parcours.domain.redaction import redact_value as _redact_value
from parcours.services.ports.rgpd import (
    AccountRecord,
    CandidacyRecord,
    CredentialRecord,
    PersonRecord,
    ReviewRecord,
    ScrubReport,
)

# Every model module: the sweep goes through every mapped table.
from parcours.store.all_models import Base
from parcours.store.models import ReferentialRow, is_json
from parcours.store.models_career import CareerWishRow
from parcours.store.models_links import LinkDecisionRow, LinkGroupRow, LinkRow
from parcours.store.models_people import (
    AccountRow,
    ApiTokenRow,
    AssessmentRow,
    AuditRow,
    CampaignReviewRow,
    CampaignRow,
    JuryCandidateRow,
    JuryRow,
    PersonRow,
    WebSessionRow,
)
from parcours.store.people import person_of

# Columns that name an account by its login: an erased person's logins are replaced there.
LOGIN_COLUMNS: tuple[InstrumentedAttribute[Any], ...] = (
    AssessmentRow.assessor,
    CampaignReviewRow.manager_account,
    JuryCandidateRow.recorded_by,
    CampaignRow.created_by,
    JuryRow.created_by,
    AuditRow.actor,
    LinkRow.decided_by,
    LinkDecisionRow.user,
    LinkGroupRow.created_by,
    ReferentialRow.map_role_by,
)
# The referential snapshots and their search index hold published documents, not what parcours
# records about people: the sweep of an erasure leaves them alone (docs/rgpd.md). The audit log
# has its own redaction (subject, actor, detail) in ``scrub``.
NOT_SWEPT_MODULES = frozenset({"parcours.store.models", "parcours.store.models_search"})
NOT_SWEPT_TABLES = frozenset({"audit_log"})
FREE_TEXT_LENGTH = 64  # String columns this long or unbounded may hold a name or an id


def swept_tables() -> list[Table]:
    """Every table an erasure sweeps for the person's pseudonym, names and logins: every
    mapped table but the referential snapshots, the search index and the audit log."""
    out = []
    for mapper in Base.registry.mappers:
        table = mapper.local_table
        if (
            isinstance(table, Table)
            and mapper.class_.__module__ not in NOT_SWEPT_MODULES
            and table.name not in NOT_SWEPT_TABLES
        ):
            out.append(table)
    return sorted(out, key=lambda t: t.name)


def _textual(column: Any) -> bool:
    kind = column.type
    if is_json(kind):
        return True
    return isinstance(kind, String) and (kind.length is None or kind.length >= FREE_TEXT_LENGTH)


def _stored_forms(needle: str) -> set[str]:
    # JSON values are stored serialised with non-ASCII characters escaped (\u00e9).
    return {needle, json.dumps(needle)[1:-1]}


class RgpdRepository:
    def __init__(self, session: Session) -> None:
        self.session = session

    # --- right of access ------------------------------------------------------------------

    def person_record(self, person: str) -> PersonRecord | None:
        row = self.session.get(PersonRow, person)
        if row is None:
            return None
        return PersonRecord(
            person=person_of(row),
            source_document=row.source_document,
            source_line=row.source_line,
            created_at=row.created_at,
            updated_at=row.updated_at,
        )

    def reviews_of(self, person: str) -> list[ReviewRecord]:
        query = (
            select(CampaignReviewRow, CampaignRow)
            .join(CampaignRow, CampaignRow.id == CampaignReviewRow.campaign)
            .where(CampaignReviewRow.person == person)
            .order_by(CampaignRow.starts_on, CampaignRow.id)
        )
        return [
            ReviewRecord(
                campaign=c.id,
                campaign_name=c.name,
                referential=c.referential,
                starts_on=c.starts_on,
                ends_on=c.ends_on,
                status=c.status,
                self_submitted_at=r.self_submitted_at,
                manager_submitted_at=r.manager_submitted_at,
                manager_account=r.manager_account,
                self_comment=r.self_comment,
                manager_comment=r.manager_comment,
            )
            for r, c in self.session.execute(query)
        ]

    def candidacies_of(self, person: str) -> list[CandidacyRecord]:
        query = (
            select(JuryCandidateRow, JuryRow)
            .join(JuryRow, JuryRow.id == JuryCandidateRow.jury)
            .where(JuryCandidateRow.person == person)
            .order_by(JuryRow.held_on, JuryRow.id)
        )
        return [
            CandidacyRecord(
                jury=j.id,
                jury_name=j.name,
                referential=j.referential,
                certification=j.certification,
                held_on=j.held_on,
                status=j.status,
                evaluations=list(c.evaluations or []),
                record=dict(c.record) if c.record is not None else None,
                recorded_by=c.recorded_by,
                recorded_at=c.recorded_at,
                comment=c.comment,
            )
            for c, j in self.session.execute(query)
        ]

    def accounts_of(self, person: str) -> list[AccountRecord]:
        accounts = self.session.scalars(
            select(AccountRow).where(AccountRow.person == person).order_by(AccountRow.login)
        ).all()
        out = []
        for a in accounts:
            credentials = [
                CredentialRecord("session", None, s.created_at, s.expires_at, s.last_seen_at)
                for s in self.session.scalars(
                    select(WebSessionRow)
                    .where(WebSessionRow.account == a.login)
                    .order_by(WebSessionRow.created_at)
                )
            ] + [
                CredentialRecord("api_token", t.name, t.created_at, t.expires_at, t.last_used_at)
                for t in self.session.scalars(
                    select(ApiTokenRow)
                    .where(ApiTokenRow.account == a.login)
                    .order_by(ApiTokenRow.created_at)
                )
            ]
            out.append(
                AccountRecord(
                    login=a.login,
                    display_name=a.display_name,
                    roles=sorted(a.roles or []),
                    active=a.active,
                    sso=a.oidc_subject is not None,
                    created_at=a.created_at,
                    credentials=credentials,
                )
            )
        return out

    # --- right to erasure -----------------------------------------------------------------

    def scrub(self, person: str, *, logins: Sequence[str], needles: Sequence[str]) -> ScrubReport:
        session = self.session
        session.flush()
        session.execute(
            update(PersonRow)
            .where(PersonRow.id == person)
            .values(
                display_name=None,
                left_on=None,
                source_document=None,
                source_line=None,
                erased=True,
                updated_at=datetime.now(UTC),
            ),
            execution_options={"synchronize_session": False},
        )
        assessments = self._rowcount(
            update(AssessmentRow)
            .where(AssessmentRow.person == person)
            .values(evidence=None, document=None, line=None)
        )
        reviews = self._rowcount(
            update(CampaignReviewRow)
            .where(CampaignReviewRow.person == person)
            .values(self_comment=None, manager_comment=None)
        )
        # The person's own words about the jobs they follow (the jobs stay, as counts do).
        session.execute(
            update(CareerWishRow).where(CareerWishRow.person == person).values(note=None),
            execution_options={"synchronize_session": False},
        )
        candidacies = 0
        for row in session.scalars(
            select(JuryCandidateRow).where(JuryCandidateRow.person == person)
        ):
            row.comment = None
            row.evaluations = _redact_json(list(row.evaluations or []), needles, person)
            if row.record is not None:
                row.record = _redact_json(dict(row.record), needles, person)
            candidacies += 1
        accounts = list(logins)
        references = 0
        if accounts:
            session.execute(delete(WebSessionRow).where(WebSessionRow.account.in_(accounts)))
            session.execute(delete(ApiTokenRow).where(ApiTokenRow.account.in_(accounts)))
            deleted = self._rowcount(delete(AccountRow).where(AccountRow.login.in_(accounts)))
            for column in LOGIN_COLUMNS:
                references += self._rowcount(
                    update(column.class_).where(column.in_(accounts)).values({column.key: person})
                )
            for jury in session.scalars(select(JuryRow)):
                members = list(jury.members or [])
                if any(m in accounts for m in members):
                    jury.members = [person if m in accounts else m for m in members]
                    references += 1
        else:
            deleted = 0
        details = 0
        wanted = [n for n in needles if n]
        if wanted:
            matches: list[ColumnElement[bool]] = [
                AuditRow.detail.contains(n, autoescape=True) for n in wanted
            ]
            for audit in session.scalars(select(AuditRow).where(or_(*matches))):
                if audit.detail is None:
                    continue
                cleaned = redact(audit.detail, wanted, person)
                if cleaned != audit.detail:
                    audit.detail = cleaned
                    details += 1
        names = [n for n in needles if n not in accounts]
        swept = self.sweep(person, names + [a for a in accounts if distinctive_login(a)])
        session.flush()
        session.expire_all()
        return ScrubReport(
            assessments=assessments,
            reviews=reviews,
            candidacies=candidacies,
            accounts_deleted=deleted,
            login_references=references,
            audit_details=details,
            swept=swept,
        )

    def sweep(self, replacement: str, needles: Sequence[str]) -> int:
        """Replace every whole occurrence of ``needles`` in every text and JSON column of the
        tables of ``swept_tables`` (a column added tomorrow is swept too); returns the number
        of rows changed. Each table is read once, filtered by the database (``LIKE``)."""
        wanted = sorted({n for n in needles if len(n) >= MIN_SWEPT}, key=len, reverse=True)
        if not wanted:
            return 0
        self.session.flush()
        changed = 0
        for table in swept_tables():
            columns = [c for c in table.columns if _textual(c) and not c.primary_key]
            keys = list(table.primary_key.columns)
            if not columns or not keys:
                continue
            matches = [
                (cast(c, Text) if is_json(c.type) else c).contains(form, autoescape=True)
                for c in columns
                for n in wanted
                for form in _stored_forms(n)
            ]
            query = select(*keys, *columns).where(or_(*matches))
            for row in self.session.execute(query).mappings().all():
                values = {}
                for c in columns:
                    cleaned = _redact_value(row[c.key], wanted, replacement)
                    if cleaned != row[c.key]:
                        values[c.key] = cleaned
                if values:
                    where = and_(*(k == row[k.key] for k in keys))
                    self.session.execute(update(table).where(where).values(values))
                    changed += 1
        return changed

    def _rowcount(self, statement: Any) -> int:
        result = self.session.execute(statement, execution_options={"synchronize_session": False})
        return int(getattr(result, "rowcount", 0) or 0)

    # --- retention ------------------------------------------------------------------------

    def left_before(self, cutoff: date) -> list[str]:
        query = (
            select(PersonRow.id)
            .where(PersonRow.erased.is_(False))
            .where(PersonRow.left_on.is_not(None))
            .where(PersonRow.left_on < cutoff)
            .order_by(PersonRow.id)
        )
        return list(self.session.scalars(query))
