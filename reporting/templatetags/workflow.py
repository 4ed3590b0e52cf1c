"""The workflow's parts of the report page and the form, each with the data it needs:
the action panel, the transition log, and the latest return's comments beside the
fields. (What changed since the user's review is read by the view, see
reporting/services/review.py, and shown by reporting/_workflow_changes.html.)

They are tags so that the report and form views stay as they are; each runs a fixed
number of queries per page.
"""

from __future__ import annotations

from django import template
from django.urls import reverse

from ..checklist import workflow_notices
from ..confirmations import step_consequence, step_question
from ..feedback import Review, latest_review, transition_log
from ..models import Transition
from ..routing import ACTION_LABELS
from ..services.workflow import report_available_actions

register = template.Library()

Action = Transition.Action
# How each step is offered: a form of its own (a page, which names the report and
# says what the step does before it is sent), or a button that asks for confirmation
# in a dialog first (without JavaScript it leads to that same page). No step moves a
# report on one click.
PAGE = (Action.RETURN, Action.REOPEN)
# Steps that take the report back: their confirmation button is red.
DANGER = (Action.WITHDRAW, Action.CANCEL_PASS)
BUTTON_CLASSES = {
    Action.MARK_READY: "btn-primary",
    Action.SUBMIT: "btn-primary",
    Action.PASS: "btn-success",
    Action.ACCEPT: "btn-success",
    Action.RETURN: "btn-outline-danger",
    Action.WITHDRAW: "btn-outline-secondary",
    Action.CANCEL_PASS: "btn-outline-secondary",
    Action.REOPEN: "btn-outline-primary",
}


@register.inclusion_tag("reporting/_workflow_actions.html", takes_context=True)
def workflow_actions(context, report) -> dict:
    """The buttons of the steps the user may take on the report now, and what is
    wrong with the sign-off scan where a step lets the report go on."""
    request = context["request"]
    actions = []
    available = report_available_actions(report, request.user, request.memberships)
    for action in available:
        actions.append(
            {
                "action": action,
                "label": ACTION_LABELS[action],
                "url": reverse("reporting:report-transition", args=[report.pk, action]),
                "kind": "page" if action in PAGE else "confirm",
                "question": step_question(report, action),
                "consequence": step_consequence(report, action),
                "css": BUTTON_CLASSES.get(action, "btn-outline-primary"),
                "danger": action in DANGER,
            }
        )
    return {
        "report": report,
        "actions": actions,
        **workflow_notices(report, available, context.get("submission_check")),
        # The submit step's page shows the approver's checklist.
        "submit_checklist_url": reverse(
            "reporting:report-transition", args=[report.pk, Action.SUBMIT]
        )
        if Action.SUBMIT in available
        else "",
        "csrf_token": context.get("csrf_token"),
        "request": request,
    }


@register.inclusion_tag("reporting/_workflow_log.html")
def workflow_log(report) -> dict:
    return {"report": report, "transitions": transition_log(report)}


@register.simple_tag
def workflow_review(report) -> Review | None:
    """The return the university is answering (see `latest_review`), once per page."""
    if not hasattr(report, "_workflow_review"):
        report._workflow_review = latest_review(report)
    return report._workflow_review


@register.filter
def value_comments(review: Review | None, indicator_code: str) -> list[str]:
    if review is None:
        return []
    return review.values.get(indicator_code, [])


@register.filter
def narrative_comments(review: Review | None, section_code: str) -> dict:
    if review is None:
        return {}
    return review.narratives.get(section_code, {})
