"""The upload form: what is the same for every file of an upload (files, place,
confirmation) is checked once, with each field's message in the user's language."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client
from django.utils import translation

from reporting.forms_evidence import MAX_FILES, EvidenceUploadForm
from reporting.models import EvidenceFile, Report
from tests.reporting.evidence_views_support import (
    CHINESE_PDF,
    media_root,  # noqa: F401 (autouse)
    pdf,
    upload,
)
from tests.reporting.workflow_support import Cast, ready_to_mark, walk

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def report(university):
    return ready_to_mark(university)


def _post(client, report, data: dict, **headers):
    return client.post(
        f"/reports/{report.pk}/evidence/upload/?panel=A1", data, **HTMX, **headers
    )


def results(response) -> list[str]:
    body = response.content.decode()
    return [
        html.unescape(re.sub(r"\s+", " ", text).strip())
        for text in re.findall(r'data-testid="evidence-result"[^>]*>(.*?)</div>', body)
    ]


def test_an_upload_without_a_file_says_so(reporter_client, report):
    response = _post(reporter_client, report, {"place": "section:A1"}, **EN)

    assert response.status_code == 422
    assert results(response) == ["Choose a file to upload."]


def test_too_many_files_are_refused_together(reporter_client, report):
    files = [upload(f"{n}.pdf", pdf(str(n))) for n in range(MAX_FILES + 1)]

    response = _post(
        reporter_client,
        report,
        {"files": files, "place": "section:A1", "confirm_unclassified": "on"},
        **EN,
    )

    assert response.status_code == 422
    assert results(response) == [f"Upload at most {MAX_FILES} files at once."]
    assert not EvidenceFile.objects.exists()


@pytest.mark.parametrize("place", ["section:Z9", "value:IND-Z9-01", "elsewhere"])
def test_a_place_the_report_does_not_have_is_refused(reporter_client, report, place):
    response = _post(
        reporter_client,
        report,
        {"files": [upload(CHINESE_PDF)], "place": place, "confirm_unclassified": "on"},
        **EN,
    )

    assert response.status_code == 422
    assert results(response) == ["Choose where the file belongs."]
    assert not EvidenceFile.objects.exists()


def test_the_lock_is_said_before_the_missing_confirmation(university, report):
    cast = Cast(university)
    walk(report, cast, Report.State.SUBMITTED)
    client = Client()
    client.force_login(cast.reporter)

    response = _post(client, report, {"files": [upload(CHINESE_PDF)]}, **EN)

    assert response.status_code == 403
    assert "under review by its competent authority" in results(response)[0]
    assert len(results(response)) == 1


def test_the_fields_come_out_typed(report):
    with translation.override("en"):
        form = EvidenceUploadForm(
            {"place": "value:IND-A1-01", "confirm_unclassified": "on"},
            {"files": upload(CHINESE_PDF)},
            report=report,
        )
        assert form.is_valid(), form.errors

    assert [f.name for f in form.attachable()] == [CHINESE_PDF]
    arguments = form.attach_arguments()
    assert arguments["indicator"].code == "IND-A1-01"
    assert arguments["confirm_unclassified"] is True
    assert "signed_checksum" not in arguments


def test_a_scan_takes_the_page_it_was_signed_on(report):
    def signed(checksum: str) -> dict:
        form = EvidenceUploadForm(
            {
                "confirm_unclassified": "on",
                "signed_checksum": checksum,
                "place": "section:Z9",  # a scan has no place
            },
            {"files": upload(CHINESE_PDF)},
            report=report,
            kind=EvidenceFile.Kind.SIGNOFF_SCAN,
        )
        assert form.is_valid(), form.errors
        return form.attach_arguments()

    assert signed("abc")["signed_checksum"] == "abc"
    assert "section" not in signed("abc")
    assert "signed_revision" not in signed("abc")  # the checksum alone binds it
    assert signed("")["signed_checksum"] == ""  # refused later as a stale page


def test_each_field_is_explained_in_chinese_by_default(report, settings):
    form = EvidenceUploadForm(
        {"place": "section:Z9"}, {"files": upload(CHINESE_PDF)}, report=report
    )

    with translation.override(settings.LANGUAGE_CODE):
        assert not form.is_valid()
        assert form.errors["place"] == ["请选择文件所属位置。"]
    unconfirmed = EvidenceUploadForm({}, {"files": upload(CHINESE_PDF)}, report=report)
    assert not unconfirmed.is_valid()
    assert list(unconfirmed.errors) == ["confirm_unclassified"]
