"""Administrators edit indicators and horizon years in the admin; codes stay frozen."""

from __future__ import annotations

import pytest

from initiatives.models import Horizon
from tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "model", ["horizon", "action", "task", "technologyfield", "indicator", "target"]
)
def test_admin_lists_open(admin_client, model):
    IndicatorFactory()

    response = admin_client.get(f"/admin/initiatives/{model}/")

    assert response.status_code == 200


def test_indicator_list_filters_and_search(admin_client):
    indicator = IndicatorFactory(name_en="Findable indicator")

    response = admin_client.get(
        "/admin/initiatives/indicator/",
        {"q": "Findable", "value_type__exact": "integer"},
    )

    assert indicator.code in response.content.decode()
    assert response.context["cl"].result_count == 1


def test_indicator_edit_keeps_the_code(admin_client):
    indicator = IndicatorFactory()
    code = indicator.code
    url = f"/admin/initiatives/indicator/{indicator.pk}/change/"
    form = admin_client.get(url).context["adminform"].form
    data = {
        name: ("" if value is None else value)
        for name, value in form.initial.items()
        if name in form.fields
    }
    data.update(name_en="Renamed in the admin", code="IND-A1-01")

    response = admin_client.post(url, data)

    assert response.status_code == 302, response.context["adminform"].form.errors
    indicator.refresh_from_db()
    assert indicator.name_en == "Renamed in the admin"
    assert indicator.code == code


def _horizon_data(horizon: Horizon, **changes) -> dict:
    data = {
        "name_zh": horizon.name_zh,
        "name_en": horizon.name_en,
        "start_year": horizon.start_year,
        "end_year": horizon.end_year,
        "goal_zh": horizon.goal_zh,
        "goal_en": horizon.goal_en,
    }
    return {**data, **changes}


def test_horizon_years_are_editable(admin_client):
    h3 = Horizon.objects.get(code="H3")

    response = admin_client.post(
        f"/admin/initiatives/horizon/{h3.pk}/change/", _horizon_data(h3, end_year=2059)
    )

    assert response.status_code == 302
    assert Horizon.for_year(2060) is None


def test_horizon_years_may_not_overlap(admin_client):
    h1 = Horizon.objects.get(code="H1")

    response = admin_client.post(
        f"/admin/initiatives/horizon/{h1.pk}/change/", _horizon_data(h1, end_year=2026)
    )

    assert response.status_code == 200
    assert "H2" in str(response.context["adminform"].form.errors)
    h1.refresh_from_db()
    assert h1.end_year == 2025
