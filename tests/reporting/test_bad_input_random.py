"""Random input never answers 5xx: hypothesis posts random text (control characters,
lone surrogates, huge numbers, long strings) to every form and JSON endpoint of the
report form and its workflow, each as a user of the role that may use it; a NUL byte in a query fails as on
PostgreSQL.

The database is not reset between the examples of one test; each answer is only
checked to be no server error (a refusal, a redirect or a save are all fine).
"""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from reporting.models import Report
from tests.reporting.bad_input_support import nul_refused
from tests.reporting.evidence_views_support import media_root  # noqa: F401 (autouse)
from tests.reporting.form_support import autosave_url, form_url

pytestmark = pytest.mark.django_db

RANDOM = settings(
    max_examples=30,
    deadline=None,
    database=None,
    # The fixtures (a report, a logged-in client) are shared by the examples on
    # purpose: each example only needs a user and a report to post to.
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
CODES = ["IND-A1-01", "IND-A1-02", "IND-A1-03", "IND-A1-04"]
NASTY = [
    "\x00",
    "a\x00b",
    "\x1b[31m",
    "\x7f",
    "\u2028",
    "\ufeff",
    "1e400",
    "-1e400",
    "NaN",
    "inf",
    "1" * 23,
    "9" * 10_000,
    "-" + "9" * 300,
    "x" * 6_000,
    "字" * 5_001,
    "２０２４年１３月４５日",
    "0x10",
    "²",
    "",
    " ",
]

# What a form can carry: any text the browser can encode (no lone surrogates).
form_text = st.one_of(
    st.text(st.characters(exclude_categories=["Cs"]), max_size=40),
    st.text(st.characters(categories=["Cc"]), max_size=5),
    st.sampled_from(NASTY),
    st.integers().map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
)
# What JSON can carry, lone surrogates and non-strings included.
json_scalar = st.one_of(
    form_text,
    st.text(max_size=20),
    st.integers(min_value=-(10**30), max_value=10**30),
    st.floats(allow_nan=False, allow_infinity=False),
    st.booleans(),
    st.none(),
)
json_value = st.recursive(
    json_scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=3),
        st.dictionaries(st.text(max_size=5), inner, max_size=3),
    ),
    max_leaves=6,
)


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def checked_post(client: Client, url: str, data, **extra):
    """Post and check the answer is no server error, a NUL byte in a query
    counting as one."""
    with nul_refused():
        response = client.post(url, data, **extra)
    assert response.status_code < 500, response.content[:500]
    return response


# --- The report form ------------------------------------------------------------


@pytest.fixture
def draft(report_in_state):
    return report_in_state(Report.State.DRAFT)


@RANDOM
@given(
    base=st.one_of(json_scalar, st.sampled_from(["1e400", "1" * 23, "-1"])),
    narratives=st.dictionaries(
        st.sampled_from(
            ["narrative_done", "narrative_obstacles", "narrative_next", "zero_note"]
        ),
        json_value,
        max_size=4,
    ),
    values=st.dictionaries(
        st.sampled_from([*CODES, "NOPE"]),
        st.one_of(
            json_value,
            st.fixed_dictionaries(
                {},
                optional={
                    "raw": json_value,
                    "status": st.one_of(
                        st.sampled_from(["entered", "blank", "na"]), json_value
                    ),
                    "explanation": json_value,
                },
            ),
        ),
        max_size=4,
    ),
    zero=json_value,
)
@example(base="1e400", narratives={}, values={}, zero=None)
@example(
    base=0,
    narratives={"narrative_done": "\x00", "zero_note": "x" * 6000},
    values={"IND-A1-01": {"raw": "9" * 300, "explanation": "\x00"}, "NOPE": "\x00"},
    zero="\x00",
)
def test_the_autosave_answers_random_json_without_a_server_error(
    cast, draft, base, narratives, values, zero
):
    body = json.dumps(
        {
            "base_version": base,
            "data": {"values": values, "is_zero_report": zero, **narratives},
        }
    )
    checked_post(
        client_for(cast.reporter),
        autosave_url(draft),
        body,
        content_type="application/json",
    )


@RANDOM
@given(body=st.one_of(st.binary(max_size=200), json_value.map(json.dumps)))
def test_the_autosave_answers_any_body_without_a_server_error(cast, draft, body):
    checked_post(
        client_for(cast.reporter),
        autosave_url(draft),
        body,
        content_type="application/json",
    )


@RANDOM
@given(
    fields=st.dictionaries(
        st.sampled_from(
            [
                "base_version",
                "js_changed",
                "is_zero_report",
                "zero_note",
                "narrative_done",
                "narrative_obstacles",
                "narrative_next",
                *(
                    f"{kind}-{code}"
                    for kind in ("raw", "na", "explanation")
                    for code in CODES
                ),
            ]
        ),
        form_text,
    ),
    base=st.one_of(st.just("0"), form_text),
    section=st.one_of(st.just("A1"), form_text),
)
@example(
    fields={"raw-IND-A1-01": "\x00", "narrative_next": "\x00", "js_changed": "\x00"},
    base="\x00",
    section="\x00",
)
@example(fields={"raw-IND-A1-02": "9" * 10_000}, base="1" * 23, section="A1")
def test_the_form_answers_random_fields_without_a_server_error(
    cast, draft, fields, base, section
):
    checked_post(
        client_for(cast.reporter),
        form_url(draft),
        {"section": section, "base_version": base, **fields},
    )


@RANDOM
@given(
    place=st.one_of(
        st.sampled_from(["", "section:A1", "value:IND-A1-01"]),
        form_text,
        form_text.map("section:{}".format),
        form_text.map("value:{}".format),
    ),
    name=st.one_of(st.just("note.pdf"), form_text.map("{}.pdf".format)),
    confirm=st.one_of(st.just("on"), form_text),
    following=form_text,
    panel=st.one_of(st.sampled_from(["", "A1", "signoff", "\x00"]), form_text),
    htmx=st.booleans(),
)
@example(
    place="section:\x00",
    name="note.pdf",
    confirm="on",
    following="/\x00",
    panel="\x00",
    htmx=True,
)
@example(
    place="value:A\x00",
    name="a\x00.pdf",
    confirm="on",
    following="x",
    panel="",
    htmx=False,
)
def test_an_evidence_upload_answers_random_fields_without_a_server_error(
    cast, draft, place, name, confirm, following, panel, htmx
):
    data = {
        "files": [SimpleUploadedFile(name, b"%PDF-1.4\n%%EOF\n")],
        "place": place,
        "confirm_unclassified": confirm,
        "next": following,
    }
    checked_post(
        client_for(cast.reporter),
        f"/reports/{draft.pk}/evidence/upload/?{urlencode({'panel': panel})}",
        data,
        headers={"HX-Request": "true"} if htmx else {},
    )


@RANDOM
@given(revision=form_text, checksum=form_text, confirm=form_text)
@example(revision="\x00", checksum="\x00", confirm="\x00")
@example(revision="1" * 23, checksum="x" * 6000, confirm="on")
def test_a_signoff_upload_answers_random_fields_without_a_server_error(
    cast, report_in_state, revision, checksum, confirm
):
    ready = Report.objects.filter(state=Report.State.READY).first()
    ready = ready or report_in_state(Report.State.READY)
    data = {
        "files": [SimpleUploadedFile("scan.pdf", b"%PDF-1.4\n%%EOF\n")],
        "signed_revision": revision,
        "signed_checksum": checksum,
        "confirm_unclassified": confirm,
    }
    checked_post(
        client_for(cast.approver),
        f"/reports/{ready.pk}/evidence/signoff/?panel=signoff",
        data,
    )


# --- The workflow's steps -------------------------------------------------------

STEPS = [
    ("mark_ready", Report.State.DRAFT, "reporter"),
    ("withdraw", Report.State.READY, "reporter"),
    ("submit", Report.State.READY, "approver"),
    ("return", Report.State.SUBMITTED, "reviewer"),
    ("pass", Report.State.SUBMITTED, "reviewer"),
    ("cancel_pass", Report.State.PASSED, "reviewer"),
    ("accept", Report.State.PASSED, "official"),
    ("reopen", Report.State.ACCEPTED, "official"),
]


@pytest.mark.parametrize(("action", "state", "role"), STEPS)
def test_each_step_answers_random_fields_without_a_server_error(
    cast, report_in_state, action, state, role
):
    report = report_in_state(state)
    client = client_for(getattr(cast, role))
    field_names = ["comment", "reason", "until", "confirm_unclassified"]
    field_names += [f"c-A1-{code}" for code in CODES] + ["c-A1-narrative_done"]

    @RANDOM
    @given(
        fields=st.dictionaries(
            st.sampled_from(field_names),
            st.one_of(form_text, st.dates().map(str)),
        )
    )
    @example(fields=dict.fromkeys(field_names, "\x00"))
    def step(fields):
        checked_post(client, f"/reports/{report.pk}/transition/{action}/", fields)

    step()


# --- The periods ----------------------------------------------------------------


@RANDOM
@given(
    fields=st.fixed_dictionaries(
        {},
        optional={
            "year": st.one_of(
                st.integers(min_value=2019, max_value=2101).map(str), form_text
            ),
            "opens_at": st.one_of(st.datetimes().map(str), form_text),
            "due_at": st.one_of(st.datetimes().map(str), form_text),
            "closes_at": st.one_of(st.datetimes().map(str), form_text),
            "late_policy": st.one_of(st.sampled_from(["accept", "refuse"]), form_text),
        },
    )
)
@example(
    fields={
        "year": "\x00",
        "opens_at": "\x00",
        "due_at": "99999-01-01",
        "closes_at": "1e400",
        "late_policy": "\x00",
    }
)
def test_a_new_period_answers_random_fields_without_a_server_error(cast, fields):
    checked_post(client_for(cast.official), "/reports/periods/new/", fields)


@RANDOM
@given(
    action=st.one_of(
        st.sampled_from(["open", "extend", "close", "lock", "unlock"]), form_text
    ),
    fields=st.dictionaries(
        st.sampled_from(
            [
                f"{prefix}-{name}"
                for prefix in ("open", "extend", "close", "lock", "unlock")
                for name in ("note", "due_at", "closes_at")
            ]
        ),
        st.one_of(form_text, st.datetimes().map(str)),
    ),
)
@example(action="\x00", fields={})
@example(
    action="extend",
    fields={"extend-note": "\x00", "extend-due_at": "\x00", "extend-closes_at": "\x00"},
)
def test_a_period_step_answers_random_fields_without_a_server_error(
    cast, draft, action, fields
):
    checked_post(
        client_for(cast.official),
        f"/reports/periods/{draft.period_id}/",
        {"action": action, **fields},
    )


# --- The queue ------------------------------------------------------------------


@RANDOM
@given(
    ticked=st.lists(
        st.one_of(
            st.integers(min_value=-(10**30), max_value=10**30).map(str),
            st.sampled_from(["\u00b2", "\u0661", " 1 ", "1" * 23]),
            form_text,
        ),
        max_size=4,
    ),
    action=form_text,
)
@example(ticked=["\x00", "\u00b2", "1" * 23], action="\x00")
def test_the_queues_bulk_action_answers_random_ticks_without_a_server_error(
    cast, report_in_state, ticked, action
):
    submitted = Report.objects.filter(state=Report.State.SUBMITTED).first()
    submitted = submitted or report_in_state(Report.State.SUBMITTED)
    checked_post(
        client_for(cast.reviewer),
        "/reports/queue/",
        {"report": [str(submitted.pk), *ticked], "action": action},
    )
