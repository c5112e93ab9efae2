"""Bytes in, draft out: read, detect the family, parse. Pure: no database, no settings.

Every file is read within ``Limits`` (ingest/limits.py): its size, what it unpacks to, the
text it yields and the time it takes; past one, or on any error of a reader or an importer,
the file is refused with a ``DocumentError`` naming it, and nothing else is affected. The
warnings of a file are kept up to ``max_warnings``, the rest counted in a last warning.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import replace

from parcours.domain.draft import ImportDraft, ImportWarning
from parcours.domain.errors import DocumentError, UnknownFamilyError
from parcours.domain.provenance import DocumentFamily, SourceDocument
from parcours.ingest import bundle, readers, registry
from parcours.ingest.limits import (
    DEFAULT_LIMITS,
    FileTimeout,
    LimitExceeded,
    Limits,
    mib,
    time_limit,
    too_large,
)

MORE_WARNINGS = "more-warnings"


@contextmanager
def guarded(filename: str, limits: Limits, what: str = "fichier") -> Iterator[None]:
    """Run the reading of one file within its time limit; any error but a ``DocumentError``
    becomes one, naming the file (never a traceback, never the other files' loss)."""
    try:
        with time_limit(limits.max_seconds):
            yield
    except FileTimeout:
        raise LimitExceeded(
            filename,
            f"lecture interrompue : le {what} demande plus de {limits.max_seconds:g} s "
            f"({limits.setting('max_seconds')})",
            kind="time",
        ) from None
    except DocumentError:
        raise
    except RecursionError:
        raise LimitExceeded(
            filename, "document illisible : structure imbriquée trop profondément"
        ) from None
    except MemoryError:
        raise LimitExceeded(filename, "document illisible : mémoire insuffisante") from None
    except Exception as exc:  # a reader's or a library's error refuses this file alone
        raise DocumentError(filename, f"document illisible ({type(exc).__name__} : {exc})") from exc


def cap_warnings(warnings: list[ImportWarning], limit: int) -> list[ImportWarning]:
    """The first ``limit`` warnings, then one saying how many more there were."""
    if limit <= 0 or len(warnings) <= limit:
        return warnings
    rest = len(warnings) - limit
    return [
        *warnings[:limit],
        ImportWarning(MORE_WARNINGS, f"… et {rest:,} autres alertes".replace(",", "\u202f")),
    ]


def parse_document(data: bytes, filename: str, limits: Limits = DEFAULT_LIMITS) -> ImportDraft:
    """Parse one document; raises DocumentError (naming the file and the reason) on bad input
    or past a limit (``LimitExceeded``)."""
    if len(data) > limits.max_file_bytes:
        raise too_large(filename, len(data), limits)
    with guarded(filename, limits):
        draft = _parse_document(data, filename, limits)
    draft.warnings = cap_warnings(draft.warnings, limits.max_warnings)
    return draft


def _parse_document(data: bytes, filename: str, limits: Limits) -> ImportDraft:
    text = readers.read(data, filename, limits)
    importer = registry.detect(text, filename)
    document = SourceDocument(
        sha256=hashlib.sha256(data).hexdigest(),
        filename=filename,
        format=text.format,
        family=importer.family,
        size=len(data),
    )
    try:
        draft = importer.parse(text, document)
    except (DocumentError, RecursionError, MemoryError):
        raise  # RecursionError (JSON nested too deep) and MemoryError: refusals, see guarded
    except Exception as exc:  # an importer bug must not pass as a silent success
        raise DocumentError(
            filename, f"erreur interne de l'importeur {importer.family.value} : {exc!r}"
        ) from exc
    if not draft.parts or not any(_has_content(p) for p in draft.parts):
        raise DocumentError(filename, "le document ne contient aucun poste ni aucune compétence")
    if importer.family is DocumentFamily.PARCOURS_JSON:
        return replace(draft, document=document)
    for part in draft.parts:
        part.documents = {filename: document}
    return replace(draft, document=document, lines=tuple(line.text for line in text.lines))


def is_bundle(names: Iterable[str]) -> bool:
    """Whether files with these names (a folder's) form one document, such as the ROME export."""
    return bundle.detect(names) is not None


def bundle_members(names: Iterable[str]) -> list[str]:
    """The files of a bundle its importer reads, in reading order; [] when not a bundle."""
    listed = list(names)
    importer = bundle.detect(listed)
    return importer.members(listed) if importer is not None else []


def check_bundle_sizes(name: str, sizes: Mapping[str, int], limits: Limits) -> None:
    """Refuse a bundle whose member file, or whose members together, pass the size limits
    (before they are read, when the sizes come from the file system)."""
    for file, size in sizes.items():
        if size > limits.max_file_bytes:
            raise too_large(f"{name}/{file}", size, limits)
    total = sum(sizes.values())
    if total > limits.max_bundle_bytes:
        raise LimitExceeded(
            name,
            f"dossier trop volumineux : {mib(total)} pour une limite de "
            f"{mib(limits.max_bundle_bytes)} ({limits.setting('max_bundle_bytes')})",
            kind="size",
        )


def parse_bundle(
    name: str,
    files: Mapping[str, bytes],
    progress: Callable[[str], None] | None = None,
    limits: Limits = DEFAULT_LIMITS,
) -> ImportDraft:
    """Parse the files of folder ``name`` (bytes by file name) as one document.

    ``progress("<name>/<file>")`` is called as each member file is read. Raises
    DocumentError (naming the folder or the member file, and the reason) on bad input.
    """
    importer = bundle.detect(files)
    if importer is None:
        raise UnknownFamilyError(name, "dossier non reconnu : ce n'est pas un export connu")
    check_bundle_sizes(name, {n: len(files[n]) for n in importer.members(list(files))}, limits)
    with guarded(name, limits, "dossier"):
        draft = _parse_bundle(name, files, importer, progress)
    draft.warnings = cap_warnings(draft.warnings, limits.max_warnings)
    return draft


def _parse_bundle(
    name: str,
    files: Mapping[str, bytes],
    importer: bundle.BundleImporter,
    progress: Callable[[str], None] | None,
) -> ImportDraft:
    documents = bundle.member_documents(files, importer.members(list(files)), importer)
    document = bundle.bundle_document(name, documents, importer)
    try:
        draft = importer.parse(name, files, documents, document, progress)
    except DocumentError:
        raise
    except Exception as exc:  # an importer bug must not pass as a silent success
        raise DocumentError(
            name, f"erreur interne de l'importeur {importer.family.value} : {exc!r}"
        ) from exc
    if not draft.parts or not any(_has_content(p) for p in draft.parts):
        raise DocumentError(name, "le dossier ne contient aucun poste ni aucune compétence")
    for part in draft.parts:
        part.documents = {f"{name}/{file}": doc for file, doc in documents.items()}
    return replace(draft, document=document)


def _has_content(part: object) -> bool:
    return any(getattr(part, name) for name in ("jobs", "competencies", "certifications"))
