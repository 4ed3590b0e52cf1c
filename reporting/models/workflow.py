"""The review workflow's records: transitions, field comments, accepted versions and
their values, notifications (DESIGN.md §5). Append-only: services write them, nobody edits them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .reports import Report
from .status import version_label
from .values import Value


class TransitionQuerySet(models.QuerySet):
    def visible_to(self, user) -> TransitionQuerySet:
        """Steps of reports whose content the user may read, as the history page
        shows them (the content rule, `Report.objects.content_visible_to`)."""
        return self.filter(report__in=Report.objects.content_visible_to(user))


class Transition(models.Model):
    """One step of a report through the workflow: who, when, from, to, revision, why."""

    class Action(models.TextChoices):
        MARK_READY = "mark_ready", _("Marked ready for sign-off")
        SUBMIT = "submit", _("Submitted")
        PASS = "pass", _("Passed")
        ACCEPT = "accept", _("Accepted")
        RETURN = "return", _("Returned")
        WITHDRAW = "withdraw", _("Withdrawn")
        CANCEL_PASS = "cancel_pass", _("Pass cancelled")
        REOPEN = "reopen", _("Reopened")

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="transitions"
    )
    action = models.CharField(_("step"), max_length=12, choices=Action.choices)
    from_state = models.CharField(
        _("from"), max_length=10, choices=Report.State.choices
    )
    to_state = models.CharField(_("to"), max_length=10, choices=Report.State.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_role = models.CharField(_("as"), max_length=10)
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    revision = models.PositiveIntegerField(_("report revision"))
    submission_count = models.PositiveIntegerField(
        _("times submitted"),
        default=0,
        help_text=_("The report's count of submissions after this step."),
    )
    comment = models.TextField(_("comment"), blank=True)
    confirmed_unclassified = models.BooleanField(
        _("confirmed free of classified content"), default=False
    )
    reopen_until = models.DateField(_("reopened until"), null=True, blank=True)

    objects = TransitionQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow steps")
        indexes = [models.Index(fields=["report", "-at"])]

    def __str__(self) -> str:
        return f"{self.report_id} {self.action} {self.from_state}->{self.to_state}"

    @property
    def version_label(self) -> str:
        """The report's version as this step left it (`version_label`)."""
        return version_label(self.submission_count, self.to_state)


class FieldCommentQuerySet(models.QuerySet):
    def visible_to(self, user) -> FieldCommentQuerySet:
        """Comments go with their step: whoever reads a report's transitions reads the
        comments made with them (the report page's workflow log shows both)."""
        return self.filter(transition__in=Transition.objects.visible_to(user))


class FieldComment(models.Model):
    """A reviewer's comment on one value or one narrative, made with a return."""

    transition = models.ForeignKey(
        Transition, on_delete=models.CASCADE, related_name="field_comments"
    )
    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="field_comments"
    )
    section = models.ForeignKey(
        "reporting.ReportSection",
        on_delete=models.CASCADE,
        related_name="field_comments",
    )
    indicator = models.ForeignKey(
        "initiatives.Indicator",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        help_text=_("Empty for a comment on the section's narrative."),
    )
    field = models.CharField(
        _("field"),
        max_length=20,
        help_text=_("value, or the narrative field commented on"),
    )
    text = models.TextField(_("comment"))

    objects = FieldCommentQuerySet.as_manager()

    class Meta:
        ordering = ["id"]
        verbose_name = _("field comment")
        verbose_name_plural = _("field comments")

    def __str__(self) -> str:
        return self.text[:40]


class AcceptedVersion(models.Model):
    """A report as accepted: its values are `accepted_values`, and the one the report
    points at (`Report.counting_version`) is what counts, also while a reopened report
    is being changed, until a new version is accepted."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="accepted_versions"
    )
    revision = models.PositiveIntegerField(_("report revision"))
    accepted_at = models.DateTimeField(_("accepted at"), auto_now_add=True)
    transition = models.OneToOneField(
        Transition, on_delete=models.PROTECT, related_name="accepted_version"
    )

    class Meta:
        ordering = ["-accepted_at", "-id"]
        get_latest_by = "accepted_at"
        verbose_name = _("accepted version")
        verbose_name_plural = _("accepted versions")

    def __str__(self) -> str:
        return f"{self.report_id} r{self.revision}"


class AcceptedValueQuerySet(models.QuerySet):
    def counting(self) -> AcceptedValueQuerySet:
        """Rows of the versions the reports point at: the accepted figures that count.
        Every total and "last year's value" reads these, so that a reopened report
        keeps counting with what was accepted until a new version is accepted."""
        return self.filter(report__counting_version=models.F("version"))

    def visible_to(self, user) -> AcceptedValueQuerySet:
        """Accepted figures of the reports in the user's scope: an accepted version
        was read by every level of that scope when it was accepted, and it keeps
        counting while a reopened report is being changed (the totals read it)."""
        return self.filter(report__in=Report.objects.visible_to(user))

    def valid_numbers(self) -> AcceptedValueQuerySet:
        """Entered values that are valid numbers: what sums and comparisons use."""
        return self.filter(
            status=AcceptedValue.Status.ENTERED,
            error_code="",
            number__isnull=False,
        )


class AcceptedValue(models.Model):
    """One value of an accepted version, as it was accepted: a copy of the `Value`
    row, with the report's university and period repeated so that totals by
    indicator, period and place filter without walking the report."""

    Status = Value.Status

    version = models.ForeignKey(
        AcceptedVersion, on_delete=models.CASCADE, related_name="accepted_values"
    )
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="+")
    university = models.ForeignKey(
        "institutions.University", on_delete=models.PROTECT, related_name="+"
    )
    period = models.ForeignKey(
        "reporting.ReportingPeriod", on_delete=models.PROTECT, related_name="+"
    )
    indicator = models.ForeignKey(
        "initiatives.Indicator",
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="accepted_values",
    )
    status = models.CharField(_("status"), max_length=7, choices=Value.Status.choices)
    raw = models.CharField(_("as typed"), max_length=200, blank=True)
    number = models.DecimalField(
        _("number"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    date_value = models.DateField(_("date"), null=True, blank=True)
    bool_value = models.BooleanField(_("yes/no"), null=True, blank=True)
    error_code = models.CharField(_("error"), max_length=30, blank=True)
    explanation = models.TextField(_("explanation of warnings"), blank=True)

    objects = AcceptedValueQuerySet.as_manager()

    class Meta:
        ordering = ["version", "indicator__order"]
        verbose_name = _("accepted value")
        verbose_name_plural = _("accepted values")
        constraints = [
            models.UniqueConstraint(
                fields=["version", "indicator"],
                name="accepted_value_one_per_indicator",
            )
        ]
        indexes = [
            models.Index(fields=["indicator", "period"]),
            models.Index(fields=["university", "period"]),
        ]

    def __str__(self) -> str:
        return f"{self.version_id} {self.indicator_id}: {self.raw}"


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)

    def of_user(self, user) -> NotificationQuerySet:
        """The user's own notifications: nobody reads anyone else's."""
        if user is None or not user.is_authenticated:
            return self.none()
        return self.filter(user=user)


class Notification(models.Model):
    """An in-portal message to a person who must act next, or who should know."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    report = models.ForeignKey(
        Report,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    transition = models.ForeignKey(
        Transition,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    report_run = models.ForeignKey(
        "reporting.ReportRun",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=20)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    mailed_at = models.DateTimeField(_("mailed at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["user", "read_at"]),
            # The list's order within one user: a page of 20 is read off the index.
            models.Index(
                fields=["user", "-created_at", "-id"], name="notification_user_newest"
            ),
        ]
        constraints = [
            # A finished run is announced once to each person.
            models.UniqueConstraint(
                fields=["user", "report_run"],
                condition=models.Q(report_run__isnull=False),
                name="notification_one_per_run",
            )
        ]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}"
