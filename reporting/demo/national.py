"""The national set (`manage.py seed_national`): every university of the ministry's
list × the data years 2021-2030 × the whole catalogue, with reports through the real
states (national_life.py plans each one), the accepted versions as `report_accept`
writes them, and the figures rollup rebuilt at the end. PostgreSQL only: the big
tables are written by COPY (copy.py) and the accepted values copied by the database
in one INSERT … SELECT, so the 3.4 million values take minutes, not hours.

The numbers are the demo's (series.py), run on to 2030: each university's series is
its own, seeded with its code, so every run writes the same set. Everything is
marked as demo data (periods, reports, the three actors). The dates are shifted so
that the last period is open today, its due date just passed; the earlier periods
lie a year apart before it. Values and sections keep no history records but their
creation (a report's history page starts with the seed); reports keep one each.
"""

from __future__ import annotations

import contextlib
import csv
import datetime as dt
import random
import time
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import F
from django.utils import timezone

from initiatives.models import Action, Indicator
from institutions.models import University
from institutions.services import (
    DEFAULT_LIST_PATH,
    DEFAULT_TAGS_PATH,
    universities_import,
)

from ..models import (
    FIRST_DATA_YEAR,
    AcceptedValue,
    AcceptedVersion,
    Report,
    ReportingPeriod,
    ReportSection,
    Transition,
    Value,
)
from ..services.figures import figures_rebuild
from .copy import copy_rows, table_rows
from .history_rows import history_copy
from .national_life import FILL_ALL, FILL_NONE, Life, plan_life
from .national_setup import (
    ACCEPTED_VALUES_SQL,
    COUNTING_SQL,
    EDITED_SQL,
    OLD_VERSIONS_SQL,
    national_actors,
    national_periods,
    national_reporters,
)
from .series import raw_text, texts, university_series

LAST_YEAR = 2030
COUNTED_TABLES = (
    University,
    ReportingPeriod.participants.through,
    Report,
    ReportSection,
    Value,
    Transition,
    AcceptedVersion,
    AcceptedValue,
    Report.history.model,
    ReportSection.history.model,
)


class NationalSeedRefused(Exception):
    """Why the national set cannot be written here (said to the user as is)."""


@dataclass
class NationalSeedResult:
    seconds: dict[str, float] = field(default_factory=dict)
    rows: dict[str, int] = field(default_factory=dict)
    states: dict[str, int] = field(default_factory=dict)


def national_codes(universities: int | None) -> list[str]:
    """The codes of the ministry's list, or `universities` of them spread evenly
    over it (so a small set still holds every level and many provinces)."""
    with DEFAULT_LIST_PATH.open(encoding="utf-8") as handle:
        codes = [row["code"] for row in csv.DictReader(handle, delimiter="\t")]
    if universities is None or universities >= len(codes):
        return codes
    step = len(codes) / universities
    return [codes[int(number * step)] for number in range(universities)]


def national_seed(
    *,
    universities: int | None = None,
    periods: int = 10,
    reporters_password: str | None = None,
    now=None,
) -> NationalSeedResult:
    """Write the national set (see the module's docstring) into an empty reporting
    database: `universities` of the list (all by default) × the first `periods`
    data years from 2021, the last one open. With `reporters_password`, each
    university also gets a reporter who signs in with it (`make loadtest`).
    Refuses on SQLite and when any of those periods exists."""
    if connection.vendor != "postgresql":
        raise NationalSeedRefused(
            "seed_national writes with PostgreSQL's COPY: set DATABASE_URL to a "
            f"PostgreSQL database (this one is {connection.vendor})."
        )
    years = range(FIRST_DATA_YEAR, FIRST_DATA_YEAR + max(1, min(periods, 10)))
    taken = ReportingPeriod.objects.filter(year__in=years).values_list(
        "year", flat=True
    )
    if taken:
        raise NationalSeedRefused(
            "seed_national fills an empty reporting database; periods exist already "
            f"for {', '.join(map(str, sorted(taken)))}."
        )
    now = now or timezone.now()
    result = NationalSeedResult()
    timed = _stopwatch(result)
    with transaction.atomic():
        with timed("universities"):
            codes = national_codes(universities)
            imported = universities_import(
                rows_path=DEFAULT_LIST_PATH, tags_path=DEFAULT_TAGS_PATH, codes=codes
            )
            if imported.errors:
                raise NationalSeedRefused("; ".join(map(str, imported.errors)))
            members = list(
                University.objects.filter(code__in=codes)
                .select_related("authority")
                .order_by("pk")
            )
        seed = _Seed(
            members, national_periods(years, members, now), national_actors(), now
        )
        if reporters_password:
            with timed("reporters"):
                national_reporters(members, reporters_password)
        with timed("reports"):
            seed.reports()
        with timed("sections and values"):
            seed.values()
        with timed("transitions and accepted versions"):
            seed.transitions()
            seed.accepted()
        with timed("history records"):
            reports = Report.objects.filter(period__in=seed.periods)
            history_copy(reports, at=F("created_at"))
            history_copy(
                ReportSection.objects.filter(report__in=reports),
                at=F("report__created_at"),
            )
    with timed("figures rollup rebuilt"):
        figures_rebuild(periods=seed.periods)
    with timed("analyze"), connection.cursor() as cursor:
        cursor.execute("ANALYZE")
    result.rows = {model._meta.db_table: table_rows(model) for model in COUNTED_TABLES}
    result.states = seed.states
    return result


def _stopwatch(result: NationalSeedResult):
    @contextlib.contextmanager
    def timed(label: str):
        started = time.perf_counter()
        yield
        result.seconds[label] = time.perf_counter() - started

    return timed


class _Seed:
    def __init__(self, members, periods, actors: dict[str, int], now):
        self.members = members
        self.periods = [period for period, _dates in periods]
        self.dates = {period.pk: dates for period, dates in periods}
        self.actors = actors
        self.now = now
        self.lives: dict[int, Life] = {}  # report id -> its plan
        self.states: dict[str, int] = defaultdict(int)

    def reports(self) -> None:
        today = timezone.localdate(self.now)
        plans = []
        for period in self.periods:
            dates = self.dates[period.pk]
            for university in self.members:
                direct = not university.authority.reviews_reports
                life = plan_life(university.code, direct, dates, self.now, today)
                plans.append((period, university, life))
        columns = [
            "period_id", "university_id", "year", "state", "revision",
            "submission_count", "is_late", "submitted_at", "last_submitted_at",
            "state_changed_at", "reopened_until", "error_count", "warning_count",
            "unexplained_warning_count", "completeness", "is_demo", "created_at",
            "updated_at",
        ]  # fmt: skip
        rows = []
        for period, university, life in plans:
            opened = self.dates[period.pk].opens_at
            completeness = {FILL_ALL: 100, FILL_NONE: 0}.get(life.fill, 40)
            rows.append(
                (period.pk, university.pk, period.year, life.state, life.revision,
                 life.submission_count, life.is_late, life.submitted_at,
                 life.last_submitted_at, life.state_changed_at, life.reopened_until,
                 0, 0, 0, completeness, True, opened,
                 life.state_changed_at or opened)
            )  # fmt: skip
            self.states[life.state] += 1
        copy_rows(Report, columns, rows)
        seeded = Report.objects.filter(period__in=self.periods)
        ids = {
            (period_id, university_id): pk
            for pk, period_id, university_id in seeded.values_list(
                "pk", "period_id", "university_id"
            )
        }
        for period, university, life in plans:
            self.lives[ids[period.pk, university.pk]] = life
        self.report_keys = {pk: key for key, pk in ids.items()}

    def values(self) -> None:
        """Every report's sections, and the values of those filled in: all of them
        once a report was sent, a random share of a draft's, none of an empty one."""
        actions = list(Action.objects.order_by("order").values_list("pk", "name_zh"))
        words = texts()
        section_rows = []
        filled: dict[int, list[int]] = {}
        for report_id, life in self.lives.items():
            rng = random.Random(f"national-fill/{report_id}")
            action_ids = [pk for pk, _name in actions]
            if life.fill == FILL_NONE:
                chosen = []
            elif life.fill == FILL_ALL:
                chosen = action_ids
            else:
                chosen = rng.sample(action_ids, rng.randint(1, len(action_ids) - 1))
            filled[report_id] = chosen
            at = self._filled_at(report_id)
            for pk, name in actions:
                texts_ = ("", "", "")
                if pk in chosen:
                    texts_ = (
                        rng.choice(words["narrative_done"]).format(action=name),
                        rng.choice(words["narrative_obstacles"]),
                        rng.choice(words["narrative_next"]),
                    )
                section_rows.append(
                    (report_id, pk, int(pk in chosen), False, "", *texts_,
                     life.revision, at)
                )  # fmt: skip
        copy_rows(
            ReportSection,
            ["report_id", "action_id", "version", "is_zero_report", "zero_note",
             "narrative_done", "narrative_obstacles", "narrative_next", "revision",
             "updated_at"],
            section_rows,
        )  # fmt: skip
        sections = {
            (report_id, action_id): pk
            for pk, report_id, action_id in ReportSection.objects.filter(
                report_id__in=list(self.lives)
            ).values_list("pk", "report_id", "action_id")
        }
        by_level = {
            level: list(Indicator.objects.active().for_level(level))
            for level in {university.level for university in self.members}
        }
        copy_rows(
            Value,
            ["report_id", "section_id", "indicator_id", "status", "raw", "number",
             "date_value", "bool_value", "error_code", "explanation", "revision",
             "updated_at"],
            self._value_rows(filled, sections, by_level),
        )  # fmt: skip

    def _filled_at(self, report_id: int) -> dt.datetime:
        life = self.lives[report_id]
        opened = self.dates[self.report_keys[report_id][0]].opens_at
        return life.submitted_at or life.state_changed_at or opened

    def _value_rows(self, filled, sections, by_level):
        """The value rows, generated while COPY writes them: no query in here (the
        connection is busy with the COPY)."""
        years = range(FIRST_DATA_YEAR, max(d.year for d in self.dates.values()) + 1)
        reports_of = defaultdict(list)
        for report_id, (_period_id, university_id) in self.report_keys.items():
            reports_of[university_id].append(report_id)
        for university in self.members:
            indicators = by_level[university.level]
            numbers = university_series(indicators, university, years)
            for report_id in reports_of[university.pk]:
                chosen = set(filled[report_id])
                year = self.dates[self.report_keys[report_id][0]].year
                revision = self.lives[report_id].revision
                at = self._filled_at(report_id)
                for indicator in indicators:
                    if indicator.action_id not in chosen:
                        continue
                    status, value = numbers[indicator.pk][year]
                    yield (
                        report_id,
                        sections[report_id, indicator.action_id],
                        indicator.pk,
                        status,
                        raw_text(indicator, status, value),
                        value if isinstance(value, Decimal) else None,
                        value if isinstance(value, dt.date) else None,
                        value if isinstance(value, bool) else None,
                        "",
                        "",
                        revision,
                        at,
                    )

    def transitions(self) -> None:
        rows = (
            (report_id, step.action, step.from_state, step.to_state,
             self.actors[step.role], step.role, step.at, step.revision,
             step.submission_count, step.comment, step.action == "submit",
             step.reopen_until)
            for report_id, life in self.lives.items()
            for step in life.steps
        )  # fmt: skip
        copy_rows(
            Transition,
            ["report_id", "action", "from_state", "to_state", "actor_id",
             "actor_role", "at", "revision", "submission_count", "comment",
             "confirmed_unclassified", "reopen_until"],
            rows,
        )  # fmt: skip

    def accepted(self) -> None:
        """An accepted version per accept step, the reports pointed at their last
        one, and its values copied from the report's (as `accepted_versions_create`
        copies them). A report reopened now has changed one value since; a version
        that no longer counts held a few numbers since corrected."""
        accepts = Transition.objects.filter(
            action=Transition.Action.ACCEPT, report__period__in=self.periods
        ).values_list("pk", "report_id", "revision", "at")
        copy_rows(
            AcceptedVersion,
            ["transition_id", "report_id", "revision", "accepted_at"],
            list(accepts),
        )
        period_ids = [period.pk for period in self.periods]
        edited = [pk for pk, life in self.lives.items() if life.edited_after_accept]
        corrected = Indicator.objects.filter(
            value_type=Indicator.ValueType.INTEGER,
            aggregation=Indicator.Aggregation.SUM,
        ).values_list("pk", flat=True)[:3]
        with connection.cursor() as cursor:
            cursor.execute(COUNTING_SQL, [period_ids])
            cursor.execute(ACCEPTED_VALUES_SQL, [period_ids])
            cursor.execute(OLD_VERSIONS_SQL, [period_ids, list(corrected)])
            cursor.execute(EDITED_SQL, [edited, list(corrected)[:1]])
