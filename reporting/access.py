"""Access helpers for reports: 404 outside the scope, 403 inside it without the right."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from institutions.access import active_membership
from institutions.models import Membership

from .models import EvidenceFile, Report, ReportRun


def get_report_for_user(
    request: HttpRequest, pk: int, *, write: bool = False
) -> Report:
    """The report if the user may read it; with write=True, if they may edit it now."""
    report = (
        Report.objects.visible_to(request.user)
        .with_content_visible(request.user)
        .select_related("period", "university__province", "university__authority")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404(_("No such report."))
    membership = active_membership(request.user)
    if not report.content_visible:
        raise PermissionDenied(report.content_hidden_reason(membership))
    if write:
        reason = report.lock_reason(membership)
        if reason:
            raise PermissionDenied(reason)
    return report


def get_evidence_for_user(request: HttpRequest, pk: int) -> EvidenceFile:
    """The file if the user may read its report's content: 404 outside the scope,
    403 inside it while the content is hidden (a draft, for the authority)."""
    evidence = (
        EvidenceFile.objects.of_reports_visible_to(request.user)
        .select_related("report__period", "report__university")
        .filter(pk=pk)
        .first()
    )
    if evidence is None:
        raise Http404(_("No such file."))
    if not evidence.content_visible:
        membership = active_membership(request.user)
        raise PermissionDenied(evidence.report.content_hidden_reason(membership))
    return evidence


def get_ministry_membership_for_user(
    request: HttpRequest, *, write: bool = False
) -> Membership:
    """Officials and experts see periods (404 for others); only officials change them."""
    membership = active_membership(request.user)
    if membership is None or membership.role not in Membership.MINISTRY_ROLES:
        raise Http404(_("No such page."))
    if write and membership.role != Membership.Role.OFFICIAL:
        raise PermissionDenied(_("Only ministry officials change reporting periods."))
    return membership


def get_report_run_file_for_user(request: HttpRequest, pk: int, fmt: str):
    """A run's file if the run is in the user's scope (`ReportRun.objects.
    visible_to`): 404 outside it, as for a missing file. The page's download and
    the API's both come here."""
    from .models import ReportRunFile

    stored = (
        ReportRunFile.objects.filter(
            run__in=ReportRun.objects.visible_to(request.user), run_id=pk, format=fmt
        )
        .select_related("run__period", "run__authority")
        .first()
    )
    if stored is None:
        raise Http404(_("No such file."))
    return stored


def get_report_runs_for_user(request: HttpRequest):
    """The runs the user sees, or 404 for a user whose role has none (the
    universities': a nation's report holds every university's figures)."""
    membership = active_membership(request.user)
    if membership is None or not (
        membership.role in Membership.MINISTRY_ROLES
        or membership.role in Membership.AUTHORITY_ROLES
    ):
        raise Http404(_("No such page."))
    return ReportRun.objects.visible_to(request.user)
