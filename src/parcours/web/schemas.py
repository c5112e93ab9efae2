"""Shapes of the JSON API's answers, for the OpenAPI document (separate from the domain)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel


class ReferentialOut(BaseModel):
    id: str
    name: str
    organisation: str | None
    version: int
    jobs: int
    competencies: int
    mobilities: int
    certifications: int


class VersionOut(BaseModel):
    number: int
    created_at: datetime
    summary: str | None
    status: str
    documents: int


class ReferentialDetailOut(ReferentialOut):
    versions: list[VersionOut]


class JobOut(BaseModel):
    referential: str
    referential_id: str
    id: str
    title: str
    grade: str | None
    has_sheet: bool
    family: str | None
    filiere: str | None
    metier: str | None


class CompetencyOut(BaseModel):
    referential_id: str
    id: str
    label: str
    kind: str
    category: str | None
    domain: str | None
    jobs: int


class MapJobOut(BaseModel):
    id: str
    title: str
    grade: str | None
    has_sheet: bool


class MapNodeOut(BaseModel):
    label: str
    count: int
    children: list[MapNodeOut]
    jobs: list[MapJobOut]


class JobMapOut(BaseModel):
    referential: str
    version: int
    count: int
    families: list[MapNodeOut]


class ComparedOut(BaseModel):
    id: str
    label: str
    kind: str
    level_a: int | None
    level_b: int | None
    links: list[str] = []  # the links between documents that make A's and B's item one


class CompareOut(BaseModel):
    a: MapJobOut
    b: MapJobOut
    shared: list[ComparedOut]
    only_a: list[ComparedOut]
    only_b: list[ComparedOut]
    level_differences: list[ComparedOut]


class WarningOut(BaseModel):
    code: str
    message: str
    line: int | None
    end_line: int | None
    page: int | None
    severity: str


class FileOutcomeOut(BaseModel):
    filename: str
    status: str
    family: str | None
    referentials: list[str]
    counts: dict[str, int]
    warnings: list[WarningOut]
    error: str | None


class DraftFileOut(BaseModel):
    filename: str
    size: int
    sha256: str


class DraftOut(BaseModel):
    id: int
    created_at: datetime
    status: str
    referential: str | None
    files: list[DraftFileOut]
    decided_at: datetime | None
    outcome: str | None


class EntityDiffOut(BaseModel):
    added: list[str]
    removed: list[str]
    changed: list[str]


class ProposedVersionOut(BaseModel):
    name: str
    current_version: int | None
    next_version: int
    summary: str
    changes: dict[str, EntityDiffOut]


class DraftReviewOut(BaseModel):
    draft: DraftOut
    files: list[FileOutcomeOut]
    changes: list[ProposedVersionOut]
    publishable: bool


class VersionOutcomeOut(BaseModel):
    name: str
    version: int
    summary: str


class ImportReportOut(BaseModel):
    files: list[FileOutcomeOut]
    versions: list[VersionOutcomeOut]


Json = dict[str, Any]
