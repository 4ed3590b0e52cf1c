"""The national set's reports, planned in Python before anything is written: each
report's way through the workflow (reporting/routing.py's table), from a random
generator seeded with the university's code and the year, so every run plans the
same steps.

Closed periods: most reports accepted (some late, some returned once before, a few
reopened by the ministry and accepted again), a few still under review in the last
closed year, a few reopened now, a few never submitted or returned and never sent
again (missing from the figures). The open period, whose due date has just passed:
drafts (some empty, some half filled), reports awaiting sign-off, under review at
the authority and at the ministry, returned, accepted; those sent after the due date
are late.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from institutions.models import Membership

from ..models import Report, Transition
from .workflow import texts

State = Report.State
Action = Transition.Action
Role = Membership.Role

FILL_ALL, FILL_SOME, FILL_NONE = "all", "some", "none"
REOPEN_DAYS = 14  # a reopening in force now lasts this long from today


@dataclass(frozen=True)
class PeriodDates:
    year: int
    opens_at: dt.datetime
    due_at: dt.datetime
    closes_at: dt.datetime
    is_open: bool
    is_last_closed: bool


@dataclass(frozen=True)
class Step:
    action: str
    from_state: str
    to_state: str
    role: str
    at: dt.datetime
    revision: int
    submission_count: int
    comment: str = ""
    reopen_until: dt.date | None = None


@dataclass
class Life:
    """One report as the plan leaves it: its fields, its steps, how much is filled."""

    state: str = State.DRAFT
    revision: int = 0
    submission_count: int = 0
    is_late: bool = False
    submitted_at: dt.datetime | None = None
    last_submitted_at: dt.datetime | None = None
    state_changed_at: dt.datetime | None = None
    reopened_until: dt.date | None = None
    fill: str = FILL_ALL
    edited_after_accept: bool = False  # reopened now, a value changed since
    steps: list[Step] = field(default_factory=list)

    @property
    def accepts(self) -> int:
        return sum(step.action == Action.ACCEPT for step in self.steps)


class _Walk:
    """Takes one report through the table's steps, moving its clock forward."""

    def __init__(self, life: Life, rng: random.Random, direct: bool, dates, now):
        self.life, self.rng, self.direct, self.dates = life, rng, direct, dates
        self.limit = now - dt.timedelta(minutes=5)
        self.at = dates.opens_at + dt.timedelta(days=rng.uniform(2, 15))

    def _step(self, action, to_state, role, gap: float, **extra) -> None:
        life = self.life
        self.at = min(self.at + dt.timedelta(days=gap), self.limit)
        life.steps.append(
            Step(
                action=action,
                from_state=life.state,
                to_state=to_state,
                role=role,
                at=self.at,
                revision=life.revision,
                submission_count=life.submission_count,
                **extra,
            )
        )
        life.state, life.state_changed_at = to_state, self.at

    def mark_ready(self) -> None:
        self.life.revision += self.rng.randint(2, 9)  # the autosaves before it
        self._step(Action.MARK_READY, State.READY, Role.REPORTER, self.gap())

    def submit(self, late: bool = False) -> None:
        life = self.life
        if late:
            self.at = max(self.at, self.dates.due_at)
        life.submission_count += 1
        to = State.PASSED if self.direct else State.SUBMITTED
        self._step(Action.SUBMIT, to, Role.APPROVER, self.gap())
        life.submitted_at = life.submitted_at or self.at
        life.last_submitted_at = self.at
        life.is_late = life.is_late or self.at > self.dates.due_at

    def send(self, late: bool = False) -> None:
        self.mark_ready()
        self.submit(late)

    def review(self) -> None:
        if not self.direct:
            self._step(
                Action.PASS,
                State.PASSED,
                Role.REVIEWER,
                self.gap(),
                comment=texts()["pass_comment"],
            )

    def give_back(self) -> None:
        role = Role.REVIEWER if self.life.state == State.SUBMITTED else Role.OFFICIAL
        self._step(
            Action.RETURN,
            State.DRAFT,
            role,
            self.gap(),
            comment=texts()["return_comment"],
        )

    def accept(self) -> None:
        self._step(Action.ACCEPT, State.ACCEPTED, Role.OFFICIAL, self.gap())
        self.life.reopened_until = None

    def reopen(self, until: dt.date, after_days: float) -> None:
        self.at = max(self.at, self.dates.closes_at) + dt.timedelta(days=after_days)
        self._step(
            Action.REOPEN,
            State.DRAFT,
            Role.OFFICIAL,
            0,
            comment=texts()["reopen_comment"],
            reopen_until=until,
        )
        self.life.reopened_until = until

    def gap(self) -> float:
        return self.rng.uniform(0.1, 2.5 if self.dates.is_open else 6)


def plan_life(
    code: str, direct: bool, dates: PeriodDates, now: dt.datetime, today: dt.date
) -> Life:
    """The report of university `code` in the period `dates`; `direct` when its
    route skips the authority (routing.report_route)."""
    rng = random.Random(f"national/{code}/{dates.year}")
    life = Life()
    walk = _Walk(life, rng, direct, dates, now)
    late = rng.random() < (0.15 if dates.is_open else 0.1)
    roll = rng.random()
    if dates.is_open:
        _open_life(walk, roll, late)
    else:
        _closed_life(walk, roll, late, today)
    return life


def _open_life(walk: _Walk, roll: float, late: bool) -> None:
    life, rng = walk.life, walk.rng
    if roll < 0.3:  # a draft never sent: half of them barely started
        life.fill = FILL_NONE if rng.random() < 0.4 else FILL_SOME
        life.revision = rng.randint(0, 12) if life.fill == FILL_SOME else 0
        return
    if roll < 0.38:
        walk.mark_ready()
        return
    walk.send(late)
    if roll < 0.45:  # returned, being corrected
        walk.give_back()
        life.revision += rng.randint(1, 4)
        return
    if roll < 0.6:
        return  # waiting for the authority (or the ministry, on a direct route)
    walk.review()
    if roll < 0.72:
        return
    walk.accept()


def _closed_life(walk: _Walk, roll: float, late: bool, today: dt.date) -> None:
    life, rng, dates = walk.life, walk.rng, walk.dates
    if roll < 0.015:  # never submitted: missing from the figures
        life.fill = FILL_SOME if rng.random() < 0.7 else FILL_NONE
        life.revision = rng.randint(0, 8) if life.fill == FILL_SOME else 0
        return
    walk.send(late)
    if roll < 0.025:  # returned and not sent again before the period closed
        walk.give_back()
        return
    if dates.is_last_closed and roll < 0.04:  # still under review
        if roll >= 0.032:
            walk.review()
        return
    if rng.random() < 0.12:  # returned once, then sent again
        walk.give_back()
        walk.send()
    walk.review()
    walk.accept()
    if dates.is_last_closed and roll < 0.055:  # reopened now, being corrected
        walk.reopen(today + dt.timedelta(days=REOPEN_DAYS), rng.uniform(20, 200))
        life.revision += rng.randint(1, 3)
        life.edited_after_accept = True
        return
    if rng.random() < 0.03:  # reopened after the close, corrected, accepted again
        walk.reopen(
            (dates.closes_at + dt.timedelta(days=60)).date(), rng.uniform(5, 20)
        )
        walk.send()
        walk.review()
        walk.accept()
