"""History records for rows the demo writes in bulk, written by the database.

simple-history's bulk helpers build a historical object per row in Python and insert
it through the ORM: for the demo's tens of thousands of values that doubled the
seed's time. Here one INSERT … SELECT per call copies the rows as they are stored
into their history table, with the date the demo gives them.
"""

from __future__ import annotations

import datetime as dt

from django.db import connection, models
from django.db.models import QuerySet
from django.db.models.expressions import Combinable

from ..models import Report, ReportSection

HISTORY_DATE = "history_date_"
HISTORY_TYPE = "history_type_"


def history_copy(
    queryset: QuerySet, *, at: dt.datetime | Combinable, history_type: str = "+"
) -> int:
    """One history record (no user, no reason) per row of `queryset`, dated `at`
    (a date, or an expression over the row such as F("report__submitted_at")), as
    a save of type `history_type` would have written it. Returns the rows written."""
    model = queryset.model
    history = model.history.model
    tracked = {field.attname for field in model._meta.concrete_fields}
    fields = [f for f in history._meta.concrete_fields if f.attname in tracked]
    if not isinstance(at, Combinable):
        at = models.Value(at, output_field=models.DateTimeField())
    select = (
        queryset.order_by("pk")
        .annotate(
            **{
                HISTORY_DATE: at,
                HISTORY_TYPE: models.Value(
                    history_type, output_field=models.CharField()
                ),
            }
        )
        .values_list(*(f.attname for f in fields), HISTORY_DATE, HISTORY_TYPE)
    )
    sql, params = select.query.sql_with_params()
    quote = connection.ops.quote_name
    columns = ", ".join(
        quote(column)
        for column in [*(f.column for f in fields), "history_date", "history_type"]
    )
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(history._meta.db_table)} ({columns}) {sql}", params
        )
        return cursor.rowcount


def creation_redate(reports: list[Report], at: dt.datetime) -> None:
    """Date the creation records of the reports and their sections `at` (the
    period's opening), not the moment the seed ran: dated after the demo's review
    steps, they would read as everything typed in after the review."""
    pks = [report.pk for report in reports]
    Report.history.filter(id__in=pks, history_type="+").update(history_date=at)
    ReportSection.history.filter(report_id__in=pks, history_type="+").update(
        history_date=at
    )
