"""Notifications go to whoever must act next; mail goes out only for returns and
acceptances, and only once the transaction has committed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from institutions.models import Authority, Membership
from reporting.models import Notification, Report
from reporting.services import workflow
from reporting.tasks import notifications_mail_task
from tests.reporting.workflow_support import (
    Cast,
    person,
    ready_to_mark,
    university_under,
    walk,
)

pytestmark = pytest.mark.django_db

Role = Membership.Role
State = Report.State


@pytest.fixture
def university(db):
    """On the provincial route: under the authority EDU-11 (loaded by migration)."""
    return university_under("EDU-11")


@pytest.fixture
def cast(cast):
    """The people around the university, and some who must hear nothing."""
    # People who must never hear of this report's steps.
    other = university_under("EDU-11")
    cast.strangers = {
        person(Role.REPORTER, university=other),
        person(Role.APPROVER, university=other),
        person(Role.REVIEWER, authority=Authority.objects.get(code="EDU-12")),
    }
    cast.second_approver = person(Role.APPROVER, university=cast.university)
    cast.former_approver = person(Role.APPROVER, university=cast.university)
    Membership.objects.filter(user=cast.former_approver).update(is_active=False)
    return cast


def _told(transition) -> set:
    return {n.user for n in Notification.objects.filter(transition=transition)}


def _return(report, user, **kwargs):
    return workflow.report_return(
        report=report,
        user=user,
        comment=kwargs.get("comment", "Please check the count of majors."),
        field_comments=kwargs.get(
            "field_comments",
            [
                {
                    "section": "A1",
                    "indicator": "IND-A1-01",
                    "field": "value",
                    "text": "Twelve, not five?",
                }
            ],
        ),
    )


def test_marking_ready_tells_the_approvers(cast, report):
    transition = workflow.report_mark_ready(report=report, user=cast.reporter)

    assert _told(transition) == {cast.approver, cast.second_approver}
    notification = Notification.objects.filter(transition=transition).first()
    assert (notification.kind, notification.report) == ("mark_ready", report)
    assert notification.read_at is None and notification.mailed_at is None


def test_submitting_tells_the_reviewers_of_the_authority(cast, report):
    walk(report, cast, State.READY)

    transition = workflow.report_submit(
        report=report, user=cast.approver, confirm_unclassified=True
    )

    assert _told(transition) == {cast.reviewer}


def test_a_submission_that_skips_the_authority_tells_the_officials():
    cast = Cast(university_under("MOE"))
    report = ready_to_mark(cast.university)
    walk(report, cast, State.READY)

    transition = workflow.report_submit(
        report=report, user=cast.approver, confirm_unclassified=True
    )

    assert _told(transition) == {cast.official}  # experts never act


def test_passing_tells_the_officials(cast, report):
    walk(report, cast, State.SUBMITTED)

    assert _told(workflow.report_pass(report=report, user=cast.reviewer)) == {
        cast.official
    }


@pytest.mark.parametrize("state", [State.SUBMITTED, State.ACCEPTED])
def test_returns_acceptances_and_reopenings_tell_the_university(cast, report, state):
    walk(report, cast, state)
    if state == State.SUBMITTED:
        transition = _return(report, cast.reviewer)
    else:
        transition = workflow.report_reopen(
            report=report,
            user=cast.official,
            reason="Correct A1.",
            until=timezone.localdate() + dt.timedelta(days=3),
        )

    university = {cast.reporter, cast.approver, cast.second_approver}
    assert _told(transition) == university
    assert not _told(transition) & cast.strangers


def test_an_approver_who_returns_is_not_told_of_their_own_return(cast, report):
    walk(report, cast, State.READY)

    transition = _return(report, cast.approver)

    assert _told(transition) == {cast.reporter, cast.second_approver}


def test_withdrawing_tells_nobody(cast, report):
    walk(report, cast, State.READY)

    transition = workflow.report_withdraw(report=report, user=cast.reporter)

    assert _told(transition) == set()


def test_a_return_is_mailed_after_the_commit(
    cast, report, django_capture_on_commit_callbacks
):
    walk(report, cast, State.SUBMITTED)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        transition = _return(report, cast.reviewer)
    assert mail.outbox == []  # nothing before the commit
    assert len(callbacks) == 1
    callbacks[0]()

    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted(
        user.email for user in (cast.reporter, cast.approver, cast.second_approver)
    )
    message = mail.outbox[0]
    assert "Please check the count of majors." in message.body
    assert "Twelve, not five?" in message.body
    assert f"/reports/{report.pk}/" in message.body
    assert report.university.name_zh in message.subject
    assert message.subject.startswith("报告已退回修改")  # in the portal's language
    assert "\n" not in message.subject
    mailed = Notification.objects.filter(transition=transition)
    assert all(n.mailed_at is not None for n in mailed)


def test_an_acceptance_is_mailed(cast, report, django_capture_on_commit_callbacks):
    walk(report, cast, State.PASSED)

    with django_capture_on_commit_callbacks(execute=True):
        workflow.report_accept(report=report, user=cast.official, comment="Fine.")

    assert len(mail.outbox) == 3
    assert "Fine." in mail.outbox[0].body


def test_other_steps_are_not_mailed(cast, report, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        walk(report, cast, State.PASSED)
        workflow.report_cancel_pass(report=report, user=cast.reviewer)

    assert callbacks == []
    assert mail.outbox == []
    assert Notification.objects.filter(mailed_at__isnull=False).count() == 0


def test_a_rolled_back_return_mails_nothing(
    cast, report, django_capture_on_commit_callbacks
):
    walk(report, cast, State.SUBMITTED)

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            _return(report, cast.reviewer)
            raise RuntimeError("the view failed after the service")

    assert callbacks == []
    assert mail.outbox == []
    assert Report.objects.get(pk=report.pk).state == State.SUBMITTED


def test_the_mail_task_is_safe_to_run_twice(
    cast, report, django_capture_on_commit_callbacks
):
    walk(report, cast, State.SUBMITTED)
    with django_capture_on_commit_callbacks(execute=True):
        transition = _return(report, cast.reviewer)
    ids = list(
        Notification.objects.filter(transition=transition).values_list("pk", flat=True)
    )
    assert len(mail.outbox) == 3

    assert notifications_mail_task(ids) == 0

    assert len(mail.outbox) == 3


def test_the_mail_task_sends_what_a_failed_run_left(cast, report):
    walk(report, cast, State.SUBMITTED)
    transition = _return(report, cast.reviewer)  # no commit callbacks run here
    notifications = list(Notification.objects.filter(transition=transition))
    first = notifications[0]
    first.mailed_at = timezone.now()
    first.save()

    sent = notifications_mail_task([n.pk for n in notifications])

    assert sent == len(notifications) - 1
    assert first.user.email not in [message.to[0] for message in mail.outbox]
