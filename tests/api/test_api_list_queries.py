"""Every list of the API answers in the same number of queries whatever the size of
the data and of the page: each list is read at one university's worth of data in
pages of 2 rows, and again at four universities' worth in pages of 100, as an
official and as an authority's reviewer. A list added to the router without a row
here fails `test_every_list_is_measured`."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import ApiToken
from institutions.models import Membership, Province
from reporting.models import Notification, Report, ReportRun, ReportRunFile
from tests.api.accepted import accept_with_values
from tests.factories import (
    AuthorityFactory,
    IndicatorFactory,
    MembershipFactory,
    UniversityFactory,
    UserFactory,
    make_open_period_with_report,
)
from tests.scoping_api import _evidence, _field_comment, _target, _value

# Lists whose rows grow with the data set below (the plan's horizons, actions,
# tasks and technology fields are reference data: their page size changes only).
GROWING = {
    "provinces": "/api/v1/provinces/",
    "authorities": "/api/v1/authorities/",
    "universities": "/api/v1/universities/",
    "indicators": "/api/v1/indicators/",
    "targets": "/api/v1/targets/",
    "periods": "/api/v1/periods/",
    "reports": "/api/v1/reports/?period=",
    "sections": "/api/v1/sections/",
    "values": "/api/v1/values/",
    "transitions": "/api/v1/transitions/",
    "narratives": "/api/v1/narratives/",
    "field-comments": "/api/v1/field-comments/",
    "evidence": "/api/v1/evidence/",
    "accepted-values": "/api/v1/accepted-values/",
    "notifications": "/api/v1/notifications/",
    "report-runs": "/api/v1/report-runs/",
    "tokens": "/api/v1/tokens/",
}
FIXED = {
    "horizons": "/api/v1/horizons/",
    "actions": "/api/v1/actions/",
    "tasks": "/api/v1/tasks/",
    "technology-fields": "/api/v1/technology-fields/",
}


def test_every_list_is_measured():
    from carbonplan.api.urls import router

    prefixes = {prefix for prefix, _viewset, _basename in router.registry}
    assert prefixes == set(GROWING) | set(FIXED)


def _grow(number: int, membership: Membership) -> None:
    """One university's worth of everything the lists show, in the caller's scope
    (of the reviewer's authority, else of an authority of its own): a report
    (passed or accepted) with sections, values, a step, a reviewer's comment, a
    file, accepted figures, a target, a ministry report of its authority; a
    notification and a token of the caller's own."""
    university = UniversityFactory(
        authority=membership.authority or AuthorityFactory(),
        province=Province.objects.order_by("code")[number],
    )
    report = make_open_period_with_report(university)
    report.state = Report.State.ACCEPTED if number % 2 else Report.State.PASSED
    report.save()
    indicators = [IndicatorFactory() for _ in range(3)]
    insider = MembershipFactory(
        user=UserFactory(), role=Membership.Role.REPORTER, university=university
    )
    for indicator in indicators:
        ctx = {
            "report": report,
            "indicator": indicator,
            "university": university,
            "insider_membership": insider,
        }
        _value(ctx)
        _target(ctx)
        _field_comment(ctx)
    _evidence(ctx)
    accept_with_values(report, indicators)
    Notification.objects.create(user=membership.user, report=report, kind="pass")
    run = ReportRun.objects.create(
        kind=ReportRun.Kind.AUTHORITY,
        period=report.period,
        authority=university.authority,
        slot=f"s{number}",
        schedule="weekly",
        state=ReportRun.State.DONE,
    )
    ReportRunFile.objects.create(
        run=run, format="xlsx", file="report-runs/a.xlsx", size=4, sha256="0" * 64
    )
    ApiToken.issue(
        user=membership.user,
        membership=membership,
        name=f"script {number}",
        read_only=True,
        days=1,
    )


def _read(client, url: str, page_size: int) -> tuple[int, int]:
    """The list's query count and its number of rows."""
    joiner = "&" if "?" in url else "?"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(f"{url}{joiner}page_size={page_size}")
    assert response.status_code == 200, (url, response.content)
    return len(queries), len(response.json()["results"])


@pytest.mark.parametrize("role", ["official", "reviewer"])
def test_list_query_counts_depend_on_neither_data_nor_page_size(
    client, authority, role
):
    if role == "official":
        membership = MembershipFactory(role=Membership.Role.OFFICIAL, university=None)
    else:
        membership = MembershipFactory(
            role=Membership.Role.REVIEWER, university=None, authority=authority
        )
    client.force_login(membership.user)
    lists = {**GROWING, **FIXED}
    _grow(1, membership)
    for url in lists.values():
        client.get(url)  # warm the caches (content types, sessions)
    small = {name: _read(client, url, 2) for name, url in lists.items()}
    for number in (2, 3, 4):
        _grow(number, membership)
    large = {name: _read(client, url, 100) for name, url in lists.items()}

    counts = {name: (small[name][0], large[name][0]) for name in lists}
    assert {name: a for name, (a, b) in counts.items() if a != b} == {}, counts
    # A reviewer's authorities are its own only.
    for name in GROWING.keys() - ({"authorities"} if role == "reviewer" else set()):
        assert large[name][1] > small[name][1] >= 1, (name, small[name], large[name])
    for name in FIXED:
        assert large[name][1] > small[name][1] == 2, (name, small[name], large[name])
