from __future__ import annotations

from rest_framework import pagination


class PageNumberPagination(pagination.PageNumberPagination):
    """Page numbers for every list but values: `?page=2&page_size=100`."""

    page_size_query_param = "page_size"
    max_page_size = 500


class CursorPagination(pagination.CursorPagination):
    """For values: no COUNT(*) over the largest table, and stable pages while
    rows are added (a script walks `next` to the end)."""

    ordering = "id"  # as "pk", but also a key of the value list's dict rows
    page_size = 500
    page_size_query_param = "page_size"
    max_page_size = 5000
