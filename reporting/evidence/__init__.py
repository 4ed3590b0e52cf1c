"""Checking evidence files before they are stored (issue 5).

The type of a file is decided by its content, never by its name or the browser's
claim; zip-based formats (DOCX, XLSX, PPTX, OFD) are judged by their central
directory alone and never decompressed. `evidence_inspect` runs every check and is
the one call the upload service needs; it raises `EvidenceRejected`, whose message
names the file and the reason. `evidence_verify` checks stored files against their
checksums (the `evidence_verify` command).
"""

from __future__ import annotations

from .filetypes import (
    ALLOWED_TYPES,
    DOCX,
    JPEG,
    OFD,
    PDF,
    PNG,
    PPTX,
    PREVIEWABLE_TYPES,
    XLSX,
    sniff_type,
    type_label,
    zip_check,
)
from .inspection import Inspection, evidence_inspect
from .integrity import EvidenceProblem, evidence_verify
from .names import safe_filename
from .rejections import EvidenceRejected, limit_mib, max_bytes, too_large

__all__ = [
    "ALLOWED_TYPES",
    "DOCX",
    "JPEG",
    "OFD",
    "PDF",
    "PNG",
    "PPTX",
    "PREVIEWABLE_TYPES",
    "XLSX",
    "EvidenceProblem",
    "EvidenceRejected",
    "Inspection",
    "evidence_inspect",
    "evidence_verify",
    "limit_mib",
    "max_bytes",
    "safe_filename",
    "sniff_type",
    "too_large",
    "type_label",
    "zip_check",
]
