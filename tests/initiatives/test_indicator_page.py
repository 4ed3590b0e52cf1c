"""The indicator page: its counting rules, public, in the active language."""

from __future__ import annotations

import pytest
from django.conf import settings

from initiatives.models import Task
from tests.factories import IndicatorFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator():
    return IndicatorFactory(
        task=Task.objects.get(code="A1.5"),
        name_zh="国家级一流本科专业建设点数",
        name_en="National first-class undergraduate majors",
        unit_zh="个",
        unit_en="majors",
        value_type="percentage",
        decimal_places=1,
        measure="stock",
        aggregation="none",
        time_type="point",
        point_in_time_zh="12月31日",
        point_in_time_en="31 December",
        min_value=0,
        max_value=100,
        applies_associate=False,
        applies_adult=True,
        definition_zh="截至年末获批的国家级一流本科专业建设点。",
        definition_en="Majors approved as national first-class sites by year end.",
        includes_zh="教育部公布名单中的专业点。",
        includes_en="Majors on the ministry's published lists.",
        excludes_zh="省级一流专业。",
        excludes_en="Provincial first-class majors.",
        credited_zh="计入专业所在高校。",
        credited_en="Credited to the university that runs the major.",
        source_zh="教育部公布的建设点名单",
        source_en="The ministry's published lists",
        counterpart_zh="高等教育统计报表",
        counterpart_en="Higher-education statistics return",
        grounding="plan: 一批国家级碳中和相关一流本科专业",
        derivation="talent.Programme.first_class",
    )


def test_indicator_page_is_public_and_shows_the_counting_rules(client, indicator):
    response = client.get(f"/plan/indicators/{indicator.code}/")

    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        indicator.code,
        "国家级一流本科专业建设点数",
        "National first-class undergraduate majors",
        "截至年末获批的国家级一流本科专业建设点。",
        "教育部公布名单中的专业点。",
        "省级一流专业。",
        "计入专业所在高校。",
        "教育部公布的建设点名单",
        "高等教育统计报表",
        "12月31日",
        "plan: 一批国家级碳中和相关一流本科专业",
        "talent.Programme.first_class",
    ):
        assert text in html, text
    assert 'href="/plan/#A1.5"' in html and 'href="/plan/#A1"' in html


def test_indicator_page_in_english(client, indicator):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = client.get(f"/plan/indicators/{indicator.code}/").content.decode()

    for text in (
        "Majors approved as national first-class sites by year end.",
        "Majors on the ministry&#x27;s published lists.",
        "Provincial first-class majors.",
        "Credited to the university that runs the major.",
        "Higher-education statistics return",
        "31 December",
        "Percentage",
        "1 decimal place",
        "Stock (as of the end of the data year)",
        "Not aggregated",
        "Point in time",
        "from 0 to 100",
        "Undergraduate",
        "Adult higher education",
        "majors",
    ):
        assert text in html, text
    # Both names whatever the language.
    assert "国家级一流本科专业建设点数" in html
    assert "Vocational" not in html


def test_indicator_page_without_bounds_or_task(client):
    indicator = IndicatorFactory(min_value=None, task=None)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"

    html = client.get(indicator.get_absolute_url()).content.decode()

    assert "The action as a whole" in html
    bounds = html[html.index('data-testid="indicator-bounds"') :][:80]
    assert "none" in bounds


def test_unknown_indicator_is_404(client):
    assert client.get("/plan/indicators/IND-A1-00/").status_code == 404
    assert client.get("/plan/indicators/A1.1/").status_code == 404


def test_indicator_page_labels_in_chinese(client, indicator):
    html = client.get(f"/plan/indicators/{indicator.code}/").content.decode()

    for label in ("口径", "定义", "统计范围", "不计入范围", "归属高校", "数据来源"):
        assert label in html, label
    assert "百分比" in html and "时点" in html and "统计时点：12月31日" in html
    assert "0 至 100" in html
