"""The checks every workflow service runs before it writes anything: role and scope
(against all the user's active memberships), state and route, period, and what a
step itself needs. Each refusal is a TransitionRefused with a code and a message that
says why and, where someone can change it, who."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from institutions.models import Membership

from ..models import Report, ReportingPeriod, Transition
from ..routing import (
    ACTION_LABELS,
    UNIVERSITY_ROLES,
    Step,
    roles_for,
    route_ok,
    steps_for,
    university_period_problem,
)
from ..signoff import signoff_scan_matching, values_checksum
from ..validation import Issue, ReportCheck, report_check

# The fields a refusal names per issue, and the issues it names (a blank report
# has dozens).
MAX_NAMED = 5

Action = Transition.Action
State = Report.State
Role = Membership.Role


class TransitionRefused(PermissionDenied):
    """A step the user may not take now; `.code` says which rule, `.message` why.

    Codes: wrong_role, wrong_scope, wrong_state (also a route without that step),
    not_ready, period_closed (upcoming, closed, locked, reopening over),
    late_refused, comment_required, unclassified_not_confirmed, too_late,
    bad_until, bad_field_comment (a field comment on something the report lacks),
    signoff_scan_missing (the period requires a stamped scan matching the data).
    """

    def __init__(
        self, code: str, message: str, *, issues: list | None = None, lead: str = ""
    ):
        super().__init__(message)
        self.code = code
        self.message = message
        # not_ready: the report's issues, and the message without them.
        self.issues = issues or []
        self.lead = lead or message

    def __str__(self) -> str:
        return self.message


def report_lock(report: Report) -> Report:
    """The report, re-read under a row lock (the caller's copy may be stale)."""
    return (
        Report.objects.select_for_update(of=("self",))
        .select_related("period", "university__authority")
        .get(pk=report.pk)
    )


def step_resolve(
    report: Report, action: str, memberships: Iterable[Membership], state: str = ""
) -> Step:
    """The table row for this action by these memberships in the report's state, or
    TransitionRefused: wrong role, wrong scope, wrong state (or route)."""
    rows = steps_for(action)
    label = ACTION_LABELS[action]
    needed = {row.role for row in rows}
    in_scope = roles_for(report, memberships) & needed
    if not in_scope:
        held = {membership.role for membership in memberships}
        if held & needed:
            raise TransitionRefused(
                "wrong_scope",
                _(
                    "You hold the role for this step (%(step)s), but not for this "
                    "report's university or its reviewing authority."
                )
                % {"step": label},
            )
        roles = ", ".join(str(Role(role).label) for role in sorted(needed))
        raise TransitionRefused(
            "wrong_role",
            _("This step (%(step)s) is taken by: %(roles)s.")
            % {"step": label, "roles": roles},
        )
    state = state or report.state
    for row in rows:
        if row.role in in_scope and row.from_state == state and route_ok(row, report):
            return row
    raise TransitionRefused(
        "wrong_state",
        _("This step (%(step)s) is not possible while the report is: %(state)s.")
        % {"state": State(report.state).label, "step": label},
    )


def check_period(report: Report, step: Step) -> None:
    period = report.period
    if period.state == ReportingPeriod.State.LOCKED:
        raise TransitionRefused(
            "period_closed",
            _(
                "The period is locked: the ministry has frozen it, review included. "
                "Only the ministry can unlock it."
            ),
        )
    if step.role not in UNIVERSITY_ROLES or step.action == Action.RETURN:
        return
    if university_period_problem(report) is None:
        return
    if period.state == ReportingPeriod.State.UPCOMING:
        message = _("The period has not opened yet.")
    elif report.reopened_until is not None:
        message = _(
            "The reopening ended on %(date)s. Only the ministry can reopen the "
            "report again."
        ) % {"date": date_format(report.reopened_until)}
    else:
        message = _(
            "The period is closed. The university can act only in a report the "
            "ministry reopens."
        )
    raise TransitionRefused("period_closed", message)


def check_ready(report: Report, check: ReportCheck | None = None) -> None:
    """Refused with not_ready while the report has errors or unexplained warnings;
    the message names each one's fields (indicator code and name), and `.issues`
    carries them with their links for the page that shows the refusal. `check`:
    the whole report's submission check, when the caller has it."""
    if check is None:
        check = report_check(report, for_submission=True)
    if check.ready:
        return
    issues = [*check.errors, *check.unexplained]
    head = _(
        "The report is not ready for sign-off: %(errors)d error(s) and "
        "%(warnings)d unexplained warning(s). Fix them in the form first."
    ) % {"errors": len(check.errors), "warnings": len(check.unexplained)}
    raise TransitionRefused(
        "not_ready",
        " ".join([head, *issue_texts(issues)]),
        issues=issues,
        lead=head,
    )


def issue_texts(issues: list[Issue]) -> list[str]:
    """The first issues in plain text, and "…" for the rest."""
    texts = [issue_text(issue) for issue in issues[:MAX_NAMED]]
    return texts + ["…"] if len(issues) > MAX_NAMED else texts


def issue_text(issue: Issue) -> str:
    """One issue in plain text, led by the fields it is about."""
    labels = [link.label for link in issue.links]
    if len(labels) > MAX_NAMED:
        labels[MAX_NAMED:] = ["…"]
    return f"{', '.join(labels)}: {issue.message}" if labels else issue.message


def check_too_late(report: Report, step: Step) -> None:
    """Withdraw and cancel-pass only while the sender's step is the last one."""
    last = report.transitions.order_by("-at", "-id").first()
    if last and last.action == step.undoes and last.to_state == report.state:
        return
    if step.action == Action.CANCEL_PASS:
        message = _("Too late to cancel the pass: the ministry has already acted.")
    else:
        message = _("Too late to withdraw: the next reviewer has already acted.")
    raise TransitionRefused("too_late", message)


def check_comment(comment: str) -> str:
    comment = (comment or "").strip()
    if not comment:
        raise TransitionRefused(
            "comment_required", _("Write a comment that says what to change and why.")
        )
    return comment


def submission_late(report: Report, now: dt.datetime) -> bool:
    """Whether a submission now is late; refused if the period refuses late ones.
    A report the ministry reopened is never late for its resubmission."""
    period = report.period
    if now <= period.due_at or report.reopen_in_force:
        return False
    if period.late_policy == ReportingPeriod.LatePolicy.REFUSE:
        raise TransitionRefused(
            "late_refused",
            _(
                "The due time (%(due)s) has passed and this period refuses late "
                "submissions. Only the ministry can extend the period."
            )
            % {
                "due": date_format(timezone.localtime(period.due_at), "DATETIME_FORMAT")
            },
        )
    return True


def check_signoff_scan(report: Report) -> None:
    """A period that requires it: the ministry accepts only a report whose signed and
    stamped sign-off page matches the data as they are now."""
    if not report.period.requires_signoff_scan:
        return
    if signoff_scan_matching(report) is not None:
        return
    if report.evidence_files.current().filter(kind="signoff").exists():
        message = _(
            "The signed and stamped sign-off page attached does not match the "
            "current data (their checksum is now %(checksum)s). The university "
            "approver must attach the scan of the current sign-off page."
        ) % {"checksum": values_checksum(report)}
    else:
        message = _(
            "This period requires the signed and stamped sign-off page before "
            "acceptance. The university approver attaches its scan on the "
            "report's sign-off page."
        )
    raise TransitionRefused("signoff_scan_missing", message)
