"""The organisational measures read as 组织实施（一）…, never as a bare "O1" (read as
zero-one), and every measure, O2 without indicators included, has its section with a
place for its narrative (issue 11)."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.utils import translation

from initiatives.models import Action
from reporting.models import Report, ReportSection
from reporting.services.reports import report_sections_ensure
from tests.factories import PeriodFactory, ReportFactory
from tests.reporting.form_support import draft_report, form_url, post_section

pytestmark = pytest.mark.django_db

MIGRATION = importlib.import_module("reporting.migrations.0011_measure_sections")


@pytest.fixture
def report(university):
    return draft_report(university)


def test_measures_are_named_as_the_plan_numbers_them():
    o1, o2 = Action.objects.get(code="O1"), Action.objects.get(code="O2")

    assert (o1.label, o1.heading) == ("组织实施（一）", "组织实施（一）加强顶层设计")
    assert str(o2) == "组织实施（二）优化资源配置"
    assert str(Action.objects.get(code="A1")).startswith("A1 ")
    with translation.override("en"):
        assert o1.heading == ("Organisational measure 1: Strengthen top-level design")


def test_a_new_report_has_a_section_for_every_measure(report):
    codes = list(report.sections.values_list("action__code", flat=True))

    assert codes == [*(f"A{n}" for n in range(1, 8)), "O1", "O2", "O3"]


def test_the_form_names_measures_in_the_nav_and_the_heading(reporter_client, report):
    html = reporter_client.get(form_url(report, "O2")).content.decode()

    nav = html.split('data-testid="section-nav"')[1].split("</nav>")[0]
    assert "组织实施（一）加强顶层设计" in nav
    assert "组织实施（二）优化资源配置" in nav
    assert ">O1<" not in nav and ">O3<" not in nav
    heading = html.split('id="section-title">')[1].split("</h2>")[0]
    assert heading == "组织实施（二）优化资源配置"
    assert 'name="narrative_done"' in html


def test_o2_takes_its_narrative(reporter_client, report):
    response = post_section(
        reporter_client,
        report,
        {"narrative_done": "Two national platforms founded this year."},
        section="O2",
    )

    assert response.status_code == 302
    section = ReportSection.objects.get(report=report, action__code="O2")
    assert section.narrative_done == "Two national platforms founded this year."


def test_the_migration_adds_the_missing_sections_to_draft_reports_only(university):
    draft = draft_report(university)
    on_its_way = _report_without_o2(university, state=Report.State.SUBMITTED)
    ReportSection.objects.filter(report=draft, action__code="O2").delete()

    MIGRATION.add_missing_sections(apps, None)

    assert draft.sections.filter(action__code="O2").exists()
    assert draft.sections.count() == Action.objects.count()
    assert not on_its_way.sections.filter(action__code="O2").exists()
    added = ReportSection.objects.get(report=draft, action__code="O2")
    assert added.history.count() == 1

    MIGRATION.add_missing_sections(apps, None)  # safe to run twice
    assert draft.sections.count() == Action.objects.count()

    MIGRATION.remove_untouched_measure_sections(apps, None)
    assert not draft.sections.filter(action__code="O2").exists()
    assert draft.sections.filter(action__code="O1").exists()


def _report_without_o2(university, *, state):
    period = PeriodFactory(year=2023)
    report = ReportFactory(period=period, university=university, state=state)
    report_sections_ensure(report=report)
    ReportSection.objects.filter(report=report, action__code="O2").delete()
    return report


@pytest.mark.parametrize(
    "page", ["reporting:report-detail", "reporting:report-current"]
)
def test_issue_lists_name_measures_not_their_codes(reporter_client, report, page):
    from django.urls import reverse

    args = [report.pk] if page.endswith("detail") else []
    html = reporter_client.get(reverse(page, args=args)).content.decode()

    errors = (
        html.split('data-testid="report-errors"')[-1]
        if "report-errors" in html
        else html
    )
    assert "组织实施（一）加强顶层设计：" in html
    assert '<span class="font-monospace">O1</span>' not in errors
