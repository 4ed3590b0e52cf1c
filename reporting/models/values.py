"""What a university reported for each indicator of its report (reports.py)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .reports import Report
from .sections import ReportSection


class ValueQuerySet(models.QuerySet):
    def visible_to(self, user) -> ValueQuerySet:
        """Values of reports whose content the user may read: an authority reads a
        draft's figures only after returning it, whatever list or export asks."""
        return self.filter(report__in=Report.objects.content_visible_to(user))


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

    objects = ValueQuerySet.as_manager()

    class Meta:
        ordering = ["section", "indicator__order"]
        verbose_name = _("value")
        verbose_name_plural = _("values")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator"], name="value_one_per_indicator"
            )
        ]
        indexes = [models.Index(fields=["report", "id"], name="value_report_id")]

    def __str__(self) -> str:
        return f"{self.indicator.code}: {self.raw}"
