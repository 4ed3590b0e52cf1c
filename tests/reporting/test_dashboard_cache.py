"""The dashboards are built once per change of their data (reporting/dashboards/
cache.py): read again, a dashboard answers from what it rendered, in a few queries
whatever the numbers; after an acceptance, a reopening or a target set, the next
read shows the change."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives.models import Horizon, Indicator, Target
from reporting.models import Report
from tests.reporting.dashboards_support import more_universities, two_years
from tests.reporting.figures_support import accept, edit, reopen

pytestmark = pytest.mark.django_db

# Read again: session, user and membership, the periods, the data's version, the
# default period (for the title) and the unread notifications (the navbar).
HIT_QUERIES = 7


@pytest.fixture
def country2():
    """IND-A1-01 in 2023 is 12 and 24; the third university has not reported."""
    return two_years(3, first=["10", "20", "30"], second=["12", "24", None])


def _read(client, url: str):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return response, len(captured)


def _a101(response) -> Decimal:
    overview = response.context["tables"]["overview"]  # only there when just built
    keys = [column.key for column in overview.columns]
    for row in overview.rows:
        if row[0].values and row[0].values[0] == "IND-A1-01":
            return row[keys.index("figure")].value
    raise AssertionError("IND-A1-01 is not on the dashboard")


def test_a_dashboard_read_again_answers_from_its_rendering(ministry_client, country2):
    _universities, casts, (_old, period) = country2
    first, built = _read(ministry_client, "/dashboard/")
    again, kept = _read(ministry_client, "/dashboard/")

    assert again.context["dashboard"] == first.context["dashboard"]
    assert "tables" not in again.context  # nothing was built the second time
    assert kept == HIT_QUERIES < built

    more_universities(period, 9, casts)  # twelve universities: built anew, then kept
    _read(ministry_client, "/dashboard/")
    _response, kept_at_12 = _read(ministry_client, "/dashboard/")
    assert kept_at_12 == HIT_QUERIES


def test_an_acceptance_shows_on_the_next_read(ministry_client, country2):
    universities, casts, (_old, period) = country2
    before, _ = _read(ministry_client, "/dashboard/")
    assert _a101(before) == Decimal(36)
    assert "2 / 3 所高校" in before.content.decode()

    third = Report.objects.get(period=period, university=universities[2])
    edit(third, casts[universities[2].pk], "IND-A1-01", "33")
    accept(third, casts[universities[2].pk])

    after, _ = _read(ministry_client, "/dashboard/")
    assert _a101(after) == Decimal(69)
    assert "3 / 3 所高校" in after.content.decode()


def test_a_reopening_and_a_new_acceptance_show_on_the_next_read(
    ministry_client, country2
):
    universities, casts, (_old, period) = country2
    _read(ministry_client, "/dashboard/")
    first = Report.objects.get(period=period, university=universities[0])
    cast = casts[universities[0].pk]

    assert reopen(first, cast)
    reopened, _ = _read(ministry_client, "/dashboard/")
    # the last accepted version counts until a new one is accepted
    assert _a101(reopened) == Decimal(36)

    edit(first, cast, "IND-A1-01", "11")
    accept(first, cast)
    corrected, _ = _read(ministry_client, "/dashboard/")
    assert _a101(corrected) == Decimal(35)


def test_a_target_set_shows_on_the_next_read(ministry_client, country2):
    url = "/dashboard/?indicator=IND-A1-01"
    _read(ministry_client, url)
    _read(ministry_client, url)  # kept

    Target.objects.create(
        indicator=Indicator.objects.get(code="IND-A1-01"),
        horizon=Horizon.objects.get(code="H1"),
        value=Decimal(100),
    )

    response, _ = _read(ministry_client, url)
    overview = response.context["tables"]["overview"]
    keys = [column.key for column in overview.columns]
    row = next(r for r in overview.rows if r[0].values[0] == "IND-A1-01")
    assert row[keys.index("target")].values == (2025, Decimal(100))


def test_each_language_and_download_is_kept_apart(ministry_client, country2):
    chinese, _ = _read(ministry_client, "/dashboard/")
    english = ministry_client.get("/dashboard/", HTTP_ACCEPT_LANGUAGE="en")
    assert "Indicator" in english.content.decode()
    assert english.content != chinese.content

    url = "/dashboard/?table=overview&format=csv"
    csv_first, built = _read(ministry_client, url)
    csv_again, kept = _read(ministry_client, url)
    assert csv_again.content == csv_first.content
    assert csv_again["Content-Type"] == csv_first["Content-Type"]
    assert csv_first.content.startswith("\ufeff".encode())
    assert kept < built
