"""seed_demo's reporting part: periods 2021-2025, accepted years, a 2025 draft with
last year's values and warnings; idempotent."""

from __future__ import annotations

import pytest

from institutions.demo import DEMO_UNIVERSITY, demo_seed
from institutions.models import University
from reporting.history import report_changes
from reporting.models import (
    PeriodEvent,
    Report,
    ReportingPeriod,
    ReportSection,
    Value,
)
from reporting.section_input import SectionInput
from reporting.services.periods import periods_advance
from reporting.services.sections import section_save
from reporting.validation import previous_values, report_check
from tests.reporting.workflow_support import person

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("demo-reports")]


@pytest.fixture
def seeded(demo_seeded, db, settings):
    """The whole demo seed, run once for this module (tests/conftest.py)."""
    settings.DEBUG = True
    return demo_seeded.result


def snapshot() -> tuple:
    return (
        ReportingPeriod.objects.count(),
        PeriodEvent.objects.count(),
        Report.objects.count(),
        ReportSection.objects.count(),
        Value.objects.count(),
        Report.history.count(),
        Value.history.count(),
        sorted(Report.objects.values_list("pk", "revision", "state", "updated_at")),
    )


def test_periods_and_reports(seeded):
    result = seeded
    reporting = University.objects.filter(level=University.Level.BACHELOR)

    periods = {p.year: p for p in ReportingPeriod.objects.all()}
    assert sorted(periods) == [2021, 2022, 2023, 2024, 2025]
    assert all(p.is_demo for p in periods.values())
    assert {periods[year].state for year in range(2021, 2025)} == {"closed"}
    assert periods[2025].state == "open"
    assert (result.periods_created, result.reports_created) == (
        5,
        5 * reporting.count(),
    )

    for year in range(2021, 2025):
        reports = Report.objects.filter(period__year=year)
        assert reports.count() == reporting.count()
        assert set(reports.values_list("state", flat=True)) == {"accepted"}
        assert not reports.filter(submitted_at__isnull=True).exists()
        assert not reports.filter(last_submitted_at__isnull=True).exists()
    # 2025 holds reports in every state: see test_demo_workflow.py
    states_2025 = Report.objects.filter(period__year=2025).values_list("state")
    assert states_2025.count() == reporting.count()
    assert {state for (state,) in states_2025} == set(Report.State.values)
    assert Report.objects.filter(is_demo=False).count() == 0
    # some drafts are partly filled, some not at all
    completeness = set(
        Report.objects.filter(period__year=2025).values_list("completeness", flat=True)
    )
    assert 0 in completeness and len(completeness) > 3

    # accepted years pass every check and grow from year to year
    university = University.objects.get(code=DEMO_UNIVERSITY)
    for year in range(2021, 2025):
        report = Report.objects.get(period__year=year, university=university)
        check = report_check(report, for_submission=True)
        assert check.ready, [issue.message for issue in check.issues]
        assert check.completeness == 100
    totals = {
        year: sum(
            Value.objects.filter(
                report__period__year=year,
                report__university=university,
                indicator__value_type="integer",
                indicator__measure="stock",
            ).values_list("number", flat=True)
        )
        for year in (2021, 2024)
    }
    assert totals[2024] > totals[2021]


def test_the_2025_draft_shows_last_years_values_and_warnings(seeded, client):
    from accounts.models import User

    university = University.objects.get(code=DEMO_UNIVERSITY)
    report = Report.objects.get(period__year=2025, university=university)

    previous = previous_values(report)
    check = report_check(report)

    assert len(previous) > 100
    codes = {issue.code for issue in check.warnings}
    assert {"stock_below_last_year", "jump_tenfold"} <= codes
    assert check.unexplained  # the tenfold jump still needs its explanation
    assert report.revision > 1 and report.warning_count == len(check.warnings)
    # written through the service: the history page has who and what
    assert Value.history.filter(
        report=report, history_user__username="reporter@example.com"
    ).exists()

    # and the demo reporter finds it in the portal
    client.force_login(User.objects.get(username="reporter@example.com"))
    current = client.get("/reports/current/")
    detail = client.get(f"/reports/{report.pk}/")
    history = client.get(f"/reports/{report.pk}/history/")

    assert f'href="/reports/{report.pk}/form/"' in current.content.decode()
    assert detail.status_code == 200
    warnings = detail.content.decode().split('data-testid="report-warnings"')[1]
    assert warnings.split("</ul>")[0].count('class="list-group-item"') >= 2
    assert history.status_code == 200
    assert history.content.decode().count('data-testid="history-row"') > 10


def test_a_second_run_changes_nothing(seeded):
    before = snapshot()

    result = demo_seed()
    periods_advance()  # the schedule agrees with the demo's dates

    assert (result.periods_created, result.reports_created) == (0, 0)
    assert snapshot() == before


def _latest_records(history, fields: tuple[str, ...]) -> dict[int, tuple]:
    latest = {}
    for record in history.order_by("id", "history_id").values_list(
        "id", "history_type", *fields
    ):
        latest[record[0]] = record[1:]
    return latest


def test_every_seeded_value_and_section_has_its_history_record(seeded):
    """The history page compares each record with the one before: a write that left
    none would show up later as a change of the next save ("(blank) -> text")."""
    for model, fields in (
        (Value, ("status", "raw", "explanation")),
        (
            ReportSection,
            (
                "is_zero_report",
                "zero_note",
                "narrative_done",
                "narrative_obstacles",
                "narrative_next",
                "version",
            ),
        ),
    ):
        latest = _latest_records(model.history.all(), fields)
        for row in model.objects.values_list("id", *fields):
            assert latest.get(row[0], (None,))[1:] == row[1:], (model, row[0])


def test_one_edit_of_a_seeded_draft_shows_only_what_changed(seeded, client):
    report = (
        Report.objects.filter(period__year=2025, state=Report.State.DRAFT)
        .exclude(university__code=DEMO_UNIVERSITY)
        .filter(sections__narrative_next__gt="", values__explanation="")
        .order_by("pk")
        .first()
    )
    section = report.sections.exclude(narrative_next="").order_by("pk").first()
    value = report.values.filter(section=section, explanation="").first()
    old_next = section.narrative_next
    reporter = person("reporter", university=report.university)

    def edit(data: dict) -> None:
        section.refresh_from_db()
        result = section_save(
            section=section,
            user=reporter,
            section_input=SectionInput.from_data(
                data, action_code=section.action.code, base_version=section.version
            ),
        )
        assert result.changed

    edit({"narrative_next": "Hire two more teachers."})
    edit({"values": {value.indicator.code: {"explanation": "A new college opened."}}})

    client.force_login(reporter)
    page = client.get(f"/reports/{report.pk}/history/")
    mine = [
        (change.kind, change.field, change.old_display, change.new_display)
        for change in page.context["page"].object_list
        if change.user == reporter
    ]
    assert mine == [
        ("value", "explanation", "", "A new college opened."),
        ("section", "narrative_next", old_next, "Hire two more teachers."),
    ]


def test_the_demo_reporters_draft_shows_no_text_cleared_that_nobody_cleared(seeded):
    """Its saves are dated days back, before the sections' creation records: each
    record is compared with the one written before it, not the one dated before."""
    report = Report.objects.get(period__year=2025, university__code=DEMO_UNIVERSITY)

    cleared = [
        (change.object_ref, change.field)
        for change in report_changes(report)
        if change.kind in ("section", "value") and change.old and not change.new
    ]

    assert cleared == []


def test_seeded_values_are_dated_when_they_were_filled_in(seeded):
    """Not at the moment the seed ran: a value record dated after the report's
    review steps would read, on "changed since your review" and the history page,
    as every value typed in after the review."""
    accepted = Report.objects.filter(state=Report.State.ACCEPTED, period__year=2024)
    for report in accepted[:5]:
        latest = report.values.model.history.filter(report_id=report.pk).latest(
            "history_date"
        )
        assert latest.history_date <= report.submitted_at, report.pk
    submitted = Report.objects.filter(
        period__year=2025, state=Report.State.SUBMITTED
    ).exclude(university__code=DEMO_UNIVERSITY)
    assert submitted.exists()
    for report in submitted:
        first_step = report.transitions.order_by("at").first()
        for model in (Value, ReportSection):
            latest = model.history.filter(report_id=report.pk).latest("history_date")
            assert latest.history_date < first_step.at, (model, report.pk)
