"""The type of a file, from its content; zips judged by their central directory.

Nothing here decompresses an entry: a zip bomb costs no more memory than its
directory, and the directory itself is bounded before zipfile lists it.
"""

from __future__ import annotations

import os
import struct
import zipfile
from typing import IO

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .rejections import MIB, EvidenceRejected, limit_mib

PDF = "application/pdf"
OFD = "application/ofd"
JPEG = "image/jpeg"
PNG = "image/png"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PPTX = "application/vnd.openxmlformats-officedocument.presentationml.presentation"

# content type -> (label shown to users, file name extensions; the first is canonical)
ALLOWED_TYPES: dict[str, tuple[str, tuple[str, ...]]] = {
    PDF: ("PDF", ("pdf",)),
    OFD: ("OFD", ("ofd",)),
    JPEG: ("JPEG", ("jpg", "jpeg")),
    PNG: ("PNG", ("png",)),
    DOCX: ("DOCX", ("docx",)),
    XLSX: ("XLSX", ("xlsx",)),
    PPTX: ("PPTX", ("pptx",)),
}
# Types a browser may show inline (the preview view); everything else downloads.
PREVIEWABLE_TYPES = frozenset({PDF, JPEG, PNG})
EXTENSION_TYPES = {
    ext: ctype for ctype, (_label, exts) in ALLOWED_TYPES.items() for ext in exts
}
# The main part that makes a zip an Office Open XML document of one kind.
_OOXML_PARTS = {
    "word/document.xml": DOCX,
    "xl/workbook.xml": XLSX,
    "ppt/presentation.xml": PPTX,
}
# Windows PE ("MZ"), ELF, scripts, Mach-O (both byte orders, 32/64 bit, universal).
_PROGRAMS = (
    b"MZ",
    b"\x7fELF",
    b"#!",
    b"\xca\xfe\xba\xbe",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xfe\xed\xfa\xce",
    b"\xfe\xed\xfa\xcf",
)
# Compression beyond 100:1 on an entry declaring more than 1 MiB is refused: real
# documents stay far below it (Apache POI refuses the same ratio for the same reason).
ZIP_MAX_RATIO = 100
ZIP_RATIO_FLOOR = MIB
# zipfile builds one object per directory record whatever count the zip declares, so
# a directory larger than this per allowed entry is refused before zipfile reads it.
ZIP_DIRECTORY_BYTES_PER_ENTRY = 1024
_ZIP_ERRORS = (zipfile.BadZipFile, OSError, EOFError, ValueError, struct.error)


def type_label(content_type: str) -> str:
    """Short label of a type ("PDF", "DOCX", ...) for lists and messages."""
    return ALLOWED_TYPES.get(content_type, (content_type, ()))[0]


def magic(head: bytes) -> str | None:
    """What the first bytes show: an allowed type, "zip", "program" or None."""
    if head.startswith(b"%PDF-"):
        return PDF
    if head.startswith(b"\xff\xd8\xff"):
        return JPEG
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return PNG
    if head.startswith(b"PK\x03\x04"):
        return "zip"
    if head.startswith(_PROGRAMS):
        return "program"
    return None


def _container_type(names: list[str]) -> str | None:
    found = {ctype for part, ctype in _OOXML_PARTS.items() if part in names}
    if "[Content_Types].xml" in names and len(found) == 1:
        return found.pop()
    if not found and "OFD.xml" in names:
        return OFD
    return None


def sniff_type(fileobj: IO[bytes]) -> str | None:
    """The allowed content type of the file, from its content only; None otherwise.

    A zip is judged by the names in its central directory (DOCX: word/document.xml,
    XLSX: xl/workbook.xml, PPTX: ppt/presentation.xml, each with
    [Content_Types].xml; OFD: OFD.xml at the root). Never raises and never
    decompresses; a damaged zip or one too large to list safely gives None
    (zip_check says why). Leaves the file at its start.
    """
    try:
        fileobj.seek(0)
        kind = magic(fileobj.read(16))
        if kind != "zip":
            return kind if kind in ALLOWED_TYPES else None
        try:
            _directory_bounds(fileobj, name="")
            fileobj.seek(0)
            with zipfile.ZipFile(fileobj) as archive:
                return _container_type(archive.namelist())
        except (EvidenceRejected, *_ZIP_ERRORS):
            return None
    finally:
        fileobj.seek(0)


def _max_entries() -> int:
    return int(settings.EVIDENCE_ZIP_MAX_ENTRIES)


def _zip_invalid(name: str) -> EvidenceRejected:
    return EvidenceRejected(
        _('"%(name)s" is damaged: its packed contents cannot be read.'),
        code="zip_invalid",
        params={"name": name},
    )


def _too_many_entries(name: str, count: int) -> EvidenceRejected:
    return EvidenceRejected(
        _(
            '"%(name)s" was refused: it packs %(count)s parts, more than the '
            "%(limit)s allowed (a zip bomb?)."
        ),
        code="zip_bomb",
        params={"name": name, "count": count, "limit": _max_entries()},
    )


def _directory_bounds(fileobj: IO[bytes], *, name: str) -> None:
    """Refuse from the end-of-central-directory record, before zipfile lists entries."""
    fileobj.seek(0, os.SEEK_END)
    end = fileobj.tell()
    tail_size = min(end, 22 + 65535)
    fileobj.seek(end - tail_size)
    tail = fileobj.read(tail_size)
    pos = tail.rfind(b"PK\x05\x06")
    if pos < 0 or len(tail) - pos < 22:
        raise _zip_invalid(name)
    count, directory_size = struct.unpack("<10xHL6x", tail[pos : pos + 22])
    if count == 0xFFFF or directory_size == 0xFFFFFFFF:
        locator = tail[max(pos - 20, 0) : pos]
        if locator[:4] != b"PK\x06\x07":
            raise _zip_invalid(name)
        fileobj.seek(struct.unpack("<Q", locator[8:16])[0])
        record = fileobj.read(56)
        if len(record) < 56 or record[:4] != b"PK\x06\x06":
            raise _zip_invalid(name)
        count, directory_size = struct.unpack("<32xQQ8x", record)
    if count > _max_entries():
        raise _too_many_entries(name, count)
    if directory_size > _max_entries() * ZIP_DIRECTORY_BYTES_PER_ENTRY:
        # 46 bytes is the smallest record: the most entries the directory may hold.
        raise _too_many_entries(name, directory_size // 46)


def zip_check(fileobj: IO[bytes], *, name: str = "") -> None:
    """Refuse a zip whose central directory declares too much; never decompresses.

    Too many entries (EVIDENCE_ZIP_MAX_ENTRIES), too large a declared uncompressed
    total (EVIDENCE_ZIP_MAX_UNCOMPRESSED) or an entry over 1 MiB compressed more
    than 100:1 raise EvidenceRejected("zip_bomb"); an unreadable directory
    "zip_invalid". The declared sizes bind any later reader too: zipfile stops at an
    entry's declared size. Leaves the file at its start.
    """
    try:
        _directory_bounds(fileobj, name=name)
        fileobj.seek(0)
        with zipfile.ZipFile(fileobj) as archive:
            entries = archive.infolist()
    except _ZIP_ERRORS as error:
        raise _zip_invalid(name) from error
    finally:
        fileobj.seek(0)
    if len(entries) > _max_entries():
        raise _too_many_entries(name, len(entries))
    total = sum(entry.file_size for entry in entries)
    limit = int(settings.EVIDENCE_ZIP_MAX_UNCOMPRESSED)
    if total > limit:
        raise EvidenceRejected(
            _(
                '"%(name)s" was refused: unpacked it would take %(size)s MiB, more '
                "than the %(limit)s MiB allowed (a zip bomb?)."
            ),
            code="zip_bomb",
            params={"name": name, "size": limit_mib(total), "limit": limit_mib(limit)},
        )
    for entry in entries:
        ratio_limit = ZIP_MAX_RATIO * max(entry.compress_size, 1)
        if entry.file_size > ZIP_RATIO_FLOOR and entry.file_size > ratio_limit:
            raise EvidenceRejected(
                _(
                    '"%(name)s" was refused: its parts are compressed far more than '
                    "those of a real document (a zip bomb?)."
                ),
                code="zip_bomb",
                params={"name": name},
            )
