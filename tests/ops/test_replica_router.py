"""The optional read replica: with `DATABASE_REPLICA_URL` set, the figures' reads
inside `reading_from_replica()` go to the `replica` alias, all else to `default`.
In the tests the replica is the test database itself (TEST MIRROR)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connections, router
from django.test.utils import CaptureQueriesContext

from carbonplan.db_router import REPLICA, reading_from_replica
from reporting.models import FigureCell, Notification, Report
from tests.factories import PeriodFactory, ReportFactory, UniversityFactory

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module", autouse=True)
def replica(django_db_setup):
    """The `replica` alias, as settings.py makes it, on the test database (made
    before each test's database set-up, which must know every alias)."""
    connections.settings[REPLICA] = {
        **connections.settings["default"],
        "TEST": {"MIRROR": "default"},
    }
    yield connections[REPLICA]
    connections[REPLICA].close()
    del connections[REPLICA]
    del connections.settings[REPLICA]


@pytest.fixture
def no_replica():
    saved = connections.settings.pop(REPLICA)
    yield
    connections.settings[REPLICA] = saved


def _settings(**environ) -> str:
    environment = {k: v for k, v in os.environ.items() if not k.startswith("DATABASE")}
    environment.update(DJANGO_SETTINGS_MODULE="carbonplan.settings", **environ)
    code = (
        "from django.conf import settings as s; d = s.DATABASES;"
        "r = d.get('replica', {});"
        "print(sorted(d), r.get('NAME'), r.get('TEST'), s.DATABASE_ROUTERS)"
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    ).stdout.strip()


def test_the_replica_url_adds_a_mirrored_replica_alias():
    out = _settings(
        DATABASE_URL="postgres://u@127.0.0.1:5432/main",
        DATABASE_REPLICA_URL="postgres://u@10.0.0.2:5432/copy",
    )

    assert out.startswith("['default', 'replica'] copy {'MIRROR': 'default'}")


def test_without_a_replica_url_there_is_only_default():
    assert _settings(DATABASE_URL="sqlite:///:memory:").startswith("['default'] None")


def test_figures_are_read_from_the_replica_only_inside_the_context(db):
    assert FigureCell.objects.all().db == "default"
    with reading_from_replica():
        assert FigureCell.objects.all().db == REPLICA
        assert Report.objects.all().db == REPLICA
        # who may see what is never read from a lagging copy
        assert Notification.objects.all().db == "default"
        assert router.db_for_write(Report) == "default"
        assert Report.objects.select_for_update().db == "default"
    assert Report.objects.all().db == "default"


def test_without_a_replica_the_context_reads_default(db, no_replica):
    with reading_from_replica():
        assert FigureCell.objects.all().db == "default"


@pytest.mark.django_db(
    transaction=True, serialized_rollback=True, databases=["default", REPLICA]
)
def test_the_ministry_home_reads_its_figures_from_the_replica(replica, ministry_client):
    for _ in range(3):
        ReportFactory(university=UniversityFactory())

    with (
        CaptureQueriesContext(replica) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_default,
    ):
        response = ministry_client.get("/")

    assert response.status_code == 200
    assert any("reporting_report" in q["sql"] for q in on_replica.captured_queries)
    assert not any("reporting_report" in q["sql"] for q in on_default.captured_queries)
    assert any(
        "institutions_membership" in q["sql"] for q in on_default.captured_queries
    )
    assert response.context["home_reports"].counts is not None


def _replica_reads(replica, client, url: str, table: str) -> tuple[int, bool, bool]:
    """The status of `url`, and whether `table` was read on the replica and on
    default (a streamed body is read inside the capture: it queries as it goes)."""
    with (
        CaptureQueriesContext(replica) as on_replica,
        CaptureQueriesContext(connections["default"]) as on_default,
    ):
        response = client.get(url)
        if response.streaming:
            b"".join(response.streaming_content)
    return (
        response.status_code,
        any(table in q["sql"] for q in on_replica.captured_queries),
        any(table in q["sql"] for q in on_default.captured_queries),
    )


@pytest.mark.django_db(
    transaction=True, serialized_rollback=True, databases=["default", REPLICA]
)
@pytest.mark.parametrize(
    ("url", "table"),
    [
        ("/dashboard/", "reporting_figurecell"),
        ("/dashboard/?table=overview&format=csv", "reporting_figurecell"),
        ("/dashboard/map/", "reporting_report"),
        ("/dashboard/map/provinces.csv", "reporting_report"),
        ("/dashboard/completeness/", "reporting_report"),
        ("/api/v1/values/export/?period=2025&format=csv", "reporting_value"),
    ],
)
def test_dashboards_downloads_and_the_export_read_the_replica(
    replica, ministry_client, url, table
):
    period = PeriodFactory(year=2025)
    for _ in range(2):
        ReportFactory(university=UniversityFactory(), period=period)

    status, on_replica, on_default = _replica_reads(
        replica, ministry_client, url, table
    )

    assert status == 200
    assert on_replica, f"{url} did not read {table} on the replica"
    assert not on_default, f"{url} read {table} on default"
