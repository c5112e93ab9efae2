"""English messages of the hris pages (merged into i18n.EN)."""

from __future__ import annotations

EN: dict[str, str] = {}
