"""Forms of the reporting-period pages; date-times are typed in Beijing time."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.forms import BootstrapFormMixin

from .models import FIRST_DATA_YEAR, ReportingPeriod

BEIJING = ZoneInfo("Asia/Shanghai")
LOCAL_FORMAT = "%Y-%m-%dT%H:%M"


class BeijingDateTimeField(forms.DateTimeField):
    """A `datetime-local` input read and shown in Beijing time, whatever the server's
    current time zone: the ministry's deadlines are Beijing deadlines."""

    widget = forms.DateTimeInput(attrs={"type": "datetime-local"}, format=LOCAL_FORMAT)
    input_formats = [LOCAL_FORMAT, "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M"]

    def __init__(self, **kwargs):
        kwargs.setdefault("help_text", _("Beijing time"))
        super().__init__(**kwargs)

    def prepare_value(self, value):
        if isinstance(value, dt.datetime) and timezone.is_aware(value):
            return value.astimezone(BEIJING).replace(tzinfo=None)
        return value

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, dt.datetime):
            return value if timezone.is_aware(value) else value.replace(tzinfo=BEIJING)
        for fmt in self.input_formats:
            try:
                naive = dt.datetime.strptime(str(value).strip(), fmt)
            except ValueError:
                continue
            return naive.replace(tzinfo=BEIJING)
        raise forms.ValidationError(self.error_messages["invalid"], code="invalid")


class ServiceErrorsMixin(BootstrapFormMixin):
    """Marks fields invalid also for errors a service raised after validation."""

    def add_error(self, field, error) -> None:
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                if "is-invalid" not in attrs.get("class", ""):
                    attrs["class"] = f"{attrs.get('class', '')} is-invalid".strip()
                    attrs["aria-invalid"] = "true"


def _check_window(cleaned: dict, form: forms.Form) -> None:
    opens_at = cleaned.get("opens_at")
    due_at = cleaned.get("due_at")
    closes_at = cleaned.get("closes_at")
    if opens_at and due_at and due_at < opens_at:
        form.add_error("due_at", _("The due time cannot be before the opening."))
    if due_at and closes_at and closes_at < due_at:
        form.add_error("closes_at", _("The period cannot close before it is due."))


class PeriodForm(ServiceErrorsMixin, forms.Form):
    """A new period; the view passes the cleaned data to `period_create`."""

    year = forms.IntegerField(
        label=_("Data year"),
        min_value=FIRST_DATA_YEAR,
        max_value=2100,
        help_text=_("The year the data describe; the window is usually in the next."),
    )
    opens_at = BeijingDateTimeField(label=_("Opens at"))
    due_at = BeijingDateTimeField(label=_("Due at"))
    closes_at = BeijingDateTimeField(label=_("Closes at"))
    late_policy = forms.ChoiceField(
        label=_("Late submissions"),
        choices=ReportingPeriod.LatePolicy.choices,
        initial=ReportingPeriod.LatePolicy.ACCEPT,
    )

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if ReportingPeriod.objects.filter(year=year).exists():
            raise forms.ValidationError(
                _("There is already a period for data year %(year)s."),
                params={"year": year},
                code="unique",
            )
        return year

    def clean(self) -> dict:
        cleaned = super().clean()
        _check_window(cleaned, self)
        return cleaned


class PeriodExtendForm(ServiceErrorsMixin, forms.Form):
    due_at = BeijingDateTimeField(label=_("New due time"))
    closes_at = BeijingDateTimeField(label=_("New closing time"))
    note = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
    )

    def clean(self) -> dict:
        cleaned = super().clean()
        _check_window(cleaned, self)
        return cleaned


class PeriodActionForm(ServiceErrorsMixin, forms.Form):
    """Open, close, lock or unlock: a note is all they take."""

    note = forms.CharField(
        label=_("Note"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        required=False,
    )
