"""What ties a signed paper to the data: the values checksum the sign-off page prints,
and whether the stamped scan attached to a report still matches the data.

Shared by the print view (which shows the checksum), the evidence service (which
records it with the scan) and the accept step (which needs a matching scan when the
period asks for one).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

from .models import EvidenceFile, Report, ReportSection, Transition, Value

VALUE_FIELDS = ("indicator__code", "status", "raw", "explanation")
SECTION_FIELDS = (
    "action__code",
    "is_zero_report",
    "zero_note",
    "narrative_done",
    "narrative_obstacles",
    "narrative_next",
)
# What is wrong with a report's sign-off scan, where the period requires one.
SCAN_MISSING = "missing"
SCAN_STALE = "stale"
# The steps that let a report go on towards the ministry's acceptance: where they are
# offered, a missing or stale scan is said beside them.
ONWARD_ACTIONS = (
    Transition.Action.SUBMIT,
    Transition.Action.PASS,
    Transition.Action.ACCEPT,
)


def _checksum(value_rows: Iterable[tuple], section_rows: Iterable[tuple]) -> str:
    digest = hashlib.sha256()
    explanations = []
    for code, status, raw, explanation in value_rows:
        digest.update(f"{code}\t{status}\t{raw}\n".encode())
        if explanation:
            explanations.append(f"E\t{code}\t{explanation}\n")
    for row in section_rows:
        digest.update("\t".join(str(part) for part in row).encode() + b"\n")
    # The page prints the explanations too; a report without any keeps the
    # checksum it had before they were counted, so its signed pages still match.
    for line in explanations:
        digest.update(line.encode())
    hexdigest = digest.hexdigest()[:16].upper()
    return " ".join(hexdigest[i : i + 4] for i in range(0, 16, 4))


def values_checksum(report: Report) -> str:
    """A short fingerprint of the values, their explanations and the narratives as
    stored now (what the sign-off page prints): equal on two printouts exactly when
    nothing in them differs."""
    return _checksum(
        report.values.order_by("indicator__code").values_list(*VALUE_FIELDS),
        report.sections.order_by("action__code").values_list(*SECTION_FIELDS),
    )


def values_checksums(report_ids: Iterable[int]) -> dict[int, str]:
    """`values_checksum` of several reports in two queries, for a list's rows."""
    report_ids = list(report_ids)
    values: dict[int, list[tuple]] = {pk: [] for pk in report_ids}
    sections: dict[int, list[tuple]] = {pk: [] for pk in report_ids}
    if not report_ids:
        return {}
    for pk, *row in (
        Value.objects.filter(report_id__in=report_ids)
        .order_by("report_id", "indicator__code")
        .values_list("report_id", *VALUE_FIELDS)
    ):
        values[pk].append(row)
    for pk, *row in (
        ReportSection.objects.filter(report_id__in=report_ids)
        .order_by("report_id", "action__code")
        .values_list("report_id", *SECTION_FIELDS)
    ):
        sections[pk].append(row)
    return {pk: _checksum(values[pk], sections[pk]) for pk in report_ids}


def scan_matches(scan: EvidenceFile, *, checksum: str) -> bool:
    """Whether a sign-off scan was taken of a page showing exactly the data stored
    now: the checksum covers everything the page prints, so any change of them
    makes the scan stale, however many saves (the revision) came between."""
    return scan.signed_checksum == checksum


def signoff_scans_mark(scans, report: Report, checksum: str | None = None) -> list:
    """Set `matches_current` on each sign-off scan of `report` (one checksum
    computation, whatever the number of scans); other files are left alone."""
    scans = list(scans)
    if any(scan.kind == EvidenceFile.Kind.SIGNOFF_SCAN for scan in scans):
        if checksum is None:
            checksum = values_checksum(report)
        for scan in scans:
            if scan.kind == EvidenceFile.Kind.SIGNOFF_SCAN:
                scan.matches_current = scan_matches(scan, checksum=checksum)
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
    return scan if scan_matches(scan, checksum=checksum) else None


def signoff_scan_problems(
    reports: Iterable[Report], *, required_only: bool = True
) -> dict[int, str]:
    """SCAN_MISSING or SCAN_STALE per report whose period requires the stamped scan
    (any report, without `required_only`) and which has none matching its data
    (reports without a problem are left out).

    For the action bars that let a report go on, so that whoever moves it sees what
    the ministry's acceptance will ask for; a fixed number of queries whatever the
    number of reports (the reports come with their period).
    """
    required = [
        report
        for report in reports
        if report.period.requires_signoff_scan or not required_only
    ]
    if not required:
        return {}
    latest: dict[int, EvidenceFile] = {}
    for scan in (
        EvidenceFile.objects.current()
        .filter(report__in=required, kind=EvidenceFile.Kind.SIGNOFF_SCAN)
        .order_by("report_id", "-uploaded_at", "-id")
    ):
        latest.setdefault(scan.report_id, scan)
    checksums = values_checksums(latest) if latest else {}
    problems = {}
    for report in required:
        scan = latest.get(report.pk)
        if scan is None:
            problems[report.pk] = SCAN_MISSING
        elif not scan_matches(scan, checksum=checksums[report.pk]):
            problems[report.pk] = SCAN_STALE
    return problems


def signoff_scan_problem(report: Report) -> str | None:
    """`signoff_scan_problems` of one report: SCAN_MISSING, SCAN_STALE or None."""
    return signoff_scan_problems([report]).get(report.pk)
