"""Bundles: a folder of files that together form ONE document (the ROME or ESCO CSV export).

A bundle importer recognises its folder by the file names (``score``), says which files it
reads (``members``) and parses them into one draft. The bundle is identified like a file:
its slot is the folder name and its sha256 is computed over the sorted (file name, file
sha256) pairs of its members, so that changing any member file makes it a new document.
Each member is also a source document of its own (slot ``<folder>/<file>``): facts cite
the member file and line they come from.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from contextlib import contextmanager
from typing import Protocol

from parcours.domain.draft import ImportDraft
from parcours.domain.provenance import DocumentFamily, SourceDocument
from parcours.ingest.esco import EscoImporter
from parcours.ingest.rome import RomeImporter

# Below this score no bundle importer is trusted with a folder.
MIN_SCORE = 0.5

BundleProgress = Callable[[str], None]


class BundleImporter(Protocol):
    """Turns the member files of a folder into an ImportDraft.

    ``parse`` gets the folder name, the files' bytes by file name, the member documents by
    file name and the bundle's document; it calls ``progress("<folder>/<file>")`` as it
    reads each member, and raises ``DocumentError`` naming the file at fault.
    """

    family: DocumentFamily
    description: str
    format: str

    def score(self, names: Collection[str]) -> float: ...

    def members(self, names: Collection[str]) -> list[str]: ...

    def parse(
        self,
        folder: str,
        files: Mapping[str, bytes],
        documents: Mapping[str, SourceDocument],
        document: SourceDocument,
        progress: BundleProgress | None = None,
    ) -> ImportDraft: ...


BUILTIN_BUNDLE_IMPORTERS: tuple[BundleImporter, ...] = (RomeImporter(), EscoImporter())

_importers: list[BundleImporter] = list(BUILTIN_BUNDLE_IMPORTERS)


@contextmanager
def isolated_registry(*extra: BundleImporter) -> Iterator[None]:
    """Tests: the built-ins plus ``extra`` for the duration of a block, then reset."""
    saved = list(_importers)
    _importers[:] = [*BUILTIN_BUNDLE_IMPORTERS, *extra]
    try:
        yield
    finally:
        _importers[:] = saved


def detect(names: Iterable[str]) -> BundleImporter | None:
    """The bundle importer that recognises these file names best, or None (not a bundle)."""
    listed = frozenset(names)
    scored = sorted(
        ((imp.score(listed), i, imp) for i, imp in enumerate(_importers)),
        key=lambda t: (-t[0], t[1]),
    )
    if not scored or scored[0][0] < MIN_SCORE:
        return None
    return scored[0][2]


def member_documents(
    files: Mapping[str, bytes], members: Iterable[str], importer: BundleImporter
) -> dict[str, SourceDocument]:
    """One source document per member file present in ``files``, by file name."""
    return {
        name: SourceDocument(
            sha256=hashlib.sha256(files[name]).hexdigest(),
            filename=name,
            format=importer.format,
            family=importer.family,
            size=len(files[name]),
        )
        for name in members
        if name in files
    }


def bundle_document(
    folder: str, members: Mapping[str, SourceDocument], importer: BundleImporter
) -> SourceDocument:
    """The bundle as one document: sha256 over the sorted (file name, file sha256) pairs."""
    digest = hashlib.sha256()
    for name in sorted(members):
        digest.update(f"{name}\0{members[name].sha256}\n".encode())
    return SourceDocument(
        sha256=digest.hexdigest(),
        filename=folder,
        format=importer.format,
        family=importer.family,
        size=sum(doc.size for doc in members.values()),
    )
