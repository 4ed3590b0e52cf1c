from __future__ import annotations

import django_filters
from django import forms
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.utils.translation import gettext_lazy as _

from carbonplan.api.filters import StrictBooleanFilter

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


class FlagFilter(StrictBooleanFilter):
    """Any / yes / no, as a select: an unticked checkbox would mean "no"; any
    other word is the form's error (and the API's 400), not "any"."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault(
            "widget",
            forms.Select(
                choices=[("", _("Any")), ("true", _("Yes")), ("false", _("No"))]
            ),
        )
        super().__init__(*args, **kwargs)


# The filters that choose among universities: a university's own people, who see
# only their university, are offered none of them.
UNIVERSITY_CHOOSERS = ("q", "province", "authority", "category")


class ScopedFilterSet(django_filters.FilterSet):
    """A FilterSet whose choices are the user's scope: a value outside them (typed
    into the address by hand) is the form's error and lists nothing, rather than
    being dropped and so widening the list to everything."""

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        if self.form.errors:
            return queryset.none()
        return super().filter_queryset(queryset)


def request_membership(filterset):
    """The membership of the filterset's `request` (pass `request=`), or None."""
    from .access import active_membership

    request = filterset.request
    return active_membership(request.user) if request is not None else None


def choices_within(filterset, *, universities: QuerySet, membership=None) -> None:
    """Province and authority choices name only what these universities use, and an
    authority's reviewer is offered its own authority only (not the ministry or a
    province that co-builds one of its universities); a university's own people get
    no university choosers at all.

    Shared by every list filtered by university, so a dropdown never reveals names
    outside the user's scope; also gives the widgets their Bootstrap classes. Call
    it before the form is first used.
    """
    if membership is not None and membership.is_university:
        for name in UNIVERSITY_CHOOSERS:
            filterset.filters.pop(name, None)
    if "province" in filterset.filters:
        filterset.filters["province"].queryset = Province.objects.of_universities(
            universities
        )
    if "authority" in filterset.filters:
        authorities = Authority.objects.of_universities(universities)
        if membership is not None and membership.is_authority:
            authorities = authorities.filter(pk=membership.authority_id)
        filterset.filters["authority"].queryset = authorities.order_by(
            _KIND_ORDER, "code"
        )
    for name, form_field in filterset.form.fields.items():
        if name == "q":
            form_field.widget.attrs["class"] = "form-control form-control-sm"
            form_field.widget.attrs["placeholder"] = _("Name or code")
        else:
            form_field.widget.attrs["class"] = "form-select form-select-sm"


class UniversityFilter(ScopedFilterSet):
    """The filters of the university list (HTML and API).

    Pass `queryset=University.objects.visible_to(user)` and `request=`: the choices
    are narrowed to that queryset and the user's role (`choices_within`), so they
    name nothing outside the scope.
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
        choices_within(
            self, universities=self.queryset, membership=request_membership(self)
        )

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        return queryset.search(value)

    def filter_authority(self, queryset: QuerySet, name: str, value) -> QuerySet:
        """The reviewing authority or a further one (two-authority rows of the list)."""
        if not value:
            return queryset
        return queryset.of_authority(value)
