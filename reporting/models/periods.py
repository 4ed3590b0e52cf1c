"""Reporting periods: one collection window per data year, and its change log."""

from __future__ import annotations

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

FIRST_DATA_YEAR = 2021


class PeriodQuerySet(models.QuerySet):
    def open(self) -> PeriodQuerySet:
        return self.filter(state=ReportingPeriod.State.OPEN)

    def visible_to(self, user) -> PeriodQuerySet:
        """Every period's year, dates and state, for anyone with a role: the report
        list offers them all as its filter (the period pages are the ministry's)."""
        from institutions.access import active_membership

        return self if active_membership(user) is not None else self.none()


class ReportingPeriod(models.Model):
    """One collection window per data year, in Beijing time."""

    class State(models.TextChoices):
        UPCOMING = "upcoming", _("Upcoming")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        LOCKED = "locked", _("Locked")

    class LatePolicy(models.TextChoices):
        ACCEPT = "accept", _("Accept late submissions, marked late")
        REFUSE = "refuse", _("Refuse late submissions")

    year = models.PositiveSmallIntegerField(
        _("data year"), unique=True, validators=[MinValueValidator(FIRST_DATA_YEAR)]
    )
    opens_at = models.DateTimeField(_("opens at"))
    due_at = models.DateTimeField(_("due at"))
    closes_at = models.DateTimeField(_("closes at"))
    state = models.CharField(
        _("state"),
        max_length=10,
        choices=State.choices,
        default=State.UPCOMING,
        db_index=True,
    )
    late_policy = models.CharField(
        _("late submissions"),
        max_length=6,
        choices=LatePolicy.choices,
        default=LatePolicy.ACCEPT,
    )
    participants = models.ManyToManyField(
        "institutions.University",
        verbose_name=_("participating universities"),
        related_name="reporting_periods",
        blank=True,
    )
    requires_signoff_scan = models.BooleanField(
        _("requires the signed and stamped sign-off page"),
        default=False,
        help_text=_("The ministry accepts a report only with its stamped scan."),
    )
    is_demo = models.BooleanField(_("demo data"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = PeriodQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        constraints = [
            models.CheckConstraint(
                condition=Q(opens_at__lte=F("due_at")) & Q(due_at__lte=F("closes_at")),
                name="period_dates_ordered",
            ),
            models.CheckConstraint(
                condition=Q(year__gte=FIRST_DATA_YEAR), name="period_year_from_2021"
            ),
        ]

    def __str__(self) -> str:
        return str(_("Data year %(year)s") % {"year": self.year})


class PeriodEvent(models.Model):
    """The log of every change to a period, by an official or by the schedule."""

    class Kind(models.TextChoices):
        CREATED = "created", _("Created")
        OPENED = "opened", _("Opened")
        EXTENDED = "extended", _("Extended")
        CLOSED = "closed", _("Closed")
        LOCKED = "locked", _("Locked")
        UNLOCKED = "unlocked", _("Unlocked")
        EDITED = "edited", _("Edited")

    period = models.ForeignKey(
        ReportingPeriod, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("change"), max_length=10, choices=Kind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        help_text=_("Empty when the schedule made the change."),
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("period change")
        verbose_name_plural = _("period changes")

    def __str__(self) -> str:
        return f"{self.period} · {self.get_kind_display()}"
