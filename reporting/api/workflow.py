"""The workflow's steps as API endpoints: POST /api/v1/reports/<id>/<step>/.

Each step calls the same service as the step's page (reporting/services/workflow.py)
and answers the report as the report list shows it. A refusal keeps the service's
code and message in the one error shape: 403 when the caller does not hold the role
for the step (wrong_role, wrong_scope), 400 beside the field for what the caller sent
(a return without a comment, a submission without the confirmation), 409 for the
rest, which depends on the report's or the period's state (wrong_state, not_ready,
period_closed, too_late, …).

A token acts in its one membership: before the body is read, the step must be open to
the memberships the caller acts in (the token's one, or all the user's as on the
pages), judged by the same rules as the buttons; the guards then say why not. So a
script of a user who is both reporter and approver never submits with a reporter's
token.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from accounts.models import ApiToken
from institutions.models import Membership

from ..forms_workflow import MAX_COMMENT
from ..models import Report, Transition
from ..routing import ACTION_LABELS
from ..services import workflow as services
from ..services.workflow_guards import (
    TransitionRefused,
    check_period,
    check_too_late,
    issue_text,
    step_resolve,
)
from .serializers import ReportSerializer

Action = Transition.Action

# Refusals about the caller's role: 403. About what the caller sent: 400, beside
# this field. Any other: 409, the report or its period is not in a state for it.
FORBIDDEN = {"wrong_role", "wrong_scope"}
FIELD_OF_REFUSAL = {
    "comment_required": "comment",
    "unclassified_not_confirmed": "confirm_unclassified",
    "bad_until": "until",
    "bad_field_comment": "field_comments",
}


def _comment(*, required: bool = False, help_text=None) -> serializers.CharField:
    return serializers.CharField(
        required=required,
        allow_blank=True,
        default=serializers.empty if required else "",
        max_length=MAX_COMMENT,
        help_text=help_text,
    )


class StepInput(serializers.Serializer):
    """Mark ready, pass, accept: an optional comment."""

    comment = _comment(help_text=_("A comment recorded with the step (optional)."))

    def service_kwargs(self) -> dict:
        return {"comment": self.validated_data["comment"]}


class ConfirmInput(serializers.Serializer):
    """Withdraw, cancel a pass: nothing but the POST."""

    def service_kwargs(self) -> dict:
        return {}


class SubmitInput(StepInput):
    confirm_unclassified = serializers.BooleanField(
        help_text=_(
            "Submitting, you confirm for the university that nothing in the report "
            "or its files is classified."
        )
    )

    def service_kwargs(self) -> dict:
        return {
            "confirm_unclassified": self.validated_data["confirm_unclassified"],
            "comment": self.validated_data["comment"],
        }


class FieldCommentInput(serializers.Serializer):
    section = serializers.CharField(help_text=_("The section's action code, e.g. A1."))
    indicator = serializers.CharField(
        required=False,
        allow_null=True,
        default=None,
        help_text=_("The indicator's code; empty for a narrative or the section."),
    )
    field = serializers.CharField(
        required=False,
        default="value",
        help_text=_('"value", or the name of a narrative field.'),
    )
    text = serializers.CharField(max_length=MAX_COMMENT)


class ReturnInput(serializers.Serializer):
    comment = _comment(
        required=True, help_text=_("Why the report goes back: what to change and why.")
    )
    field_comments = FieldCommentInput(many=True, required=False, default=list)

    def service_kwargs(self) -> dict:
        return {
            "comment": self.validated_data["comment"],
            "field_comments": [
                dict(item) for item in self.validated_data["field_comments"]
            ],
        }


class ReopenInput(serializers.Serializer):
    reason = _comment(required=True, help_text=_("Why the report is reopened."))
    until = serializers.DateField(
        help_text=_("The university can change the report until the end of this day.")
    )

    def service_kwargs(self) -> dict:
        return {
            "reason": self.validated_data["reason"],
            "until": self.validated_data["until"],
        }


STEPS = {
    Action.MARK_READY: (services.report_mark_ready, StepInput),
    Action.SUBMIT: (services.report_submit, SubmitInput),
    Action.PASS: (services.report_pass, StepInput),
    Action.ACCEPT: (services.report_accept, StepInput),
    Action.RETURN: (services.report_return, ReturnInput),
    Action.WITHDRAW: (services.report_withdraw, ConfirmInput),
    Action.CANCEL_PASS: (services.report_cancel_pass, ConfirmInput),
    Action.REOPEN: (services.report_reopen, ReopenInput),
}


def acting_memberships(request: Request) -> list[Membership]:
    """The memberships a step may be taken in: a token's one, else (the session)
    all the user's active ones, as the pages' workflow does."""
    if isinstance(request.auth, ApiToken):
        return [request.auth.membership]
    return list(Membership.objects.active_for(request.user))


def refusal_response(exc: TransitionRefused, action: str) -> Response:
    """The refusal in the one error shape, with the status its code calls for."""
    if exc.code in FORBIDDEN:
        code, fields = status.HTTP_403_FORBIDDEN, []
    elif exc.code in FIELD_OF_REFUSAL:
        field = FIELD_OF_REFUSAL[exc.code]
        if action == Action.REOPEN and field == "comment":
            field = "reason"
        code = status.HTTP_400_BAD_REQUEST
        fields = [{"field": field, "code": exc.code, "message": exc.message}]
    else:
        code = status.HTTP_409_CONFLICT
        # not_ready: each issue, named by its indicator (or section) code.
        fields = [
            {
                "field": issue.indicator_code or issue.section_code,
                "code": issue.code,
                "message": issue_text(issue),
            }
            for issue in exc.issues
        ]
    message = exc.lead if exc.issues else exc.message
    return Response(
        {"error": {"code": exc.code, "message": str(message), "fields": fields}},
        status=code,
    )


def refuse_unavailable(report: Report, action: str, memberships) -> None:
    """Raise the guards' refusal for a step these memberships may not take now:
    role, scope, state or route, period, or a withdrawal come too late."""
    step = step_resolve(report, action, memberships)
    check_period(report, step)
    if step.undoes:
        check_too_late(report, step)


STEP_DESCRIPTION = _(
    "The same step as the button on the report's page, with the same checks. A step "
    "of another role answers 403; what the request lacks, 400 beside the field; a "
    "step the report's or the period's state does not allow now, 409 (not_ready "
    "lists the report's issues in `fields`). The answer is the report after it."
)


def _step_schema(action: str, input_class):
    return extend_schema(
        summary=ACTION_LABELS[action],
        description=STEP_DESCRIPTION,
        request=input_class,
        responses={200: ReportSerializer},
    )


class ReportWorkflowMixin:
    """The steps on ReportViewSet (reporting/api/views.py): one POST each."""

    def _take_step(self, request: Request, action: str) -> Response:
        report = self.get_object()
        memberships = acting_memberships(request)
        service, input_class = STEPS[action]
        try:
            if action not in services.report_available_actions(
                report, request.user, memberships
            ):
                refuse_unavailable(report, action, memberships)
            data = input_class(data=request.data)
            data.is_valid(raise_exception=True)
            service(report=report, user=request.user, **data.service_kwargs())
        except TransitionRefused as exc:
            return refusal_response(exc, action)
        fresh = self.get_queryset().get(pk=report.pk)
        return Response(self.get_serializer(fresh).data)

    @_step_schema(Action.MARK_READY, StepInput)
    @action(detail=True, methods=["post"], url_path="mark-ready", url_name="mark-ready")
    def mark_ready(self, request, pk=None):
        return self._take_step(request, Action.MARK_READY)

    @_step_schema(Action.SUBMIT, SubmitInput)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._take_step(request, Action.SUBMIT)

    @_step_schema(Action.PASS, StepInput)
    @action(detail=True, methods=["post"], url_path="pass", url_name="pass")
    def pass_(self, request, pk=None):
        return self._take_step(request, Action.PASS)

    @_step_schema(Action.ACCEPT, StepInput)
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._take_step(request, Action.ACCEPT)

    @_step_schema(Action.RETURN, ReturnInput)
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, pk=None):
        return self._take_step(request, Action.RETURN)

    @_step_schema(Action.WITHDRAW, ConfirmInput)
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        return self._take_step(request, Action.WITHDRAW)

    @_step_schema(Action.CANCEL_PASS, ConfirmInput)
    @action(
        detail=True, methods=["post"], url_path="cancel-pass", url_name="cancel-pass"
    )
    def cancel_pass(self, request, pk=None):
        return self._take_step(request, Action.CANCEL_PASS)

    @_step_schema(Action.REOPEN, ReopenInput)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        return self._take_step(request, Action.REOPEN)
