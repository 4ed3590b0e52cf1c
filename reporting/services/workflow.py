"""The review workflow: one service per transition (DESIGN.md §5).

Every service locks the report row, checks role and scope against ALL the user's
active memberships, then the state (and route), then the period, then what the step
itself needs (reporting/services/workflow_guards.py); a refusal raises
TransitionRefused before anything is written. A step
records a Transition, moves the report (through .save(), so history keeps it),
notifies whoever must act next and, for returns and acceptances, mails them after
the commit. The rules themselves are the table in reporting/routing.py.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from institutions.models import Membership

from ..models import Report, Transition
from ..routing import (
    ACTION_ORDER,
    Step,
    available_steps,
    roles_for,
)
from .accepted import accepted_versions_create
from .figures import figures_version_counted
from .notifications import notifications_create, notifications_mail_enqueue
from .review import field_comments_create
from .sections import report_counters_store
from .workflow_guards import (
    TransitionRefused,
    check_comment,
    check_period,
    check_ready,
    check_signoff_scan,
    check_too_late,
    report_lock,
    step_resolve,
    submission_late,
)

Action = Transition.Action
State = Report.State
Role = Membership.Role


# --- Writing ----------------------------------------------------------------------


def _record(report: Report, step: Step, user, now: dt.datetime, **fields) -> Transition:
    transition = Transition.objects.create(
        report=report,
        action=step.action,
        from_state=report.state,
        to_state=step.to_state,
        actor=user,
        actor_role=step.role,
        revision=report.revision,
        submission_count=report.submission_count,
        **fields,
    )
    report.state = step.to_state
    report.state_changed_at = now
    return transition


def _save(report: Report, user, original: Report, extra: tuple[str, ...] = ()) -> None:
    report._history_user = user
    fields = ["state", "state_changed_at", "updated_at", *extra]
    report.save(update_fields=fields)
    for name in fields:
        setattr(original, name, getattr(report, name))


def _finish(transition: Transition, *, mail: bool = False) -> Transition:
    notifications = notifications_create(transition=transition)
    if mail and notifications:
        notifications_mail_enqueue([n.pk for n in notifications])
    return transition


# --- The services -----------------------------------------------------------------


@transaction.atomic
def report_mark_ready(*, report: Report, user, comment: str = "") -> Transition:
    """Reporter: draft -> ready, when the checks let it through (no error, every
    warning explained, every section complete)."""
    locked = report_lock(report)
    step = step_resolve(locked, Action.MARK_READY, Membership.objects.active_for(user))
    check_period(locked, step)
    # Where the report moves, the whole report is checked and its counts stored.
    check_ready(locked, report_counters_store(report=locked))
    now = timezone.now()
    transition = _record(locked, step, user, now, comment=(comment or "").strip())
    _save(locked, user, report)
    return _finish(transition)


@transaction.atomic
def report_submit(
    *, report: Report, user, confirm_unclassified: bool, comment: str = ""
) -> Transition:
    """Approver: ready -> submitted, or -> passed when the route skips the authority.

    A user holding both university roles may submit a draft: the mark-ready step is
    recorded first (two Transition rows). The approver must confirm that the report
    holds no classified content. After the due time the submission is marked late,
    or refused if the period refuses late submissions. `submitted_at` keeps the
    first submission, `last_submitted_at` the latest one (what the pages show);
    `submission_count` counts them (the version officials see, `version_label`).
    """
    locked = report_lock(report)
    memberships = Membership.objects.active_for(user)
    both = {Role.REPORTER, Role.APPROVER} <= roles_for(locked, memberships)
    first = None
    if locked.state == State.DRAFT and both:
        first = step_resolve(locked, Action.MARK_READY, memberships)
        check_period(locked, first)
    step = step_resolve(
        locked, Action.SUBMIT, memberships, state=State.READY if first else ""
    )
    check_period(locked, step)
    if not confirm_unclassified:
        raise TransitionRefused(
            "unclassified_not_confirmed",
            _("Confirm that the report holds no classified content."),
        )
    now = timezone.now()
    late = submission_late(locked, now)
    if first:
        check_ready(locked, report_counters_store(report=locked))
        _record(locked, first, user, now)
    locked.submission_count += 1
    transition = _record(
        locked,
        step,
        user,
        now,
        comment=(comment or "").strip(),
        confirmed_unclassified=True,
    )
    extra = ["is_late", "last_submitted_at", "submission_count"]
    if locked.submitted_at is None:
        locked.submitted_at = transition.at
        extra.append("submitted_at")
    locked.last_submitted_at = transition.at
    locked.is_late = locked.is_late or late
    _save(locked, user, report, tuple(extra))
    return _finish(transition)


@transaction.atomic
def report_pass(*, report: Report, user, comment: str = "") -> Transition:
    """Reviewer of the reviewing authority: submitted -> passed."""
    locked = report_lock(report)
    step = step_resolve(locked, Action.PASS, Membership.objects.active_for(user))
    check_period(locked, step)
    transition = _record(
        locked, step, user, timezone.now(), comment=(comment or "").strip()
    )
    _save(locked, user, report)
    return _finish(transition)


@transaction.atomic
def report_accept(*, report: Report, user, comment: str = "") -> Transition:
    """Ministry official: passed -> accepted, keeping the values as an accepted
    version that the report points at (what counts, also while the report is
    reopened, until it is accepted again). A period that requires it
    needs the stamped sign-off scan of the current data first."""
    locked = report_lock(report)
    step = step_resolve(locked, Action.ACCEPT, Membership.objects.active_for(user))
    check_period(locked, step)
    check_signoff_scan(locked)
    transition = _record(
        locked, step, user, timezone.now(), comment=(comment or "").strip()
    )
    (version,) = accepted_versions_create(transitions=[transition])
    previous_version_id = locked.counting_version_id
    locked.counting_version = version
    locked.reopened_until = None
    _save(locked, user, report, ("reopened_until", "counting_version"))
    figures_version_counted(
        report=locked, previous_version_id=previous_version_id, version_id=version.pk
    )
    return _finish(transition, mail=True)


@transaction.atomic
def report_return(
    *, report: Report, user, comment: str, field_comments: list[dict] | None = None
) -> Transition:
    """Approver (ready), reviewer (submitted) or official (passed): back to draft,
    with an overall comment (required) and comments on single fields:
    {"section": action code, "indicator": code or None, "field": "value" or a
    narrative field, "text": str}."""
    locked = report_lock(report)
    step = step_resolve(locked, Action.RETURN, Membership.objects.active_for(user))
    check_period(locked, step)
    comment = check_comment(comment)
    transition = _record(locked, step, user, timezone.now(), comment=comment)
    try:
        field_comments_create(transition=transition, items=field_comments or [])
    except ValueError as exc:
        raise TransitionRefused("bad_field_comment", str(exc)) from None
    _save(locked, user, report)
    return _finish(transition, mail=True)


@transaction.atomic
def report_withdraw(*, report: Report, user) -> Transition:
    """The sender takes the report back until the next reviewer acts: reporter
    ready -> draft; approver submitted -> ready (or passed -> ready when the route
    skipped the authority)."""
    locked = report_lock(report)
    step = step_resolve(locked, Action.WITHDRAW, Membership.objects.active_for(user))
    check_period(locked, step)
    check_too_late(locked, step)
    transition = _record(locked, step, user, timezone.now())
    _save(locked, user, report)
    return _finish(transition)


@transaction.atomic
def report_cancel_pass(*, report: Report, user) -> Transition:
    """Reviewer: passed -> submitted, until the ministry acts."""
    locked = report_lock(report)
    step = step_resolve(locked, Action.CANCEL_PASS, Membership.objects.active_for(user))
    check_period(locked, step)
    check_too_late(locked, step)
    transition = _record(locked, step, user, timezone.now())
    _save(locked, user, report)
    return _finish(transition)


@transaction.atomic
def report_reopen(*, report: Report, user, reason: str, until: dt.date) -> Transition:
    """Ministry official: accepted -> draft, editable by the university until `until`
    (today or later) even in a closed period. The last accepted version keeps
    counting until a new one is accepted: the figures (services/figures.py) stay
    as they are."""
    locked = report_lock(report)
    step = step_resolve(locked, Action.REOPEN, Membership.objects.active_for(user))
    check_period(locked, step)
    reason = check_comment(reason)
    if until is None or until < timezone.localdate():
        raise TransitionRefused(
            "bad_until", _("The reopening must last until today or a later date.")
        )
    transition = _record(
        locked, step, user, timezone.now(), comment=reason, reopen_until=until
    )
    locked.reopened_until = until
    _save(locked, user, report, ("reopened_until",))
    return _finish(transition)


# --- Reading ----------------------------------------------------------------------


def report_available_actions(
    report: Report, user, memberships: list[Membership] | None = None
) -> list[str]:
    """The Transition.Action values this user may take on the report now.

    No query when `memberships` (the user's active ones) is given and the report
    comes with its period and university's authority; withdraw and cancel-pass look
    at the last transition (annotated by `Report.objects.with_last_action()`, one
    query otherwise, and only when one of them is possible at all). The report's
    checks are left to the service (mark-ready stays offered while errors remain).
    """
    if memberships is None:
        memberships = Membership.objects.active_for(user)
    steps = available_steps(report, memberships)
    actions = set()
    for step in steps:
        if step.undoes and _last_action(report) != step.undoes:
            continue
        actions.add(step.action)
    roles = roles_for(report, memberships)
    if Action.MARK_READY in actions and {Role.REPORTER, Role.APPROVER} <= roles:
        actions.add(Action.SUBMIT)
    return [action for action in ACTION_ORDER if action in actions]


def _last_action(report: Report) -> str | None:
    if not hasattr(report, "last_action"):
        last = report.transitions.order_by("-at", "-id").values("action").first()
        report.last_action = last["action"] if last else None
    return report.last_action
