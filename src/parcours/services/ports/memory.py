"""In-memory stores beside the ports: what service tests run on instead of a database.

Each class honours its port as the SQL repository does (tests/integration/contract/ runs one
test module per port against both), on one ``MemoryTables`` that plays the database: the stores
of a unit of work share it, as the repositories share a session, so a renamed person is renamed
everywhere. Rows are not changed in place (frozen dataclasses, or copies replaced whole:
referentials, links, groups, drafts; the sessions and tokens that are changed are copied with
the tables), so a transaction is a shallow copy of the tables (``MemoryTables.copy``) and a
commit puts the copy back. Each store's docstring says what of the SQL store it does not model.
"""

from __future__ import annotations

import builtins
import copy
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace
from datetime import UTC, date, datetime, timedelta
from typing import Any

from parcours.domain.career import CareerWish
from parcours.domain.cartography import MapMember, MapRole, default_role
from parcours.domain.competency import Competency
from parcours.domain.corrections import Correction
from parcours.domain.errors import NotFoundError
from parcours.domain.job import Job
from parcours.domain.links import CanonicalGroup, Decision, Endpoint, Link, LinkKind
from parcours.domain.people import Assessment, Person, Team
from parcours.domain.redaction import (
    MIN_SWEPT,
    distinctive_login,
    redact,
    redact_json,
    redact_value,
)
from parcours.domain.referential import Referential
from parcours.domain.training_catalogue import CatalogueTraining
from parcours.engine.search import CLASSES
from parcours.services.ports import (
    ImportLogEntry,
    ReferentialStore,
    ReferentialSummary,
    StoredPart,
    VersionInfo,
)
from parcours.services.ports.campaigns import Campaign, CampaignReview, CampaignStore
from parcours.services.ports.career import CareerWishStore
from parcours.services.ports.corrections import CorrectionStore, DocumentTextStore
from parcours.services.ports.drafts import DraftFile, DraftStore, StoredDraft
from parcours.services.ports.juries import Jury, JuryCandidate, JuryStore
from parcours.services.ports.links import LinkQuery, LinkStore
from parcours.services.ports.mobility import MobilityModelStore
from parcours.services.ports.people import (
    Account,
    AccountStore,
    AuditEvent,
    AuditStore,
    AuditVerification,
    PeopleStore,
    SignInFailures,
)
from parcours.services.ports.rgpd import (
    AccountRecord,
    CandidacyRecord,
    CredentialRecord,
    PersonRecord,
    ReviewRecord,
    RgpdStore,
    ScrubReport,
)
from parcours.services.ports.search import Candidate, IndexDocument, Matches, SearchStore
from parcours.services.ports.semantic import EmbeddingStore
from parcours.services.ports.themes import RequestTheme, ThemeStore
from parcours.services.ports.trainings import TrainingCatalogueStore

SEEN_EVERY = timedelta(minutes=1)  # as store/accounts.py: a session's last use, once a minute


@dataclass(slots=True)
class WebSession:
    login: str
    expires_at: datetime
    last_seen_at: datetime
    created_at: datetime = field(default_factory=lambda: _now())


@dataclass(slots=True)
class ApiToken:
    login: str
    name: str
    expires_at: datetime | None
    last_used_at: datetime | None = None
    created_at: datetime = field(default_factory=lambda: _now())


@dataclass(frozen=True, slots=True)
class SignInFailure:
    login: str
    address: str
    at: datetime


@dataclass(frozen=True, slots=True)
class PackedModel:
    """A referential's packed mobility model and what it was built from."""

    version: int
    created_at: datetime
    signature: str
    payload: bytes


@dataclass(frozen=True, slots=True)
class StoredVersion:
    """One referential version as kept: its content and parts (copies, never changed in
    place) and what the version list shows."""

    content: Referential
    parts: tuple[StoredPart, ...]
    created_at: datetime
    summary: str | None
    status: str


@dataclass(slots=True)
class MemoryTables:
    """Every table the in-memory stores keep; ``ids`` numbers new rows per table."""

    people: dict[str, Person] = field(default_factory=dict)
    # Where an imported person comes from: (document, line), as the SQL row keeps it.
    person_sources: dict[str, tuple[str | None, int | None]] = field(default_factory=dict)
    teams: dict[str, Team] = field(default_factory=dict)
    assessments: list[Assessment] = field(default_factory=list)
    accounts: dict[str, Account] = field(default_factory=dict)
    sessions: dict[str, WebSession] = field(default_factory=dict)
    tokens: dict[str, ApiToken] = field(default_factory=dict)
    failures: list[SignInFailure] = field(default_factory=list)
    secrets: dict[str, str] = field(default_factory=dict)
    audit: list[AuditEvent] = field(default_factory=list)
    campaigns: dict[int, Campaign] = field(default_factory=dict)
    reviews: dict[tuple[int, str], CampaignReview] = field(default_factory=dict)
    juries: dict[int, Jury] = field(default_factory=dict)
    candidates: dict[tuple[int, str], JuryCandidate] = field(default_factory=dict)
    themes: dict[int, RequestTheme] = field(default_factory=dict)
    trainings: dict[str, CatalogueTraining] = field(default_factory=dict)
    # Career wishes by (person, referential, job), in the order they were made.
    wishes: dict[tuple[str, str, str], CareerWish] = field(default_factory=dict)
    vectors: dict[str, bytes] = field(default_factory=dict)  # semantic vectors by text digest
    mobility_models: dict[str, PackedModel] = field(default_factory=dict)  # by referential
    corrections: dict[int, Correction] = field(default_factory=dict)
    texts: dict[str, tuple[str, ...]] = field(default_factory=dict)  # a document's lines, by sha256
    # Drafts are replaced whole, never changed in place (so a shallow copy is a transaction).
    drafts: dict[int, StoredDraft] = field(default_factory=dict)
    draft_contents: dict[int, bytes] = field(default_factory=dict)
    # Links and groups by id, replaced whole (copies); decisions in the order recorded.
    links: dict[str, Link] = field(default_factory=dict)
    link_groups: dict[str, CanonicalGroup] = field(default_factory=dict)
    decisions: list[Decision] = field(default_factory=list)
    # The search index by referential: (document id, document) rows, term -> frequency and
    # folded word -> term, all replaced whole by a new index.
    search_documents: dict[str, tuple[tuple[int, IndexDocument], ...]] = field(default_factory=dict)
    search_terms: dict[str, dict[str, int]] = field(default_factory=dict)
    search_forms: dict[str, dict[str, str]] = field(default_factory=dict)
    # Referential versions by name, oldest first; HR's map roles; the import log, in order.
    versions: dict[str, tuple[StoredVersion, ...]] = field(default_factory=dict)
    map_roles: dict[str, MapMember] = field(default_factory=dict)
    import_log: list[ImportLogEntry] = field(default_factory=list)
    ids: dict[str, int] = field(default_factory=dict)
    # Inside AuditStore.redacting: the one block where audit events may be rewritten.
    audit_unlocked: int = 0

    def next_id(self, table: str) -> int:
        self.ids[table] = self.ids.get(table, 0) + 1
        return self.ids[table]

    def copy(self) -> MemoryTables:
        """A transaction's own tables: the containers copied, the frozen rows shared (the
        mutable ones, sessions and tokens, copied too)."""
        out = MemoryTables(**{f.name: copy.copy(getattr(self, f.name)) for f in fields(self)})
        out.sessions = {k: copy.copy(v) for k, v in self.sessions.items()}
        out.tokens = {k: copy.copy(v) for k, v in self.tokens.items()}
        return out

    def restore(self, other: MemoryTables) -> None:
        """Take ``other``'s content (a commit puts its transaction's tables back so)."""
        copied = other.copy()
        for f in fields(self):
            setattr(self, f.name, getattr(copied, f.name))


def _now() -> datetime:
    return datetime.now(UTC)


class MemoryPeopleStore:
    def __init__(self, tables: MemoryTables) -> None:
        self.tables = tables

    def get_person(self, person: str) -> Person | None:
        return self.tables.people.get(person)

    def _people(
        self, teams: Iterable[str] | None, job: str | None, include_erased: bool
    ) -> list[Person]:
        wanted = set(teams) if teams is not None else None
        return [
            p
            for _, p in sorted(self.tables.people.items())
            if (wanted is None or p.team in wanted)
            and (job is None or p.job == job)
            and (include_erased or not p.erased)
        ]

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
        found = self._people(teams, job, include_erased)
        if name:
            found = [p for p in found if name.lower() in (p.display_name or "").lower()]
        found = found[offset:]
        return found if limit is None else found[:limit]

    def count_people(self, *, teams: Iterable[str] | None = None, job: str | None = None) -> int:
        return len(self._people(teams, job, include_erased=False))

    def save_person(self, person: Person) -> None:
        self.tables.people[person.id] = person

    def upsert_people(
        self, people: Sequence[Person], *, document: str | None, lines: Sequence[int] | None
    ) -> tuple[int, int, int]:
        created = updated = unchanged = 0
        line_of = dict(zip((p.id for p in people), lines, strict=True)) if lines else {}
        for p in people:
            held = self.tables.people.get(p.id)
            if held is None:
                self.tables.people[p.id] = replace(p, erased=False)
                created += 1
            elif replace(held, erased=p.erased) != p:
                # The SQL upsert writes the HRIS fields only: the erased flag stays as held.
                self.tables.people[p.id] = replace(p, erased=held.erased)
                updated += 1
            else:
                unchanged += 1
                continue
            self.tables.person_sources[p.id] = (document, line_of.get(p.id))
        return created, updated, unchanged

    def get_people(self, ids: Sequence[str]) -> dict[str, Person]:
        return {i: self.tables.people[i] for i in dict.fromkeys(ids) if i in self.tables.people}

    def get_team(self, code: str) -> Team | None:
        return self.tables.teams.get(code)

    def list_teams(self) -> list[Team]:
        return [t for _, t in sorted(self.tables.teams.items())]

    def upsert_teams(self, teams: Sequence[Team]) -> int:
        changed = 0
        for team in teams:
            if self.tables.teams.get(team.code) != team:
                self.tables.teams[team.code] = team
                changed += 1
        return changed

    def save_teams(self, teams: Sequence[Team]) -> tuple[int, int, int]:
        created = updated = 0
        for team in teams:
            held = self.tables.teams.get(team.code)
            if held is None:
                created += 1
            elif held != team:
                updated += 1
            self.tables.teams[team.code] = team
        return created, updated, len(teams) - created - updated

    def teams_managed_by(self, person: str) -> list[str]:
        return sorted(code for code, t in self.tables.teams.items() if t.manager == person)

    def add_assessments(self, assessments: Sequence[Assessment]) -> int:
        now = _now()
        for a in assessments:
            self.tables.assessments.append(
                replace(a, id=self.tables.next_id("assessment"), recorded_at=a.recorded_at or now)
            )
        return len(assessments)

    def _ordered(self, people: set[str]) -> list[Assessment]:
        found = [a for a in self.tables.assessments if a.person in people]
        return sorted(found, key=lambda a: (a.assessed_on, a.recorded_at or _now(), a.id or 0))

    def assessments_of(self, person: str) -> list[Assessment]:
        return self._ordered({person})

    def assessments_of_many(self, people: Sequence[str]) -> dict[str, list[Assessment]]:
        out: dict[str, list[Assessment]] = {p: [] for p in people}
        for a in self._ordered(set(people)):
            out[a.person].append(a)
        return out

    def assessment_keys(self, people: Sequence[str]) -> set[tuple[str, str, str, date, int]]:
        return {
            (a.person, a.competency, a.source.value, a.assessed_on, a.level)
            for a in self._ordered(set(people))
        }

    def rename_person(self, old: str, new: str) -> None:
        """Re-key the person and every row that names it, as the SQL store does by hand."""
        t = self.tables
        held = t.people.pop(old, None)
        if held is None:
            return
        t.people[new] = replace(held, id=new)
        if old in t.person_sources:
            t.person_sources[new] = t.person_sources.pop(old)

        def renamed(value: str | None) -> str | None:
            return new if value == old else value

        t.assessments = [
            replace(a, person=renamed(a.person) or a.person, assessor=renamed(a.assessor))
            for a in t.assessments
        ]
        t.reviews = {
            (c, renamed(p) or p): replace(r, person=renamed(r.person) or r.person)
            for (c, p), r in t.reviews.items()
        }
        t.candidates = {
            (j, renamed(p) or p): replace(c, person=renamed(c.person) or c.person)
            for (j, p), c in t.candidates.items()
        }
        t.wishes = {
            (renamed(p) or p, r, j): replace(w, person=renamed(w.person) or w.person)
            for (p, r, j), w in t.wishes.items()
        }
        t.accounts = {k: replace(a, person=renamed(a.person)) for k, a in t.accounts.items()}
        t.people = {k: replace(p, manager=renamed(p.manager)) for k, p in t.people.items()}
        t.teams = {k: replace(tm, manager=renamed(tm.manager)) for k, tm in t.teams.items()}


class MemoryAccountStore:
    def __init__(self, tables: MemoryTables) -> None:
        self.tables = tables

    def get(self, login: str) -> Account | None:
        return self.tables.accounts.get(login)

    def by_oidc_subject(self, subject: str) -> Account | None:
        return next((a for a in self.tables.accounts.values() if a.oidc_subject == subject), None)

    def save(self, account: Account) -> None:
        self.tables.accounts[account.login] = account

    def list(self) -> list[Account]:
        return [a for _, a in sorted(self.tables.accounts.items())]

    def _live(self, login: str) -> Account | None:
        account = self.tables.accounts.get(login)
        return account if account is not None and account.active else None

    def create_session(self, token_hash: str, login: str, expires_at: datetime) -> None:
        self.tables.sessions[token_hash] = WebSession(login, expires_at, _now())

    def session_account(
        self, token_hash: str, now: datetime, idle: timedelta | None = None
    ) -> Account | None:
        held = self.tables.sessions.get(token_hash)
        if held is None or held.expires_at <= now:
            return None
        if idle is not None and now - held.last_seen_at > idle:
            del self.tables.sessions[token_hash]
            return None
        if now - held.last_seen_at > SEEN_EVERY:
            held.last_seen_at = now
        return self._live(held.login)

    def delete_session(self, token_hash: str) -> None:
        self.tables.sessions.pop(token_hash, None)

    def delete_sessions_of(self, login: str) -> None:
        self.tables.sessions = {k: s for k, s in self.tables.sessions.items() if s.login != login}

    def delete_tokens_of(self, login: str) -> int:
        kept = {k: t for k, t in self.tables.tokens.items() if t.login != login}
        deleted = len(self.tables.tokens) - len(kept)
        self.tables.tokens = kept
        return deleted

    def recent_failures(self, *, login: str, address: str, since: datetime) -> SignInFailures:
        recent = [f for f in self.tables.failures if f.at >= since]
        by_login = [f.at for f in recent if f.login == login]
        by_address = [f.at for f in recent if f.address == address]
        return SignInFailures(
            len(by_login),
            min(by_login, default=None),
            len(by_address),
            min(by_address, default=None),
        )

    def record_failure(self, *, login: str, address: str, at: datetime) -> None:
        kept = [f for f in self.tables.failures if f.at >= at - timedelta(days=1)]
        self.tables.failures = [*kept, SignInFailure(login, address, at)]

    def clear_failures(self, *, login: str) -> None:
        self.tables.failures = [f for f in self.tables.failures if f.login != login]

    def create_token(
        self, token_hash: str, login: str, name: str, expires_at: datetime | None
    ) -> None:
        self.tables.tokens[token_hash] = ApiToken(login, name, expires_at)

    def token_account(self, token_hash: str, now: datetime) -> Account | None:
        held = self.tables.tokens.get(token_hash)
        if held is None or (held.expires_at is not None and held.expires_at <= now):
            return None
        held.last_used_at = now
        return self._live(held.login)

    def secret(self, name: str, make: str) -> str:
        return self.tables.secrets.setdefault(name, make)


def _rewrite_audit(tables: MemoryTables, events: list[AuditEvent]) -> None:
    """Put back the audit log with some events changed: refused outside ``redacting``, as the
    SQL table's guard refuses an UPDATE (the log is append-only)."""
    if events != tables.audit and not tables.audit_unlocked:
        raise PermissionError("journal d'audit en ajout seul : modification refusée")
    tables.audit = events


@dataclass(slots=True)
class MemoryRedaction:
    """What an erasure rewrote: the ids of the events it changed (the SQL store seals their
    new digests; no chain here, so the ids stand for them)."""

    changed: dict[str, str] = field(default_factory=dict)

    @property
    def proof(self) -> dict[str, Any] | None:
        return {"redacts": dict(sorted(self.changed.items()))} if self.changed else None


class MemoryAuditStore:
    """The audit log as a list: no chain to seal, so ``verify`` finds every event sound (the
    chain and its tampering are the SQL store's own tests)."""

    def __init__(self, tables: MemoryTables) -> None:
        self.tables = tables

    def record(self, event: AuditEvent) -> None:
        stored = replace(event, at=event.at or _now(), id=self.tables.next_id("audit"))
        self.tables.audit = [*self.tables.audit, stored]

    def list(
        self,
        *,
        subject: str | None = None,
        actor: str | None = None,
        since: datetime | None = None,
        limit: int = 200,
        offset: int = 0,
    ) -> builtins.list[AuditEvent]:
        return self.search(subject=subject, actor=actor, since=since, limit=limit, offset=offset)

    def _filtered(
        self,
        subject: str | None,
        actor: str | None,
        action: str | None,
        since: datetime | None,
        until: datetime | None,
    ) -> builtins.list[AuditEvent]:
        return [
            e
            for e in self.tables.audit
            if (subject is None or e.subject == subject)
            and (actor is None or e.actor == actor)
            and (action is None or e.action == action)
            and (since is None or (e.at is not None and e.at >= since))
            and (until is None or (e.at is not None and e.at < until))
        ]

    def search(
        self,
        *,
        subject: str | None = None,
        actor: str | None = None,
        action: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
        limit: int | None = 200,
        offset: int = 0,
    ) -> builtins.list[AuditEvent]:
        found = sorted(
            self._filtered(subject, actor, action, since, until),
            key=lambda e: (e.at or _now(), e.id or 0),
            reverse=True,
        )[offset:]
        # The SQL store returns events without their proof.
        return [replace(e, proof=None) for e in (found if limit is None else found[:limit])]

    def count(
        self,
        *,
        subject: str | None = None,
        actor: str | None = None,
        action: str | None = None,
        since: datetime | None = None,
        until: datetime | None = None,
    ) -> int:
        return len(self._filtered(subject, actor, action, since, until))

    def rename_subject(self, old: str, new: str) -> int:
        renamed = sum(1 for e in self.tables.audit if e.subject == old)
        self.tables.audit = [
            replace(e, subject=new) if e.subject == old else e for e in self.tables.audit
        ]
        return renamed

    @contextmanager
    def redacting(
        self, subject: str, logins: builtins.list[str], needles: builtins.list[str]
    ) -> Iterator[MemoryRedaction]:
        def names(e: AuditEvent) -> bool:
            return (
                e.subject == subject
                or e.actor in logins
                or any(n and n in (e.detail or "") for n in needles)
            )

        before = {e.id: e for e in self.tables.audit if names(e)}
        redaction = MemoryRedaction()
        self.tables.audit_unlocked += 1
        try:
            yield redaction
        finally:
            self.tables.audit_unlocked -= 1
        for e in self.tables.audit:
            if e.id in before and e != before[e.id]:
                redaction.changed[str(e.id)] = "redacted"

    def purge_expired(self, before: datetime) -> tuple[int, dict[str, Any] | None]:
        kept = [e for e in self.tables.audit if e.at is None or e.at >= before]
        deleted = len(self.tables.audit) - len(kept)
        self.tables.audit = kept
        return (deleted, {"deleted": deleted}) if deleted else (0, None)

    def purge_before(self, before: datetime) -> int:
        deleted, proof = self.purge_expired(before)
        if proof is not None:
            self.record(
                AuditEvent(
                    actor="système",
                    channel="cli",
                    action="purge",
                    detail=f"{deleted} événement(s) d'audit supprimé(s)",
                    proof=proof,
                )
            )
        return deleted

    def verify(self) -> AuditVerification:
        events = len(self.tables.audit)
        return AuditVerification(ok=True, events=events, head_seq=events, head_chain="")


class MemoryCampaignStore:
    def __init__(self, tables: MemoryTables) -> None:
        self.tables = tables

    def add(self, campaign: Campaign) -> int:
        number = self.tables.next_id("campaign")
        self.tables.campaigns[number] = replace(
            campaign, id=number, created_at=campaign.created_at or _now()
        )
        return number

    def get(self, campaign: int) -> Campaign | None:
        return self.tables.campaigns.get(campaign)

    def list_campaigns(self) -> list[Campaign]:
        return sorted(
            self.tables.campaigns.values(), key=lambda c: (c.starts_on, c.id or 0), reverse=True
        )

    def set_status(self, campaign: int, status: str) -> None:
        held = self.tables.campaigns.get(campaign)
        if held is not None:
            self.tables.campaigns[campaign] = replace(held, status=status)

    def review(self, campaign: int, person: str) -> CampaignReview | None:
        return self.tables.reviews.get((campaign, person))

    def reviews(self, campaign: int) -> list[CampaignReview]:
        return sorted(
            (r for (c, _), r in self.tables.reviews.items() if c == campaign),
            key=lambda r: r.person,
        )

    def save_review(self, review: CampaignReview) -> None:
        self.tables.reviews[(review.campaign, review.person)] = review


def _candidate(held: JuryCandidate) -> JuryCandidate:
    # Lists and dicts copied, as a row read again would be: callers may not change the store.
    return replace(
        held,
        evaluations=copy.deepcopy(held.evaluations),
        record=copy.deepcopy(held.record),
    )


class MemoryJuryStore:
    def __init__(self, tables: MemoryTables) -> None:
        self.tables = tables

    def juries_of_member(self, login: str) -> frozenset[int]:
        return frozenset(j.id for j in self.tables.juries.values() if login in j.members)

    def juries_of_candidate(self, person: str) -> frozenset[int]:
        return frozenset(j for j, p in self.tables.candidates if p == person)

    def create_jury(
        self,
        *,
        name: str,
        referential: str,
        certification: str,
        held_on: date,
        members: Iterable[str],
        created_by: str | None,
    ) -> Jury:
        jury = Jury(
            id=self.tables.next_id("jury"),
            name=name,
            referential=referential,
            certification=certification,
            held_on=held_on,
            members=tuple(dict.fromkeys(members)),
            created_by=created_by,
            created_at=_now(),
        )
        self.tables.juries[jury.id] = jury
        return jury

    def get_jury(self, jury: int) -> Jury | None:
        return self.tables.juries.get(jury)

    def list_juries(self, ids: Iterable[int] | None = None) -> list[Jury]:
        wanted = set(ids) if ids is not None else None
        found = [j for j in self.tables.juries.values() if wanted is None or j.id in wanted]
        return sorted(found, key=lambda j: (j.held_on, j.id), reverse=True)

    def set_status(self, jury: int, status: str) -> None:
        held = self.tables.juries.get(jury)
        if held is not None:
            self.tables.juries[jury] = replace(held, status=status)

    def add_candidate(self, jury: int, person: str) -> JuryCandidate:
        if (jury, person) in self.tables.candidates:
            raise KeyError((jury, person))  # the SQL store's primary key refuses it
        candidate = JuryCandidate(jury=jury, person=person)
        self.tables.candidates[(jury, person)] = candidate
        return _candidate(candidate)

    def get_candidate(self, jury: int, person: str) -> JuryCandidate | None:
        held = self.tables.candidates.get((jury, person))
        return _candidate(held) if held is not None else None

    def candidates(self, jury: int) -> list[JuryCandidate]:
        found = [c for (j, _), c in self.tables.candidates.items() if j == jury]
        return [_candidate(c) for c in sorted(found, key=lambda c: c.person)]

    def save_evaluation(
        self,
        jury: int,
        person: str,
        *,
        evaluations: list[dict[str, Any]],
        record: dict[str, Any],
        recorded_by: str,
        recorded_at: datetime,
        comment: str | None,
    ) -> JuryCandidate:
        held = self.tables.candidates.get((jury, person))
        if held is None:
            raise KeyError((jury, person))
        saved = replace(
            held,
            evaluations=copy.deepcopy(list(evaluations)),
            record=copy.deepcopy(dict(record)),
            recorded_by=recorded_by,
            recorded_at=recorded_at,
            comment=comment,
        )
        self.tables.candidates[(jury, person)] = saved
        return _candidate(saved)


class MemoryThemeStore:
    def __init__(self, tables: MemoryTables) -> None:
        self.tables = tables

    def list_themes(self, referential: str | None = None) -> list[RequestTheme]:
        found = [
            t
            for t in self.tables.themes.values()
            if referential is None or t.referential == referential
        ]
        return sorted(found, key=lambda t: (t.referential, t.name))

    def _save(self, theme: RequestTheme) -> tuple[int, bool]:
        held = next(
            (
                t
                for t in self.tables.themes.values()
                if (t.referential, t.name) == (theme.referential, theme.name)
            ),
            None,
        )
        number = held.id if held is not None and held.id is not None else None
        if number is None:
            number = self.tables.next_id("theme")
        self.tables.themes[number] = replace(theme, id=number)
        return number, held is None

    def save_theme(self, theme: RequestTheme) -> int:
        return self._save(theme)[0]

    def save_themes(self, themes: Sequence[RequestTheme]) -> tuple[int, int]:
        created = sum(1 for theme in themes if self._save(theme)[1])
        return created, len(themes) - created

    def delete_theme(self, theme_id: int) -> bool:
        return self.tables.themes.pop(theme_id, None) is not None


# What a training's content is, its source, line and dates aside (as store/trainings.py).
_BOOKKEEPING = {"source", "line", "updated_at", "updated_by"}


class MemoryTrainingCatalogueStore:
    def __init__(self, tables: MemoryTables) -> None:
        self.tables = tables

    def list_trainings(self) -> list[CatalogueTraining]:
        return sorted(self.tables.trainings.values(), key=lambda t: (t.title, t.key))

    def get_training(self, key: str) -> CatalogueTraining | None:
        return self.tables.trainings.get(key)

    def save_trainings(self, trainings: Sequence[CatalogueTraining]) -> tuple[int, int, int]:
        created = updated = unchanged = 0
        for training in trainings:
            held = self.tables.trainings.get(training.key)
            if held is None:
                created += 1
            elif all(
                getattr(held, f.name) == getattr(training, f.name)
                for f in fields(training)
                if f.name not in _BOOKKEEPING
            ):
                unchanged += 1
                continue
            else:
                updated += 1
            self.tables.trainings[training.key] = replace(
                training, updated_at=training.updated_at or _now()
            )
        return created, updated, unchanged

    def delete_training(self, key: str) -> bool:
        return self.tables.trainings.pop(key, None) is not None


class MemoryCareerWishStore:
    def __init__(self, tables: MemoryTables) -> None:
        self.tables = tables

    def wishes_of(self, person: str, *, include_ended: bool = False) -> list[CareerWish]:
        return [
            w
            for w in self.tables.wishes.values()
            if w.person == person and (include_ended or w.ended_at is None)
        ]

    def get_wish(self, person: str, referential: str, job: str) -> CareerWish | None:
        return self.tables.wishes.get((person, referential, job))

    def save_wish(self, wish: CareerWish) -> CareerWish:
        key = (wish.person, wish.referential, wish.job)
        held = self.tables.wishes.get(key)
        now = _now()
        saved = replace(
            wish, created_at=held.created_at if held is not None else now, updated_at=now
        )
        self.tables.wishes[key] = saved
        return saved

    def shared_wishes(self, people: Iterable[str]) -> list[CareerWish]:
        wanted = set(people)
        found = [
            w
            for w in self.tables.wishes.values()
            if w.person in wanted and w.shared and w.ended_at is None
        ]
        return sorted(found, key=lambda w: w.person)  # stable: creation order per person


# Free-text fields by table, where a pseudonym, a name or a login may be written (the SQL
# sweep finds them by column type).
SWEPT: dict[str, tuple[str, ...]] = {
    "people": ("display_name",),
    "teams": ("name",),
    "assessments": ("evidence",),
    "campaigns": ("name",),
    "reviews": ("self_comment", "manager_comment"),
    "juries": ("name",),
    "candidates": ("evaluations", "record", "comment"),
    "themes": ("name",),
}


class MemoryRgpdStore:
    """Every row held on one person, across the tables, as store/rgpd.py reads and scrubs them.

    The SQL sweep goes through every long text column of every table (a column added later is
    swept too); here the free-text fields are named (``SWEPT``)."""

    def __init__(self, tables: MemoryTables) -> None:
        self.tables = tables

    def person_record(self, person: str) -> PersonRecord | None:
        held = self.tables.people.get(person)
        if held is None:
            return None
        document, line = self.tables.person_sources.get(person, (None, None))
        return PersonRecord(held, document, line)

    def reviews_of(self, person: str) -> list[ReviewRecord]:
        found = []
        for r in self.tables.reviews.values():
            c = self.tables.campaigns.get(r.campaign)
            if r.person == person and c is not None:
                found.append((c.starts_on, r.campaign, c, r))
        return [
            ReviewRecord(
                campaign=number,
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
            for _, number, c, r in sorted(found, key=lambda f: (f[0], f[1]))
        ]

    def candidacies_of(self, person: str) -> list[CandidacyRecord]:
        found = []
        for c in self.tables.candidates.values():
            j = self.tables.juries.get(c.jury)
            if c.person == person and j is not None:
                found.append((j, _candidate(c)))
        return [
            CandidacyRecord(
                jury=j.id,
                jury_name=j.name,
                referential=j.referential,
                certification=j.certification,
                held_on=j.held_on,
                status=j.status,
                evaluations=c.evaluations,
                record=c.record,
                recorded_by=c.recorded_by,
                recorded_at=c.recorded_at,
                comment=c.comment,
            )
            for j, c in sorted(found, key=lambda f: (f[0].held_on, f[0].id))
        ]

    def accounts_of(self, person: str) -> list[AccountRecord]:
        out = []
        for a in sorted(
            (a for a in self.tables.accounts.values() if a.person == person),
            key=lambda a: a.login,
        ):
            sessions = [s for s in self.tables.sessions.values() if s.login == a.login]
            tokens = [t for t in self.tables.tokens.values() if t.login == a.login]
            credentials = [
                CredentialRecord("session", None, s.created_at, s.expires_at, s.last_seen_at)
                for s in sorted(sessions, key=lambda s: s.created_at)
            ] + [
                CredentialRecord("api_token", t.name, t.created_at, t.expires_at, t.last_used_at)
                for t in sorted(tokens, key=lambda t: t.created_at)
            ]
            out.append(
                AccountRecord(
                    login=a.login,
                    display_name=a.display_name,
                    roles=sorted(a.roles),
                    active=a.active,
                    sso=a.oidc_subject is not None,
                    created_at=None,
                    credentials=credentials,
                )
            )
        return out

    def scrub(self, person: str, *, logins: Sequence[str], needles: Sequence[str]) -> ScrubReport:
        t = self.tables
        held = t.people.get(person)
        if held is not None:
            t.people[person] = replace(held, display_name=None, left_on=None, erased=True)
            t.person_sources.pop(person, None)
        assessments = sum(1 for a in t.assessments if a.person == person)
        t.assessments = [
            replace(a, evidence=None, document=None, line=None) if a.person == person else a
            for a in t.assessments
        ]
        reviews = sum(1 for r in t.reviews.values() if r.person == person)
        t.reviews = {
            k: replace(r, self_comment=None, manager_comment=None) if r.person == person else r
            for k, r in t.reviews.items()
        }
        # The person's own words about the jobs they follow (the jobs stay, as counts do).
        t.wishes = {
            k: replace(w, note=None) if w.person == person else w for k, w in t.wishes.items()
        }
        candidacies = 0
        for key, c in t.candidates.items():
            if c.person == person:
                candidacies += 1
                t.candidates[key] = replace(
                    c,
                    comment=None,
                    evaluations=redact_json(list(c.evaluations), needles, person),
                    record=redact_json(dict(c.record), needles, person)
                    if c.record is not None
                    else None,
                )
        accounts = list(logins)
        deleted = references = 0
        if accounts:
            t.sessions = {k: v for k, v in t.sessions.items() if v.login not in accounts}
            t.tokens = {k: v for k, v in t.tokens.items() if v.login not in accounts}
            deleted = sum(1 for login in accounts if t.accounts.pop(login, None) is not None)
            references = self._replace_logins(accounts, person)
        details = 0
        wanted = [n for n in needles if n]
        if wanted:
            audit = []
            for e in t.audit:
                cleaned = redact(e.detail, wanted, person) if e.detail is not None else None
                if cleaned != e.detail:
                    e = replace(e, detail=cleaned)
                    details += 1
                audit.append(e)
            _rewrite_audit(t, audit)
        names = [n for n in needles if n not in accounts]
        swept = self.sweep(person, names + [a for a in accounts if distinctive_login(a)])
        return ScrubReport(
            assessments=assessments,
            reviews=reviews,
            candidacies=candidacies,
            accounts_deleted=deleted,
            login_references=references,
            audit_details=details,
            swept=swept,
        )

    def _replace_logins(self, accounts: list[str], person: str) -> int:
        """The fields that name an account by its login, as store/rgpd.py's LOGIN_COLUMNS."""
        t = self.tables
        count = 0

        def swap(row: Any, name: str) -> Any:
            nonlocal count
            if getattr(row, name) in accounts:
                count += 1
                return replace(row, **{name: person})
            return row

        t.assessments = [swap(a, "assessor") for a in t.assessments]
        t.reviews = {k: swap(r, "manager_account") for k, r in t.reviews.items()}
        t.candidates = {k: swap(c, "recorded_by") for k, c in t.candidates.items()}
        t.campaigns = {k: swap(c, "created_by") for k, c in t.campaigns.items()}
        t.juries = {k: swap(j, "created_by") for k, j in t.juries.items()}
        _rewrite_audit(t, [swap(e, "actor") for e in t.audit])
        for key, jury in t.juries.items():
            if any(m in accounts for m in jury.members):
                members = tuple(person if m in accounts else m for m in jury.members)
                t.juries[key] = replace(jury, members=members)
                count += 1
        return count

    def sweep(self, replacement: str, needles: Sequence[str]) -> int:
        wanted = sorted({n for n in needles if len(n) >= MIN_SWEPT}, key=len, reverse=True)
        if not wanted:
            return 0
        changed = 0
        for table, names in SWEPT.items():
            rows: dict[Any, Any] = getattr(self.tables, table) if table != "assessments" else {}
            if table == "assessments":
                rows = dict(enumerate(self.tables.assessments))
            for key, row in list(rows.items()):
                values = {n: redact_value(getattr(row, n), wanted, replacement) for n in names}
                values = {n: v for n, v in values.items() if v != getattr(row, n)}
                if values:
                    rows[key] = replace(row, **values)
                    changed += 1
            if table == "assessments":
                self.tables.assessments = list(rows.values())
        return changed

    def left_before(self, cutoff: date) -> list[str]:
        return sorted(
            p.id
            for p in self.tables.people.values()
            if not p.erased and p.left_on is not None and p.left_on < cutoff
        )


# What ``add_version`` accepts (store/repository.py's VersionStatus and ImportStatus).
VERSION_STATUSES = ("published", "draft")
IMPORT_STATUSES = ("imported", "unchanged", "failed")


def _without_provenance(value: Any) -> Any:
    """``value`` (a copy, changed in place) with every provenance inside it emptied."""
    if isinstance(value, builtins.list):
        for item in value:
            _without_provenance(item)
    elif isinstance(value, dict):
        for item in value.values():
            _without_provenance(item)
    elif hasattr(value, "__dataclass_fields__"):
        for f in fields(value):
            if f.name == "provenance":
                setattr(value, f.name, [])
            else:
                _without_provenance(getattr(value, f.name))
    return value


def _first_provenance(value: Any) -> None:
    """Empty every provenance inside ``value`` but its own first one (as the outline reads)."""
    first = value.provenance[:1]
    _without_provenance(value)
    value.provenance = first


def _summary(job: Job) -> Job:
    """What ``job_summaries`` reads from the SQL job table."""
    return Job(
        key=job.key,
        title=job.title,
        grade=job.grade,
        family=job.family,
        filiere=job.filiere,
        metier=job.metier,
        url=job.url,
        has_sheet=job.has_sheet,
        code=job.code,
    )


def _header(job: Job) -> Job:
    """What ``job_headers`` reads from the SQL job table: every column, no activities,
    requirements nor provenance."""
    return replace(
        job,
        purpose=list(job.purpose),
        alt_titles=list(job.alt_titles),
        access_conditions=list(job.access_conditions),
        activities=[],
        requirements=[],
        provenance=[],
    )


def _shell(ref: Referential) -> Referential:
    """An empty referential named and numbered as ``ref``, as a partial SQL read starts."""
    return Referential(ref.name, ref.organisation, ref.description, ref.version)


class MemoryReferentialStore:
    """Whole referentials per version, partial reads cutting a copy down to what the SQL reads
    return; not modelled: the registry of source documents (first record of each sha256)."""

    def __init__(self, tables: MemoryTables) -> None:
        self.tables = tables

    def _version(self, name: str, version: int | None) -> StoredVersion | None:
        history = self.tables.versions.get(name, ())
        if version is None:
            return history[-1] if history else None
        return next((v for v in history if v.content.version == version), None)

    def _latest(self, name: str) -> Referential | None:
        """The latest version's content (not a copy: callers copy what they return)."""
        held = self._version(name, None)
        return held.content if held is not None else None

    def get(self, name: str, version: int | None = None) -> Referential | None:
        held = self._version(name, version)
        return copy.deepcopy(held.content) if held is not None else None

    def get_parts(self, name: str, version: int | None = None) -> list[StoredPart]:
        held = self._version(name, version)
        return copy.deepcopy(list(held.parts)) if held is not None else []

    def job_summaries(self, name: str, keys: Collection[str]) -> dict[str, Job]:
        ref = self._latest(name)
        jobs = ref.jobs if ref is not None else {}
        return {k: _summary(jobs[k]) for k in sorted(set(keys)) if k in jobs}

    def job_headers(self, name: str, version: int, keys: Collection[str]) -> dict[str, Job]:
        held = self._version(name, version)
        jobs = held.content.jobs if held is not None else {}
        return {k: _header(jobs[k]) for k in sorted(set(keys)) if k in jobs}

    def jobs_by_code(self, name: str, code: str) -> list[Job]:
        ref = self._latest(name)
        if ref is None or not code:
            return []
        return [_header(j) for j in ref.jobs.values() if (j.code or "").lower() == code.lower()]

    def competency_labels(
        self, name: str, version: int, keys: Collection[str] | None
    ) -> dict[str, Competency]:
        held = self._version(name, version)
        found = held.content.competencies if held is not None else {}
        wanted = list(found) if keys is None else sorted(set(keys))
        return {
            k: Competency(k, c.label, c.kind, c.category, c.domain)
            for k in wanted
            if (c := found.get(k)) is not None
        }

    def requirement_counts(self, name: str, version: int) -> dict[str, int]:
        held = self._version(name, version)
        counts: dict[str, int] = {}
        for job in held.content.jobs.values() if held is not None else ():
            for requirement in job.requirements:
                counts[requirement.competency] = counts.get(requirement.competency, 0) + 1
        return counts

    def document_slots(self, name: str) -> dict[str, str]:
        held = self._version(name, None)
        return {p.slot: p.document.sha256 for p in held.parts} if held is not None else {}

    def job_slice(self, name: str, key: str) -> Referential | None:
        ref = self._latest(name)
        if ref is None or key not in ref.jobs:
            return None
        out = _shell(ref)
        out.documents = copy.deepcopy(ref.documents)
        moves = [m for m in ref.mobilities if key in (m.source, m.target)]
        ends = {m.source for m in moves} | {m.target for m in moves}
        needed = {r.competency for r in ref.jobs[key].requirements}
        out.jobs = {
            k: copy.deepcopy(j) if k == key else _without_provenance(_bare(j))
            for k, j in ref.jobs.items()
            if k == key or k in ends
        }
        out.competencies = {k: copy.deepcopy(c) for k, c in ref.competencies.items() if k in needed}
        out.mobilities = copy.deepcopy(moves)
        return out

    def competency_slice(self, name: str, key: str) -> Referential | None:
        ref = self._latest(name)
        if ref is None or key not in ref.competencies:
            return None
        out = _shell(ref)
        out.documents = copy.deepcopy(ref.documents)
        out.competencies = {key: copy.deepcopy(ref.competencies[key])}
        for job_key, job in ref.jobs.items():
            held = [copy.deepcopy(r) for r in job.requirements if r.competency == key]
            if held:
                header = _without_provenance(_bare(job))
                header.requirements = held
                out.jobs[job_key] = header
        return out

    def jobs_slice(self, name: str, keys: Collection[str]) -> Referential | None:
        ref = self._latest(name)
        if ref is None:
            return None
        out = _shell(ref)
        wanted = set(keys)
        out.jobs = {k: copy.deepcopy(j) for k, j in ref.jobs.items() if k in wanted}
        needed = {r.competency for j in out.jobs.values() for r in j.requirements}
        out.competencies = {k: copy.deepcopy(c) for k, c in ref.competencies.items() if k in needed}
        out.matrices = copy.deepcopy(ref.matrices)
        return out

    def job_outlines(self, name: str) -> Referential | None:
        ref = self._latest(name)
        if ref is None:
            return None
        out = _shell(ref)
        out.jobs = {k: _without_provenance(_bare(j, activities=True)) for k, j in ref.jobs.items()}
        return out

    def jobs_and_competencies(self, name: str) -> Referential | None:
        ref = self._latest(name)
        if ref is None:
            return None
        out = _shell(ref)
        out.jobs = _without_provenance(copy.deepcopy(ref.jobs))
        out.competencies = _without_provenance(copy.deepcopy(ref.competencies))
        return out

    def referential_outline(self, name: str) -> Referential | None:
        ref = self._latest(name)
        if ref is None:
            return None
        out = _shell(ref)
        out.documents = copy.deepcopy(ref.documents)
        out.jobs = {k: _bare(j, activities=True) for k, j in ref.jobs.items()}
        out.mobilities = _without_provenance(copy.deepcopy(ref.mobilities))
        out.certifications = copy.deepcopy(ref.certifications)
        out.trainings = _without_provenance(copy.deepcopy(ref.trainings))
        for fact in [*out.jobs.values(), *out.certifications.values()]:
            _first_provenance(fact)
        return out

    def add_version(
        self,
        referential: Referential,
        *,
        parts: builtins.list[StoredPart],
        summary: str | None = None,
        status: str = "published",
    ) -> int:
        if status not in VERSION_STATUSES:
            raise ValueError(f"unknown version status: {status!r}")
        for content in [referential, *(part.content for part in parts)]:
            for facts in (content.jobs, content.competencies, content.certifications):
                for key, fact in facts.items():
                    if key != fact.key:
                        raise ValueError(f"{content.name}: {key!r} holds the key {fact.key!r}")
            for key, training in content.trainings.items():
                if key != training.key:
                    raise ValueError(f"{content.name}: {key!r} holds the key {training.key!r}")
        history = self.tables.versions.get(referential.name, ())
        number = max(referential.version, history[-1].content.version + 1 if history else 1)
        stored = copy.deepcopy(referential)
        stored.version = number
        kept = StoredVersion(stored, tuple(copy.deepcopy(parts)), _now(), summary, status)
        self.tables.versions[referential.name] = (*history, kept)
        return number

    def latest_versions(self) -> dict[str, int]:
        return {
            name: history[-1].content.version
            for name, history in sorted(self.tables.versions.items())
        }

    def list_referentials(self) -> builtins.list[ReferentialSummary]:
        out = []
        for name, history in sorted(self.tables.versions.items()):
            latest = history[-1]
            ref = latest.content
            out.append(
                ReferentialSummary(
                    name,
                    ref.organisation,
                    ref.version,
                    len(ref.jobs),
                    len(ref.competencies),
                    len(ref.mobilities),
                    len(ref.certifications),
                    latest.created_at,
                )
            )
        return out

    def list_versions(self, name: str) -> builtins.list[VersionInfo]:
        return [
            VersionInfo(
                v.content.version, v.created_at, v.summary, v.status, len(v.content.documents)
            )
            for v in self.tables.versions.get(name, ())
        ]

    def map_members(self) -> builtins.list[MapMember]:
        out = []
        for name, history in sorted(self.tables.versions.items()):
            families = {d.family.value for d in history[-1].content.documents.values()}
            out.append(self.tables.map_roles.get(name) or MapMember(name, default_role(families)))
        return out

    def set_map_role(self, name: str, role: MapRole | None, *, by: str, at: datetime) -> None:
        if name not in self.tables.versions:
            raise NotFoundError(f"référentiel inconnu : « {name} »")
        if role is None:
            self.tables.map_roles.pop(name, None)
        else:
            self.tables.map_roles[name] = MapMember(name, role, by, at)

    def log_import(self, entry: ImportLogEntry) -> None:
        if entry.status not in IMPORT_STATUSES:
            raise ValueError(f"unknown import status: {entry.status!r}")
        kept = replace(entry, warnings=builtins.list(entry.warnings), at=entry.at or _now())
        self.tables.import_log = [*self.tables.import_log, kept]

    def list_imports(self, limit: int = 50) -> builtins.list[ImportLogEntry]:
        # Newest first, the later logged first at the same time (as the SQL row ids).
        ordered = sorted(
            enumerate(self.tables.import_log),
            key=lambda e: (e[1].at or _now(), e[0]),
            reverse=True,
        )
        return [replace(e, warnings=builtins.list(e.warnings)) for _, e in ordered[:limit]]


def _bare(job: Job, *, activities: bool = False) -> Job:
    """A copy of ``job`` without requirements (and without activities unless asked)."""
    out = copy.deepcopy(job)
    out.requirements = []
    if not activities:
        out.activities = []
    return out


class MemoryEmbeddingStore:
    """Vectors by digest; the model name and dimension the SQL rows keep are not kept."""

    def __init__(self, tables: MemoryTables) -> None:
        self.tables = tables

    def vectors(self, digests: Iterable[str]) -> dict[str, bytes]:
        held = self.tables.vectors
        return {d: held[d] for d in sorted(set(digests)) if d in held}

    def add_vectors(self, model: str, dimension: int, vectors: Mapping[str, bytes]) -> None:
        for digest, vector in vectors.items():
            self.tables.vectors.setdefault(digest, bytes(vector))


class MemoryMobilityModelStore:
    """One packed model per referential; when it was built (``built_at``) is not kept."""

    def __init__(self, tables: MemoryTables) -> None:
        self.tables = tables

    def packed(
        self, referential: str, version: int, created_at: datetime, signature: str
    ) -> bytes | None:
        held = self.tables.mobility_models.get(referential)
        if held is None or (held.version, held.created_at, held.signature) != (
            version,
            created_at,
            signature,
        ):
            return None
        return held.payload

    def holds(self, referential: str, version: int, created_at: datetime, signature: str) -> bool:
        return self.packed(referential, version, created_at, signature) is not None

    def keep(
        self, referential: str, version: int, created_at: datetime, signature: str, payload: bytes
    ) -> None:
        self.tables.mobility_models[referential] = PackedModel(
            version, created_at, signature, bytes(payload)
        )


class MemoryCorrectionStore:
    """Corrections numbered in order; the SQL columns' length limits are not checked."""

    def __init__(self, tables: MemoryTables) -> None:
        self.tables = tables

    def add(self, correction: Correction) -> Correction:
        number = self.tables.next_id("correction")
        stored = replace(correction, id=number, at=correction.at or _now())
        self.tables.corrections[number] = stored
        return stored

    def get(self, correction_id: int) -> Correction | None:
        return self.tables.corrections.get(correction_id)

    def withdraw(self, correction_id: int, *, by: str, at: datetime) -> Correction:
        held = self.tables.corrections.get(correction_id)
        if held is None:
            raise NotFoundError(f"aucune correction n° {correction_id}")
        stored = replace(held, withdrawn_at=at, withdrawn_by=by)
        self.tables.corrections[correction_id] = stored
        return stored

    def list(self, referential: str | None = None, *, active: bool = False) -> list[Correction]:
        return [
            c
            for _, c in sorted(self.tables.corrections.items())
            if (referential is None or c.referential == referential) and (not active or c.active)
        ]


class MemoryDocumentTextStore:
    """A document's lines as one tuple; nothing else to leave out."""

    def __init__(self, tables: MemoryTables) -> None:
        self.tables = tables

    def has_text(self, sha256: str) -> bool:
        return sha256 in self.tables.texts

    def add_text(self, sha256: str, lines: Sequence[str]) -> None:
        if lines:
            self.tables.texts.setdefault(sha256, tuple(lines))

    def lines(self, wanted: Mapping[str, Collection[int]]) -> dict[tuple[str, int], str]:
        out: dict[tuple[str, int], str] = {}
        for sha256, numbers in wanted.items():
            held = self.tables.texts.get(sha256, ())
            for number in sorted(set(numbers)):
                if 1 <= number <= len(held):
                    out[(sha256, number)] = held[number - 1]
        return out


class MemoryDraftStore:
    """Drafts numbered in order; the report is deep-copied, not sent through JSON (a tuple in
    it stays a tuple), and the status is not checked against the SQL constraint's values."""

    def __init__(self, tables: MemoryTables) -> None:
        self.tables = tables

    def add(
        self,
        *,
        referential: str | None,
        files: list[DraftFile],
        content: bytes,
        report: list[dict[str, Any]],
    ) -> int:
        number = self.tables.next_id("draft")
        self.tables.drafts[number] = StoredDraft(
            id=number,
            created_at=_now(),
            status="pending",
            referential=referential,
            files=list(files),
            report=copy.deepcopy(list(report)),
        )
        self.tables.draft_contents[number] = bytes(content)
        return number

    def get(self, draft_id: int) -> StoredDraft | None:
        held = self.tables.drafts.get(draft_id)
        return copy.deepcopy(held) if held is not None else None

    def content(self, draft_id: int) -> bytes | None:
        return self.tables.draft_contents.get(draft_id)

    def list_drafts(self, status: str | None = None, limit: int = 50) -> list[StoredDraft]:
        found = [
            d
            for _, d in sorted(self.tables.drafts.items(), reverse=True)
            if status is None or d.status == status
        ]
        return copy.deepcopy(found[:limit])

    def decide(self, draft_id: int, *, status: str, outcome: str) -> None:
        held = self.tables.drafts.get(draft_id)
        if held is None:
            raise KeyError(draft_id)
        # A new row, not the held one changed: a transaction's copy shares the rows.
        self.tables.drafts[draft_id] = replace(
            held, status=status, outcome=outcome, decided_at=_now()
        )


class MemoryLinkStore:
    """Links, decisions and groups as store/links.py keeps them; not modelled: a query whose
    ``referential`` and ``other`` are one name (SQL wants both ends there), and PostgreSQL's
    collation when it orders group members by referential and key (here: code points)."""

    def __init__(self, tables: MemoryTables) -> None:
        self.tables = tables

    def get(self, link_id: str) -> Link | None:
        held = self.tables.links.get(link_id)
        return copy.deepcopy(held) if held is not None else None

    def find(self, query: LinkQuery, *, limit: int | None = None, offset: int = 0) -> list[Link]:
        found = sorted(
            (link for link in self.tables.links.values() if query.matches(link)),
            key=lambda link: (-link.score, link.id),
        )
        end = None if limit is None else offset + limit
        return copy.deepcopy(found[offset:end])

    def count(self, query: LinkQuery) -> int:
        return sum(1 for link in self.tables.links.values() if query.matches(link))

    def touching(self, referential: str) -> list[Link]:
        return self.find(LinkQuery(referential=referential))

    def save(self, links: Sequence[Link]) -> None:
        for link in links:
            self.tables.links[link.id] = copy.deepcopy(link)

    def delete(self, link_ids: Iterable[str]) -> None:
        for link_id in link_ids:
            self.tables.links.pop(link_id, None)

    def record(self, decision: Decision) -> None:
        self.tables.decisions.append(decision)

    def history(
        self, *, link_id: str | None = None, group_id: str | None = None, limit: int = 100
    ) -> list[Decision]:
        # Newest first, the later recorded first at the same time (as the SQL row ids).
        found = [
            (d.at, number, d)
            for number, d in enumerate(self.tables.decisions)
            if (link_id is None or d.link_id == link_id)
            and (group_id is None or d.group_id == group_id)
        ]
        found.sort(key=lambda f: (f[0], f[1]), reverse=True)
        return [d for _, _, d in found[:limit]]

    def revision(self) -> str:
        changes = self.tables.ids.get("link_group_change", 0)
        return f"{len(self.tables.decisions)}:{len(self.tables.link_groups)}:{changes}"

    @staticmethod
    def _read(group: CanonicalGroup) -> CanonicalGroup:
        """A copy with its members ordered by referential and key, as the SQL store reads them."""
        out = copy.deepcopy(group)
        out.members.sort(key=lambda m: m.endpoint)
        return out

    def groups(self, kind: LinkKind | None = None) -> list[CanonicalGroup]:
        return [
            self._read(g)
            for _, g in sorted(self.tables.link_groups.items())
            if kind is None or g.kind is kind
        ]

    def group(self, group_id: str) -> CanonicalGroup | None:
        held = self.tables.link_groups.get(group_id)
        return self._read(held) if held is not None else None

    def group_of(self, kind: LinkKind, end: Endpoint) -> CanonicalGroup | None:
        held = next(
            (g for g in self.tables.link_groups.values() if g.kind is kind and end in g), None
        )
        return self._read(held) if held is not None else None

    def save_group(self, group: CanonicalGroup) -> None:
        self.save_groups([group])

    def save_groups(self, groups: Sequence[CanonicalGroup]) -> None:
        if not groups:
            return
        held = self.tables.link_groups
        for group in groups:
            # An item is in one group of its kind: out of the others (new rows, not changed).
            for key, other in list(held.items()):
                if key != group.id and other.kind is group.kind:
                    kept = [m for m in other.members if m.endpoint not in group]
                    if len(kept) != len(other.members):
                        held[key] = replace(other, members=kept)
            before = held.get(group.id)
            stored = copy.deepcopy(group)
            if before is not None:  # who made the group, and when, stay as first saved
                stored.created_by, stored.created_at = before.created_by, before.created_at
            held[group.id] = stored
        self.tables.next_id("link_group_change")

    def delete_group(self, group_id: str) -> None:
        if self.tables.link_groups.pop(group_id, None) is not None:
            self.tables.next_id("link_group_change")


class MemorySearchStore:
    """The index as dictionaries, a document matching when its tokens hold a term of every
    group; not modelled: the database's rank (when more than ``cap`` match, the first indexed
    are kept, in the order indexed)."""

    def __init__(self, tables: MemoryTables) -> None:
        self.tables = tables

    def replace_referential(
        self,
        name: str,
        version: int,
        documents: Sequence[IndexDocument],
        vocabulary: Mapping[str, int],
        forms: Mapping[str, str] | None = None,
    ) -> None:
        if name not in self.tables.versions:
            raise ValueError(f"unknown referential: {name!r}")
        self.tables.search_documents[name] = tuple(
            (self.tables.next_id("search_document"), document) for document in documents
        )
        self.tables.search_terms[name] = dict(vocabulary)
        self.tables.search_forms[name] = dict(forms or {})

    def is_indexed(self, referential: str) -> bool:
        return bool(self.tables.search_documents.get(referential))

    def has_forms(self, referential: str) -> bool:
        return bool(self.tables.search_forms.get(referential))

    def known_forms(self, words: Collection[str]) -> dict[str, str]:
        wanted = set(words)
        return {
            word: term
            for forms in self.tables.search_forms.values()
            for word, term in forms.items()
            if word in wanted
        }

    def _scope(self, referential: str | None) -> list[str]:
        return list(self.tables.search_documents) if referential is None else [referential]

    def document_count(self, *, referential: str | None = None) -> int:
        held = self.tables.search_documents
        return sum(len(held.get(name, ())) for name in self._scope(referential))

    def term_frequencies(
        self, terms: Collection[str], *, referential: str | None = None
    ) -> dict[str, int]:
        wanted = set(terms)
        out: dict[str, int] = {}
        for name in self._scope(referential):
            for term, frequency in self.tables.search_terms.get(name, {}).items():
                if term in wanted:
                    out[term] = out.get(term, 0) + frequency
        return out

    def completions(
        self, prefix: str, *, referential: str | None = None, limit: int = 20
    ) -> list[str]:
        totals: dict[str, int] = {}
        for name in self._scope(referential):
            for term, frequency in self.tables.search_terms.get(name, {}).items():
                if term.startswith(prefix) and term != prefix:
                    totals[term] = totals.get(term, 0) + frequency
        return sorted(totals, key=lambda term: (-totals[term], term))[:limit]

    def spelling_candidates(self, term: str, *, referential: str | None = None) -> set[str]:
        # Every term of a length within one of the term's: a superset of those one edit away.
        return {
            known
            for name in self._scope(referential)
            for known in self.tables.search_terms.get(name, {})
            if abs(len(known) - len(term)) <= 1
        }

    def match(
        self,
        groups: Sequence[Sequence[str]],
        *,
        kinds: Sequence[str],
        referential: str | None = None,
        cap: int = 400,
    ) -> dict[str, Matches]:
        found: dict[str, list[Candidate]] = {kind: [] for kind in kinds}
        if not groups:  # as the SQL store: no term, no match
            return {kind: Matches() for kind in kinds}
        wanted = [set(group) for group in groups]
        for name in self._scope(referential):
            for doc_id, document in self.tables.search_documents.get(name, ()):
                if document.kind not in found:
                    continue
                words = {t for text in document.tokens.values() for t in text.split()}
                if all(words & group for group in wanted):
                    tokens = {cls: document.tokens.get(cls, "") for cls in CLASSES}
                    found[document.kind].append(
                        Candidate(doc_id, document.kind, name, document.key, document.label, tokens)
                    )
        return {kind: Matches(rows[:cap], len(rows)) for kind, rows in found.items()}

    def fields(self, ids: Collection[int]) -> dict[int, list[tuple[str, str]]]:
        wanted = set(ids)
        return {
            doc_id: list(document.fields)
            for rows in self.tables.search_documents.values()
            for doc_id, document in rows
            if doc_id in wanted
        }


def ports_of(
    tables: MemoryTables,
) -> tuple[
    PeopleStore,
    AccountStore,
    AuditStore,
    CampaignStore,
    JuryStore,
    ThemeStore,
    TrainingCatalogueStore,
    RgpdStore,
    CareerWishStore,
    EmbeddingStore,
    MobilityModelStore,
    CorrectionStore,
    DocumentTextStore,
    DraftStore,
    LinkStore,
    SearchStore,
    ReferentialStore,
]:
    """The stores on ``tables``, typed as their ports: mypy checks here that each one honours
    its port's signatures."""
    return (
        MemoryPeopleStore(tables),
        MemoryAccountStore(tables),
        MemoryAuditStore(tables),
        MemoryCampaignStore(tables),
        MemoryJuryStore(tables),
        MemoryThemeStore(tables),
        MemoryTrainingCatalogueStore(tables),
        MemoryRgpdStore(tables),
        MemoryCareerWishStore(tables),
        MemoryEmbeddingStore(tables),
        MemoryMobilityModelStore(tables),
        MemoryCorrectionStore(tables),
        MemoryDocumentTextStore(tables),
        MemoryDraftStore(tables),
        MemoryLinkStore(tables),
        MemorySearchStore(tables),
        MemoryReferentialStore(tables),
    )
