"""The one table of importers, and detection by score (the best scorer wins).

Every importer ships with parcours and is listed here: there is no plug-in loader, so a new
family of documents is one importer module and one line in this table.
"""

from __future__ import annotations

from parcours.domain.errors import UnknownFamilyError
from parcours.ingest.base import Importer
from parcours.ingest.certification import CertificationImporter
from parcours.ingest.excel_export import ExcelExportImporter
from parcours.ingest.fiche_fonction import FicheFonctionImporter
from parcours.ingest.fiche_metier import FicheMetierImporter
from parcours.ingest.parcours_json import ParcoursJsonImporter
from parcours.ingest.study import StudyImporter
from parcours.ingest.text import ExtractedText

# Below this score no importer is trusted with a document.
MIN_SCORE = 0.5

BUILTIN_IMPORTERS: tuple[Importer, ...] = (
    FicheFonctionImporter(),
    FicheMetierImporter(),
    CertificationImporter(),
    StudyImporter(),
    ParcoursJsonImporter(),
    ExcelExportImporter(),
)


def detect(text: ExtractedText, filename: str) -> Importer:
    """The importer with the best score; UnknownFamilyError when none reaches MIN_SCORE."""
    scored = sorted(
        ((imp.score(text, filename), i, imp) for i, imp in enumerate(BUILTIN_IMPORTERS)),
        key=lambda t: (-t[0], t[1]),
    )
    if not scored or scored[0][0] < MIN_SCORE:
        raise UnknownFamilyError(
            filename,
            "famille de document inconnue : ni fiche fonction, ni fiche métier, ni référentiel "
            "de certification, ni étude, ni export parcours",
        )
    return scored[0][2]
