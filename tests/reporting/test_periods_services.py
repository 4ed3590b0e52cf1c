"""Period services: transitions, the schedule's advance, report creation, the log."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from institutions.models import University
from reporting.models import Report, ReportingPeriod, ReportSection
from reporting.services.periods import (
    period_close,
    period_create,
    period_extend,
    period_lock,
    period_open,
    period_participants_default,
    period_unlock,
    periods_advance,
)
from reporting.services.reports import reports_create_for_period
from reporting.tasks import periods_advance_task
from tests.factories import (
    PeriodFactory,
    ReportFactory,
    UniversityFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

State = ReportingPeriod.State
DAY = dt.timedelta(days=1)


@pytest.fixture(autouse=True)
def _english():
    """Messages are asserted in English here; the pages' tests read the Chinese."""
    with translation.override("en"):
        yield


def _due_period(**kwargs) -> ReportingPeriod:
    """An upcoming period whose opening time has just passed."""
    now = timezone.now()
    defaults = {
        "opens_at": now - dt.timedelta(minutes=5),
        "due_at": now + 30 * DAY,
        "closes_at": now + 60 * DAY,
    }
    return PeriodFactory(**{**defaults, **kwargs})


def _kinds(period) -> list[str]:
    return list(period.events.order_by("id").values_list("kind", flat=True))


def test_period_create_logs_who_created_it():
    official = UserFactory()
    opens = timezone.now() + 10 * DAY
    period = period_create(
        actor=official,
        year=2030,
        opens_at=opens,
        due_at=opens + 30 * DAY,
        closes_at=opens + 60 * DAY,
    )
    event = period.events.get()
    assert (period.state, event.kind, event.actor) == (
        State.UPCOMING,
        "created",
        official,
    )


def test_period_create_refuses_a_second_period_for_the_year():
    PeriodFactory(year=2031)
    opens = timezone.now()
    with pytest.raises(ValidationError) as exc:
        period_create(
            actor=None,
            year=2031,
            opens_at=opens,
            due_at=opens + DAY,
            closes_at=opens + 2 * DAY,
        )
    assert "year" in exc.value.message_dict


def test_participants_default_to_active_bachelor_universities():
    bachelor = UniversityFactory()
    UniversityFactory(level=University.Level.ASSOCIATE)
    UniversityFactory(is_active=False)
    period = PeriodFactory()

    period_participants_default(period=period)

    expected = set(
        University.objects.filter(
            is_active=True, level=University.Level.BACHELOR
        ).values_list("pk", flat=True)
    )
    assert bachelor.pk in expected
    assert set(period.participants.values_list("pk", flat=True)) == expected


def test_chosen_participants_are_kept():
    chosen = UniversityFactory()
    UniversityFactory()
    period = PeriodFactory(participants=[chosen])

    assert period_participants_default(period=period) == 0
    assert list(period.participants.all()) == [chosen]


def test_official_opens_early_reports_and_sections_are_created():
    official = UserFactory()
    universities = [UniversityFactory(), UniversityFactory()]
    period = PeriodFactory(
        opens_at=timezone.now() + 5 * DAY,
        due_at=timezone.now() + 30 * DAY,
        closes_at=timezone.now() + 60 * DAY,
        participants=universities,
    )

    created = period_open(period=period, actor=official, note="early start")

    period.refresh_from_db()
    assert created == 2 and period.state == State.OPEN
    assert period.opens_at <= timezone.now()  # the window says when it really opened
    reports = Report.objects.filter(period=period)
    assert {r.university_id for r in reports} == {u.pk for u in universities}
    assert all(r.state == Report.State.DRAFT for r in reports)
    # Every report gets its sections (A1-A7 at least) and a creation history row.
    for report in reports:
        codes = set(report.sections.values_list("action__code", flat=True))
        assert {f"A{n}" for n in range(1, 8)} <= codes
        assert report.history.filter(history_type="+").count() == 1
    event = period.events.get(kind="opened")
    assert (event.actor, event.note) == (official, "early start")
    assert event.detail["reports_created"] == 2


def test_opening_an_open_period_again_is_refused_with_a_message():
    period = PeriodFactory(current=True, participants=[UniversityFactory()])

    with pytest.raises(ValidationError) as exc:
        period_open(period=period, actor=UserFactory())

    assert "Only an upcoming period can be opened" in exc.value.messages[0]
    assert not Report.objects.filter(period=period).exists()
    assert _kinds(period) == []


@pytest.mark.parametrize(
    ("service", "state", "text"),
    [
        (period_close, State.UPCOMING, "Only an open period can be closed"),
        (period_lock, State.OPEN, "Only a closed period can be locked"),
        (period_unlock, State.CLOSED, "Only a locked period can be unlocked"),
    ],
)
def test_invalid_transitions_are_refused(service, state, text):
    period = PeriodFactory(state=state)

    with pytest.raises(ValidationError) as exc:
        service(period=period, actor=UserFactory())

    assert text in exc.value.messages[0]
    period.refresh_from_db()
    assert period.state == state
    assert _kinds(period) == []


def test_close_lock_unlock_each_logged_with_actor_and_note():
    official = UserFactory()
    period = PeriodFactory(current=True)

    period_close(period=period, actor=official, note="done early")
    assert period.state == State.CLOSED
    period_lock(period=period, actor=official)
    assert period.state == State.LOCKED
    period_unlock(period=period, actor=official, note="a correction")

    period.refresh_from_db()
    assert period.state == State.CLOSED
    events = list(period.events.order_by("id"))
    assert [(e.kind, e.actor, e.detail["from"], e.detail["to"]) for e in events] == [
        ("closed", official, "open", "closed"),
        ("locked", official, "closed", "locked"),
        ("unlocked", official, "locked", "closed"),
    ]
    assert events[0].note == "done early"


def test_extend_reopens_a_closed_period_and_clears_late_flags():
    now = timezone.now()
    period = PeriodFactory(
        state=State.CLOSED,
        opens_at=now - 60 * DAY,
        due_at=now - 30 * DAY,
        closes_at=now - DAY,
    )
    late_draft = ReportFactory(period=period, is_late=True)
    late_submitted = ReportFactory(
        period=period, is_late=True, state=Report.State.SUBMITTED
    )
    official = UserFactory()

    period_extend(
        period=period,
        actor=official,
        due_at=now + 7 * DAY,
        closes_at=now + 14 * DAY,
        note="flood in the province",
    )

    period.refresh_from_db()
    assert period.state == State.OPEN
    assert period.due_at == now + 7 * DAY
    late_draft.refresh_from_db()
    late_submitted.refresh_from_db()
    assert late_draft.is_late is False
    assert late_submitted.is_late is True  # it was submitted late: that stays
    event = period.events.get(kind="extended")
    assert event.actor == official and event.note == "flood in the province"
    assert event.detail["from"] == "closed" and event.detail["to"] == "open"
    assert dt.datetime.fromisoformat(event.detail["due_at"][1]) == now + 7 * DAY


def test_extend_refuses_earlier_times_per_field_and_a_missing_reason():
    period = PeriodFactory(current=True)
    before = (period.due_at, period.closes_at)

    with pytest.raises(ValidationError) as exc:
        period_extend(
            period=period,
            actor=UserFactory(),
            due_at=period.due_at - DAY,
            closes_at=timezone.now() - DAY,
            note=" ",
        )

    errors = exc.value.message_dict
    assert set(errors) == {"due_at", "closes_at", "note"}
    assert "earlier" in errors["due_at"][0]
    period.refresh_from_db()
    assert (period.due_at, period.closes_at) == before
    assert _kinds(period) == []


def test_a_locked_period_cannot_be_extended():
    period = PeriodFactory(state=State.LOCKED)
    with pytest.raises(ValidationError) as exc:
        period_extend(
            period=period,
            actor=UserFactory(),
            due_at=period.due_at + DAY,
            closes_at=period.closes_at + DAY,
            note="why",
        )
    assert "unlock it first" in exc.value.messages[0]


def test_advance_opens_a_due_period_once_and_creates_each_report_once():
    universities = [UniversityFactory(), UniversityFactory(), UniversityFactory()]
    period = _due_period(participants=universities)
    future = PeriodFactory(
        opens_at=timezone.now() + DAY,
        due_at=timezone.now() + 30 * DAY,
        closes_at=timezone.now() + 60 * DAY,
    )

    first = periods_advance()
    sections = ReportSection.objects.filter(report__period=period).count()
    second = periods_advance()

    assert first.opened == [period.year] and first.reports_created == 3
    assert second.opened == [] and second.reports_created == 0
    period.refresh_from_db()
    future.refresh_from_db()
    assert (period.state, future.state) == (State.OPEN, State.UPCOMING)
    assert Report.objects.filter(period=period).count() == 3
    assert ReportSection.objects.filter(report__period=period).count() == sections
    opened = period.events.get()
    assert opened.kind == "opened" and opened.actor is None


def test_advance_opens_with_the_default_participants_when_none_were_chosen():
    bachelor = UniversityFactory()
    associate = UniversityFactory(level=University.Level.ASSOCIATE)
    period = _due_period()

    periods_advance()

    universities = set(
        Report.objects.filter(period=period).values_list("university_id", flat=True)
    )
    assert bachelor.pk in universities and associate.pk not in universities
    assert period.participants.count() == len(universities)


def test_advance_closes_a_period_past_its_closing_time():
    now = timezone.now()
    period = PeriodFactory(
        state=State.OPEN,
        opens_at=now - 60 * DAY,
        due_at=now - 30 * DAY,
        closes_at=now - dt.timedelta(minutes=1),
    )
    still_open = PeriodFactory(current=True)

    result = periods_advance()

    period.refresh_from_db()
    still_open.refresh_from_db()
    assert result.closed == [period.year]
    assert (period.state, still_open.state) == (State.CLOSED, State.OPEN)
    event = period.events.get()
    assert (event.kind, event.actor) == ("closed", None)
    assert periods_advance().closed == []


def test_advance_marks_unfinished_reports_late_after_the_due_time():
    now = timezone.now()
    past_due = PeriodFactory(
        state=State.OPEN,
        opens_at=now - 30 * DAY,
        due_at=now - DAY,
        closes_at=now + 30 * DAY,
    )
    draft = ReportFactory(period=past_due)
    ready = ReportFactory(period=past_due, state=Report.State.READY)
    submitted = ReportFactory(period=past_due, state=Report.State.SUBMITTED)
    not_yet_due = ReportFactory(period=PeriodFactory(current=True))

    result = periods_advance()

    assert result.marked_late == 2
    late = set(Report.objects.filter(is_late=True).values_list("pk", flat=True))
    assert late == {draft.pk, ready.pk}
    assert submitted.pk not in late and not_yet_due.pk not in late
    # The flag is part of the report's history.
    assert draft.history.first().is_late is True
    assert periods_advance().marked_late == 0


def test_reports_create_for_period_is_idempotent_and_keeps_existing_reports():
    universities = [UniversityFactory(), UniversityFactory()]
    period = PeriodFactory(current=True, participants=universities)
    existing = ReportFactory(period=period, university=universities[0], revision=4)

    assert reports_create_for_period(period=period) == 1
    assert reports_create_for_period(period=period) == 0

    assert Report.objects.filter(period=period).count() == 2
    existing.refresh_from_db()
    assert existing.revision == 4


def _opening_queries(count: int) -> tuple[int, int]:
    """(queries other than INSERT, INSERT statements) of opening for `count`."""
    universities = [UniversityFactory() for _ in range(count)]
    period = _due_period(participants=universities)
    with CaptureQueriesContext(connection) as queries:
        period_open(period=period)
    assert Report.objects.filter(period=period).count() == count
    inserts = sum(q["sql"].lstrip().startswith("INSERT") for q in queries)
    return len(queries) - inserts, inserts


def test_opening_takes_the_same_queries_for_3_and_30_universities():
    """Inserts are bulk; only SQLite's parameter limit splits them into batches."""
    small_other, small_inserts = _opening_queries(3)
    large_other, large_inserts = _opening_queries(30)

    assert small_other == large_other
    assert large_inserts <= small_inserts + 8  # 30 reports, 300 sections: batches


def test_the_task_runs_the_advance_and_reports_what_it_did():
    period = _due_period(participants=[UniversityFactory()])

    assert periods_advance_task() == {
        "opened": [period.year],
        "closed": [],
        "reports_created": 1,
        "marked_late": 0,
    }
    assert periods_advance_task()["opened"] == []
