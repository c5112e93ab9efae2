"""Assessors by pseudonym: the HR identifiers stored as assessors become their pseudonyms.

Revision ID: 0008_assessors
Revises: 0007_map

Until this revision an HRIS assessments file stored its ``evaluateur`` column as given: an HR
identifier, although the HR identifier is never to be stored (docs/hris.md). From now on the
import stores the pseudonym (``domain.profile.pseudonym`` with the ``pseudonym_salt``), as for
people and managers; this revision rewrites the values already held the same way.

A value is rewritten unless it is the login of an account (ratings made in parcours name the
account that made them), an anonymous id left by an erasure (``anon-…``), the administrator
(« système ») or already a pseudonym (``p-`` and 16 hex digits). The salt is the one
``store.db.migrate`` is given (the application passes its setting), else the
``PARCOURS_PSEUDONYM_SALT`` setting. There is no way back: the downgrade changes nothing.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import context, op

from parcours.domain.profile import pseudonym

revision: str = "0008_assessors"
down_revision: str | Sequence[str] | None = "0007_map"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

PSEUDONYM = re.compile(r"p-[0-9a-f]{16}")
KEPT = frozenset({"système"})


def _salt() -> str:
    given = context.config.attributes.get("pseudonym_salt")
    if isinstance(given, str):
        return given
    from parcours.settings import Settings

    return Settings.from_environment().pseudonym_salt


def upgrade() -> None:
    if context.is_offline_mode():
        return  # a data migration: it reads the rows, so it runs on a live database only
    bind = op.get_bind()
    assessment = sa.table("assessment", sa.column("assessor", sa.String()))
    account = sa.table("account", sa.column("login", sa.String()))
    logins = set(bind.execute(sa.select(account.c.login)).scalars())
    held = bind.execute(
        sa.select(assessment.c.assessor).where(assessment.c.assessor.is_not(None)).distinct()
    ).scalars()
    values = [
        v
        for v in held
        if v not in logins
        and v not in KEPT
        and not v.startswith("anon-")
        and not PSEUDONYM.fullmatch(v)
    ]
    if not values:
        return
    salt = _salt()
    update = (
        sa.update(assessment)
        .where(assessment.c.assessor == sa.bindparam("old"))
        .values(assessor=sa.bindparam("new"))
    )
    bind.execute(update, [{"old": v, "new": pseudonym(v, salt)} for v in values])


def downgrade() -> None:
    """Pseudonyms cannot be turned back into HR identifiers: nothing to do."""
