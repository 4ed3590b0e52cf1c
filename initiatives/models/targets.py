"""Targets: the value an indicator should reach by a horizon's end."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from initiatives.models.indicators import Indicator
from initiatives.models.plan import Horizon


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

    def editable_by(self, user) -> TargetQuerySet:
        """The targets the user may set: national ones for ministry officials, a
        university's own for its reporters and approvers (the same rule as
        `initiatives.access.target_edit_refusal`, which says why not)."""
        from institutions.access import active_membership
        from institutions.models import Membership

        membership = active_membership(user)
        if membership is None:
            return self.none()
        if membership.role == Membership.Role.OFFICIAL:
            return self.national()
        if membership.role in Membership.UNIVERSITY_ROLES:
            return self.filter(university_id=membership.university_id)
        return self.none()


class Target(models.Model):
    """The value an indicator should reach by a horizon's end.

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
    # Not typed: the baseline is the figure of the first accepted period, computed
    # by the figures layer (the dashboards). Kept for rows written before that rule.
    baseline_year = models.PositiveSmallIntegerField(
        _("baseline year"), null=True, blank=True
    )
    baseline_value = models.DecimalField(
        _("baseline"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    value = models.DecimalField(_("target value"), max_digits=20, decimal_places=4)
    note = models.TextField(_("note"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = TargetQuerySet.as_manager()
    history = HistoricalRecords()

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
