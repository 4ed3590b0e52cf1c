from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from .models import Authority, Province, University

# The ministry first, then the provinces in GB/T 2260 order, the Corps, the rest.
_KIND_ORDER = Case(
    *(
        When(kind=kind, then=Value(number))
        for number, kind in enumerate(
            [Authority.Kind.MOE, Authority.Kind.PROVINCIAL, Authority.Kind.XPCC]
        )
    ),
    default=Value(3),
    output_field=IntegerField(),
)


class FlagFilter(django_filters.BooleanFilter):
    """Any / yes / no, as a select: an unticked checkbox would mean "no"."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.Select(
                choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))]
            ),
        )
        super().__init__(*args, **kwargs)


def choices_within(filterset, *, universities: QuerySet) -> None:
    """Province and authority choices name only what these universities use.

    Shared by every list filtered by university, so a dropdown never reveals names
    outside the user's scope; also gives the widgets their Bootstrap classes.
    """
    filterset.filters["province"].queryset = Province.objects.of_universities(
        universities
    )
    filterset.filters["authority"].queryset = Authority.objects.of_universities(
        universities
    ).order_by(_KIND_ORDER, "code")
    for name, form_field in filterset.form.fields.items():
        if name == "q":
            form_field.widget.attrs["class"] = "form-control form-control-sm"
            form_field.widget.attrs["placeholder"] = _("Name or code")
        else:
            form_field.widget.attrs["class"] = "form-select form-select-sm"


class UniversityFilter(django_filters.FilterSet):
    """The filters of the university list (HTML and API).

    Pass `queryset=University.objects.visible_to(user)`: the province and authority
    choices are narrowed to that queryset, so they name nothing outside the scope.
    """

    q = django_filters.CharFilter(method="search", label=_("Search"))
    province = django_filters.ModelChoiceFilter(
        queryset=Province.objects.none(), label=_("Province"), empty_label=_("All")
    )
    authority = django_filters.ModelChoiceFilter(
        queryset=Authority.objects.none(),
        label=_("Competent authority"),
        empty_label=_("All"),
        method="filter_authority",
    )
    level = django_filters.ChoiceFilter(
        choices=University.Level.choices, label=_("Level"), empty_label=_("All")
    )
    category = django_filters.ChoiceFilter(
        choices=University.Category.choices, label=_("Category"), empty_label=_("All")
    )
    double_first_class = FlagFilter(label=_("Double First-Class"))
    project_985 = FlagFilter(label=_("Project 985"))
    project_211 = FlagFilter(label=_("Project 211"))
    co_built = FlagFilter(label=_("Ministry–province co-built"))
    is_active = FlagFilter(label=_("Active"))

    class Meta:
        model = University
        fields: list[str] = []

    def __init__(self, data=None, queryset: QuerySet | None = None, **kwargs):
        super().__init__(data, queryset=queryset, **kwargs)
        choices_within(self, universities=self.queryset)

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.search(value)

    def filter_authority(self, queryset: QuerySet, name: str, value) -> QuerySet:
        """The reviewing authority or a further one (two-authority rows of the list)."""
        if not value:
            return queryset
        return queryset.of_authority(value)
