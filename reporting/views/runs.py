"""The periodic ministry reports' page: the runs in the user's scope with their
files, and the form that starts one (officials for the nation, an authority's
reviewers for their own)."""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Prefetch
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ..access import get_report_run_file_for_user, get_report_runs_for_user
from ..filters import ReportRunFilter
from ..forms_runs import ReportRunRequestForm
from ..models import ReportRun, ReportRunFile
from ..pagination import TailPaginator
from ..services.runs import report_run_request

PAGE_SIZE = 25


@dataclass(frozen=True)
class RunRow:
    run: ReportRun
    files: list[ReportRunFile]

    @property
    def asked_by(self) -> str:
        run = self.run
        if run.requested_by_id:
            return run.requested_by.name or run.requested_by.username
        return run.schedule


def _form(request: HttpRequest, data=None) -> ReportRunRequestForm | None:
    allowed = ReportRun.objects.requestable_by(request.user)
    if not allowed:
        return None
    return ReportRunRequestForm(
        data,
        kinds=allowed["kinds"],
        initial={"slot": secrets.token_hex(8)},
    )


@login_required
def report_run_list(request: HttpRequest) -> HttpResponse:
    runs = (
        get_report_runs_for_user(request)
        .select_related("period", "authority", "requested_by")
        .prefetch_related(
            Prefetch("files", queryset=ReportRunFile.objects.order_by("format"))
        )
    )
    runs = ReportRunFilter(request.GET, queryset=runs).qs
    page = TailPaginator(runs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = [RunRow(run, list(run.files.all())) for run in page.object_list]
    return render(
        request,
        "reporting/report_run_list.html",
        {"page": page, "form": _form(request)},
    )


@login_required
@require_POST
def report_run_new(request: HttpRequest) -> HttpResponse:
    get_report_runs_for_user(request)  # 404 for who sees no run
    form = _form(request, request.POST)
    if form is None:
        raise PermissionDenied(_("You may not start a report."))
    if not form.is_valid():
        messages.error(
            request,
            _("The report could not be started: %(errors)s")
            % {
                "errors": "; ".join(
                    e for errors in form.errors.values() for e in errors
                )
            },
        )
        return redirect("reporting:report-run-list")
    allowed = ReportRun.objects.requestable_by(request.user)
    report_run_request(
        kind=form.cleaned_data["kind"],
        period=form.cleaned_data["period"],
        scope=allowed["authority"],
        slot=f"req-{form.cleaned_data['slot']}",
        user=request.user,
    )
    messages.success(
        request, _("The report is queued; it appears here with its files when done.")
    )
    return redirect("reporting:report-run-list")


def report_run_file_response(stored: ReportRunFile) -> FileResponse:
    """The stored file as an attachment (the page's download and the API's)."""
    try:
        handle = stored.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("The stored file is missing.")) from None
    response = FileResponse(handle, content_type=stored.content_type)
    name = stored.name
    response["Content-Disposition"] = (
        f"attachment; filename=\"{name}\"; filename*=UTF-8''{quote(name, safe='')}"
    )
    response["Content-Length"] = str(stored.size)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def report_run_download(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    return report_run_file_response(get_report_run_file_for_user(request, pk, fmt))
