"""Report sections (one action of a report: the unit of locking) and the pending
input a user keeps when a save of a section is refused."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class SectionQuerySet(models.QuerySet):
    def visible_to(self, user) -> SectionQuerySet:
        """Sections of reports whose content the user may read (the content rule,
        `Report.objects.content_visible_to`)."""
        from .reports import Report

        return self.filter(report__in=Report.objects.content_visible_to(user))


# How a section stands by its checks (reporting/validation.py `SectionStatus`),
# stored by each save of it; a report's counters are their sums. `counted_rules`:
# the catalogue's rules they were counted under (initiatives/rules.py), "" never.
COUNTER_FIELDS = (
    "filled_count",
    "applicable_count",
    "error_count",
    "draft_error_count",
    "warning_count",
    "unexplained_warning_count",
    "counted_rules",
)


def _counter(label):
    return models.PositiveIntegerField(label, default=0, db_default=0, editable=False)


class ReportSection(models.Model):
    """One action (or organisational measure) of a report: the unit of locking."""

    report = models.ForeignKey(
        "reporting.Report", on_delete=models.CASCADE, related_name="sections"
    )
    action = models.ForeignKey(
        "initiatives.Action",
        verbose_name=_("action"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    # The section's own lock counter, never shown as the report's version.
    version = models.PositiveIntegerField(
        _("lock counter"),
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
    filled_count = _counter(_("indicators filled in"))
    applicable_count = _counter(_("indicators that apply"))
    error_count = _counter(_("errors"))
    draft_error_count = _counter(_("errors shown in a draft"))
    warning_count = _counter(_("warnings"))
    unexplained_warning_count = _counter(_("unexplained warnings"))
    counted_rules = models.CharField(
        _("counted under the rules"),
        max_length=16,
        blank=True,
        default="",
        db_default="",
        editable=False,
    )

    # The counters follow from the values and texts, whose records say who did what.
    history = HistoricalRecords(excluded_fields=list(COUNTER_FIELDS))

    objects = SectionQuerySet.as_manager()

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
