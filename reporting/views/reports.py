"""The report list, one report's read view, its history and the current-period page.

Every report comes through `Report.objects.visible_to(user)` (lists) or
`get_report_for_user` (one report). Lists show the state of every report in scope;
the content only where `Report.content_hidden_reason` allows (DESIGN §3).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from initiatives.models import Indicator
from institutions.access import active_membership

from ..access import get_report_for_user
from ..display import change_text, typed_note, value_text
from ..figures import report_counts
from ..filters import ReportFilter
from ..history import changes_label, report_changes
from ..models import Report, ReportingPeriod
from ..numbers import error_message
from ..pagination import TailPaginator
from ..review_targets import review_targets
from ..rows import report_rows
from ..services.review import changes_since_review
from ..validation import applicable_indicators, previous_values, report_check

PAGE_SIZE = 50
HISTORY_PAGE_SIZE = 50


def _listed(queryset: QuerySet) -> QuerySet:
    return queryset.select_related(
        "period", "university__province", "university__authority"
    ).with_authority_return()


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    membership = active_membership(request.user)
    visible = Report.objects.visible_to(request.user)
    filterset = ReportFilter(request.GET, queryset=visible, request=request)
    reports = filterset.qs
    counts = report_counts(reports)
    page = TailPaginator(_listed(reports), PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = report_rows(page.object_list, membership)
    return render(
        request,
        "reporting/report_list.html",
        {"filter": filterset, "page": page, "counts": counts},
    )


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request, pk)
    membership = active_membership(request.user)
    check = report_check(report, for_submission=True)
    since_review = changes_since_review(report, request.user, membership)
    return render(
        request,
        "reporting/report_detail.html",
        {
            "report": report,
            "check": check,
            "submission_check": check,
            "sections": _sections(report, check),
            "warnings": _issues_with_explanations(report, check.warnings),
            "lock_reason": report.lock_reason(membership),
            "since_review": since_review,
            "targets": review_targets(report, since_review),
        },
    )


def _sections(report: Report, check) -> list[dict]:
    """The report's sections with every applicable indicator and its value, if any.

    A fixed number of queries: sections, indicators, values, last year's numbers.
    """
    sections = list(report.sections.select_related("action").order_by("action__order"))
    values = {value.indicator_id: value for value in report.values.order_by()}
    indicators = list(
        applicable_indicators(report.university).select_related("task", "action")
    )
    known = {indicator.pk for indicator in indicators}
    missing = [pk for pk in values if pk not in known]
    if missing:  # values of indicators that no longer apply are still shown
        indicators += list(
            Indicator.objects.filter(pk__in=missing).select_related("task", "action")
        )
    previous = previous_values(report)
    warnings: dict[str, list[str]] = {}
    for issue in check.warnings:
        warnings.setdefault(issue.indicator_code, []).append(issue.message)
    by_action: dict[int, list[dict]] = {}
    for indicator in indicators:
        value = values.get(indicator.pk)
        last = previous.get(indicator.pk)
        # This year and last year side by side, in the same format.
        shown = {"grouped": True, "padded": True}
        by_action.setdefault(indicator.action_id, []).append(
            {
                "indicator": indicator,
                "value": value,
                "text": value_text(indicator, value, **shown),
                "typed": typed_note(indicator, value),
                "error": (
                    error_message(value.error_code, indicator)
                    if value is not None and value.error_code
                    else ""
                ),
                "warnings": warnings.get(indicator.code, []),
                "previous": value_text(indicator, last, **shown),
                "change": change_text(last, value.number if value else None),
            }
        )
    return [
        {
            "section": section,
            "rows": by_action.get(section.action_id, []),
            "status": check.sections.get(section.action.code),
        }
        for section in sections
    ]


def _issues_with_explanations(report: Report, issues) -> list[dict]:
    """Each warning with the explanation the university wrote for it."""
    explanations = dict(
        report.values.exclude(explanation="").values_list(
            "indicator__code", "explanation"
        )
    )
    return [
        {"issue": issue, "explanation": explanations.get(issue.indicator_code, "")}
        for issue in issues
    ]


@login_required
def report_history(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for_user(request, pk)
    changes = report_changes(report)
    page = Paginator(changes, HISTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = changes_label(list(page.object_list))
    return render(
        request, "reporting/report_history.html", {"report": report, "page": page}
    )


@login_required
def report_current(request: HttpRequest) -> HttpResponse:
    """The university's page for the open period: where it stands, what is missing."""
    membership = active_membership(request.user)
    period = ReportingPeriod.objects.open().order_by("-year").first()
    context: dict = {"period": period, "membership": membership}
    if period is None:
        context["next_period"] = (
            ReportingPeriod.objects.filter(
                state=ReportingPeriod.State.UPCOMING, opens_at__gt=timezone.now()
            )
            .order_by("opens_at")
            .first()
        )
    is_university = membership is not None and membership.is_university
    context["is_university"] = is_university
    if period is not None and is_university:
        report = (
            _listed(Report.objects.visible_to(request.user))
            .filter(period=period, university_id=membership.university_id)
            .first()
        )
        context["report"] = report
        if report is not None:
            check = report_check(report, for_submission=True)
            actions = {
                section.action.code: section.action
                for section in report.sections.select_related("action")
            }
            context.update(
                check=check,
                incomplete=[
                    (actions[code], status)
                    for code, status in check.sections.items()
                    if not status.complete
                ],
                # Incomplete sections are listed on their own, with links.
                errors=[i for i in check.errors if i.code != "section_incomplete"],
                lock_reason=report.lock_reason(membership),
            )
    return render(request, "reporting/report_current.html", context)
