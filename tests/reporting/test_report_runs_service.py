"""Report runs made exactly once: asking twice gives one run, the task run twice
gives one set of files and one announcement, a delivery again takes over an
attempt that died, a stale attempt never overwrites a later one, and a failure is
recorded on the run."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import PermissionDenied

from institutions.models import Membership
from reporting.models import Notification, ReportRun, ReportRunFile
from reporting.runs import render
from reporting.services import runs as services
from tests.factories import AuthorityFactory
from tests.reporting.figures_support import accept, country
from tests.reporting.workflow_support import person

pytestmark = pytest.mark.django_db

Kind = ReportRun.Kind


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def accepted():
    reports, casts = country(3)
    for report in reports:
        accept(report, casts[report.pk])
    cast = casts[reports[0].pk]
    return reports[0].period, cast


def _officials() -> int:
    """One announcement each (country() gives each university's cast one)."""
    return Membership.objects.filter(role=Membership.Role.OFFICIAL).count()


def _request(period, user, slot="req-1", kind=Kind.PROGRESS, scope=None):
    return services.report_run_request(
        kind=kind, period=period, scope=scope, slot=slot, user=user
    )


def test_asking_twice_for_the_same_key_gives_one_run(
    accepted, django_capture_on_commit_callbacks
):
    period, cast = accepted
    with django_capture_on_commit_callbacks() as enqueued:
        first = _request(period, cast.official)
    assert len(enqueued) == 1  # the task goes out once the run is committed
    second = _request(period, cast.official)
    assert second.pk == first.pk
    assert ReportRun.objects.count() == 1
    services.report_run_execute(run_id=first.pk)
    with django_capture_on_commit_callbacks() as enqueued:
        again = _request(period, cast.official)
    assert again.pk == first.pk and enqueued == []  # done: nothing more to do


def test_the_task_run_twice_gives_one_set_of_files_and_one_announcement(accepted):
    period, cast = accepted
    other_official = person(Membership.Role.OFFICIAL)
    run = _request(period, cast.official)
    assert services.report_run_execute(run_id=run.pk, task_id="m1") == "done"
    assert services.report_run_execute(run_id=run.pk, task_id="m1") == "skipped"
    run.refresh_from_db()
    assert run.state == ReportRun.State.DONE and run.attempts == 1
    (stored,) = ReportRunFile.objects.filter(run=run)
    content = stored.file.read()
    assert stored.format == "xlsx" and stored.size == len(content)
    assert stored.sha256 == hashlib.sha256(content).hexdigest()
    announced = Notification.objects.filter(report_run=run)
    officials = set(
        Membership.objects.filter(role=Membership.Role.OFFICIAL).values_list(
            "user_id", flat=True
        )
    )
    assert other_official.pk in officials and len(officials) > 1
    assert {n.user_id for n in announced} == officials
    assert announced.count() == len(officials)
    assert cast.reporter.notifications.filter(report_run=run).count() == 0


def test_a_delivery_again_takes_over_an_attempt_that_died(accepted):
    """acks_late: a worker killed half-way leaves its message, which comes again
    with the same id; another message for a run that is running waits."""
    period, cast = accepted
    run = _request(period, cast.official)
    assert services._claim(run.pk, "m1") is not None  # then the worker died
    assert services.report_run_execute(run_id=run.pk, task_id="m2") == "skipped"
    assert services.report_run_execute(run_id=run.pk, task_id="m1") == "done"
    run.refresh_from_db()
    assert run.attempts == 2
    assert ReportRunFile.objects.filter(run=run).count() == 1
    assert Notification.objects.filter(report_run=run).count() == _officials()


def test_a_run_running_too_long_is_taken_over_by_another_message(accepted):
    period, cast = accepted
    run = _request(period, cast.official)
    services._claim(run.pk, "m1")
    ReportRun.objects.filter(pk=run.pk).update(
        started_at=run.queued_at - services.RUNNING_TIMEOUT
    )
    assert services.report_run_execute(run_id=run.pk, task_id="m2") == "done"


def test_an_attempt_taken_over_finishes_nothing(accepted):
    period, cast = accepted
    run = _request(period, cast.official)
    _run, first_claim = services._claim(run.pk, "m1")
    _run, second_claim = services._claim(run.pk, "m1")
    files = {"xlsx": b"first"}
    assert services._finish(run.pk, first_claim, files) == "superseded"
    assert not ReportRunFile.objects.filter(run=run).exists()
    assert services._finish(run.pk, second_claim, {"xlsx": b"second"}) == "done"
    assert ReportRunFile.objects.get(run=run).file.read() == b"second"
    assert Notification.objects.filter(report_run=run).count() == _officials()


def test_a_failure_is_recorded_and_asking_again_retries(
    accepted, monkeypatch, django_capture_on_commit_callbacks
):
    period, cast = accepted
    run = _request(period, cast.official)

    def broken(run):
        raise ValueError("no figures today")

    monkeypatch.setattr(render, "run_files", broken)
    assert services.report_run_execute(run_id=run.pk) == "failed"
    run.refresh_from_db()
    assert run.state == ReportRun.State.FAILED
    assert run.error == "ValueError: no figures today"
    assert not Notification.objects.filter(report_run=run).exists()
    with django_capture_on_commit_callbacks() as enqueued:
        assert _request(period, cast.official).pk == run.pk
    assert len(enqueued) == 1
    monkeypatch.undo()
    assert services.report_run_execute(run_id=run.pk) == "done"


def test_the_snapshot_is_taken_once_on_the_first_start(accepted):
    period, cast = accepted
    run = _request(period, cast.official)
    services._claim(run.pk, "m1")
    run.refresh_from_db()
    first = (run.snapshot_at, set(run.versions.values_list("pk", flat=True)))
    assert len(first[1]) == 3
    services._claim(run.pk, "m1")
    run.refresh_from_db()
    assert (run.snapshot_at, set(run.versions.values_list("pk", flat=True))) == first


def test_who_may_start_which_run(accepted):
    period, cast = accepted
    authority = cast.university.authority
    with pytest.raises(PermissionDenied):
        _request(period, cast.reporter)
    with pytest.raises(PermissionDenied):
        _request(period, cast.reviewer)  # not the nation's report
    with pytest.raises(PermissionDenied):
        _request(period, cast.reviewer, kind=Kind.AUTHORITY, scope=AuthorityFactory())
    run = _request(period, cast.reviewer, kind=Kind.AUTHORITY, scope=authority)
    assert run.authority == authority and run.requested_by == cast.reviewer
    services.report_run_execute(run_id=run.pk)
    announced = set(
        Notification.objects.filter(report_run=run).values_list("user_id", flat=True)
    )
    assert cast.reviewer.pk in announced and cast.official.pk in announced
    assert cast.reporter.pk not in announced


def test_the_task_carries_the_id_and_acknowledges_late():
    from reporting.tasks import report_run_task

    assert report_run_task.acks_late is True
    assert report_run_task.name == "reporting.tasks.report_run_task"
