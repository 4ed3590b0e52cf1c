"""The workflow on the pages: each button for the right person in the right state, the
steps taken through their URLs, the return form with its comments beside the fields,
and what changed since a reviewer's review."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from reporting.models import FieldComment, Report, Transition
from tests.reporting.engine_data import value_put
from tests.reporting.form_support import field_html, post_section
from tests.reporting.workflow_support import section_open, walk
from tests.reporting.workflow_views_support import (
    client_for,
    form_url,
    messages_of,
    offered,
    report_url,
    state,
    step_url,
)

pytestmark = pytest.mark.django_db

State = Report.State


# Who sees which buttons, by state (provincial route: through the authority).
BUTTONS = {
    State.DRAFT: {"reporter": {"mark_ready"}, "approver": set()},
    State.READY: {"reporter": {"withdraw"}, "approver": {"submit", "return"}},
    State.SUBMITTED: {
        "reporter": set(),
        "approver": {"withdraw"},
        "reviewer": {"pass", "return"},
    },
    State.PASSED: {
        "approver": set(),
        "reviewer": {"cancel_pass"},
        "official": {"accept", "return"},
        "expert": set(),
    },
    State.ACCEPTED: {
        "reporter": set(),
        "reviewer": set(),
        "official": {"reopen"},
        "expert": set(),
    },
}
CASES = [
    (s, who, buttons) for s, row in BUTTONS.items() for who, buttons in row.items()
]


@pytest.mark.parametrize(("to", "who", "buttons"), CASES)
def test_each_person_sees_the_buttons_of_the_steps_they_may_take_now(
    cast, report, to, who, buttons
):
    walk(report, cast, to)

    response = client_for(getattr(cast, who)).get(report_url(report))

    assert response.status_code == 200
    assert offered(response.content.decode()) == buttons


def test_the_form_page_offers_the_step_too(cast, report):
    html = client_for(cast.reporter).get(form_url(report)).content.decode()

    assert offered(html) == {"mark_ready"}
    assert f'action="{step_url(report, "mark_ready")}"' in html


def test_withdraw_and_cancel_pass_ask_for_confirmation_first(cast, report):
    walk(report, cast, State.PASSED)

    html = client_for(cast.reviewer).get(report_url(report)).content.decode()

    assert 'data-bs-target="#confirm-cancel_pass"' in html
    assert 'data-testid="confirm-cancel_pass-yes"' in html
    # Without JavaScript the button leads to a confirmation page.
    page = client_for(cast.reviewer).get(step_url(report, "cancel_pass"))
    assert page.status_code == 200
    assert 'data-testid="step-submit"' in page.content.decode()


def test_a_person_holding_both_university_roles_submits_a_draft_at_once(cast, report):
    from tests.factories import MembershipFactory

    MembershipFactory(user=cast.reporter, role="approver", university=cast.university)
    reporter = client_for(cast.reporter)

    assert offered(reporter.get(report_url(report)).content.decode()) == {
        "mark_ready",
        "submit",
    }
    response = reporter.post(step_url(report, "submit"), {"confirm_unclassified": "on"})

    assert response.status_code == 302
    assert state(report) == State.SUBMITTED


def test_submitting_needs_the_box_ticked_and_says_so_beside_it(cast, report):
    walk(report, cast, State.READY)
    approver = client_for(cast.approver, "zh-hans")

    response = approver.post(step_url(report, "submit"), {"comment": "Signed."})

    assert response.status_code == 400
    html = response.content.decode()
    assert 'name="confirm_unclassified"' in html and "is-invalid" in html
    assert "确认本报告不含涉密内容" in html
    assert state(report) == State.READY

    response = approver.post(step_url(report, "submit"), {"confirm_unclassified": "on"})
    assert response.status_code == 302
    submit = Transition.objects.get(report=report, action="submit")
    assert submit.confirmed_unclassified is True
    assert state(report) == State.SUBMITTED


def test_a_refused_step_shows_the_reason_on_the_report_page(cast, university):
    from tests.factories import make_open_period_with_report

    unfinished = make_open_period_with_report(university)  # nothing filled in
    reporter = client_for(cast.reporter)

    response = reporter.post(step_url(unfinished, "mark_ready"), follow=True)

    assert response.redirect_chain == [(report_url(unfinished), 302)]
    assert any("not ready for sign-off" in text for text in messages_of(response))
    assert state(unfinished) == State.DRAFT
    assert not Transition.objects.filter(report=unfinished).exists()


def test_a_withdrawal_after_the_next_reviewer_acted_is_refused_with_its_reason(
    cast, report
):
    walk(report, cast, State.READY)
    withdraw_page = client_for(cast.reporter).get(report_url(report)).content.decode()
    assert "withdraw" in offered(withdraw_page)
    walk(report, cast, State.SUBMITTED)  # the approver acted meanwhile

    response = client_for(cast.reporter).post(step_url(report, "withdraw"), follow=True)

    assert response.status_code == 200
    assert any(
        "Too late" in text or "not possible" in text for text in messages_of(response)
    )
    assert state(report) == State.SUBMITTED


def test_a_step_not_open_to_the_user_leads_back_to_the_report_with_a_reason(
    cast, report
):
    reporter = client_for(cast.reporter)

    response = reporter.get(step_url(report, "submit"), follow=True)

    assert response.redirect_chain == [(report_url(report), 302)]
    assert messages_of(response) == [
        "You cannot take this step (Submit) on the report now."
    ]
    assert reporter.get(step_url(report, "fly")).status_code == 404


def test_outside_the_scope_the_step_urls_do_not_exist(report, outsider_client):
    for action in ("mark_ready", "return"):
        assert outsider_client.get(step_url(report, action)).status_code == 404
        assert outsider_client.post(step_url(report, action)).status_code == 404
    assert state(report) == State.DRAFT


def test_a_reviewer_cannot_act_on_a_draft_it_may_not_read(cast, report):
    response = client_for(cast.reviewer).post(
        step_url(report, "return"), {"comment": "Too early."}
    )

    assert response.status_code == 403
    assert state(report) == State.DRAFT


def _return(reviewer, report, **comments):
    data = {"comment": "Please check A1.", **comments}
    return reviewer.post(step_url(report, "return"), data)


def test_the_return_form_offers_a_comment_box_per_value_and_narrative(cast, report):
    walk(report, cast, State.SUBMITTED)

    html = client_for(cast.reviewer).get(step_url(report, "return")).content.decode()

    assert 'name="c-A1-IND-A1-01"' in html
    assert 'name="c-A1-narrative_done"' in html
    assert 'name="c-A2-zero_note"' in html  # A2 is declared empty
    assert 'data-testid="return-section-A7"' in html


def test_the_return_form_shows_each_value_as_understood(cast, report):
    section_open(report, "O1", filled={"IND-O1-01": "Y"})
    value_put(report, "IND-A1-03", "１２３４")
    walk(report, cast, State.SUBMITTED)

    html = (
        client_for(cast.reviewer)
        .get(step_url(report, "return"), HTTP_ACCEPT_LANGUAGE="zh-hans")
        .content.decode()
    )

    def current(code: str) -> str:
        row = re.search(rf'data-testid="return-row-{code}">(.*?)</tr>', html, re.S)
        return re.search(r'data-testid="value"[^>]*>([^<]*)<', row.group(1)).group(1)

    assert current("IND-O1-01") == "是"
    assert current("IND-A1-03").startswith("1,234 ")


def test_a_return_needs_a_comment_and_keeps_what_was_typed(cast, report):
    walk(report, cast, State.SUBMITTED)
    reviewer = client_for(cast.reviewer)

    response = _return(reviewer, report, comment="  ", **{"c-A1-IND-A1-01": "Why 5?"})

    assert response.status_code == 400
    html = response.content.decode()
    assert 'data-testid="error-comment"' in html
    assert "Why 5?</textarea>" in html
    assert state(report) == State.SUBMITTED
    assert not FieldComment.objects.exists()


def test_a_returned_report_shows_the_comments_beside_the_fields(cast, report):
    walk(report, cast, State.SUBMITTED)

    response = _return(
        client_for(cast.reviewer),
        report,
        **{
            "c-A1-IND-A1-01": "Count the majors again.",
            "c-A1-narrative_done": "Name the courses.",
        },
    )

    # The reviewer keeps reading the returned draft: back to the report page.
    assert response.status_code == 302
    assert response["Location"] == f"/reports/{report.pk}/"
    assert state(report) == State.DRAFT
    html = client_for(cast.reporter).get(form_url(report)).content.decode()
    assert 'data-testid="review-banner"' in html and "Please check A1." in html
    field = field_html(html, "IND-A1-01")
    assert 'data-testid="field-comment-IND-A1-01"' in field
    assert "Count the majors again." in field
    narrative = html.split('id="narrative_done"', 1)[1].split(
        'id="narrative_obstacles"'
    )[0]
    assert "Name the courses." in narrative
    # Fields without a comment have none.
    assert "Count the majors again." not in field_html(html, "IND-A1-02")
    page = client_for(cast.reporter).get(report_url(report)).content.decode()
    assert 'data-testid="field-comment-IND-A1-01"' in page


def test_the_comments_leave_the_form_once_the_report_moves_on(cast, report):
    walk(report, cast, State.SUBMITTED)
    _return(client_for(cast.reviewer), report, **{"c-A1-IND-A1-01": "Again."})
    reporter = client_for(cast.reporter)
    assert "Again." in reporter.get(form_url(report)).content.decode()

    reporter.post(step_url(report, "mark_ready"))

    html = reporter.get(form_url(report)).content.decode()
    assert 'data-testid="review-banner"' not in html
    assert 'data-testid="field-comment-IND-A1-01"' not in html


def test_the_whole_journey_through_the_pages(cast, report):
    """Reporter marks ready, approver submits, authority returns with a comment on a
    value, reporter fixes it, and after the resubmission the authority sees what
    changed, passes, and the ministry accepts."""
    reporter, approver = client_for(cast.reporter), client_for(cast.approver)
    reviewer, official = client_for(cast.reviewer), client_for(cast.official)

    assert reporter.post(step_url(report, "mark_ready")).status_code == 302
    approver.post(step_url(report, "submit"), {"confirm_unclassified": "on"})
    assert state(report) == State.SUBMITTED
    _return(reviewer, report, **{"c-A1-IND-A1-01": "Five majors? Check."})
    assert state(report) == State.DRAFT

    assert "Five majors? Check." in field_html(
        reporter.get(form_url(report)).content.decode(), "IND-A1-01"
    )
    fix = {"raw-IND-A1-01": "7", "narrative_done": "Seven majors, counted again."}
    assert post_section(reporter, report, fix).status_code == 302
    reporter.post(step_url(report, "mark_ready"))
    approver.post(step_url(report, "submit"), {"confirm_unclassified": "on"})
    assert state(report) == State.SUBMITTED

    page = reviewer.get(report_url(report)).content.decode()
    changes = page.split('data-testid="workflow-changes"', 1)[1].split("</section>")[0]
    assert "IND-A1-01" in changes
    assert 'data-testid="change-old">5<' in changes
    assert 'data-testid="change-new">7<' in changes

    reviewer.post(step_url(report, "pass"))
    assert state(report) == State.PASSED
    official.post(step_url(report, "accept"), {"comment": "Accepted."})
    assert state(report) == State.ACCEPTED

    page = official.get(report_url(report)).content.decode()
    log = page.split('data-testid="workflow-log"', 1)[1]
    assert log.count('data-testid="workflow-step"') == 7
    assert "Five majors? Check." in log  # the field comment stays in the log
    assert "Accepted." in log


def test_the_ministry_reopens_until_a_date_it_chooses(cast, report):
    walk(report, cast, State.ACCEPTED)
    official = client_for(cast.official)
    yesterday = timezone.localdate() - dt.timedelta(days=1)

    response = official.post(
        step_url(report, "reopen"), {"reason": "Fix A1.", "until": yesterday}
    )
    assert response.status_code == 400
    assert "Choose today or a later day." in response.content.decode()
    assert state(report) == State.ACCEPTED

    until = timezone.localdate() + dt.timedelta(days=10)
    response = official.post(
        step_url(report, "reopen"), {"reason": "Fix A1.", "until": until.isoformat()}
    )

    assert response.status_code == 302
    fresh = Report.objects.get(pk=report.pk)
    assert (fresh.state, fresh.reopened_until) == (State.DRAFT, until)
    html = client_for(cast.reporter).get(form_url(report)).content.decode()
    assert 'data-testid="review-banner"' in html and "Fix A1." in html


def test_what_changed_is_shown_only_to_the_level_the_report_waits_for(cast, report):
    walk(report, cast, State.SUBMITTED)
    reviewer, approver = client_for(cast.reviewer), client_for(cast.approver)
    # Nobody at the authority has reviewed it yet.
    assert (
        'data-testid="workflow-changes"'
        not in reviewer.get(report_url(report)).content.decode()
    )

    reviewer.post(step_url(report, "return"), {"comment": "Check A1."})
    report.refresh_from_db()
    walk(report, cast, State.SUBMITTED)  # resubmitted unchanged

    html = reviewer.get(report_url(report)).content.decode()
    assert 'data-testid="workflow-no-changes"' in html
    # The approver's own submission is not a review waiting for them.
    assert (
        'data-testid="workflow-changes"'
        not in approver.get(report_url(report)).content.decode()
    )


def test_the_reviewer_reads_every_explained_warning(cast, report):
    from tests.reporting.engine_data import accepted_last_year, value_put

    accepted_last_year(report, {"IND-A1-01": "50"})
    value_put(report, "IND-A1-01", "5", explanation="Two majors were merged.")
    walk(report, cast, State.SUBMITTED)

    html = client_for(cast.reviewer).get(report_url(report)).content.decode()

    warnings = html.split('data-testid="report-warnings"', 1)[1].split("</ul>")[0]
    assert "IND-A1-01" in warnings and "Two majors were merged." in warnings
