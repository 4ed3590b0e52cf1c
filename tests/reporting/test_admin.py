"""The reports' records in the admin: an administrator finds a stuck report, its steps,
its period, its evidence and its notifications, and can change none of them."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting.models import Notification, Report, Transition
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

MODELS = ["report", "reportingperiod", "transition", "evidencefile", "notification"]


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


@pytest.mark.parametrize("model", MODELS)
def test_the_administrator_lists_and_searches_them(admin_client, report, model):
    url = f"/admin/reporting/{model}/"

    response = admin_client.get(url)
    searched = admin_client.get(url, {"q": report.university.code})

    assert response.status_code == 200
    assert searched.status_code == 200
    assert f"{url}add/" not in response.content.decode()


@pytest.mark.parametrize("model", MODELS)
def test_nobody_adds_one_in_the_admin(admin_client, model):
    assert admin_client.get(f"/admin/reporting/{model}/add/").status_code == 403


def test_a_stuck_report_is_found_and_shown_with_its_steps(
    admin_client, report_in_state
):
    stuck = report_in_state(Report.State.SUBMITTED)
    report_in_state(Report.State.DRAFT)

    listed = admin_client.get(
        "/admin/reporting/report/", {"state__exact": Report.State.SUBMITTED}
    ).content.decode()
    page = admin_client.get(f"/admin/reporting/report/{stuck.pk}/change/")

    assert listed.count(f"/admin/reporting/report/{stuck.pk}/change/") == 1
    assert "1 \u8fdb\u5c55\u62a5\u544a" in listed  # "1 progress report" (zh)
    content = page.content.decode()
    assert page.status_code == 200
    assert 'name="_save"' not in content  # read-only: nothing to save
    assert "\u4e3b\u7ba1\u90e8\u95e8\u5ba1\u6838\u4e2d" in content  # its state
    steps = list(stuck.transitions.order_by("at"))
    assert [t.action for t in steps] == ["mark_ready", "submit"]
    for step in steps:
        assert str(step.get_action_display()) in content


def test_a_report_cannot_be_changed_or_deleted_in_the_admin(admin_client, report):
    change = f"/admin/reporting/report/{report.pk}/change/"

    posted = admin_client.post(change, {"state": Report.State.ACCEPTED})
    deleted = admin_client.post(
        f"/admin/reporting/report/{report.pk}/delete/", {"post": "yes"}
    )

    assert posted.status_code == 403
    assert deleted.status_code == 403
    report.refresh_from_db()
    assert report.state == Report.State.DRAFT


def test_steps_and_notifications_show_their_report(admin_client, report_in_state):
    report = report_in_state(Report.State.SUBMITTED)
    step = Transition.objects.filter(report=report).latest("at")
    notification = Notification.objects.filter(report=report).first()
    assert notification is not None

    steps = admin_client.get(f"/admin/reporting/transition/{step.pk}/change/")
    notice = admin_client.get(
        f"/admin/reporting/notification/{notification.pk}/change/"
    )

    assert steps.status_code == notice.status_code == 200
    for response in (steps, notice):
        assert str(report) in response.content.decode()
    assert notification.user.name in notice.content.decode()


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


@pytest.mark.parametrize("model", ["report", "transition", "notification"])
def test_the_lists_cost_the_same_for_one_and_three_reports(
    admin_client, report_in_state, model
):
    url = f"/admin/reporting/{model}/"
    report_in_state(Report.State.SUBMITTED)
    one = _queries(admin_client, url)
    report_in_state(Report.State.SUBMITTED)
    report_in_state(Report.State.SUBMITTED)

    assert _queries(admin_client, url) == one


def test_the_period_list_shows_its_counts(admin_client, report_in_state):
    report = report_in_state(Report.State.SUBMITTED)

    page = admin_client.get("/admin/reporting/reportingperiod/").content.decode()

    assert f"/admin/reporting/reportingperiod/{report.period_id}/change/" in page
    assert '<td class="field-report_count">1</td>' in page
