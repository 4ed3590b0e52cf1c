"""The workflow's steps through the API: the same services and refusals as the pages,
each refusal in the one error shape with the status its reason calls for, and a
token acting only in its own membership."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from accounts.models import ApiToken
from institutions.models import Membership
from reporting.models import FieldComment, Report, Transition
from tests.factories import MembershipFactory, make_open_period_with_report
from tests.reporting.workflow_support import snapshot
from tests.reporting.workflow_views_support import client_for, state

pytestmark = pytest.mark.django_db

State = Report.State


def step(client: Client, report: Report, name: str, body: dict | None = None):
    return client.post(
        f"/api/v1/reports/{report.pk}/{name}/",
        body or {},
        content_type="application/json",
    )


def error(response) -> dict:
    body = response.json()["error"]
    assert set(body) == {"code", "message", "fields"}
    return body


def test_the_whole_route_through_the_api_answers_the_report_as_listed(cast, report):
    reporter, approver = client_for(cast.reporter), client_for(cast.approver)
    reviewer, official = client_for(cast.reviewer), client_for(cast.official)

    response = step(reporter, report, "mark-ready", {"comment": "All in."})
    assert response.status_code == 200
    assert response.json() == reporter.get(f"/api/v1/reports/{report.pk}/").json()
    assert response.json()["state"] == State.READY

    body = {"confirm_unclassified": True}
    assert step(approver, report, "submit", body).json()["state"] == State.SUBMITTED
    assert step(reviewer, report, "pass").json()["state"] == State.PASSED
    response = step(official, report, "accept", {"comment": "Fine."})
    assert response.status_code == 200
    assert response.json()["state"] == State.ACCEPTED
    assert response.json()["submission_count"] == 1
    actions = Transition.objects.filter(report=report).order_by("at", "id")
    assert [(t.action, t.actor) for t in actions] == [
        ("mark_ready", cast.reporter),
        ("submit", cast.approver),
        ("pass", cast.reviewer),
        ("accept", cast.official),
    ]
    assert actions[0].comment == "All in."


def test_submitting_needs_the_confirmation_beside_its_field(cast, report_in_state):
    report = report_in_state(State.READY)
    approver = client_for(cast.approver)
    before = snapshot(report)

    missing = step(approver, report, "submit", {"comment": "Signed."})
    refused = step(approver, report, "submit", {"confirm_unclassified": False})

    assert missing.status_code == refused.status_code == 400
    assert [f["field"] for f in error(missing)["fields"]] == ["confirm_unclassified"]
    body = error(refused)
    assert body["fields"] == [
        {
            "field": "confirm_unclassified",
            "code": "unclassified_not_confirmed",
            "message": "Confirm that the report holds no classified content.",
        }
    ]
    assert snapshot(report) == before


def test_a_return_needs_a_comment_and_keeps_the_field_comments(cast, report_in_state):
    report = report_in_state(State.SUBMITTED)
    reviewer = client_for(cast.reviewer)

    blank = step(reviewer, report, "return", {"comment": "  "})
    assert blank.status_code == 400
    assert error(blank)["fields"][0]["field"] == "comment"
    assert error(blank)["fields"][0]["code"] == "comment_required"
    assert state(report) == State.SUBMITTED

    bad = step(
        reviewer,
        report,
        "return",
        {
            "comment": "See A1.",
            "field_comments": [{"section": "Z9", "indicator": None, "text": "?"}],
        },
    )
    assert bad.status_code == 400 and error(bad)["code"] == "bad_field_comment"
    assert state(report) == State.SUBMITTED

    response = step(
        reviewer,
        report,
        "return",
        {
            "comment": "See A1.",
            "field_comments": [
                {"section": "A1", "indicator": "IND-A1-01", "text": "Source?"}
            ],
        },
    )
    assert response.status_code == 200 and response.json()["state"] == State.DRAFT
    assert list(FieldComment.objects.values_list("text", flat=True)) == ["Source?"]


def test_wrong_role_is_403_wrong_state_409_outside_scope_404(
    cast, report, outsider_client
):
    reporter, reviewer = client_for(cast.reporter), client_for(cast.reviewer)
    before = snapshot(report)

    response = step(reporter, report, "pass")
    assert response.status_code == 403
    assert error(response)["code"] == "wrong_role"
    assert (
        error(response)["message"]
        == "This step (Pass) is taken by: Authority reviewer."
    )

    response = step(reviewer, report, "pass")  # a draft: not theirs to pass yet
    assert response.status_code == 409 and error(response)["code"] == "wrong_state"

    response = step(outsider_client, report, "mark-ready")
    assert response.status_code == 404 and error(response)["code"] == "not_found"
    assert step(Client(), report, "mark-ready").status_code == 401
    assert snapshot(report) == before


def test_a_report_with_errors_is_refused_with_each_issue_named(university):
    report = make_open_period_with_report(university)
    reporter = MembershipFactory(role=Membership.Role.REPORTER, university=university)

    response = step(client_for(reporter.user), report, "mark-ready")

    assert response.status_code == 409
    body = error(response)
    assert body["code"] == "not_ready"
    assert body["message"].startswith("The report is not ready for sign-off")
    assert body["fields"] and all(row["field"] for row in body["fields"])
    assert state(report) == State.DRAFT


def test_withdraw_after_the_next_reviewer_acted_is_too_late(cast, report_in_state):
    report = report_in_state(State.PASSED)
    # The approver's submission was passed on: not theirs to take back any more.
    response = step(client_for(cast.approver), report, "withdraw")
    assert response.status_code == 409
    assert error(response)["code"] == "wrong_state"

    response = step(client_for(cast.reviewer), report, "cancel-pass")
    assert response.status_code == 200 and response.json()["state"] == State.SUBMITTED
    response = step(client_for(cast.reviewer), report, "cancel-pass")
    assert response.status_code == 409


def test_reopen_checks_reason_and_date_beside_their_fields(cast, report_in_state):
    report = report_in_state(State.ACCEPTED)
    official = client_for(cast.official)
    today = timezone.localdate()

    response = step(official, report, "reopen", {"reason": "", "until": str(today)})
    assert response.status_code == 400
    assert error(response)["fields"][0]["field"] == "reason"
    yesterday = str(today - dt.timedelta(days=1))
    response = step(official, report, "reopen", {"reason": "Typo.", "until": yesterday})
    assert response.status_code == 400
    assert error(response)["fields"][0]["field"] == "until"
    assert state(report) == State.ACCEPTED

    response = step(
        official, report, "reopen", {"reason": "Typo.", "until": str(today)}
    )
    assert response.status_code == 200
    assert response.json()["state"] == State.DRAFT
    assert response.json()["reopened_until"] == str(today)


def _token(membership, *, read_only: bool) -> str:
    _row, key = ApiToken.issue(
        user=membership.user,
        membership=membership,
        name="script",
        read_only=read_only,
        days=1,
    )
    return key


def test_a_token_takes_steps_only_in_its_own_membership(cast, report_in_state):
    """The user is reporter and approver: the session submits a draft at once, the
    reporter's token may not submit, the approver's token may."""
    report, other = report_in_state(), report_in_state()
    reporter = Membership.objects.get(user=cast.reporter)
    approver = MembershipFactory(
        user=cast.reporter, role=Membership.Role.APPROVER, university=cast.university
    )
    body = {"confirm_unclassified": True}
    client = Client()

    def with_token(key: str, name: str):
        return client.post(
            f"/api/v1/reports/{report.pk}/{name}/",
            body,
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Token {key}",
        )

    response = with_token(_token(reporter, read_only=True), "mark-ready")
    assert response.status_code == 403
    assert error(response)["code"] == "read_only_token"
    response = with_token(_token(reporter, read_only=False), "submit")
    assert response.status_code == 403 and error(response)["code"] == "wrong_role"
    assert state(report) == State.DRAFT

    approver_key = _token(approver, read_only=False)
    # The approver alone cannot submit a draft: the reporter's step comes first.
    response = with_token(approver_key, "submit")
    assert response.status_code == 409 and error(response)["code"] == "wrong_state"
    assert (
        with_token(_token(reporter, read_only=False), "mark-ready").status_code == 200
    )
    response = with_token(approver_key, "submit")
    assert response.status_code == 200
    assert response.json()["state"] == State.SUBMITTED

    # The session acts in both, as the pages do: a draft goes out at once.
    response = step(client_for(cast.reporter), other, "submit", body)
    assert response.status_code == 200
    assert response.json()["state"] == State.SUBMITTED


def test_refusals_speak_the_callers_language(cast, report):
    en = step(client_for(cast.reporter, "en"), report, "pass")
    zh = step(client_for(cast.reporter, "zh-hans"), report, "pass")

    assert error(en)["code"] == error(zh)["code"] == "wrong_role"
    assert error(en)["message"] != error(zh)["message"]
