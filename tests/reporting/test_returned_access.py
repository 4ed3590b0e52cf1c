"""The authority that returned a report keeps reading it, read-only: its values, its
files and its own comments, from the return until the university submits it again
(issue 11, "a reviewer loses the report the moment they return it")."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.translation import gettext as _

from reporting.models import EvidenceFile, Report
from reporting.services import workflow
from reporting.services.evidence import evidence_attach
from tests.reporting.rows_support import listed_reports
from tests.reporting.workflow_support import walk

State = Report.State

COMMENTS = [
    {
        "section": "A1",
        "indicator": "IND-A1-01",
        "field": "value",
        "text": "Five courses: which ones?",
    },
    {
        "section": "A1",
        "indicator": None,
        "field": "narrative_done",
        "text": "Name the projects.",
    },
]


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def returned(cast, report_in_state) -> Report:
    """A report with a file, submitted and returned by the reviewer with comments."""
    report = report_in_state()
    evidence_attach(
        report=report,
        user=cast.reporter,
        uploaded_file=SimpleUploadedFile("plan.pdf", b"%PDF-1.4\n%%EOF\n"),
        name="plan.pdf",
        confirm_unclassified=True,
    )
    walk(report, cast, State.SUBMITTED)
    workflow.report_return(
        report=report,
        user=cast.reviewer,
        comment="Please complete A1.",
        field_comments=COMMENTS,
    )
    report.refresh_from_db()
    assert report.state == State.DRAFT
    return report


def _detail(report: Report) -> str:
    return reverse("reporting:report-detail", args=[report.pk])


def test_the_reviewer_reads_the_returned_report_with_their_comments(
    client, cast, returned
):
    client.force_login(cast.reviewer)

    response = client.get(_detail(returned))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Courses and projects as planned." in page  # A1's narrative
    assert 'data-testid="field-comment-IND-A1-01"' in page
    assert "Five courses: which ones?" in page
    assert 'data-testid="field-comment-A1-narrative_done"' in page
    assert "Name the projects." in page
    # Read-only: no step to take and no way to change it.
    assert 'data-testid="action-' not in page
    assert 'data-testid="workflow-actions"' not in page


def test_the_form_is_read_only_for_the_reviewer(client, cast, returned):
    client.force_login(cast.reviewer)
    url = reverse("reporting:report-form", args=[returned.pk])

    response = client.get(url)

    assert response.status_code == 200
    page = response.content.decode()
    assert _("This form is read-only.") in page
    assert "report-form.js" not in page
    assert "Five courses: which ones?" in page
    assert client.post(url, {"section": "A1"}).status_code == 403
    autosave = reverse("reporting:section-autosave", args=[returned.pk, "A1"])
    assert client.post(autosave, {}).status_code == 403
    assert Report.objects.get(pk=returned.pk).revision == returned.revision


def test_the_reviewer_lists_and_downloads_the_returned_reports_files(
    client, cast, returned
):
    client.force_login(cast.reviewer)
    evidence = EvidenceFile.objects.get(report=returned)

    assert list(EvidenceFile.objects.visible_to(cast.reviewer)) == [evidence]
    download = reverse("reporting:evidence-download", args=[evidence.pk])
    assert client.get(download).status_code == 200
    listed = client.get("/reports/")
    assert listed_reports(listed) == [returned]
    assert _detail(returned) in listed.content.decode()


def test_the_ministry_still_does_not_read_the_returned_draft(client, cast, returned):
    client.force_login(cast.official)

    response = client.get(_detail(returned))

    assert response.status_code == 403
    assert (
        _("The report has not reached the ministry yet.") in response.content.decode()
    )


def test_the_reviewer_reads_it_until_it_is_submitted_and_withdrawn(
    client, cast, returned
):
    client.force_login(cast.reviewer)
    workflow.report_mark_ready(report=returned, user=cast.reporter)
    assert client.get(_detail(returned)).status_code == 200  # still the return's round

    workflow.report_submit(
        report=returned, user=cast.approver, confirm_unclassified=True
    )
    workflow.report_withdraw(report=returned, user=cast.approver)

    response = client.get(_detail(returned))
    assert response.status_code == 403
    assert _("The report is still with the university.") in response.content.decode()
    evidence = EvidenceFile.objects.get(report=returned)
    download = reverse("reporting:evidence-download", args=[evidence.pk])
    assert client.get(download).status_code == 403
