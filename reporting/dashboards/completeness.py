"""The completeness and timeliness dashboard (`/dashboard/completeness/`): a period's
participants and reports by submission status, by province and by authority, each
count a link to the report list behind it, with CSV and XLSX downloads of the same
tables. Figures from reporting/figures_completeness.py, scope from `visible_to`."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from carbonplan.db_router import reads_from_replica
from institutions.models import University

from ..figures_completeness import Completeness, CompletenessRow, completeness
from ..models import Report, ReportingPeriod
from ..models.status import SubmissionStatus
from .download import COUNT, FORMATS, PERCENT, Cell, Table, table_download
from .periods import chosen_period, dashboard_membership, report_list_href

PROVINCE = "province"
AUTHORITY = "authority"


def completeness_header(scope_label: str) -> list[str]:
    return [
        scope_label,
        _("Participants"),
        _("Reports"),
        *[str(status.label) for status in SubmissionStatus],
        _("Share submitted (%)"),
        _("Share on time (%)"),
    ]


def completeness_cells(
    row: CompletenessRow, label: str, period: ReportingPeriod, **filters
) -> list[Cell]:
    """One row: its label, participants, reports (a link to them), each status's
    count (a link to those reports), and the two shares."""
    return [
        Cell(label),
        Cell(row.participants, COUNT),
        Cell(row.reports, COUNT, report_list_href(period, **filters)),
        *[
            Cell(
                row.by_status[status],
                COUNT,
                report_list_href(period, status=status.value, **filters),
            )
            for status in SubmissionStatus
        ],
        Cell(row.share_submitted, PERCENT),
        Cell(row.share_on_time, PERCENT),
    ]


def completeness_tables(figures: Completeness) -> list[Table]:
    """The page's two tables (by province, by authority), each with the total."""
    period = figures.period
    total = completeness_cells(figures.total, _("Total"), period)
    return [
        Table(
            key=key,
            title=title,
            header=completeness_header(label),
            rows=[
                completeness_cells(row, str(row.scope), period, **{key: row.scope.pk})
                for row in rows
            ],
            footer=[total],
        )
        for key, title, label, rows in (
            (PROVINCE, _("By province"), _("Province"), figures.provinces),
            (
                AUTHORITY,
                _("By competent authority"),
                _("Competent authority"),
                figures.authorities,
            ),
        )
    ]


def _figures(request: HttpRequest, period: ReportingPeriod) -> Completeness:
    return completeness(
        period=period, universities=University.objects.visible_to(request.user)
    )


def _downloads(table: Table, period: ReportingPeriod) -> list[str]:
    return [
        reverse(
            "reporting:dashboard-completeness-download",
            kwargs={"table": table.key, "fmt": fmt},
        )
        + f"?period={period.pk}"
        for fmt in FORMATS
    ]


@login_required
@reads_from_replica
def completeness_page(request: HttpRequest) -> HttpResponse:
    membership = dashboard_membership(request)
    form, period = chosen_period(request)
    context: dict = {"filter": {"form": form}, "period": period, "tables": []}
    if period is not None:
        context["tables"] = [
            (table, *_downloads(table, period))
            for table in completeness_tables(_figures(request, period))
        ]
        if membership.is_university:
            context["own_report"] = (
                Report.objects.visible_to(request.user)
                .in_period(period)
                .filter(university_id=membership.university_id)
                .first()
            )
    return render(request, "reporting/dashboards/completeness.html", context)


@login_required
@reads_from_replica
def completeness_download(request: HttpRequest, table: str, fmt: str) -> HttpResponse:
    """One table of the page (`province` or `authority`) as CSV or XLSX."""
    dashboard_membership(request)
    if fmt not in FORMATS or table not in (PROVINCE, AUTHORITY):
        raise Http404(_("No such download."))
    _form, period = chosen_period(request)
    if period is None:
        raise Http404(_("No reporting period yet."))
    tables = {t.key: t for t in completeness_tables(_figures(request, period))}
    return table_download(tables[table], fmt, f"completeness-{period.year}-{table}")
