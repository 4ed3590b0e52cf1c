"""What a step asks before it moves a report: the question naming the report(s) and
what will happen, in one place for the action panel's dialog, the step's own page
(the confirmation without JavaScript) and the queue's bulk confirmation."""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Report, Transition
from .routing import ACTION_LABELS, reviewing_authority

Action = Transition.Action


def report_label(report: Report) -> str:
    """The report as a confirmation names it: university and data year."""
    return _("%(university)s, data year %(year)s") % {
        "university": report.university,
        "year": report.period.year,
    }


def step_question(report: Report, action: str) -> str:
    """ "Submit the report of X, data year Y?" for the dialog's title."""
    return _("%(step)s: the report of %(report)s?") % {
        "step": ACTION_LABELS[action],
        "report": report_label(report),
    }


def step_consequence(report: Report, action: str) -> str:
    """What the step does to this report and who holds it next."""
    if action == Action.MARK_READY:
        return _(
            "The report goes to the university approver for sign-off; you can no "
            "longer change it unless you withdraw it before the approver acts."
        )
    if action == Action.SUBMIT:
        authority = reviewing_authority(report)
        if authority is None:
            return _(
                "After submitting, the Ministry of Education reviews the report and "
                "the university can no longer change it; until the ministry acts "
                "you can withdraw it."
            )
        return _(
            "After submitting, %(authority)s reviews the report and the university "
            "can no longer change it; until the authority acts you can withdraw it."
        ) % {"authority": authority}
    if action == Action.PASS:
        return _(
            "The report goes on to the Ministry of Education for acceptance; until "
            "the ministry acts you can cancel the pass."
        )
    if action == Action.ACCEPT:
        return _(
            "The report's values become the accepted version that counts; the "
            "university can change it again only if the ministry reopens it."
        )
    if action == Action.RETURN:
        return _(
            "The report goes back to %(university)s as a draft, with your comments "
            "beside the fields; it has to be signed off and submitted again."
        ) % {"university": report.university}
    if action == Action.WITHDRAW:
        return _(
            "The report comes back to you; the reviewer no longer sees it as waiting."
        )
    if action == Action.CANCEL_PASS:
        return _(
            "The report comes back to your review; the ministry no longer sees it as "
            "waiting."
        )
    if action == Action.REOPEN:
        return _(
            "The report becomes a draft %(university)s can change until the date you "
            "set; the accepted version counts until a new one is accepted."
        ) % {"university": report.university}
    raise ValueError(f"No step {action!r}.")


def bulk_question(action: str, count: int) -> str:
    if action == Action.PASS:
        return ngettext(
            "Pass %(count)d report?", "Pass these %(count)d reports?", count
        ) % {"count": count}
    return ngettext(
        "Accept %(count)d report?", "Accept these %(count)d reports?", count
    ) % {"count": count}


def bulk_consequence(action: str) -> str:
    if action == Action.PASS:
        return _(
            "Each goes on to the Ministry of Education for acceptance; until the "
            "ministry acts you can cancel each pass on the report's page."
        )
    return _(
        "The values of each become the accepted version that counts; the university "
        "can change one again only if the ministry reopens it."
    )


def bulk_button(action: str, count: int) -> str:
    if action == Action.PASS:
        return ngettext("Pass %(count)d report", "Pass %(count)d reports", count) % {
            "count": count
        }
    return ngettext("Accept %(count)d report", "Accept %(count)d reports", count) % {
        "count": count
    }


def bulk_labels(reports: Sequence[Report]) -> list[str]:
    return [report_label(report) for report in reports]
