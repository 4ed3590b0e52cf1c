"""The national set's periods, actors and the statements that copy accepted values
(national.py writes the rest)."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.hashers import make_password

from accounts.models import User
from institutions.models import Membership

from ..models import PeriodEvent, ReportingPeriod
from .copy import copy_rows
from .national_life import PeriodDates
from .workflow import texts

ACTORS = {  # role -> the demo account that takes its steps (no usable password)
    "reporter": "national-reporter@example.com",
    "approver": "national-approver@example.com",
    "reviewer": "national-reviewer@example.com",
    "official": "national-official@example.com",
}


def national_periods(
    years: range, members, now
) -> list[tuple[ReportingPeriod, PeriodDates]]:
    """The periods, a year apart, the last one open since 40 days with its due date
    five days past; each with its log and its participants (every university)."""
    opens = now - dt.timedelta(days=40)
    out = []
    for year in years:
        back = dt.timedelta(days=365 * (years[-1] - year))
        dates = PeriodDates(
            year=year,
            opens_at=opens - back,
            due_at=opens - back + dt.timedelta(days=35),
            closes_at=opens - back + dt.timedelta(days=65),
            is_open=year == years[-1],
            is_last_closed=year == years[-1] - 1,
        )
        period = ReportingPeriod.objects.create(
            year=year,
            opens_at=dates.opens_at,
            due_at=dates.due_at,
            closes_at=dates.closes_at,
            state=ReportingPeriod.State.OPEN if dates.is_open else "closed",
            is_demo=True,
        )
        log = [("created", dates.opens_at - dt.timedelta(days=30))]
        log += [("opened", dates.opens_at)]
        log += [] if dates.is_open else [("closed", dates.closes_at)]
        for kind, at in log:
            event = PeriodEvent.objects.create(period=period, kind=kind)
            PeriodEvent.objects.filter(pk=event.pk).update(at=at)
        out.append((period, dates))
    through = ReportingPeriod.participants.through
    copy_rows(
        through,
        ["reportingperiod_id", "university_id"],
        ((period.pk, u.pk) for period, _dates in out for u in members),
    )
    return out


def national_actors() -> dict[str, int]:
    ids = {}
    for role, username in ACTORS.items():
        user, _ = User.objects.get_or_create(
            username=username,
            defaults={
                "email": username,
                "name": texts()["national_actor_name"].format(role=role),
                "is_demo": True,
                "must_change_password": False,
                "password": make_password(None),
            },
        )
        ids[role] = user.pk
    return ids


REPORTER_USERNAME = "national-reporter-{code}@example.com"


def national_reporters(members, password: str) -> int:
    """One reporter per university (`national-reporter-<code>@example.com`), all
    with `password`, for `make loadtest`: the hash is computed once and shared,
    since PBKDF2 takes a fifth of a second per account (3,167 of them)."""
    hashed = make_password(password)
    users = User.objects.bulk_create(
        User(
            username=REPORTER_USERNAME.format(code=university.code),
            email=REPORTER_USERNAME.format(code=university.code),
            name=texts()["national_actor_name"].format(role="reporter"),
            is_demo=True,
            must_change_password=False,
            password=hashed,
        )
        for university in members
    )
    Membership.objects.bulk_create(
        Membership(user=user, role=Membership.Role.REPORTER, university=university)
        for user, university in zip(users, members, strict=True)
    )
    return len(users)


COUNTING_SQL = """
UPDATE reporting_report r SET counting_version_id = v.id
FROM (SELECT DISTINCT ON (report_id) report_id, id FROM reporting_acceptedversion
      ORDER BY report_id, id DESC) v
WHERE v.report_id = r.id AND r.period_id = ANY(%s)
"""
ACCEPTED_VALUES_SQL = """
INSERT INTO reporting_acceptedvalue (version_id, report_id, university_id, period_id,
    indicator_id, status, raw, number, date_value, bool_value, error_code, explanation)
SELECT av.id, v.report_id, r.university_id, r.period_id, v.indicator_id, v.status,
    v.raw, v.number, v.date_value, v.bool_value, v.error_code, v.explanation
FROM reporting_acceptedversion av
JOIN reporting_report r ON r.id = av.report_id
JOIN reporting_value v ON v.report_id = r.id
WHERE r.period_id = ANY(%s)
"""
OLD_VERSIONS_SQL = """
UPDATE reporting_acceptedvalue a
SET number = round(a.number * 0.9), raw = round(a.number * 0.9)::text
FROM reporting_report r
WHERE r.id = a.report_id AND r.counting_version_id <> a.version_id
  AND r.period_id = ANY(%s) AND a.indicator_id = ANY(%s) AND a.number IS NOT NULL
"""
EDITED_SQL = """
UPDATE reporting_value SET number = number + 1, raw = round(number + 1)::text
WHERE report_id = ANY(%s) AND indicator_id = ANY(%s) AND number IS NOT NULL
"""
