"""What the link service needs from storage."""

from __future__ import annotations

from typing import Protocol


class LinkStore(Protocol):
    """Links between competencies (and jobs) of different referentials, and HR decisions."""
