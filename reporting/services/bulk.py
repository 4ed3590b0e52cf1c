"""Several reports of a queue moved on at once (a reviewer passes, an official
accepts), each on its own: one refusal changes nothing in the others."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from ..models import Report, Transition
from .workflow import report_accept, report_pass
from .workflow_guards import TransitionRefused

Action = Transition.Action

# The steps that may be taken on several reports at once, and their services.
BULK_SERVICES = {
    Action.PASS: report_pass,
    Action.ACCEPT: report_accept,
}

DONE = "done"
REFUSED = "refused"
IGNORED = "ignored"


@dataclass(frozen=True)
class BulkResult:
    """What became of one selected report: `done`, `refused` (with the service's
    message) or `ignored` (not in the queue; `report` is None then, so the caller
    cannot name a report outside the user's scope)."""

    report_id: int
    status: str
    report: Report | None = None
    message: str = ""


def reports_bulk_selection(*, report_ids: list[int], queue: QuerySet) -> list[Report]:
    """The selected reports that are in `queue`, in the order selected: what a bulk
    step would move, for its confirmation (a report outside the queue is not named)."""
    ids = list(dict.fromkeys(report_ids))
    reports = queue.select_related("period", "university").in_bulk(ids)
    return [reports[pk] for pk in ids if pk in reports]


def reports_bulk_step(
    *, user, action: str, report_ids: list[int], queue: QuerySet
) -> list[BulkResult]:
    """Take `action` on each selected report that is in `queue`, one by one.

    Not one transaction on purpose: each step runs in its own (the step's service
    is atomic and locks its report), so a refusal or a later failure leaves the
    reports already moved as they are, and the result says what became of each.
    A report outside the queue (another scope, or no longer waiting) is not touched.
    """
    service = BULK_SERVICES.get(action)
    if service is None:
        raise ValueError(f"No bulk step {action!r}.")
    ids = list(dict.fromkeys(report_ids))
    reports = queue.select_related("period", "university").in_bulk(ids)
    results = []
    for pk in ids:
        report = reports.get(pk)
        if report is None:
            results.append(BulkResult(report_id=pk, status=IGNORED))
            continue
        try:
            service(report=report, user=user)
        except TransitionRefused as refusal:
            results.append(
                BulkResult(
                    report_id=pk,
                    status=REFUSED,
                    report=report,
                    message=str(refusal.message),
                )
            )
        else:
            results.append(BulkResult(report_id=pk, status=DONE, report=report))
    return results
