"""Report runs (issue 15): asked for once per key, made by a task that may be
delivered twice or die half-way, finished once, announced once."""

from __future__ import annotations

import datetime as dt
import hashlib
import logging
import uuid

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from institutions.models import Authority, Membership

from ..models import Notification, ReportingPeriod, ReportRun, ReportRunFile

logger = logging.getLogger(__name__)

# A run "running" for longer than this without finishing is taken to be dead
# (its worker killed), and another delivery of a task may take it over.
RUNNING_TIMEOUT = dt.timedelta(minutes=20)
NOTIFICATION_KIND = "report_run"


def report_run_request(
    *,
    kind: str,
    period: ReportingPeriod,
    scope: Authority | None,
    slot: str,
    user=None,
    schedule: str = "",
) -> ReportRun:
    """The run of this key (kind, period, scope, slot), made if new and enqueued
    after commit; asking again returns the same run (enqueued again only while it
    is queued or failed: the task does nothing for a run that is done or
    running). A user asks in their own right (`requestable_by`); a schedule by its
    name."""
    if kind == ReportRun.Kind.AUTHORITY and scope is None:
        raise ValidationError(_("An authority report needs an authority."))
    if user is not None:
        allowed = ReportRun.objects.requestable_by(user)
        if kind not in allowed.get("kinds", ()) or (
            getattr(allowed.get("authority"), "pk", None) != getattr(scope, "pk", None)
        ):
            raise PermissionDenied(_("You may not start this report."))
    elif not schedule:
        raise ValidationError(_("A run is asked for by a user or a schedule."))
    key = {"kind": kind, "period": period, "authority": scope, "slot": slot}
    try:
        with transaction.atomic():
            run, created = ReportRun.objects.get_or_create(
                **key, defaults={"requested_by": user, "schedule": schedule}
            )
    except IntegrityError:  # another request made it between get and create
        run, created = ReportRun.objects.get(**key), False
    if created or run.state in (ReportRun.State.QUEUED, ReportRun.State.FAILED):
        report_run_enqueue(run.pk)
    return run


def report_run_enqueue(run_id: int) -> None:
    from ..tasks import report_run_task

    transaction.on_commit(lambda: report_run_task.delay(run_id))


def _claim(run_id: int, task_id: str) -> tuple[ReportRun, str] | None:
    """Take the run for this attempt, or None when there is nothing to do: it is
    done, or another live attempt holds it. The snapshot is taken on the first
    claim only."""
    with transaction.atomic():
        run = ReportRun.objects.select_for_update().filter(pk=run_id).first()
        if run is None or run.state == ReportRun.State.DONE:
            return None
        now = timezone.now()
        if run.state == ReportRun.State.RUNNING:
            same_message = task_id and run.task_id == task_id
            stale = run.started_at is None or now - run.started_at > RUNNING_TIMEOUT
            if not (same_message or stale):
                return None
        claim = uuid.uuid4().hex
        run.state = ReportRun.State.RUNNING
        run.started_at = now
        run.attempts += 1
        run.task_id = task_id or ""
        run.claim = claim
        run.error = ""
        if run.snapshot_at is None:
            if run.kind != ReportRun.Kind.WEEKLY_STATUS:
                versions = counting_versions_up_to(run.period)
                run.versions.set(list(versions.values_list("pk", flat=True)))
            run.snapshot_at = now
        run.save()
        return run, claim


def counting_versions_up_to(period: ReportingPeriod):
    """The counting accepted versions of the period and every earlier one (the
    earlier ones give the target paths' baselines)."""
    from ..models import AcceptedVersion, Report

    counting = Report.objects.filter(
        period__year__lte=period.year, counting_version__isnull=False
    )
    return AcceptedVersion.objects.filter(pk__in=counting.values("counting_version_id"))


def report_run_execute(*, run_id: int, task_id: str = "") -> str:
    """Make the run's files, store them with size and SHA-256, and announce it:
    safe to run twice and at once. Returns the state the run was left in (or
    "skipped")."""
    from ..runs.render import run_files

    claimed = _claim(run_id, task_id)
    if claimed is None:
        return "skipped"
    run, claim = claimed
    try:
        files = run_files(run)
    except Exception as exc:  # recorded on the run, which the page shows
        logger.exception("report run %s failed", run_id)
        with transaction.atomic():
            locked = ReportRun.objects.select_for_update().get(pk=run_id)
            if locked.claim == claim:
                locked.state = ReportRun.State.FAILED
                locked.error = f"{type(exc).__name__}: {exc}"[:2000]
                locked.finished_at = timezone.now()
                locked.save(update_fields=["state", "error", "finished_at"])
        return ReportRun.State.FAILED
    return _finish(run_id, claim, files)


def _finish(run_id: int, claim: str, files: dict[str, bytes]) -> str:
    with transaction.atomic():
        run = (
            ReportRun.objects.select_for_update()
            .select_related("period")
            .get(pk=run_id)
        )
        if run.claim != claim or run.state != ReportRun.State.RUNNING:
            return "superseded"  # a later attempt took over: its files count
        for old in ReportRunFile.objects.filter(run=run):
            old.file.delete(save=False)
            old.delete()
        for fmt, content in sorted(files.items()):
            stored = ReportRunFile(
                run=run,
                format=fmt,
                size=len(content),
                sha256=hashlib.sha256(content).hexdigest(),
            )
            stored.file.save(f"{run.kind}.{fmt}", ContentFile(content), save=False)
            stored.save()
        run.state = ReportRun.State.DONE
        run.finished_at = timezone.now()
        run.save(update_fields=["state", "finished_at"])
        report_run_announce(run)
    return ReportRun.State.DONE


def report_run_announce(run: ReportRun) -> int:
    """Tell the ministry's officials (and, for an authority's run, its reviewers)
    that the run is done: once, under the run's row lock (the caller holds it)."""
    if run.announced_at is not None:
        return 0
    memberships = Membership.objects.filter(
        is_active=True, role=Membership.Role.OFFICIAL
    )
    if run.authority_id:
        memberships = memberships | Membership.objects.filter(
            is_active=True,
            role__in=Membership.AUTHORITY_ROLES,
            authority_id=run.authority_id,
        )
    users = (
        get_user_model()
        .objects.filter(is_active=True, memberships__in=memberships)
        .distinct()
        .values_list("pk", flat=True)
    )
    created = Notification.objects.bulk_create(
        [
            Notification(user_id=pk, report_run=run, kind=NOTIFICATION_KIND)
            for pk in users
        ],
        ignore_conflicts=True,
    )
    run.announced_at = timezone.now()
    run.save(update_fields=["announced_at"])
    return len(created)


WEEKLY_SCHEDULE = "weekly status"
CLOSE_SCHEDULE = "period close"
CLOSE_SLOT = "close"


def weekly_slot(now: dt.datetime) -> str:
    """The ISO week of `now` in Beijing time (2026-W49): one weekly run each."""
    year, week, _day = timezone.localtime(now).isocalendar()
    return f"{year}-W{week:02d}"


def report_runs_schedule(*, now: dt.datetime | None = None) -> list[ReportRun]:
    """What the schedules ask for now, each once by its key, however often beat
    calls (hourly): the weekly status of every open period for this week, and the
    progress report of the latest closed period at its close."""
    now = now or timezone.now()
    runs = []
    for period in ReportingPeriod.objects.open().order_by("year"):
        runs.append(
            report_run_request(
                kind=ReportRun.Kind.WEEKLY_STATUS,
                period=period,
                scope=None,
                slot=weekly_slot(now),
                schedule=WEEKLY_SCHEDULE,
            )
        )
    closed = (
        ReportingPeriod.objects.filter(
            state__in=[ReportingPeriod.State.CLOSED, ReportingPeriod.State.LOCKED]
        )
        .order_by("-year")
        .first()
    )
    if closed is not None:
        runs.append(
            report_run_request(
                kind=ReportRun.Kind.PROGRESS,
                period=closed,
                scope=None,
                slot=CLOSE_SLOT,
                schedule=CLOSE_SCHEDULE,
            )
        )
    return runs
