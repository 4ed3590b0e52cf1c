"""The refusal every check raises, and the size cap it quotes."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

MIB = 1024 * 1024


class EvidenceRejected(ValidationError):
    """A file refused by a check; `.code` says which, `.messages[0]` says it to users.

    Codes: too_large, type_not_allowed, type_mismatch, zip_bomb, zip_invalid, empty,
    scan_rejected, bad_name. The message names the file (as safe_filename cleaned it)
    and the reason.
    """

    def __init__(self, message: Any, code: str, params: dict | None = None):
        super().__init__(message, code=code, params=params)


def max_bytes() -> int:
    """The size cap in bytes (settings.EVIDENCE_MAX_BYTES, env EVIDENCE_MAX_MIB)."""
    return int(settings.EVIDENCE_MAX_BYTES)


def limit_mib(size: int) -> str:
    """A byte count in MiB as users read it: "20", or "0.5" for a test's small cap."""
    return f"{size / MIB:.1f}".removesuffix(".0")


def too_large(name: str) -> EvidenceRejected:
    return EvidenceRejected(
        _('"%(name)s" is larger than %(limit)s MiB, the largest file allowed.'),
        code="too_large",
        params={"name": name, "limit": limit_mib(max_bytes())},
    )
