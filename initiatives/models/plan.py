"""The plan's structure: horizons, actions and measures, tasks, technology fields.

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
