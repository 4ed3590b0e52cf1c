"""The workflow's pages: a step on a report, and the user's notifications.

Every step is one URL, /reports/<pk>/transition/<action>/: GET shows the step's form
(the return form: the report as the reviewer reads it, with a comment box beside each
value and narrative and one per section; the submit form with the approver's
checklist and the confirmation that nothing is classified, the reopen form, or a
confirmation), POST calls the one
service. The service decides whether the step is allowed; its refusal comes back as
a message on the report page, or beside the field it concerns.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from ..access import get_report_for_user
from ..checklist import signoff_checklist
from ..confirmations import step_consequence
from ..forms_workflow import ConfirmForm, ReopenForm, ReturnForm, StepForm, SubmitForm
from ..models import Notification, Report, Transition
from ..pagination import TailPaginator
from ..review_rows import review_sections
from ..routing import ACTION_LABELS
from ..services import workflow as services
from ..services.notifications import notification_sentence
from ..services.workflow_guards import TransitionRefused

Action = Transition.Action

SERVICES = {
    Action.MARK_READY: services.report_mark_ready,
    Action.SUBMIT: services.report_submit,
    Action.PASS: services.report_pass,
    Action.ACCEPT: services.report_accept,
    Action.RETURN: services.report_return,
    Action.WITHDRAW: services.report_withdraw,
    Action.CANCEL_PASS: services.report_cancel_pass,
    Action.REOPEN: services.report_reopen,
}
FORMS = {
    Action.MARK_READY: StepForm,
    Action.SUBMIT: SubmitForm,
    Action.PASS: StepForm,
    Action.ACCEPT: StepForm,
    Action.RETURN: ReturnForm,
    Action.WITHDRAW: ConfirmForm,
    Action.CANCEL_PASS: ConfirmForm,
    Action.REOPEN: ReopenForm,
}
# A refusal about what the user typed goes beside that field.
REFUSAL_FIELDS = {
    "comment_required": "comment",
    "unclassified_not_confirmed": "confirm_unclassified",
    "bad_until": "until",
    "bad_field_comment": None,
}
DONE = gettext_lazy("%(step)s: the report is now “%(state)s”.")
NOTIFICATIONS_PAGE_SIZE = 20


def _form(action: str, report: Report, data=None):
    if action == Action.RETURN:
        return ReturnForm(data, sections=review_sections(report))
    return FORMS[action](data)


def _after_url(request: HttpRequest, report: Report) -> str:
    """The report page if the user may still read it (a reviewer who returns a
    report keeps reading it; an official who returns one does not), else the report
    list."""
    report.refresh_from_db(fields=["state", "reopened_until", "submitted_at"])
    if Report.objects.content_visible_to(request.user).filter(pk=report.pk).exists():
        return reverse("reporting:report-detail", args=[report.pk])
    return reverse("reporting:report-list")


@login_required
@require_http_methods(["GET", "POST"])
def report_transition(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """One step on one report: its form (GET), or the step itself (POST)."""
    if action not in SERVICES:
        raise Http404(_("No such step."))
    report = get_report_for_user(request, pk)
    if request.method == "GET":
        if action not in services.report_available_actions(
            report, request.user, request.memberships
        ):
            messages.error(
                request,
                _("You cannot take this step (%(step)s) on the report now.")
                % {"step": ACTION_LABELS[action]},
            )
            return redirect(_after_url(request, report))
        form = _form(action, report)
        return _render_step(request, report, action, form)

    form = _form(action, report, request.POST)
    if not form.is_valid():
        return _render_step(request, report, action, form, status=400)
    try:
        SERVICES[action](report=report, user=request.user, **form.service_kwargs())
    except TransitionRefused as exc:
        field = REFUSAL_FIELDS.get(exc.code, "")
        if field is None or field in form.fields:
            form.add_error(field, exc.message)
            return _render_step(request, report, action, form, status=400)
        messages.error(request, _refusal_message(exc))
        return redirect(_after_url(request, report))
    label = ACTION_LABELS[action]
    url = _after_url(request, report)
    messages.success(
        request, DONE % {"step": label, "state": report.get_state_display()}
    )
    return redirect(url)


def _refusal_message(exc: TransitionRefused) -> str:
    """The refusal as the page shows it: a not_ready one lists the report's issues,
    each with links to its fields in the form."""
    if not exc.issues:
        return exc.message
    return render_to_string(
        "reporting/_check_refusal.html", {"lead": exc.lead, "issues": exc.issues}
    )


def _render_step(request, report, action, form, *, status: int = 200):
    return render(
        request,
        "reporting/report_transition.html",
        {
            "report": report,
            "action": action,
            "label": ACTION_LABELS[action],
            "explanation": step_consequence(report, action),
            "form": form,
            "danger": action in (Action.RETURN, Action.WITHDRAW, Action.CANCEL_PASS),
            # What the approver checks before the report leaves the university.
            "checklist": signoff_checklist(report) if action == Action.SUBMIT else [],
        },
        status=status,
    )


# --- Notifications ----------------------------------------------------------------


@dataclass(frozen=True)
class NotificationRow:
    """A notification as listed: the row and its sentence in the user's language."""

    notification: Notification
    sentence: str


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    """The user's own notifications, newest first."""
    notifications = Notification.objects.of_user(request.user).select_related(
        "report__university",
        "report__period",
        "transition__actor",
        "report_run__period",
    )
    page = TailPaginator(notifications, NOTIFICATIONS_PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    page.object_list = [
        NotificationRow(notification, notification_sentence(notification))
        for notification in page.object_list
    ]
    return render(
        request,
        "reporting/notification_list.html",
        {
            "page": page,
            "unread_count": Notification.objects.unread()
            .filter(user=request.user)
            .count(),
        },
    )


@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one of the user's notifications read and go to its report (404 for
    anyone else's)."""
    notification = get_object_or_404(
        Notification.objects.select_related("report"), pk=pk, user=request.user
    )
    if notification.read_at is None:
        notification.read_at = timezone.now()
        notification.save(update_fields=["read_at"])
    if notification.report_run_id is not None:
        return redirect("reporting:report-run-list")
    report_id = notification.report_id
    if (
        report_id is not None
        and Report.objects.content_visible_to(request.user)
        .filter(pk=report_id)
        .exists()
    ):
        return redirect("reporting:report-detail", pk=report_id)
    messages.info(
        request, _("The report of this notification is no longer open to you.")
    )
    return redirect("reporting:notification-list")


@login_required
@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    count = (
        Notification.objects.unread()
        .filter(user=request.user)
        .update(read_at=timezone.now())
    )
    if count:
        messages.success(request, _("All notifications are marked read."))
    return redirect("reporting:notification-list")
