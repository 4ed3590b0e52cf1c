"""Progress reports, their sections (the unit of locking), values and pending input.

Writes go through reporting/services/ so that revisions, history and the per-section
optimistic lock are never bypassed.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .periods import ReportingPeriod


class ReportQuerySet(models.QuerySet):
    def visible_to(self, user) -> ReportQuerySet:
        """Reports of the universities in the user's scope, in any state.

        Lists may show every such report's state; the content of a report is shown
        only from the step at which the user's level takes part (see
        `Report.content_hidden_reason`).
        """
        from institutions.access import active_membership
        from institutions.models import University

        if active_membership(user) is None:
            return self.none()
        return self.filter(university__in=University.objects.visible_to(user))

    def editable_by(self, user) -> ReportQuerySet:
        """Drafts of the user's own university in an open period, or in a closed one
        when the ministry reopened the report until today or later."""
        from institutions.access import active_membership
        from institutions.models import Membership

        membership = active_membership(user)
        if membership is None or membership.role not in Membership.UNIVERSITY_ROLES:
            return self.none()
        reopened = Q(
            period__state=ReportingPeriod.State.CLOSED,
            reopened_until__gte=timezone.localdate(),
        )
        return self.filter(
            Q(period__state=ReportingPeriod.State.OPEN) | reopened,
            university_id=membership.university_id,
            state=Report.State.DRAFT,
        )

    def with_last_action(self) -> ReportQuerySet:
        """Annotate `last_action`, the report's latest workflow step, so that
        `report_available_actions` needs no query to judge withdraw and cancel-pass."""
        from .workflow import Transition

        last = Transition.objects.filter(report=OuterRef("pk")).order_by("-at", "-id")
        return self.annotate(last_action=Subquery(last.values("action")[:1]))

    def queue_for(self, user, membership) -> ReportQuerySet:
        """The reports waiting for this membership's step, within what the user may
        see: an approver's ready reports of their university, a reviewer's submitted
        reports of the universities their authority reviews, an official's passed
        reports. None for roles without a queue, so a page, an API list and a
        reminder task all read the same queue."""
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


class Report(models.Model):
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
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=State.choices,
        default=State.DRAFT,
        db_index=True,
    )
    revision = models.PositiveIntegerField(_("revision"), default=0)
    is_late = models.BooleanField(_("late"), default=False, db_index=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    state_changed_at = models.DateTimeField(
        _("in this state since"), null=True, blank=True, db_index=True
    )
    reopened_until = models.DateField(_("reopened until"), null=True, blank=True)
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
        ordering = ["-period__year", "university__code"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "university"], name="report_one_per_university"
            )
        ]
        indexes = [models.Index(fields=["period", "state"])]

    def __str__(self) -> str:
        return f"{self.university} · {self.period}"

    # The first state in which each level of review sees a report's content.
    AUTHORITY_SEES_FROM = (State.SUBMITTED, State.PASSED, State.ACCEPTED)
    MINISTRY_SEES_FROM = (State.PASSED, State.ACCEPTED)

    def content_hidden_reason(self, membership) -> str | None:
        """Why this user may see only the report's state, or None if they may read it.

        A draft is visible only to its university; its authority sees it from
        submission on; ministry officials and experts from the ministry step on.
        """
        if membership is None:
            return str(_("You have no role in the portal."))
        if membership.role in membership.UNIVERSITY_ROLES:
            return None
        if membership.role in membership.AUTHORITY_ROLES:
            if self.state in self.AUTHORITY_SEES_FROM:
                return None
            return str(_("The report is still with the university."))
        if self.state in self.MINISTRY_SEES_FROM:
            return None
        return str(_("The report has not reached the ministry yet."))

    @property
    def is_reopened(self) -> bool:
        """A draft the ministry reopened, editable until `reopened_until` (Beijing
        date) even when the period is closed."""
        return (
            self.state == self.State.DRAFT
            and self.reopened_until is not None
            and self.reopened_until >= timezone.localdate()
        )

    def reopen_info(self) -> str | None:
        """What to show, as information rather than a lock, on a reopened report."""
        if not self.is_reopened:
            return None
        return str(
            _("Reopened by the ministry: it can be changed until %(date)s.")
            % {"date": date_format(self.reopened_until)}
        )

    def lock_reason(self, membership) -> str | None:
        """Why this user cannot edit the report now, and who can change that.

        No query when the period is loaded with the report.
        """
        from institutions.models import Membership

        if membership is None or membership.role not in Membership.UNIVERSITY_ROLES:
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
        if self.state == self.State.ACCEPTED:
            return str(_("The report is accepted. Only the ministry can reopen it."))
        if self.is_reopened and period.state == ReportingPeriod.State.CLOSED:
            return None
        if period.state == ReportingPeriod.State.UPCOMING:
            return str(
                _("The period opens on %(date)s; until then the form is read-only.")
                % {"date": date_format(localtime(period.opens_at), "DATETIME_FORMAT")}
            )
        if period.state == ReportingPeriod.State.CLOSED:
            if self.reopened_until is not None:
                return str(
                    _(
                        "The reopening ended on %(date)s. Only the ministry can "
                        "reopen the report again."
                    )
                    % {"date": date_format(self.reopened_until)}
                )
            return str(
                _("The period is closed. Only the ministry can reopen the report.")
            )
        return None


class ReportSection(models.Model):
    """One action (or organisational measure) of a report: the unit of locking."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="sections"
    )
    action = models.ForeignKey(
        "initiatives.Action",
        verbose_name=_("action"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    version = models.PositiveIntegerField(
        _("version"),
        default=0,
        help_text=_("Raised by every save; a save based on an older one is refused."),
    )
    is_zero_report = models.BooleanField(
        _("nothing to report this year"), default=False
    )
    zero_note = models.TextField(_("note on nothing to report"), blank=True)
    narrative_done = models.TextField(_("what was done"), blank=True)
    narrative_obstacles = models.TextField(_("obstacles"), blank=True)
    narrative_next = models.TextField(_("next steps"), blank=True)
    revision = models.PositiveIntegerField(_("report revision"), default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["report", "action__order"]
        verbose_name = _("report section")
        verbose_name_plural = _("report sections")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "action"], name="section_one_per_action"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} · {self.action.code}"


class Value(models.Model):
    """What a university reported for one indicator: as typed, and as understood.

    `raw` keeps the input exactly as typed, valid or not, so that nothing is lost;
    `number`/`date_value`/`bool_value` hold the parsed value when it is valid.
    Blank (nothing entered), zero and not applicable are three different things.
    """

    class Status(models.TextChoices):
        BLANK = "blank", _("Not entered")
        ENTERED = "entered", _("Entered")
        NOT_APPLICABLE = "na", _("Not applicable")

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="values")
    section = models.ForeignKey(
        ReportSection, on_delete=models.CASCADE, related_name="values"
    )
    indicator = models.ForeignKey(
        "initiatives.Indicator",
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="values",
    )
    status = models.CharField(
        _("status"), max_length=7, choices=Status.choices, default=Status.BLANK
    )
    raw = models.CharField(_("as typed"), max_length=200, blank=True)
    number = models.DecimalField(
        _("number"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    date_value = models.DateField(_("date"), null=True, blank=True)
    bool_value = models.BooleanField(_("yes/no"), null=True, blank=True)
    error_code = models.CharField(
        _("error"),
        max_length=30,
        blank=True,
        help_text=_("Empty when the value is valid."),
    )
    explanation = models.TextField(_("explanation of warnings"), blank=True)
    revision = models.PositiveIntegerField(_("report revision"), default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["section", "indicator__order"]
        verbose_name = _("value")
        verbose_name_plural = _("values")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator"], name="value_one_per_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.raw}"


class PendingInput(models.Model):
    """A user's refused save of a section, kept until they reconcile or discard it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    section = models.ForeignKey(
        ReportSection, on_delete=models.CASCADE, related_name="pending_inputs"
    )
    base_version = models.PositiveIntegerField()
    data = models.JSONField(default=dict)
    created_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("pending input")
        verbose_name_plural = _("pending inputs")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "section"], name="pending_input_one_per_user"
            )
        ]

    def __str__(self) -> str:
        return f"{self.section} · {self.user}"
