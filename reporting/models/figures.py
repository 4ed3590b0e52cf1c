"""The figures rollup: the accepted figures that count, aggregated per period, indicator
and scope (nation, province, authority, category), kept in step with every accept
(reporting/services/figures.py) so that dashboards read totals without aggregating
values. reporting/figures.py reads it; reporting/rollup.py defines what it holds."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ScopeKind(models.TextChoices):
    """The places a figure is asked for. The university is the values' own grain: its
    figures are read from the accepted values themselves, not stored twice."""

    NATION = "nation", _("Nation")
    PROVINCE = "province", _("Province")
    AUTHORITY = "authority", _("Competent authority")
    CATEGORY = "category", _("Category of university")
    UNIVERSITY = "university", _("University")


class FigureCell(models.Model):
    """One period's accepted figures of one indicator in one scope, or, with no
    indicator, how many universities of the scope have an accepted report that counts
    (`reported`).

    `rows` counts the value rows behind the cell (a cell goes when none is left);
    `answered` the valid answers among them. `total` is kept for indicators summed,
    `yes_count` for yes/no ones, the distribution (minimum, quartiles, maximum) for
    shares and other values that are not added up."""

    period = models.ForeignKey(
        "reporting.ReportingPeriod", on_delete=models.CASCADE, related_name="+"
    )
    indicator = models.ForeignKey(
        "initiatives.Indicator",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
    )
    scope_kind = models.CharField(_("scope"), max_length=10, choices=ScopeKind.choices)
    scope_key = models.CharField(_("scope code"), max_length=20, blank=True)
    reported = models.PositiveIntegerField(_("universities reported"), default=0)
    rows = models.PositiveIntegerField(default=0)
    answered = models.PositiveIntegerField(_("answers"), default=0)
    total = models.DecimalField(max_digits=24, decimal_places=4, null=True)
    yes_count = models.PositiveIntegerField(default=0)
    minimum = models.DecimalField(max_digits=26, decimal_places=6, null=True)
    q1 = models.DecimalField(max_digits=26, decimal_places=6, null=True)
    median = models.DecimalField(max_digits=26, decimal_places=6, null=True)
    q3 = models.DecimalField(max_digits=26, decimal_places=6, null=True)
    maximum = models.DecimalField(max_digits=26, decimal_places=6, null=True)

    class Meta:
        verbose_name = _("figure cell")
        verbose_name_plural = _("figure cells")
        constraints = [
            models.UniqueConstraint(
                fields=["period", "indicator", "scope_kind", "scope_key"],
                condition=Q(indicator__isnull=False),
                name="figure_cell_one_per_scope",
            ),
            models.UniqueConstraint(
                fields=["period", "scope_kind", "scope_key"],
                condition=Q(indicator__isnull=True),
                name="figure_cell_one_coverage_per_scope",
            ),
        ]
        indexes = [
            models.Index(
                fields=["period", "scope_kind", "scope_key"], name="figure_cell_scope"
            ),
        ]

    def __str__(self) -> str:
        return (
            f"{self.period_id} {self.indicator_id} {self.scope_kind}:{self.scope_key}"
        )
