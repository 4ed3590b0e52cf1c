"""The API's query parameters answer as the schema documents them: a value of the
wrong type, out of its bounds or not among the choices is a 400 naming the
parameter, never silently ignored (which would widen a list) and never a database
error (a 500).

- `IdFilter`, `YearFilter`: whole numbers in their bounds (ids 1 to 2**63-1, data
  years 1900 to 9999), where django-filter's NumberFilter takes any decimal.
- `FilterBackend`: a filter the caller's role is not offered (a university's own
  people get no university choosers, `choices_within`) is refused when given;
  filters made from `filterset_fields` get the strict types too.
- `OrderingFilter`: only the view's ordering fields, documented as a pattern.
"""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_filters import rest_framework as drf_filters
from drf_spectacular.utils import extend_schema_field
from rest_framework import exceptions, filters, serializers

MAX_ID = 2**63 - 1  # PostgreSQL's bigint, the ids' type
MIN_YEAR, MAX_YEAR = 1900, 9999

ID_SCHEMA = {"type": "integer", "format": "int64", "minimum": 1, "maximum": MAX_ID}
# An id, or empty for all (the report list's period).
ID_OR_ALL_SCHEMA = {"anyOf": [ID_SCHEMA, {"type": "string", "maxLength": 0}]}
YEAR_SCHEMA = {"type": "integer", "minimum": MIN_YEAR, "maximum": MAX_YEAR}


@extend_schema_field(ID_SCHEMA)
class IdFilter(django_filters.NumberFilter):
    """An object's id: a whole number from 1 to 2**63-1."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_ID)
        super().__init__(*args, **kwargs)


@extend_schema_field(YEAR_SCHEMA)
class YearFilter(django_filters.NumberFilter):
    """A data year, 1900 to 9999."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", MIN_YEAR)
        kwargs.setdefault("max_value", MAX_YEAR)
        super().__init__(*args, **kwargs)


class StrictBooleanField(forms.NullBooleanField):
    """ "true", "false" or empty (any); any other word is an error, where Django's
    NullBooleanField reads it as "any" and so widens the list."""

    widget = forms.TextInput  # NullBooleanSelect, too, reads any other word as None

    def to_python(self, value):
        if value in (None, "", True, False):
            return None if value == "" else value
        if value in ("true", "false"):
            return value == "true"
        raise forms.ValidationError(_("Enter true or false."), code="invalid")

    def validate(self, value) -> None:
        pass


@extend_schema_field({"type": "boolean"})
class StrictBooleanFilter(django_filters.BooleanFilter):
    field_class = StrictBooleanField


class ApiFilterSet(drf_filters.FilterSet):
    """The base of the filtersets made from a view's `filterset_fields`."""

    FILTER_DEFAULTS = {
        **drf_filters.FilterSet.FILTER_DEFAULTS,
        models.BooleanField: {"filter_class": StrictBooleanFilter},
        models.PositiveSmallIntegerField: {"filter_class": YearFilter},
    }


class FilterBackend(drf_filters.DjangoFilterBackend):
    filterset_base = ApiFilterSet

    def get_filterset(self, request, queryset, view):
        filterset = super().get_filterset(request, queryset, view)
        if filterset is None:
            return None
        withheld = [
            name
            for name in type(filterset).base_filters
            if name not in filterset.filters and name in request.query_params
        ]
        if withheld:
            message = _("This filter is not offered to your role.")
            raise exceptions.ValidationError(
                {name: [message] for name in withheld}, code="invalid_choice"
            )
        # Empty is "any" in a page's form; in the API only a text filter may be
        # empty (or one whose schema says so, EMPTY_MEANS_ALL): an empty id, year,
        # flag or choice is not of its type.
        blank = [
            name
            for name, field in filterset.filters.items()
            if request.query_params.get(name) == ""
            and not isinstance(field, django_filters.CharFilter)
            and name not in getattr(filterset, "EMPTY_MEANS_ALL", ())
        ]
        if blank:
            message = serializers.CharField.default_error_messages["blank"]
            raise exceptions.ValidationError(
                {name: [message] for name in blank}, code="blank"
            )
        return filterset


class OrderingFilter(filters.OrderingFilter):
    """`?ordering=code` or `-code`, several joined by commas; a field the view does
    not order by is a 400 (DRF drops it and orders as if none was given)."""

    def get_ordering(self, request, queryset, view):
        given = request.query_params.get(self.ordering_param, "")
        if given.strip():
            allowed = {name for name, _label in self._allowed(queryset, view, request)}
            wrong = [
                term
                for term in (part.strip() for part in given.split(","))
                if term.removeprefix("-") not in allowed
            ]
            if wrong:
                message = _("Order by one of: %(fields)s.") % {
                    "fields": ", ".join(sorted(allowed))
                }
                raise exceptions.ValidationError(
                    {self.ordering_param: [message]}, code="invalid_choice"
                )
        return super().get_ordering(request, queryset, view)

    def _allowed(self, queryset, view, request):
        return self.get_valid_fields(queryset, view, {"request": request})

    def get_schema_operation_parameters(self, view):
        parameters = super().get_schema_operation_parameters(view)
        fields = self._schema_fields(view)
        if fields:
            term = "-?(" + "|".join(re.escape(name) for name in fields) + ")"
            for parameter in parameters:
                parameter["schema"]["pattern"] = f"^({term}(,{term})*)?$"
        return parameters

    def _schema_fields(self, view) -> list[str]:
        fields = getattr(view, "ordering_fields", None)
        return sorted(fields) if fields and fields != "__all__" else []
