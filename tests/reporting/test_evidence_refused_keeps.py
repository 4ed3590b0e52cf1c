"""A refused upload without the script: the page cannot give the file back, so it
says "choose the file again", and comes back with the place still chosen, at the
panel (issue 11)."""

from __future__ import annotations

from urllib.parse import urlencode

import pytest

from reporting.models import EvidenceFile
from tests.reporting.evidence_views_support import (
    CHINESE_PDF,
    media_root,  # noqa: F401 (autouse)
    upload,
)
from tests.reporting.form_support import draft_report, form_url

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(university):
    return draft_report(university)


def _post(client, report, data: dict):
    """The upload form as a browser without JavaScript posts it."""
    query = urlencode({"panel": "A1", "next": form_url(report, "A1")})
    return client.post(f"/reports/{report.pk}/evidence/upload/?{query}", data)


def _selected(page: str, value: str) -> bool:
    return f'<option value="{value}" selected>' in page


def test_a_refused_file_comes_back_with_its_place_chosen(reporter_client, report):
    response = _post(
        reporter_client,
        report,
        {
            "files": [upload("program.pdf")],
            "place": "value:IND-A1-03",
            "confirm_unclassified": "on",
        },
    )

    assert response.status_code == 302
    location = response["Location"]
    assert location.startswith(form_url(report, "A1") + "&evidence_place=")
    assert location.endswith("#evidence-title-A1")
    page = reporter_client.get(location).content.decode()
    assert _selected(page, "value:IND-A1-03")
    assert "请重新选择文件" in page
    assert "program.pdf" in page  # why it was refused
    assert not EvidenceFile.objects.exists()


def test_a_missing_confirmation_keeps_the_place_too(reporter_client, report):
    response = _post(
        reporter_client,
        report,
        {"files": [upload(CHINESE_PDF)], "place": "section:A1"},
    )

    page = reporter_client.get(response["Location"]).content.decode()
    assert _selected(page, "section:A1")
    assert "请重新选择文件" in page


def test_an_accepted_upload_goes_back_as_before(reporter_client, report):
    response = _post(
        reporter_client,
        report,
        {
            "files": [upload(CHINESE_PDF)],
            "place": "value:IND-A1-03",
            "confirm_unclassified": "on",
        },
    )

    assert response["Location"] == form_url(report, "A1")
    page = reporter_client.get(response["Location"]).content.decode()
    assert "请重新选择文件" not in page
    assert not _selected(page, "value:IND-A1-03")
