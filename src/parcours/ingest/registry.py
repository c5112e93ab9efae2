"""The one table of importers, and detection by score (the best scorer wins).

Built-in importers are registered explicitly here; outside ones can be added with
``register`` (e.g. from a plug-in's entry point) without touching this table.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

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

_importers: list[Importer] = list(BUILTIN_IMPORTERS)


def importers() -> tuple[Importer, ...]:
    return tuple(_importers)


def register(importer: Importer) -> None:
    """Add an importer; it competes with the others on every document."""
    _importers.append(importer)


@contextmanager
def isolated_registry(*extra: Importer) -> Iterator[None]:
    """Tests: the built-ins plus ``extra`` for the duration of a block, then reset."""
    saved = list(_importers)
    _importers[:] = [*BUILTIN_IMPORTERS, *extra]
    try:
        yield
    finally:
        _importers[:] = saved


def detect(text: ExtractedText, filename: str) -> Importer:
    """The importer with the best score; UnknownFamilyError when none reaches MIN_SCORE."""
    scored = sorted(
        ((imp.score(text, filename), i, imp) for i, imp in enumerate(_importers)),
        key=lambda t: (-t[0], t[1]),
    )
    if not scored or scored[0][0] < MIN_SCORE:
        raise UnknownFamilyError(
            filename,
            "famille de document inconnue : ni fiche fonction, ni fiche métier, ni référentiel "
            "de certification, ni étude, ni export parcours",
        )
    return scored[0][2]
