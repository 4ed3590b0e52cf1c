"""The report form page: sections, fields with their context, read-only states, scope."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from django.test import override_settings

from initiatives.models import Horizon, Indicator, Target
from reporting.models import Report, ReportingPeriod
from tests.reporting.engine_data import accepted_last_year, value_put
from tests.reporting.form_support import (
    draft_report,
    error_text,
    field_html,
    form_url,
    input_value,
    post_section,
)


@pytest.fixture
def report(university):
    return draft_report(university)


def test_the_form_lists_every_section_and_the_fields_of_the_chosen_one(
    reporter_client, report
):
    response = reporter_client.get(form_url(report, "A2"))

    assert response.status_code == 200
    html = response.content.decode()
    nav = html.split('data-testid="section-nav"')[1].split("</nav>")[0]
    codes = ["A1", "A2", "A3", "A4", "A5", "A6", "A7", "O1", "O3"]
    positions = [nav.index(f'data-section="{code}"') for code in codes]
    assert positions == sorted(positions)
    assert 'data-testid="section-A2"' in html
    # The chosen section's fields, and none of another section's.
    assert 'data-field="IND-A2-02"' in html
    assert 'data-field="IND-A1-01"' not in html
    field = field_html(html, "IND-A2-02")
    assert "万元" in field  # the unit
    assert "自然年" in field  # the time type, in Chinese
    assert 'href="/plan/indicators/IND-A2-02/" target="_blank"' in field


def test_without_a_section_the_form_opens_the_first_one(reporter_client, report):
    response = reporter_client.get(f"/reports/{report.pk}/form/")

    assert 'data-testid="section-A1"' in response.content.decode()
    assert 'data-field="IND-A1-01"' in response.content.decode()


def test_indicators_are_grouped_by_task_with_the_action_as_a_whole_first(
    reporter_client, report
):
    html = reporter_client.get(form_url(report, "A1")).content.decode()

    legends = [
        html.index('data-task=""'),
        html.index('data-task="A1.1"'),
        html.index('data-task="A1.3"'),
    ]
    assert legends == sorted(legends)
    group = html.split('data-task="A1.5"')[1].split("</fieldset>")[0]
    assert 'data-field="IND-A1-02"' in group
    assert 'data-field="IND-A1-01"' not in group
    assert 'data-field="IND-A1-01"' in html  # in another group of the section


def test_a_field_shows_last_year_the_change_and_both_targets(
    reporter_client, report, university
):
    accepted_last_year(report, {"IND-A1-01": "8"})
    value_put(report, "IND-A1-01", "10")
    indicator = Indicator.objects.get(code="IND-A1-01")
    horizon = Horizon.for_year(2024)
    Target.objects.create(
        indicator=indicator,
        horizon=horizon,
        value=Decimal("30"),
    )
    Target.objects.create(
        indicator=indicator,
        horizon=horizon,
        university=university,
        value=Decimal("12"),
    )

    html = reporter_client.get(form_url(report)).content.decode()

    context = html.split('data-testid="context-IND-A1-01"')[1].split("</div>\n</div>")[
        0
    ]
    assert 'data-testid="previous-IND-A1-01">8<' in context
    assert "(+25.0%)" in context
    assert f"{horizon.end_year}" in context
    assert ">12<" in context  # own target
    assert ">30<" in context  # national target


def test_an_upcoming_period_shows_the_form_read_only_with_the_reason(
    reporter_client, report
):
    editable = reporter_client.get(form_url(report)).content.decode()
    assert 'data-testid="save-draft"' in editable
    assert "report-form.js" in editable
    ReportingPeriod.objects.filter(pk=report.period_id).update(
        state=ReportingPeriod.State.UPCOMING
    )

    html = reporter_client.get(form_url(report)).content.decode()

    assert 'data-testid="lock-reason"' in html
    assert "填报周期将于" in html and "此前表单只读。" in html
    assert "<fieldset disabled>" in html
    assert 'data-testid="save-draft"' not in html
    assert "report-form.js" not in html


def test_a_report_under_review_is_read_only_and_cannot_be_posted(
    reporter_client, report
):
    Report.objects.filter(pk=report.pk).update(state=Report.State.SUBMITTED)

    html = reporter_client.get(form_url(report)).content.decode()
    assert 'data-testid="lock-reason"' in html
    assert "<fieldset disabled>" in html

    response = post_section(reporter_client, report, {"raw-IND-A1-01": "5"})
    assert response.status_code == 403
    assert not report.values.exists()


def yes_no(html: str, code: str) -> list[tuple[str, str, bool]]:
    """A yes/no field's radios: what each says, what it sends, whether chosen."""
    group = re.search(rf'data-testid="yes-no-{code}">(.*?)</div>', html, re.S).group(1)
    radios = re.findall(r"<input ([^>]*)>\s*<label[^>]*>([^<]*)</label>", group)
    return [
        (label, re.search(r'value="([^"]*)"', attrs).group(1), " checked" in attrs)
        for attrs, label in radios
    ]


def test_a_yes_no_answer_is_chosen_from_yes_no_or_blank(reporter_client, report):
    value_put(report, "IND-O1-01", "Y")
    value_put(report, "IND-O1-03", "无")

    html = reporter_client.get(
        form_url(report, "O1"), HTTP_ACCEPT_LANGUAGE="zh-hans"
    ).content.decode()

    # Y was understood as yes: chosen, and sent as it was typed, so that saving
    # the form again changes nothing; choosing No stores the word.
    assert yes_no(html, "IND-O1-01") == [
        ("是", "Y", True),
        ("否", "否", False),
        ("未填报", "", False),
    ]
    assert yes_no(html, "IND-O1-03") == [
        ("是", "是", False),
        ("否", "无", True),
        ("未填报", "", False),
    ]
    assert 'data-testid="yes-no-IND-O1-05"' not in html  # a number
    assert input_value(html, "IND-O1-05") == ""


def test_choosing_yes_stores_the_word_and_a_blank_answer_stays_blank(
    reporter_client, report
):
    post_section(reporter_client, report, {"raw-IND-O1-01": "是"}, section="O1")
    value = report.values.get(indicator__code="IND-O1-01")
    assert (value.raw, value.bool_value) == ("是", True)

    post_section(reporter_client, report, {"raw-IND-O1-01": ""}, section="O1")
    value.refresh_from_db()
    assert (value.status, value.bool_value) == ("blank", None)


def test_a_read_only_form_shows_the_answer_chosen(reporter_client, report):
    value_put(report, "IND-O1-01", "Y")
    value_put(report, "IND-O1-02", "2021年9月9日")
    Report.objects.filter(pk=report.pk).update(state=Report.State.SUBMITTED)

    html = reporter_client.get(
        form_url(report, "O1"), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()

    assert "<fieldset disabled>" in html
    assert ("Yes", "Y", True) in yes_no(html, "IND-O1-01")
    assert input_value(html, "IND-O1-02") == "2021-09-09"


def test_a_date_keeps_its_text_input_with_a_picker_beside_it(reporter_client, report):
    value_put(report, "IND-O1-02", "2021/10/2")

    html = reporter_client.get(form_url(report, "O1")).content.decode()

    assert input_value(html, "IND-O1-02") == "2021-10-02"
    assert re.search(r'<input type="text"[^>]*name="raw-IND-O1-02"', html)
    picker = re.search(
        r'<input type="date"[^>]*data-testid="date-picker-IND-O1-02"', html
    )
    assert picker and "name=" not in picker.group(0)  # only fills the text input


def test_last_year_reads_like_the_input_beside_it(reporter_client, report):
    accepted_last_year(report, {"IND-A1-03": "4308", "IND-O1-05": "2060"})
    value_put(report, "IND-A1-03", "4,809")

    a1 = reporter_client.get(form_url(report)).content.decode()
    o1 = reporter_client.get(form_url(report, "O1")).content.decode()

    assert input_value(a1, "IND-A1-03") == "4809"
    assert 'data-testid="previous-IND-A1-03">4308<' in a1
    assert 'data-testid="previous-IND-O1-05">2060<' in o1


def test_the_reporter_of_another_university_gets_404(outsider_client, report):
    assert outsider_client.get(form_url(report)).status_code == 404
    response = post_section(outsider_client, report, {"raw-IND-A1-01": "5"})
    assert response.status_code == 404
    assert not report.values.exists()


def test_the_anonymous_user_is_sent_to_the_login_page(client, report):
    response = client.get(form_url(report))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_reviewer_of_the_authority_can_neither_read_a_draft_nor_post(
    reviewer_client, report
):
    assert reviewer_client.get(form_url(report)).status_code == 403
    Report.objects.filter(pk=report.pk).update(state=Report.State.SUBMITTED)

    assert reviewer_client.get(form_url(report)).status_code == 200
    response = post_section(reviewer_client, report, {"raw-IND-A1-01": "5"})
    assert response.status_code == 403
    assert not report.values.exists()


def test_an_expert_reads_an_accepted_report_but_cannot_post(expert_client, report):
    Report.objects.filter(pk=report.pk).update(state=Report.State.ACCEPTED)

    html = expert_client.get(form_url(report)).content.decode()
    assert 'data-testid="lock-reason"' in html

    response = post_section(expert_client, report, {"raw-IND-A1-01": "5"})
    assert response.status_code == 403
    assert not report.values.exists()


def test_the_approver_of_the_university_may_fill_in_the_form(approver_client, report):
    response = post_section(approver_client, report, {"raw-IND-A1-01": "5"})

    assert response.status_code == 302
    html = approver_client.get(form_url(report)).content.decode()
    assert input_value(html, "IND-A1-01") == "5"
    assert error_text(html, "IND-A1-01") == ""


@override_settings(SESSION_IDLE_TIMEOUT=1234)
def test_the_page_passes_what_the_script_needs(reporter_client, report):
    html = reporter_client.get(form_url(report)).content.decode()

    assert 'data-idle-timeout="1234"' in html
    assert f'data-autosave-url="/reports/{report.pk}/sections/A1/autosave/"' in html
    assert 'data-keepalive-url="/reports/keepalive/"' in html
    user = reporter_client.user.pk
    assert f'data-storage-key="carbonplan.report-form.{user}.{report.pk}.A1"' in html
    assert 'id="report-form-messages"' in html
    assert 'data-testid="idle-modal"' in html
