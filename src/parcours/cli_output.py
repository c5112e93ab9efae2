"""Machine-readable output of the commands: ``--format json``.

A command's result (the dataclasses a service returns) is turned into JSON generically, field
by field, so a field added to a result later appears in the output without touching the
command: dataclasses become objects, enums their values, dates ISO 8601 text, tuples and sets
lists, numpy values plain numbers, and NaN or infinite floats ``null``. The text is UTF-8,
accents kept as they are (``ensure_ascii=False``).
"""

from __future__ import annotations

import dataclasses
import json
import math
from collections.abc import Mapping
from datetime import date, datetime, time
from enum import Enum, StrEnum
from pathlib import PurePath
from typing import Annotated, Any

import typer


class OutputFormat(StrEnum):
    TABLE = "table"
    JSON = "json"


FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", help="table (défaut, pour lire) ou json (pour les scripts)."),
]


def plain(value: Any) -> Any:
    """``value`` as JSON-ready values: dicts, lists, strings, numbers, booleans, None."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return plain(value.value)
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, float):
        return value if math.isfinite(value) else None
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, Mapping):
        return {_key(k): plain(v) for k, v in value.items()}
    if isinstance(value, set | frozenset):
        items = [plain(v) for v in value]
        return sorted(items, key=lambda v: json.dumps(v, ensure_ascii=False, sort_keys=True))
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, PurePath):
        return str(value)
    if type(value).__module__ == "numpy" and hasattr(value, "tolist"):
        return plain(value.tolist())  # numpy scalars and arrays
    return str(value)


def _key(key: object) -> str:
    if isinstance(key, Enum):
        return str(key.value)
    if isinstance(key, tuple):
        return ":".join(_key(k) for k in key)
    return str(key)


def dumps(value: Any) -> str:
    return json.dumps(plain(value), ensure_ascii=False, indent=2)


def echo_json(value: Any) -> None:
    """Print ``value`` as JSON on the standard output, encoded in UTF-8 whatever the locale."""
    typer.echo((dumps(value) + "\n").encode("utf-8"), nl=False)
