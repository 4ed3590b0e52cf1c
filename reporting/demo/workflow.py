"""The 2025 demo reports taken through the review workflow, so that every demo role
finds work waiting (DESIGN.md §5).

The steps go through the workflow services, so transitions, notifications, accepted
versions and history are the real ones; afterwards each step is moved back to the day
it is meant to have happened on (the services stamp "now"), so that the queues show
reports that have waited for days. The demo university's report (the demo reporter's
and approver's) was marked ready, submitted and then returned by the demo reviewer
with comments on two fields; the reporter has started on them since (seed.py writes
those edits after this module has run). Other universities get a demo staff account,
`staff-<university code>@example.com`, holding both university roles, so that every
step has a real actor; like every demo account it has a Chinese name and signs in with
the demo password. Mail is marked as sent at the step's time, so that seeding does
not mail anybody.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import random
from pathlib import Path

from django.db.models import Max
from simple_history.utils import bulk_update_with_history

from accounts.models import User
from initiatives.models import Indicator
from institutions.demo_people import demo_name, demo_password_hash
from institutions.models import Membership, University

from ..models import (
    AcceptedVersion,
    Notification,
    Report,
    ReportSection,
    Transition,
    Value,
)
from ..section_input import SectionInput
from ..services.notifications import MAILED_KINDS
from ..services.sections import report_counters_store, section_save
from ..services.workflow import (
    report_accept,
    report_mark_ready,
    report_pass,
    report_return,
    report_submit,
)
from ..validation import applicable_indicators, report_check
from .series import OPEN_YEAR, narratives_fill, raw_text, university_series

TEXTS_PATH = Path(__file__).resolve().parent.parent / "data" / "demo_workflow.json"
Role = Membership.Role
Action = Transition.Action

# University code -> its 2025 report's steps, each (step, days before now). A submit
# by the staff account (both university roles) marks the draft ready first.
PLAN: dict[str, tuple[tuple[str, float], ...]] = {
    # Beijing municipal universities, reviewed by EDU-11 (the demo reviewer)
    "4111011232": (("mark_ready", 1.2),),  # Beijing Information S&T: awaits sign-off
    "4111010028": (("submit", 6.1),),  # Capital Normal
    "4111011417": (("submit", 3.3),),  # Beijing Union
    "4111011418": (("submit", 0.8),),  # Beijing City (private)
    "4111010025": (("submit", 8.2), ("pass", 4.1)),  # Capital Medical
    "4111010016": (("submit", 10.3), ("pass", 7.2), ("accept", 5.1)),
    # Ministry universities: straight to the ministry
    "4111010003": (("submit", 7.4),),  # Tsinghua
    "4111010001": (("submit", 2.2),),  # Peking
    "4131010246": (("submit", 9.2), ("accept", 3.2)),  # Fudan
    "4132010284": (("submit", 11.1), ("accept", 6.3)),  # Nanjing
    # Under other authorities: waiting for reviewers other than the demo one
    "4165010759": (("submit", 5.2),),  # Shihezi, XPCC education bureau
    "4141010459": (("submit", 4.2),),  # Zhengzhou, Henan education department
}
# The demo university: ready, submitted, then returned by the demo reviewer.
OWN_STEPS = (("mark_ready", 9.3), ("submit", 8.1), ("return", 2.1))
# Filled in (in bulk, or by the demo reporter) this long before now.
FILLED_DAYS = 11
STAFF_USERNAME = "staff-{scope}@example.com"


@functools.cache
def texts() -> dict:
    with TEXTS_PATH.open(encoding="utf-8") as handle:
        return json.load(handle)


# --- Who acts ---------------------------------------------------------------------


def _staff(scope: str, memberships: list[dict]) -> User:
    """A demo account of the seed's own, with the demo password like every other."""
    username = STAFF_USERNAME.format(scope=scope)
    user, created = User.objects.get_or_create(
        username=username,
        defaults={
            "email": username,
            "name": demo_name(username),
            "is_demo": True,
            "must_change_password": False,
            "password": demo_password_hash(),
        },
    )
    for fields in memberships:
        Membership.objects.get_or_create(user=user, **fields)
    return user


def _university_staff(university: University) -> User:
    return _staff(
        university.code,
        [
            {"role": Role.REPORTER, "university": university},
            {"role": Role.APPROVER, "university": university},
        ],
    )


def _demo_member(role: str, **scope) -> User | None:
    """The first demo user holding this role in this scope (the demo logins)."""
    membership = (
        Membership.objects.filter(
            role=role, is_active=True, user__is_demo=True, **scope
        )
        .select_related("user")
        .order_by("id")
        .first()
    )
    return membership.user if membership else None


def _reviewer(university: University) -> User:
    authority = university.authority
    return _demo_member(Role.REVIEWER, authority=authority) or _staff(
        authority.code, [{"role": Role.REVIEWER, "authority": authority}]
    )


def official_user() -> User:
    return _demo_member(Role.OFFICIAL) or _staff("official", [{"role": Role.OFFICIAL}])


# --- Making a report ready ----------------------------------------------------------


def _explain_warnings(report: Report) -> None:
    """Explain every warning of a bulk-filled report, as its university would."""
    check = report_counters_store(report=report)
    codes = [issue.indicator_code for issue in check.unexplained]
    if codes:
        values = list(Value.objects.filter(report=report, indicator__code__in=codes))
        for value in values:
            value.explanation = texts()["warning_explanation"]
        # With their history records, so the history page shows this change here
        # and not as part of the next save.
        bulk_update_with_history(values, Value, ["explanation"])
        report_counters_store(report=report)


def _fill_as_reporter(report: Report, reporter) -> None:
    """Every section of the demo university's report, saved by its reporter."""
    indicators = list(applicable_indicators(report.university).select_related("action"))
    numbers = university_series(indicators, report.university)
    rng = random.Random(f"submitted/{report.university.code}/{OPEN_YEAR}")
    for section in report.sections.select_related("action").order_by("action__order"):
        values = {}
        for indicator in indicators:
            if indicator.action_id == section.action_id:
                status, value = numbers[indicator.pk][OPEN_YEAR]
                raw = raw_text(indicator, status, value)
                values[indicator.code] = {"raw": raw, "status": status}
        narratives_fill(section, rng)
        data = {
            "values": values,
            "narrative_done": section.narrative_done,
            "narrative_obstacles": section.narrative_obstacles,
            "narrative_next": section.narrative_next,
        }
        section_input = SectionInput.from_data(
            data, action_code=section.action.code, base_version=section.version
        )
        section_save(section=section, user=reporter, section_input=section_input)
    explained = {"explanation": texts()["warning_explanation"]}
    for issue in report_check(report).unexplained:
        section = report.sections.get(action__code=issue.section_code)
        section_save(
            section=section,
            user=reporter,
            section_input=SectionInput.from_data(
                {"values": {issue.indicator_code: explained}},
                action_code=issue.section_code,
                base_version=section.version,
            ),
        )


# --- Taking the steps ---------------------------------------------------------------


def _marks(report: Report) -> dict[str, int]:
    """The last record of each kind, to find what a step adds."""
    return {
        "transition": report.transitions.aggregate(m=Max("pk"))["m"] or 0,
        "report": Report.history.filter(id=report.pk).aggregate(m=Max("history_id"))[
            "m"
        ]
        or 0,
        "value": Value.history.filter(report_id=report.pk).aggregate(
            m=Max("history_id")
        )["m"]
        or 0,
        "section": ReportSection.history.filter(report_id=report.pk).aggregate(
            m=Max("history_id")
        )["m"]
        or 0,
    }


def _backdate_history(report: Report, marks: dict[str, int], at: dt.datetime) -> None:
    Report.history.filter(id=report.pk, history_id__gt=marks["report"]).update(
        history_date=at
    )
    Value.history.filter(report_id=report.pk, history_id__gt=marks["value"]).update(
        history_date=at
    )
    ReportSection.history.filter(
        report_id=report.pk, history_id__gt=marks["section"]
    ).update(history_date=at)


def _backdate_step(report: Report, marks: dict[str, int], at: dt.datetime) -> None:
    """Move what one service call wrote to `at` (several transitions a few minutes
    apart, the last at `at`)."""
    new = list(report.transitions.filter(pk__gt=marks["transition"]).order_by("pk"))
    for index, transition in enumerate(new):
        when = at - dt.timedelta(minutes=12 * (len(new) - 1 - index))
        Transition.objects.filter(pk=transition.pk).update(at=when)
        Notification.objects.filter(transition=transition).update(
            created_at=when,
            mailed_at=when if transition.action in MAILED_KINDS else None,
        )
        AcceptedVersion.objects.filter(transition=transition).update(accepted_at=when)
        if transition.action == Action.SUBMIT and report.submitted_at is not None:
            report.submitted_at = min(report.submitted_at, when)
            report.last_submitted_at = when
    _backdate_history(report, marks, at)
    report.state_changed_at = at
    Report.objects.filter(pk=report.pk).update(
        state_changed_at=at,
        submitted_at=report.submitted_at,
        last_submitted_at=report.last_submitted_at,
    )


def _step(report: Report, step: str, actor, at: dt.datetime) -> None:
    marks = _marks(report)
    words = texts()
    if step == "mark_ready":
        report_mark_ready(report=report, user=actor)
    elif step == "submit":
        report_submit(report=report, user=actor, confirm_unclassified=True)
    elif step == "pass":
        report_pass(report=report, user=actor, comment=words["pass_comment"])
    elif step == "accept":
        report_accept(report=report, user=actor, comment=words["accept_comment"])
    elif step == "return":
        report_return(
            report=report,
            user=actor,
            comment=words["return_comment"],
            field_comments=_own_field_comments(report),
        )
    _backdate_step(report, marks, at)


def _own_field_comments(report: Report) -> list[dict]:
    """On the A1 stock the reporter then corrects, and on A3's narrative."""
    words = texts()
    stock = (
        applicable_indicators(report.university)
        .filter(
            action__code="A1",
            measure=Indicator.Measure.STOCK,
            value_type=Indicator.ValueType.INTEGER,
        )
        .first()
    )
    comments = [
        {
            "section": "A3",
            "indicator": None,
            "field": "narrative_done",
            "text": words["field_comment_narrative"],
        }
    ]
    if stock is not None:
        comments.insert(
            0,
            {
                "section": "A1",
                "indicator": stock.code,
                "field": "value",
                "text": words["field_comment_value"],
            },
        )
    return comments


def _mark_read(report: Report) -> None:
    """A notification counts as read once its user acted on the report after it."""
    acted = list(report.transitions.values_list("actor_id", "at"))
    for notification in report.notifications.filter(read_at__isnull=True):
        later = [
            at
            for actor, at in acted
            if actor == notification.user_id and at > notification.created_at
        ]
        if later:
            Notification.objects.filter(pk=notification.pk).update(read_at=min(later))


def _actor(step: str, report: Report, staff: User | None) -> User:
    if step == "pass":
        return _reviewer(report.university)
    if step == "accept":
        return official_user()
    return staff


def workflow_seed(
    *, reports: list[Report], own: Report | None, reporter, now: dt.datetime
) -> int:
    """Take the PLAN's reports (filled in completely already) and the demo
    university's report through their steps; returns how many reports moved."""
    by_code = {report.university.code: report for report in reports}
    filled_at = now - dt.timedelta(days=FILLED_DAYS)
    moved = 0
    for code, steps in PLAN.items():
        report = by_code.get(code)
        if report is None:
            continue
        marks = _marks(report)
        _explain_warnings(report)
        _backdate_history(report, marks, filled_at)
        staff = _university_staff(report.university)
        for step, days in steps:
            at = now - dt.timedelta(days=days)
            _step(report, step, _actor(step, report, staff), at)
        _mark_read(report)
        moved += 1
    if own is not None and reporter is not None:
        university = own.university
        marks = _marks(own)
        _fill_as_reporter(own, reporter)
        _backdate_history(own, marks, filled_at)
        approver = _demo_member(Role.APPROVER, university=university)
        actors = {
            "mark_ready": reporter,
            "submit": approver or _university_staff(university),
            "return": _reviewer(university),
        }
        for step, days in OWN_STEPS:
            _step(own, step, actors[step], now - dt.timedelta(days=days))
        _mark_read(own)
        moved += 1
    return moved
