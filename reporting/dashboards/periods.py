"""The period a completeness or China-view page shows (`?period=`), and where a
province leads: pieces the two pages share."""

from __future__ import annotations

from urllib.parse import urlencode

from django import forms
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from institutions.access import active_membership
from institutions.models import Membership

from ..models import ReportingPeriod


class PeriodForm(forms.Form):
    """The period, chosen among every period (default: the open one)."""

    period = forms.ModelChoiceField(
        queryset=ReportingPeriod.objects.none(),
        label=gettext_lazy("Data year"),
        required=False,
        empty_label=None,
    )

    def __init__(self, *args, periods, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].queryset = periods
        for form_field in self.fields.values():
            form_field.widget.attrs["class"] = "form-select form-select-sm"


def dashboard_membership(request: HttpRequest) -> Membership:
    """Anyone with a role sees the pages, each within their scope; others 404."""
    membership = active_membership(request.user)
    if membership is None:
        raise Http404(_("No such page."))
    return membership


def default_period(periods) -> ReportingPeriod | None:
    """The open period (the latest if several), else the latest by year."""
    ordered = periods.order_by("-year")
    return ordered.open().first() or ordered.first()


def chosen_period(
    request: HttpRequest, form_class=PeriodForm, **kwargs
) -> tuple[forms.Form, ReportingPeriod | None]:
    """The form (its errors shown on the page) and the period to show: the one
    asked for when valid, the default (shown as chosen) when none or a bad one is
    asked for."""
    periods = ReportingPeriod.objects.visible_to(request.user).order_by("-year")
    default = default_period(periods)
    data = request.GET.copy() if request.GET else None
    if data is not None and not data.get("period") and default is not None:
        data["period"] = str(default.pk)
    initial = {"period": default.pk} if default is not None else {}
    form = form_class(data, initial=initial, periods=periods, **kwargs)
    period = None
    if form.is_bound and form.is_valid():
        period = form.cleaned_data.get("period")
    return form, period or default


def report_list_href(period: ReportingPeriod, **filters) -> str:
    """The report list filtered as given (period, province, authority, status)."""
    query = {"period": period.pk, **{k: v for k, v in filters.items() if v}}
    return f"{reverse('reporting:report-list')}?{urlencode(query)}"


# The province dashboard's URL name (helper `dash` names it dashboards:province);
# the first that exists is used.
def province_hrefs(provinces, period: ReportingPeriod) -> dict[str, str]:
    """Where each province leads, by code: its dashboard in the period's year."""
    return {
        p.code: reverse("dashboards:province", kwargs={"code": p.code})
        + f"?year={period.year}"
        for p in provinces
    }
