"""Reading uploaded files, the same from the API and from the pages: each kind of upload has
its size limit here, and is never read past it."""

from __future__ import annotations

from fastapi import UploadFile

from parcours.domain.errors import ParcoursError

# A whole import upload (every file of it) is refused above this size (default of the setting
# ``import_max_upload_bytes``).
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
# An HRIS export of 250,000 people is about 25 MB of CSV.
MAX_HRIS_BYTES = 200 * 1024 * 1024
MAX_CATALOGUE_BYTES = 20 * 1024 * 1024  # a catalogue of 10,000 trainings is about 3 MB
MAX_THEMES_BYTES = 2 * 1024 * 1024


class UploadTooLarge(ParcoursError):
    """An upload, or one of its files, over the size limits: HTTP 413."""


def _base_name(upload: UploadFile, default: str) -> str:
    """The file's name without any folder (browsers on Windows may send the whole path)."""
    name = (upload.filename or default).replace("\\", "/").rsplit("/", 1)[-1]
    return name or default


def read_upload(upload: UploadFile, limit: int, default: str) -> tuple[str, bytes]:
    """The file's name and its bytes, refused above ``limit`` (``ParcoursError``: 400)."""
    data = read_bytes(upload, limit)
    return _base_name(upload, default), data


def read_bytes(upload: UploadFile, limit: int) -> bytes:
    data = upload.file.read(limit + 1)
    if len(data) > limit:
        raise ParcoursError(f"fichier trop volumineux (plus de {limit // 2**20} Mio)")
    return data


async def read_uploads(
    files: list[UploadFile],
    max_total: int = MAX_UPLOAD_BYTES,
    max_file: int | None = None,
) -> list[tuple[str, bytes]]:
    """The uploaded files' names (without any folder) and bytes; never reads more than the
    limits allow: past ``max_file`` for one file or ``max_total`` for all, ``UploadTooLarge``
    names the file."""
    received: list[tuple[str, bytes]] = []
    total = 0
    per_file = max_total if max_file is None else min(max_file, max_total)
    for upload in files:
        name = _base_name(upload, "document")
        data = await upload.read(min(per_file, max_total - total) + 1)
        if len(data) > per_file:
            raise UploadTooLarge(
                f"{name} : fichier trop volumineux (plus de {per_file / 2**20:g} Mio ; "
                "PARCOURS_IMPORT_MAX_FILE_BYTES)"
            )
        total += len(data)
        if total > max_total:
            raise UploadTooLarge(
                f"envoi trop volumineux : plus de {max_total / 2**20:g} Mio avec {name} "
                "(PARCOURS_IMPORT_MAX_UPLOAD_BYTES)"
            )
        received.append((name, data))
    return received
