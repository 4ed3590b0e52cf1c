"""The rows of the report tables: each report with what the user may do with it.

Built by the views from a loaded page of reports, without a query (the reports come
with their period and university's authority) but the queue's sign-off scans (a fixed
number), so that nothing is set on the model instances and a serializer can build the
same rows.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils import timezone

from .figures import ReportCounts, report_counts
from .models import Report, ReportingPeriod
from .services.workflow import report_available_actions
from .signoff import ONWARD_ACTIONS, signoff_scan_problems


@dataclass(frozen=True)
class ReportRow:
    """A report of a list: why its content is hidden from the user (None when they
    may read it) and whether they may fill it in."""

    report: Report
    hidden_reason: str | None
    can_edit: bool

    @property
    def can_view(self) -> bool:
        return self.hidden_reason is None


def report_rows(reports: Iterable[Report], membership) -> list[ReportRow]:
    """The rows of reports for this membership; no query (the period is loaded, and
    the authority's standing return with `with_authority_return`)."""
    rows = []
    for report in reports:
        hidden = report.content_hidden_reason(membership)
        rows.append(
            ReportRow(
                report=report,
                hidden_reason=hidden,
                can_edit=hidden is None and report.lock_reason(membership) is None,
            )
        )
    return rows


@dataclass(frozen=True)
class QueueRow:
    """A report of the review queue: how many whole days it has waited (None when
    unknown), the steps the user may take on it, whether it can be selected for
    the queue's bulk step, and what is wrong with its sign-off scan where a step
    lets it go on (signoff.SCAN_MISSING, SCAN_STALE or None)."""

    report: Report
    waiting_days: int | None
    actions: list[str]
    selectable: bool
    scan_problem: str | None = None


def queue_rows(
    reports: Iterable[Report], user, bulk_action: str | None, memberships: list
) -> list[QueueRow]:
    """The queue's rows; no query but the sign-off scans' (at most three, whatever
    the number of rows): reports come from `waiting_first()`, and `memberships` are
    the user's active ones, read once per request."""
    now = timezone.now()
    reports = list(reports)
    actions = {
        report.pk: report_available_actions(report, user, memberships)
        for report in reports
    }
    problems = signoff_scan_problems(
        report
        for report in reports
        if any(action in ONWARD_ACTIONS for action in actions[report.pk])
    )
    rows = []
    for report in reports:
        since = report.state_changed_at
        rows.append(
            QueueRow(
                report=report,
                waiting_days=(now - since).days if since else None,
                actions=actions[report.pk],
                selectable=bool(bulk_action) and bulk_action in actions[report.pk],
                scan_problem=problems.get(report.pk),
            )
        )
    return rows


HOME_LIMIT = 20


@dataclass(frozen=True)
class HomeReports:
    """The report table of a home page: the period shown (None for university
    roles, who see every period), its counts (None for university roles), the first
    HOME_LIMIT rows, and whether there are more."""

    period: ReportingPeriod | None = None
    counts: ReportCounts | None = None
    rows: list[ReportRow] = field(default_factory=list)
    more: bool = False


def home_reports(user, membership) -> HomeReports | None:
    """What the home page's report table shows for the user's role (None without one).

    University roles: their university's reports in every period. Reviewers and the
    ministry: the latest reports of the open period (or of the latest one started),
    by their last step (`latest_first`), with the period's counts by submission
    status.
    """
    if membership is None:
        return None
    visible = Report.objects.visible_to(user)
    period = counts = None
    if membership.is_university:
        reports = visible
    else:
        period = (
            ReportingPeriod.objects.open().order_by("-year").first()
            or ReportingPeriod.objects.exclude(state=ReportingPeriod.State.UPCOMING)
            .order_by("-year")
            .first()
        )
        reports = visible.in_period(period) if period else visible.none()
        counts = report_counts(reports)
        reports = reports.latest_first()
    listed = reports.select_related(
        "period", "university__province", "university__authority"
    ).with_authority_return()
    first = list(listed[: HOME_LIMIT + 1])
    return HomeReports(
        period=period,
        counts=counts,
        rows=report_rows(first[:HOME_LIMIT], membership),
        more=len(first) > HOME_LIMIT,
    )
