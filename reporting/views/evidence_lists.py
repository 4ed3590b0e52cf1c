"""What the evidence lists show, on the form (per section), the report page (all) and
the sign-off page (the stamped scans): the same fragment everywhere, with a fixed
number of queries whatever the number of files."""

from __future__ import annotations

from urllib.parse import urlencode

from django.db.models import Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext as _

from initiatives.rules import level_catalogue

from ..evidence import PREVIEWABLE_TYPES, limit_mib, max_bytes, type_label
from ..models import EvidenceFile, Report
from ..services.evidence import evidence_lock_reason, evidence_removable
from ..signoff import signoff_scans_mark, values_checksum

Kind = EvidenceFile.Kind
SIGNOFF = "signoff"
ALL = "all"
ACCEPT = ".pdf,.ofd,.jpg,.jpeg,.png,.docx,.xlsx,.pptx"
ACCEPT_SCAN = ".pdf,.ofd,.jpg,.jpeg,.png"


def place_label(evidence: EvidenceFile) -> str:
    if evidence.value_id:
        indicator = evidence.value.indicator
        return f"{indicator.code} {indicator.display_name}"
    if evidence.section_id:
        action = evidence.section.action
        return action.heading
    if evidence.kind == Kind.SIGNOFF_SCAN:
        return str(Kind.SIGNOFF_SCAN.label)
    return _("The report as a whole")


def files_listed(report: Report, panel: str) -> list[EvidenceFile]:
    """The current files of one list: a section's panel shows the files of the report
    as a whole and of that section (its values included); ALL every evidence file;
    SIGNOFF the stamped scans, the replaced ones too (marked as such)."""
    files = EvidenceFile.objects.filter(report=report).select_related(
        "uploaded_by", "removed_by", "section__action", "value__indicator"
    )
    if panel == SIGNOFF:
        files = files.filter(kind=Kind.SIGNOFF_SCAN).order_by("-uploaded_at", "-id")
    else:
        files = files.current().filter(kind=Kind.EVIDENCE)
        if panel != ALL:
            files = files.filter(
                Q(section__isnull=True) | Q(section__action__code=panel)
            )
        files = files.order_by("section__action__order", "value_id", "uploaded_at")
    rows = list(files)
    for evidence in rows:
        evidence.place = place_label(evidence)
        evidence.type_label = type_label(evidence.content_type)
        evidence.previewable = evidence.content_type in PREVIEWABLE_TYPES
        evidence.short_sha = evidence.sha256[:12]
    return rows


PLACE_KEPT = "evidence_place"


def _upload_url(report: Report, panel: str, next_url: str) -> str:
    name = (
        "reporting:evidence-signoff-upload"
        if panel == SIGNOFF
        else "reporting:evidence-upload"
    )
    query = urlencode({"panel": panel, "next": next_url})
    return f"{reverse(name, args=[report.pk])}?{query}"


def _places(report: Report, panel: str) -> list[tuple[str, str]]:
    """The choices of where a file goes, in a section's panel."""
    section = report.sections.filter(action__code=panel).select_related("action")
    section = section.first()
    places = [("", _("The report as a whole"))]
    if section is None:
        return places
    action = section.action
    places.append((f"section:{action.code}", action.heading))
    indicators = level_catalogue(report.university.level).by_action.get(action.pk, ())
    places += [
        (f"value:{indicator.code}", f"{indicator.code} {indicator.display_name}")
        for indicator in indicators
    ]
    return places


def panel_context(
    request: HttpRequest, report: Report, panel: str, *, editable: bool = True
) -> dict:
    """The context of reporting/_evidence_files.html (and of the panel around it).

    `editable=False` lists only (the report page): files are attached and removed
    in the form's panels, the stamped scan on the sign-off page.
    """
    panel = panel or ALL
    kind = Kind.SIGNOFF_SCAN if panel == SIGNOFF else Kind.EVIDENCE
    editable = editable and panel != ALL
    lock_reason = evidence_lock_reason(report, request.user, kind=kind)
    can_change = lock_reason is None and editable
    can_remove = can_change and evidence_removable(report, kind=kind)
    files = files_listed(report, panel)
    checksum = None
    if panel == SIGNOFF:
        checksum = values_checksum(report)
        signoff_scans_mark(files, report, checksum)
    next_url = reverse("reporting:report-detail", args=[report.pk])
    if panel == SIGNOFF:
        next_url = reverse("reporting:report-print", args=[report.pk])
    elif panel != ALL:
        form_url = reverse("reporting:report-form", args=[report.pk])
        next_url = f"{form_url}?section={panel}"
    return {
        "report": report,
        "panel": panel,
        "panel_id": f"evidence-files-{panel}",
        "files": files,
        "can_upload": can_change,
        "can_remove": can_remove,
        "lock_reason": lock_reason if editable else None,
        "upload_url": _upload_url(report, panel, next_url) if can_change else "",
        "next_url": next_url,
        "places": _places(report, panel) if can_change and panel != SIGNOFF else [],
        # Where a refused upload (without the script) was to go, chosen again.
        "place_kept": request.GET.get(PLACE_KEPT, ""),
        "accept": ACCEPT_SCAN if panel == SIGNOFF else ACCEPT,
        "limit_mib": limit_mib(max_bytes()),
        "checksum": checksum,
        "is_signoff": panel == SIGNOFF,
        # The report page shows the scans only where there is something to say.
        "hidden": panel == SIGNOFF
        and not editable
        and not files
        and not report.period.requires_signoff_scan,
    }
