"""The notifications page, opening a notification, "mark all read", and the navbar's
unread count."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting.models import Notification, Report
from tests.reporting.workflow_support import walk
from tests.reporting.workflow_views_support import client_for, report_url, step_url

pytestmark = pytest.mark.django_db

LIST = "/reports/notifications/"
State = Report.State


def _badge(html: str) -> str | None:
    match = re.search(r'data-testid="unread-badge">(\d+)<', html)
    return match.group(1) if match else None


def _returned(cast, report) -> Report:
    walk(report, cast, State.SUBMITTED)
    client_for(cast.reviewer).post(step_url(report, "return"), {"comment": "See A1."})
    return report


def test_the_approver_is_told_in_chinese_that_a_report_awaits_sign_off(cast, report):
    client_for(cast.reporter).post(step_url(report, "mark_ready"))
    approver = client_for(cast.approver, "zh-hans")

    html = approver.get(LIST).content.decode()

    assert html.count('data-testid="notification"') == 1
    assert f"{cast.reporter.name} 已将报告提交审核，等待您审核签发。" in html
    assert cast.university.name_zh in html
    assert _badge(html) == "1"


def test_the_description_follows_the_users_language(cast, report):
    _returned(cast, report)

    html = client_for(cast.reporter, "en").get(LIST).content.decode()

    assert f"{cast.reviewer.name} returned the report for changes" in html
    assert "See A1." in html


def test_notifications_are_listed_newest_first_and_paginated(cast, report):
    for number in range(25):
        Notification.objects.create(
            user=cast.reporter, report=report, kind=f"note-{number:02d}"
        )
    reporter = client_for(cast.reporter)

    first = reporter.get(LIST).content.decode()
    second = reporter.get(LIST + "?page=2").content.decode()

    assert first.count('data-testid="notification"') == 20
    assert second.count('data-testid="notification"') == 5
    assert first.index("note-24") < first.index("note-23")
    assert "note-00" in second and "note-00" not in first


def test_opening_a_notification_marks_it_read_and_leads_to_its_report(cast, report):
    _returned(cast, report)
    notification = Notification.objects.get(user=cast.reporter)
    reporter = client_for(cast.reporter)
    assert _badge(reporter.get(report_url(report)).content.decode()) == "1"

    response = reporter.get(f"/reports/notifications/{notification.pk}/open/")

    assert response.status_code == 302 and response["Location"] == report_url(report)
    notification.refresh_from_db()
    assert notification.read_at is not None
    assert _badge(reporter.get(report_url(report)).content.decode()) is None


def test_someone_elses_notification_does_not_exist(cast, report, outsider_client):
    _returned(cast, report)
    notification = Notification.objects.get(user=cast.reporter)

    for client in (client_for(cast.approver), outsider_client):
        url = f"/reports/notifications/{notification.pk}/open/"
        assert client.get(url).status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


def test_others_notifications_are_not_listed(cast, report):
    _returned(cast, report)  # the reporter, the approver and the reviewer are told
    assert Notification.objects.exclude(user=cast.official).count() >= 3

    html = client_for(cast.official).get(LIST).content.decode()

    assert 'data-testid="notification"' not in html
    assert 'data-testid="no-notifications"' in html


def test_a_notification_whose_report_is_out_of_sight_leads_back_to_the_list(
    cast, report
):
    walk(report, cast, State.SUBMITTED)  # the reviewer is told
    notification = Notification.objects.get(user=cast.reviewer)
    client_for(cast.approver).post(step_url(report, "withdraw"))  # back to ready

    response = client_for(cast.reviewer).get(
        f"/reports/notifications/{notification.pk}/open/"
    )

    assert response.status_code == 302 and response["Location"] == LIST


def test_mark_all_read(cast, report):
    _returned(cast, report)
    Notification.objects.create(user=cast.reporter, report=report, kind="return")
    others = Notification.objects.filter(user=cast.approver)
    assert others.unread().exists()
    reporter = client_for(cast.reporter)
    assert 'data-testid="read-all"' in reporter.get(LIST).content.decode()

    assert reporter.get("/reports/notifications/read-all/").status_code == 405
    response = reporter.post("/reports/notifications/read-all/")

    assert response.status_code == 302 and response["Location"] == LIST
    assert not Notification.objects.unread().filter(user=cast.reporter).exists()
    assert not others.exclude(read_at=None).exists()  # only the user's own
    html = reporter.get(LIST).content.decode()
    assert 'data-testid="read-all"' not in html and _badge(html) is None


def test_the_badge_costs_one_query_and_none_for_anonymous_visitors(
    cast, report, client
):
    _returned(cast, report)
    reporter = client_for(cast.reporter)
    reporter.get("/plan/")  # warm the session

    with CaptureQueriesContext(connection) as captured:
        html = reporter.get("/plan/").content.decode()
    counted = [q for q in captured if "reporting_notification" in q["sql"]]

    assert _badge(html) == "1"
    assert len(counted) == 1
    with CaptureQueriesContext(connection) as anonymous:
        client.get("/plan/")
    assert not [q for q in anonymous if "reporting_notification" in q["sql"]]


def test_anonymous_visitors_are_sent_to_log_in(client, db):
    response = client.get(LIST)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_mail_says_what_the_notification_list_says(cast, report):
    from django.core import mail

    from reporting.services.notifications import notification_mail

    client_for(cast.reporter).post(step_url(report, "mark_ready"))
    notification = Notification.objects.get(user=cast.approver)
    sentence = f"{cast.reporter.name} 已将报告提交审核，等待您审核签发。"
    html = client_for(cast.approver, "zh-hans").get(LIST).content.decode()

    assert notification_mail(notification_id=notification.pk)

    assert sentence in html
    assert sentence in mail.outbox[0].body
    assert cast.university.name_zh in mail.outbox[0].body
