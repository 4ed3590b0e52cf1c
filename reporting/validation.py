"""The checks of a report, as in the ministry's statistics systems.

*Errors* block submission: a value not understood or out of bounds, a section neither
filled nor declared empty, a zero report without its note or holding values, a missing
narrative. *Warnings* (a stock below last year, a change beyond the threshold, a jump by
ten times: a slip of the unit or of a digit) need an explanation before submission.

`report_check` runs a fixed number of queries whatever the number of indicators and
sections, so that forms and lists can call it freely.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from initiatives.models import Indicator

from .display import change_pct, change_text, value_text
from .issue_links import FieldLink, form_url_of, indicator_link, section_field_link
from .models import Report, Value
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
    complete: bool
    filled: int
    applicable: int
    zero_report: bool
    narrative_done: bool = False
    entered: int = 0  # values entered (not blank, not "not applicable")

    @property
    def percent(self) -> int:
        """Share of the section's indicators and its narrative that is filled in."""
        return _percent(*self._units())

    def _units(self) -> tuple[int, int]:
        units = self.applicable + 1
        if self.zero_report:
            return units, units
        return self.filled + (1 if self.narrative_done else 0), units


@dataclass
class ReportCheck:
    issues: list[Issue]
    sections: dict[str, SectionStatus]
    completeness: int
    ready: bool

    @property
    def errors(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == "error"]

    @property
    def warnings(self) -> list[Issue]:
        return [issue for issue in self.issues if issue.severity == "warning"]

    @property
    def unexplained(self) -> list[Issue]:
        return [issue for issue in self.warnings if not issue.explained]

    def as_draft(self) -> ReportCheck:
        """The same check without the errors that only matter at submission."""
        return ReportCheck(
            issues=[issue for issue in self.issues if not issue.submission_only],
            sections=self.sections,
            completeness=self.completeness,
            ready=self.ready,
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


def report_check(
    report: Report, *, for_submission: bool = False, data: ReportData | None = None
) -> ReportCheck:
    """Every error and warning of the report, the sections' completeness, and whether
    it is ready for submission (no error, no unexplained warning, every section
    complete). Without `for_submission`, errors that only matter at submission (blank
    sections, missing narratives) are left out of the issues; `ready` always applies
    the submission rules. `data`: what a save has read already (no query then)."""
    if data is None:
        data = report_data(report)
    indicators, sections = data.indicators, data.sections
    values, previous = data.values, data.previous
    form_url = form_url_of(report)

    by_action: dict[int, list[Indicator]] = {}
    for indicator in indicators:
        by_action.setdefault(indicator.action_id, []).append(indicator)

    issues: list[Issue] = []
    statuses: dict[str, SectionStatus] = {}
    done = total = 0
    filled_states = (Value.Status.ENTERED, Value.Status.NOT_APPLICABLE)
    for section in sections:
        action = section.action
        filled = entered = 0
        blank: list[FieldLink] = []
        for indicator in by_action.get(action.pk, []):
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
        applicable = len(by_action.get(action.pk, []))
        narrative = bool(section.narrative_done.strip())
        status = SectionStatus(
            complete=section.is_zero_report
            or (filled == applicable and (applicable > 0 or narrative)),
            filled=filled,
            applicable=applicable,
            zero_report=section.is_zero_report,
            narrative_done=narrative,
            entered=entered,
        )
        statuses[action.code] = status
        issues += _section_issues(action, status, section, blank, form_url)
        section_done, section_total = status._units()
        done += section_done
        total += section_total

    ready = bool(sections) and not any(
        issue.severity == "error" or not issue.explained for issue in issues
    )
    check = ReportCheck(
        issues=issues,
        sections=statuses,
        completeness=_percent(done, total),
        ready=ready,
    )
    return check if for_submission else check.as_draft()
