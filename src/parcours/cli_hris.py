"""`parcours people ...` commands of the hris use cases (registered on the people group)."""

from __future__ import annotations

from parcours.cli_people import people_app  # noqa: F401
