"""How each field of a referential's dataclasses is kept, read once from their type hints.

The store (``store/snapshot.py``) and the parcours/1 codec (``domain/codec.py``) both walk
these descriptions, so a new field of ``Job`` (or of any content dataclass) is mapped both
ways by both without a line of conversion code; each of them lists, commented, the few
fields it keeps differently (a renamed column or JSON key, a key order).
"""

from __future__ import annotations

import dataclasses
import types
from dataclasses import dataclass
from enum import Enum, StrEnum
from typing import Any, Union, cast, get_args, get_origin, get_type_hints

from parcours.domain.provenance import Provenance


class Shape(StrEnum):
    """How a field's value is kept, from its type hint."""

    VALUE = "value"  # str, int, float, bool, or one of them or None: kept as it is
    ENUM = "enum"  # a StrEnum member: kept as its value
    LIST = "list"  # list[str] or list[bool]: a list
    TUPLE = "tuple"  # tuple[str, ...]: a list, a tuple again when read
    PAIRS = "pairs"  # list[tuple[str, str]]: a list of two-item lists
    CHILDREN = "children"  # list[<dataclass>]: entities of their own, in their own rows
    PROVENANCE = "provenance"  # list[Provenance]: the provenance of the fact


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    shape: Shape
    # The type the value has when it is not None (str, int, bool...; the enum; the child).
    base: type[Any]
    optional: bool  # the hint admits None
    required: bool  # the dataclass gives no default
    default: Any  # the default value, when there is a plain one


_FIELDS: dict[type[Any], tuple[Field, ...]] = {}


def fields_of(cls: type[Any]) -> tuple[Field, ...]:
    """The fields of a content dataclass, in declaration order."""
    found = _FIELDS.get(cls)
    if found is None:
        hints = get_type_hints(cls)
        found = tuple(_field(f, hints[f.name]) for f in dataclasses.fields(cls))
        _FIELDS[cls] = found
    return found


def _field(f: dataclasses.Field[Any], hint: Any) -> Field:
    required = f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
    default = None if f.default is dataclasses.MISSING else f.default
    origin, args = get_origin(hint), get_args(hint)
    optional = False
    if origin in (Union, types.UnionType):
        optional = type(None) in args
        (hint,) = (a for a in args if a is not type(None))
        origin, args = get_origin(hint), get_args(hint)
    shape, base = _shape(hint, origin, args)
    return Field(f.name, shape, base, optional, required, default)


def _shape(hint: Any, origin: Any, args: tuple[Any, ...]) -> tuple[Shape, type[Any]]:
    if origin is tuple:
        return Shape.TUPLE, args[0]
    if origin is list:
        (item,) = args
        if item is Provenance:
            return Shape.PROVENANCE, Provenance
        if get_origin(item) is tuple:
            return Shape.PAIRS, tuple
        if dataclasses.is_dataclass(item):
            return Shape.CHILDREN, cast("type[Any]", item)
        return Shape.LIST, item
    if isinstance(hint, type) and issubclass(hint, Enum):
        return Shape.ENUM, hint
    if hint in (str, int, float, bool):
        return Shape.VALUE, hint
    raise TypeError(f"no stored shape for the type {hint!r}")
