"""The plan as data: horizons, actions, tasks, technology fields, indicators, targets.

Codes are frozen (PLAN-TASKS.md): data migrations load them, and no code changes meaning.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import get_language, gettext, pgettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _


class Bilingual:
    """`tr("name")` returns the English field under English when it is filled in."""

    def tr(self, field: str) -> str:
        lang = get_language() or ""
        if lang.startswith("en"):
            value = getattr(self, f"{field}_en", "")
            if value:
                return value
        return getattr(self, f"{field}_zh", "")

    @property
    def display_name(self) -> str:
        return self.tr("name")

    @property
    def other_name(self) -> str:
        """The name in the language not shown, for a smaller line beside it."""
        lang = get_language() or ""
        return self.name_zh if lang.startswith("en") else self.name_en


class Horizon(Bilingual, models.Model):
    code = models.CharField(_("code"), max_length=2, unique=True)
    name_zh = models.CharField(_("name (Chinese)"), max_length=20)
    name_en = models.CharField(_("name (English)"), max_length=40)
    start_year = models.PositiveSmallIntegerField(_("first year"))
    end_year = models.PositiveSmallIntegerField(_("last year"))
    goal_zh = models.TextField(_("goal (Chinese)"))
    goal_en = models.TextField(_("goal (English)"))

    class Meta:
        ordering = ["start_year"]
        verbose_name = _("horizon")
        verbose_name_plural = _("horizons")
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")),
                name="horizon_years_ordered",
            )
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.display_name}"

    def clean(self) -> None:
        # for_year() needs one horizon per year: overlapping years would make it
        # depend on ordering.
        if self.start_year is None or self.end_year is None:
            return
        overlapping = Horizon.objects.filter(
            start_year__lte=self.end_year, end_year__gte=self.start_year
        ).exclude(pk=self.pk)
        if overlapping.exists():
            raise ValidationError(
                _("The years overlap those of %(horizon)s.")
                % {"horizon": overlapping.first()}
            )

    @classmethod
    def for_year(cls, year: int) -> Horizon | None:
        """The horizon in force for a data year: the one whose years contain it."""
        return cls.objects.filter(start_year__lte=year, end_year__gte=year).first()


# The plan numbers its organisational measures one to three, in Chinese numerals.
MEASURE_NUMBERS = (
    pgettext_lazy("organisational measure", "1"),
    pgettext_lazy("organisational measure", "2"),
    pgettext_lazy("organisational measure", "3"),
)


class Action(Bilingual, models.Model):
    """An action of the plan's section 2 (A1–A7) or an organisational measure (O1–O3)."""

    class Kind(models.TextChoices):
        ACTION = "action", _("Action")
        MEASURE = "measure", _("Organisational measure")

    code = models.CharField(_("code"), max_length=3, unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    order = models.PositiveSmallIntegerField(_("order"))
    name_zh = models.CharField(_("name (Chinese)"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=120)
    summary_zh = models.TextField(_("summary (Chinese)"), blank=True)
    summary_en = models.TextField(_("summary (English)"), blank=True)
    source_zh = models.TextField(_("source text in the plan"), blank=True)

    class Meta:
        ordering = ["order"]
        verbose_name = _("action")
        verbose_name_plural = _("actions")

    def __str__(self) -> str:
        return self.heading

    def get_absolute_url(self) -> str:
        """The action's section of the public plan page."""
        return f"{reverse('initiatives:plan')}#{self.code}"

    @property
    def label(self) -> str:
        """What names it before its name: the code of an action (A1); for a measure,
        whose code reads as zero-one, its place among the plan's organisational
        measures, numbered as the plan numbers them."""
        if self.kind != self.Kind.MEASURE:
            return self.code
        number = self.code[1:]
        if number.isdigit() and 0 < int(number) <= len(MEASURE_NUMBERS):
            number = str(MEASURE_NUMBERS[int(number) - 1])
        return gettext("Organisational measure %(number)s") % {"number": number}

    @property
    def heading(self) -> str:
        """Its label and its name, as section lists and headings show it."""
        if self.kind != self.Kind.MEASURE:
            return f"{self.code} {self.display_name}"
        return pgettext("organisational measure", "%(label)s: %(name)s") % {
            "label": self.label,
            "name": self.display_name,
        }


class Task(Bilingual, models.Model):
    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.PROTECT, related_name="tasks"
    )
    code = models.CharField(_("code"), max_length=5, unique=True)
    order = models.PositiveSmallIntegerField(_("order"))
    name_zh = models.CharField(_("name (Chinese)"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=160)
    source_zh = models.TextField(_("source sentence in the plan"))

    class Meta:
        ordering = ["action__order", "order"]
        verbose_name = _("task")
        verbose_name_plural = _("tasks")

    def __str__(self) -> str:
        return f"{self.code} {self.display_name}"

    def get_absolute_url(self) -> str:
        """The task's anchor on the public plan page."""
        return f"{reverse('initiatives:plan')}#{self.code}"


class TechnologyField(Bilingual, models.Model):
    class Group(models.TextChoices):
        REDUCTION = "R", _("Carbon reduction")
        ZERO = "Z", _("Zero carbon")
        NEGATIVE = "N", _("Negative carbon")
        BASIC = "B", _("Basic-research theme")

    code = models.CharField(_("code"), max_length=5, unique=True)
    group = models.CharField(_("group"), max_length=1, choices=Group.choices)
    name_zh = models.CharField(_("name (Chinese)"), max_length=60)
    name_en = models.CharField(_("name (English)"), max_length=160)

    class Meta:
        ordering = ["code"]
        verbose_name = _("technology field")
        verbose_name_plural = _("technology fields")

    def __str__(self) -> str:
        return f"{self.code} {self.display_name}"


class IndicatorQuerySet(models.QuerySet):
    def active(self) -> IndicatorQuerySet:
        return self.filter(is_active=True)

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


class TargetQuerySet(models.QuerySet):
    def national(self) -> TargetQuerySet:
        return self.filter(university__isnull=True)

    def visible_to(self, user) -> TargetQuerySet:
        """The national targets and those of the universities the user sees."""
        from institutions.models import University

        return self.filter(
            Q(university__isnull=True)
            | Q(university__in=University.objects.visible_to(user))
        )


class Target(models.Model):
    """The value an indicator should reach by a horizon's end, with its baseline.

    National when `university` is empty (set by the ministry), otherwise a university's
    own commitment. Nothing ships with numbers; demo rows carry is_demo.
    """

    indicator = models.ForeignKey(
        Indicator,
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="targets",
    )
    horizon = models.ForeignKey(
        Horizon, verbose_name=_("horizon"), on_delete=models.PROTECT, related_name="+"
    )
    university = models.ForeignKey(
        "institutions.University",
        verbose_name=_("university"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="targets",
    )
    baseline_year = models.PositiveSmallIntegerField(_("baseline year"))
    baseline_value = models.DecimalField(_("baseline"), max_digits=20, decimal_places=4)
    value = models.DecimalField(_("target value"), max_digits=20, decimal_places=4)
    note = models.TextField(_("note"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TargetQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "horizon", "university"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "horizon"],
                condition=Q(university__isnull=True),
                name="target_one_national_per_horizon",
            ),
            models.UniqueConstraint(
                fields=["indicator", "horizon", "university"],
                condition=Q(university__isnull=False),
                name="target_one_per_university_horizon",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.horizon.code}"
