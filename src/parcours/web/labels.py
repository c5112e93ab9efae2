"""The code words the pages show (statuses, relations, roles, document formats and families),
in French; ``formats``' ``|label`` filter reads them, the English catalogue translates them."""

from __future__ import annotations

from parcours.domain.access import ROLE_LABELS
from parcours.domain.links import RELATION_LABELS, STATUS_LABELS
from parcours.domain.provenance import DocumentFamily

FAMILY_LABELS: dict[DocumentFamily, str] = {
    DocumentFamily.FICHE_FONCTION: "fiche fonction",
    DocumentFamily.FICHE_METIER: "fiche métier",
    DocumentFamily.CERTIFICATION: "certification",
    DocumentFamily.STUDY: "étude",
    DocumentFamily.PARCOURS_JSON: "export parcours",
    DocumentFamily.ROME: "ROME",
    DocumentFamily.ESCO: "ESCO",
}
FORMAT_LABELS: dict[str, str] = {
    "txt": "texte",
    "text": "texte",
    "pdf": "PDF",
    "docx": "Word",
    "html": "page web",
    "json": "JSON",
    "xlsx": "Excel",
    "csv": "CSV",
}

# The channels of the audit log (``AuditEvent.channel``).
CHANNEL_LABELS: dict[str, str] = {
    "web": "web",
    "api": "API",
    "cli": "ligne de commande",
}

LABELS: dict[str, str] = {
    **{k.value: v for k, v in STATUS_LABELS.items()},
    **{k.value: v for k, v in RELATION_LABELS.items()},
    **{k.value: v for k, v in ROLE_LABELS.items()},
    **{k.value: v for k, v in FAMILY_LABELS.items()},
    **FORMAT_LABELS,
    **CHANNEL_LABELS,
}
