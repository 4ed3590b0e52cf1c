"""Timings that the test suite must not assert: `make bench`.

Creates a scratch test database (in-memory SQLite, or a `test_` copy of the database
DATABASE_URL names; the real one is never touched), seeds the demo once and times it,
then times a few pages with Django's test client (median of --runs requests, the
first request not counted) and the figures layer (rollup read, its raw SQL, the live
aggregate, a rebuild), and prints a small table. Then it grows a synthetic set to
each of --sizes universities × 5 periods (scripts/bench_scale.py) and prints the
list pages' times, their SQL time and their query counts at each size: the counts
must not move, and a time that grows with the size is a statement to fix. Nothing
here fails: compare the numbers with an earlier run on the same machine. For
PostgreSQL, set DATABASE_URL (the bench makes and drops its `test_` copy); there it
then writes the national set into a fresh copy and measures the figures layer, a
rebuild under a concurrent reader and the pages on it (scripts/bench_figures.py).

    .venv/bin/python scripts/bench.py [--runs 7] [--sizes 10,1000] [--no-national]
"""

from __future__ import annotations

import argparse
import logging
import os
import statistics
import sys
import time
import warnings
from contextlib import contextmanager
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carbonplan.settings")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="requests per page")
    parser.add_argument(
        "--sizes",
        default="10,1000",
        help="synthetic universities (× 5 periods) at which the pages are measured",
    )
    parser.add_argument(
        "--api-universities",
        type=int,
        default=400,
        help="synthetic universities for the API section (130 values a report); 0: skip",
    )
    parser.add_argument(
        "--api-seconds", type=float, default=5, help="per API measurement"
    )
    parser.add_argument(
        "--no-national",
        action="store_true",
        help="skip the national set (seed_national; PostgreSQL only)",
    )
    parser.add_argument(
        "--national-universities",
        type=int,
        default=None,
        help="universities of the national set (default: the whole list, 3,167)",
    )
    args = parser.parse_args()
    runs = args.runs
    sizes = [int(size) for size in args.sizes.split(",") if size]

    import django

    django.setup()
    from django.conf import settings
    from django.test import Client, override_settings
    from django.urls import reverse

    from scripts.bench_api import run as run_api
    from scripts.bench_scale import measure, print_table, seed_scale

    with scratch_database():
        from accounts.models import User
        from institutions.demo import DEMO_UNIVERSITY, demo_seed
        from reporting.models import Report

        rows: list[tuple[str, float]] = []
        with override_settings(DEBUG=True):
            started = time.perf_counter()
            demo_seed()
            rows.append(("demo seed (once)", time.perf_counter() - started))

        report = Report.objects.get(period__year=2025, university__code=DEMO_UNIVERSITY)
        client = Client()
        client.force_login(User.objects.get(username="reporter@example.com"))
        pages = {
            "report form page": reverse("reporting:report-form", args=[report.pk]),
            "report list page": reverse("reporting:report-list"),
        }
        for label, url in pages.items():
            assert client.get(url).status_code == 200, url  # warm-up, not counted
            times = []
            for _ in range(runs):
                started = time.perf_counter()
                client.get(url)
                times.append(time.perf_counter() - started)
            rows.append((f"{label} (median of {runs})", statistics.median(times)))
        rows += _figures_rows(runs)

        measures = []
        with override_settings(DEBUG=True):  # so that each query's time is kept
            for size in sizes:
                started = time.perf_counter()
                seed_scale(size)
                rows.append(
                    (
                        f"{size} universities × 5 periods (bulk)",
                        time.perf_counter() - started,
                    )
                )
                measures += measure(size, runs)

        vendor = settings.DATABASES["default"]["ENGINE"].rsplit(".", 1)[-1]
        width = max(len(label) for label, _ in rows)
        print(f"{'on ' + vendor:<{width}}  seconds")
        for label, seconds in rows:
            print(f"{label:<{width}}  {seconds:8.4f}")
        print_table(measures, vendor)
        if args.api_universities:
            run_api(args.api_universities, args.api_seconds)
    if not args.no_national:
        from scripts.bench_figures import national_bench

        national_bench(runs, args.national_universities)
    return 0


@contextmanager
def scratch_database():
    """A `test_` copy of the configured database (in-memory for SQLite), dropped
    at the end unless BENCH_KEEPDB is set, with the settings a plain-HTTP test client needs."""
    for noisy in ("axes", "celery"):
        logging.getLogger(noisy).setLevel(logging.WARNING)
    # whitenoise looks for STATIC_ROOT, which only collectstatic creates
    warnings.filterwarnings("ignore", "No directory at", UserWarning)

    from django.conf import settings
    from django.test import override_settings
    from django.test.utils import (
        setup_databases,
        setup_test_environment,
        teardown_databases,
    )

    setup_test_environment()
    plain_static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    quiet_http = override_settings(
        SECURE_SSL_REDIRECT=False,
        SESSION_COOKIE_SECURE=False,
        CSRF_COOKIE_SECURE=False,
        STORAGES={**settings.STORAGES, "staticfiles": plain_static},
    )
    quiet_http.enable()
    # BENCH_KEEPDB=1 keeps the copy and its data for the next run (the seeds add
    # only what is missing).
    keep = bool(os.environ.get("BENCH_KEEPDB"))
    databases = setup_databases(verbosity=0, interactive=False, keepdb=keep)
    try:
        yield
    finally:
        teardown_databases(databases, verbosity=0, keepdb=keep)


def _median(runs: int, call) -> float:
    call()  # warm-up, not counted
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _figures_rows(runs: int) -> list[tuple[str, float]]:
    """The figures layer on the demo data: the rollup read (through the layer and as
    the raw SQL it runs) against the same figures aggregated live over the values,
    and a rebuild of the whole rollup."""

    from initiatives.models import Indicator
    from reporting.models import ReportingPeriod, ScopeKind
    from reporting.services.figures import figures_rebuild
    from scripts.bench_figures import figure_reads

    period = ReportingPeriod.objects.filter(reports__counting_version__isnull=False)
    period = period.order_by("-year").first()
    indicators = list(Indicator.objects.active())
    rows = []
    started = time.perf_counter()
    figures_rebuild()
    rows.append(
        ("figures: rollup rebuild, every period", time.perf_counter() - started)
    )
    for kind in (ScopeKind.NATION, ScopeKind.PROVINCE):
        layer, raw, live = figure_reads(period, kind, indicators)
        for label, call in (("raw SQL of the", raw), ("layer", layer), ("live", live)):
            rows.append((f"figures {kind}: {label} read", _median(runs, call)))
    return rows


if __name__ == "__main__":
    sys.exit(main())
