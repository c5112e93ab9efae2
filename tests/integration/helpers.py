"""Shortcuts for the store tests: one unit of work per write or read, as the services do."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import fields, is_dataclass
from typing import Any

from sqlalchemy.orm import Session, sessionmaker

from parcours.domain.provenance import Provenance
from parcours.domain.referential import Referential
from parcours.store.repository import ReferentialRepository
from parcours.store.uow import SqlUnitOfWork

Factory = sessionmaker[Session]


@contextmanager
def repository(factory: Factory) -> Iterator[ReferentialRepository]:
    """The full repository in a unit of work, committed when the block ends without error."""
    with SqlUnitOfWork(factory) as uow:
        yield ReferentialRepository(uow.session)
        uow.commit()


def write(factory: Factory, referential: Referential, **options: Any) -> int:
    with repository(factory) as repo:
        return repo.add_version(referential, **options)


def read(factory: Factory, name: str, version: int | None = None) -> Referential | None:
    with repository(factory) as repo:
        return repo.get(name, version)


def provenances(value: object) -> Iterator[Provenance]:
    """Every provenance held anywhere in a domain object, depth first."""
    if isinstance(value, Provenance):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from provenances(item)
    elif isinstance(value, list | tuple):
        for item in value:
            yield from provenances(item)
    elif is_dataclass(value) and not isinstance(value, type):
        for field in fields(value):
            yield from provenances(getattr(value, field.name))
