"""Access helpers for reports: 404 outside the scope, 403 inside it without the right."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils.translation import gettext as _

from institutions.access import active_membership

from .models import Report


def get_report_for_user(
    request: HttpRequest, pk: int, *, write: bool = False
) -> Report:
    """The report if the user may read it; with write=True, if they may edit it now."""
    report = (
        Report.objects.visible_to(request.user)
        .select_related("period", "university__province", "university__authority")
        .filter(pk=pk)
        .first()
    )
    if report is None:
        raise Http404(_("No such report."))
    membership = active_membership(request.user)
    hidden = report.content_hidden_reason(membership)
    if hidden:
        raise PermissionDenied(hidden)
    if write:
        reason = report.lock_reason(membership)
        if reason:
            raise PermissionDenied(reason)
    return report
