"""The typed section input: the form, the autosave and the stored form of a refused
save read into the same object, and what was not sent stays "not sent"."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.http import QueryDict

from reporting.section_input import SectionInput, ValueInput


class _Indicator:
    def __init__(self, code: str) -> None:
        self.code = code


INDICATORS = [_Indicator("IND-A1-01"), _Indicator("IND-A1-02")]


def _post(**fields: str) -> QueryDict:
    post = QueryDict(mutable=True)
    post.update(fields)
    return post


def test_the_form_and_the_autosave_give_the_same_input():
    post = _post(
        base_version="3",
        **{
            "raw-IND-A1-01": "12",
            "explanation-IND-A1-01": "Two\r\nnew majors.",
            "raw-IND-A1-02": "",
            "na-IND-A1-02": "on",
            "narrative_done": "Done\r\nwell.",
        },
    )
    payload = {
        "base_version": 3,
        "data": {
            "values": {
                "IND-A1-01": {
                    "raw": "12",
                    "status": "entered",
                    "explanation": "Two\nnew majors.",
                },
                "IND-A1-02": {"raw": "", "status": "na"},
                "IND-A9-99": {"raw": "1"},  # not in this section: dropped
            },
            "is_zero_report": False,
            "narrative_done": "Done\nwell.",
        },
    }

    from_post = SectionInput.from_post(post, INDICATORS, action_code="A1")
    from_json = SectionInput.from_json(
        payload, {"IND-A1-01", "IND-A1-02"}, action_code="A1"
    )

    assert from_post == from_json
    assert from_post.values["IND-A1-02"] == ValueInput(
        indicator_code="IND-A1-02", raw="", status="na"
    )
    assert from_post.zero_note is None  # not on the page: not sent


def test_only_what_javascript_says_changed_is_sent():
    post = _post(
        base_version="1",
        js_changed="v:IND-A1-02,narrative_next",
        **{"raw-IND-A1-01": "1", "raw-IND-A1-02": "2", "narrative_done": "A"},
        narrative_next="B",
    )

    section_input = SectionInput.from_post(post, INDICATORS, action_code="A1")

    assert list(section_input.values) == ["IND-A1-02"]
    assert section_input.section_fields() == {"narrative_next": "B"}


def test_the_stored_form_reads_back_to_the_same_input():
    section_input = SectionInput(
        action_code="A2",
        base_version=4,
        values={
            "IND-A2-01": ValueInput(indicator_code="IND-A2-01", explanation="Why"),
            "IND-A2-02": ValueInput(indicator_code="IND-A2-02", raw="", status="blank"),
        },
        is_zero_report=False,
        zero_note="",
    )

    data = section_input.to_data()

    assert data == {
        "values": {
            "IND-A2-01": {"explanation": "Why"},
            "IND-A2-02": {"raw": "", "status": "blank"},
        },
        "is_zero_report": False,
        "zero_note": "",
    }
    assert SectionInput.from_data(data, action_code="A2", base_version=4) == (
        section_input
    )


def test_stored_forms_from_code_are_read_leniently():
    section_input = SectionInput.from_data(
        {"values": {"IND-A1-01": "5"}, "is_zero_report": "on", "zero_note": None},
        action_code="A1",
        base_version=0,
    )

    assert section_input.values["IND-A1-01"] == ValueInput("IND-A1-01", raw="5")
    assert section_input.is_zero_report is True and section_input.zero_note == ""


@pytest.mark.parametrize(
    "payload",
    [
        [],
        {"data": {}},
        {"base_version": "x", "data": {}},
        {"base_version": 1, "data": []},
        {"base_version": 1, "data": {"values": []}},
        {"base_version": 1, "data": {"values": {"IND-A1-01": {"status": "maybe"}}}},
    ],
)
def test_an_autosave_of_another_shape_is_refused(payload):
    with pytest.raises((ValueError, KeyError, TypeError)):
        SectionInput.from_json(payload, {"IND-A1-01"}, action_code="A1")


def test_a_form_without_its_version_is_refused():
    with pytest.raises(ValueError):
        SectionInput.from_post(_post(), INDICATORS, action_code="A1")


def test_an_unknown_status_is_refused():
    with pytest.raises(ValidationError):
        ValueInput(indicator_code="IND-A1-01", status="maybe")
