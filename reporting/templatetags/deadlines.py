"""The deadline as every page shows it, with the whole days left (Beijing dates):
the report's one deadline (`Report.deadline`: the reopening's day while it stands)
and a period's. The words come from reporting/display.py."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

from ..display import days_left_text, deadline_text
from ..models import Report

register = template.Library()

# The states in which the university still has to act, so the days left matter.
UNIVERSITY_STATES = (Report.State.DRAFT, Report.State.READY)


@register.filter
def days_left(deadline: dt.date | dt.datetime | None) -> str:
    """ "19 days left", "Due today", "3 days overdue"."""
    return days_left_text(deadline) if deadline is not None else ""


@register.inclusion_tag("reporting/_deadline.html")
def report_deadline(report: Report, stacked: bool = False) -> dict:
    """The report's deadline, and while the university still holds the report, the
    days left; `stacked` puts them on two lines (tables)."""
    deadline = report.deadline
    counts = report.state in UNIVERSITY_STATES
    return {
        "text": deadline_text(deadline),
        "reopened": report.reopened_until is not None,
        "left": days_left_text(deadline) if counts else "",
        "overdue": counts and _passed(deadline),
        "stacked": stacked,
    }


def _passed(deadline: dt.date | dt.datetime) -> bool:
    if isinstance(deadline, dt.datetime):
        return deadline < timezone.now()
    return deadline < timezone.localdate()
