"""What the RGPD use cases need from storage (store/rgpd.py)."""

from __future__ import annotations

from typing import Protocol


class RgpdStore(Protocol):
    pass
