"""Reporting periods: creation, the officials' transitions and the schedule's advance.

Every change of a period's state or window is logged as a PeriodEvent (actor None when
the schedule made it). Transitions lock the period row and re-check its state inside
the transaction, so two schedule runs at once (Redis re-delivers tasks) open a period
once, and an official's click racing the schedule is refused with a message.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_update_with_history

from institutions.models import University

from ..models import PeriodEvent, Report, ReportingPeriod
from .reports import reports_create_for_period

State = ReportingPeriod.State
Kind = PeriodEvent.Kind

# Reports that still count as "not submitted" when the due time passes.
UNFINISHED = (Report.State.DRAFT, Report.State.READY)

# The explicit transition table: action -> states it may start from.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "open": (State.UPCOMING,),
    "extend": (State.UPCOMING, State.OPEN, State.CLOSED),
    "close": (State.OPEN,),
    "lock": (State.CLOSED,),
    "unlock": (State.LOCKED,),
}


def _refusal(action: str, period: ReportingPeriod) -> str:
    state = period.get_state_display()
    messages = {
        "open": _("Only an upcoming period can be opened; this one is: %(state)s."),
        "extend": _("A locked period cannot be extended; unlock it first."),
        "close": _("Only an open period can be closed; this one is: %(state)s."),
        "lock": _(
            "Only a closed period can be locked; close it first. "
            "This one is: %(state)s."
        ),
        "unlock": _("Only a locked period can be unlocked; this one is: %(state)s."),
    }
    return messages[action] % {"state": state}


def _locked_for(action: str, period: ReportingPeriod) -> ReportingPeriod:
    """The period re-read under a row lock; ValidationError if `action` is not allowed."""
    fresh = ReportingPeriod.objects.select_for_update().get(pk=period.pk)
    if fresh.state not in TRANSITIONS[action]:
        raise ValidationError(_refusal(action, fresh))
    return fresh


def _iso(value: dt.datetime) -> str:
    return value.isoformat()


def _log(
    period: ReportingPeriod, kind: str, actor, note: str = "", **detail
) -> PeriodEvent:
    return PeriodEvent.objects.create(
        period=period, kind=kind, actor=actor, note=note, detail=detail
    )


def _sync(target: ReportingPeriod, fresh: ReportingPeriod) -> None:
    """Give the caller's instance the state and window just written."""
    for name in ("state", "opens_at", "due_at", "closes_at", "updated_at"):
        setattr(target, name, getattr(fresh, name))


def _set_late(reports: list[Report], is_late: bool) -> int:
    """Set the late flag through simple-history's bulk helper (one history row each)."""
    for report in reports:
        report.is_late = is_late
    if reports:
        bulk_update_with_history(reports, Report, ["is_late"], batch_size=500)
    return len(reports)


@transaction.atomic
def period_create(
    *,
    actor,
    year: int,
    opens_at: dt.datetime,
    due_at: dt.datetime,
    closes_at: dt.datetime,
    late_policy: str = ReportingPeriod.LatePolicy.ACCEPT,
    is_demo: bool = False,
) -> ReportingPeriod:
    """A new upcoming period, logged as created by `actor`."""
    period = ReportingPeriod(
        year=year,
        opens_at=opens_at,
        due_at=due_at,
        closes_at=closes_at,
        late_policy=late_policy,
        is_demo=is_demo,
    )
    period.full_clean()
    period.save()
    _log(
        period,
        Kind.CREATED,
        actor,
        opens_at=_iso(opens_at),
        due_at=_iso(due_at),
        closes_at=_iso(closes_at),
        late_policy=late_policy,
    )
    return period


@transaction.atomic
def period_participants_default(*, period: ReportingPeriod) -> int:
    """Every active bachelor (benke) university takes part unless some were chosen.

    Returns the number of participants added (0 when the period already had some).
    """
    if period.participants.exists():
        return 0
    ids = University.objects.filter(
        is_active=True, level=University.Level.BACHELOR
    ).values_list("pk", flat=True)
    through = ReportingPeriod.participants.through
    rows = [through(reportingperiod_id=period.pk, university_id=pk) for pk in ids]
    through.objects.bulk_create(rows, batch_size=500, ignore_conflicts=True)
    return len(rows)


@transaction.atomic
def period_open(
    *,
    period: ReportingPeriod,
    actor=None,
    note: str = "",
    now: dt.datetime | None = None,
) -> int:
    """Open an upcoming period (early, when an official does it before opens_at).

    Fixes the participants (the default when none were chosen) and creates their
    reports with their sections. Returns the number of reports created.
    """
    now = now or timezone.now()
    fresh = _locked_for("open", period)
    detail: dict = {"from": fresh.state, "to": State.OPEN}
    if fresh.opens_at > now:
        # Opened early: the window shown must say when it really opened.
        detail["opens_at"] = [_iso(fresh.opens_at), _iso(now)]
        fresh.opens_at = now
    fresh.state = State.OPEN
    fresh.save(update_fields=["state", "opens_at", "updated_at"])
    added = period_participants_default(period=fresh)
    created = reports_create_for_period(period=fresh)
    detail.update(participants_defaulted=added, reports_created=created)
    _log(fresh, Kind.OPENED, actor, note, **detail)
    _sync(period, fresh)
    return created


@transaction.atomic
def period_extend(
    *,
    period: ReportingPeriod,
    actor,
    due_at: dt.datetime,
    closes_at: dt.datetime,
    note: str,
    now: dt.datetime | None = None,
) -> None:
    """Move the due and closing times later; a closed period opens again.

    Unfinished reports stop counting as late when the new due time is still ahead.
    """
    now = now or timezone.now()
    fresh = _locked_for("extend", period)
    errors: dict[str, list[str]] = {}
    if due_at < fresh.due_at:
        errors.setdefault("due_at", []).append(
            _("An extension cannot move the due time earlier.")
        )
    if closes_at < fresh.closes_at:
        errors.setdefault("closes_at", []).append(
            _("An extension cannot move the closing time earlier.")
        )
    if closes_at <= now:
        errors.setdefault("closes_at", []).append(
            _("The new closing time must be in the future.")
        )
    if closes_at < due_at:
        errors.setdefault("closes_at", []).append(
            _("The period cannot close before it is due.")
        )
    if due_at == fresh.due_at and closes_at == fresh.closes_at:
        errors.setdefault("due_at", []).append(
            _("Change the due time or the closing time to extend the period.")
        )
    if not note.strip():
        errors.setdefault("note", []).append(_("Say why the period is extended."))
    if errors:
        raise ValidationError(errors)

    detail: dict = {
        "due_at": [_iso(fresh.due_at), _iso(due_at)],
        "closes_at": [_iso(fresh.closes_at), _iso(closes_at)],
        "from": fresh.state,
    }
    fresh.due_at, fresh.closes_at = due_at, closes_at
    if fresh.state == State.CLOSED:
        fresh.state = State.OPEN
    detail["to"] = fresh.state
    fresh.save(update_fields=["due_at", "closes_at", "state", "updated_at"])
    if due_at > now:
        late = list(
            Report.objects.filter(period=fresh, state__in=UNFINISHED, is_late=True)
        )
        detail["late_cleared"] = _set_late(late, False)
    _log(fresh, Kind.EXTENDED, actor, note.strip(), **detail)
    _sync(period, fresh)


def _simple_transition(
    action: str, kind: str, to: str, *, period: ReportingPeriod, actor, note: str
) -> None:
    fresh = _locked_for(action, period)
    _log(fresh, kind, actor, note.strip(), **{"from": fresh.state, "to": to})
    fresh.state = to
    fresh.save(update_fields=["state", "updated_at"])
    _sync(period, fresh)


@transaction.atomic
def period_close(*, period: ReportingPeriod, actor=None, note: str = "") -> None:
    """Close an open period (early, when an official does it before closes_at)."""
    _simple_transition(
        "close", Kind.CLOSED, State.CLOSED, period=period, actor=actor, note=note
    )


@transaction.atomic
def period_lock(*, period: ReportingPeriod, actor, note: str = "") -> None:
    """Freeze a closed period: review stops too."""
    _simple_transition(
        "lock", Kind.LOCKED, State.LOCKED, period=period, actor=actor, note=note
    )


@transaction.atomic
def period_unlock(*, period: ReportingPeriod, actor, note: str = "") -> None:
    """Back from locked to closed."""
    _simple_transition(
        "unlock", Kind.UNLOCKED, State.CLOSED, period=period, actor=actor, note=note
    )


@dataclass
class AdvanceResult:
    opened: list[int] = field(default_factory=list)  # data years
    closed: list[int] = field(default_factory=list)
    reports_created: int = 0
    marked_late: int = 0

    def as_dict(self) -> dict:
        return {
            "opened": self.opened,
            "closed": self.closed,
            "reports_created": self.reports_created,
            "marked_late": self.marked_late,
        }


def periods_advance(*, now: dt.datetime | None = None) -> AdvanceResult:
    """Move periods by their dates and mark unfinished reports late. Safe to run twice.

    Each period moves in its own transaction; a period another run moved first is
    skipped (the transition re-checks the state under a row lock).
    """
    now = now or timezone.now()
    result = AdvanceResult()
    for period in ReportingPeriod.objects.filter(
        state=State.UPCOMING, opens_at__lte=now
    ).order_by("year"):
        try:
            result.reports_created += period_open(period=period, now=now)
        except ValidationError:
            continue
        result.opened.append(period.year)
    for period in ReportingPeriod.objects.filter(
        state=State.OPEN, closes_at__lte=now
    ).order_by("year"):
        try:
            period_close(period=period)
        except ValidationError:
            continue
        result.closed.append(period.year)
    result.marked_late = reports_mark_late(now=now)
    return result


@transaction.atomic
def reports_mark_late(*, now: dt.datetime | None = None) -> int:
    """Mark late every unfinished report whose period's due time has passed."""
    now = now or timezone.now()
    reports = list(
        Report.objects.select_for_update(of=("self",))
        .filter(
            period__due_at__lt=now,
            state__in=UNFINISHED,
            is_late=False,
        )
        .exclude(period__state=State.UPCOMING)
    )
    return _set_late(reports, True)
