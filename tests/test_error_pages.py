"""Refusals tell the user why: the 403 page carries the reason, the 404 and 500 pages
are ours, in the user's language."""

from __future__ import annotations

import pytest
from django.urls import path, reverse

from carbonplan.urls import urlpatterns as portal_urlpatterns
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


def _failing_view(request):
    raise RuntimeError("a bug")


# This module is the URLconf of the 500 tests: the portal's pages and one that fails.
urlpatterns = [path("failing/", _failing_view), *portal_urlpatterns]


@pytest.mark.django_db
def test_an_unknown_page_speaks_english_to_an_english_reader(client):
    response = client.get("/no-such-page/", headers={"Accept-Language": "en"})

    assert response.status_code == 404
    page = response.content.decode()
    assert "Not found" in page
    assert "Back to the home page" in page


@pytest.mark.urls(__name__)
@pytest.mark.parametrize(
    ("language", "title", "advice"),
    [
        ("zh-hans", "服务器错误", "请稍后重试"),
        ("en", "Server error", "Try again in a moment"),
    ],
)
def test_a_failing_page_shows_the_portals_error_page(
    reporter_client, language, title, advice
):
    reporter_client.raise_request_exception = False

    response = reporter_client.get("/failing/", headers={"Accept-Language": language})

    assert response.status_code == 500
    page = response.content.decode()
    assert 'data-testid="server-error"' in page
    assert f"<title>{title} · " in page
    assert advice in page
    assert 'href="/"' in page
    assert "a bug" not in page
