"""What the jury use cases need from storage (store/juries.py)."""

from __future__ import annotations

from typing import Protocol

from parcours.services.ports_people import JuryMembership


class JuryStore(JuryMembership, Protocol):
    pass
