"""Uploading from the form (htmx fragment or plain post), the lists, downloads and
previews with their headers, removal, and files of other universities."""

from __future__ import annotations

import html
import importlib
import re
from urllib.parse import quote

import pytest
from django.test import Client, override_settings
from django.urls import clear_url_caches

from reporting.models import EvidenceFile, Report
from tests.reporting.evidence_views_support import (
    CHINESE_PDF,
    attach,
    corpus,
    media_path,
    media_root,  # noqa: F401 (autouse)
    member,
    pdf,
    revision,
    upload,
)
from tests.reporting.workflow_support import walk

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


def upload_url(report, panel: str = "A1") -> str:
    return f"/reports/{report.pk}/evidence/upload/?panel={panel}"


def results(response) -> list[str]:
    body = response.content.decode()
    return [
        html.unescape(re.sub(r"\s+", " ", text).strip())
        for text in re.findall(r'data-testid="evidence-result"[^>]*>(.*?)</div>', body)
    ]


def post_files(client, report, *files, confirm=True, place="section:A1", **extra):
    data = {"files": list(files), "place": place}
    if confirm:
        data["confirm_unclassified"] = "on"
    return client.post(upload_url(report), data, **HTMX, **EN, **extra)


# --- uploading ------------------------------------------------------------------------


def test_the_upload_answers_the_list_fragment_with_every_detail(
    reporter_client, report
):
    before = revision(report)

    response = post_files(reporter_client, report, upload(CHINESE_PDF))

    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body  # a fragment, not a page
    assert (
        "<html" in reporter_client.get(f"/reports/{report.pk}/form/").content.decode()
    )
    assert 'id="evidence-files-A1"' in body
    evidence = EvidenceFile.objects.get()
    assert evidence.section.action.code == "A1"
    assert results(response) == [f'"{CHINESE_PDF}" is attached.']
    row = re.search(r'data-testid="evidence-row".*?</tr>', body, re.S).group(0)
    assert CHINESE_PDF in row
    assert ">PDF<" in row
    assert evidence.sha256[:12] in row and evidence.sha256 in row
    assert (reporter_client.user.name or reporter_client.user.username) in row
    assert "A1 " in row  # where it is attached
    assert re.search(r"\d{4}-\d\d-\d\d \d\d:\d\d", row)
    assert re.search(r"\d+(\.\d)?\s(bytes|KB)", row)
    assert revision(report) == before + 1


def test_each_rejected_file_gets_its_own_message(reporter_client, report):
    response = post_files(
        reporter_client,
        report,
        upload("program.pdf"),
        upload("letter.docx"),
        upload("good.pdf", pdf("good")),
    )

    assert response.status_code == 200  # one file went through
    messages = results(response)
    assert len(messages) == 3
    assert "program.pdf" in messages[0]
    assert "letter.docx" in messages[1] and "PDF" in messages[1]
    assert messages[2] == '"good.pdf" is attached.'
    assert list(EvidenceFile.objects.values_list("name", flat=True)) == ["good.pdf"]


def test_an_upload_with_nothing_accepted_answers_422_with_the_reason(
    reporter_client, report
):
    response = post_files(reporter_client, report, upload("program.pdf"))

    assert response.status_code == 422
    assert "program.pdf" in results(response)[0]
    assert 'id="evidence-files-A1"' in response.content.decode()


def test_the_unclassified_confirmation_is_required_per_upload(reporter_client, report):
    response = post_files(reporter_client, report, upload(CHINESE_PDF), confirm=False)

    assert response.status_code == 422
    assert results(response) == ["Confirm that the file holds no classified content."]
    assert not EvidenceFile.objects.exists()


def test_a_file_over_the_cap_is_refused_while_it_streams(reporter_client, report):
    with override_settings(EVIDENCE_MAX_BYTES=1024):
        response = post_files(
            reporter_client, report, upload("big.pdf", pdf("x" * 4096))
        )

    assert response.status_code == 422
    assert "big.pdf" in results(response)[0]
    assert "MiB" in results(response)[0]
    assert not EvidenceFile.objects.exists()


def test_the_same_file_again_says_it_is_already_attached(reporter_client, report):
    post_files(reporter_client, report, upload(CHINESE_PDF))

    response = post_files(reporter_client, report, upload(CHINESE_PDF))

    assert response.status_code == 200
    assert results(response) == [f'"{CHINESE_PDF}" is already attached here.']
    assert EvidenceFile.objects.count() == 1


def test_a_value_place_attaches_to_that_value(reporter_client, report):
    response = post_files(
        reporter_client, report, upload(CHINESE_PDF), place="value:IND-A1-01"
    )

    assert response.status_code == 200
    evidence = EvidenceFile.objects.get()
    assert evidence.value.indicator.code == "IND-A1-01"


def test_without_javascript_the_upload_comes_back_to_the_form(reporter_client, report):
    response = reporter_client.post(
        upload_url(report) + f"&next=/reports/{report.pk}/form/%3Fsection%3DA1",
        {"files": [upload(CHINESE_PDF)], "place": "", "confirm_unclassified": "on"},
        **EN,
    )

    assert response.status_code == 302
    assert response["Location"] == f"/reports/{report.pk}/form/?section=A1"
    page = reporter_client.get(response["Location"], **EN)
    assert f'"{CHINESE_PDF}" is attached.' in html.unescape(page.content.decode())


def test_the_form_shows_the_panel_with_its_upload_form(reporter_client, report):
    attach(report, reporter_client.user, section=report.sections.get(action__code="A1"))

    body = reporter_client.get(f"/reports/{report.pk}/form/?section=A1").content
    body = body.decode()

    assert 'data-testid="evidence-panel-A1"' in body
    assert 'data-testid="evidence-upload-A1"' in body
    assert 'hx-post="/reports/' in body
    assert CHINESE_PDF in body
    assert "vendor/htmx-2.0.11/htmx.min.js" in body
    # The upload is a form of its own, outside the section form.
    section_form = re.search(r'<form[^>]*id="section-form".*?</form>', body, re.S)
    assert "evidence-upload" not in section_form.group(0)


def test_files_of_another_section_are_not_in_this_sections_panel(
    reporter_client, report
):
    attach(report, reporter_client.user, section=report.sections.get(action__code="A2"))

    body = reporter_client.get(f"/reports/{report.pk}/form/?section=A1").content
    its_own = reporter_client.get(f"/reports/{report.pk}/form/?section=A2").content

    assert CHINESE_PDF not in body.decode()
    assert CHINESE_PDF in its_own.decode()


def test_a_locked_report_lists_files_and_says_why_nothing_can_change(cast, report):
    evidence = attach(report, cast.reporter)
    client = Client()
    client.force_login(cast.reporter)
    draft = client.get(f"/reports/{report.pk}/form/?section=A1", **EN).content.decode()
    assert 'data-testid="evidence-upload-A1"' in draft
    assert 'data-testid="evidence-remove"' in draft
    walk(report, cast, Report.State.SUBMITTED)

    body = client.get(f"/reports/{report.pk}/form/?section=A1", **EN).content.decode()
    removal = client.post(
        f"/reports/evidence/{evidence.pk}/remove/?panel=A1", **HTMX, **EN
    )
    upload_again = client.post(
        upload_url(report),
        {"files": [upload("new.pdf", pdf("new"))], "confirm_unclassified": "on"},
        **HTMX,
        **EN,
    )

    assert CHINESE_PDF in body
    assert 'data-testid="evidence-upload-A1"' not in body
    assert 'data-testid="evidence-remove"' not in body
    assert 'data-testid="evidence-locked"' in body
    assert removal.status_code == 403
    assert "under review by its competent authority" in results(removal)[0]
    assert upload_again.status_code == 403
    assert "under review by its competent authority" in results(upload_again)[0]
    evidence.refresh_from_db()
    assert evidence.removed_at is None
    assert EvidenceFile.objects.count() == 1


def test_removal_from_the_panel(reporter_client, report):
    evidence = attach(report, reporter_client.user)

    response = reporter_client.post(
        f"/reports/evidence/{evidence.pk}/remove/?panel=A1", **HTMX, **EN
    )

    assert response.status_code == 200
    assert results(response) == [f'"{CHINESE_PDF}" is removed; the history keeps it.']
    assert 'data-testid="evidence-row"' not in response.content.decode()
    evidence.refresh_from_db()
    assert evidence.removed_by == reporter_client.user


def test_the_report_page_lists_every_file_without_changing_them(
    reporter_client, report
):
    attach(report, reporter_client.user, section=report.sections.get(action__code="A2"))
    attach(report, reporter_client.user, "photo.png")

    body = reporter_client.get(f"/reports/{report.pk}/").content.decode()

    assert CHINESE_PDF in body and "photo.png" in body
    assert 'data-testid="evidence-panel-all"' in body
    assert 'data-testid="evidence-upload-all"' not in body
    assert "data-evidence-upload" not in body
    assert 'data-testid="evidence-remove"' not in body
    # where files may change, the form's panels offer both
    form = reporter_client.get(f"/reports/{report.pk}/form/?section=A1")
    assert "data-evidence-upload" in form.content.decode()
    assert 'data-testid="evidence-remove"' in form.content.decode()


# --- serving --------------------------------------------------------------------------


def test_download_keeps_the_chinese_name_and_is_not_cached(reporter_client, report):
    evidence = attach(report, reporter_client.user)

    response = reporter_client.get(f"/reports/evidence/{evidence.pk}/download/")

    assert response.status_code == 200
    assert response["Content-Disposition"] == (
        f'attachment; filename="evidence-{evidence.pk}.pdf"; '
        f"filename*=UTF-8''{quote(CHINESE_PDF)}"
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Cache-Control"] == "private, no-store"
    assert b"".join(response.streaming_content) == corpus(CHINESE_PDF)


def test_an_ascii_name_is_its_own_fallback(reporter_client, report):
    evidence = attach(report, reporter_client.user, "courses.docx")

    response = reporter_client.get(f"/reports/evidence/{evidence.pk}/download/")

    assert response["Content-Disposition"] == (
        "attachment; filename=\"courses.docx\"; filename*=UTF-8''courses.docx"
    )


def test_preview_shows_pdfs_and_images_inline_only(reporter_client, report):
    shown = attach(report, reporter_client.user)
    image = attach(report, reporter_client.user, "photo.png")
    document = attach(report, reporter_client.user, "courses.docx")

    pdf_response = reporter_client.get(f"/reports/evidence/{shown.pk}/preview/")
    png_response = reporter_client.get(f"/reports/evidence/{image.pk}/preview/")
    docx_response = reporter_client.get(f"/reports/evidence/{document.pk}/preview/")

    assert pdf_response.status_code == 200
    assert pdf_response["Content-Disposition"].startswith("inline; ")
    assert pdf_response["X-Content-Type-Options"] == "nosniff"
    assert png_response["Content-Type"] == "image/png"
    assert docx_response.status_code == 404


def test_another_universitys_file_does_not_exist_for_outsiders(outsider_client, report):
    evidence = attach(report, member(report.university))

    for url, method in (
        (f"/reports/evidence/{evidence.pk}/download/", "get"),
        (f"/reports/evidence/{evidence.pk}/preview/", "get"),
        (f"/reports/evidence/{evidence.pk}/remove/", "post"),
    ):
        assert getattr(outsider_client, method)(url).status_code == 404, url
    assert outsider_client.post(upload_url(report)).status_code == 404
    evidence.refresh_from_db()
    assert evidence.removed_at is None


def test_the_authority_sees_files_only_once_the_report_reaches_it(
    reviewer_client, report, cast
):
    evidence = attach(report, cast.reporter)
    url = f"/reports/evidence/{evidence.pk}/download/"

    assert (
        reviewer_client.get(url).status_code == 403
    )  # a draft: still the university's
    walk(report, cast, Report.State.SUBMITTED)
    assert reviewer_client.get(url).status_code == 200


def _reload_urls() -> None:
    import carbonplan.urls

    importlib.reload(carbonplan.urls)
    clear_url_caches()


def test_no_url_serves_the_stored_file_directly(reporter_client, report):
    """MEDIA_URL is served by nothing, with DEBUG off and on (the URLconf is loaded
    again under DEBUG=True, so a `static()` added for development would show)."""
    evidence = attach(report, reporter_client.user)
    assert (media_path() / evidence.file.name).exists()
    direct = f"/media/{evidence.file.name}"
    anonymous = Client()

    assert reporter_client.get(direct).status_code == 404
    assert anonymous.get(direct).status_code == 404
    with override_settings(DEBUG=True):
        _reload_urls()
        try:
            assert reporter_client.get(direct).status_code == 404
            assert anonymous.get(direct).status_code == 404
        finally:
            _reload_urls()
