"""Refusals tell the user why: the 403 page carries the reason, the 404 page is ours."""

from __future__ import annotations

import pytest
from django.urls import reverse

from reporting.models import Report
from tests.factories import make_open_period_with_report


@pytest.mark.django_db
def test_a_refused_edit_shows_the_lock_reason(reporter_client, university):
    report = make_open_period_with_report(university)
    Report.objects.filter(pk=report.pk).update(state=Report.State.READY)
    report.refresh_from_db()

    response = reporter_client.post(
        reverse("reporting:report-form", args=[report.pk]) + "?section=A1", {}
    )

    assert response.status_code == 403
    page = response.content.decode()
    assert 'data-testid="forbidden"' in page
    assert "无权操作" in page
    reason = report.lock_reason(reporter_client.user.memberships.get())
    assert reason and reason in page


@pytest.mark.django_db
def test_an_unknown_page_says_so_in_the_portal_layout(reporter_client):
    response = reporter_client.get("/no-such-page/")

    assert response.status_code == 404
    assert "未找到页面" in response.content.decode()
