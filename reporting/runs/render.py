"""A run's files from its kind, scope and snapshot: what the task stores and what
making a past run again reproduces."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _

from institutions.models import University

from ..models import ReportRun
from .parts import Part
from .progress import progress_parts
from .status import status_parts
from .xlsx import workbook_bytes


def run_title(run: ReportRun) -> str:
    scope = run.authority.display_name if run.authority_id else _("Nation")
    return f"{run.get_kind_display()} {run.period.year} {scope}"


def run_parts(run: ReportRun) -> list[Part]:
    """The run's tables, as of its snapshot."""
    as_of = run.snapshot_at
    if run.authority_id:
        universities = University.objects.of_authority(run.authority)
    else:
        universities = University.objects.all()
    if run.kind == ReportRun.Kind.WEEKLY_STATUS:
        return status_parts(period=run.period, universities=universities, as_of=as_of)
    parts = progress_parts(
        period=run.period,
        versions=run.versions.all(),
        as_of=as_of,
        authority=run.authority,
    )
    if run.kind == ReportRun.Kind.AUTHORITY:
        parts += status_parts(period=run.period, universities=universities, as_of=as_of)
    return parts


def run_files(run: ReportRun) -> dict[str, bytes]:
    """{format: content} of the run, in the portal's language."""
    with translation.override(settings.LANGUAGE_CODE):
        parts = run_parts(run)
        title = run_title(run)
        return {
            "xlsx": workbook_bytes(parts, title=title, created=run.snapshot_at),
        }
