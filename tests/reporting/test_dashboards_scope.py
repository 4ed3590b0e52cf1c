"""Who sees which dashboard, what an authority's figures hold, and the dashboards'
query counts, the same at 3 and at 12 universities."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from institutions.models import Authority
from tests.reporting.dashboards_support import csv_rows, more_universities
from tests.reporting.figures_support import accept, country

pytestmark = pytest.mark.django_db


@pytest.fixture
def accepted():
    """Two Beijing universities under EDU-11 and one Shanghai university under the
    ministry, each with IND-A1-01 = 5 accepted; the Shanghai one co-built by
    EDU-11 (its reviewers see it, its figures are not EDU-11's)."""
    reports, casts = country(3)
    for report in reports:
        accept(report, casts[report.pk])
    universities = [report.university for report in reports]
    universities[2].other_authorities.add(Authority.objects.get(code="EDU-11"))
    casts = {report.university.pk: casts[report.pk] for report in reports}
    return universities, casts, reports[0].period


def test_an_authority_s_figures_hold_only_its_universities(client, accepted):
    universities, casts, _period = accepted
    client.force_login(casts[universities[0].pk].reviewer)
    url = "/dashboard/authority/EDU-11/?indicator=IND-A1-01"

    page = client.get(url)
    overview = page.context["tables"]["overview"]
    row = next(r for r in overview.rows if r[0].values[0] == "IND-A1-01")
    assert (row[2].value, row[4].values) == (Decimal(10), (2, 2))
    ranked = page.context["tables"]["universities"]
    codes = {u.code for u in universities[:2]}
    assert {r[1].values[0] for r in ranked.rows} == codes
    assert "provinces" not in page.context["tables"]

    listed = csv_rows(client.get(url + "&table=universities&format=csv"))
    assert {line[1] for line in listed[1:]} == codes
    summed = csv_rows(client.get(url + "&table=overview&format=csv"))
    a101 = next(line for line in summed if line[1] == "IND-A1-01")
    assert a101[4:5] == ["10"]

    # The co-built university is theirs to see, not to add up; other scopes 404.
    assert client.get(f"/dashboard/university/{universities[2].pk}/").status_code == 200
    for elsewhere in (
        "/dashboard/",
        "/dashboard/province/11/",
        "/dashboard/authority/MOE/",
        "/dashboard/authority/MOE/?table=overview&format=csv",
        "/dashboard/?table=universities&format=xlsx",
    ):
        assert client.get(elsewhere).status_code == 404, elsewhere


def test_a_university_sees_only_its_own_dashboard(client, accepted):
    universities, casts, _period = accepted
    client.force_login(casts[universities[0].pk].reporter)
    assert client.get(f"/dashboard/university/{universities[0].pk}/").status_code == 200
    for elsewhere in (
        f"/dashboard/university/{universities[1].pk}/",
        f"/dashboard/university/{universities[1].pk}/?table=trend&format=csv",
        "/dashboard/authority/EDU-11/",
        "/dashboard/",
    ):
        assert client.get(elsewhere).status_code == 404, elsewhere


def _pages(universities) -> dict[str, str]:
    return {
        "nation": "/dashboard/?indicator=IND-A1-01",
        "province": "/dashboard/province/31/?indicator=IND-A1-01",
        "authority": "/dashboard/authority/MOE/?indicator=IND-A1-01",
        "university": f"/dashboard/university/{universities[2].pk}/",
        "csv": "/dashboard/?table=universities&format=csv",
        "home": "/",
    }


def _counts(client, universities) -> dict[str, int]:
    counts = {}
    for name, url in _pages(universities).items():
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, name
        counts[name] = len(captured)
    return counts


# Pinned: session, user and membership, the periods, the default period, the
# indicators, the period's figures (3), the trend's indicator in every period (3),
# each scope ranking (3 + names), the universities' ranking (its top ten + names);
# where there are targets (the nation, a university), the targets and each
# indicator's baseline (3); the nation's page adds its cartogram (2 + provinces);
# the home adds its own cards and reports; and the data's version, the key of what
# is kept rendered (1: a first read, as here, builds it; test_dashboard_cache.py
# counts the second). No session write: the login set the activity, written again
# at most once a minute (accounts.middleware).
QUERIES = {
    "nation": 27,
    "province": 15,
    "authority": 15,
    "university": 25,
    "csv": 23,
    "home": 33,
}


def test_the_dashboards_keep_their_query_counts_from_3_to_12_universities(
    client, accepted
):
    universities, casts, period = accepted
    client.force_login(casts[universities[0].pk].official)
    small = _counts(client, universities)
    more_universities(period, 9, casts)
    large = _counts(client, universities)
    assert small == large == QUERIES
