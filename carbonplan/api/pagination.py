"""Pages as the schema documents them: `page` a whole number from 1 (past the last
page, 404), `page_size` from 1 to the maximum; any other value is a 400 naming the
parameter (DRF falls back to the default size instead). A cursor that does not
decode, or whose position is not an id, is a 404 (DRF's "Invalid cursor"), never a
database error."""

from __future__ import annotations

from rest_framework import exceptions, pagination, serializers

from .filters import MAX_ID


def query_int(request, name: str, *, maximum: int, default: int | None) -> int | None:
    """The parameter as a whole number from 1 to `maximum`, or `default` if absent;
    a 400 naming it otherwise (DRF's own messages, in the caller's language)."""
    if name not in request.query_params:
        return default
    field = serializers.IntegerField(min_value=1, max_value=maximum)
    try:
        return field.run_validation(request.query_params[name])
    except exceptions.ValidationError as exc:
        raise exceptions.ValidationError({name: exc.detail}) from None


def _schema_bounds(parameters: list[dict], bounds: dict[str, int]) -> list[dict]:
    for parameter in parameters:
        if parameter["name"] in bounds:
            parameter["schema"].update(minimum=1, maximum=bounds[parameter["name"]])
    return parameters


class StrictPageSize:
    """`page_size` from 1 to `max_page_size`, else a 400 naming it."""

    def get_page_size(self, request) -> int:
        return query_int(
            request,
            self.page_size_query_param,
            maximum=self.max_page_size,
            default=self.page_size,
        )


class PageNumberPagination(StrictPageSize, pagination.PageNumberPagination):
    """Page numbers for every list but values: `?page=2&page_size=100`."""

    page_size_query_param = "page_size"
    max_page_size = 500

    def get_page_number(self, request, paginator) -> int:
        return query_int(request, self.page_query_param, maximum=MAX_ID, default=1)

    def get_schema_operation_parameters(self, view):
        return _schema_bounds(
            super().get_schema_operation_parameters(view),
            {
                self.page_query_param: MAX_ID,
                self.page_size_query_param: self.max_page_size,
            },
        )


class CursorPagination(StrictPageSize, pagination.CursorPagination):
    """For values: no COUNT(*) over the largest table, and stable pages while
    rows are added (a script walks `next` to the end)."""

    ordering = "id"  # as "pk", but also a key of the value list's dict rows
    page_size = 500
    page_size_query_param = "page_size"
    max_page_size = 5000

    def decode_cursor(self, request):
        cursor = super().decode_cursor(request)
        if cursor is not None and cursor.position is not None:
            # The position is compared with the ids in the query: a forged one that
            # is not an id would fail there.
            try:
                position = int(cursor.position)
            except ValueError:
                raise exceptions.NotFound(self.invalid_cursor_message) from None
            if not 0 <= position <= MAX_ID:
                raise exceptions.NotFound(self.invalid_cursor_message)
        return cursor

    def get_schema_operation_parameters(self, view):
        return _schema_bounds(
            super().get_schema_operation_parameters(view),
            {self.page_size_query_param: self.max_page_size},
        )
