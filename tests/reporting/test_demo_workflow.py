"""seed_demo's review workflow: 2025 reports in every state, so that every demo role
finds work waiting; real transitions and notifications, backdated; idempotent, and
mailing nobody."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from institutions.demo import DEMO_UNIVERSITY, demo_seed
from reporting.demo.workflow import PLAN, texts
from reporting.models import (
    AcceptedVersion,
    FieldComment,
    Notification,
    Report,
    Transition,
)
from tests.reporting.rows_support import listed_reports

QUEUE = "/reports/queue/"


pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("demo-workflow")]


@pytest.fixture
def seeded(demo_seeded, db, settings):
    """The whole demo seed, run once for this module (tests/conftest.py); what it
    leaves for after the commit (mail) ran too. How long it takes: `make bench`."""
    settings.DEBUG = True
    return demo_seeded


def login(client, username: str):
    client.force_login(User.objects.get(username=username))
    return client


def queue_rows(client) -> list[Report]:
    return listed_reports(client.get(QUEUE), "queue-row")


def test_every_state_is_there_through_real_steps(seeded):
    reports = Report.objects.filter(period__year=2025).select_related("period")
    assert set(reports.values_list("state", flat=True)) == set(Report.State.values)
    assert reports.filter(state="accepted").count() >= 2
    for report in reports.filter(university__code__in=[*PLAN, DEMO_UNIVERSITY]):
        steps = list(report.transitions.order_by("at", "id"))
        assert steps, report
        # a chain: each step starts where the one before ended, and ends in the state
        assert steps[0].from_state == "draft"
        for before, after in zip(steps, steps[1:], strict=False):
            assert before.to_state == after.from_state
            assert before.at < after.at
        assert steps[-1].to_state == report.state
        assert report.state_changed_at == steps[-1].at
        # in the past, after the period opened, as the queues should show them
        assert report.period.opens_at < steps[0].at <= steps[-1].at < report.updated_at
        if report.state not in ("draft", "ready"):
            submit = next(step for step in steps if step.action == "submit")
            assert submit.confirmed_unclassified
            assert report.submitted_at == submit.at
            last = [step for step in steps if step.action == "submit"][-1]
            assert report.last_submitted_at == last.at
    for report in reports.filter(state="accepted"):
        version = AcceptedVersion.objects.get(report=report)
        assert version.accepted_values.count() > 50
        assert report.counting_version == version
    # Ministry universities skip the authority; Beijing's go through it.
    tsinghua = reports.get(university__code="4111010003")
    assert [t.action for t in tsinghua.transitions.order_by("at")] == [
        "mark_ready",
        "submit",
    ]
    assert tsinghua.state == "passed"


def test_the_reviewer_and_the_official_find_reports_waiting(seeded, client):
    reviewer_queue = queue_rows(login(client, "reviewer@example.com"))
    assert len(reviewer_queue) >= 2
    assert {r.state for r in reviewer_queue} == {"submitted"}
    assert {r.university.authority.code for r in reviewer_queue} == {"EDU-11"}
    since = [r.state_changed_at for r in reviewer_queue]
    assert since == sorted(since)  # the longest waiting first
    assert (timezone.now() - since[0]).days >= 3
    # Submitted reports under other authorities wait elsewhere.
    assert Report.objects.filter(
        period__year=2025, state="submitted", university__code="4165010759"
    ).exists()
    assert "4165010759" not in {r.university.code for r in reviewer_queue}
    notified = Notification.objects.unread().filter(
        user__username="reviewer@example.com"
    )
    assert {n.report_id for n in notified} == {r.pk for r in reviewer_queue}

    official_queue = queue_rows(login(client, "official@example.com"))
    assert len(official_queue) >= 2
    codes = {r.university.code for r in official_queue}
    assert {"4111010003", "4111010001", "4111010025"} <= codes
    passed_by_reviewer = Report.objects.get(
        period__year=2025, university__code="4111010025"
    )
    assert passed_by_reviewer.transitions.filter(
        action="pass", actor__username="reviewer@example.com"
    ).exists()
    # the reviewer read the notification of the report they passed since
    assert not Notification.objects.unread().filter(
        user__username="reviewer@example.com", report=passed_by_reviewer
    )


def test_the_university_finds_its_report_returned_with_comments(seeded, client):
    report = Report.objects.get(period__year=2025, university__code=DEMO_UNIVERSITY)
    assert report.state == "draft"
    returned = report.transitions.filter(action="return").get()
    assert returned.actor.username == "reviewer@example.com"
    assert returned.comment == texts()["return_comment"]
    comments = FieldComment.objects.filter(transition=returned)
    assert comments.count() == 2
    value_comment = comments.get(indicator__isnull=False)
    assert value_comment.section.action.code == "A1"
    # the reporter has worked on it since the return
    assert report.values.filter(updated_at__gt=returned.at).exists()

    for username in ("reporter@example.com", "approver@example.com"):
        assert Notification.objects.unread().filter(
            user__username=username, transition=returned
        )
    reporter = login(client, "reporter@example.com")
    form = reporter.get(
        reverse("reporting:report-form", args=[report.pk]) + "?section=A1"
    )
    assert form.status_code == 200
    assert value_comment.text in form.content.decode()
    current = reporter.get("/reports/current/").content.decode()
    assert f'href="/reports/{report.pk}/form/"' in current
    # Reporters have no queue; the page says why.
    assert 'data-testid="no-queue"' in reporter.get(QUEUE).content.decode()

    approver = login(client, "approver@example.com")
    assert approver.get(QUEUE).status_code == 200
    home = approver.get("/")
    assert report in listed_reports(home)


def test_a_second_run_changes_nothing_and_nobody_was_mailed(seeded):
    def snapshot():
        return (
            User.objects.count(),
            sorted(Transition.objects.values_list("pk", "at")),
            Notification.objects.count(),
            Notification.objects.unread().count(),
            FieldComment.objects.count(),
            sorted(Report.objects.values_list("pk", "state", "state_changed_at")),
        )

    before = snapshot()
    # seeding "sent" the mail of returns and acceptances at their time: none now
    assert seeded.mails_sent == 0
    assert len(mail.outbox) == 0
    assert not Notification.objects.filter(
        kind__in=["return", "accept"], mailed_at__isnull=True
    ).exists()

    demo_seed()

    assert snapshot() == before
