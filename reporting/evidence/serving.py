"""Serving a stored evidence file: one response for the page's download and
preview and the API's download, each reached only through `get_evidence_for_user`
(reporting/access.py), the one rule of who reads a file."""

from __future__ import annotations

from urllib.parse import quote

from django.http import FileResponse, Http404
from django.utils.translation import gettext as _

from ..models import EvidenceFile


def _ascii_fallback(evidence: EvidenceFile) -> str:
    """For clients without RFC 5987: the name if it is plain ASCII, else a neutral
    one with the right extension."""
    name = evidence.name
    safe = "".join(c for c in name if 32 <= ord(c) < 127 and c not in '"\\;')
    if safe == name and safe.strip():
        return safe
    extension = name.rsplit(".", 1)[-1] if "." in name else ""
    extension = "".join(c for c in extension if c.isascii() and c.isalnum())
    return (
        f"evidence-{evidence.pk}.{extension}"
        if extension
        else f"evidence-{evidence.pk}"
    )


def content_disposition(evidence: EvidenceFile, *, inline: bool = False) -> str:
    kind = "inline" if inline else "attachment"
    return (
        f'{kind}; filename="{_ascii_fallback(evidence)}"; '
        f"filename*=UTF-8''{quote(evidence.name, safe='')}"
    )


def evidence_file_response(evidence: EvidenceFile, *, inline: bool) -> FileResponse:
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The stored file is missing.")) from None
    response = FileResponse(handle, content_type=evidence.content_type)
    response["Content-Disposition"] = content_disposition(evidence, inline=inline)
    response["Content-Length"] = str(evidence.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
