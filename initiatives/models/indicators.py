"""Indicators: what is counted, with its counting rules (koujing) in both languages."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from initiatives.models.plan import Action, Bilingual, Task


class IndicatorQuerySet(models.QuerySet):
    def active(self) -> IndicatorQuerySet:
        return self.filter(is_active=True)

    # The catalogue's long texts, which no figure, chart or table of figures shows.
    LONG_TEXTS = tuple(
        f"{name}_{language}"
        for name in (
            "definition",
            "includes",
            "excludes",
            "credited",
            "source",
            "counterpart",
        )
        for language in ("zh", "en")
    ) + ("grounding", "derivation")

    def for_figures(self) -> IndicatorQuerySet:
        """The active indicators with their actions, as the figures and the
        dashboards read them: without the long texts of the catalogue (a tenth of
        the bytes)."""
        return (
            self.active()
            .select_related("action")
            .defer(
                *self.LONG_TEXTS,
                "action__summary_zh",
                "action__summary_en",
                "action__source_zh",
            )
        )

    def for_level(self, level: str) -> IndicatorQuerySet:
        """Indicators that apply to universities of one level (benke/zhuanke/adult)."""
        field = {
            "bachelor": "applies_bachelor",
            "associate": "applies_associate",
            "adult": "applies_adult",
        }[level]
        return self.filter(**{field: True})


class Indicator(Bilingual, models.Model):
    """What is counted, with its counting rules (koujing) in both languages."""

    class ValueType(models.TextChoices):
        INTEGER = "integer", _("Integer")
        DECIMAL = "decimal", _("Decimal")
        PERCENTAGE = "percentage", _("Percentage")
        BOOLEAN = "boolean", _("Yes/no")
        DATE = "date", _("Date")

    class Measure(models.TextChoices):
        STOCK = "stock", _("Stock (as of the end of the data year)")
        FLOW = "flow", _("Flow (within the data year)")

    class Aggregation(models.TextChoices):
        SUM = "sum", _("Sum")
        MEAN = "mean", _("Mean")
        MAX = "max", _("Maximum")
        NONE = "none", _("Not aggregated")

    class TimeType(models.TextChoices):
        CALENDAR_YEAR = "calendar", _("Calendar year")
        SCHOOL_YEAR = "school", _("School year (1 Sep – 31 Aug)")
        POINT = "point", _("Point in time")

    code = models.CharField(_("code"), max_length=12, unique=True)
    action = models.ForeignKey(
        Action,
        verbose_name=_("action"),
        on_delete=models.PROTECT,
        related_name="indicators",
    )
    task = models.ForeignKey(
        Task,
        verbose_name=_("task"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
    )
    order = models.PositiveSmallIntegerField(_("order"))
    name_zh = models.CharField(_("name (Chinese)"), max_length=120)
    name_en = models.CharField(_("name (English)"), max_length=200)
    unit_zh = models.CharField(_("unit (Chinese)"), max_length=20, blank=True)
    unit_en = models.CharField(_("unit (English)"), max_length=40, blank=True)
    value_type = models.CharField(
        _("value type"), max_length=10, choices=ValueType.choices
    )
    measure = models.CharField(
        _("stock or flow"), max_length=5, choices=Measure.choices
    )
    aggregation = models.CharField(
        _("aggregation"), max_length=4, choices=Aggregation.choices
    )
    time_type = models.CharField(_("time type"), max_length=8, choices=TimeType.choices)
    point_in_time_zh = models.CharField(
        _("reference date (Chinese)"), max_length=40, blank=True
    )
    point_in_time_en = models.CharField(
        _("reference date (English)"), max_length=60, blank=True
    )
    min_value = models.DecimalField(
        _("lower bound"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    max_value = models.DecimalField(
        _("upper bound"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    decimal_places = models.PositiveSmallIntegerField(_("decimal places"), default=0)
    change_threshold_pct = models.PositiveSmallIntegerField(
        _("warning threshold (%)"),
        default=50,
        help_text=_("A change beyond this share of last year's value needs a note."),
    )
    applies_bachelor = models.BooleanField(_("applies to undergraduate"), default=True)
    applies_associate = models.BooleanField(_("applies to vocational"), default=True)
    applies_adult = models.BooleanField(_("applies to adult"), default=False)
    definition_zh = models.TextField(_("definition (Chinese)"))
    definition_en = models.TextField(_("definition (English)"))
    includes_zh = models.TextField(_("what counts (Chinese)"), blank=True)
    includes_en = models.TextField(_("what counts (English)"), blank=True)
    excludes_zh = models.TextField(_("what does not count (Chinese)"), blank=True)
    excludes_en = models.TextField(_("what does not count (English)"), blank=True)
    credited_zh = models.TextField(
        _("which university is credited (Chinese)"), blank=True
    )
    credited_en = models.TextField(
        _("which university is credited (English)"), blank=True
    )
    source_zh = models.TextField(_("data source (Chinese)"), blank=True)
    source_en = models.TextField(_("data source (English)"), blank=True)
    counterpart_zh = models.TextField(
        _("counterpart in existing returns (Chinese)"), blank=True
    )
    counterpart_en = models.TextField(
        _("counterpart in existing returns (English)"), blank=True
    )
    grounding = models.TextField(_("grounding in the plan"), blank=True)
    derivation = models.CharField(
        _("derived from registry"),
        max_length=100,
        blank=True,
        help_text=_("Registry rule that pre-fills the value, if any."),
    )
    is_active = models.BooleanField(_("active"), default=True)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["action__order", "order"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=Q(code__regex=r"^IND-[AO][0-9]-[0-9]{2}$"),
                name="indicator_code_format",
            ),
            models.CheckConstraint(
                condition=Q(min_value__isnull=True)
                | Q(max_value__isnull=True)
                | Q(max_value__gte=models.F("min_value")),
                name="indicator_bounds_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.display_name}"

    def get_absolute_url(self) -> str:
        return reverse("initiatives:indicator-detail", args=[self.code])

    @property
    def unit(self) -> str:
        return self.tr("unit")

    @property
    def levels(self) -> list[str]:
        """The university levels (University.Level values) the indicator applies to."""
        flags = {
            "bachelor": self.applies_bachelor,
            "associate": self.applies_associate,
            "adult": self.applies_adult,
        }
        return [level for level, applies in flags.items() if applies]
