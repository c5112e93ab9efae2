"""A person's competency profile, under a pseudonym.

A profile maps competency keys (or labels, resolved against a referential by the engine) to
the level the person holds on the proficiency scale (1 notions ... 4 expertise), with where
the level comes from (self-assessment, annual review, certification...) and when it was
assessed. The person is known only by a pseudonymous id: ``pseudonym()`` derives one from
an HR identifier and a secret salt, so that profiles can be stored and shared without names.

``parse_profile`` reads the two file forms the command line accepts (pure: text in):

- JSON: ``{"person": "...", "job": "...", "levels": {"Orientation client": 3, ...}}``, or
  directly ``{"Orientation client": 3, ...}``; a level may also be
  ``{"level": 3, "source": "entretien annuel", "date": "2024-06-30"}``;
- CSV (comma or semicolon): a header with ``competence``/``competency`` and ``niveau``/``level``
  columns, optionally ``source`` and ``date``.
"""

from __future__ import annotations

import csv
import hashlib
import hmac
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from parcours.domain.competency import PROFICIENCY_SCALE
from parcours.domain.errors import ParcoursError


class ProfileError(ParcoursError):
    """A profile file or value cannot be read."""


@dataclass(frozen=True, slots=True)
class ProfileEntry:
    """One competency a person holds: the level (None when unknown), its source and date."""

    competency: str
    level: int | None = None
    source: str | None = None
    assessed_on: date | None = None

    def __post_init__(self) -> None:
        if self.level is not None and self.level not in PROFICIENCY_SCALE:
            raise ProfileError(
                f"niveau invalide pour « {self.competency} » : {self.level} "
                f"(attendu : {', '.join(str(k) for k in sorted(PROFICIENCY_SCALE))})"
            )


@dataclass(frozen=True, slots=True)
class Profile:
    """A person's competencies, keyed by competency key (or label before resolution).

    ``job`` is the person's current job (a key of the referential) when known.
    """

    person: str
    entries: Mapping[str, ProfileEntry] = field(default_factory=dict)
    job: str | None = None

    def levels(self) -> dict[str, int | None]:
        return {key: entry.level for key, entry in self.entries.items()}

    def __len__(self) -> int:
        return len(self.entries)


def pseudonym(identifier: str, salt: str) -> str:
    """A stable pseudonymous id for an HR identifier: the same pair always gives the same id,
    and the identifier cannot be read back without the salt."""
    # A keyed hash (HMAC-SHA256): without the salt, nobody can test a guessed identifier.
    digest = hmac.new(salt.encode(), identifier.encode(), hashlib.sha256).hexdigest()
    return f"p-{digest[:16]}"


def profile_from_levels(
    person: str,
    levels: Mapping[str, int | None],
    *,
    job: str | None = None,
    source: str | None = None,
    assessed_on: date | None = None,
) -> Profile:
    """A profile from a plain mapping competency -> level."""
    entries = {
        key: ProfileEntry(key, level, source, assessed_on) for key, level in levels.items() if key
    }
    return Profile(person=person, entries=entries, job=job)


def _level(value: Any, competency: str) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        raise ProfileError(f"niveau invalide pour « {competency} » : {value!r}")
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str) and value.strip().isdigit():
        return int(value.strip())
    raise ProfileError(f"niveau invalide pour « {competency} » : {value!r}")


def _date(value: Any, competency: str) -> date | None:
    if value in (None, ""):
        return None
    try:
        return date.fromisoformat(str(value).strip())
    except ValueError as exc:
        raise ProfileError(f"date invalide pour « {competency} » : {value!r}") from exc


def _entry(competency: str, value: Any) -> ProfileEntry:
    competency = competency.strip()
    if isinstance(value, Mapping):
        return ProfileEntry(
            competency,
            _level(value.get("level", value.get("niveau")), competency),
            (str(value["source"]) if value.get("source") else None),
            _date(value.get("date"), competency),
        )
    return ProfileEntry(competency, _level(value, competency))


def _from_json(text: str, default_person: str) -> Profile:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ProfileError(f"profil JSON illisible : {exc}") from exc
    if not isinstance(data, dict):
        raise ProfileError("profil JSON : un objet compétence -> niveau est attendu")
    levels = data.get("levels", data.get("niveaux"))
    if isinstance(levels, dict):
        person = str(data.get("person") or data.get("personne") or default_person)
        job = data.get("job") or data.get("poste")
        entries = _entries(levels.items())
        return Profile(person=person, entries=entries, job=str(job) if job else None)
    return Profile(person=default_person, entries=_entries(data.items()))


def _entries(items: Iterable[tuple[str, Any]]) -> dict[str, ProfileEntry]:
    out: dict[str, ProfileEntry] = {}
    for key, value in items:
        entry = _entry(str(key), value)
        if entry.competency:
            out[entry.competency] = entry
    return out


_COMPETENCY_COLUMNS = ("competence", "compétence", "competency", "competences", "compétences")
_LEVEL_COLUMNS = ("niveau", "level")


def _from_csv(text: str, default_person: str) -> Profile:
    sample = text[:4096]
    delimiter = ";" if sample.count(";") > sample.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    header = {(name or "").strip().lower(): name for name in reader.fieldnames or []}
    comp_col = next((header[c] for c in _COMPETENCY_COLUMNS if c in header), None)
    level_col = next((header[c] for c in _LEVEL_COLUMNS if c in header), None)
    if comp_col is None or level_col is None:
        raise ProfileError("profil CSV : colonnes « competence » et « niveau » attendues")
    source_col = header.get("source")
    date_col = header.get("date")
    entries: dict[str, ProfileEntry] = {}
    for row in reader:
        name = (row.get(comp_col) or "").strip()
        if not name:
            continue
        entries[name] = ProfileEntry(
            name,
            _level(row.get(level_col), name),
            (row.get(source_col) or None) if source_col else None,
            _date(row.get(date_col), name) if date_col else None,
        )
    return Profile(person=default_person, entries=entries)


def parse_profile(text: str, filename: str = "profil", *, person: str | None = None) -> Profile:
    """Read a profile file (JSON or CSV, see the module docstring)."""
    stripped = text.lstrip("\ufeff").strip()
    default_person = person or filename
    if filename.lower().endswith(".json") or stripped.startswith("{"):
        profile = _from_json(stripped, default_person)
    else:
        profile = _from_csv(stripped, default_person)
    if not profile.entries:
        raise ProfileError(f"{filename} : le profil ne contient aucune compétence")
    return profile
