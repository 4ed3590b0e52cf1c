"""Links from a report's issues to the fields of its form that fix them, so that an
error never only says "1 indicator is not filled in" without leading there."""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from .models import Report, ReportSection


@dataclass(frozen=True)
class FieldLink:
    """A field of the form an issue is about: its label (an indicator's code and
    name, or the section's code and the field's name) and the address that opens
    the form there, `/reports/<pk>/form/?section=A1#raw-IND-A1-01`."""

    label: str
    url: str


def form_url_of(report: Report) -> str:
    return reverse("reporting:report-form", args=[report.pk])


def field_url(form_url: str, section_code: str, field_id: str) -> str:
    """The form's section with the field `field_id` (an element id) in view."""
    return f"{form_url}?section={section_code}#{field_id}"


def indicator_link(form_url: str, indicator) -> FieldLink:
    """The link to an indicator's input (`raw-<code>`); the indicator's action is
    read, so select it with the indicator."""
    return FieldLink(
        f"{indicator.code} {indicator.display_name}",
        field_url(form_url, indicator.action.code, f"raw-{indicator.code}"),
    )


def section_field_link(form_url: str, action, name: str) -> FieldLink:
    """The link to one of the section's own fields (narrative_done, zero_note,
    is_zero_report), labelled with the field's name."""
    label = ReportSection._meta.get_field(name).verbose_name
    return FieldLink(f"{action.label} {label}", field_url(form_url, action.code, name))
