"""The sign-off page: a report on A4 as officials sign and stamp it (DESIGN.md §5).

The commitment text, lines for the reporter, the approver and the head of unit
with their dates (as the education statistics rules require), a seal box, the
institution code, the revision and a checksum of the values, so that a signed paper can be matched with
the revision it was printed from. Anyone who may read the report may print it.
"""

from __future__ import annotations

import hashlib

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ..access import get_report_for_user
from ..checks import report_check
from ..models import Report, Transition
from ..numbers import number_display
from .reports import _sections


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


def _normalized(value) -> str:
    """The value as the portal understood it, when that differs from what was typed."""
    if value is None or value.status != value.Status.ENTERED or value.error_code:
        return ""
    if value.number is not None:
        shown = number_display(value.number)
    elif value.date_value is not None:
        shown = value.date_value.isoformat()
    else:
        return ""
    return "" if shown == value.raw.strip() else shown


@login_required
def report_print(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request, pk)
    check = report_check(report, for_submission=True)
    sections = _sections(report, check)
    for item in sections:
        for row in item["rows"]:
            row["normalized"] = _normalized(row["value"])
    confirmation = (
        report.transitions.filter(
            action=Transition.Action.SUBMIT, confirmed_unclassified=True
        )
        .select_related("actor")
        .order_by("-at", "-id")
        .first()
    )
    return render(
        request,
        "reporting/report_print.html",
        {
            "report": report,
            "sections": sections,
            "confirmation": confirmation,
            "checksum": values_checksum(report),
            "printed_at": timezone.now(),
        },
    )
