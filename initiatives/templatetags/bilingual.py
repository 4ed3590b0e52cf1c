"""`{{ obj|tr:"definition" }}`: a bilingual field in the active language."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def tr(obj, field: str) -> str:
    """The `<field>_en` text under English when filled in, else `<field>_zh`."""
    return obj.tr(field)
