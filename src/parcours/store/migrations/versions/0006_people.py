"""People, teams, assessments, campaigns, juries, request themes, accounts and the audit log.

Revision ID: 0006_people
Revises: 0005_drafts
Create Date: 2026-11-28 00:45:01.531068
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_people"
down_revision: str | Sequence[str] | None = "0005_drafts"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "app_secret",
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_app_secret")),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("actor", sa.String(length=128), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("action", sa.String(length=32), nullable=False),
        sa.Column("subject", sa.String(length=64), nullable=True),
        sa.Column("detail", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_audit_log_at"), ["at"], unique=False)
        batch_op.create_index(batch_op.f("ix_audit_log_subject"), ["subject"], unique=False)

    op.create_table(
        "campaign",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("referential", sa.Text(), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("teams", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(length=128), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('open', 'closed')", name=op.f("ck_campaign_status")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign")),
    )
    op.create_table(
        "jury",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("referential", sa.Text(), nullable=False),
        sa.Column("certification", sa.Text(), nullable=False),
        sa.Column("held_on", sa.Date(), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("members", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.String(length=128), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint("status IN ('open', 'closed')", name=op.f("ck_jury_status")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_jury")),
    )
    op.create_table(
        "person",
        sa.Column("id", sa.String(length=64), nullable=False),
        sa.Column("display_name", sa.Text(), nullable=True),
        sa.Column("referential", sa.Text(), nullable=True),
        sa.Column("job", sa.Text(), nullable=True),
        sa.Column("team", sa.String(length=64), nullable=True),
        sa.Column("manager", sa.String(length=64), nullable=True),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("erased", sa.Boolean(), nullable=False),
        sa.Column("source_document", sa.Text(), nullable=True),
        sa.Column("source_line", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_person")),
    )
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_person_manager"), ["manager"], unique=False)
        batch_op.create_index(batch_op.f("ix_person_team"), ["team"], unique=False)

    op.create_table(
        "request_theme",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("referential", sa.Text(), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("competencies", sa.JSON(), nullable=False),
        sa.Column("min_advisors", sa.Integer(), nullable=False),
        sa.Column("share", sa.Double(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_request_theme")),
        sa.UniqueConstraint("referential", "name", name=op.f("uq_request_theme_referential_name")),
    )
    op.create_table(
        "team",
        sa.Column("code", sa.String(length=64), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("manager", sa.String(length=64), nullable=True),
        sa.Column("parent", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("code", name=op.f("pk_team")),
    )
    with op.batch_alter_table("team", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_team_manager"), ["manager"], unique=False)

    op.create_table(
        "account",
        sa.Column("login", sa.String(length=128), nullable=False),
        sa.Column("display_name", sa.Text(), nullable=True),
        sa.Column("password_hash", sa.Text(), nullable=True),
        sa.Column("roles", sa.JSON(), nullable=False),
        sa.Column("person", sa.String(length=64), nullable=True),
        sa.Column("oidc_subject", sa.Text(), nullable=True),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person"],
            ["person.id"],
            name=op.f("fk_account_person_person"),
            onupdate="CASCADE",
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("login", name=op.f("pk_account")),
        sa.UniqueConstraint("oidc_subject", name=op.f("uq_account_oidc_subject")),
    )
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_account_person"), ["person"], unique=False)

    op.create_table(
        "assessment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person", sa.String(length=64), nullable=False),
        sa.Column("competency", sa.Text(), nullable=False),
        sa.Column("level", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(length=16), nullable=False),
        sa.Column("scale", sa.String(length=32), nullable=False),
        sa.Column("raw", sa.Double(), nullable=True),
        sa.Column("assessed_on", sa.Date(), nullable=False),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("assessor", sa.String(length=128), nullable=True),
        sa.Column("evidence", sa.Text(), nullable=True),
        sa.Column("campaign", sa.Integer(), nullable=True),
        sa.Column("document", sa.Text(), nullable=True),
        sa.Column("line", sa.Integer(), nullable=True),
        sa.CheckConstraint(
            "source IN ('self', 'manager', 'jury', 'import')", name=op.f("ck_assessment_source")
        ),
        sa.CheckConstraint("level BETWEEN 1 AND 4", name=op.f("ck_assessment_level")),
        sa.ForeignKeyConstraint(
            ["campaign"],
            ["campaign.id"],
            name=op.f("fk_assessment_campaign_campaign"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["person"],
            ["person.id"],
            name=op.f("fk_assessment_person_person"),
            onupdate="CASCADE",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessment")),
    )
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_assessment_campaign"), ["campaign"], unique=False)
        batch_op.create_index(
            "ix_assessment_person_competency", ["person", "competency"], unique=False
        )

    op.create_table(
        "campaign_review",
        sa.Column("campaign", sa.Integer(), nullable=False),
        sa.Column("person", sa.String(length=64), nullable=False),
        sa.Column("self_submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("manager_submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("manager_account", sa.String(length=128), nullable=True),
        sa.Column("self_comment", sa.Text(), nullable=True),
        sa.Column("manager_comment", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["campaign"],
            ["campaign.id"],
            name=op.f("fk_campaign_review_campaign_campaign"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["person"],
            ["person.id"],
            name=op.f("fk_campaign_review_person_person"),
            onupdate="CASCADE",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("campaign", "person", name=op.f("pk_campaign_review")),
    )
    op.create_table(
        "jury_candidate",
        sa.Column("jury", sa.Integer(), nullable=False),
        sa.Column("person", sa.String(length=64), nullable=False),
        sa.Column("evaluations", sa.JSON(), nullable=False),
        sa.Column("record", sa.JSON(), nullable=True),
        sa.Column("recorded_by", sa.String(length=128), nullable=True),
        sa.Column("recorded_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("comment", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["jury"], ["jury.id"], name=op.f("fk_jury_candidate_jury_jury"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["person"],
            ["person.id"],
            name=op.f("fk_jury_candidate_person_person"),
            onupdate="CASCADE",
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("jury", "person", name=op.f("pk_jury_candidate")),
    )
    with op.batch_alter_table("jury_candidate", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_jury_candidate_person"), ["person"], unique=False)

    op.create_table(
        "api_token",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("account", sa.String(length=128), nullable=False),
        sa.Column("name", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["account"],
            ["account.login"],
            name=op.f("fk_api_token_account_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_api_token")),
    )
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_api_token_account"), ["account"], unique=False)

    op.create_table(
        "web_session",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("account", sa.String(length=128), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_seen_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["account"],
            ["account.login"],
            name=op.f("fk_web_session_account_account"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("token_hash", name=op.f("pk_web_session")),
    )
    with op.batch_alter_table("web_session", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_web_session_account"), ["account"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("web_session", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_web_session_account"))

    op.drop_table("web_session")
    with op.batch_alter_table("api_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_api_token_account"))

    op.drop_table("api_token")
    with op.batch_alter_table("jury_candidate", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_jury_candidate_person"))

    op.drop_table("jury_candidate")
    op.drop_table("campaign_review")
    with op.batch_alter_table("assessment", schema=None) as batch_op:
        batch_op.drop_index("ix_assessment_person_competency")
        batch_op.drop_index(batch_op.f("ix_assessment_campaign"))

    op.drop_table("assessment")
    with op.batch_alter_table("account", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_account_person"))

    op.drop_table("account")
    with op.batch_alter_table("team", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_team_manager"))

    op.drop_table("team")
    op.drop_table("request_theme")
    with op.batch_alter_table("person", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_person_team"))
        batch_op.drop_index(batch_op.f("ix_person_manager"))

    op.drop_table("person")
    op.drop_table("jury")
    op.drop_table("campaign")
    with op.batch_alter_table("audit_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_audit_log_subject"))
        batch_op.drop_index(batch_op.f("ix_audit_log_at"))

    op.drop_table("audit_log")
    op.drop_table("app_secret")
