"""Report runs: the periodic ministry reports (DESIGN.md §7) as rows, one per
(kind, period, scope, slot), with the accepted versions their figures were computed
from and the files they produced (issue 15)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class ReportRunQuerySet(models.QuerySet):
    def visible_to(self, user) -> ReportRunQuerySet:
        """The runs in the user's scope: the ministry's people see every run, an
        authority's reviewers the runs about their authority, nobody else any (a
        nation's report holds every university's figures)."""
        from institutions.access import active_membership
        from institutions.models import Membership

        membership = active_membership(user)
        if membership is None:
            return self.none()
        if membership.role in Membership.MINISTRY_ROLES:
            return self
        if membership.role in Membership.AUTHORITY_ROLES:
            return self.filter(authority_id=membership.authority_id)
        return self.none()

    def requestable_by(self, user) -> dict:
        """What the user may ask for: {"kinds": [...], "authority": Authority or
        None (the nation)}, or {} for a user who may start no run. Officials start
        any kind for the nation; a reviewer an authority report on their own."""
        from institutions.access import active_membership
        from institutions.models import Membership

        membership = active_membership(user)
        if membership is None:
            return {}
        if membership.role == Membership.Role.OFFICIAL:
            return {
                "kinds": [ReportRun.Kind.WEEKLY_STATUS, ReportRun.Kind.PROGRESS],
                "authority": None,
            }
        if membership.role in Membership.AUTHORITY_ROLES:
            return {
                "kinds": [ReportRun.Kind.AUTHORITY],
                "authority": membership.authority,
            }
        return {}


class ReportRun(models.Model):
    """One production of a periodic report. The key (kind, period, scope, slot) is
    unique, so a schedule firing twice or a request sent twice makes one run; the
    task fills `versions` (the snapshot) on its first start and reads only those
    afterwards, so a run made again yields the same figures."""

    class Kind(models.TextChoices):
        WEEKLY_STATUS = "weekly_status", _("Weekly submission status")
        PROGRESS = "progress", _("Progress report")
        AUTHORITY = "authority", _("Authority report")

    class State(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    period = models.ForeignKey(
        "reporting.ReportingPeriod",
        verbose_name=_("period"),
        on_delete=models.PROTECT,
        related_name="report_runs",
    )
    authority = models.ForeignKey(
        "institutions.Authority",
        verbose_name=_("competent authority"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="report_runs",
        help_text=_("Empty for the nation."),
    )
    slot = models.CharField(
        _("slot"),
        max_length=40,
        help_text=_("The schedule's slot (such as 2026-W49) or the request's key."),
    )
    schedule = models.CharField(_("schedule"), max_length=60, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    state = models.CharField(
        _("state"), max_length=8, choices=State.choices, default=State.QUEUED
    )
    versions = models.ManyToManyField(
        "reporting.AcceptedVersion",
        verbose_name=_("accepted versions used"),
        related_name="report_runs",
        blank=True,
    )
    snapshot_at = models.DateTimeField(_("snapshot taken at"), null=True, blank=True)
    queued_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # Who works on the run now: the task message's id (a message delivered again
    # while the run is "running" means its first delivery died before it was
    # acknowledged) and a key of the attempt, which the finish must still hold.
    task_id = models.CharField(max_length=64, blank=True)
    claim = models.CharField(max_length=32, blank=True)
    error = models.TextField(_("error"), blank=True)
    announced_at = models.DateTimeField(_("announced at"), null=True, blank=True)

    objects = ReportRunQuerySet.as_manager()

    class Meta:
        ordering = ["-queued_at", "-id"]
        verbose_name = _("report run")
        verbose_name_plural = _("report runs")
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "period", "slot"],
                condition=Q(authority__isnull=True),
                name="report_run_one_per_national_slot",
            ),
            models.UniqueConstraint(
                fields=["kind", "period", "authority", "slot"],
                condition=Q(authority__isnull=False),
                name="report_run_one_per_authority_slot",
            ),
            models.CheckConstraint(
                condition=Q(requested_by__isnull=False) | ~Q(schedule=""),
                name="report_run_requested_or_scheduled",
            ),
            models.CheckConstraint(
                condition=Q(authority__isnull=False) | ~Q(kind="authority"),
                name="report_run_authority_kind_has_authority",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.period_id} {self.slot}"


def report_run_file_upload_to(instance: ReportRunFile, filename: str) -> str:
    """Under the run's id and the format, never under a user's name."""
    run = instance.run
    return f"report-runs/{run.period.year}/{run.pk}/{run.kind}.{instance.format}"


class ReportRunFile(models.Model):
    """One file of a run: one per format, so a run made twice keeps one set."""

    class Format(models.TextChoices):
        XLSX = "xlsx", "XLSX"
        PDF = "pdf", "PDF"

    CONTENT_TYPES = {
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "pdf": "application/pdf",
    }

    run = models.ForeignKey(ReportRun, on_delete=models.CASCADE, related_name="files")
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    file = models.FileField(
        _("file"), upload_to=report_run_file_upload_to, max_length=255
    )
    size = models.PositiveBigIntegerField(_("size"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        ordering = ["run", "format"]
        verbose_name = _("report run file")
        verbose_name_plural = _("report run files")
        constraints = [
            models.UniqueConstraint(
                fields=["run", "format"], name="report_run_file_one_per_format"
            )
        ]

    def __str__(self) -> str:
        return f"{self.run_id}.{self.format}"

    @property
    def content_type(self) -> str:
        return self.CONTENT_TYPES[self.format]

    @property
    def name(self) -> str:
        """The download's name: kind, year, scope and slot, in ASCII."""
        run = self.run
        scope = run.authority.code if run.authority_id else "nation"
        return f"{run.kind}-{run.period.year}-{scope}-{run.slot}.{self.format}"
