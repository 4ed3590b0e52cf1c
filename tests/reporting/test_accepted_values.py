"""Accepted figures as rows: what report_accept keeps, the version a report counts
(also while it is reopened), and last year's value read from it on this year's form."""

from __future__ import annotations

import datetime as dt
import importlib
from decimal import Decimal

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from initiatives.models import Indicator
from institutions.models import Membership
from reporting.models import AcceptedValue, Report, ReportSection, Value
from reporting.section_input import SectionInput
from reporting.services import workflow
from reporting.services.sections import section_save
from tests.reporting.engine_data import (
    accept_as_is,
    accepted_last_year,
    section_fill,
    value_put,
)
from tests.reporting.form_support import draft_report, field_html, form_url
from tests.reporting.workflow_support import (
    Cast,
    person,
    ready_to_mark,
    university_under,
    walk,
)

pytestmark = pytest.mark.django_db

State = Report.State


@pytest.fixture
def cast(db):
    return Cast(university_under("EDU-11"))


@pytest.fixture
def report(cast):
    """Ready to mark, with A1-01 typed and section O1 (yes/no and date answers)
    filled in."""
    report = ready_to_mark(cast.university)
    ReportSection.objects.filter(report=report, action__code="O1").update(
        is_zero_report=False, zero_note=""
    )
    section_fill(report, "O1")
    return report


def _counted(report: Report) -> dict[str, tuple]:
    """The counting rows of the report: code -> (number, date, yes/no)."""
    rows = AcceptedValue.objects.counting().filter(report=report)
    return {
        row.indicator.code: (row.number, row.date_value, row.bool_value)
        for row in rows.select_related("indicator")
    }


def _reopen(report: Report, cast: Cast) -> None:
    report.period.state = "closed"
    report.period.save(update_fields=["state"])
    workflow.report_reopen(
        report=Report.objects.get(pk=report.pk),
        user=cast.official,
        reason="IND-A1-01 is wrong.",
        until=timezone.localdate() + dt.timedelta(days=5),
    )


def test_accept_keeps_numbers_dates_and_yes_no_answers_as_rows(cast, report):
    walk(report, cast, State.ACCEPTED)

    fresh = Report.objects.get(pk=report.pk)
    version = fresh.counting_version
    assert version is not None and version.transition.action == "accept"
    rows = {row.indicator.code: row for row in version.accepted_values.all()}
    assert rows["IND-A1-01"].number == Decimal(5)
    assert (rows["IND-O1-01"].bool_value, rows["IND-O1-03"].bool_value) == (
        True,
        True,
    )
    assert rows["IND-O1-02"].date_value == dt.date(2024, 3, 1)
    assert {code: row.status for code, row in rows.items()} == dict(
        Value.objects.filter(report=report).values_list("indicator__code", "status")
    )
    assert rows["IND-A1-01"].status == rows["IND-O1-01"].status == "entered"
    assert {(row.university_id, row.period_id) for row in rows.values()} == {
        (report.university_id, report.period_id)
    }
    assert _counted(report)["IND-O1-04"] == (None, dt.date(2024, 3, 1), None)


def test_a_reopened_report_counts_its_accepted_version_until_accepted_again(
    cast, report
):
    walk(report, cast, State.ACCEPTED)
    first = Report.objects.get(pk=report.pk).counting_version
    _reopen(report, cast)
    fresh = Report.objects.get(pk=report.pk)
    section = fresh.sections.get(action__code="A1")
    section_save(
        section=section,
        user=cast.reporter,
        section_input=SectionInput.from_data(
            {"values": {"IND-A1-01": {"raw": "8"}}},
            action_code="A1",
            base_version=section.version,
        ),
    )

    fresh = Report.objects.get(pk=report.pk)
    assert fresh.state == State.DRAFT
    assert fresh.counting_version == first
    assert _counted(report)["IND-A1-01"][0] == Decimal(5)

    walk(fresh, cast, State.ACCEPTED)

    newest = Report.objects.get(pk=report.pk).counting_version
    assert newest != first and newest.revision > first.revision
    assert _counted(report)["IND-A1-01"][0] == Decimal(8)
    assert first.accepted_values.get(indicator__code="IND-A1-01").number == 5


def test_with_last_years_report_reopened_this_years_form_keeps_its_value_and_warning(
    reporter_client, university
):
    report = draft_report(university)
    last = accepted_last_year(report, {"IND-A1-01": "100"})
    workflow.report_reopen(
        report=last,
        user=person(Membership.Role.OFFICIAL),
        reason="IND-A1-01 is wrong.",
        until=timezone.localdate() + dt.timedelta(days=5),
    )
    value_put(last, "IND-A1-01", "40")  # being changed, not accepted again yet
    assert Report.objects.get(pk=last.pk).state == State.DRAFT
    value_put(report, "IND-A1-01", "60")

    field = field_html(
        reporter_client.get(form_url(report)).content.decode(), "IND-A1-01"
    )

    assert 'data-testid="previous-IND-A1-01">100<' in field
    warnings = field.split('data-testid="warnings-IND-A1-01"')[1].split("</ul>")[0]
    assert "低于上年数值（100" in warnings and "存量指标" in warnings


def test_the_migration_reads_dates_and_yes_no_answers_back_from_what_was_typed(db):
    migration = importlib.import_module(
        "reporting.migrations.0007_accepted_values_from_json"
    )
    indicators = {
        i.code: i
        for i in Indicator.objects.filter(
            code__in=["IND-A1-01", "IND-O1-01", "IND-O1-02", "IND-O1-03"]
        )
    }
    snapshot = {
        "IND-A1-01": {"status": "entered", "raw": "1,234", "number": "1234.0000"},
        "IND-O1-01": {"status": "entered", "raw": "yes", "number": None},
        "IND-O1-02": {"status": "entered", "raw": "2024-03-01", "number": None},
        "IND-O1-03": {"status": "na", "raw": "", "number": None},
        "IND-GONE": {"status": "entered", "raw": "1", "number": "1.0000"},
    }

    rows = {
        row["indicator_id"]: row
        for row in migration.snapshot_rows(snapshot, indicators)
    }

    assert len(rows) == 4
    number = rows[indicators["IND-A1-01"].pk]
    assert (number["number"], number["raw"], number["error_code"]) == (
        Decimal(1234),
        "1,234",
        "",
    )
    assert rows[indicators["IND-O1-01"].pk]["bool_value"] is True
    assert rows[indicators["IND-O1-02"].pk]["date_value"] == dt.date(2024, 3, 1)
    not_applicable = rows[indicators["IND-O1-03"].pk]
    assert (not_applicable["status"], not_applicable["bool_value"]) == ("na", None)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_json_snapshots_become_rows_and_back(cast, report):
    walk(report, cast, State.ACCEPTED)
    other = ready_to_mark(university_under("EDU-11"))
    accept_as_is(other)
    kept = {
        pk: sorted(
            AcceptedValue.objects.filter(report_id=pk).values_list(
                "indicator__code", "status", "raw", "number", "date_value", "bool_value"
            )
        )
        for pk in (report.pk, other.pk)
    }
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()

    executor.migrate([("reporting", "0006_accepted_values")])
    old = executor.loader.project_state(("reporting", "0006_accepted_values")).apps
    snapshot = old.get_model("reporting", "AcceptedVersion").objects.get(
        report_id=report.pk
    )
    assert snapshot.values["IND-A1-01"] == {
        "status": "entered",
        "raw": "5",
        "number": "5.0000",
    }
    assert snapshot.values["IND-O1-02"]["raw"] == "2024-03-01"
    # Changed since the acceptance: the rows come from the JSON (dates and yes/no
    # read back from what was typed), not from the live values; the other report's
    # come from its live values.
    old.get_model("reporting", "Report").objects.filter(pk=report.pk).update(
        revision=99
    )
    old.get_model("reporting", "Value").objects.filter(report_id=report.pk).update(
        raw="7", date_value=None, bool_value=None
    )
    assert (
        not old.get_model("reporting", "Report")
        .objects.filter(counting_version__isnull=False)
        .exists()
    )

    executor = MigrationExecutor(connection)
    executor.migrate(leaves)

    for pk in (report.pk, other.pk):
        counted = Report.objects.get(pk=pk).counting_version
        rows = counted.accepted_values.values_list(
            "indicator__code", "status", "raw", "number", "date_value", "bool_value"
        )
        assert sorted(rows) == kept[pk]
