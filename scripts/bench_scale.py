"""The existing pages at two data sizes, for `make bench` (scripts/bench.py).

Writes synthetic universities × periods × reports (and a pile of notifications) in
bulk into the bench's scratch database, then times each page with the test client
and counts its queries, so a statement that grows with the number of universities
shows as a timing that grows while the query count stays put. Nothing is asserted.
"""

from __future__ import annotations

import datetime as dt
import statistics
import time
from dataclasses import dataclass

YEARS = (2021, 2022, 2023, 2024, 2025)  # the last one open, the others closed
NOTIFICATIONS_PER_UNIVERSITY = 6  # for each of the bench's ministry users
CODE_PREFIX = "48"  # clear of the ministry's codes (41…) and the tests' (49…)


@dataclass(frozen=True)
class Measure:
    label: str
    size: int
    seconds: float
    sql_seconds: float
    slowest: float  # the slowest statement: the one that grows, if any
    queries: int


def _periods() -> list:
    from django.utils import timezone

    from reporting.models import ReportingPeriod

    periods = []
    now = timezone.now()
    for year in YEARS:
        is_open = year == YEARS[-1]
        opens = now - dt.timedelta(days=10) if is_open else now.replace(year=year + 1)
        period, _ = ReportingPeriod.objects.get_or_create(
            year=year,
            defaults={
                "opens_at": opens - dt.timedelta(days=400 * (YEARS[-1] - year)),
                "due_at": opens + dt.timedelta(days=30),
                "closes_at": opens + dt.timedelta(days=60),
                "state": "open" if is_open else "closed",
            },
        )
        periods.append(period)
    return periods


def _users():
    """Two ministry officials (the bench logs in as the first) and a reviewer."""
    from accounts.models import User
    from institutions.models import Authority, Membership

    officials = []
    for number in (1, 2):
        name = f"bench-official-{number}@example.cn"
        user, created = User.objects.get_or_create(
            username=name, defaults={"email": name}
        )
        if created:
            Membership.objects.create(user=user, role=Membership.Role.OFFICIAL)
        officials.append(user)
    name = "bench-reviewer@example.cn"
    reviewer, created = User.objects.get_or_create(
        username=name, defaults={"email": name}
    )
    if created:
        authority = Authority.objects.filter(kind="provincial").order_by("code").first()
        Membership.objects.create(
            user=reviewer, role=Membership.Role.REVIEWER, authority=authority
        )
    return officials, reviewer


def seed_scale(total: int) -> None:
    """Grow the synthetic set to `total` universities, each with a report in every
    period (the open one's in every state, the closed ones' accepted), and
    notifications for the officials. Bulk writes only: seconds for a thousand."""
    from django.db import connection
    from django.utils import timezone

    from institutions.models import Authority, Province, University
    from reporting.models import Notification, Report

    existing = University.objects.filter(code__startswith=CODE_PREFIX).count()
    if existing >= total:
        return
    provinces = list(Province.objects.order_by("code"))
    authorities = {
        a.province_id: a for a in Authority.objects.filter(kind="provincial")
    }
    fallback = Authority.objects.order_by("code").first()
    new = University.objects.bulk_create(
        [
            University(
                code=f"{CODE_PREFIX}{number:08d}",
                name_zh=f"Bench University {number}",
                name_en=f"Bench University {number}",
                province=provinces[number % len(provinces)],
                authority=authorities.get(
                    provinces[number % len(provinces)].pk, fallback
                ),
                level="bachelor",
                category="local",
            )
            for number in range(existing, total)
        ],
        batch_size=1000,
    )
    new = list(University.objects.filter(code__in=[u.code for u in new]))
    periods = _periods()
    states = list(Report.State)
    now = timezone.now()
    reports = []
    for period in periods:
        period.participants.add(*new)
        is_open = period.state == "open"
        for number, university in enumerate(new):
            state = states[number % len(states)] if is_open else "accepted"
            reports.append(
                Report(
                    period=period,
                    university=university,
                    state=state,
                    state_changed_at=now - dt.timedelta(minutes=number),
                    last_submitted_at=None if state == "draft" else now,
                    year=period.year,
                )
            )
    Report.objects.bulk_create(reports, batch_size=2000)
    officials, _ = _users()
    open_reports = Report.objects.filter(
        university__in=new, period=periods[-1]
    ).values_list("pk", flat=True)
    notifications = [
        Notification(user=user, report_id=pk, kind="pass")
        for user in officials
        for pk in open_reports
        for _ in range(NOTIFICATIONS_PER_UNIVERSITY)
    ]
    Notification.objects.bulk_create(notifications, batch_size=5000)
    if connection.vendor == "postgresql":  # plans as a live database would have them
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")


PAGES = {
    "report list (open period)": "/reports/",
    "report list (all periods)": "/reports/?period=",
    "report list (all, last page)": "/reports/?period=&page=9999",
    "report list (reviewer)": "/reports/?period=",
    "home (official)": "/",
    "period list": "/reports/periods/",
    "notifications": "/reports/notifications/",
}


def measure(size: int, runs: int) -> list[Measure]:
    """Each page's median time, the SQL part of it, and its query count."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    officials, reviewer = _users()
    official, reviewing = Client(), Client()
    official.force_login(officials[0])
    reviewing.force_login(reviewer)
    rows = []
    for label, url in PAGES.items():
        client = reviewing if "reviewer" in label else official
        response = client.get(url)  # warm-up, not counted
        assert response.status_code == 200, (url, response.status_code)
        times, sql, slowest, counts = [], [], [], []
        for _ in range(runs):
            with CaptureQueriesContext(connection) as captured:
                started = time.perf_counter()
                client.get(url)
                times.append(time.perf_counter() - started)
            each = [float(q["time"]) for q in captured.captured_queries]
            sql.append(sum(each))
            slowest.append(max(each))
            counts.append(len(captured))
        rows.append(
            Measure(
                label,
                size,
                statistics.median(times),
                statistics.median(sql),
                statistics.median(slowest),
                max(counts),
            )
        )
    return rows


def print_table(measures: list[Measure], vendor: str) -> None:
    sizes = sorted({m.size for m in measures})
    labels = list(dict.fromkeys(m.label for m in measures))
    by = {(m.label, m.size): m for m in measures}
    width = max(len(label) for label in labels)
    head = "".join(f"  {f'{s} univ.: ms, sql, slowest, q':>33}" for s in sizes)
    print(f"\n{'pages on ' + vendor:<{width}}{head}")
    for label in labels:
        cells = ""
        for size in sizes:
            m = by[(label, size)]
            cells += (
                f"  {m.seconds * 1000:10.1f} {m.sql_seconds * 1000:7.1f}"
                f" {m.slowest * 1000:7.1f} {m.queries:4d}"
            )
        print(f"{label:<{width}}{cells}")
