"""The history page: who changed what, with old and new values."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reporting.models import Report, ReportSection
from reporting.section_input import SectionInput
from reporting.services.sections import section_save
from tests.reporting.engine_data import open_report


@pytest.fixture
def report(university):
    return open_report(university, year=2025)


def url(report) -> str:
    return f"/reports/{report.pk}/history/"


def save(report, user, code: str, data: dict):
    section = ReportSection.objects.get(report=report, action__code=code)
    section_input = SectionInput.from_data(
        data, action_code=code, base_version=section.version
    )
    result = section_save(section=section, user=user, section_input=section_input)
    assert result.saved
    return result


def changes(response) -> list[tuple[str, str, str, str]]:
    return [
        (
            change.subject.split()[0],
            change.field,
            change.old_display,
            change.new_display,
        )
        for change in response.context["page"].object_list
    ]


def history_rows(body: str) -> list[tuple[str, ...]]:
    """Each row of the history table as shown: the indicator's code, the new and
    the old value, and the new and old notes of what was typed."""

    def cell(row: str, testid: str) -> str:
        found = re.search(rf'data-testid="{testid}">(.*?)</(?:td|div)>', row, re.S)
        return found.group(1).split("<")[0].strip() if found else ""

    rows = re.findall(r'<tr data-testid="history-row">(.*?)</tr>', body, re.S)
    return [
        (
            re.search(r"<td>\s*(\S+)", re.split(r"</t[dh]>", row, maxsplit=2)[2]).group(
                1
            ),
            cell(row, "history-new"),
            cell(row, "history-old"),
            cell(row, "history-new-typed"),
            cell(row, "history-old-typed"),
        )
        for row in rows
    ]


def test_two_saves_show_old_and_new_values(reporter_client, report):
    user = reporter_client.user
    save(report, user, "A1", {"values": {"IND-A1-01": {"raw": "12"}}})
    save(
        report,
        user,
        "A1",
        {
            "values": {"IND-A1-01": {"raw": "１５", "explanation": "Two new majors."}},
            "narrative_done": "Opened two majors.",
        },
    )

    response = reporter_client.get(url(report), HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert response.status_code == 200
    rows = changes(response)
    assert ("IND-A1-01", "raw", "12", "15") in rows
    assert ("IND-A1-01", "raw", "", "12") in rows
    assert ("IND-A1-01", "explanation", "", "Two new majors.") in rows
    assert ("A1", "narrative_done", "", "Opened two majors.") in rows
    # newest first: the second save's rows come before the first save's
    assert rows.index(("IND-A1-01", "raw", "12", "15")) < rows.index(
        ("IND-A1-01", "raw", "", "12")
    )
    body = response.content.decode()
    assert "原始填写：１５" in body  # the full-width digits as typed, beside 15
    assert user.name in body
    assert "原值" in body and "新值" in body
    revisions = [
        change.revision
        for change in response.context["page"].object_list
        if change.kind == "value"
    ]
    assert revisions[0] == 2 and revisions[-1] == 1


def test_not_applicable_and_zero_reports_are_listed(reporter_client, report):
    user = reporter_client.user
    save(report, user, "A1", {"values": {"IND-A1-01": {"status": "na"}}})
    save(report, user, "A7", {"is_zero_report": True, "zero_note": "Nothing yet."})

    response = reporter_client.get(url(report), HTTP_ACCEPT_LANGUAGE="zh-hans")

    rows = changes(response)
    assert ("IND-A1-01", "status", "未填报", "不适用") in rows
    assert ("A7", "is_zero_report", "否", "是") in rows
    assert ("A7", "zero_note", "", "Nothing yet.") in rows


def test_state_changes_are_listed(reporter_client, report):
    report.state = Report.State.READY
    report.save()

    rows = changes(reporter_client.get(url(report), HTTP_ACCEPT_LANGUAGE="zh-hans"))

    assert ("报告", "state", "填报中", "待签发") in rows


def test_an_untouched_report_shows_its_creation_only(reporter_client, report):
    response = reporter_client.get(url(report), HTTP_ACCEPT_LANGUAGE="zh-hans")

    assert changes(response) == [("报告", "state", "", "填报中")]
    assert "系统" in response.content.decode()  # created by the period's opening


def test_outside_the_scope_it_does_not_exist(outsider_client, report):
    assert outsider_client.get(url(report)).status_code == 404


def test_a_reviewer_may_not_read_the_history_of_a_draft(reviewer_client, report):
    assert reviewer_client.get(url(report)).status_code == 403


def test_the_query_count_does_not_grow_with_the_history(reporter_client, report):
    user = reporter_client.user

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert reporter_client.get(url(report)).status_code == 200
        return len(captured)

    save(
        report,
        user,
        "A1",
        {"values": {"IND-A1-01": {"raw": "1"}}, "narrative_done": "Step 1"},
    )
    few = queries()
    for number in range(2, 8):
        save(
            report,
            user,
            "A2" if number % 2 else "A1",
            {
                "values": {"IND-A1-02": {"raw": str(number)}}
                if number % 2 == 0
                else {"IND-A2-01": {"raw": str(number)}},
                "narrative_done": f"Step {number}",
            },
        )

    assert queries() == few


def test_fifty_changes_a_page(reporter_client, report):
    user = reporter_client.user
    for number in range(1, 26):
        save(report, user, "A1", {"values": {"IND-A1-01": {"raw": str(number)}}})
        save(report, user, "A2", {"values": {"IND-A2-01": {"raw": str(number)}}})

    first = reporter_client.get(url(report))
    second = reporter_client.get(url(report), {"page": 2})

    assert len(first.context["page"].object_list) == 50
    assert changes(first)[0][1:] == ("raw", "24", "25")
    # the oldest change, the report's creation, comes last
    assert [change.field for change in second.context["page"].object_list] == ["state"]


def test_a_yes_no_answer_typed_y_reads_as_yes_with_what_was_typed(
    reporter_client, report
):
    user = reporter_client.user
    save(report, user, "O1", {"values": {"IND-O1-01": {"raw": "Y"}}})
    save(report, user, "O1", {"values": {"IND-O1-01": {"raw": "无"}}})
    save(report, user, "O1", {"values": {"IND-O1-05": {"raw": "2050"}}})

    body = reporter_client.get(url(report), HTTP_ACCEPT_LANGUAGE="zh-hans")

    rows = history_rows(body.content.decode())
    assert ("IND-O1-01", "否", "是") == rows[1][:3]
    assert rows[1][3:] == ("原始填写：无", "原始填写：Y")
    assert ("IND-O1-01", "是", "") == rows[2][:3]
    assert rows[0][:3] == ("IND-O1-05", "2050", "")  # a year, not "2,050"
