"""Forms of the workflow steps: each gives the keyword arguments of its service.

The forms check the request's shape only (a comment typed, the box ticked, a date);
whether the step is allowed is the service's to decide.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.forms import BoundField
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .forms import ServiceErrorsMixin
from .review_rows import IndicatorRow, NarrativeRow, ReviewSection

MAX_COMMENT = 4000


def _comment_field(
    *, required: bool, label, rows: int = 3, missing=None
) -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=MAX_COMMENT,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"required": missing} if missing else None,
    )


class StepForm(ServiceErrorsMixin, forms.Form):
    """A step that takes an optional comment (mark ready, pass, accept)."""

    comment = _comment_field(required=False, label=_("Comment (optional)"), rows=2)

    def service_kwargs(self) -> dict:
        return {"comment": self.cleaned_data["comment"]}


class ConfirmForm(ServiceErrorsMixin, forms.Form):
    """A step that takes nothing but the POST itself (withdraw, cancel a pass)."""

    def service_kwargs(self) -> dict:
        return {}


class SubmitForm(StepForm):
    confirm_unclassified = forms.BooleanField(
        label=_("The report holds no classified content."),
        help_text=_(
            "Submitting, you confirm for the university that nothing in the report "
            "or its files is classified."
        ),
        error_messages={
            "required": _(
                "Confirm that the report holds no classified content before "
                "submitting it."
            )
        },
    )
    field_order = ["confirm_unclassified", "comment"]

    def service_kwargs(self) -> dict:
        return {
            "confirm_unclassified": self.cleaned_data["confirm_unclassified"],
            "comment": self.cleaned_data["comment"],
        }


@dataclass(frozen=True)
class ReturnSection:
    """A section of the return page: its rows as the reviewer reads them, each with
    its comment box bound to the form."""

    section: ReviewSection
    rows: list[tuple[IndicatorRow, BoundField]]
    narratives: list[tuple[NarrativeRow, BoundField]]
    comment: BoundField


class ReturnForm(ServiceErrorsMixin, forms.Form):
    """An overall comment (required), and an optional comment beside any value or
    narrative of the report and on each section as a whole."""

    comment = _comment_field(
        required=True,
        label=_("Overall comment"),
        rows=4,
        missing=_("Say why the report goes back: a return needs a comment."),
    )

    def __init__(self, *args, sections: list[ReviewSection], **kwargs):
        super().__init__(*args, **kwargs)
        self.sections = sections
        for section in sections:
            for target in section.targets:
                self.fields[target.name] = forms.CharField(
                    label=target.label,
                    required=False,
                    max_length=MAX_COMMENT,
                    widget=forms.Textarea(
                        attrs={"rows": 2, "class": "form-control form-control-sm"}
                    ),
                )
        # The overall comment sums up: the page ends with it, above the button.
        self.order_fields([name for name in self.fields if name != "comment"])

    def review(self) -> list[ReturnSection]:
        """The sections as the page shows them, each comment box beside its part."""
        return [
            ReturnSection(
                section=section,
                rows=[(row, self[row.target.name]) for row in section.rows],
                narratives=[(row, self[row.target.name]) for row in section.narratives],
                comment=self[section.comment.name],
            )
            for section in self.sections
        ]

    def error_fields(self) -> list[BoundField]:
        """The fields in error, in the order of the page, for the list at its top."""
        return [bound for bound in self if bound.errors]

    def field_comments(self) -> list[dict]:
        comments = []
        for section in self.sections:
            for target in section.targets:
                text = self.cleaned_data.get(target.name, "").strip()
                if text:
                    comments.append(
                        {
                            "section": target.section_code,
                            "indicator": target.indicator_code,
                            "field": target.field,
                            "text": text,
                        }
                    )
        return comments

    def service_kwargs(self) -> dict:
        return {
            "comment": self.cleaned_data["comment"],
            "field_comments": self.field_comments(),
        }


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


class ReopenForm(ServiceErrorsMixin, forms.Form):
    reason = _comment_field(
        required=True,
        label=_("Reason"),
        rows=3,
        missing=_("Say why the report is reopened."),
    )
    until = forms.DateField(
        label=_("Open for changes until"),
        widget=DateInput(),
        help_text=_(
            "The university can change the report until the end of this day "
            "(Beijing time); the accepted version counts until a new one is accepted."
        ),
    )

    def clean_until(self):
        until = self.cleaned_data["until"]
        if until < timezone.localdate():
            raise forms.ValidationError(_("Choose today or a later day."), code="past")
        return until

    def service_kwargs(self) -> dict:
        return {
            "reason": self.cleaned_data["reason"],
            "until": self.cleaned_data["until"],
        }
