"""The form that asks for a report run."""

from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.translation import gettext_lazy as _

from .models import ReportingPeriod, ReportRun


class ReportRunRequestForm(forms.Form):
    """Kind and period, among what the user may ask for; `slot` is the key the page
    drew when it was shown, so sending the same form twice makes one run."""

    kind = forms.ChoiceField(
        label=_("Report"),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    period = forms.ModelChoiceField(
        label=_("Data year"),
        queryset=ReportingPeriod.objects.order_by("-year"),
        empty_label=None,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    slot = forms.CharField(
        widget=forms.HiddenInput,
        validators=[RegexValidator(r"^[0-9a-f]{16,32}$")],
    )

    def __init__(self, *args, kinds: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        labels = dict(ReportRun.Kind.choices)
        self.fields["kind"].choices = [(kind, labels[kind]) for kind in kinds]
