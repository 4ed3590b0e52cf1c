"""Every step that moves a report asks first, naming the report and saying what will
happen: a dialog on the report page (its button leads, without JavaScript, to the
step's own page, which asks the same), and for the queue's bulk steps a page that
counts and names the reports before anything moves."""

from __future__ import annotations

import html as html_lib
import re

import pytest

from reporting.models import Report, Transition
from tests.factories import UniversityFactory
from tests.reporting.workflow_support import walk
from tests.reporting.workflow_views_support import (
    client_for,
    offered,
    report_url,
    state,
    step_url,
)

pytestmark = pytest.mark.django_db

State = Report.State
QUEUE = "/reports/queue/"

# (state the report is in, who acts, the step asked in a dialog)
DIALOG_STEPS = [
    (State.DRAFT, "reporter", "mark_ready"),
    (State.READY, "reporter", "withdraw"),
    (State.READY, "approver", "submit"),
    (State.SUBMITTED, "approver", "withdraw"),
    (State.SUBMITTED, "reviewer", "pass"),
    (State.PASSED, "reviewer", "cancel_pass"),
    (State.PASSED, "official", "accept"),
]


def dialog(page: str, action: str) -> str:
    match = re.search(
        rf'<div class="modal fade" id="confirm-{action}".*?</form>', page, re.S
    )
    assert match, f"no confirmation dialog for {action}"
    return html_lib.unescape(match.group(0))


def forms_outside_dialogs(page: str) -> list[str]:
    """The POST forms of the action panel itself: a button there moves the report on
    one click."""
    panel = re.search(
        r'data-testid="workflow-actions">(.*?)</div>\s*</div>', page, re.S
    )
    return re.findall(r'<form method="post"', panel.group(1)) if panel else []


@pytest.mark.parametrize(("to", "who", "action"), DIALOG_STEPS)
def test_each_step_of_the_panel_asks_in_a_dialog_naming_the_report(
    cast, report, to, who, action
):
    walk(report, cast, to)

    page = client_for(getattr(cast, who), "zh-hans").get(report_url(report))

    body = page.content.decode()
    assert action in offered(body)
    assert f'data-bs-target="#confirm-{action}"' in body
    assert not forms_outside_dialogs(body)
    asked = dialog(body, action)
    assert f'action="{step_url(report, action)}"' in asked
    assert cast.university.name_zh in asked
    assert str(report.period.year) in asked
    assert f'data-testid="confirm-{action}-yes"' in asked
    assert "保持不变" in asked
    assert state(report) == to  # showing the dialog moves nothing


def test_submitting_says_which_authority_reviews_next_and_that_the_university_cannot_change_it(  # noqa: E501
    cast, report
):
    walk(report, cast, State.READY)
    authority = cast.university.authority

    body = client_for(cast.approver, "zh-hans").get(report_url(report)).content.decode()

    asked = dialog(body, "submit")
    assert f"上报后将由{authority.name_zh}审核，本校不能再修改" in asked
    assert 'name="confirm_unclassified"' in asked  # still confirmed in the dialog


def test_a_direct_route_says_the_ministry_reviews_next(cast_direct):
    cast, report = cast_direct
    walk(report, cast, State.READY)

    body = client_for(cast.approver, "zh-hans").get(report_url(report)).content.decode()

    assert "上报后将由教育部审核，本校不能再修改" in dialog(body, "submit")


@pytest.fixture
def cast_direct(db):
    from tests.reporting.workflow_support import Cast, ready_to_mark, university_under

    university = university_under("MOE")
    return Cast(university), ready_to_mark(university)


@pytest.mark.parametrize(("to", "who", "action"), DIALOG_STEPS)
def test_without_javascript_the_button_leads_to_a_page_that_asks_the_same(
    cast, report, to, who, action
):
    walk(report, cast, to)
    client = client_for(getattr(cast, who), "zh-hans")
    asked = dialog(client.get(report_url(report)).content.decode(), action)
    consequence = re.search(
        rf'data-testid="confirm-{action}-consequence">([^<]*)<', asked
    ).group(1)

    page = client.get(step_url(report, action))

    assert page.status_code == 200
    body = html_lib.unescape(page.content.decode())
    assert consequence in body
    assert cast.university.name_zh in body
    assert state(report) == to


def test_the_return_and_reopen_pages_say_what_happens_to_which_report(cast, report):
    walk(report, cast, State.SUBMITTED)
    returning = client_for(cast.reviewer, "zh-hans").get(step_url(report, "return"))
    body = html_lib.unescape(returning.content.decode())
    assert f"报告将退回{cast.university.name_zh}修改" in body

    walk(report, cast, State.ACCEPTED)
    reopening = client_for(cast.official, "zh-hans").get(step_url(report, "reopen"))
    body = html_lib.unescape(reopening.content.decode())
    assert f"报告将重新开放，{cast.university.name_zh}可在您设定的日期前修改" in body


# --- The queue's bulk steps -------------------------------------------------------


@pytest.fixture
def submitted(cast, report_in_state):
    """Two submitted reports waiting for the cast's reviewer, and one of another
    authority (outside the reviewer's queue)."""
    from tests.factories import AuthorityFactory

    first = report_in_state(State.SUBMITTED)
    second = report_in_state(
        State.SUBMITTED,
        university=UniversityFactory(
            authority=cast.university.authority, name_zh="第二测试大学"
        ),
    )
    outside = report_in_state(
        State.SUBMITTED, university=UniversityFactory(authority=AuthorityFactory())
    )
    return first, second, outside


def test_a_bulk_pass_first_counts_and_names_the_reports_and_moves_nothing(
    cast, submitted
):
    first, second, outside = submitted
    reviewer = client_for(cast.reviewer, "zh-hans")

    response = reviewer.post(
        QUEUE, {"action": "pass", "report": [first.pk, second.pk, outside.pk]}
    )

    assert response.status_code == 200
    body = html_lib.unescape(response.content.decode())
    assert "确定审核通过这 2 份报告吗？" in body
    named = re.findall(r'data-testid="bulk-report">([^<]*)<', body)
    assert len(named) == 2
    assert first.university.name_zh in named[0]
    assert "第二测试大学" in named[1]
    assert outside.university.name_zh not in body
    assert "报送教育部验收" in body
    assert {state(r) for r in submitted} == {State.SUBMITTED}
    assert not Transition.objects.filter(action="pass").exists()
    # Keeping them goes back to the queue, nothing moved.
    assert 'data-testid="bulk-confirm-no"' in body
    assert reviewer.get(QUEUE).status_code == 200
    assert {state(r) for r in submitted} == {State.SUBMITTED}


def test_the_confirmed_bulk_pass_moves_the_named_reports(cast, submitted):
    first, second, outside = submitted
    reviewer = client_for(cast.reviewer, "en")
    asked = reviewer.post(QUEUE, {"action": "pass", "report": [first.pk, second.pk]})
    carried = re.findall(
        r'<input type="hidden" name="report" value="(\d+)">', asked.content.decode()
    )
    assert carried == [str(first.pk), str(second.pk)]

    response = reviewer.post(
        QUEUE,
        {"action": "pass", "report": carried, "confirmed": "yes"},
        follow=True,
    )

    assert [line["status"] for line in response.context["results"]] == [
        "done",
        "done",
    ]
    assert state(first) == state(second) == State.PASSED
    assert state(outside) == State.SUBMITTED


def test_a_bulk_accept_asks_with_the_ministrys_words(cast, report_in_state):
    passed = report_in_state(State.PASSED)
    official = client_for(cast.official, "zh-hans")

    response = official.post(QUEUE, {"action": "accept", "report": [passed.pk]})

    body = html_lib.unescape(response.content.decode())
    assert "确定验收通过这 1 份报告吗？" in body
    assert "验收通过 1 份报告" in body  # the button
    assert state(passed) == State.PASSED
