"""DraftStore (services/ports/drafts.py): the fake and the SQL store alike."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from typing import Any

from parcours.services.ports import UowFactory
from parcours.services.ports.drafts import DraftFile

FILES = [DraftFile("a.csv", 3, "a" * 64), DraftFile("b.csv", 2, "b" * 64)]
REPORT: list[dict[str, Any]] = [
    {"filename": "a.csv", "status": "imported", "warnings": ["w"]},
    {"n": 1},
]


def test_a_draft_is_kept_read_back_listed_and_decided(port_uow: UowFactory) -> None:
    before = datetime.now(UTC) - timedelta(seconds=1)
    with port_uow() as uow:
        first = uow.drafts.add(referential="rome", files=FILES, content=b"abcde", report=REPORT)
        second = uow.drafts.add(referential=None, files=[], content=b"", report=[])
        third = uow.drafts.add(referential="x", files=FILES[:1], content=b"abc", report=[])
        uow.commit()
    assert first < second < third
    with port_uow() as uow:
        draft = uow.drafts.get(first)
        assert draft is not None
        assert (draft.id, draft.status, draft.referential) == (first, "pending", "rome")
        assert (draft.files, draft.report) == (FILES, REPORT)
        assert (draft.decided_at, draft.outcome) == (None, None)
        assert draft.created_at >= before
        assert uow.drafts.content(first) == b"abcde"
        assert uow.drafts.content(second) == b""
        assert uow.drafts.get(10_000) is None and uow.drafts.content(10_000) is None
        assert [d.id for d in uow.drafts.list_drafts()] == [third, second, first]  # latest first
        assert [d.id for d in uow.drafts.list_drafts(limit=2)] == [third, second]
        uow.drafts.decide(second, status="discarded", outcome="écarté")
        uow.drafts.decide(first, status="published", outcome="3 métiers")
        uow.commit()
    with port_uow() as uow:
        decided = uow.drafts.get(first)
        assert decided is not None and decided.decided_at is not None
        assert (decided.status, decided.outcome) == ("published", "3 métiers")
        assert [d.id for d in uow.drafts.list_drafts("pending")] == [third]
        assert [d.id for d in uow.drafts.list_drafts("discarded", limit=5)] == [second]
        uow.drafts.decide(third, status="discarded", outcome="pas gardé")  # not committed
    with port_uow() as uow:
        kept = uow.drafts.get(third)
        assert kept is not None and kept.status == "pending"


def test_a_draft_read_is_a_copy(port_uow: UowFactory) -> None:
    with port_uow() as uow:
        number = uow.drafts.add(referential=None, files=FILES, content=b"x", report=REPORT)
        uow.commit()
    with port_uow() as uow:
        draft = uow.drafts.get(number)
        assert draft is not None
        draft.report.append({"changed": True})
        draft.files.clear()
    with port_uow() as uow:
        again = uow.drafts.get(number)
        assert again is not None and (again.files, again.report) == (FILES, REPORT)
