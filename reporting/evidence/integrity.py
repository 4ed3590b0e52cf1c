"""Stored evidence files against their checksums (the evidence_verify command)."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from django.db.models import QuerySet

    from reporting.models import EvidenceFile

CHUNK = 1024 * 1024


@dataclass(frozen=True)
class EvidenceProblem:
    """A stored file that is gone ("missing") or differs from its record ("altered")."""

    evidence: EvidenceFile
    kind: str
    detail: str


@dataclass
class EvidenceVerification:
    checked: int = 0
    problems: list[EvidenceProblem] = field(default_factory=list)


def _problem(evidence: EvidenceFile) -> EvidenceProblem | None:
    if not evidence.file.name:
        return EvidenceProblem(evidence, "missing", "no file recorded")
    digest = hashlib.sha256()
    size = 0
    try:
        with evidence.file.storage.open(evidence.file.name, "rb") as stored:
            while chunk := stored.read(CHUNK):
                size += len(chunk)
                digest.update(chunk)
    except FileNotFoundError:
        return EvidenceProblem(evidence, "missing", "not in storage")
    except OSError as error:
        return EvidenceProblem(evidence, "missing", f"unreadable: {error}")
    if digest.hexdigest() != evidence.sha256 or size != evidence.size:
        return EvidenceProblem(
            evidence,
            "altered",
            f"{size} bytes, SHA-256 {digest.hexdigest()}; "
            f"recorded {evidence.size} bytes, SHA-256 {evidence.sha256}",
        )
    return None


def evidence_verify(
    *, files: QuerySet[EvidenceFile] | None = None
) -> EvidenceVerification:
    """Recompute the SHA-256 of every stored file through the storage API.

    Removed files are checked too: a removal keeps the row and the file, and the
    history still points at them. Reads each file in 1 MiB chunks.
    """
    from reporting.models import EvidenceFile

    queryset = EvidenceFile.objects.all() if files is None else files
    result = EvidenceVerification()
    for evidence in queryset.order_by("pk").iterator(chunk_size=500):
        result.checked += 1
        if problem := _problem(evidence):
            result.problems.append(problem)
    return result
