"""Bytes in, draft out: read, detect the family, parse. Pure: no database, no settings."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import replace

from parcours.domain.draft import ImportDraft
from parcours.domain.errors import DocumentError, UnknownFamilyError
from parcours.domain.provenance import DocumentFamily, SourceDocument
from parcours.ingest import bundle, readers, registry


def parse_document(data: bytes, filename: str) -> ImportDraft:
    """Parse one document; raises DocumentError (naming the file and the reason) on bad input."""
    text = readers.read(data, filename)
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
    except DocumentError:
        raise
    except Exception as exc:  # an importer bug must not pass as a silent success
        raise DocumentError(
            filename, f"erreur interne de l'importeur {importer.family.value} : {exc!r}"
        ) from exc
    if not draft.parts or not any(_has_content(p) for p in draft.parts):
        raise DocumentError(filename, "le document ne contient aucun poste ni aucune compétence")
    if importer.family is not DocumentFamily.PARCOURS_JSON:
        for part in draft.parts:
            part.documents = {filename: document}
    return replace(draft, document=document)


def is_bundle(names: Iterable[str]) -> bool:
    """Whether files with these names (a folder's) form one document, such as the ROME export."""
    return bundle.detect(names) is not None


def bundle_members(names: Iterable[str]) -> list[str]:
    """The files of a bundle its importer reads, in reading order; [] when not a bundle."""
    listed = list(names)
    importer = bundle.detect(listed)
    return importer.members(listed) if importer is not None else []


def parse_bundle(
    name: str, files: Mapping[str, bytes], progress: Callable[[str], None] | None = None
) -> ImportDraft:
    """Parse the files of folder ``name`` (bytes by file name) as one document.

    ``progress("<name>/<file>")`` is called as each member file is read. Raises
    DocumentError (naming the folder or the member file, and the reason) on bad input.
    """
    importer = bundle.detect(files)
    if importer is None:
        raise UnknownFamilyError(name, "dossier non reconnu : ce n'est pas un export connu")
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
