"""Timings of the dashboards, for `make bench` (scripts/bench.py calls
`bench_dashboards(client, runs)` with a client signed in as a ministry official,
on data with accepted figures). Nothing here asserts.

For each dashboard endpoint (the nation, a province, an authority, a university,
and two downloads): the request's median and p95 over `runs` requests (the first
not counted); the raw SQL of its read (every statement the request ran, replayed
on a cursor: what the endpoint cannot beat); and the same figures aggregated live
over the accepted values (`reporting.rollup.figures_live` for the scope in every
period, and for the rankings' scope kinds in the period), which the rollup saves.
Also the request's query count. Prints a table and returns its rows.
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

P95 = 0.95


def _times(runs: int, call: Callable[[], object]) -> list[float]:
    call()  # warm-up, not counted
    times = []
    for _ in range(max(runs, 1)):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return times


def _p95(times: list[float]) -> float:
    ordered = sorted(times)
    return ordered[min(len(ordered) - 1, int(round(P95 * (len(ordered) - 1))))]


def _endpoints() -> list[tuple[str, str, str, str]]:
    """(label, url, scope kind, scope key) of each endpoint, on the latest period
    with accepted figures."""
    from django.urls import reverse

    from institutions.models import University
    from reporting.models import FigureCell, ReportingPeriod, ScopeKind

    period = (
        ReportingPeriod.objects.filter(reports__counting_version__isnull=False)
        .order_by("-year")
        .first()
    )
    if period is None:
        return []

    def busiest(kind: str) -> str:
        cell = (
            FigureCell.objects.filter(
                period=period, scope_kind=kind, indicator__isnull=True
            )
            .order_by("-reported", "scope_key")
            .first()
        )
        return cell.scope_key if cell else ""

    province, authority = busiest(ScopeKind.PROVINCE), busiest(ScopeKind.AUTHORITY)
    university = University.objects.filter(
        reports__period=period, reports__counting_version__isnull=False
    ).first()
    nation = reverse("dashboards:nation")
    endpoints = [
        ("nation", nation, ScopeKind.NATION, ""),
        (
            "nation: universities CSV",
            f"{nation}?table=universities&format=csv",
            ScopeKind.NATION,
            "",
        ),
        (
            "nation: overview XLSX",
            f"{nation}?table=overview&format=xlsx",
            ScopeKind.NATION,
            "",
        ),
    ]
    if province:
        url = reverse("dashboards:province", args=[province])
        endpoints.append(("province", url, ScopeKind.PROVINCE, province))
    if authority:
        url = reverse("dashboards:authority", args=[authority])
        endpoints.append(("authority", url, ScopeKind.AUTHORITY, authority))
    if university is not None:
        url = reverse("dashboards:university", args=[university.pk])
        endpoints.append(("university", url, ScopeKind.UNIVERSITY, university.code))
    return endpoints


def _live(kind: str, key: str) -> Callable[[], None]:
    """The dashboard's figures aggregated live: the scope in every period (figures,
    trends, baselines) and, in the latest period, the rankings' scope kinds."""
    from initiatives.models import Indicator
    from reporting.models import ReportingPeriod, ScopeKind
    from reporting.rollup import accepted_source, figures_live

    periods = list(ReportingPeriod.objects.order_by("year"))
    indicators = list(Indicator.objects.active())
    latest = periods[-1] if periods else None
    rankings = {
        ScopeKind.NATION: (ScopeKind.PROVINCE, ScopeKind.AUTHORITY, "university"),
        ScopeKind.PROVINCE: ("university",),
        ScopeKind.AUTHORITY: ("university",),
    }.get(kind, ())

    def call() -> None:
        for period in periods:
            figures_live(
                accepted_source(period), kind, keys=[key], indicators=indicators
            )
        for ranked in rankings:
            figures_live(accepted_source(latest), ranked, indicators=indicators[:1])

    return call


def bench_dashboards(client, runs: int = 7) -> list[tuple]:
    from django.core.cache import cache
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    rows = []
    for label, url, kind, key in _endpoints():
        response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        with CaptureQueriesContext(connection) as read:
            client.get(url)
        statements = [query["sql"] for query in read.captured_queries]

        def raw(statements=statements) -> None:
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
                    if cursor.description:
                        cursor.fetchall()

        endpoint = _times(runs, lambda url=url: client.get(url))

        def built(url=url) -> None:
            cache.clear()  # what the first read after a change of the data costs
            client.get(url)

        cold = _times(runs, built)
        sql = _times(runs, raw)
        live = _times(runs, _live(kind, key))
        rows.append(
            (
                label,
                len(statements),
                statistics.median(endpoint),
                _p95(endpoint),
                statistics.median(sql),
                statistics.median(live),
                statistics.median(cold),
                _p95(cold),
            )
        )
    print_rows(rows, runs)
    return rows


def print_rows(rows: list[tuple], runs: int) -> None:
    heading = (
        "dashboard endpoint",
        "queries",
        "median ms",
        "p95 ms",
        "raw SQL ms",
        "live ms",
        "×raw",
        "live÷",
        "built ms",
        "built p95",
    )
    width = max([len(heading[0])] + [len(row[0]) for row in rows])
    print(f"dashboards, {runs} runs each")
    print(f"{heading[0]:<{width}}" + "".join(f"{h:>11}" for h in heading[1:]))
    for label, queries, median, p95, sql, live, cold, cold_p95 in rows:
        ratio = median / sql if sql else float("nan")
        speedup = live / median if median else float("nan")
        print(
            f"{label:<{width}}{queries:>11}{median * 1000:>11.2f}{p95 * 1000:>11.2f}"
            f"{sql * 1000:>11.2f}{live * 1000:>11.2f}{ratio:>11.2f}{speedup:>11.1f}"
            f"{cold * 1000:>11.2f}{cold_p95 * 1000:>11.2f}"
        )
    print(
        "(a dashboard is built on its first read after a change of its data, then"
        " kept: 'built' clears the cache before each request)"
    )


def main() -> int:
    """Standalone: the demo seeded into a scratch test database (as scripts/bench.py
    does), then `bench_dashboards` as a ministry official."""
    import argparse
    import logging
    import os
    import sys
    import warnings
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carbonplan.settings")
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="requests per endpoint")
    runs = parser.parse_args().runs

    import django

    django.setup()
    logging.getLogger("axes").setLevel(logging.WARNING)
    warnings.filterwarnings("ignore", "No directory at", UserWarning)
    from django.conf import settings
    from django.test import Client, override_settings
    from django.test.utils import (
        setup_databases,
        setup_test_environment,
        teardown_databases,
    )

    setup_test_environment()
    plain = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    override_settings(
        SECURE_SSL_REDIRECT=False,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
        STORAGES={**settings.STORAGES, "staticfiles": plain},
    ).enable()
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        from institutions.demo import demo_seed
        from institutions.models import Membership

        with override_settings(DEBUG=True):
            demo_seed()
        official = Membership.objects.filter(role=Membership.Role.OFFICIAL).first()
        client = Client()
        client.force_login(official.user)
        bench_dashboards(client, runs)
    finally:
        teardown_databases(databases, verbosity=0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
