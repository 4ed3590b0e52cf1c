"""Progress reports, with the rules of who reads and who edits them (their values:
values.py; sections and pending input: sections.py; the submission status:
status.py; who reads the content: access.py). Writes go through
reporting/services/, so revisions, history and section locks hold."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .access import ContentAccessMixin, ContentAccessQuerySet
from .periods import ReportingPeriod
from .status import SubmissionStatusMixin, SubmissionStatusQuerySet


def reopen_in_force_q() -> Q:
    """The ministry's reopening of a report holds until its date (Beijing), for the
    whole round back to acceptance (which clears it); `Report.reopen_in_force` is
    the same rule on one report."""
    return Q(reopened_until__gte=timezone.localdate())


def period_open_to_university_q() -> Q:
    """The university may act in an open period, or in a closed one while the
    reopening is in force (a locked period freezes everything);
    `Report.period_open_to_university` is the same rule on one report."""
    return Q(period__state=ReportingPeriod.State.OPEN) | (
        Q(period__state=ReportingPeriod.State.CLOSED) & reopen_in_force_q()
    )


class ReportQuerySet(ContentAccessQuerySet, SubmissionStatusQuerySet):
    def visible_to(self, user) -> ReportQuerySet:
        """Reports of the universities in the user's scope, in any state.

        Lists may show every such report's state; the content of a report is shown
        only from the step at which the user's level takes part (see
        `content_visible_to`).
        """
        from institutions.access import active_membership
        from institutions.models import University

        if active_membership(user) is None:
            return self.none()
        return self.filter(university__in=University.objects.visible_to(user))

    def in_period(self, period) -> ReportQuerySet:
        """The period's reports, filtered also on the year they copy from it, so
        that the index the lists sort by (`Meta.ordering`) serves a page of them."""
        return self.filter(period=period, year=period.year)

    def latest_first(self) -> ReportQuerySet:
        """Latest step (else creation) first, then the newest: the home pages' latest
        reports of a period, read off the index `report_period_latest`."""
        return self.order_by(
            Coalesce("state_changed_at", "created_at").desc(), F("id").desc()
        )

    def reopen_in_force(self) -> ReportQuerySet:
        """Reports whose reopening by the ministry still holds (see
        `reopen_in_force_q`)."""
        return self.filter(reopen_in_force_q())

    def editable_by(self, user) -> ReportQuerySet:
        """Reports the user may edit now: drafts of their own university in a period
        open to the university. `Report.lock_reason` says why not."""
        from institutions.access import active_membership
        from institutions.models import Membership

        membership = active_membership(user)
        if membership is None or membership.role not in Membership.UNIVERSITY_ROLES:
            return self.none()
        return self.filter(
            period_open_to_university_q(),
            university_id=membership.university_id,
            state=Report.EDITABLE_STATE,
        )

    def with_last_action(self) -> ReportQuerySet:
        """Annotate `last_action`, the report's latest workflow step, so that
        `report_available_actions` needs no query to judge withdraw and cancel-pass."""
        from .workflow import Transition

        last = Transition.objects.filter(report=OuterRef("pk")).order_by("-at", "-id")
        return self.annotate(last_action=Subquery(last.values("action")[:1]))

    def queue_for(self, user, membership) -> ReportQuerySet:
        """The reports waiting for this membership's step, within what the user may
        see (an approver's ready reports, a reviewer's submitted ones, an official's
        passed ones); a page, an API list and a reminder task read the same queue."""
        from institutions.models import Membership

        from ..routing import QUEUE_STATES

        if membership is None or membership.role not in QUEUE_STATES:
            return self.none()
        reports = self.visible_to(user).filter(state=QUEUE_STATES[membership.role])
        if membership.role == Membership.Role.APPROVER:
            reports = reports.filter(university_id=membership.university_id)
        elif membership.role == Membership.Role.REVIEWER:
            reports = reports.filter(university__authority_id=membership.authority_id)
        return reports

    def waiting_first(self) -> ReportQuerySet:
        """Longest waiting first (an unknown start counts as oldest), each with its
        `last_action`, so the rows' buttons need no further query."""
        return self.with_last_action().order_by(
            F("state_changed_at").asc(nulls_first=True), "pk"
        )


class Report(ContentAccessMixin, SubmissionStatusMixin, models.Model):
    """One university's progress report for one period."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Draft")
        READY = "ready", _("Awaiting sign-off")
        SUBMITTED = "submitted", _("Under authority review")
        PASSED = "passed", _("Under ministry review")
        ACCEPTED = "accepted", _("Accepted")

    period = models.ForeignKey(
        ReportingPeriod,
        verbose_name=_("period"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    university = models.ForeignKey(
        "institutions.University",
        verbose_name=_("university"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    # The period's data year, copied when the report is made (a period's year never
    # changes once created), so that the lists sort and page on the report's own
    # index instead of a join; `in_period` filters on it.
    year = models.PositiveSmallIntegerField(_("data year"), editable=False)
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=State.choices,
        default=State.DRAFT,
        db_index=True,
    )
    # The internal change counter (every save that changes anything); what
    # officials see as the report's version is `submission_count` (version_label).
    revision = models.PositiveIntegerField(_("change counter"), default=0)
    submission_count = models.PositiveIntegerField(
        _("times submitted"),
        default=0,
        help_text=_("How many times the university has sent the report upward."),
    )
    is_late = models.BooleanField(_("late"), default=False, db_index=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    # submitted_at is the first submission, last_submitted_at the latest one
    last_submitted_at = models.DateTimeField(_("last submitted"), null=True, blank=True)
    state_changed_at = models.DateTimeField(
        _("in this state since"), null=True, blank=True, db_index=True
    )
    reopened_until = models.DateField(_("reopened until"), null=True, blank=True)
    counting_version = models.ForeignKey(
        "reporting.AcceptedVersion",
        verbose_name=_("accepted version that counts"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )  # set by report_accept; a reopen leaves it, so the last accepted one counts
    error_count = models.PositiveIntegerField(_("errors"), default=0)
    warning_count = models.PositiveIntegerField(_("warnings"), default=0)
    unexplained_warning_count = models.PositiveIntegerField(
        _("unexplained warnings"), default=0
    )
    completeness = models.PositiveSmallIntegerField(_("completeness (%)"), default=0)
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    objects = ReportQuerySet.as_manager()

    class Meta:
        # Newest year first, then the universities in the order of the ministry's
        # list (as imported): both the report's own columns, under one index.
        ordering = ["-year", "university_id"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "university"], name="report_one_per_university"
            )
        ]
        indexes = [
            models.Index(fields=["period", "state"]),
            models.Index(fields=["-year", "university"], name="report_list_order"),
            # `latest_first` within one period (the home pages)
            models.Index(
                F("period"),
                Coalesce("state_changed_at", "created_at").desc(),
                F("id").desc(),
                name="report_period_latest",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.university} · {self.period}"

    # The first state in which each level of review sees a report's content.
    AUTHORITY_SEES_FROM = (State.SUBMITTED, State.PASSED, State.ACCEPTED)
    MINISTRY_SEES_FROM = (State.PASSED, State.ACCEPTED)
    # The only state in which the university changes a report.
    EDITABLE_STATE = State.DRAFT
    SENT_UP_STATES = (State.SUBMITTED, State.PASSED)  # and not yet accepted

    @property
    def reopen_in_force(self) -> bool:
        """The ministry reopened the report and the until-date (Beijing) has not
        passed: `reopen_in_force_q` on one report."""
        return (
            self.reopened_until is not None
            and self.reopened_until >= timezone.localdate()
        )

    @property
    def deadline(self) -> dt.date | dt.datetime:
        """The one deadline that counts for the university: while the ministry's
        reopening stands (`reopened_until` set, until the next acceptance) its
        until-date, a Beijing day to its end, in place of the period's deadline that
        has passed; otherwise the period's deadline. Every page shows this one."""
        if self.reopened_until is not None:
            return self.reopened_until
        return self.period.due_at

    @property
    def period_open_to_university(self) -> bool:
        """Whether the period lets the university act on this report now:
        `period_open_to_university_q` on one report (no query once the period is
        loaded)."""
        state = self.period.state
        return state == ReportingPeriod.State.OPEN or (
            state == ReportingPeriod.State.CLOSED and self.reopen_in_force
        )

    def reopen_info(self) -> str | None:
        """What to show, as information rather than a lock, on a reopened draft."""
        if self.state != self.EDITABLE_STATE or not self.reopen_in_force:
            return None
        return str(
            _("Reopened by the ministry: it can be changed until %(date)s.")
            % {"date": date_format(self.reopened_until)}
        )

    def lock_reason(self, membership) -> str | None:
        """Why this user cannot edit the report now, and who can change that; None
        exactly when the report is in `Report.objects.editable_by(user)`.

        No query when the period is loaded with the report.
        """
        from institutions.models import Membership

        if (
            membership is None
            or membership.role not in Membership.UNIVERSITY_ROLES
            or membership.university_id != self.university_id
        ):
            return str(
                _("Only the university's reporters and approvers fill in reports.")
            )
        period = self.period
        if period.state == ReportingPeriod.State.LOCKED:
            return str(
                _(
                    "The period is locked: the ministry has frozen it, review "
                    "included. Only the ministry can unlock it."
                )
            )
        if self.state != self.EDITABLE_STATE:
            return self._state_lock_reason()
        if self.period_open_to_university:
            return None
        if period.state == ReportingPeriod.State.UPCOMING:
            return str(
                _("The period opens on %(date)s; until then the form is read-only.")
                % {"date": date_format(localtime(period.opens_at), "DATETIME_FORMAT")}
            )
        if self.reopened_until is not None:
            return str(
                _(
                    "The reopening ended on %(date)s. Only the ministry can "
                    "reopen the report again."
                )
                % {"date": date_format(self.reopened_until)}
            )
        return str(_("The period is closed. Only the ministry can reopen the report."))

    def _state_lock_reason(self) -> str:
        """Who holds the report while it is out of the university's hands."""
        if self.state == self.State.READY:
            return str(
                _("The report awaits sign-off. The university approver can return it.")
            )
        if self.state == self.State.SUBMITTED:
            return str(
                _(
                    "The report is under review by its competent authority. The "
                    "authority's reviewers can return it; until they act, the "
                    "university approver can withdraw it."
                )
            )
        if self.state == self.State.PASSED:
            return str(
                _(
                    "The report is under review by the Ministry of Education. A "
                    "ministry official can return it."
                )
            )
        return str(_("The report is accepted. Only the ministry can reopen it."))
