"""The review queue: what waits for each role, oldest first, filters, and passing or
accepting several reports at once with a result line per report."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from institutions.models import Authority, Membership, University
from reporting.models import Report, ReportingPeriod, Transition
from tests.factories import (
    AuthorityFactory,
    MembershipFactory,
    PeriodFactory,
    ReportFactory,
    UniversityFactory,
    UserFactory,
    province,
)

URL = "/reports/queue/"
State = Report.State


@pytest.fixture
def period(db):
    return PeriodFactory(year=2025, current=True)


def waiting(period, state, days: float, university=None, **fields) -> Report:
    """A report that has been in `state` for `days` days."""
    return ReportFactory(
        period=period,
        university=university or UniversityFactory(),
        state=state,
        state_changed_at=timezone.now() - dt.timedelta(days=days),
        **fields,
    )


def listed(response) -> list[Report]:
    """The reports whose rows the queue shows, in the page's order."""
    assert response.status_code == 200
    pks = [
        int(pk)
        for pk in re.findall(
            r'data-testid="queue-row" data-report="(\d+)"', response.content.decode()
        )
    ]
    found = Report.objects.in_bulk(pks)
    return [found[pk] for pk in pks]


def waited(response) -> list[str]:
    """The waiting time each queue row shows."""
    return [
        cell.split("<")[0].strip()
        for cell in re.findall(
            r'data-testid="queue-waiting">(.*?)</td>', response.content.decode(), re.S
        )
    ]


def test_an_approver_sees_the_ready_reports_of_their_university_only(
    approver_client, university, other_university, period
):
    mine = waiting(period, State.READY, 2, university)
    waiting(period, State.READY, 5, other_university)
    old = waiting(
        PeriodFactory(year=2024, state=ReportingPeriod.State.CLOSED),
        State.READY,
        9,
        university,
    )
    waiting(PeriodFactory(year=2023), State.DRAFT, 1, university)

    response = approver_client.get(URL)

    assert listed(response) == [old, mine]  # every period, oldest first
    body = response.content.decode()
    assert university.name_zh in body
    assert other_university.name_zh not in body
    # Approvers confirm each report on its own: no checkboxes, a link per row.
    assert 'data-testid="queue-select"' not in body
    assert body.count('data-testid="queue-open"') == 2


def test_a_reviewer_sees_the_submitted_reports_their_authority_reviews(
    reviewer_client, university, authority, other_university, period
):
    second = UniversityFactory(authority=authority)
    # Co-built: reviewed by its province, merely listed under this authority too.
    co_listed = UniversityFactory(authority=AuthorityFactory())
    co_listed.other_authorities.add(authority)
    a = waiting(period, State.SUBMITTED, 3, university)
    b = waiting(period, State.SUBMITTED, 1, second)
    waiting(period, State.SUBMITTED, 4, co_listed)
    waiting(period, State.SUBMITTED, 6, other_university)
    waiting(period, State.READY, 8, UniversityFactory(authority=authority))
    waiting(period, State.PASSED, 8, UniversityFactory(authority=authority))

    response = reviewer_client.get(URL)

    assert listed(response) == [a, b]
    body = response.content.decode()
    assert body.count('data-testid="queue-select"') == 2
    assert "queue-form" in body
    assert university.name_zh in body and second.name_zh in body
    assert other_university.name_zh not in body
    assert co_listed.name_zh not in body


def test_an_official_sees_every_passed_report(ministry_client, period):
    moe = Authority.objects.get(code="MOE")
    direct = waiting(period, State.PASSED, 1, UniversityFactory(authority=moe))
    provincial = waiting(period, State.PASSED, 2)
    waiting(period, State.SUBMITTED, 3)
    waiting(period, State.ACCEPTED, 4)

    assert listed(ministry_client.get(URL)) == [provincial, direct]


@pytest.mark.parametrize("fixture", ["reporter_client", "expert_client"])
def test_roles_without_a_queue_are_told_why(request, fixture, university, period):
    client = request.getfixturevalue(fixture)
    waiting(period, State.READY, 1, university)
    waiting(period, State.PASSED, 1)

    response = client.get(URL, HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    body = response.content.decode()
    assert 'data-testid="no-queue"' in body
    assert 'data-testid="queue-row"' not in body
    assert "queue-form" not in body
    reason = body.split('data-testid="no-queue">')[1].split("<")[0]
    assert (
        ("approver" in reason) if fixture == "reporter_client" else "Experts" in reason
    )


def test_the_navbar_links_the_queue_for_reviewing_roles_only(approver_client, period):
    home = approver_client.get("/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert 'data-testid="nav-queue"' in home and "待审列表" in home
    reporter = UserFactory()
    MembershipFactory(user=reporter, role=Membership.Role.REPORTER)
    approver_client.force_login(reporter)
    assert 'data-testid="nav-queue"' not in approver_client.get("/").content.decode()


def test_waiting_time_is_shown_in_days(ministry_client, period):
    three = waiting(period, State.PASSED, 3.5)
    never = waiting(period, State.PASSED, 0)
    Report.objects.filter(pk=never.pk).update(state_changed_at=None)

    response = ministry_client.get(URL, HTTP_ACCEPT_LANGUAGE="en")

    assert listed(response) == [never, three]  # unknown counts oldest
    assert waited(response) == ["\u2014", "waiting 3 days"]


def test_the_filters_narrow_the_queue(ministry_client, period):
    henan = province("41")
    local = waiting(period, State.PASSED, 5, UniversityFactory(province=henan))
    late = waiting(period, State.PASSED, 4, is_late=True)
    private = waiting(
        period,
        State.PASSED,
        3,
        UniversityFactory(category=University.Category.PRIVATE),
    )
    old_year = waiting(
        PeriodFactory(year=2024, state=ReportingPeriod.State.CLOSED), State.PASSED, 9
    )

    def pks(**params) -> list[int]:
        return [r.pk for r in listed(ministry_client.get(URL, params))]

    assert pks() == [old_year.pk, local.pk, late.pk, private.pk]
    assert pks(province=henan.pk) == [local.pk]
    assert pks(late="true") == [late.pk]
    assert pks(category="private") == [private.pk]
    assert pks(authority=private.university.authority_id) == [private.pk]
    assert pks(period=period.pk) == [local.pk, late.pk, private.pk]
    assert pks(state="passed") == pks()
    assert pks(q=local.university.name_zh) == [local.pk]
    # The state filter offers the queue's own state only.
    choices = listed_form_choices(ministry_client.get(URL), "state")
    assert choices == ["", "passed"]


def listed_form_choices(response, name: str) -> list[str]:
    return [value for value, _ in response.context["filter"].form.fields[name].choices]


def test_the_queue_pages_by_fifty(ministry_client, period):
    for number in range(51):
        waiting(period, State.PASSED, number)

    first = listed(ministry_client.get(URL))
    second = listed(ministry_client.get(URL, {"page": 2}))

    assert len(first) == 50 and len(second) == 1
    # Oldest first: the one that waited least is left for the second page.
    assert second[0].state_changed_at > first[-1].state_changed_at


# --- Several at once -------------------------------------------------------------------


def result_lines(response) -> list[dict]:
    return response.context["results"]


def test_a_reviewer_passes_several_and_one_is_refused(
    reviewer_client, authority, other_university, period
):
    first, second = (
        waiting(period, State.SUBMITTED, days, UniversityFactory(authority=authority))
        for days in (3, 2)
    )
    locked_period = PeriodFactory(year=2024, state=ReportingPeriod.State.LOCKED)
    frozen = waiting(
        locked_period, State.SUBMITTED, 5, UniversityFactory(authority=authority)
    )
    elsewhere = waiting(period, State.SUBMITTED, 1, other_university)
    returned = waiting(period, State.DRAFT, 1, UniversityFactory(authority=authority))

    shown = reviewer_client.get(URL)
    # The frozen one waits, but its row offers no checkbox.
    assert [r.pk for r in listed(shown)] == [frozen.pk, first.pk, second.pk]
    body = shown.content.decode()
    checkboxes = [f'id="select-{r.pk}"' in body for r in (frozen, first, second)]
    assert checkboxes == [False, True, True]

    response = reviewer_client.post(
        URL,
        {
            "action": "pass",
            "report": [first.pk, frozen.pk, second.pk, elsewhere.pk, returned.pk],
        },
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )

    lines = result_lines(response)
    assert [line["status"] for line in lines] == [
        "done",
        "refused",
        "done",
        "ignored",
        "ignored",
    ]
    assert "locked" in lines[1]["message"]
    assert first.university.name_zh in lines[0]["label"]
    # Nothing of the report outside the scope is named.
    assert other_university.name_zh not in response.content.decode()
    assert response.content.decode().count('data-testid="queue-result"') == 5

    states = dict(Report.objects.values_list("pk", "state"))
    assert states[first.pk] == states[second.pk] == State.PASSED
    assert states[frozen.pk] == states[elsewhere.pk] == State.SUBMITTED
    assert states[returned.pk] == State.DRAFT
    assert Transition.objects.filter(action="pass").count() == 2
    assert set(
        Transition.objects.filter(action="pass").values_list("report", flat=True)
    ) == {first.pk, second.pk}
    # Both left the queue; the results are shown once.
    again = reviewer_client.get(URL)
    assert [r.pk for r in listed(again)] == [frozen.pk]
    assert again.context["results"] is None


def test_a_report_whose_state_changed_meanwhile_is_refused_by_the_service(
    reviewer_client, authority, period, monkeypatch
):
    """Between the queue's query and the service's row lock another reviewer acts:
    the service refuses that one, the rest go through."""
    from reporting.views import queue

    moved = waiting(period, State.SUBMITTED, 3, UniversityFactory(authority=authority))
    kept = waiting(period, State.SUBMITTED, 2, UniversityFactory(authority=authority))
    service = queue.BULK_SERVICES["pass"]

    def racing(*, report, user):
        if report.pk == moved.pk:
            Report.objects.filter(pk=moved.pk).update(state=State.DRAFT)
        return service(report=report, user=user)

    monkeypatch.setitem(queue.BULK_SERVICES, "pass", racing)

    response = reviewer_client.post(
        URL, {"report": [moved.pk, kept.pk]}, HTTP_ACCEPT_LANGUAGE="en", follow=True
    )

    lines = result_lines(response)
    assert [line["status"] for line in lines] == ["refused", "done"]
    assert "Draft" in lines[0]["message"]
    assert Report.objects.get(pk=kept.pk).state == State.PASSED
    assert not Transition.objects.filter(report=moved).exists()


def test_an_official_accepts_several(ministry_client, period):
    reports = [waiting(period, State.PASSED, days) for days in (1, 2, 3)]

    response = ministry_client.post(
        URL + "?late=", {"report": [r.pk for r in reports[:2]]}, follow=True
    )

    assert response.redirect_chain[-1][0] == URL + "?late="
    assert [line["status"] for line in result_lines(response)] == ["done", "done"]
    states = dict(Report.objects.values_list("pk", "state"))
    assert [states[r.pk] for r in reports] == ["accepted", "accepted", "passed"]
    assert reports[0].accepted_versions.count() == 1


def test_nothing_selected_says_so(ministry_client, period):
    response = ministry_client.post(URL, {}, follow=True)

    assert [line["status"] for line in result_lines(response)] == ["ignored"]


@pytest.mark.parametrize("fixture", ["approver_client", "reporter_client"])
def test_roles_without_a_bulk_step_cannot_post(request, fixture, university, period):
    client = request.getfixturevalue(fixture)
    ready = waiting(period, State.READY, 1, university)

    response = client.post(URL, {"report": [ready.pk]})

    assert response.status_code == 403
    assert Report.objects.get(pk=ready.pk).state == State.READY
