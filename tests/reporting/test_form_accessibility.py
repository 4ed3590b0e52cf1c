"""What a screen reader announces on the section form: a refused value is invalid and
names its message, units and warnings belong to their inputs, the code and the name of
an indicator are two words, and a link that opens a new tab says so."""

from __future__ import annotations

import pytest

from tests.html_support import Page
from tests.reporting.engine_data import accepted_last_year
from tests.reporting.form_support import draft_report, form_url, post_section


@pytest.fixture
def report(university):
    return draft_report(university)


def _form(client, report) -> Page:
    return Page(client.get(form_url(report)).content.decode())


def test_a_refused_value_is_invalid_and_describedby_its_message(
    reporter_client, report
):
    post_section(
        reporter_client, report, {"raw-IND-A1-01": "12", "raw-IND-A1-03": "abc"}
    )

    page = _form(reporter_client, report)

    refused = page.by_id("raw-IND-A1-03")
    assert refused.attrs.get("aria-invalid") == "true"
    message = refused.described_by(page)[0]
    assert message.text == "请填写数字，例如 1234 或 1,234.5。"
    assert message.attrs["aria-live"] == "polite"  # said again when autosave changes it
    accepted = page.by_id("raw-IND-A1-01")
    assert "aria-invalid" not in accepted.attrs
    assert accepted.described_by(page)[0].text == ""


def test_the_unit_and_warnings_describe_the_value_and_the_explanation(
    reporter_client, report
):
    accepted_last_year(report, {"IND-A1-01": "100"})
    post_section(
        reporter_client,
        report,
        {"raw-IND-A1-01": "60", "explanation-IND-A1-01": "Merge"},
    )

    page = _form(reporter_client, report)

    value = page.by_id("raw-IND-A1-01")
    texts = [element.text for element in value.described_by(page)]
    assert texts[1] == "个"  # the unit
    assert "低于上年数值（100 个），而本项为存量指标。" in texts[2]
    explanation = page.by_id("explanation-IND-A1-01")
    assert explanation.attrs.get("aria-invalid") == "true"
    error, warnings, help_text = explanation.described_by(page)
    assert error.text and error.attrs["aria-live"] == "polite"
    assert "低于上年数值" in warnings.text
    assert help_text.text.startswith("最多")


def test_the_indicator_code_and_name_are_read_as_two_words(reporter_client, report):
    page = _form(reporter_client, report)

    label = page.all("label", **{"for": "raw-IND-A1-01"})[0]
    code, _, name = label.text.partition(" ")
    assert code == "IND-A1-01"
    assert name and not name.startswith(" ")


def test_links_that_open_a_new_tab_say_so(reporter_client, report):
    page = _form(reporter_client, report)

    new_tab = page.all("a", target="_blank")
    assert new_tab
    for link in new_tab:
        assert link.text.endswith("（在新标签页打开）"), link.text
