"""Every table of the store in ``Base.metadata`` and ``Base.registry``.

The model modules are imported where they are used, so that a command that reads referentials
does not map the tables of people, campaigns or juries. What needs every table imports this
module: Alembic's schema comparison (migrations/env.py, tests/integration/test_migrations.py)
and the erasure, which sweeps every mapped table (store/rgpd.py).
"""

from __future__ import annotations

from parcours.store import (  # noqa: F401
    models_career,
    models_corrections,
    models_drafts,
    models_links,
    models_mobility,
    models_ops,
    models_people,
    models_search,
    models_semantic,
    models_trainings,
)
from parcours.store.models import Base

__all__ = ["Base"]
