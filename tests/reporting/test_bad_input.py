"""Bad input gets a message, never a 500: control characters, over-long texts and a
base version out of range are refused with 400 and a message in the user's
language, by the autosave (JSON) and the plain form alike, and the rest of the
input is kept; the form tells the limits before anyone hits them."""

from __future__ import annotations

import json
import re

import pytest
from django.core.exceptions import ValidationError

from reporting.models import ReportSection, Value
from reporting.section_input import (
    EXPLANATION_MAX_LENGTH,
    NARRATIVE_MAX_LENGTH,
    RAW_MAX_LENGTH,
    ZERO_NOTE_MAX_LENGTH,
    SectionInput,
    ValueInput,
)
from tests.reporting.form_support import (
    autosave_url,
    draft_report,
    form_url,
    input_value,
    post_section,
    version,
)

CONTROL = "\x00"
CONTROL_MESSAGE = "含有无法保存的控制字符，请删除后再保存。"


@pytest.fixture
def report(university):
    return draft_report(university)


def autosave(client, report, data: dict, *, base: str | None = None, **headers):
    """Post the autosave's body; `base` is the base version's JSON text as sent."""
    base = str(version(report)) if base is None else base
    return client.post(
        autosave_url(report),
        f'{{"base_version": {base}, "data": {json.dumps(data)}}}',
        content_type="application/json",
        headers={"X-Requested-With": "XMLHttpRequest", **headers},
    )


def stored_section(report) -> ReportSection:
    return ReportSection.objects.get(report=report, action__code="A1")


def textarea(html: str, name: str) -> str:
    match = re.search(
        rf'<textarea[^>]*name="{name}"[^>]*>\n?(.*?)</textarea>', html, re.S
    )
    assert match, f"no textarea {name}"
    return match.group(1)


BAD_JSON_FIELDS = [
    pytest.param(
        {"narrative_done": f"Two{CONTROL} majors."},
        "narrative_done",
        "“主要工作及成效”",
        id="narrative",
    ),
    pytest.param(
        {"zero_note": f"None{CONTROL}"},
        "zero_note",
        "“",
        id="zero-note",
    ),
    pytest.param(
        {"values": {"IND-A1-01": {"raw": f"12{CONTROL}", "status": "entered"}}},
        "raw-IND-A1-01",
        "IND-A1-01",
        id="value",
    ),
    pytest.param(
        {
            "values": {
                "IND-A1-01": {
                    "raw": "12",
                    "status": "entered",
                    "explanation": f"Because{CONTROL}",
                }
            }
        },
        "explanation-IND-A1-01",
        "IND-A1-01",
        id="explanation",
    ),
    pytest.param(
        {"narrative_next": "\ud800 lone surrogate"},
        "narrative_next",
        "“",
        id="surrogate",
    ),
]


@pytest.mark.parametrize(("data", "key", "names"), BAD_JSON_FIELDS)
def test_the_autosave_refuses_a_control_character_with_its_message(
    reporter_client, report, data, key, names
):
    response = autosave(reporter_client, report, data)

    assert response.status_code == 400
    answer = response.json()
    assert answer["saved"] is False
    assert answer["error"] == "bad_request"
    assert CONTROL_MESSAGE in answer["message"]
    assert names in answer["message"]
    assert list(answer["errors"]) == [key]
    assert version(report) == 0
    assert not Value.objects.filter(report=report).exists()


def test_the_autosave_speaks_the_users_language(reporter_client, report):
    response = autosave(
        reporter_client,
        report,
        {"narrative_done": f"x{CONTROL}"},
        **{"Accept-Language": "en"},
    )

    assert response.status_code == 400
    assert response.json()["message"] == (
        "What was done contains a control character that cannot be stored; "
        "remove it and save again."
    )


def test_tabs_and_line_breaks_are_text(reporter_client, report):
    response = autosave(
        reporter_client, report, {"narrative_done": "One\tand\r\ntwo\nlines."}
    )

    assert response.status_code == 200
    assert stored_section(report).narrative_done == "One\tand\r\ntwo\nlines."


@pytest.mark.parametrize(
    "base",
    [
        "1e400",
        "1" * 23,
        "-1",
        '"x"',
        "1.5",
        "true",
        "null",
        "[0]",
        "99999999999",
    ],
)
def test_the_autosave_refuses_a_base_version_out_of_range(
    reporter_client, report, base
):
    response = autosave(reporter_client, report, {"narrative_done": "x"}, base=base)

    assert response.status_code == 400
    assert response.json() == {
        "saved": False,
        "error": "bad_request",
        "message": "请求无效。",
    }
    assert stored_section(report).narrative_done == ""


@pytest.mark.parametrize(
    "body",
    [
        b"\xff\xfe not utf-8",
        b"[" * 100_000 + b"]" * 100_000,
        b'{"base_version": 0, "data": {"values": {"IND-A1-01": {"status": "x"}}}}',
        b'{"base_version": 0, "data": []}',
        b'{"base_version": 0}',
        b'{"base_version": 0, "data": {"values": {"IND-A1-01": {"raw": '
        + b"1" * 5000
        + b"}}}}",
    ],
    ids=["utf8", "deep", "status", "data", "no-data", "huge-number"],
)
def test_the_autosave_refuses_a_body_it_cannot_read(reporter_client, report, body):
    response = reporter_client.post(
        autosave_url(report), body, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["message"] == "请求无效。"


def test_the_form_refuses_a_control_character_and_keeps_the_rest(
    reporter_client, report
):
    response = post_section(
        reporter_client,
        report,
        {
            "raw-IND-A1-01": f"12{CONTROL}",
            "raw-IND-A1-02": "7",
            "explanation-IND-A1-02": f"Grew{CONTROL}",
            "narrative_done": f"Two{CONTROL} majors.",
            "narrative_next": "Keep this text.",
        },
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert "“指标 IND-A1-01 的填报值”" + CONTROL_MESSAGE in html
    assert "“指标 IND-A1-02 的情况说明”" + CONTROL_MESSAGE in html
    assert "“主要工作及成效”" + CONTROL_MESSAGE in html
    assert input_value(html, "IND-A1-02") == "7"
    assert textarea(html, "narrative_next") == "Keep this text."
    assert CONTROL not in html
    assert version(report) == 0
    assert not Value.objects.filter(report=report).exists()


@pytest.mark.parametrize("base", ["1e400", "1" * 23, "-1", "x", "", "4294967296"])
def test_the_form_refuses_a_base_version_out_of_range(reporter_client, report, base):
    response = post_section(reporter_client, report, {"narrative_done": "x"}, base=base)

    assert response.status_code == 400
    assert "表单不完整，请刷新页面。" in response.content.decode()
    assert stored_section(report).narrative_done == ""


# --- Limits ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "limit"),
    [
        ("narrative_done", NARRATIVE_MAX_LENGTH),
        ("narrative_obstacles", NARRATIVE_MAX_LENGTH),
        ("zero_note", ZERO_NOTE_MAX_LENGTH),
    ],
)
def test_a_section_text_is_kept_up_to_its_limit_and_refused_beyond(
    reporter_client, report, name, limit
):
    refused = autosave(reporter_client, report, {name: "字" * (limit + 1)})

    assert refused.status_code == 400
    assert f"过长：最多 {limit:,} 个字符。" in refused.json()["message"]
    assert getattr(stored_section(report), name) == ""

    saved = autosave(reporter_client, report, {name: "字" * limit})

    assert saved.status_code == 200
    assert getattr(stored_section(report), name) == "字" * limit


def test_a_value_longer_than_its_field_is_refused_not_cut(reporter_client, report):
    digits = "9" * 10_000

    response = post_section(
        reporter_client,
        report,
        {"raw-IND-A1-01": digits, "raw-IND-A1-02": "7"},
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert f"“指标 IND-A1-01 的填报值”过长：最多 {RAW_MAX_LENGTH} 个字符。" in html
    assert input_value(html, "IND-A1-02") == "7"
    assert not Value.objects.filter(report=report).exists()


def test_an_explanation_longer_than_its_limit_is_refused(reporter_client, report):
    response = autosave(
        reporter_client,
        report,
        {
            "values": {
                "IND-A1-01": {
                    "raw": "12",
                    "status": "entered",
                    "explanation": "x" * (EXPLANATION_MAX_LENGTH + 1),
                }
            }
        },
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "explanation-IND-A1-01": "“指标 IND-A1-01 的情况说明”过长：最多 1,000 个字符。"
    }


def test_the_form_tells_the_limits(reporter_client, report):
    html = reporter_client.get(form_url(report)).content.decode()

    for name in ("narrative_done", "narrative_obstacles", "narrative_next"):
        assert re.search(rf'<textarea[^>]*name="{name}"[^>]*maxlength="5000"', html)
    assert re.search(r'<textarea[^>]*name="zero_note"[^>]*maxlength="1000"', html)
    assert re.search(
        r'<textarea[^>]*name="explanation-IND-A1-01"[^>]*maxlength="1000"', html
    )
    assert re.search(r'<input[^>]*name="raw-IND-A1-01"[^>]*maxlength="200"', html)
    assert "每项最多 5,000 个字符。" in html
    assert "最多 1,000 个字符。" in html


def test_every_producer_of_the_typed_input_gets_the_checks():
    """The API and the Excel reader will build the input directly: it checks itself."""
    with pytest.raises(ValidationError):
        ValueInput(indicator_code="IND-A1-01", raw=f"1{CONTROL}")
    with pytest.raises(ValidationError):
        ValueInput(indicator_code="IND-A1-01", raw="1" * (RAW_MAX_LENGTH + 1))
    with pytest.raises(ValidationError):
        SectionInput(
            action_code="A1",
            base_version=0,
            narrative_done="x" * (NARRATIVE_MAX_LENGTH + 1),
        )
    for base_version in (-1, 2**31, True, 1.0):
        with pytest.raises(ValueError):
            SectionInput(action_code="A1", base_version=base_version)
    assert SectionInput(action_code="A1", base_version=2**31 - 1, zero_note="a\tb\n")
