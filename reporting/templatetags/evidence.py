"""The evidence panel of the form, the report page and the sign-off page: a tag, so
that those views stay as they are."""

from __future__ import annotations

from django import template

from ..views.evidence_lists import panel_context

register = template.Library()


@register.inclusion_tag("reporting/_evidence_panel.html", takes_context=True)
def evidence_panel(context, report, panel: str = "all", editable: bool = True) -> dict:
    """The files of one list (a section's code, "all" or "signoff") and, where the
    user may attach files now, the upload form."""
    return panel_context(context["request"], report, str(panel), editable=editable)
