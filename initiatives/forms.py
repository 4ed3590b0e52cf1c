"""The form that sets one indicator's targets, one value and note per horizon.

Numbers are read as Chinese users type them (full-width digits, 1,234.5, 35%), by
the same parser as the report form (reporting.numbers), with its messages; an empty
value means no target. The baseline is not typed: it comes from the figures.
"""

from __future__ import annotations

from decimal import Decimal

from django import forms
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.forms import BootstrapFormMixin
from reporting.numbers import (
    NUMBER_LIMIT,
    NumberError,
    error_message,
    parse_number,
    parse_value,
)

from .models import Horizon, Indicator, Target
from .services import TargetEntry
from .target_rows import input_text

VALUE_MAX_LENGTH = 40
NOTE_MAX_LENGTH = 500


def parse_target(indicator: Indicator, raw: str) -> tuple[Decimal | None, str]:
    """The target typed for the indicator and "" , or None and the error code.

    A yes/no indicator's (national) target is a number of universities: a whole
    number, not negative. Others follow the indicator's own type and bounds.
    """
    if indicator.value_type != Indicator.ValueType.BOOLEAN:
        parsed = parse_value(indicator, raw)
        return parsed.number, parsed.error_code
    try:
        number = parse_number(raw)
    except NumberError as exc:
        return None, exc.code
    if number != number.to_integral_value():
        return None, "not_integer"
    if number < 0:
        return None, "below_min"
    if number >= NUMBER_LIMIT:
        return None, "too_large"
    return number, ""


class TargetForm(BootstrapFormMixin, forms.Form):
    """One indicator's targets in one scope: `value-<horizon code>` and
    `note-<horizon code>` for every horizon."""

    def __init__(
        self,
        data=None,
        *,
        indicator: Indicator,
        horizons: list[Horizon],
        targets: dict[int, Target],
    ):
        self.indicator = indicator
        self.horizons = horizons
        initial = {}
        for horizon in horizons:
            target = targets.get(horizon.pk)
            if target is not None:
                initial[f"value-{horizon.code}"] = input_text(target.value)
                initial[f"note-{horizon.code}"] = target.note
        fields = {}
        for horizon in horizons:
            label = _("%(horizon)s (by %(year)s)") % {
                "horizon": horizon.display_name,
                "year": horizon.end_year,
            }
            fields[f"value-{horizon.code}"] = forms.CharField(
                label=label,
                required=False,
                max_length=VALUE_MAX_LENGTH,
                widget=forms.TextInput(
                    attrs={"inputmode": "decimal", "autocomplete": "off"}
                ),
            )
            fields[f"note-{horizon.code}"] = forms.CharField(
                label=gettext_lazy("Note"),
                required=False,
                max_length=NOTE_MAX_LENGTH,
                widget=forms.Textarea(attrs={"rows": 2}),
            )
        self.base_fields = fields
        super().__init__(data, initial=initial)

    def clean(self) -> dict:
        cleaned = super().clean()
        entries = []
        for horizon in self.horizons:
            value_name, note_name = f"value-{horizon.code}", f"note-{horizon.code}"
            if value_name in self.errors or note_name in self.errors:
                continue
            raw = (cleaned.get(value_name) or "").strip()
            note = (cleaned.get(note_name) or "").strip()
            value = None
            if raw:
                value, code = parse_target(self.indicator, raw)
                if code:
                    message_for = (
                        None
                        if self.indicator.value_type == Indicator.ValueType.BOOLEAN
                        else self.indicator
                    )
                    self.add_error(value_name, error_message(code, message_for))
                    continue
            elif note:
                self.add_error(
                    value_name, _("Type the target this note is about, or clear it.")
                )
                continue
            entries.append(TargetEntry(horizon, value, note))
        cleaned["entries"] = entries
        return cleaned

    def rows(self) -> list[tuple[Horizon, forms.BoundField, forms.BoundField]]:
        """Each horizon with its value and note fields, for the template."""
        return [
            (horizon, self[f"value-{horizon.code}"], self[f"note-{horizon.code}"])
            for horizon in self.horizons
        ]
