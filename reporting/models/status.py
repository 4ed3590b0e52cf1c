"""A report's submission status, defined once: where the report stands towards the
authorities above the university (DESIGN.md §5).

The workflow state says who holds the report now; the submission status says what an
official counts: not submitted yet, submitted (on time or late), back with the
university after it had been sent up (returned or withdrawn, or reopened by the
ministry), or accepted. Every count, filter and list reads it, as the database
expression `submission_status_expression()` (`Report.objects.with_submission_status()`)
or, on one loaded report, `submission_status_of(report)` (`Report.submission_status`);
a test holds the two equal for every combination of what they read. `Report` and its
QuerySet take them from the mixins at the end of this module. The version officials
see (the how-manyth submission, `version_label`) is defined here too.
"""

from __future__ import annotations

from django.db import models
from django.db.models import Case, Q, When
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class SubmissionStatus(models.TextChoices):
    NOT_SUBMITTED = "not_submitted", _("Not submitted")
    SUBMITTED = "submitted", _("Submitted")
    SUBMITTED_LATE = "submitted_late", _("Submitted late")
    RETURNED = "returned", _("Returned for changes")
    REOPENED = "reopened", _("Reopened")
    ACCEPTED = "accepted", _("Accepted")

    @property
    def sent_up(self) -> bool:
        """Whether the report is with the authorities above the university (so
        its last submission date is what counts), not back with the university."""
        return self in (self.SUBMITTED, self.SUBMITTED_LATE, self.ACCEPTED)


def submission_status_expression() -> Case:
    """The submission status as a database expression, so that counts and filters
    group and select reports in the query, by the same rule as `submission_status_of`.

    In a review state the report is submitted (late if flagged), whatever dates it
    carries; back with the university it is reopened while the ministry's reopening
    stands (until the next acceptance), returned if it had ever been submitted, and
    not submitted otherwise.
    """
    from .reports import Report

    sent_up = Report.SENT_UP_STATES
    return Case(
        When(state=Report.State.ACCEPTED, then=models.Value(SubmissionStatus.ACCEPTED)),
        When(
            Q(state__in=sent_up, is_late=True),
            then=models.Value(SubmissionStatus.SUBMITTED_LATE),
        ),
        When(
            state__in=sent_up,
            then=models.Value(SubmissionStatus.SUBMITTED),
        ),
        When(
            reopened_until__isnull=False,
            then=models.Value(SubmissionStatus.REOPENED),
        ),
        When(
            submitted_at__isnull=False,
            then=models.Value(SubmissionStatus.RETURNED),
        ),
        default=models.Value(SubmissionStatus.NOT_SUBMITTED),
        output_field=models.CharField(),
    )


def submission_status_of(report) -> SubmissionStatus:
    """`submission_status_expression` on one loaded report (no query)."""
    if report.state == report.State.ACCEPTED:
        return SubmissionStatus.ACCEPTED
    if report.state in report.SENT_UP_STATES:
        if report.is_late:
            return SubmissionStatus.SUBMITTED_LATE
        return SubmissionStatus.SUBMITTED
    if report.reopened_until is not None:
        return SubmissionStatus.REOPENED
    if report.submitted_at is not None:
        return SubmissionStatus.RETURNED
    return SubmissionStatus.NOT_SUBMITTED


def version_label(submissions: int, state: str) -> str:
    """The report's version as officials see it, defined once: the how-manyth
    version the university sent upward (`Report.submission_count`, raised by each
    submission), or, while the report is with the university, the draft before the
    first submission or after the last one. The internal change counter
    (`Report.revision`) climbs with every autosave and is never shown as a version;
    the data a signed paper shows are bound by their checksum (signoff.py)."""
    from .reports import Report

    if state in (*Report.SENT_UP_STATES, Report.State.ACCEPTED):
        # Reports accepted before submissions were counted have sent one at least.
        return gettext("Submission %(number)s") % {"number": max(submissions, 1)}
    if submissions == 0:
        return gettext("Draft, not yet submitted")
    return gettext("Draft after submission %(number)s") % {"number": submissions}


class SubmissionStatusQuerySet(models.QuerySet):
    def with_submission_status(self) -> models.QuerySet:
        """Annotate `submission_status_value`, so that a list or an export reads the
        status from the same query that counts and filters by it."""
        return self.annotate(submission_status_value=submission_status_expression())


class SubmissionStatusMixin:
    """`Report.SubmissionStatus`, `Report.submission_status` and
    `Report.version_label`."""

    SubmissionStatus = SubmissionStatus

    @property
    def submission_status(self) -> SubmissionStatus:
        """`submission_status_expression` on this report (no query)."""
        return submission_status_of(self)

    @property
    def version_label(self) -> str:
        """The version officials see (`version_label`), no query."""
        return version_label(self.submission_count, self.state)
