"""The approver's checklist before submitting a report: no error, every warning
explained, and the signed and stamped sign-off page attached and matching the data.

Each item says whether it holds and, where it does not, links to the page that puts
it right (the form's field, the sign-off page). The first two are what the submit
step itself refuses (see services/workflow_guards.py `check_ready`); the scan does
not stop the submission (it may follow it) but the ministry's acceptance, where the
period requires it, so the approver sees it before the report leaves.
"""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .issue_links import form_url_of
from .models import Report, Transition
from .signoff import (
    ONWARD_ACTIONS,
    SCAN_MISSING,
    SCAN_STALE,
    signoff_scan_problem,
    signoff_scan_problems,
    values_checksum,
)
from .validation import Issue, ReportCheck, report_check

Action = Transition.Action
# Steps a report with errors or unexplained warnings cannot take yet.
NOT_READY_ACTIONS = (Action.MARK_READY, Action.SUBMIT)
# How an item stands: it holds, it does not, or it is not asked for (a scan the
# period does not require and that is not attached).
DONE = "done"
TO_DO = "to_do"
OPTIONAL = "optional"


@dataclass(frozen=True)
class ChecklistItem:
    """One line of the checklist: which check (`key`), how it stands, what it says,
    and the link that puts it right (empty when there is nothing to do)."""

    key: str
    status: str
    text: str
    url: str = ""
    link_text: str = ""


def _field_url(report: Report, issue: Issue) -> str:
    """The first field the issue links to (validation gives every issue its links),
    else the form at the issue's section."""
    if issue.links:
        return issue.links[0].url
    return section_url(report, issue.section_code)


def section_url(report: Report, code: str) -> str:
    """The form at a section (the form's first one without a code)."""
    url = form_url_of(report)
    if not code:
        return url
    return f"{url}?{urlencode({'section': code})}"


def _first_url(report: Report, check: ReportCheck, unexplained: bool) -> str:
    """Where the first error (or unexplained warning) of the report is: its field
    in a section the check went through, else the form at its section."""
    for code, status in check.sections.items():
        if not (status.unexplained if unexplained else check.section_errors(code)):
            continue
        found = check.unexplained if unexplained else check.errors
        issues = [issue for issue in found if issue.section_code == code]
        if check.is_checked(code) and issues:
            return _field_url(report, issues[0])
        return section_url(report, code)
    return form_url_of(report)


def _errors_item(report: Report, check: ReportCheck) -> ChecklistItem:
    count = check.error_count
    if not count:
        return ChecklistItem("errors", DONE, _("No errors in the report."))
    return ChecklistItem(
        "errors",
        TO_DO,
        ngettext(
            "%(count)d error in the report.",
            "%(count)d errors in the report.",
            count,
        )
        % {"count": count},
        _first_url(report, check, unexplained=False),
        _("Correct it in the form"),
    )


def _warnings_item(report: Report, check: ReportCheck) -> ChecklistItem:
    count = check.unexplained_count
    if not count:
        return ChecklistItem("warnings", DONE, _("Every warning is explained."))
    return ChecklistItem(
        "warnings",
        TO_DO,
        ngettext(
            "%(count)d warning without explanation.",
            "%(count)d warnings without explanation.",
            count,
        )
        % {"count": count},
        _first_url(report, check, unexplained=True),
        _("Explain it in the form"),
    )


def _scan_item(report: Report) -> ChecklistItem:
    url = reverse("reporting:report-print", args=[report.pk])
    link = _("Open the sign-off page")
    required = report.period.requires_signoff_scan
    # The problem as the action bars see it, whether the period requires the scan.
    problem = signoff_scan_problems([report], required_only=False).get(report.pk)
    if problem == SCAN_STALE:
        text = _(
            "The attached sign-off scan does not match the current data (their "
            "checksum is now %(checksum)s): print the sign-off page again and "
            "attach the scan of the new printout."
        ) % {"checksum": values_checksum(report)}
        return ChecklistItem("scan", TO_DO, text, url, link)
    if problem == SCAN_MISSING:
        if required:
            text = _(
                "No signed and stamped sign-off page attached: this period requires "
                "it before the ministry accepts the report."
            )
            return ChecklistItem("scan", TO_DO, text, url, link)
        text = _(
            "No signed and stamped sign-off page attached (not required in this "
            "period)."
        )
        return ChecklistItem("scan", OPTIONAL, text, url, link)
    text = _(
        "The signed and stamped sign-off page is attached and matches the current "
        "data (checksum %(checksum)s)."
    ) % {"checksum": values_checksum(report)}
    return ChecklistItem("scan", DONE, text, url, link)


def signoff_checklist(
    report: Report, check: ReportCheck | None = None
) -> list[ChecklistItem]:
    """The approver's checklist for `report` (its period loaded); `check` is the
    report's `report_check(..., for_submission=True)` when the caller has it."""
    if check is None:
        check = report_check(report, for_submission=True)
    return [
        _errors_item(report, check),
        _warnings_item(report, check),
        _scan_item(report),
    ]


def not_ready_items(
    report: Report, check: ReportCheck | None = None
) -> list[ChecklistItem]:
    """What stops the next step (mark ready, submit) now: the errors and the
    unexplained warnings, as the action bar shows them; `check` as for
    `signoff_checklist`."""
    if check is None:
        check = report_check(report, for_submission=True)
    items = (_errors_item(report, check), _warnings_item(report, check))
    return [item for item in items if item.status == TO_DO]


def workflow_notices(
    report: Report, available: list[str], check: ReportCheck | None = None
) -> dict:
    """Why the next step cannot be taken yet (errors, unexplained warnings) and what
    is wrong with the sign-off scan, for the action bar and the form's autosave
    answer (reporting/_workflow_notices.html); `check`: the report's check for
    submission, when the caller has it (a check of some sections: their counts are
    the whole report's, their first problem's link the section's form where it
    lies in another)."""
    onward = any(action in ONWARD_ACTIONS for action in available)
    before = any(action in NOT_READY_ACTIONS for action in available)
    return {
        "report": report,
        "not_ready": not_ready_items(report, check) if before else [],
        "scan_problem": signoff_scan_problem(report) if onward else None,
    }
