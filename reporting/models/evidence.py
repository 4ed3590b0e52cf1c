"""Evidence files: what universities attach to prove what they report (issue 5).

A file attaches to a report, to one section (action) of it, or to one value. Files are
never deleted while their report is under review or accepted; a removal while editable is
recorded (removed_at/removed_by) so the history keeps it.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from .reports import Report
from .sections import ReportSection
from .values import Value


def evidence_upload_to(instance: EvidenceFile, filename: str) -> str:
    """Stored under a path of ids and the checksum, never under the user's name."""
    return (
        f"evidence/{instance.report.period.year}/{instance.report.university.code}/"
        f"{instance.report_id}/{instance.sha256}"
    )


class EvidenceQuerySet(models.QuerySet):
    def current(self) -> EvidenceQuerySet:
        return self.filter(removed_at__isnull=True)

    def visible_to(self, user) -> EvidenceQuerySet:
        """Files of reports whose content the user may read
        (`Report.objects.content_visible_to`): an authority lists a draft's files
        only after returning it."""
        return self.filter(report__in=Report.objects.content_visible_to(user))

    def of_reports_visible_to(self, user) -> EvidenceQuerySet:
        """Files of every report in the user's scope, content hidden or not,
        annotated `content_visible`: for a page that answers 404 outside the scope
        and 403 for a file of a report whose content is still hidden."""
        inner = Report.objects.content_visible_to(user).filter(pk=OuterRef("report_id"))
        return self.filter(report__in=Report.objects.visible_to(user)).annotate(
            content_visible=Exists(inner)
        )


class EvidenceFile(models.Model):
    class Kind(models.TextChoices):
        EVIDENCE = "evidence", _("Evidence")
        SIGNOFF_SCAN = "signoff", _("Signed and stamped sign-off page")

    report = models.ForeignKey(
        Report, on_delete=models.PROTECT, related_name="evidence_files"
    )
    section = models.ForeignKey(
        ReportSection,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence_files",
    )
    value = models.ForeignKey(
        Value,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence_files",
    )
    kind = models.CharField(
        _("kind"), max_length=8, choices=Kind.choices, default=Kind.EVIDENCE
    )
    file = models.FileField(_("file"), upload_to=evidence_upload_to, max_length=255)
    name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        on_delete=models.PROTECT,
        related_name="+",
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    confirmed_unclassified = models.BooleanField(
        _("confirmed free of classified content"), default=False
    )
    revision = models.PositiveIntegerField(_("report revision"))
    signed_revision = models.PositiveIntegerField(
        _("revision signed"),
        null=True,
        blank=True,
        help_text=_("For a sign-off scan: the report revision the page showed."),
    )
    signed_checksum = models.CharField(_("checksum signed"), max_length=64, blank=True)
    removed_at = models.DateTimeField(_("removed at"), null=True, blank=True)
    removed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("removed by"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    removed_revision = models.PositiveIntegerField(
        _("removed in revision"), null=True, blank=True
    )

    objects = EvidenceQuerySet.as_manager()

    class Meta:
        ordering = ["-uploaded_at", "-id"]
        verbose_name = _("evidence file")
        verbose_name_plural = _("evidence files")
        constraints = [
            models.CheckConstraint(
                name="evidence_confirmed_unclassified",
                condition=Q(confirmed_unclassified=True),
            ),
        ]
        indexes = [models.Index(fields=["report", "removed_at"])]

    def __str__(self) -> str:
        return self.name
