"""The weekly submission status of a period (DESIGN.md §7): completeness by
province and by authority from figures_completeness, and the universities that
have not submitted, that are late, and whose reports wait for review, with how
long, chosen by the report list's own filters (ReportFilter: status, late, state)."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from institutions.models import University

from ..figures_completeness import CompletenessRow, completeness
from ..filters import ReportFilter
from ..models import Report, ReportingPeriod
from ..models.status import SubmissionStatus
from .parts import COUNT, DAYS, SHARE, TEXT, Part


def _completeness_part(title: str, rows: list[CompletenessRow], total) -> Part:
    columns = [
        (_("Code"), TEXT),
        (_("Name"), TEXT),
        (_("Participants"), COUNT),
        *[(str(status.label), COUNT) for status in SubmissionStatus],
        (_("Submitted (%)"), SHARE),
        (_("On time (%)"), SHARE),
    ]
    part = Part(title=title, columns=columns)
    for row in [*rows, total]:
        scope = row.scope
        part.rows.append(
            [
                scope.code if scope else "",
                scope.display_name if scope else _("Total"),
                row.participants,
                *[row.by_status[status] for status in SubmissionStatus.values],
                row.share_submitted,
                row.share_on_time,
            ]
        )
    return part


def _filtered(period: ReportingPeriod, reports: QuerySet, **params) -> QuerySet:
    """The period's reports that the report list shows for these filter values
    (the period chosen on the queryset: the list offers only periods with reports,
    and "" is its "all")."""
    data = {"period": "", **params}
    found = ReportFilter(data, queryset=reports.filter(period=period))
    assert found.is_valid(), found.errors
    return (
        found.qs.with_submission_status()
        .select_related("university__province", "university__authority")
        .order_by("university__province__code", "university__code")
    )


def _university_cells(report: Report) -> list:
    university = report.university
    return [
        university.province.display_name if university.province_id else "",
        university.authority.display_name if university.authority_id else "",
        university.code,
        university.display_name,
    ]


def _university_columns() -> list[tuple[str, str]]:
    return [
        (_("Province"), TEXT),
        (_("Competent authority"), TEXT),
        (_("University code"), TEXT),
        (_("University"), TEXT),
    ]


def status_parts(
    *, period: ReportingPeriod, universities: QuerySet[University], as_of: dt.datetime
) -> list[Part]:
    """The weekly status of `universities` in the period as of `as_of`."""
    local = timezone.localtime(as_of)
    note = _("Period %(year)s, as of %(when)s (Beijing time).") % {
        "year": period.year,
        "when": local.strftime("%Y-%m-%d %H:%M"),
    }
    table = completeness(period=period, universities=universities)
    parts = [
        _completeness_part(_("By province"), table.provinces, table.total),
        _completeness_part(_("By competent authority"), table.authorities, table.total),
    ]
    parts[0].notes = parts[1].notes = [note]
    reports = Report.objects.filter(university__in=universities)

    missing = Part(
        title=_("Not submitted"),
        columns=[*_university_columns(), (_("Submission status"), TEXT)],
        notes=[note, _("Reports not with the authorities above the university.")],
    )
    for status in (
        SubmissionStatus.NOT_SUBMITTED,
        SubmissionStatus.RETURNED,
        SubmissionStatus.REOPENED,
    ):
        for report in _filtered(period, reports, status=status):
            missing.rows.append([*_university_cells(report), str(status.label)])
    missing.rows.sort(key=lambda row: (row[0], row[2]))

    late = Part(
        title=_("Late"),
        columns=[*_university_columns(), (_("Submission status"), TEXT)],
        notes=[note],
    )
    for report in _filtered(period, reports, late="true"):
        status = SubmissionStatus(report.submission_status_value)
        late.rows.append([*_university_cells(report), str(status.label)])

    waiting = Part(
        title=_("Waiting for review"),
        columns=[
            *_university_columns(),
            (_("Waiting at"), TEXT),
            (_("Since"), TEXT),
            (_("Days waiting"), DAYS),
        ],
        notes=[note],
    )
    rows = []
    for state in Report.SENT_UP_STATES:
        for report in _filtered(period, reports, state=state):
            since = report.state_changed_at
            days = (as_of - since).days if since else None
            rows.append(
                [
                    *_university_cells(report),
                    str(Report.State(state).label),
                    timezone.localtime(since) if since else "",
                    days,
                ]
            )
    rows.sort(key=lambda row: (-(row[-1] or 0), row[2]))
    waiting.rows = rows
    return [*parts, missing, late, waiting]
