"""A report in the API carries the version officials see on the pages: the
how-manyth submission, not the internal change counter."""

from __future__ import annotations

from reporting.models import Report
from tests.factories import ReportFactory


def test_report_version_is_the_submission_count_as_the_pages_say(
    reviewer_client, university
):
    report = ReportFactory(
        university=university,
        state=Report.State.SUBMITTED,
        submission_count=2,
        revision=45,
    )
    data = reviewer_client.get(f"/api/v1/reports/{report.pk}/").json()
    assert data["submission_count"] == 2
    assert data["version_label"] == report.version_label
    assert "2" in data["version_label"] and "45" not in data["version_label"]
    page = reviewer_client.get(f"/reports/{report.pk}/").content.decode()
    assert data["version_label"] in page


def test_a_report_of_an_earlier_period_is_found_by_its_id(reviewer_client, university):
    """The list shows the open period by default; the report itself is found
    whatever its period (it was 404 while a later period was open)."""
    from tests.factories import make_open_period_with_report

    earlier = make_open_period_with_report(university)
    later = make_open_period_with_report(university)
    assert later.period.year != earlier.period.year
    listed = reviewer_client.get("/api/v1/reports/").json()["results"]
    assert [r["id"] for r in listed] == [later.pk]
    response = reviewer_client.get(f"/api/v1/reports/{earlier.pk}/")
    assert response.status_code == 200 and response.json()["id"] == earlier.pk
