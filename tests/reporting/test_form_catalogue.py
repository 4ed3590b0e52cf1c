"""The form renders the catalogue's parts of a field (its name, unit, time, the link to
its counting rules) once per catalogue version and language, not per request, and
shows an edit of the catalogue at once (issue 14)."""

from __future__ import annotations

import pytest

from initiatives.models import Indicator
from tests.reporting.form_support import draft_report, field_html, form_url


@pytest.fixture
def report(university):
    return draft_report(university)


def test_the_field_labels_are_rendered_once(reporter_client, report, monkeypatch):
    rendered = []
    shown = Indicator.get_time_type_display

    def spy(indicator):
        rendered.append(indicator.code)
        return shown(indicator)

    monkeypatch.setattr(Indicator, "get_time_type_display", spy)
    url = form_url(report, "A1")

    first = reporter_client.get(url).content.decode()
    once = list(rendered)
    second = reporter_client.get(url).content.decode()

    assert len(once) == first.count('data-testid="definition-link"') > 5
    assert rendered == once  # the second page took them from the cache
    assert first == second.replace(
        _csrf(second), _csrf(first)
    )  # the same page, but for its token


def _csrf(page: str) -> str:
    start = page.index('name="csrfmiddlewaretoken" value="') + 34
    return page[start : page.index('"', start)]


def _admin_edit(admin_client, indicator: Indicator, **changes) -> None:
    url = f"/admin/initiatives/indicator/{indicator.pk}/change/"
    form = admin_client.get(url).context["adminform"].form
    data = {
        name: ("" if value is None else value)
        for name, value in form.initial.items()
        if name in form.fields
    }
    data.update(changes)
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors


@pytest.mark.parametrize(
    ("language", "name", "unit"),
    [("zh-hans", "name_zh", "unit_zh"), ("en", "name_en", "unit_en")],
)
def test_an_edit_in_the_admin_shows_on_the_next_page(
    reporter_client, admin_client, report, language, name, unit
):
    url = form_url(report, "A1")
    indicator = Indicator.objects.get(code="IND-A1-01")
    before = field_html(
        reporter_client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode(),
        "IND-A1-01",
    )
    assert getattr(indicator, name) in before

    _admin_edit(admin_client, indicator, **{name: "Renamed 新名称", unit: "Stück"})

    after = field_html(
        reporter_client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode(),
        "IND-A1-01",
    )
    assert "Renamed 新名称" in after and "Stück" in after
    assert getattr(indicator, name) not in after
    other = "en" if language == "zh-hans" else "zh-hans"
    page = reporter_client.get(url, HTTP_ACCEPT_LANGUAGE=other).content.decode()
    assert "Renamed 新名称" not in field_html(page, "IND-A1-01")
