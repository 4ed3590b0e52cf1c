"""A page-number paginator whose later pages cost what its first ones do."""

from __future__ import annotations

from django.core.paginator import Page, Paginator


class TailPaginator(Paginator):
    """Reads a page in the second half from the other end: the reversed order with
    a short offset, turned back in Python. With an ordering an index serves,
    `?page=last` then reads one page of rows instead of every row before it.
    Pass an ordered QuerySet whose ordering is unique (ties would move between
    pages)."""

    def page(self, number) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        if bottom * 2 <= self.count or not getattr(self.object_list, "ordered", False):
            return super().page(number)
        rows = list(self.object_list.reverse()[self.count - top : self.count - bottom])
        return self._get_page(rows[::-1], number, self)
