"""The filters of the report list (HTML and API) and of the API's values."""

from __future__ import annotations

import django_filters
from django.db.models import F, OuterRef, QuerySet, Subquery
from django.utils.translation import gettext_lazy as _
from django_filters.constants import EMPTY_VALUES
from drf_spectacular.utils import extend_schema_field

from carbonplan.api.filters import ID_OR_ALL_SCHEMA, IdFilter, YearFilter
from institutions.filters import (
    FlagFilter,
    ScopedFilterSet,
    choices_within,
    request_membership,
)
from institutions.models import Authority, Province, University

from .models import Report, ReportingPeriod, ReportRun, Value
from .models.status import submission_status_expression


class ReportFilter(ScopedFilterSet):
    """Pass `queryset=Report.objects.visible_to(user)` and `request=`.

    The period choices are the periods of that queryset; the province and authority
    choices those of the universities in the user's scope (`choices_within`), a small
    set whatever the number of reports; so they name nothing outside the scope, and
    a value outside them is the form's error. Without a `period` parameter the list
    shows the open period, if the scope has a report in it; choosing "All" shows
    every period.
    """

    q = django_filters.CharFilter(method="search", label=_("University"))
    period = extend_schema_field(ID_OR_ALL_SCHEMA)(
        django_filters.ModelChoiceFilter(
            queryset=ReportingPeriod.objects.none(),
            label=_("Data year"),
            empty_label=_("All"),
            method="filter_period",
        )
    )
    province = django_filters.ModelChoiceFilter(
        field_name="university__province",
        queryset=Province.objects.none(),
        label=_("Province"),
        empty_label=_("All"),
    )
    authority = django_filters.ModelChoiceFilter(
        field_name="university__authority",  # names the type; the method filters
        queryset=Authority.objects.none(),
        label=_("Competent authority"),
        empty_label=_("All"),
        method="filter_authority",
    )
    category = django_filters.ChoiceFilter(
        field_name="university__category",
        choices=University.Category.choices,
        label=_("Category"),
        empty_label=_("All"),
    )
    state = django_filters.ChoiceFilter(
        choices=Report.State.choices, label=_("State"), empty_label=_("All")
    )
    status = django_filters.ChoiceFilter(
        choices=Report.SubmissionStatus.choices,
        label=_("Submission status"),
        empty_label=_("All"),
        method="filter_status",
    )
    late = FlagFilter(field_name="is_late", label=_("Late"))

    EMPTY_MEANS_ALL = ("period",)  # without it, the open period

    class Meta:
        model = Report
        fields: list[str] = []

    def __init__(self, data=None, queryset: QuerySet | None = None, **kwargs):
        data = data.copy() if data is not None else {}
        periods = ReportingPeriod.objects.filter(
            pk__in=(queryset if queryset is not None else Report.objects.none())
            .order_by()
            .values("period_id")
        )
        if "period" not in data:
            open_period = periods.open().order_by("-year").first()
            if open_period is not None:
                data["period"] = str(open_period.pk)
        super().__init__(data, queryset=queryset, **kwargs)
        self.filters["period"].queryset = periods
        membership = request_membership(self)
        choices_within(
            self,
            universities=University.objects.filter(membership.university_scope_q())
            if membership is not None
            else University.objects.filter(
                pk__in=self.queryset.order_by().values("university_id")
            ),
            membership=membership,
        )

    def filter_period(self, queryset: QuerySet, name: str, value) -> QuerySet:
        """On the year too, so that the list's sort index serves the page."""
        return queryset.in_period(value) if value else queryset

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        if not value.strip():
            return queryset
        return queryset.filter(university__in=University.objects.search(value))

    def filter_status(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        """By the submission status the counts above the list use (models/status.py)."""
        if not value:
            return queryset
        status = submission_status_expression()
        return queryset.alias(status_now=status).filter(status_now=value)

    def filter_authority(self, queryset: QuerySet, name: str, value) -> QuerySet:
        """The reviewing authority or a further one (two-authority rows of the list)."""
        if not value:
            return queryset
        return queryset.filter(university__in=University.objects.of_authority(value))


class DataYearFilter(YearFilter):
    """The values of one data year (1900 to 9999), bounded below by the year's first
    value id.

    Lists page values by id, and a year's values are mostly one run of ids, after
    the earlier years': without the bound, PostgreSQL walks the id index through
    every earlier year to fill the first page (545 ms for 2025 of 260 k values);
    with it, one probe a report on the (report, id) index finds where to start
    (6 ms). The bound only narrows what the year's filter keeps anyway.
    """

    def filter(self, qs, value):
        qs = super().filter(qs, value)
        if value in EMPTY_VALUES:
            return qs
        first = Value.objects.filter(report=OuterRef("pk")).order_by("id")
        start = (
            Report.objects.filter(period__year=value)
            .annotate(first=Subquery(first.values("id")[:1]))
            .order_by(F("first").asc(nulls_last=True))
            .values("first")[:1]
        )
        return qs.filter(id__gte=Subquery(start))


class ValueFilter(django_filters.FilterSet):
    """The values resource's filters, by the codes a script knows: data year,
    university code, indicator and action code, report, status."""

    period = DataYearFilter(field_name="report__period__year", label=_("Data year"))
    university = django_filters.CharFilter(
        field_name="report__university__code", label=_("University code")
    )
    indicator = django_filters.CharFilter(
        field_name="indicator__code", label=_("Indicator code")
    )
    action = django_filters.CharFilter(
        field_name="section__action__code", label=_("Action code")
    )
    report = IdFilter(field_name="report_id", label=_("Report"))
    status = django_filters.ChoiceFilter(
        choices=Value.Status.choices, label=_("Status")
    )

    class Meta:
        model = Value
        fields: list[str] = []


class PeriodFilter(django_filters.FilterSet):
    """The API's periods, by data year and state."""

    year = YearFilter(label=_("Data year"))
    state = django_filters.ChoiceFilter(
        choices=ReportingPeriod.State.choices, label=_("State")
    )

    class Meta:
        model = ReportingPeriod
        fields: list[str] = []


class ReportRunFilter(django_filters.FilterSet):
    """The ministry reports' list (page and API): by kind, state, data year and
    the authority's code."""

    kind = django_filters.ChoiceFilter(
        choices=ReportRun.Kind.choices, label=_("Report")
    )
    state = django_filters.ChoiceFilter(
        choices=ReportRun.State.choices, label=_("State")
    )
    period = YearFilter(field_name="period__year", label=_("Data year"))
    authority = django_filters.CharFilter(
        field_name="authority__code", label=_("Competent authority")
    )

    class Meta:
        model = ReportRun
        fields: list[str] = []
