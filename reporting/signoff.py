"""What ties a signed paper to the data: the values checksum the sign-off page prints,
and whether the stamped scan attached to a report still matches the data.

Shared by the print view (which shows the checksum), the evidence service (which
records it with the scan) and the accept step (which needs a matching scan when the
period asks for one).
"""

from __future__ import annotations

import hashlib

from .models import EvidenceFile, Report


def values_checksum(report: Report) -> str:
    """A short fingerprint of the values and narratives as stored now: equal on two
    printouts exactly when nothing in them differs."""
    digest = hashlib.sha256()
    for code, status, raw in report.values.order_by("indicator__code").values_list(
        "indicator__code", "status", "raw"
    ):
        digest.update(f"{code}\t{status}\t{raw}\n".encode())
    for row in report.sections.order_by("action__code").values_list(
        "action__code",
        "is_zero_report",
        "zero_note",
        "narrative_done",
        "narrative_obstacles",
        "narrative_next",
    ):
        digest.update("\t".join(str(part) for part in row).encode() + b"\n")
    hexdigest = digest.hexdigest()[:16].upper()
    return " ".join(hexdigest[i : i + 4] for i in range(0, 16, 4))


def scan_matches(scan: EvidenceFile, *, revision: int, checksum: str) -> bool:
    """Whether a sign-off scan was taken of the page for this revision and these
    values. Any later change (a value, a narrative, a file) raises the revision."""
    return scan.signed_revision == revision and scan.signed_checksum == checksum


def signoff_scans_mark(scans, report: Report, checksum: str | None = None) -> list:
    """Set `matches_current` on each sign-off scan of `report` (one checksum
    computation, whatever the number of scans); other files are left alone."""
    scans = list(scans)
    if any(scan.kind == EvidenceFile.Kind.SIGNOFF_SCAN for scan in scans):
        if checksum is None:
            checksum = values_checksum(report)
        for scan in scans:
            if scan.kind == EvidenceFile.Kind.SIGNOFF_SCAN:
                scan.matches_current = scan_matches(
                    scan, revision=report.revision, checksum=checksum
                )
    return scans


def signoff_scan_matching(report: Report) -> EvidenceFile | None:
    """The report's current sign-off scan if it matches the data as stored now."""
    scan = (
        EvidenceFile.objects.current()
        .filter(report=report, kind=EvidenceFile.Kind.SIGNOFF_SCAN)
        .order_by("-uploaded_at", "-id")
        .first()
    )
    if scan is None:
        return None
    checksum = values_checksum(report)
    return (
        scan
        if scan_matches(scan, revision=report.revision, checksum=checksum)
        else None
    )
