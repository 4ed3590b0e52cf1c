"""Filters that show stored numbers through reporting.display, so that a template
prints a value exactly as the views, the warnings and the exports do."""

from __future__ import annotations

from decimal import Decimal

from django import template

from ..display import number_text as _number_text

register = template.Library()


@register.filter
def number_text(number: Decimal | None) -> str:
    """`{{ row.previous|number_text }}`: 1234, 12.5 (see display.number_text)."""
    return _number_text(number)
