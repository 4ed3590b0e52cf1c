"""The checks of a report, as in the ministry's statistics systems.

*Errors* block submission: a value not understood or out of bounds, a section neither
filled nor declared empty, a zero report without its note or holding values, a missing
narrative. *Warnings* (a stock below last year, a change beyond the threshold, a jump by
ten times: a slip of the unit or of a digit) need an explanation before submission.

`report_check` runs a fixed number of queries whatever the number of indicators and
sections. Each section is checked on its own (`section_check`): a save and the form
page check the section they show (`sections_check`) and take the others as their
counters stand (stored by the save that last checked them, `SectionStatus.stored`);
the report's counts are the sums. The whole report is checked where it moves (mark
ready, submit; its counters stored then), on the pages that list every issue, and
wherever a section's counters were counted under other rules of the catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from initiatives.models import Indicator

from .display import change_pct, change_text, value_text
from .issue_links import FieldLink, form_url_of, indicator_link, section_field_link
from .models import Report, ReportSection, Value
from .numbers import error_message
from .report_read import ReportData, report_data
from .report_read import applicable_indicators as applicable_indicators
from .report_read import previous_values as previous_values
from .validation_units import unit_slip_message

MIN_EXPLANATION_CHARS = 6
DEFAULT_CHANGE_THRESHOLD_PCT = 50


@dataclass
class Issue:
    severity: str  # "error" or "warning"
    code: str
    indicator_code: str | None
    section_code: str
    message: str
    needs_explanation: bool = False
    explained: bool = False
    # Errors that only matter at submission (a blank section, a missing narrative).
    submission_only: bool = field(default=False, repr=False)
    # The fields to fix: the indicator's own, the missing ones of a section, the
    # narrative; filled in by report_check.
    links: list[FieldLink] = field(default_factory=list, repr=False)


@dataclass
class SectionStatus:
    """How a section stands: what is filled in, and how many errors (by the
    submission rules, and those a draft shows) and warnings (all, unexplained) its
    checks found."""

    complete: bool
    filled: int
    applicable: int
    zero_report: bool
    narrative_done: bool = False
    entered: int = 0  # values entered (not blank, not "not applicable")
    errors: int = 0
    draft_errors: int = 0
    warnings: int = 0
    unexplained: int = 0

    @property
    def percent(self) -> int:
        """Share of the section's indicators and its narrative that is filled in."""
        return _percent(*self._units())

    def _units(self) -> tuple[int, int]:
        units = self.applicable + 1
        if self.zero_report:
            return units, units
        return self.filled + (1 if self.narrative_done else 0), units

    @classmethod
    def of(
        cls, section: ReportSection, *, filled: int, applicable: int, **counts
    ) -> SectionStatus:
        zero = section.is_zero_report
        narrative = bool(section.narrative_done.strip())
        return cls(
            complete=zero or (filled == applicable and (applicable > 0 or narrative)),
            filled=filled,
            applicable=applicable,
            zero_report=zero,
            narrative_done=narrative,
            **counts,
        )

    @classmethod
    def stored(cls, section: ReportSection) -> SectionStatus:
        """As the save that last checked the section stored it."""
        return cls.of(
            section,
            filled=section.filled_count,
            applicable=section.applicable_count,
            errors=section.error_count,
            draft_errors=section.draft_error_count,
            warnings=section.warning_count,
            unexplained=section.unexplained_warning_count,
        )

    def counters(self) -> dict[str, int]:
        """The section's stored counters (ReportSection.COUNTER_FIELDS)."""
        return {
            "filled_count": self.filled,
            "applicable_count": self.applicable,
            "error_count": self.errors,
            "draft_error_count": self.draft_errors,
            "warning_count": self.warnings,
            "unexplained_warning_count": self.unexplained,
        }


@dataclass
class ReportCheck:
    """The issues of the sections checked (`checked`: their codes, None when every
    section was) and how every section stands. The counts and `ready` are the whole
    report's: the sums of the sections'."""

    issues: list[Issue]
    sections: dict[str, SectionStatus]
    completeness: int
    ready: bool
    checked: frozenset[str] | None = None
    draft: bool = False  # without the errors that only matter at submission

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == "warning"]

    @property
    def unexplained(self) -> list[Issue]:
        return [issue for issue in self.warnings if not issue.explained]

    @property
    def error_count(self) -> int:
        key = "draft_errors" if self.draft else "errors"
        return sum(getattr(status, key) for status in self.sections.values())

    @property
    def warning_count(self) -> int:
        return sum(status.warnings for status in self.sections.values())

    @property
    def unexplained_count(self) -> int:
        return sum(status.unexplained for status in self.sections.values())

    def section_errors(self, code: str) -> int:
        status = self.sections.get(code)
        if status is None:
            return 0
        return status.draft_errors if self.draft else status.errors

    def is_checked(self, code: str) -> bool:
        return self.checked is None or code in self.checked

    def counters(self) -> dict[str, int]:
        """The report's stored counters (the submission check's)."""
        return {
            "error_count": self.error_count,
            "warning_count": self.warning_count,
            "unexplained_warning_count": self.unexplained_count,
            "completeness": self.completeness,
        }

    def as_draft(self) -> ReportCheck:
        """The same check without the errors that only matter at submission."""
        return ReportCheck(
            issues=[issue for issue in self.issues if not issue.submission_only],
            sections=self.sections,
            completeness=self.completeness,
            ready=self.ready,
            checked=self.checked,
            draft=True,
        )

    def for_indicator(self, code: str) -> list[Issue]:
        return [issue for issue in self.issues if issue.indicator_code == code]

    def for_section(self, code: str) -> list[Issue]:
        return [issue for issue in self.issues if issue.section_code == code]


def _percent(done: int, total: int) -> int:
    # Rounded down: 100 % only when everything is there.
    return 100 * done // total if total else 0


def explanation_ok(text: str | None) -> bool:
    """At least MIN_EXPLANATION_CHARS characters after stripping; a Chinese
    character counts as one."""
    return len((text or "").strip()) >= MIN_EXPLANATION_CHARS


def explanation_error(text: str | None) -> str | None:
    """Why an explanation that was written is not enough yet, or None."""
    length = len((text or "").strip())
    if length == 0 or length >= MIN_EXPLANATION_CHARS:
        return None
    return _(
        "Write at least %(minimum)d characters; the explanation has %(length)d."
    ) % {"minimum": MIN_EXPLANATION_CHARS, "length": length}


def _warning(indicator, code: str, message: str) -> Issue:
    return Issue(
        severity="warning",
        code=code,
        indicator_code=indicator.code,
        section_code=indicator.action.code,
        message=message,
        needs_explanation=True,
    )


def value_warnings(
    indicator, number: Decimal | None, previous: Decimal | None
) -> list[Issue]:
    """The warnings a valid number raises against last year's accepted one.

    At most one per value, the most specific first: a jump by ten times (a slip of
    the unit or of a digit, said in the terms of the indicator's unit), a stock below
    last year, a change beyond the indicator's threshold.
    """
    if number is None or previous is None:
        return []
    last = value_text(indicator, previous, unit=True)
    slip = unit_slip_message(indicator, number, previous, last)
    if slip:
        return [_warning(indicator, "jump_tenfold", slip)]
    if indicator.measure == Indicator.Measure.STOCK and number < previous:
        return [
            _warning(
                indicator,
                "stock_below_last_year",
                _("Below last year's value (%(previous)s), though it is a stock.")
                % {"previous": last},
            )
        ]
    threshold = indicator.change_threshold_pct
    if threshold is None:
        threshold = DEFAULT_CHANGE_THRESHOLD_PCT
    # Compared unrounded; said in whole percent, with the sign the pages show.
    change = change_pct(previous, number, places=None)
    if change is not None and abs(change) > threshold:
        return [
            _warning(
                indicator,
                "change_beyond_threshold",
                _(
                    "Changed by %(change)s%% from last year's value "
                    "(%(previous)s), more than %(threshold)s%%."
                )
                % {
                    "change": change_text(previous, number, places=0),
                    "previous": last,
                    "threshold": threshold,
                },
            )
        ]
    return []


def _section_issues(
    action, status: SectionStatus, section, blank: list[FieldLink], form_url: str
) -> list[Issue]:
    """The section's own errors, each with links to the fields to fix: the
    incomplete section's one lists every indicator still blank."""
    name = action.heading
    issues = []
    if status.zero_report and not section.zero_note.strip():
        issues.append(
            Issue(
                "error",
                "zero_note_missing",
                None,
                action.code,
                _("%(action)s: say why there is nothing to report this year.")
                % {"action": name},
                links=[section_field_link(form_url, action, "zero_note")],
            )
        )
    if status.zero_report and status.entered:
        issues.append(
            Issue(
                "error",
                "zero_report_with_values",
                None,
                action.code,
                ngettext(
                    "%(action)s: declared as nothing to report this year, yet "
                    "%(count)d value is filled in. Clear it, or withdraw the "
                    "declaration.",
                    "%(action)s: declared as nothing to report this year, yet "
                    "%(count)d values are filled in. Clear them, or withdraw the "
                    "declaration.",
                    status.entered,
                )
                % {"action": name, "count": status.entered},
                links=[section_field_link(form_url, action, "is_zero_report")],
            )
        )
    if not status.complete:
        missing = status.applicable - status.filled
        if missing:
            message = ngettext(
                "%(action)s: %(count)d indicator is not filled in. Fill it in, mark "
                "it not applicable, or declare that there is nothing to report.",
                "%(action)s: %(count)d indicators are not filled in. Fill them in, "
                "mark them not applicable, or declare that there is nothing to report.",
                missing,
            ) % {"action": name, "count": missing}
        else:
            message = _(
                "%(action)s: describe what was done, or declare that there is "
                "nothing to report."
            ) % {"action": name}
        links = blank or [section_field_link(form_url, action, "narrative_done")]
        issues.append(
            Issue(
                "error",
                "section_incomplete",
                None,
                action.code,
                message,
                submission_only=True,
                links=links,
            )
        )
    if not status.zero_report and not status.narrative_done and status.applicable:
        issues.append(
            Issue(
                "error",
                "narrative_missing",
                None,
                action.code,
                _("%(action)s: describe what was done this year.") % {"action": name},
                submission_only=True,
                links=[section_field_link(form_url, action, "narrative_done")],
            )
        )
    return issues


def section_check(
    section: ReportSection, data: ReportData, form_url: str
) -> tuple[list[Issue], SectionStatus]:
    """The section's issues (by the submission rules) and how it stands, from
    `data` (its values loaded)."""
    action = section.action
    indicators = data.catalogue.by_action.get(action.pk, ())
    values, previous = data.values, data.previous
    issues: list[Issue] = []
    filled = entered = 0
    blank: list[FieldLink] = []
    filled_states = (Value.Status.ENTERED, Value.Status.NOT_APPLICABLE)
    for indicator in indicators:
        value = values.get(indicator.pk)
        if value is None or value.status not in filled_states:
            blank.append(indicator_link(form_url, indicator))
            continue
        filled += 1
        if value.status != Value.Status.ENTERED:
            continue
        entered += 1
        if value.error_code:
            issues.append(
                Issue(
                    "error",
                    value.error_code,
                    indicator.code,
                    action.code,
                    error_message(value.error_code, indicator),
                    links=[indicator_link(form_url, indicator)],
                )
            )
            continue
        for warning in value_warnings(
            indicator, value.number, previous.get(indicator.pk)
        ):
            warning.explained = explanation_ok(value.explanation)
            warning.links = [indicator_link(form_url, indicator)]
            issues.append(warning)
    status = SectionStatus.of(
        section, filled=filled, applicable=len(indicators), entered=entered
    )
    issues += _section_issues(action, status, section, blank, form_url)
    errors = [issue for issue in issues if issue.severity == "error"]
    warnings = [issue for issue in issues if issue.severity == "warning"]
    status.errors = len(errors)
    status.draft_errors = sum(1 for issue in errors if not issue.submission_only)
    status.warnings = len(warnings)
    status.unexplained = sum(1 for issue in warnings if not issue.explained)
    return issues, status


def check_scope(data: ReportData, only: set[int]) -> list[ReportSection]:
    """The sections `sections_check(only=…)` checks: those of `only`, and those
    whose counters were counted under other rules."""
    rules = data.catalogue.rules
    return [
        section
        for section in data.sections
        if section.pk in only or section.counted_rules != rules
    ]


def report_check(
    report: Report, *, for_submission: bool = False, data: ReportData | None = None
) -> ReportCheck:
    """Every error and warning of the report, the sections' completeness, and whether
    it is ready for submission (no error, no unexplained warning, every section
    complete). Without `for_submission`, errors that only matter at submission (blank
    sections, missing narratives) are left out of the issues; `ready` always applies
    the submission rules. `data`: what a save or a page has read already (it reads
    what is missing: one query)."""
    if data is None:
        data = report_data(report)
    return _check(data, data.sections, for_submission)


def sections_check(
    data: ReportData, only: set[int], *, for_submission: bool = False
) -> ReportCheck:
    """`report_check` of the sections whose ids are `only` (a save's, the page's):
    the others stand as their stored counters say, unless those were counted under
    other rules (then they are checked too). The counts and `ready` are the whole
    report's."""
    return _check(data, check_scope(data, only), for_submission)


def _check(
    data: ReportData, checked: list[ReportSection], for_submission: bool
) -> ReportCheck:
    report, sections = data.report, data.sections
    data.load(section.action_id for section in checked)
    form_url = form_url_of(report)
    fresh = {section.pk for section in checked}

    issues: list[Issue] = []
    statuses: dict[str, SectionStatus] = {}
    done = total = 0
    for section in sections:
        if section.pk in fresh:
            found, status = section_check(section, data, form_url)
            issues += found
        else:
            status = SectionStatus.stored(section)
        statuses[section.action.code] = status
        section_done, section_total = status._units()
        done += section_done
        total += section_total

    check = ReportCheck(
        issues=issues,
        sections=statuses,
        completeness=_percent(done, total),
        ready=False,
        checked=(
            None
            if len(fresh) == len(sections)
            else frozenset(s.action.code for s in checked)
        ),
    )
    check.ready = bool(sections) and not (check.error_count or check.unexplained_count)
    return check if for_submission else check.as_draft()
