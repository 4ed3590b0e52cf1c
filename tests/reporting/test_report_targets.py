"""A university's own targets are reviewed with its report: the report page lists
them (indicator, horizon, target) and says for each whether it changed since the
last review, so a lowered commitment does not slip through unseen."""

from __future__ import annotations

import re
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives.models import Horizon, Indicator
from initiatives.services import TargetEntry, targets_save
from reporting.models import Report
from reporting.services import workflow
from tests.reporting.workflow_support import walk
from tests.reporting.workflow_views_support import client_for, report_url

pytestmark = pytest.mark.django_db

State = Report.State
CODE = "IND-A1-01"


def _set(university, user, code: str = CODE, **values) -> None:
    """Targets of one indicator by horizon code; None removes one."""
    horizons = Horizon.objects.in_bulk(list(values), field_name="code")
    targets_save(
        indicator=Indicator.objects.get(code=code),
        university=university,
        entries=[
            TargetEntry(horizons[h], None if v is None else Decimal(v), "")
            for h, v in values.items()
        ],
        user=user,
    )


def _targets(html: str) -> dict[tuple[str, str], tuple[str, str]]:
    """(indicator, horizon) -> (target, changed) as the report page shows them."""
    section = html.split('data-testid="report-targets"')[1].split("</section>")[0]
    rows = re.findall(
        r'data-indicator="([^"]+)" data-horizon="([^"]+)">(.*?)</tr>', section, re.S
    )
    shown = {}
    for code, horizon, row in rows:
        cells = [
            re.sub(r"<[^>]+>", "", cell).strip()
            for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)
        ]
        shown[(code, horizon)] = (cells[1], cells[2])
    return shown


def test_the_reviewer_sees_which_targets_changed_since_their_return(cast, report):
    _set(cast.university, cast.reporter, H1="8", H2="12")
    _set(cast.university, cast.reporter, code="IND-A1-02", H1="3")
    walk(report, cast, State.SUBMITTED)
    reviewer = client_for(cast.reviewer, "zh-hans")

    first = _targets(reviewer.get(report_url(report)).content.decode())

    assert first == {
        (CODE, "H1"): ("8 个", "否"),
        (CODE, "H2"): ("12 个", "否"),
        ("IND-A1-02", "H1"): (first[("IND-A1-02", "H1")][0], "否"),
    }

    workflow.report_return(report=report, user=cast.reviewer, comment="请核实目标。")
    _set(cast.university, cast.reporter, H1="6", H2="12")  # H1 lowered, H2 as it was
    _set(cast.university, cast.reporter, code="IND-A1-02", H1=None)  # removed
    report.refresh_from_db()
    walk(report, cast, State.SUBMITTED)

    html = reviewer.get(report_url(report)).content.decode()
    again = _targets(html)

    assert again == {
        (CODE, "H1"): ("6 个", "是"),
        (CODE, "H2"): ("12 个", "否"),
        ("IND-A1-02", "H1"): ("删除", "是"),
    }
    return_step = report.transitions.filter(action="return").get()
    when = return_step.at.astimezone(ZoneInfo("Asia/Shanghai"))
    assert f"自 {when:%Y-%m-%d %H:%M} 审核以来是否有变化" in html


def test_a_report_never_reviewed_says_so_and_one_without_targets_too(cast, report):
    reporter = client_for(cast.reporter, "zh-hans")

    empty = reporter.get(report_url(report)).content.decode()
    _set(cast.university, cast.reporter, H1="8")
    listed = reporter.get(report_url(report)).content.decode()

    assert 'data-testid="report-targets-none"' in empty
    assert "本校尚未设定自己的目标。" in empty
    assert _targets(listed) == {(CODE, "H1"): ("8 个", "尚未审核")}
    assert f'href="/targets/university/{cast.university.pk}/"' in listed


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_report_page_runs_the_same_queries_at_two_sizes(cast, report):
    walk(report, cast, State.SUBMITTED)
    workflow.report_return(report=report, user=cast.reviewer, comment="请核实。")
    report.refresh_from_db()
    walk(report, cast, State.SUBMITTED)
    reviewer = client_for(cast.reviewer)
    url = report_url(report)
    codes = list(
        Indicator.objects.active()
        .filter(value_type="integer", applies_bachelor=True)
        .values_list("code", flat=True)[:20]
    )
    reviewer.get(url)  # warm the session

    for code in codes[:2]:
        _set(cast.university, cast.reporter, code=code, H1="1", H2="2")
    small = _queries(reviewer, url)
    for code in codes[2:]:
        _set(cast.university, cast.reporter, code=code, H1="1", H2="2")
    _set(cast.university, cast.reporter, code=codes[0], H1=None)
    large = _queries(reviewer, url)

    html = reviewer.get(url).content.decode()
    assert len(_targets(html)) == 40
    assert small == large, (small, large)
