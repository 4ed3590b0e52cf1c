"""The review workflow's records: transitions, field comments, accepted versions,
notifications (DESIGN.md §5). Append-only: services write them, nobody edits them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .reports import Report


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
    comment = models.TextField(_("comment"), blank=True)
    confirmed_unclassified = models.BooleanField(
        _("confirmed free of classified content"), default=False
    )
    reopen_until = models.DateField(_("reopened until"), null=True, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("workflow step")
        verbose_name_plural = _("workflow steps")
        indexes = [models.Index(fields=["report", "-at"])]

    def __str__(self) -> str:
        return f"{self.report_id} {self.action} {self.from_state}->{self.to_state}"


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

    class Meta:
        ordering = ["id"]
        verbose_name = _("field comment")
        verbose_name_plural = _("field comments")

    def __str__(self) -> str:
        return self.text[:40]


class AcceptedVersion(models.Model):
    """The values of a report as accepted: what counts while a reopened report is
    being changed, until a new version is accepted."""

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="accepted_versions"
    )
    revision = models.PositiveIntegerField(_("report revision"))
    accepted_at = models.DateTimeField(_("accepted at"), auto_now_add=True)
    transition = models.OneToOneField(
        Transition, on_delete=models.PROTECT, related_name="accepted_version"
    )
    values = models.JSONField(
        _("values"),
        default=dict,
        help_text=_("Indicator code to {status, raw, number} as accepted."),
    )

    class Meta:
        ordering = ["-accepted_at", "-id"]
        get_latest_by = "accepted_at"
        verbose_name = _("accepted version")
        verbose_name_plural = _("accepted versions")

    def __str__(self) -> str:
        return f"{self.report_id} r{self.revision}"


class NotificationQuerySet(models.QuerySet):
    def unread(self) -> NotificationQuerySet:
        return self.filter(read_at__isnull=True)


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
    kind = models.CharField(_("kind"), max_length=20)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    mailed_at = models.DateTimeField(_("mailed at"), null=True, blank=True)

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}"
