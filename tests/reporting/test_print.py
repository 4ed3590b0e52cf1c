"""The sign-off page: the report on A4 with the commitment, the three signature lines,
the seal box, the institution code, the version, the checksum and the unclassified confirmation."""

from __future__ import annotations

import re

import pytest
from django.db.models import F
from django.utils import timezone

from institutions.models import Membership
from reporting.models import Report
from reporting.services.workflow import report_mark_ready, report_submit
from reporting.signoff import values_checksum
from tests.factories import MembershipFactory, UserFactory
from tests.reporting.engine_data import (
    accepted_last_year,
    open_report,
    section_fill,
    sections_zero_except,
    value_put,
)


@pytest.fixture
def report(university):
    report = open_report(university, year=2025)
    sections_zero_except(report, "A1")
    section_fill(report, "A1")
    value_put(report, "IND-A1-01", "1,234")
    return report


def url(report) -> str:
    return f"/reports/{report.pk}/print/"


def printed(body: str, code: str) -> str:
    """The value cell of one indicator on the printed page."""
    row = re.search(rf'<tr data-indicator="{code}">(.*?)</tr>', body, re.S).group(1)
    cell = re.search(r'data-testid="signoff-value">(.*?)</td>', row, re.S).group(1)
    return re.sub(r"<[^>]+>", "", cell).strip()


def explanation(body: str, code: str) -> str:
    """The explanation row under one indicator's value, as printed ("" if none)."""
    found = re.search(
        rf'data-testid="signoff-explanation" data-indicator="{code}">(.*?)</tr>',
        body,
        re.S,
    )
    return (
        re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", found.group(1))).strip()
        if found
        else ""
    )


def submitted_by_approver(report) -> Membership:
    """Marked ready by a reporter, submitted by an approver who confirms."""
    reporter = MembershipFactory(
        user=UserFactory(), role="reporter", university=report.university
    )
    approver = MembershipFactory(
        user=UserFactory(name="Wang Fang"),
        role="approver",
        university=report.university,
    )
    report_mark_ready(report=report, user=reporter.user)
    report_submit(report=report, user=approver.user, confirm_unclassified=True)
    return approver


def test_the_reporter_prints_the_draft(reporter_client, report, university):
    response = reporter_client.get(url(report), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    body = response.content.decode()
    code = re.search(r'data-testid="signoff-code">([^<]*)<', body).group(1)
    assert code == university.code
    version = re.search(r'data-testid="signoff-version">([^<]*)<', body).group(1)
    assert version == "Draft, not yet submitted"  # not the autosave counter
    checksum = re.search(r'data-testid="signoff-checksum">([^<]*)<', body).group(1)
    assert checksum == values_checksum(report)
    roles = re.findall(r'data-testid="signature-line" data-role="(\w+)"', body)
    assert roles == ["reporter", "approver", "head"]
    assert body.count('data-testid="seal-box"') == 1
    assert "true, accurate and complete" in body
    assert "not yet confirmed" in body
    # the values by section, as understood and thousands separated
    a1 = re.search(r'data-section="A1".*?</section>', body, re.S).group(0)
    assert printed(body, "IND-A1-01") == "1,234"
    assert "(1234)" not in a1
    assert (
        body.count('data-testid="signoff-zero"')
        == report.sections.filter(is_zero_report=True).count()
    )
    assert 'data-testid="print-button"' in body
    assert 'css/print.css"' in body


def test_the_print_carries_the_unclassified_confirmation(reviewer_client, report):
    approver = submitted_by_approver(report)
    report.refresh_from_db()
    assert report.state == Report.State.SUBMITTED

    response = reviewer_client.get(url(report), HTTP_ACCEPT_LANGUAGE="en")

    assert response.status_code == 200
    confirmation = response.context["confirmation"]
    assert confirmation.actor == approver.user and confirmation.confirmed_unclassified
    line = re.search(
        r'data-testid="signoff-unclassified">(.*?)</p>', response.content.decode(), re.S
    ).group(1)
    assert "Wang Fang" in line
    assert timezone.localtime(confirmation.at).strftime("%Y-%m-%d %H:%M") in line
    assert "at submission 1." in line


def test_in_chinese_the_lines_are_those_the_statistics_rules_name(
    reporter_client, report
):
    body = reporter_client.get(url(report), HTTP_ACCEPT_LANGUAGE="zh-hans")

    text = body.content.decode()
    for label in ("填报人", "审核人", "单位负责人", "单位盖章", "承诺", "学校标识码"):
        assert label in text, label
    assert "真实、准确、完整，不含涉密内容" in text


def test_the_checksum_changes_with_the_values(reporter_client, report):
    def checksum() -> str:
        body = reporter_client.get(url(report)).content.decode()
        return body.split('data-testid="signoff-checksum">')[1].split("<")[0]

    before = checksum()
    assert before and checksum() == before

    value_put(report, "IND-A1-01", "1,235")

    assert checksum() != before


def test_outside_the_scope_there_is_nothing_to_print(outsider_client, report):
    assert outsider_client.get(url(report)).status_code == 404


def test_before_its_step_a_reviewer_may_not_print_the_draft(reviewer_client, report):
    assert reviewer_client.get(url(report)).status_code == 403


def test_the_print_shows_every_answer_normalised(reporter_client, report):
    accepted_last_year(report, {"IND-O1-05": "2060"})
    value_put(report, "IND-A2-02", "８，９０４.４４")
    value_put(report, "IND-O1-01", "Y")
    value_put(report, "IND-O1-03", "无")
    value_put(report, "IND-O1-02", "2021年9月9日")
    value_put(report, "IND-O1-05", "2050")

    zh = reporter_client.get(url(report), HTTP_ACCEPT_LANGUAGE="zh-hans")
    en = reporter_client.get(url(report), HTTP_ACCEPT_LANGUAGE="en")

    zh_body, en_body = zh.content.decode(), en.content.decode()
    assert printed(zh_body, "IND-A2-02") == "8,904.44"
    assert "８，９０４.４４" not in zh_body
    assert (printed(zh_body, "IND-O1-01"), printed(zh_body, "IND-O1-03")) == (
        "是",
        "否",
    )
    assert (printed(en_body, "IND-O1-01"), printed(en_body, "IND-O1-03")) == (
        "Yes",
        "No",
    )
    assert printed(zh_body, "IND-O1-02") == printed(en_body, "IND-O1-02")
    assert printed(zh_body, "IND-O1-02") == "2021-09-09"
    assert printed(zh_body, "IND-O1-05") == "2050"  # a year, never "2,050"


def test_each_warned_value_prints_with_its_explanation(reporter_client, report):
    accepted_last_year(report, {"IND-A1-01": "2000", "IND-A1-03": "2000"})
    value_put(report, "IND-A1-01", "1,000", explanation="Two majors were merged.")
    value_put(report, "IND-A1-03", "900")

    body = reporter_client.get(url(report), HTTP_ACCEPT_LANGUAGE="zh-hans")

    text = body.content.decode()
    assert "情况说明：Two majors were merged." in explanation(text, "IND-A1-01")
    assert "情况说明：尚未说明" in explanation(text, "IND-A1-03")
    assert "超过50%" in explanation(text, "IND-A1-03")  # the warning itself
    assert explanation(text, "IND-A1-02") == ""


def test_the_print_numbers_its_pages_in_the_reader_s_language(reporter_client, report):
    zh = reporter_client.get(url(report), HTTP_ACCEPT_LANGUAGE="zh-hans")
    en = reporter_client.get(url(report), HTTP_ACCEPT_LANGUAGE="en")

    def page_rule(response) -> str:
        style = re.search(
            r'<style data-testid="page-numbers">(.*?)</style>',
            response.content.decode(),
            re.S,
        )
        return style.group(1)

    assert 'content: "第 " counter(page) " 页 共 " counter(pages) " 页"' in page_rule(
        zh
    )
    assert 'content: "Page " counter(page) " of " counter(pages) ""' in page_rule(en)
    assert "@bottom-center" in page_rule(en)


def test_a_confirmation_signs_only_the_revision_it_was_given_for(
    reviewer_client, report
):
    submitted_by_approver(report)
    Report.objects.filter(pk=report.pk).update(revision=F("revision") + 1)

    body = reviewer_client.get(url(report), HTTP_ACCEPT_LANGUAGE="en").content
    line = re.search(
        r'data-testid="signoff-unclassified">(.*?)</p>', body.decode(), re.S
    ).group(1)

    assert "Wang Fang" not in line
    assert "not yet confirmed" in line
