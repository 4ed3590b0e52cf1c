from __future__ import annotations

from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def minutes(value: timedelta) -> int:
    """Whole minutes of a duration, at least one (the lockout page's cool-off)."""
    return max(1, round(value.total_seconds() / 60))
