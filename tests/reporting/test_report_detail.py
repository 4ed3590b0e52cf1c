"""The read view of one report: who may read it, and what it shows."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from reporting.models import Report, ReportSection
from tests.reporting.engine_data import accepted_last_year, open_report, value_put


@pytest.fixture
def report(university):
    return open_report(university, year=2025)


def url(report) -> str:
    return f"/reports/{report.pk}/"


def _row(body: str, code: str) -> str:
    return re.search(rf'<tr data-indicator="{code}">(.*?)</tr>', body, re.S).group(1)


def shown(body: str, code: str) -> str:
    """The value one indicator's row shows."""
    found = re.search(r'data-testid="value"[^>]*>([^<]*)<', _row(body, code))
    return found.group(1) if found else ""


def typed(body: str, code: str) -> str:
    """The "as typed" note under one indicator's value ("" if none)."""
    found = re.search(r'data-testid="value-typed">([^<]*)<', _row(body, code))
    return found.group(1) if found else ""


def cells(body: str, code: str) -> list[str]:
    """The text of one indicator's row, cell by cell."""
    return [
        re.sub(r"<[^>]+>", "", cell).strip()
        for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", _row(body, code), re.S)
    ]


def submitted(report, state=Report.State.SUBMITTED) -> Report:
    report.state = state
    report.submitted_at = timezone.now()
    report.save()
    return report


def test_outside_the_scope_the_report_does_not_exist(outsider_client, report):
    assert outsider_client.get(url(report)).status_code == 404


def test_a_reviewer_may_not_read_a_draft(reviewer_client, report):
    response = reviewer_client.get(url(report), HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 403


def test_a_reviewer_reads_it_once_submitted(reviewer_client, report):
    value_put(report, "IND-A1-01", "12")

    response = reviewer_client.get(url(submitted(report)))

    assert response.status_code == 200
    assert 'data-testid="report-fill"' not in response.content.decode()


def test_the_reporter_gets_the_fill_button_on_a_draft(reporter_client, report):
    body = reporter_client.get(url(report)).content.decode()

    assert 'data-testid="report-fill"' in body


@pytest.mark.parametrize(
    ("state", "status"),
    [(Report.State.SUBMITTED, 403), (Report.State.PASSED, 200)],
)
def test_the_ministry_reads_it_from_the_ministry_step_on(
    ministry_client, report, state, status
):
    assert ministry_client.get(url(submitted(report, state))).status_code == status


def test_the_reporter_reads_values_as_understood_with_messages(reporter_client, report):
    accepted_last_year(report, {"IND-A1-01": "20", "IND-A1-03": "1000"})
    value_put(report, "IND-A1-01", "15", explanation="Two majors were merged.")
    value_put(report, "IND-A1-03", "1，２３４")
    value_put(report, "IND-A1-04", "12万")
    ReportSection.objects.filter(report=report, action__code="A1").update(
        narrative_done="Opened two new majors."
    )
    ReportSection.objects.filter(report=report, action__code="A7").update(
        is_zero_report=True, zero_note="The strategy office starts next year."
    )

    response = reporter_client.get(url(report), HTTP_ACCEPT_LANGUAGE="zh-hans")

    body = response.content.decode()
    assert response.status_code == 200
    assert "2025 年度碳中和科技创新行动进展报告" in body
    assert shown(body, "IND-A1-03") == "1,234"  # as understood, grouped
    assert (
        typed(body, "IND-A1-03") == "原始填写：1，２３４"
    )  # what was typed, beside it
    assert typed(body, "IND-A1-01") == ""  # "15" is written as shown
    assert "12万" in body and "请只填写数字，不要带单位" in body  # the error beside it
    assert "1,000" in body and "+23.4%" in body  # last year, and the change
    assert "Two majors were merged." in body
    assert "Opened two new majors." in body
    assert "The strategy office starts next year." in body
    assert "本年度零上报" in body
    assert 'data-testid="lock-reason"' not in body
    assert f'href="/reports/{report.pk}/form/"' in body
    assert f'href="/reports/{report.pk}/history/"' in body


def test_reviewers_see_every_warning_with_its_explanation(reviewer_client, report):
    accepted_last_year(
        report, {"IND-A1-01": "20", "IND-A1-04": "300", "IND-A2-02": "100"}
    )
    value_put(report, "IND-A1-01", "15", explanation="Two majors were merged.")
    value_put(report, "IND-A1-04", "310")  # no warning
    value_put(report, "IND-A2-02", "1000")  # tenfold, not explained

    response = reviewer_client.get(
        url(submitted(report)), HTTP_ACCEPT_LANGUAGE="zh-hans"
    )

    body = response.content.decode()
    block = body[body.index('data-testid="report-warnings"') :]
    block = block[: block.index("</ul>")]
    warnings = re.findall(r'<span class="font-monospace">([^<]+)</span>', block)
    assert warnings == ["IND-A1-01", "IND-A2-02"]
    assert "Two majors were merged." in block
    assert "低于上年数值" in block
    assert "尚未说明" in block


def test_the_lock_reason_is_shown_and_the_form_link_is_not(approver_client, report):
    report.state = Report.State.READY
    report.save()

    body = approver_client.get(
        url(report), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()

    assert 'data-testid="lock-reason"' in body
    assert "报告待本校审核签发" in body
    assert f'href="/reports/{report.pk}/form/"' not in body


def test_the_query_count_does_not_grow_with_values(reporter_client, report):
    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert reporter_client.get(url(report)).status_code == 200
        return len(captured)

    accepted_last_year(report, {"IND-A1-01": "20"})
    value_put(report, "IND-A1-01", "15")
    queries()  # the process reads the catalogue once (initiatives/rules.py)
    few = queries()
    for number, code in enumerate(["IND-A1-02", "IND-A1-03", "IND-A2-01"], 1):
        value_put(report, code, str(number), explanation="Explained enough.")
    value_put(report, "IND-A2-02", "abc")

    assert queries() == few


def test_a_yes_no_answer_typed_y_reads_as_yes(reviewer_client, report):
    value_put(report, "IND-O1-01", "Y")
    value_put(report, "IND-O1-03", "无")
    value_put(report, "IND-O1-02", "2021/9/9")
    submitted(report)

    zh = reviewer_client.get(url(report), HTTP_ACCEPT_LANGUAGE="zh-hans")
    en = reviewer_client.get(url(report), HTTP_ACCEPT_LANGUAGE="en")

    zh_body, en_body = zh.content.decode(), en.content.decode()
    assert (shown(zh_body, "IND-O1-01"), shown(zh_body, "IND-O1-03")) == ("是", "否")
    assert (shown(en_body, "IND-O1-01"), shown(en_body, "IND-O1-03")) == ("Yes", "No")
    assert typed(zh_body, "IND-O1-01") == "原始填写：Y"
    assert 'title="as typed: Y"' in en_body
    assert shown(zh_body, "IND-O1-02") == shown(en_body, "IND-O1-02") == "2021-09-09"


def test_this_year_and_last_year_read_alike_and_a_year_is_not_grouped(
    reporter_client, report
):
    accepted_last_year(report, {"IND-A1-03": "4308", "IND-O1-05": "2060"})
    value_put(report, "IND-A1-03", "4809")
    value_put(report, "IND-O1-05", "2050")

    body = reporter_client.get(url(report), HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert cells(body, "IND-A1-03")[2:4] == ["4,809", "4,308"]
    assert cells(body, "IND-O1-05")[2:4] == ["2050", "2060"]
