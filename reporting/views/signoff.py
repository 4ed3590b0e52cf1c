"""The sign-off page: a report on A4 as officials sign and stamp it (DESIGN.md §5).

The commitment text, lines for the reporter, the approver and the head of unit
with their dates (as the education statistics rules require), a seal box, the
institution code, the version sent upward and a checksum of the data printed, so
that a signed paper can be matched with the exact data it was printed from. Values show as every page shows
them (Yes/No, one date format, thousands separated), each warning with its explanation;
pages are numbered. Anyone who may read the report may print it.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from ..access import get_report_for_user
from ..models import Transition
from ..signoff import values_checksum
from ..validation import report_check
from .reports import _sections


@login_required
def report_print(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request, pk)
    check = report_check(report, for_submission=True)
    sections = _sections(report, check)
    # Only a confirmation given for the revision printed signs it.
    confirmation = (
        report.transitions.filter(
            action=Transition.Action.SUBMIT,
            confirmed_unclassified=True,
            revision=report.revision,
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
