"""The review queue: the reports waiting for the user's active membership.

An approver sees the ready reports of their university, a reviewer the submitted
reports of the universities whose reviewing authority is theirs, an official the
passed reports; the oldest wait first. Reviewers pass and officials accept several
reports at once, after a page that counts and names them: each selected report goes through the service on its own, so one
refusal changes nothing in the others, and the page says what became of each.
Approvers sign off each report on its own page (they confirm, per report, that it
holds no classified content). Other roles (reporters, experts) have no queue: the
page answers 200 with an explanation rather than 404, since it exists for everyone
and shows them nothing of anybody's reports.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from institutions.access import active_membership
from institutions.models import Membership

from ..confirmations import bulk_button, bulk_consequence, bulk_labels, bulk_question
from ..filters import ReportFilter
from ..models import Report, Transition
from ..routing import BULK_ACTIONS, QUEUE_STATES
from ..rows import queue_rows
from ..services.bulk import (
    DONE,
    BulkResult,
    reports_bulk_selection,
    reports_bulk_step,
)

PAGE_SIZE = 50
RESULTS_KEY = "queue_results"

Role = Membership.Role
State = Report.State
Action = Transition.Action


class QueueFilter(ReportFilter):
    """The report filter over a queue: every period unless one is chosen (review goes
    on after a period closes), and only the queue's states to choose from."""

    def __init__(self, data=None, queryset: QuerySet | None = None, states=(), **kw):
        data = data.copy() if data is not None else {}
        data.setdefault("period", "")
        super().__init__(data, queryset=queryset, **kw)
        # The field puts its own "All" first.
        self.form.fields["state"].choices = [
            (state, State(state).label) for state in states
        ]


def _selected_ids(request: HttpRequest) -> list[int]:
    """The ticked reports' ids; anything else (a superscript digit, a number beyond
    the database's integers) is no report."""
    ids: list[int] = []
    for value in request.POST.getlist("report"):
        value = value.strip()
        if not (value.isascii() and value.isdigit() and len(value) <= 18):
            continue
        if int(value) not in ids:
            ids.append(int(value))
    return ids


def _line(status: str, label: str, message: str) -> dict:
    """One result line; kept in the session until the queue is shown again."""
    return {"status": status, "label": str(label), "message": str(message)}


def _lines(results: list[BulkResult], action: str) -> list[dict]:
    """The service's results as lines kept in the session until the queue is shown
    again; a report outside the queue is not named."""
    if not results:
        return [_line("ignored", "", _("No report was selected."))]
    done = _("Passed.") if action == Action.PASS else _("Accepted.")
    lines = []
    for result in results:
        report = result.report
        if report is None:
            label = _("Report no. %(pk)s") % {"pk": result.report_id}
            lines.append(
                _line(result.status, label, _("Not in your queue; left unchanged."))
            )
            continue
        label = f"{report.university} · {report.period.year}"
        message = done if result.status == DONE else result.message
        lines.append(_line(result.status, label, message))
    return lines


def _no_queue_reason(membership: Membership | None) -> str:
    if membership is None:
        return _("You have no role in the portal, so no report waits for you.")
    if membership.role == Role.REPORTER:
        return _(
            "Reporters have no review queue: the university's approver signs off "
            "the reports you mark ready. Your report is on the current period's page."
        )
    return _(
        "Experts read the reports but take no step in their review, so no report "
        "waits for you."
    )


def _queue_url(request: HttpRequest) -> str:
    query = request.GET.urlencode()
    return reverse("reporting:report-queue") + (f"?{query}" if query else "")


def _confirm_bulk(
    request: HttpRequest, action: str, report_ids: list[int], queue: QuerySet
) -> HttpResponse:
    """The bulk step's confirmation: how many reports and which; nothing moves until
    it is posted again with `confirmed`. A selected report that is not in the queue
    is neither named nor counted (the step leaves it unchanged)."""
    reports = reports_bulk_selection(report_ids=report_ids, queue=queue)
    count = len(reports)
    return render(
        request,
        "reporting/report_queue_confirm.html",
        {
            "action": action,
            "reports": reports,
            "labels": bulk_labels(reports),
            "question": bulk_question(action, count),
            "consequence": bulk_consequence(action),
            "button": bulk_button(action, count),
            "left_out": len(report_ids) - count,
            "queue_url": _queue_url(request),
        },
    )


@login_required
def report_queue(request: HttpRequest) -> HttpResponse:
    membership = active_membership(request.user)
    role = membership.role if membership else None
    queue = Report.objects.queue_for(request.user, membership)
    bulk_action = BULK_ACTIONS.get(role)
    if request.method == "POST":
        if bulk_action is None:
            raise PermissionDenied(
                _("Only reviewers and officials pass or accept several reports.")
            )
        report_ids = _selected_ids(request)
        if report_ids and request.POST.get("confirmed") != "yes":
            return _confirm_bulk(request, bulk_action, report_ids, queue)
        results = reports_bulk_step(
            user=request.user,
            action=bulk_action,
            report_ids=report_ids,
            queue=queue,
        )
        request.session[RESULTS_KEY] = _lines(results, bulk_action)
        return redirect(_queue_url(request))

    context: dict = {
        "membership": membership,
        "has_queue": membership is not None and membership.has_queue,
        "bulk_action": bulk_action,
        "results": request.session.pop(RESULTS_KEY, None),
    }
    if role in QUEUE_STATES:
        filterset = QueueFilter(
            request.GET, queryset=queue, states=(QUEUE_STATES[role],), request=request
        )
        waiting = filterset.qs.waiting_first().select_related(
            "period", "university__province", "university__authority"
        )
        page = Paginator(waiting, PAGE_SIZE).get_page(request.GET.get("page"))
        page.object_list = queue_rows(
            page.object_list, request.user, bulk_action, request.memberships
        )
        context.update(
            filter=filterset,
            page=page,
            queue_state=State(QUEUE_STATES[role]),
            any_selectable=any(row.selectable for row in page.object_list),
        )
    else:
        context["no_queue_reason"] = _no_queue_reason(membership)
    return render(request, "reporting/report_queue.html", context)
