"""The hash chain of the audit log: what an event's digest covers and how events are linked.

Each event stores ``digest``, the SHA-256 of its content when it was written (time, actor,
channel, action, subject, detail, proof), and ``chain`` = SHA-256(previous chain, its sequence
number, its digest). Changing, removing, inserting or reordering an event breaks the chain from
there on. Pure functions: the migration that seals existing events uses them too, so they must
never change (a new canonical form would be a new ``VERSION`` prefix).
"""

from __future__ import annotations

import hashlib
import json
from datetime import UTC, datetime
from typing import Any

VERSION = "parcours-audit-1"
GENESIS = "0" * 64


def _text(value: str | None) -> str:
    return "" if value is None else value


def at_text(at: datetime) -> str:
    aware = at.replace(tzinfo=UTC) if at.tzinfo is None else at.astimezone(UTC)
    return aware.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def content_digest(
    *,
    at: datetime,
    actor: str,
    channel: str,
    action: str,
    subject: str | None,
    detail: str | None,
    proof: dict[str, Any] | None,
) -> str:
    """The SHA-256 of an event's content (a canonical JSON array, so no field can bleed into
    the next)."""
    canonical = json.dumps(
        [
            VERSION,
            at_text(at),
            actor,
            channel,
            action,
            _text(subject),
            _text(detail),
            proof,
        ],
        ensure_ascii=False,
        sort_keys=True,
        separators=(",", ":"),
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def link(previous: str, seq: int, digest: str) -> str:
    """The chain value of the event ``seq`` whose digest is ``digest``."""
    return hashlib.sha256(f"{previous}:{seq}:{digest}".encode("ascii")).hexdigest()
