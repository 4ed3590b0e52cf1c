"""A rebuild of the figures rollup never leaves a reader waiting or half-served:
readers in other connections go on reading the old cells until each period's new
ones are swapped in by one short transaction."""

from __future__ import annotations

import threading
import time

import pytest
from django.db import connection

from reporting.services.figures import figures_rebuild
from tests.reporting.figures_support import accept, country, stored_cells

REBUILDS = 6


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_reader_gets_every_figure_while_the_rollup_is_rebuilt():
    reports, casts = country(3)
    for report in reports[:2]:
        accept(report, casts[report.pk])
    period = reports[0].period
    full = stored_cells(period)
    done, failures, rebuilding = threading.Event(), [], []

    def rebuild():
        try:
            for _ in range(REBUILDS):
                started = time.perf_counter()
                figures_rebuild(periods=[period])
                rebuilding.append(time.perf_counter() - started)
        except Exception as exc:  # shown by the assertion below
            failures.append(exc)
        finally:
            connection.close()
            done.set()

    with connection.cursor() as cursor:  # waiting for any lock fails the read
        cursor.execute("SET lock_timeout = '200ms'")
    reads = []
    thread = threading.Thread(target=rebuild)
    thread.start()
    while not done.is_set():
        reads.append(stored_cells(period))
    thread.join()

    assert not failures
    assert len(rebuilding) == REBUILDS
    assert reads, "no read overlapped the rebuilds"
    assert all(read == full for read in reads)
    assert stored_cells(period) == full
