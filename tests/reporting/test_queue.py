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


ROW = re.compile(r'<tr data-testid="queue-row" data-report="(\d+)">(.*?)</tr>', re.S)
WAITING = re.compile(r'data-testid="queue-waiting">([^<]*)<')


def shown_rows(response) -> list[tuple[int, str]]:
    """Each row of the queue table as the page shows it: (report pk, row HTML)."""
    assert response.status_code == 200
    return [(int(pk), html) for pk, html in ROW.findall(response.content.decode())]


def listed(response) -> list[Report]:
    ids = [pk for pk, _ in shown_rows(response)]
    reports = Report.objects.in_bulk(ids)
    return [reports[pk] for pk in ids]


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
    waits = [WAITING.search(html).group(1) for _, html in shown_rows(response)]
    assert waits == ["—", "waiting 3 days"]  # unknown counts oldest
    assert "waiting 3 days" in response.content.decode()


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
    selectable = ['data-testid="queue-select"' in html for _, html in shown_rows(shown)]
    assert selectable == [False, True, True]

    response = reviewer_client.post(
        URL,
        {
            "action": "pass",
            "report": [first.pk, frozen.pk, second.pk, elsewhere.pk, returned.pk],
            "confirmed": "yes",
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
    from reporting.services import bulk

    moved = waiting(period, State.SUBMITTED, 3, UniversityFactory(authority=authority))
    kept = waiting(period, State.SUBMITTED, 2, UniversityFactory(authority=authority))
    service = bulk.BULK_SERVICES["pass"]

    def racing(*, report, user):
        if report.pk == moved.pk:
            Report.objects.filter(pk=moved.pk).update(state=State.DRAFT)
        return service(report=report, user=user)

    monkeypatch.setitem(bulk.BULK_SERVICES, "pass", racing)

    response = reviewer_client.post(
        URL,
        {"report": [moved.pk, kept.pk], "confirmed": "yes"},
        HTTP_ACCEPT_LANGUAGE="en",
        follow=True,
    )

    lines = result_lines(response)
    assert [line["status"] for line in lines] == ["refused", "done"]
    assert "Draft" in lines[0]["message"]
    assert Report.objects.get(pk=kept.pk).state == State.PASSED
    assert not Transition.objects.filter(report=moved).exists()


def test_an_official_accepts_several(ministry_client, period):
    reports = [waiting(period, State.PASSED, days) for days in (1, 2, 3)]

    response = ministry_client.post(
        URL + "?late=",
        {"report": [r.pk for r in reports[:2]], "confirmed": "yes"},
        follow=True,
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


def test_the_queue_read_serves_any_caller_and_orders_the_oldest_first(
    authority, university, period
):
    """`Report.objects.queue_for(...).waiting_first()` is the queue an API or a
    reminder task reads: the same reports, in the same order, as the page."""
    recent = waiting(period, State.SUBMITTED, 1, university)
    old = waiting(period, State.SUBMITTED, 4, UniversityFactory(authority=authority))
    waiting(period, State.READY, 9, UniversityFactory(authority=authority))
    membership = MembershipFactory(
        role=Membership.Role.REVIEWER, university=None, authority=authority
    )
    reviewer = membership.user

    queue = Report.objects.queue_for(reviewer, membership).waiting_first()

    assert list(queue) == [old, recent]
    assert Report.objects.queue_for(reviewer, None).count() == 0


def test_the_bulk_service_reports_each_report_without_naming_outsiders(
    authority, period
):
    """A script or task calls the service directly and gets typed results."""
    from reporting.services.bulk import reports_bulk_step

    membership = MembershipFactory(
        role=Membership.Role.REVIEWER, university=None, authority=authority
    )
    mine = waiting(period, State.SUBMITTED, 2, UniversityFactory(authority=authority))
    other = waiting(period, State.SUBMITTED, 2)
    queue = Report.objects.queue_for(membership.user, membership)

    results = reports_bulk_step(
        user=membership.user,
        action=Transition.Action.PASS,
        report_ids=[mine.pk, other.pk],
        queue=queue,
    )

    assert [(r.report_id, r.status) for r in results] == [
        (mine.pk, "done"),
        (other.pk, "ignored"),
    ]
    assert results[1].report is None
    assert Report.objects.get(pk=mine.pk).state == State.PASSED
    assert Report.objects.get(pk=other.pk).state == State.SUBMITTED


def test_the_roles_with_a_queue_are_those_a_report_waits_for():
    from reporting.routing import QUEUE_STATES

    assert set(Membership.QUEUE_ROLES) == set(QUEUE_STATES)
    for role in Membership.Role:
        membership = Membership(role=role)
        assert membership.has_queue == (role in QUEUE_STATES)
        assert membership.is_university == (role in ("reporter", "approver"))
