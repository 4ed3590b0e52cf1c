"""The ministry's period pages: officials change, experts read, others see nothing."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from reporting.models import PeriodEvent, Report, ReportingPeriod
from tests.factories import PeriodFactory, ReportFactory, UniversityFactory

pytestmark = pytest.mark.django_db

BEIJING = ZoneInfo("Asia/Shanghai")
LIST = reverse("reporting:period-list")
CREATE = reverse("reporting:period-create")
State = ReportingPeriod.State


def _detail(period) -> str:
    return reverse("reporting:period-detail", kwargs={"pk": period.pk})


def _create_data(**overrides) -> dict:
    data = {
        "year": "2027",
        "opens_at": "2028-03-01T09:00",
        "due_at": "2028-03-31T17:00",
        "closes_at": "2028-04-30T17:00",
        "late_policy": "refuse",
    }
    return {**data, **overrides}


def test_official_sees_the_list_with_beijing_times_and_counts(ministry_client):
    period = PeriodFactory(
        year=2024,
        state=State.OPEN,
        opens_at=dt.datetime(2025, 3, 1, 0, 0, tzinfo=BEIJING),
        participants=[UniversityFactory(), UniversityFactory()],
    )
    ReportFactory(period=period, university=period.participants.first())

    response = ministry_client.get(LIST)

    assert response.status_code == 200
    row = response.content.decode().split('data-testid="period-row-2024"')[1]
    row = row.split("</tr>")[0]
    # Midnight in Beijing is 16:00 UTC the day before: shown as Beijing time.
    assert "2025-03-01 00:00" in row
    assert "2025-04-30 23:59" in row
    cells = [c.split("</td>")[0].strip() for c in row.split('<td class="num">')[1:]]
    assert cells == ["2", "1"]
    assert reverse("reporting:period-create").encode() in response.content
    assert b'data-testid="period-create"' in response.content


def test_expert_reads_the_list_without_the_create_button(expert_client):
    PeriodFactory(year=2023)

    response = expert_client.get(LIST)

    assert response.status_code == 200
    assert b'data-testid="period-row-2023"' in response.content
    assert b'data-testid="period-create"' not in response.content


def test_official_gets_every_period_page(ministry_client):
    period = PeriodFactory()
    for url in (LIST, CREATE, _detail(period)):
        assert ministry_client.get(url).status_code == 200
    # the steps the expert's read-only page lacks
    assert b'name="action"' in ministry_client.get(_detail(period)).content


@pytest.mark.parametrize("method", ["get", "post"])
def test_expert_may_not_create(expert_client, method):
    response = getattr(expert_client, method)(CREATE, _create_data())
    assert response.status_code == 403
    assert not ReportingPeriod.objects.filter(year=2027).exists()


def test_expert_sees_the_detail_but_any_change_is_forbidden(expert_client):
    period = PeriodFactory()

    page = expert_client.get(_detail(period))
    response = expert_client.post(_detail(period), {"action": "open"})

    assert page.status_code == 200
    assert b'data-testid="period-read-only"' in page.content
    assert b'name="action"' not in page.content
    assert response.status_code == 403
    period.refresh_from_db()
    assert period.state == State.UPCOMING


@pytest.mark.parametrize("role_client", ["reporter_client", "reviewer_client"])
def test_other_roles_do_not_find_the_pages(request, role_client):
    client = request.getfixturevalue(role_client)
    period = PeriodFactory()
    for url in (LIST, CREATE, _detail(period)):
        assert client.get(url).status_code == 404
    assert client.post(_detail(period), {"action": "open"}).status_code == 404


@pytest.mark.parametrize("role_client", ["ministry_client", "expert_client"])
def test_navbar_links_the_periods_for_ministry_roles(request, role_client):
    client = request.getfixturevalue(role_client)
    assert b'data-testid="nav-periods"' in client.get("/").content


def test_navbar_has_no_period_link_for_reporters(reporter_client):
    assert b'data-testid="nav-periods"' not in reporter_client.get("/").content


def test_official_creates_a_period_in_beijing_time(ministry_client):
    response = ministry_client.post(CREATE, _create_data())

    period = ReportingPeriod.objects.get(year=2027)
    assert response.status_code == 302
    assert response["Location"] == _detail(period)
    assert period.opens_at == dt.datetime(2028, 3, 1, 1, 0, tzinfo=dt.UTC)
    assert period.late_policy == "refuse" and period.state == State.UPCOMING
    event = period.events.get()
    assert (event.kind, event.actor) == ("created", ministry_client.user)


def test_create_shows_errors_per_field_and_keeps_the_input(ministry_client):
    PeriodFactory(year=2026)
    response = ministry_client.post(
        CREATE,
        _create_data(year="2026", due_at="2028-02-01T08:30", closes_at="soon"),
    )

    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"year", "due_at", "closes_at"}
    html = response.content.decode()
    assert 'value="2028-02-01T08:30"' in html  # typed input kept
    assert 'value="soon"' in html
    assert "is-invalid" in html
    assert not ReportingPeriod.objects.filter(opens_at__year=2028).exists()


def test_official_opens_a_period_from_the_detail_page(ministry_client):
    university = UniversityFactory()
    period = PeriodFactory(
        opens_at=timezone.now() + dt.timedelta(days=3),
        due_at=timezone.now() + dt.timedelta(days=30),
        closes_at=timezone.now() + dt.timedelta(days=40),
        participants=[university],
    )

    before = ministry_client.get(_detail(period)).content.decode()
    response = ministry_client.post(
        _detail(period), {"action": "open", "open-note": "start early"}, follow=True
    )

    period.refresh_from_db()
    assert period.state == State.OPEN
    assert Report.objects.filter(period=period, university=university).exists()
    html = response.content.decode()
    events = html.split('data-testid="period-events"')[1]
    assert ministry_client.user.name in events and "start early" in events
    assert 'data-testid="period-action-close"' in html  # the next step is offered
    assert 'data-testid="period-action-open"' not in html
    assert 'data-testid="period-action-open"' in before


def test_an_invalid_transition_is_refused_with_the_reason(ministry_client):
    period = PeriodFactory(current=True)

    response = ministry_client.post(_detail(period), {"action": "lock"})

    assert response.status_code == 200
    # Chinese first: the reason in the user's language.
    assert "只有已关闭的填报周期才能锁定" in response.content.decode()
    period.refresh_from_db()
    assert period.state == State.OPEN
    assert not PeriodEvent.objects.filter(period=period).exists()


def test_extend_errors_are_shown_per_field_with_the_input_kept(ministry_client):
    period = PeriodFactory(current=True)
    earlier = timezone.localtime(period.due_at - dt.timedelta(days=2), BEIJING)
    typed = earlier.strftime("%Y-%m-%dT%H:%M")

    response = ministry_client.post(
        _detail(period),
        {
            "action": "extend",
            "extend-due_at": typed,
            "extend-closes_at": "not a time",
            "extend-note": "",
        },
    )

    assert response.status_code == 200
    form = {name: f for name, _label, f in response.context["actions"]}["extend"]
    assert set(form.errors) == {"closes_at", "note"}
    assert f'value="{typed}"' in response.content.decode()

    response = ministry_client.post(
        _detail(period),
        {
            "action": "extend",
            "extend-due_at": typed,
            "extend-closes_at": "2099-01-01T00:00",
            "extend-note": "typhoon",
        },
    )
    form = {name: f for name, _label, f in response.context["actions"]}["extend"]
    assert form.errors["due_at"] == ["延期不能把截止时间提前。"]
    assert f'value="{typed}"' in response.content.decode()
    assert "is-invalid" in response.content.decode()
    assert not period.events.exists()


def test_official_extends_and_the_log_shows_old_and_new_times(ministry_client):
    period = PeriodFactory(current=True)
    old_due = timezone.localtime(period.due_at, BEIJING).strftime("%Y-%m-%d %H:%M")

    response = ministry_client.post(
        _detail(period),
        {
            "action": "extend",
            "extend-due_at": "2099-03-31T17:00",
            "extend-closes_at": "2099-04-30T17:00",
            "extend-note": "typhoon",
        },
        follow=True,
    )

    period.refresh_from_db()
    assert period.due_at == dt.datetime(2099, 3, 31, 17, 0, tzinfo=BEIJING)
    events = response.content.decode().split('data-testid="period-events"')[1]
    assert old_due in events and "2099-03-31 17:00" in events and "typhoon" in events


def test_the_schedule_is_named_in_the_log(ministry_client):
    period = PeriodFactory(current=True)
    PeriodEvent.objects.create(period=period, kind="opened", actor=None)

    response = ministry_client.get(_detail(period))

    assert "系统定时任务" in response.content.decode().split("period-events")[1]


def test_unknown_change_is_a_bad_request(ministry_client):
    period = PeriodFactory()
    assert ministry_client.post(_detail(period), {"action": "burn"}).status_code == 400
