"""Attaching evidence files to a report and removing them (issue 5).

Who may do what, and when:
- Evidence (to the report, one of its sections or one value): the university's
  reporters and approvers, only while the report is editable (the lock reason
  otherwise). An addition or a removal is a change of the report: it raises the
  report's revision, and the file records the revision it was added (and removed) in.
  A removal keeps the row and the stored file; after submission files are frozen,
  after acceptance they never change.
- The signed and stamped sign-off page (scan): the university's approver, in a draft
  they may edit and from "awaiting sign-off" up to the ministry's acceptance (the
  paper is signed after the report is marked ready, and a forgotten scan may follow
  the submission); never in a locked period, never after acceptance. It records the
  values checksum of the page it is a scan of (and, internally, the revision of
  those data); it does NOT raise the revision (it is a record of the data, not a
  change of it), and a new scan replaces the earlier one (recorded as a removal).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from initiatives.models import Indicator
from institutions.access import active_membership
from institutions.models import Membership
from reporting.evidence import evidence_inspect
from reporting.models import EvidenceFile, Report, ReportSection, Value
from reporting.services.workflow_guards import report_lock
from reporting.signoff import values_checksum
from reporting.validation import applicable_indicators

Kind = EvidenceFile.Kind
State = Report.State
SCAN_STATES = (State.READY, State.SUBMITTED, State.PASSED)
SCAN_SUBMITTED_STATES = (State.SUBMITTED, State.PASSED)


def evidence_lock_reason(
    report: Report, user, *, kind: str = Kind.EVIDENCE, removal: bool = False
) -> str | None:
    """Why this user may not attach (or, with `removal`, remove) a file of this kind
    now, or None.

    Evidence: no query when the report comes with its period and the user's
    acting membership is set. A sign-off scan: one query (the approver role may
    be any of the user's memberships, as in the workflow services); after the
    submission it may be replaced, never removed, so that the reviewers and the
    ministry always find the signed page the university sent.
    """
    if kind == Kind.SIGNOFF_SCAN:
        reason = _scan_lock_reason(report, user)
        if reason is None and removal and not evidence_removable(report, kind=kind):
            return _(
                "The report has been submitted: its signed and stamped page stays. "
                "Attach a new scan to replace it."
            )
        return reason
    membership = active_membership(user)
    return report.lock_reason(membership)


def evidence_removable(report: Report, *, kind: str) -> bool:
    """Whether a file of this kind may leave the report in its state at all (no
    query): a submitted report's sign-off scan stays (replaced, never removed)."""
    return kind != Kind.SIGNOFF_SCAN or report.state not in SCAN_SUBMITTED_STATES


def _scan_lock_reason(report: Report, user) -> str | None:
    approver = (
        Membership.objects.filter(
            user=user,
            is_active=True,
            role=Membership.Role.APPROVER,
            university_id=report.university_id,
        ).first()
        if user is not None and user.is_authenticated
        else None
    )
    if approver is None:
        return _("The university's approver attaches the signed and stamped page.")
    if report.state == State.ACCEPTED:
        return _("The report is accepted. Only the ministry can reopen it.")
    if report.period.state == report.period.State.LOCKED:
        return _(
            "The period is locked: the ministry has frozen it, review included. "
            "Only the ministry can unlock it."
        )
    if report.state in SCAN_STATES:
        return None
    return report.lock_reason(approver)


def _place(
    report: Report, section: ReportSection | None, value: Value | None
) -> tuple[ReportSection | None, Value | None]:
    """A value belongs to its section; both must belong to the report."""
    if value is not None:
        if value.report_id != report.pk:
            raise ValidationError(_("That value is not part of this report."))
        section = value.section
    if section is not None and section.report_id != report.pk:
        raise ValidationError(_("That section is not part of this report."))
    return section, value


def _resolve_place(
    report: Report,
    section: ReportSection | None,
    value: Value | None,
    indicator: Indicator | None,
) -> tuple[ReportSection | None, Value | None, Indicator | None]:
    """(section, value, the indicator whose blank value is still to be created)."""
    if indicator is not None and value is None:
        value = Value.objects.filter(report=report, indicator=indicator).first()
        if value is None:
            return _indicator_section(report, indicator), None, indicator
    section, value = _place(report, section, value)
    return section, value, None


def _indicator_section(report: Report, indicator: Indicator) -> ReportSection:
    """The section an indicator's value goes to, if the indicator applies."""
    section = None
    if applicable_indicators(report.university).filter(pk=indicator.pk).exists():
        section = report.sections.filter(action_id=indicator.action_id).first()
    if section is None:
        raise ValidationError(_("That indicator is not part of this report."))
    return section


def _revision_raise(report: Report, user) -> int:
    report.revision += 1
    report._history_user = user
    report.save(update_fields=["revision", "updated_at"])
    return report.revision


def _store(evidence: EvidenceFile, uploaded_file: UploadedFile) -> None:
    """Save the file through the storage API, then the row; no orphan file is left
    when the row cannot be written."""
    uploaded_file.seek(0)
    evidence.file.save(evidence.sha256, uploaded_file, save=False)
    try:
        evidence.save()
    except Exception:
        evidence.file.storage.delete(evidence.file.name)
        raise


@transaction.atomic
def evidence_attach(
    *,
    report: Report,
    user,
    uploaded_file: UploadedFile,
    name: str,
    section: ReportSection | None = None,
    value: Value | None = None,
    indicator: Indicator | None = None,
    kind: str = Kind.EVIDENCE,
    confirm_unclassified: bool,
    signed_checksum: str | None = None,
) -> EvidenceFile:
    """Check, store and record one uploaded file; returns its EvidenceFile.

    The place: the report as a whole, a `section`, or a `value` (or the value of an
    `indicator` of the report, stored blank first when nothing was entered yet, so
    that a file can come before the number it proves).
    The same file (same SHA-256) already attached at the same place is not stored
    again: the existing row is returned with `already_attached = True`.
    A sign-off scan records `signed_checksum`, what the page the approver had open
    showed; it must still be the report's (or the page is stale and refused); left
    out, the current one is taken. Its `signed_revision` is the report's revision,
    for the record only: the checksum alone says whether the scan matches.
    Raises PermissionDenied (with the lock reason), ValidationError (the place, the
    missing confirmation, a stale sign-off page) or EvidenceRejected (the file).
    """
    locked = report_lock(report)
    reason = evidence_lock_reason(locked, user, kind=kind)
    if reason:
        raise PermissionDenied(reason)
    if kind == Kind.SIGNOFF_SCAN:
        section = value = indicator = None
    section, value, blank_for = _resolve_place(locked, section, value, indicator)
    if not confirm_unclassified:
        raise ValidationError(
            _("Confirm that the file holds no classified content."),
            code="unclassified_not_confirmed",
        )
    if kind == Kind.SIGNOFF_SCAN:
        checksum = values_checksum(locked)
        if signed_checksum is None:
            signed_checksum = checksum
        if signed_checksum != checksum:
            raise ValidationError(
                _(
                    "The report's data have changed since this page was opened "
                    "(the checksum is now %(checksum)s). Reload it, print it again "
                    "and attach the scan of the new printout."
                )
                % {"checksum": checksum},
                code="stale_page",
            )

    inspection = evidence_inspect(uploaded_file, name=name)

    existing = (
        EvidenceFile.objects.current()
        .filter(
            report=locked,
            section=section,
            value=value,
            kind=kind,
            sha256=inspection.sha256,
        )
        .first()
    )
    if existing is not None and blank_for is None:
        existing.already_attached = True
        return existing

    now = timezone.now()
    if kind == Kind.EVIDENCE:
        revision = _revision_raise(locked, user)
        if blank_for is not None:
            value = Value(
                report=locked,
                section=section,
                indicator=blank_for,
                revision=revision,
                updated_by=user,
            )
            value._history_user = user
            value.save()
    else:
        revision = locked.revision
        EvidenceFile.objects.current().filter(
            report=locked, kind=Kind.SIGNOFF_SCAN
        ).update(removed_at=now, removed_by=user, removed_revision=revision)
    evidence = EvidenceFile(
        report=locked,
        section=section,
        value=value,
        kind=kind,
        name=inspection.name,
        content_type=inspection.content_type,
        size=inspection.size,
        sha256=inspection.sha256,
        uploaded_by=user,
        confirmed_unclassified=True,
        revision=revision,
        signed_revision=locked.revision if kind == Kind.SIGNOFF_SCAN else None,
        signed_checksum=signed_checksum if kind == Kind.SIGNOFF_SCAN else "",
    )
    _store(evidence, uploaded_file)
    report.revision = locked.revision
    evidence.already_attached = False
    return evidence


@transaction.atomic
def evidence_remove(*, evidence: EvidenceFile, user) -> EvidenceFile:
    """Record the removal of a file: only while the report is editable (a sign-off
    scan: while a scan may be attached). The row and the stored file stay, so the
    history keeps them; removing evidence raises the report's revision."""
    locked = report_lock(evidence.report)
    current = EvidenceFile.objects.select_for_update().get(pk=evidence.pk)
    reason = evidence_lock_reason(locked, user, kind=current.kind, removal=True)
    if reason:
        raise PermissionDenied(reason)
    if current.removed_at is not None:
        return current
    if current.kind == Kind.EVIDENCE:
        revision = _revision_raise(locked, user)
    else:
        revision = locked.revision
    current.removed_at = timezone.now()
    current.removed_by = user
    current.removed_revision = revision
    current.save(update_fields=["removed_at", "removed_by", "removed_revision"])
    evidence.report.revision = locked.revision
    for name in ("removed_at", "removed_by", "removed_revision"):
        setattr(evidence, name, getattr(current, name))
    return current
