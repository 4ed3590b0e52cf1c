"""The report form: one section at a time, saved by the reporter or by autosave.

The page shows the report's sections as a list with their completeness; the chosen
section's fields are a plain HTML form (works without JavaScript). report-form.js
autosaves the fields a user changed to `section_autosave`, which answers JSON.
"""

from __future__ import annotations

import json
from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    JsonResponse,
)
from django.shortcuts import redirect, render
from django.template.loader import get_template, render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from institutions.access import active_membership
from reporting.access import get_report_for_user
from reporting.checklist import workflow_notices
from reporting.display import input_text, number_text
from reporting.models import PendingInput, Report, ReportSection, Value
from reporting.report_read import report_data_locked
from reporting.section_input import TEXT_LIMITS, InputRefused, SectionInput
from reporting.services.sections import (
    pending_input_discard,
    section_save,
    sections_save,
)
from reporting.services.workflow import report_available_actions
from reporting.validation import explanation_error

from .form_fields import (
    build_form_context,
    checks_panel,
    section_indicators,
    section_issue_messages,
    section_nav,
    section_rows,
)

TEMPLATE = "reporting/report_form.html"


def _section_url(report: Report, section: ReportSection) -> str:
    url = reverse("reporting:report-form", args=[report.pk])
    return f"{url}?section={section.action.code}"


@login_required
@require_http_methods(["GET", "POST"])
def report_form(request: HttpRequest, pk: int) -> HttpResponse:
    """The form of one report; read-only with the reason when it cannot be edited."""
    report = get_report_for_user(request, pk)
    lock_reason = report.lock_reason(active_membership(request.user))
    sections = list(
        report.sections.select_related("action", "updated_by").order_by("action__order")
    )
    code = request.POST.get("section") or request.GET.get("section")
    section = next((s for s in sections if s.action.code == code), None)
    if section is None and request.method == "POST":
        raise Http404(_("No such section."))
    section = section or (sections[0] if sections else None)

    if request.method == "POST":
        if lock_reason:
            raise PermissionDenied(lock_reason)
        if "discard" in request.POST:
            pending_input_discard(section=section, user=request.user)
            messages.info(request, _("Your unsaved input was discarded."))
            return redirect(_section_url(report, section))
        indicators = section_indicators(report, section)

        def again(kept: SectionInput, status: int, conflict=None) -> HttpResponse:
            """The form once more, with the input as typed on top of what is saved."""
            context = build_form_context(
                request,
                report=report,
                sections=sections,
                section=section,
                lock_reason=lock_reason,
                overlay=kept.to_data(),
                conflict=conflict,
            )
            return _render(request, context, status=status)

        try:
            section_input = SectionInput.from_post(
                request.POST, indicators, action_code=section.action.code
            )
        except ValueError:
            return HttpResponseBadRequest(_("The form is incomplete; reload the page."))
        except InputRefused as refused:
            for message in refused.errors.values():
                messages.error(request, message)
            return again(refused.kept, 400)
        result = section_save(
            section=section, user=request.user, section_input=section_input
        )
        if result.saved:
            messages.success(request, _("Draft saved."))
            # Back where the user was: the section, not the top of the page.
            return redirect(f"{_section_url(report, section)}#section-title")
        return again(section_input, 409, result.conflict)

    pending = None
    if section is not None and not lock_reason:
        pending = PendingInput.objects.filter(
            user=request.user, section=section
        ).first()
    context = build_form_context(
        request,
        report=report,
        sections=sections,
        section=section,
        lock_reason=lock_reason,
        pending=pending,
    )
    return _render(request, context)


def _render(request: HttpRequest, context: dict, *, status: int = 200) -> HttpResponse:
    """The form page; the text limits are shown as `maxlength` and help."""
    shown = {
        name: number_text(Decimal(limit), grouped=True)
        for name, limit in TEXT_LIMITS.items()
    }
    context = {**context, "text_limits": TEXT_LIMITS, "text_limits_shown": shown}
    return render(request, TEMPLATE, context, status=status)


def _locked(reason: str) -> JsonResponse:
    return JsonResponse(
        {"saved": False, "error": "locked", "message": reason}, status=403
    )


def _unauthenticated() -> JsonResponse:
    return JsonResponse(
        {
            "saved": False,
            "error": "login",
            "message": _("Your session has ended. Log in again."),
        },
        status=401,
    )


@require_POST
def section_autosave(request: HttpRequest, pk: int, action_code: str) -> HttpResponse:
    """Save the fields a user changed in one section; JSON in, JSON out.

    In: {"base_version": n, "data": {...}} in SectionInput's stored form. Out: the new
    version with each field's error and warnings, or 409 with what changed.
    """
    if not request.user.is_authenticated:
        return _unauthenticated()
    with transaction.atomic():
        # The report read once, under its lock: its scope (404), whether the user
        # may edit it (403), the section's fields, the save and its answer.
        data = report_data_locked(
            Report.objects.visible_to(request.user), pk, user=request.user
        )
        if data is None:
            raise Http404(_("No such report."))
        reason = data.report.lock_reason(active_membership(request.user))
        if reason:
            return _locked(reason)
        section = next((s for s in data.sections if s.action.code == action_code), None)
        if section is None:
            raise Http404(_("No such section."))
        indicators = data.catalogue.by_action.get(section.action_id, ())
        try:
            section_input = SectionInput.from_json(
                json.loads(request.body),
                {i.code for i in indicators},
                action_code=action_code,
            )
        except InputRefused as refused:
            return JsonResponse(
                {
                    "saved": False,
                    "error": "bad_request",
                    "message": " ".join(refused.errors.values()),
                    "errors": refused.errors,
                },
                status=400,
            )
        except (ValueError, KeyError, TypeError, RecursionError):
            return JsonResponse(
                {"saved": False, "error": "bad_request", "message": _("Bad request.")},
                status=400,
            )
        (result,) = sections_save(
            report=data.report, user=request.user, inputs=[section_input], data=data
        )
    if not result.saved:
        return JsonResponse(
            {"saved": False, "conflict": _conflict_json(result.conflict)}, status=409
        )
    return JsonResponse(
        {
            "saved": True,
            "changed": result.changed,
            "version": result.version,
            "saved_at": date_format(timezone.localtime(), "H:i"),
            **_field_feedback(
                request, data.report, section, result, set(section_input.values)
            ),
        }
    )


def _conflict_json(conflict) -> dict:
    changed_by = conflict.changed_by
    return {
        "current_version": conflict.current_version,
        "changed_by": (changed_by.name or changed_by.username) if changed_by else "",
        "changed_at": date_format(
            timezone.localtime(conflict.changed_at), "DATETIME_FORMAT"
        )
        if conflict.changed_at
        else "",
        "changes": [list(map(str, change)) for change in conflict.changes],
    }


@require_POST
def keepalive(request: HttpRequest) -> HttpResponse:
    """A user's "stay signed in": any request without X-Background counts as activity
    (accounts.middleware.IdleTimeoutMiddleware), so there is nothing else to do."""
    if not request.user.is_authenticated:
        return _unauthenticated()
    return HttpResponse(status=204)


def _field_feedback(request, report, section, result, sent: set[str]) -> dict:
    """The autosave answer: each field as saved, and the parts of the page that
    depend on the saved values, rendered by the page's own templates (last year's
    comparison of the fields sent, the checks panel, the section list) so that the
    formatter and the validation decide, never the script; from what the save read
    and checked (`result.data`), read again nowhere."""
    check, full, data = result.check, result.submission_check, result.data
    code = section.action.code
    section_status = check.sections.get(code)
    required = not (section_status and section_status.zero_report)
    # A field's comparison with last year changes with its own value only: those
    # sent get theirs.
    rows, _values, _horizon = section_rows(data, section, codes=sent, targets=False)
    compared = {row.indicator.code: row for row in rows}
    # The fragments need no request: rendered without the context processors.
    comparison = get_template("reporting/_field_comparison.html")
    fields = {}
    for indicator in data.catalogue.by_action.get(section.action_id, ()):
        value = data.values.get(indicator.pk)
        issues = check.for_indicator(indicator.code)
        error = next((i.message for i in issues if i.severity == "error"), None)
        warnings = [
            {"message": i.message, "explained": i.explained}
            for i in issues
            if i.severity == "warning"
        ]
        explanation = value.explanation if value else ""
        fields[indicator.code] = {
            "error": error,
            "warnings": warnings,
            "value": input_text(indicator, value),
            "raw": value.raw if value else "",
            "status": value.status if value else Value.Status.BLANK,
            "explanation": explanation,
            "explanation_error": explanation_error(explanation) if warnings else None,
        }
        row = compared.get(indicator.code)
        if row is not None:
            fields[indicator.code]["comparison_html"] = comparison.render({"row": row})
    sections = result.data.sections
    return {
        "fields": fields,
        "required": required,
        "section_issues": [
            {"code": issue.code, "message": issue.message}
            for issue in check.for_section(code)
            if issue.indicator_code is None
        ],
        "checks_html": render_to_string(
            "reporting/_section_checks.html",
            {
                "section_issues": section_issue_messages(check, code),
                **checks_panel(report, full, result.data.sections),
            },
        ),
        # The action bar's notices: why the next step is not possible yet.
        "notices_html": render_to_string(
            "reporting/_workflow_notices.html",
            workflow_notices(
                report,
                report_available_actions(report, request.user, request.memberships),
                full,
            ),
        ),
        "nav_html": render_to_string(
            "reporting/_section_nav.html",
            {"sections_nav": section_nav(report, sections, section, check)},
        ),
        "completeness": {
            "report": check.completeness,
            "sections": {key: status.percent for key, status in check.sections.items()},
            "section": section_status.percent if section_status else 0,
            "filled": section_status.filled if section_status else 0,
            "applicable": section_status.applicable if section_status else 0,
        },
    }
