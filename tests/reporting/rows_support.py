"""The reports a page lists, read from the page itself (its rows' data-report)."""

from __future__ import annotations

import re

from reporting.models import Report


def listed_reports(response, testid: str = "report-row") -> list[Report]:
    """The reports of the rows marked `data-testid=<testid>`, in the page's order."""
    assert response.status_code == 200
    pattern = rf'data-testid="{testid}" data-report="(\d+)"'
    ids = [int(pk) for pk in re.findall(pattern, response.content.decode())]
    reports = Report.objects.select_related("period", "university").in_bulk(ids)
    return [reports[pk] for pk in ids]


def shown_counts(response) -> dict[str, int]:
    """The report counts the page shows above its table: "total" and one per
    submission status."""
    body = response.content.decode()
    shown = {}
    for key in ["total", *Report.SubmissionStatus.values]:
        found = re.search(rf'data-testid="count-{key}">([\d,]+)<', body)
        assert found, f"no count-{key} on the page"
        shown[key] = int(found.group(1).replace(",", ""))
    return shown
