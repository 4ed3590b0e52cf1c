"""The queue costs the same number of queries for 3 and for 30 waiting reports."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reporting.models import Report, Transition
from tests.factories import (
    AuthorityFactory,
    PeriodFactory,
    ReportFactory,
    UniversityFactory,
    UserFactory,
    province,
)

URL = "/reports/queue/"
PROVINCES = ("11", "12", "31", "44", "65")
WAITING = {
    "approver_client": Report.State.READY,
    "reviewer_client": Report.State.SUBMITTED,
    "ministry_client": Report.State.PASSED,
}


def add_waiting(
    state, count: int, *, period=None, university=None, authority=None
) -> None:
    """Reports waiting in `state`, each with a transition into it, across provinces;
    an approver's all belong to one university, so they span the years."""
    actor = UserFactory()
    for number in range(count):
        report = ReportFactory(
            period=period or PeriodFactory(),
            university=university
            or UniversityFactory(
                authority=authority or AuthorityFactory(),
                province=province(PROVINCES[number % len(PROVINCES)]),
            ),
            state=state,
            is_late=number % 3 == 0,
            state_changed_at=timezone.now() - dt.timedelta(hours=number),
        )
        Transition.objects.create(
            report=report,
            action="submit",
            from_state="ready",
            to_state=state,
            actor=actor,
            actor_role="approver",
            revision=0,
        )


def queries(client, expected_rows: int, url: str = URL) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    assert response.content.decode().count('data-testid="queue-row"') == expected_rows
    return len(captured)


@pytest.mark.parametrize("client_fixture", sorted(WAITING))
@pytest.mark.parametrize("url", [URL, URL + "?state=&late=&q=U"])
def test_the_queue_costs_the_same_for_3_and_30_reports(
    request, client_fixture, url, university, authority
):
    client = request.getfixturevalue(client_fixture)
    state = WAITING[client_fixture]
    scope = (
        {"university": university}
        if client_fixture == "approver_client"
        else {"authority": authority, "period": PeriodFactory(year=2025, current=True)}
    )

    add_waiting(state, 3, **scope)
    small = queries(client, 3, url)
    add_waiting(state, 27, **scope)
    large = queries(client, 30, url)

    assert large == small
