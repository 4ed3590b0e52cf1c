"""The submission status, defined once (reporting/models/status.py): the database
expression and the rule on one report agree everywhere, and the counts, the filter,
the rows and the report page follow a report through return, withdraw and reopen."""

from __future__ import annotations

import datetime as dt
import importlib
import itertools
import re

import pytest
from django.apps import apps
from django.utils import timezone

from reporting.models import Report, Transition
from reporting.services import workflow
from tests.factories import ReportFactory
from tests.reporting.rows_support import listed_reports, shown_counts
from tests.reporting.workflow_support import walk

State = Report.State
Status = Report.SubmissionStatus
URL = "/reports/"


def _expected(state: str, late: bool, ever_submitted: bool, reopened: bool) -> str:
    """The rule as the design states it, so that agreement is not vacuous."""
    if state == State.ACCEPTED:
        return Status.ACCEPTED
    if state in (State.SUBMITTED, State.PASSED):
        return Status.SUBMITTED_LATE if late else Status.SUBMITTED
    if reopened:
        return Status.REOPENED
    return Status.RETURNED if ever_submitted else Status.NOT_SUBMITTED


@pytest.mark.parametrize(
    ("state", "late", "ever_submitted", "reopened"),
    list(itertools.product(State.values, (False, True), (False, True), (False, True))),
)
def test_the_expression_and_the_property_agree(
    db, state, late, ever_submitted, reopened
):
    report = ReportFactory(
        state=state,
        is_late=late,
        submitted_at=timezone.now() if ever_submitted else None,
        reopened_until=timezone.localdate() if reopened else None,
    )

    annotated = Report.objects.with_submission_status().get(pk=report.pk)

    expected = _expected(state, late, ever_submitted, reopened)
    assert annotated.submission_status_value == expected
    assert report.submission_status == expected
    assert report.submission_status.sent_up == (
        expected in (Status.SUBMITTED, Status.SUBMITTED_LATE, Status.ACCEPTED)
    )


# --- Through the real workflow, read from the page --------------------------------


def _list(client, report: Report, **params):
    return client.get(URL, {"period": report.period_id, **params})


def _status_of_row(response, report: Report) -> str:
    body = response.content.decode()
    row = body.split(f'data-report="{report.pk}"', 1)[1].split("</tr>", 1)[0]
    found = re.search(r'data-testid="submission-status" data-status="(\w+)"', row)
    return found.group(1) if found else ""


def _only(status: str, total: int = 1) -> dict[str, int]:
    counts = dict.fromkeys(["total", *Status.values], 0)
    counts.update({"total": total, status: total})
    return counts


def test_a_returned_report_counts_as_returned_not_submitted(
    ministry_client, cast, report_in_state
):
    report = report_in_state(State.SUBMITTED)
    assert shown_counts(_list(ministry_client, report)) == _only("submitted")

    workflow.report_return(report=report, user=cast.reviewer, comment="Fix A1.")

    response = _list(ministry_client, report)
    assert shown_counts(response) == _only("returned")
    assert _status_of_row(response, report) == "returned"


def test_a_withdrawn_report_counts_as_returned(ministry_client, cast, report_in_state):
    report = report_in_state(State.SUBMITTED)

    workflow.report_withdraw(report=report, user=cast.approver)

    assert Report.objects.get(pk=report.pk).state == State.READY
    assert shown_counts(_list(ministry_client, report)) == _only("returned")


def test_a_reopened_report_counts_as_reopened_until_accepted_again(
    ministry_client, cast, report_in_state
):
    report = report_in_state(State.ACCEPTED)
    assert shown_counts(_list(ministry_client, report)) == _only("accepted")

    workflow.report_reopen(
        report=report, user=cast.official, reason="Typo", until=timezone.localdate()
    )
    response = _list(ministry_client, report)
    assert shown_counts(response) == _only("reopened")
    assert _status_of_row(response, report) == "reopened"

    walk(report, cast, State.SUBMITTED)
    assert shown_counts(_list(ministry_client, report)) == _only("submitted")
    walk(report, cast, State.ACCEPTED)
    assert shown_counts(_list(ministry_client, report)) == _only("accepted")


def test_a_report_awaiting_sign_off_is_not_submitted(ministry_client, report_in_state):
    report = report_in_state(State.READY)

    response = _list(ministry_client, report)

    assert shown_counts(response) == _only("not_submitted")
    assert _status_of_row(response, report) == "not_submitted"


def test_the_list_filters_by_submission_status(ministry_client):
    returned = ReportFactory(submitted_at=timezone.now())
    ReportFactory(period=returned.period)
    ReportFactory(period=returned.period, state=State.SUBMITTED)

    response = _list(ministry_client, returned, status="returned")

    assert listed_reports(response) == [returned]
    assert shown_counts(response) == _only("returned")
    assert "上报状态" in response.content.decode()


# --- The submission date a page shows ---------------------------------------------


def _detail(client, report: Report) -> str:
    response = client.get(f"/reports/{report.pk}/")
    assert response.status_code == 200
    return response.content.decode()


def _shown_submission(body: str) -> str | None:
    found = re.search(r'data-testid="report-submitted-at">([^<]*)<', body)
    return found.group(1) if found else None


def test_the_report_page_shows_the_last_submission(client, cast, report_in_state):
    report = report_in_state(State.SUBMITTED)
    first = timezone.now() - dt.timedelta(days=3)
    Report.objects.filter(pk=report.pk).update(
        submitted_at=first, last_submitted_at=first
    )
    report.refresh_from_db()
    client.force_login(cast.approver)
    shown_first = timezone.localtime(first).strftime("%Y-%m-%d %H:%M")
    assert _shown_submission(_detail(client, report)) == f"于 {shown_first} 上报"

    workflow.report_return(report=report, user=cast.reviewer, comment="Fix A1.")
    body = _detail(client, report)
    assert _shown_submission(body) is None  # back with the university
    assert "退回修改中" in body

    walk(report, cast, State.SUBMITTED)

    fresh = Report.objects.get(pk=report.pk)
    assert fresh.submitted_at == first  # the first submission is kept
    last = Transition.objects.filter(report=report, action="submit").first().at
    assert fresh.last_submitted_at == last > first
    shown_last = timezone.localtime(last).strftime("%Y-%m-%d %H:%M")
    assert _shown_submission(_detail(client, report)) == f"于 {shown_last} 上报"


def test_a_report_never_submitted_shows_not_submitted(client, cast, report):
    client.force_login(cast.reporter)

    body = _detail(client, report)

    assert _shown_submission(body) is None
    assert 'data-status="not_submitted">未上报<' in body


def test_the_migration_fills_the_last_submission_from_the_last_submit(
    cast, report_in_state
):
    migration = importlib.import_module(
        "reporting.migrations.0009_report_last_submitted_at"
    )
    resubmitted = report_in_state(State.SUBMITTED)
    workflow.report_return(report=resubmitted, user=cast.reviewer, comment="Fix.")
    walk(resubmitted, cast, State.SUBMITTED)
    last = Transition.objects.filter(report=resubmitted, action="submit").first().at
    first = timezone.now() - dt.timedelta(days=5)
    without_steps = ReportFactory(state=State.SUBMITTED, submitted_at=first)
    never = ReportFactory()
    Report.objects.update(last_submitted_at=None)

    migration.fill_last_submitted_at(apps, None)

    filled = dict(Report.objects.values_list("pk", "last_submitted_at"))
    assert filled[resubmitted.pk] == last
    assert filled[without_steps.pk] == first
    assert filled[never.pk] is None
