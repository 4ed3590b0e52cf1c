"""Evidence files in the portal: upload, list, download, preview and remove (issue 5).

Uploads come from a small form of their own next to the section form (never inside
it), posted by htmx with only the list of files swapped, so nothing typed elsewhere
on the page is touched. A refusal answers 422 (a file, the confirmation) or 403
(the lock reason) with the same fragment; static/js/evidence.js tells htmx to swap
those too. Without JavaScript the forms post normally and come back to the page with
messages.

Files are served only through `evidence_file_response` (here and in the API's
download), never from MEDIA_URL: every download goes through
`get_evidence_for_user` (404 outside the user's scope, 403 while the report's content
is hidden from them), as an attachment with an RFC 5987 file name, nosniff and no
caching.
"""

from __future__ import annotations

import unicodedata
from urllib.parse import quote, urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseRedirect,
)
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from ..access import get_evidence_for_user, get_report_for_user
from ..evidence import PREVIEWABLE_TYPES, EvidenceRejected
from ..evidence.serving import evidence_file_response
from ..forms_evidence import MAX_FILES, EvidenceUploadForm
from ..models import EvidenceFile, Report
from ..services.evidence import (
    evidence_attach,
    evidence_lock_reason,
    evidence_remove,
)
from ..uploads import evidence_upload
from .evidence_lists import PLACE_KEPT, panel_context

FRAGMENT = "reporting/_evidence_files.html"
Kind = EvidenceFile.Kind


# --- Serving ------------------------------------------------------------------------


@login_required
@require_GET
def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    return evidence_file_response(get_evidence_for_user(request, pk), inline=False)


@login_required
@require_GET
def evidence_preview(request: HttpRequest, pk: int) -> HttpResponse:
    """Images and PDFs shown by the browser itself (opened in a tab of its own);
    any other type has no preview."""
    evidence = get_evidence_for_user(request, pk)
    if evidence.content_type not in PREVIEWABLE_TYPES:
        raise Http404(_("This type of file has no preview; download it."))
    return evidence_file_response(evidence, inline=True)


# --- Uploading and removing -----------------------------------------------------------


def _is_htmx(request: HttpRequest) -> bool:
    return request.headers.get("HX-Request") == "true"


def _back(request: HttpRequest, report: Report, *, place: str = "") -> HttpResponse:
    """Back to `next` when it is a path of this site, else to the form. `next` is
    used as a URL, never a view's name, and a control character (which a header
    cannot carry) sends the user to the form too. A refused upload's `place` goes
    along, so that its panel shows it chosen again."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if (
        not target.startswith("/")
        or any(unicodedata.category(char)[0] == "C" for char in target)
        or not url_has_allowed_host_and_scheme(
            target,
            allowed_hosts={request.get_host()},
            require_https=request.is_secure(),
        )
    ):
        target = reverse("reporting:report-form", args=[report.pk])
    if place and place.isprintable() and "#" not in target:
        query = urlencode({PLACE_KEPT: place})
        panel = _panel(request)
        target = f"{target}{'&' if '?' in target else '?'}{query}"
        target += f"#evidence-title-{quote(panel)}" if panel else ""
    return HttpResponseRedirect(target)


def _panel(request: HttpRequest) -> str:
    """Which list the page shows: "signoff", a section's code, or "" (report); a
    control character (no code has one) is the report's list."""
    panel = request.GET.get("panel", "")
    return panel if panel.isprintable() else ""


def _answer(
    request: HttpRequest,
    report: Report,
    results: list[dict],
    status: int,
    *,
    upload: bool = False,
) -> HttpResponse:
    if not _is_htmx(request):
        for result in results:
            level = messages.success if result["ok"] else messages.error
            level(request, result["message"])
        place = ""
        if upload and status != 200:
            # A page cannot give the file back (the script keeps it chosen).
            messages.info(request, _("Choose the file again; where it goes is kept."))
            place = request.POST.get("place", "")
        return _back(request, report, place=place)
    context = panel_context(request, report, _panel(request))
    context["results"] = results
    return render(request, FRAGMENT, context, status=status)


def _uploaded(request: HttpRequest, report: Report, *, kind: str) -> HttpResponse:
    form = EvidenceUploadForm(
        request.POST,
        request.FILES,  # parsed here at the latest
        report=report,
        kind=kind,
        rejected=request.evidence_upload_rejections,
    )
    form.is_valid()
    results = [{"ok": False, "message": message} for message in form.refusals()]
    files = form.attachable()
    if files and "confirm_unclassified" in form.errors:
        # The lock, if any, is what the user must hear first (as attaching says).
        reason = evidence_lock_reason(report, request.user, kind=kind)
        message = reason or form.errors["confirm_unclassified"][0]
        results.append({"ok": False, "message": message})
        return _answer(request, report, results, 403 if reason else 422, upload=True)
    status = 200
    for uploaded in files:
        try:
            evidence = evidence_attach(
                report=report,
                user=request.user,
                uploaded_file=uploaded,
                name=uploaded.name or "",
                **form.attach_arguments(),
            )
        except PermissionDenied as exc:
            results.append({"ok": False, "message": str(exc)})
            status = 403
            break
        except ValidationError as exc:  # EvidenceRejected among them
            results.append({"ok": False, "message": exc.messages[0]})
            if not isinstance(exc, EvidenceRejected):
                break  # the same for every file: say it once
            continue
        if evidence.already_attached:
            message = _('"%(name)s" is already attached here.') % {
                "name": evidence.name
            }
        else:
            message = _('"%(name)s" is attached.') % {"name": evidence.name}
        results.append({"ok": True, "message": message, "evidence": evidence})
    if status == 200 and not any(result["ok"] for result in results):
        status = 422
    return _answer(request, report, results, status, upload=True)


@login_required
@require_POST
@evidence_upload(max_files=MAX_FILES)
def evidence_upload_view(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach files to the report, one of its sections or one value."""
    report = get_report_for_user(request, pk)
    return _uploaded(request, report, kind=Kind.EVIDENCE)


@login_required
@require_POST
@evidence_upload
def evidence_signoff_upload(request: HttpRequest, pk: int) -> HttpResponse:
    """Attach the signed and stamped scan of the sign-off page (the approver)."""
    report = get_report_for_user(request, pk)
    return _uploaded(request, report, kind=Kind.SIGNOFF_SCAN)


@login_required
@require_POST
def evidence_remove_view(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = get_evidence_for_user(request, pk)
    report = evidence.report
    try:
        evidence_remove(evidence=evidence, user=request.user)
    except PermissionDenied as exc:
        return _answer(request, report, [{"ok": False, "message": str(exc)}], 403)
    message = _('"%(name)s" is removed; the history keeps it.') % {
        "name": evidence.name
    }
    return _answer(request, report, [{"ok": True, "message": message}], 200)
