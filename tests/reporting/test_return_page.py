"""The return page as a reviewer works on it: the report as they read it (values,
last year's accepted ones, warnings, explanations, narratives) with a comment box
beside each part and one per section, all visible; comments saved where they were
written; a refused return keeps what was typed and says what is wrong beside the
box; the same number of queries however large the report."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives.models import Indicator
from reporting.models import FieldComment, Report, ReportingPeriod
from tests.factories import IndicatorFactory
from tests.reporting.engine_data import accepted_last_year, value_put
from tests.reporting.form_support import field_html
from tests.reporting.workflow_support import walk
from tests.reporting.workflow_views_support import (
    client_for,
    form_url,
    report_url,
    state,
    step_url,
)

pytestmark = pytest.mark.django_db

State = Report.State
EXPLANATION = "Two majors merged into one this year."


def _data_year(report: Report, year: int = 2030) -> Report:
    """The report's period moved to a data year whose year before is free."""
    ReportingPeriod.objects.filter(pk=report.period_id).update(year=year)
    report.period.refresh_from_db()
    return report


@pytest.fixture
def submitted(cast, report) -> Report:
    """A submitted report whose IND-A1-01 (5) fell to a tenth of last year's accepted
    50, explained by the university."""
    accepted_last_year(_data_year(report), {"IND-A1-01": "50"})
    value_put(report, "IND-A1-01", "5", explanation=EXPLANATION)
    return walk(report, cast, State.SUBMITTED)


def _row(html: str, code: str) -> str:
    match = re.search(rf'data-testid="return-row-{code}">(.*?)</tr>', html, re.S)
    assert match, code
    return match.group(1)


def _testid(html: str, testid: str) -> str:
    match = re.search(rf'data-testid="{testid}"[^>]*>([^<]*)<', html)
    assert match, testid
    return match.group(1)


def test_the_page_shows_the_report_with_a_box_beside_each_part(cast, submitted):
    html = client_for(cast.reviewer).get(step_url(submitted, "return")).content.decode()

    row = _row(html, "IND-A1-01")
    assert _testid(row, "value").startswith("5 ")
    assert _testid(row, "previous").startswith("50 ")
    warning = row.split('data-testid="warning"')[1].split("</div>")[0]
    assert "A tenth of last year&#x27;s value (50 " in warning
    assert EXPLANATION in row.split('data-testid="explanation"')[1]
    assert 'name="c-A1-IND-A1-01"' in row
    # The narratives with their boxes, and a box for each section as a whole.
    assert "Courses and projects as planned." in html
    assert 'name="c-A1-narrative_done"' in html
    assert 'name="c-A2-zero_note"' in html and "Nothing this year." in html
    # A section declared empty shows its note, not a row per indicator left blank.
    assert 'data-testid="return-row-IND-A2-' not in html
    assert 'name="c-A2-narrative_done"' not in html
    sections = submitted.sections.count()
    assert html.count('data-testid="return-section-comment"') == sections
    assert 'name="c-A1-section"' in html and 'name="c-A7-section"' in html
    # Nothing hidden in collapsed blocks; a nav leads to each section.
    assert "<details" not in html
    assert html.count('href="#review-') == sections
    assert html.count('data-testid="return-section-') == 2 * sections


def test_the_page_is_only_for_a_reviewer_who_may_return_the_report(
    cast, submitted, outsider_client
):
    url = step_url(submitted, "return")
    for who in (cast.reporter, cast.approver):
        response = client_for(who).get(url, follow=True)
        assert response.redirect_chain == [(report_url(submitted), 302)]
        assert 'data-testid="return-row-' not in response.content.decode()
    assert outsider_client.get(url).status_code == 404
    walk(submitted, cast, State.PASSED)  # the authority's turn is over
    response = client_for(cast.reviewer).get(url)
    assert response.status_code == 302
    html = client_for(cast.official).get(url).content.decode()
    assert EXPLANATION in _row(html, "IND-A1-01")


def test_comments_are_saved_per_field_and_per_section(cast, submitted):
    response = client_for(cast.reviewer).post(
        step_url(submitted, "return"),
        {
            "comment": "See the comments.",
            "c-A1-IND-A1-01": "Which majors merged?",
            "c-A1-narrative_done": "Name the courses.",
            "c-A1-section": "A1 reads well otherwise.",
            "c-A7-section": "A7: nothing at all?",
            "c-A2-zero_note": "  ",
        },
    )

    assert response.status_code == 302
    assert state(submitted) == State.DRAFT
    saved = {
        (c.section.action.code, c.indicator.code if c.indicator else None, c.field)
        for c in FieldComment.objects.select_related("section__action", "indicator")
    }
    assert saved == {
        ("A1", "IND-A1-01", "value"),
        ("A1", None, "narrative_done"),
        ("A1", None, "section"),
        ("A7", None, "section"),
    }
    # The university reads the section's comment at the top of the section.
    reporter = client_for(cast.reporter)
    form = reporter.get(form_url(submitted)).content.decode()
    assert (
        "A1 reads well otherwise."
        in form.split('data-testid="field-comment-section"')[1]
    )
    assert "Which majors merged?" in field_html(form, "IND-A1-01")
    page = reporter.get(report_url(submitted)).content.decode()
    assert (
        "A7: nothing at all?" in page.split('data-testid="field-comment-A7-section"')[1]
    )
    assert "A1 · The section as a whole" in page  # in the workflow log


def _textarea(html: str, name: str) -> str:
    match = re.search(
        rf'<textarea name="{name}"([^>]*)>\s*(.*?)</textarea>', html, re.S
    )
    assert match, name
    return match.group(1), match.group(2)


def test_a_refused_return_keeps_the_comments_and_marks_the_boxes(cast, submitted):
    too_long = "x" * 4001
    response = client_for(cast.reviewer).post(
        step_url(submitted, "return"),
        {
            "comment": "   ",
            "c-A1-IND-A1-01": "Which majors merged?",
            "c-A1-narrative_done": too_long,
            "c-A1-section": "Check the whole section.",
        },
    )

    assert response.status_code == 400
    html = response.content.decode()
    assert state(submitted) == State.SUBMITTED
    assert not FieldComment.objects.exists()
    # Each error beside its box, which points at it.
    for name, text in (
        ("comment", "a return needs a comment"),
        ("c-A1-narrative_done", "at most 4000 characters"),
    ):
        attrs, _typed = _textarea(html, name)
        assert 'aria-invalid="true"' in attrs
        assert f'aria-describedby="id_{name}_error"' in attrs
        error = re.search(rf'<div[^>]*id="id_{name}_error"[^>]*>([^<]*)<', html)
        assert text in error.group(1)
        # ... and listed at the top, with a link to it.
        assert f'<a href="#id_{name}">' in html.split('data-testid="form-errors"')[1]
    # What was typed is kept; boxes without an error are not marked.
    attrs, typed = _textarea(html, "c-A1-IND-A1-01")
    assert typed == "Which majors merged?" and "aria-invalid" not in attrs
    assert _textarea(html, "c-A1-section")[1] == "Check the whole section."
    assert _textarea(html, "c-A1-narrative_done")[1] == too_long
    assert "js/review.js" in html


def test_a_comment_with_a_nul_byte_is_refused_beside_its_box(cast, submitted):
    response = client_for(cast.reviewer).post(
        step_url(submitted, "return"),
        {"comment": "Check.", "c-A3-section": "bad\x00byte"},
    )

    assert response.status_code == 400
    attrs, _typed = _textarea(response.content.decode(), "c-A3-section")
    assert 'aria-invalid="true"' in attrs
    assert not FieldComment.objects.exists()


def _grow(report, previous_values: dict[str, str], count: int) -> None:
    for _ in range(count):
        indicator = IndicatorFactory()
        value_put(report, indicator.code, "12", explanation="Grew as planned.")
        previous_values[indicator.code] = "10"


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


def test_the_page_runs_the_same_queries_at_two_sizes(cast, report):
    # A1 holds only the test indicators: 10, then 60, with values this year.
    Indicator.objects.filter(action__code="A1").update(is_active=False)
    walk(_data_year(report), cast, State.SUBMITTED)
    last_year: dict[str, str] = {}
    _grow(report, last_year, 10)
    accepted_last_year(report, last_year)
    reviewer = client_for(cast.reviewer)
    url = step_url(report, "return")
    reviewer.get(url)  # warm the session

    small = _queries(reviewer, url)
    _grow(report, {}, 50)
    large = _queries(reviewer, url)

    html = reviewer.get(url).content.decode()
    a1 = html.split('data-testid="return-section-A1"')[1].split("</section>")[0]
    assert a1.count('data-testid="return-row-') == 60
    assert html.count('data-testid="previous">10 ') == 10
    assert small == large, (small, large)
