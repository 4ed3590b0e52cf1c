"""An autosave does the work of what it changed (issue 14): it checks the section
it saved, not the report, in as many queries whatever the catalogue's size; and the
counters the lists show, the report's and its sections', stay those a check of the
whole report finds, after any sequence of autosaves and where the report moves."""

from __future__ import annotations

import json
import re

from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import reporting.checklist
import reporting.services.sections
import reporting.validation
from initiatives.models import Action, Indicator
from initiatives.rules import catalogue_forget
from institutions.models import Membership
from reporting.models import Report, ReportSection
from reporting.services.workflow import report_mark_ready, report_submit
from reporting.services.workflow_guards import TransitionRefused
from reporting.validation import report_check
from tests.factories import IndicatorFactory, MembershipFactory, UserFactory
from tests.reporting.engine_data import accepted_last_year, open_report
from tests.reporting.form_support import autosave_url
from tests.reporting.workflow_support import ready_to_mark

LAST_YEAR = {
    "IND-A1-01": "100",  # a stock
    "IND-A1-03": "100",  # a flow
    "IND-A2-01": "50",
    "IND-A2-02": "20.5",
    "IND-A3-01": "10",
}
EXPLANATION = "Counted twice last year."


def autosave(client, report, code: str, data: dict) -> dict:
    section = ReportSection.objects.get(report=report, action__code=code)
    response = client.post(
        autosave_url(report, code),
        json.dumps({"base_version": section.version, "data": data}),
        content_type="application/json",
    )
    assert response.status_code == 200, response.content[:300]
    return response.json()


def stored_counters(report: Report) -> tuple[dict, dict]:
    """The report's stored counters and each section's, by code."""
    report.refresh_from_db()
    sections = {
        section.action.code: {
            "filled_count": section.filled_count,
            "applicable_count": section.applicable_count,
            "error_count": section.error_count,
            "draft_error_count": section.draft_error_count,
            "warning_count": section.warning_count,
            "unexplained_warning_count": section.unexplained_warning_count,
        }
        for section in report.sections.select_related("action")
    }
    counters = {
        name: getattr(report, name)
        for name in (
            "error_count",
            "warning_count",
            "unexplained_warning_count",
            "completeness",
        )
    }
    return counters, sections


def recomputed(report: Report) -> tuple[dict, dict]:
    """The same counters from a check of the whole report."""
    full = report_check(Report.objects.get(pk=report.pk), for_submission=True)
    return full.counters(), {
        code: status.counters() for code, status in full.sections.items()
    }


def assert_counters_hold(report: Report) -> None:
    stored, sections = stored_counters(report)
    full, full_sections = recomputed(report)
    assert sections == full_sections
    assert stored == full


# --- The work of one autosave ------------------------------------------------------


class Spy:
    """Counts the calls of a function, which it still runs."""

    def __init__(self, function):
        self.function, self.calls = function, 0

    def __call__(self, *args, **kwargs):
        self.calls += 1
        return self.function(*args, **kwargs)


def _grow(count: int) -> None:
    """More indicators in every action of the plan, all applying to the report."""
    actions = list(Action.objects.order_by("order"))
    for index in range(count):
        IndicatorFactory(action=actions[index % len(actions)])


def test_a_one_value_autosave_checks_its_section_only_at_two_catalogue_sizes(
    reporter_client, university, monkeypatch
):
    Indicator.objects.exclude(code__in=["IND-A1-01", "IND-A2-01"]).update(
        is_active=False
    )
    catalogue_forget()  # update() sends no signal: as an admin's edit would
    report = open_report(university)
    accepted_last_year(report, {"IND-A1-01": "100"})
    spies = {
        "report_check": Spy(reporting.validation.report_check),
        "section_check": Spy(reporting.validation.section_check),
    }
    monkeypatch.setattr(reporting.validation, "section_check", spies["section_check"])
    for module in (
        reporting.validation,
        reporting.services.sections,
        reporting.checklist,
    ):
        monkeypatch.setattr(module, "report_check", spies["report_check"])

    def one_value(raw: str) -> tuple[int, dict]:
        for spy in spies.values():
            spy.calls = 0
        with CaptureQueriesContext(connection) as queries:
            answer = autosave(
                reporter_client, report, "A1", {"values": {"IND-A1-01": {"raw": raw}}}
            )
        assert answer["saved"] and answer["changed"]
        return len(queries), {name: spy.calls for name, spy in spies.items()}

    one_value("90")  # the first save counts every section once
    small, small_calls = one_value("95")
    _grow(120)
    one_value("97")  # the rules changed: every section is counted once more
    large, large_calls = one_value("99")

    applicable = Indicator.objects.active().for_level(university.level).count()
    assert applicable == 122
    assert small == large, (small, large)
    # One section checked, the saved one; no check of the whole report.
    assert small_calls == large_calls == {"report_check": 0, "section_check": 1}
    assert_counters_hold(report)


def test_the_first_save_and_a_change_of_rules_count_every_section(
    reporter_client, university
):
    report = open_report(university)

    autosave(reporter_client, report, "A2", {"narrative_done": "Done."})

    assert set(report.sections.values_list("counted_rules", flat=True)) != {""}
    assert_counters_hold(report)
    IndicatorFactory(action=Action.objects.get(code="A3"))  # a new rule in A3
    autosave(reporter_client, report, "A2", {"narrative_done": "Done again."})
    assert_counters_hold(report)


def test_the_lists_show_the_counts_a_save_stored(reporter_client, university):
    report = open_report(university)
    accepted_last_year(report, LAST_YEAR)

    autosave(
        reporter_client,
        report,
        "A1",
        {"values": {"IND-A1-01": {"raw": "1000"}, "IND-A1-03": {"raw": "abc"}}},
    )

    stored, _sections = stored_counters(report)
    full, _full_sections = recomputed(report)
    assert stored == full
    assert stored["warning_count"] == stored["unexplained_warning_count"] == 1
    page = reporter_client.get(reverse("reporting:report-list")).content.decode()
    row = page.split(f'data-report="{report.pk}"')[1].split("</tr>")[0]
    cells = [
        re.sub(r"<[^>]+>", "", cell.split("</td>")[0]).strip()
        for cell in row.split('<td class="num">')[1:]
    ]
    assert cells == [
        str(full["error_count"]),
        str(full["warning_count"]),
        f"{full['completeness']}%",
    ]


# --- The counters after any sequence of autosaves -----------------------------------

VALUE_KINDS = ("valid", "invalid", "warning", "explained", "clear", "na", "half")


def _value_data(code: str, kind: str) -> dict:
    last = LAST_YEAR.get(code, "5")
    if code == "IND-O1-01":  # yes/no: no warnings
        raw = {"valid": "1", "half": "0", "invalid": "maybe"}.get(kind, "")
        return {"raw": raw, "status": "na" if kind == "na" else "entered"}
    number = float(last)
    raw = {
        "valid": last,
        "invalid": "abc",
        "warning": f"{number * 20:g}",  # ten times last year's: a slip of the unit?
        "explained": f"{number * 20:g}",
        "clear": "",
        "na": "",
        "half": f"{number / 2:g}",  # a stock below last year; a flow beyond ±50 %
    }[kind]
    entry = {"raw": raw, "status": "na" if kind == "na" else "entered"}
    entry["explanation"] = EXPLANATION if kind == "explained" else ""
    return entry


VALUE_STEP = st.tuples(
    st.just("value"),
    st.sampled_from([*sorted(LAST_YEAR), "IND-O1-01"]),
    st.sampled_from(VALUE_KINDS),
)
SECTION_STEP = st.tuples(
    st.sampled_from(["narrative", "zero"]),
    st.sampled_from(["A1", "A2", "A3", "O1"]),
    st.booleans(),
)
STEPS = st.lists(
    st.one_of(VALUE_STEP, VALUE_STEP, SECTION_STEP), min_size=1, max_size=10
)


def _step_data(step) -> tuple[str, dict]:
    kind, target, choice = step
    if kind == "value":
        action = Indicator.objects.get(code=target).action.code
        return action, {"values": {target: _value_data(target, choice)}}
    if kind == "narrative":
        return target, {"narrative_done": "Done as planned." if choice else ""}
    return target, {
        "is_zero_report": choice,
        "zero_note": "Nothing this year." if choice else "",
    }


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(steps=STEPS)
def test_the_counters_equal_a_whole_check_after_any_autosaves(
    reporter_client, university, steps
):
    with transaction.atomic():
        report = open_report(university)
        accepted_last_year(report, LAST_YEAR)
        for step in steps:
            code, data = _step_data(step)
            autosave(reporter_client, report, code, data)
            assert_counters_hold(report)
        # Where the report moves, the whole report is checked and its counts stored.
        try:
            report_mark_ready(report=report, user=reporter_client.user)
        except TransitionRefused:
            pass
        assert_counters_hold(report)
        transaction.set_rollback(True)


def test_mark_ready_and_submit_store_the_whole_check(cast, university, client):
    report = ready_to_mark(university)
    accepted_last_year(report, {"IND-A1-01": "100"})
    client.force_login(cast.reporter)
    # A warning, explained: ready still.
    autosave(
        client,
        report,
        "A1",
        {"values": {"IND-A1-01": {"raw": "1000", "explanation": EXPLANATION}}},
    )
    assert_counters_hold(report)

    report_mark_ready(report=report, user=cast.reporter)

    assert_counters_hold(report)
    stored, _sections = stored_counters(report)
    assert stored["warning_count"] == 1 and stored["error_count"] == 0

    # Counters a stale rule left behind are put right where the report moves.
    both = UserFactory()
    for role in (Membership.Role.REPORTER, Membership.Role.APPROVER):
        MembershipFactory(user=both, role=role, university=university)
    other = ready_to_mark(university)
    ReportSection.objects.filter(report=other).update(error_count=7)
    Report.objects.filter(pk=other.pk).update(error_count=99)
    report_submit(report=other, user=both, confirm_unclassified=True)
    assert_counters_hold(other)
    other.refresh_from_db()
    assert other.error_count == 0 and other.state != Report.State.DRAFT


def test_a_catalogue_edit_is_seen_by_the_next_save(reporter_client, university):
    report = open_report(university)
    autosave(reporter_client, report, "A1", {"values": {"IND-A1-01": {"raw": "6"}}})
    indicator = Indicator.objects.get(code="IND-A1-01")
    indicator.change_threshold_pct = 10
    indicator.save()
    accepted_last_year(report, {"IND-A1-01": "5"})

    answer = autosave(
        reporter_client, report, "A1", {"values": {"IND-A1-01": {"raw": "6"}}}
    )

    assert answer["fields"]["IND-A1-01"]["warnings"]
    assert_counters_hold(report)
