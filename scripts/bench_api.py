"""The API's speed, for `make bench` (section "API" of scripts/bench.py, or alone:
`.venv/bin/python scripts/bench_api.py [--universities 400] [--seconds 10]`).

On the bench's scratch database it grows a synthetic set (scripts/bench_scale.py's
universities × 5 periods, then every report's sections and a value for each of the
catalogue's indicators, written by the database with INSERT … SELECT: 130 values a
report, 260 k for 400 universities) and prints:

- the query count of every API list at two data sizes and two page sizes (they
  must not move);
- requests per second of the values list's 100-row page against a plain Django
  view answering the same rows with `values()` and a JsonResponse
  (scripts/bench_api_server.py), side by side in one process with the test client,
  and their ratio;
- under gunicorn (PostgreSQL only: the server must reach the scratch database), p50
  and p95 latency and requests per second at 8 concurrent connections, for the API
  with a token and with a session, and for the plain view.

Nothing is asserted: compare with an earlier run on the same machine.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "carbonplan.settings")

from scripts.bench_api_load import run_gunicorn  # noqa: E402

API_LISTS = (
    "provinces",
    "authorities",
    "universities",
    "horizons",
    "actions",
    "tasks",
    "technology-fields",
    "indicators",
    "targets",
    "periods",
    "reports",
    "sections",
    "values",
    "transitions",
    "narratives",
    "field-comments",
    "evidence",
    "accepted-values",
    "notifications",
    "tokens",
)
PAGE = 100  # rows of the measured page


def seed_values(universities: int) -> int:
    """Grow the synthetic set to `universities` (bench_scale.seed_scale), give every
    synthetic report its sections and a value per indicator, in two statements;
    returns the number of values."""
    from django.db import connection
    from django.utils import timezone

    from reporting.models import Value
    from scripts.bench_scale import CODE_PREFIX, seed_scale

    seed_scale(universities)
    now = timezone.now()
    synthetic = (
        "SELECT r.id FROM reporting_report r JOIN institutions_university u"
        " ON u.id = r.university_id WHERE u.code LIKE %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO reporting_reportsection (report_id, action_id, version,"
            " is_zero_report, zero_note, narrative_done, narrative_obstacles,"
            " narrative_next, revision, updated_at)"
            " SELECT r.id, a.id, 1, %s, '', '', '', '', 0, %s"
            " FROM reporting_report r CROSS JOIN initiatives_action a"
            f" WHERE r.id IN ({synthetic}) AND NOT EXISTS (SELECT 1 FROM"
            " reporting_reportsection s WHERE s.report_id = r.id)",
            [False, now, f"{CODE_PREFIX}%"],
        )
        if connection.vendor == "postgresql":  # or the next plan guesses blind
            cursor.execute("ANALYZE reporting_reportsection")
        number = "(s.report_id * 7 + i.id) %% 1000"
        cursor.execute(
            "INSERT INTO reporting_value (report_id, section_id, indicator_id, status,"
            " raw, number, date_value, bool_value, error_code, explanation, revision,"
            " updated_at)"
            " SELECT s.report_id, s.id, i.id, 'entered',"
            " CASE i.value_type WHEN 'boolean' THEN 'yes' WHEN 'date' THEN '2025-03-01'"
            f" ELSE CAST({number} AS VARCHAR(10)) END,"
            " CASE WHEN i.value_type IN ('boolean', 'date') THEN NULL"
            f" ELSE {number} END,"
            " CASE i.value_type WHEN 'date' THEN %s END,"
            " CASE i.value_type WHEN 'boolean' THEN %s END,"
            " '', '', 0, %s"
            " FROM reporting_reportsection s JOIN initiatives_indicator i"
            " ON i.action_id = s.action_id"
            f" WHERE s.report_id IN ({synthetic}) AND NOT EXISTS (SELECT 1 FROM"
            " reporting_value v WHERE v.report_id = s.report_id)",
            [now.date().replace(month=3, day=1), True, now, f"{CODE_PREFIX}%"],
        )
        if connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
    return Value.objects.count()


def _official():
    from scripts.bench_scale import _users

    officials, _reviewer = _users()
    return officials[0]


def list_query_counts(client, page_size: int) -> dict[str, int]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = {}
    for name in API_LISTS:
        url = f"/api/v1/{name}/?page_size={page_size}"
        if name == "reports":
            url += "&period="
        client.get(url)  # warm-up (content types, sessions)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, (url, response.status_code)
        counts[name] = len(queries)
    return counts


def _rate(client, url: str, seconds: float) -> tuple[float, float]:
    """Requests per second of `url` over about `seconds`, and the CPU milliseconds
    of this process per request (the server's share of a request, whatever else
    loads the machine; the database's share is not in it)."""
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    done, started, cpu = 0, time.perf_counter(), time.process_time()
    while (elapsed := time.perf_counter() - started) < seconds:
        client.get(url)
        done += 1
    return done / elapsed, (time.process_time() - cpu) * 1000 / done


def in_process(client, seconds: float, rounds: int = 3) -> list[tuple]:
    """The API's page and the plain view's, alternated in `rounds` so that both
    see the same load on the machine; the median of each."""
    from django.test import override_settings

    from scripts.bench_api_server import PLAIN_URL

    rows = []
    year = 2025
    cases = {
        "first page": f"page_size={PAGE}",
        f"period {year}": f"page_size={PAGE}&period={year}",
    }
    with override_settings(ROOT_URLCONF="scripts.bench_api_server"):
        for label, query in cases.items():
            api, plain = [], []
            for _ in range(rounds):
                api.append(_rate(client, f"/api/v1/values/?{query}", seconds))
                plain.append(_rate(client, f"{PLAIN_URL}?{query}", seconds))
            api_rate, api_cpu = (statistics.median(m) for m in zip(*api, strict=True))
            plain_rate, plain_cpu = (
                statistics.median(m) for m in zip(*plain, strict=True)
            )
            rows.append(
                (label, api_rate, plain_rate, api_rate / plain_rate, api_cpu, plain_cpu)
            )
    return rows


def run(universities: int, seconds: float) -> None:
    """Seed, measure and print; called by scripts/bench.py on its scratch database."""
    from django.conf import settings
    from django.db import connection
    from django.test import Client, override_settings

    from accounts.models import ApiToken

    vendor = connection.vendor
    # Throttles stay on (their cache reads are part of a request's cost) but high.
    rest = {
        **settings.REST_FRAMEWORK,
        "DEFAULT_THROTTLE_RATES": {"user": "100000/second", "token": "100000/second"},
    }
    with override_settings(REST_FRAMEWORK=rest):
        official = _official()
        client = Client()
        client.force_login(official)
        small_size = max(10, universities // 20)
        sizes = {}
        for size, page_size in ((small_size, 2), (universities, PAGE)):
            started = time.perf_counter()
            count = seed_values(size)
            seeded = time.perf_counter() - started
            sizes[size] = (count, seeded, list_query_counts(client, page_size))
        local = in_process(client, seconds)

    print(f"\nAPI on {vendor}")
    for size, (count, seeded, _counts) in sizes.items():
        print(f"{size} universities: {count} values, seeded in {seeded:.1f} s")
    (small, (_, _, a)), (large, (_, _, b)) = sizes.items()
    print(f"\nqueries per list     {small:>5} u., 2/page  {large:>5} u., {PAGE}/page")
    for name in API_LISTS:
        flag = "" if a[name] == b[name] else "   <- grows"
        print(f"{name:<20} {a[name]:>16} {b[name]:>18}{flag}")
    print(
        f"\nin process ({PAGE}-row page)   API req/s  plain req/s  ratio"
        "   CPU ms/req: API  plain"
    )
    for label, api_rate, plain_rate, ratio, api_cpu, plain_cpu in local:
        print(
            f"{label:<26} {api_rate:10.1f} {plain_rate:12.1f} {ratio:6.0%}"
            f"   {api_cpu:15.1f} {plain_cpu:6.1f}"
        )

    if vendor != "postgresql":
        print(
            "\ngunicorn: skipped (needs PostgreSQL, which the server process reaches)"
        )
        return
    membership = official.memberships.get()
    _token, key = ApiToken.issue(
        user=official, membership=membership, name="bench", read_only=True, days=1
    )
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    run_gunicorn(token=key, session=session, page=PAGE, seconds=seconds)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--universities", type=int, default=400)
    parser.add_argument("--seconds", type=float, default=5, help="per measurement")
    args = parser.parse_args()

    import django

    django.setup()
    from scripts.bench import scratch_database

    with scratch_database():
        run(args.universities, args.seconds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
