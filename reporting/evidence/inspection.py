"""evidence_inspect: every check in order, the checksum, the scanner hook."""

from __future__ import annotations

import hashlib
import logging
from dataclasses import dataclass
from typing import IO

from django.conf import settings
from django.core.files import File
from django.utils.module_loading import import_string
from django.utils.translation import gettext_lazy as _

from .filetypes import ALLOWED_TYPES, magic, sniff_type, zip_check
from .names import name_for_type, safe_filename
from .rejections import EvidenceRejected, max_bytes, too_large

logger = logging.getLogger(__name__)
CHUNK = 64 * 1024


@dataclass(frozen=True)
class Inspection:
    """What the checks found: the name to store and show, the type from the content.

    `extension` is the name's lower-case extension without the dot ("pdf", "jpeg").
    """

    name: str
    content_type: str
    size: int
    sha256: str
    extension: str


def _digest(fileobj: File, name: str) -> tuple[str, int, bytes]:
    """SHA-256, size and first bytes, streamed in chunks; the cap holds while reading."""
    digest = hashlib.sha256()
    size = 0
    head = b""
    fileobj.seek(0)
    for chunk in fileobj.chunks(CHUNK):
        size += len(chunk)
        if size > max_bytes():
            raise too_large(name)
        if len(head) < 16:
            head += chunk[: 16 - len(head)]
        digest.update(chunk)
    fileobj.seek(0)
    return digest.hexdigest(), size, head


def _scan(fileobj: File, name: str) -> None:
    path = settings.EVIDENCE_SCANNER
    if not path:
        return
    scanner = import_string(path)
    fileobj.seek(0)
    try:
        scanner(fileobj, name)
    except EvidenceRejected:
        raise
    except Exception as error:
        # Fail closed: a file nobody could scan is not accepted.
        logger.exception("evidence scanner %s failed on %r", path, name)
        raise EvidenceRejected(
            _('"%(name)s" could not be checked for malware; try again later.'),
            code="scan_rejected",
            params={"name": name},
        ) from error
    finally:
        fileobj.seek(0)


def evidence_inspect(uploaded_file: IO[bytes], *, name: str) -> Inspection:
    """Run every check on an uploaded file: what to store, or EvidenceRejected.

    In order: the name (safe_filename), the size cap and emptiness (the cap again
    while the SHA-256 streams in chunks), the type from the first bytes, the zip
    checks before anything lists a container's parts, the name's extension against
    the type (name_for_type), then the scanner hook settings.EVIDENCE_SCANNER,
    called with the file and the final name; any error of the hook other than
    EvidenceRejected refuses the file too ("scan_rejected"). Leaves the file at its
    start, ready to be saved.
    """
    clean = safe_filename(name)
    fileobj = uploaded_file if isinstance(uploaded_file, File) else File(uploaded_file)
    declared = getattr(uploaded_file, "size", None)
    if isinstance(declared, int) and declared > max_bytes():
        raise too_large(clean)
    sha256, size, head = _digest(fileobj, clean)
    if size == 0:
        raise EvidenceRejected(
            _('"%(name)s" is empty.'), code="empty", params={"name": clean}
        )
    kind = magic(head)
    if kind == "zip":
        zip_check(fileobj, name=clean)
        kind = sniff_type(fileobj)
    if kind == "program":
        raise EvidenceRejected(
            _('"%(name)s" is a program, not a document; programs cannot be attached.'),
            code="type_not_allowed",
            params={"name": clean},
        )
    if kind not in ALLOWED_TYPES:
        raise EvidenceRejected(
            _(
                '"%(name)s" is not a PDF, OFD, JPEG, PNG, DOCX, XLSX or PPTX file '
                "(judged by its content, not its name)."
            ),
            code="type_not_allowed",
            params={"name": clean},
        )
    final_name, extension = name_for_type(clean, kind)
    _scan(fileobj, final_name)
    fileobj.seek(0)
    return Inspection(
        name=final_name,
        content_type=kind,
        size=size,
        sha256=sha256,
        extension=extension,
    )
