"""The figures layer on the national set, for `make bench` (scripts/bench.py runs it
on PostgreSQL after its own measures, in a scratch database of its own).

Writes the national set (`seed_national`: 3,167 universities × 10 periods, or
--national-universities of them) and prints, side by side: the rollup read (through
the figures layer and as its raw SQL) against the same figures aggregated live over
the accepted values, with the ratio; the rollup rebuild's time; whether a reader in
another connection waited while the rollup was rebuilt (its latency before and
during the rebuild, and reads refused for waiting on a lock); and the existing
pages at national scale (scripts/bench_scale.py's table). Nothing is asserted.

On its own, it measures a database that already holds the national set (written by
`manage.py seed_national`; it rebuilds that database's rollup and adds the bench's
users), without seeding:

    DATABASE_URL=postgres://… .venv/bin/python scripts/bench_figures.py [--runs 7]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path

READER_LOCK_TIMEOUT = "1s"  # a reader that waits this long on a lock is refused
BASELINE_READS = 30


def figure_reads(period, kind: str, indicators: list):
    """Three ways to the same figures of a scope kind in a period, to time side by
    side: the figures layer's read, its SQL replayed on a cursor (what the layer
    cannot beat), and the live aggregate over the accepted values."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reporting.figures import indicator_figures
    from reporting.rollup import accepted_source, figures_live

    def layer():
        indicator_figures(period=period, scope_kind=kind, indicators=indicators)

    with CaptureQueriesContext(connection) as read:
        layer()
    statements = [query["sql"] for query in read.captured_queries]

    def raw():
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)
                cursor.fetchall()

    def live():
        figures_live(accepted_source(period), kind)

    return layer, raw, live


def _median(runs: int, call) -> float:
    call()  # warm-up, not counted
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def national_bench(runs: int, universities: int | None = None) -> None:
    """Seed a scratch database, measure and print (the caller has set up the test
    environment)."""
    from django.db import connection
    from django.test.utils import setup_databases, teardown_databases

    from reporting.demo.national import national_seed

    if connection.vendor != "postgresql":
        print("\nnational set: PostgreSQL only (set DATABASE_URL); skipped")
        return
    databases = setup_databases(verbosity=0, interactive=False)
    try:
        started = time.perf_counter()
        result = national_seed(universities=universities)
        rows: list[tuple[str, str]] = [
            ("seed_national", f"{time.perf_counter() - started:10.1f} s")
        ]
        rows += [(f"  {label}", f"{s:10.1f} s") for label, s in result.seconds.items()]
        rows += [(f"  {table}", f"{n:>10,} rows") for table, n in result.rows.items()]
        _measure(runs, rows)
    finally:
        teardown_databases(databases, verbosity=0)


def _measure(runs: int, rows: list[tuple[str, str]]) -> None:
    from django.test import override_settings

    from institutions.models import University
    from scripts.bench_scale import measure, print_table

    rows += _figures_rows(runs)
    rows += _rebuild_rows()
    width = max(len(label) for label, _ in rows)
    print(f"\n{'national set on postgresql':<{width}}")
    for label, value in rows:
        print(f"{label:<{width}}  {value}")
    with override_settings(DEBUG=True):  # so that each query's time is kept
        size = University.objects.count()
        print_table(measure(size, runs), "postgresql, national set")
    _dashboards(runs)


def _dashboards(runs: int) -> None:
    """The dashboards on the national set, as a ministry official made for it."""
    from django.test import Client

    from accounts.models import User
    from institutions.models import Membership
    from scripts.bench_dashboards import bench_dashboards

    user, _ = User.objects.get_or_create(username="bench-official@example.org")
    Membership.objects.get_or_create(user=user, role=Membership.Role.OFFICIAL)
    client = Client()
    client.force_login(user)
    bench_dashboards(client, runs)


def _figures_rows(runs: int) -> list[tuple[str, str]]:
    """Rollup read (layer, raw SQL) against the live aggregate, per scope kind, in
    the latest period with accepted reports."""

    from initiatives.models import Indicator
    from reporting.models import ReportingPeriod, ScopeKind

    period = (
        ReportingPeriod.objects.filter(reports__counting_version__isnull=False)
        .order_by("-year")
        .first()
    )
    indicators = list(Indicator.objects.active())
    rows = []
    for kind in (ScopeKind.NATION, ScopeKind.PROVINCE, ScopeKind.AUTHORITY):
        layer, raw, live = figure_reads(period, kind, indicators)
        times = {
            "raw": _median(runs, raw),
            "layer": _median(runs, layer),
            "live": _median(max(1, runs // 3), live),
        }
        label = f"figures {kind} {period.year}"
        rows += [
            (f"{label}: rollup read, raw SQL", f"{times['raw'] * 1000:10.1f} ms"),
            (f"{label}: rollup read, layer", f"{times['layer'] * 1000:10.1f} ms"),
            (f"{label}: live aggregate", f"{times['live'] * 1000:10.1f} ms"),
            (f"{label}: live / layer", f"{times['live'] / times['layer']:10.1f} ×"),
            (f"{label}: layer / raw SQL", f"{times['layer'] / times['raw']:10.2f} ×"),
        ]
    return rows


def _rebuild_rows() -> list[tuple[str, str]]:
    """Rebuild every period while another connection reads the open period's
    provincial figures in a loop: the reader's latency before and during."""
    from django.db import OperationalError, connection, connections

    from initiatives.models import Indicator
    from reporting.figures import indicator_figures
    from reporting.models import ReportingPeriod, ScopeKind
    from reporting.services.figures import figures_rebuild

    period = ReportingPeriod.objects.order_by("-year").first()
    indicators = list(Indicator.objects.active())
    before: list[float] = []
    during: list[float] = []
    refused: list[str] = []
    rebuilding = threading.Event()
    finished = threading.Event()

    reader_pid: list[int] = []
    lock_samples: list[str] = []

    def reader() -> None:
        with connection.cursor() as cursor:
            cursor.execute(f"SET lock_timeout = '{READER_LOCK_TIMEOUT}'")
            cursor.execute("SELECT pg_backend_pid()")
            reader_pid.append(cursor.fetchone()[0])
        try:
            while not finished.is_set():
                started = time.perf_counter()
                try:
                    indicator_figures(
                        period=period,
                        scope_kind=ScopeKind.PROVINCE,
                        indicators=indicators,
                    )
                except OperationalError as exc:  # a lock waited for too long
                    refused.append(str(exc))
                    continue
                seconds = time.perf_counter() - started
                (during if rebuilding.is_set() else before).append(seconds)
        finally:
            connections.close_all()

    def sampler() -> None:
        """What the reader's backend waits for, every 20 ms of the rebuild."""
        try:
            with connection.cursor() as cursor:
                while not finished.is_set():
                    cursor.execute(
                        "SELECT coalesce(wait_event_type, '') FROM pg_stat_activity"
                        " WHERE pid = %s",
                        reader_pid,
                    )
                    found = cursor.fetchone()
                    lock_samples.append(found[0] if found else "")
                    time.sleep(0.02)
        finally:
            connections.close_all()

    thread = threading.Thread(target=reader)
    thread.start()
    while len(before) < BASELINE_READS and thread.is_alive():
        time.sleep(0.05)
    watcher = threading.Thread(target=sampler)
    rebuilding.set()
    watcher.start()
    started = time.perf_counter()
    cells = figures_rebuild()
    rebuild_seconds = time.perf_counter() - started
    finished.set()
    thread.join()
    watcher.join()
    on_lock = lock_samples.count("Lock")

    def ms(values: list[float], share: float) -> str:
        if not values:
            return "   (none)"
        ordered = sorted(values)
        return (
            f"{ordered[min(len(ordered) - 1, int(len(ordered) * share))] * 1000:8.1f}"
        )

    # Waiting means waiting on a lock; a reader slower on a busy machine (the
    # rebuild takes a core) shows in the latencies above, not here.
    waited = bool(refused) or on_lock > 0
    return [
        (
            "rollup rebuild, every period",
            f"{rebuild_seconds:10.1f} s ({cells:,} cells)",
        ),
        (
            "reader before rebuild: reads, p50, p95, max ms",
            f"{len(before):6d} {ms(before, 0.5)} {ms(before, 0.95)} {ms(before, 1)}",
        ),
        (
            "reader during rebuild: reads, p50, p95, max ms",
            f"{len(during):6d} {ms(during, 0.5)} {ms(during, 0.95)} {ms(during, 1)}",
        ),
        ("reader refused on a lock wait", f"{len(refused):10d}"),
        (
            "reader seen waiting on a lock (samples)",
            f"{on_lock:10d} of {len(lock_samples):,}",
        ),
        ("a concurrent reader waited", "yes" if waited else "no"),
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="reads per measure")
    parser.add_argument(
        "--dashboards-only",
        action="store_true",
        help="only the dashboards' table (no rollup rebuild, no pages)",
    )
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carbonplan.settings")
    import django

    django.setup()
    from django.db import connection
    from django.test import override_settings
    from django.test.utils import setup_test_environment

    if connection.vendor != "postgresql":
        print("PostgreSQL only (set DATABASE_URL)")
        return 1
    setup_test_environment()
    plain_static = {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}
    from django.conf import settings

    with override_settings(
        SECURE_SSL_REDIRECT=False,
        ALLOWED_HOSTS=["testserver"],
        STORAGES={**settings.STORAGES, "staticfiles": plain_static},
    ):
        if args.dashboards_only:
            _dashboards(args.runs)
        else:
            _measure(args.runs, [])
    return 0


if __name__ == "__main__":
    sys.exit(main())
