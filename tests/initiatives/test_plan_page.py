"""The public plan page: no login, both languages, a fixed number of queries."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives.models import Action, Task
from tests.factories import IndicatorFactory
from tests.initiatives.test_plan_data import ACTION_NAMES, MEASURE_NAMES

pytestmark = pytest.mark.django_db


def _english(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    return client


def test_plan_is_public_and_names_every_action_as_the_plan_does(client):
    response = client.get("/plan/")

    assert response.status_code == 200
    html = response.content.decode()
    for name in [*ACTION_NAMES.values(), *MEASURE_NAMES.values()]:
        assert name in html
    # The other language beside each name.
    assert "Action for breakthroughs in carbon-neutrality basic research" in html


def test_plan_shows_horizons_tasks_with_their_sentences_and_fields(client):
    html = client.get("/plan/").content.decode()

    assert "2021–2025" in html and "2031–2060" in html
    assert "近期目标" in html and "建成一批引领世界碳中和基础研究的顶尖学科" in html
    assert 'id="A1.1"' in html and 'id="A7.6"' in html
    assert Task.objects.get(code="A6.3").source_zh in html
    assert (
        "T-Z20" in html and "零碳工业流程再造（钢铁、化工、建材、石化、有色）" in html
    )


def test_plan_in_english_shows_english_names_and_summaries(client):
    html = _english(client).get("/plan/").content.decode()

    for action in Action.objects.all():
        assert action.name_en in html
    assert "Near-term goal" in html
    assert Action.objects.get(code="A2").summary_en[:80] in html
    assert "frontier science centres" in html  # a task's English name
    assert "Ocean and land carbon sinks" in html  # a technology field's


def test_plan_lists_indicators_under_their_task_and_action(client):
    task = Task.objects.get(code="A1.5")
    on_task = IndicatorFactory(task=task, name_en="Majors on the task")
    whole = IndicatorFactory(name_en="Indicator of the whole action")
    retired = IndicatorFactory(name_en="Retired indicator", is_active=False)

    html = _english(client).get("/plan/").content.decode()

    assert f'href="/plan/indicators/{on_task.code}/"' in html
    assert f'href="/plan/indicators/{whole.code}/"' in html
    assert retired.code not in html
    task_block = html[html.index('id="A1.5"') : html.index('id="A1.6"')]
    assert on_task.code in task_block and whole.code not in task_block
    assert "(items)" in task_block  # the unit


def _queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/plan/").status_code == 200
    return len(queries)


def test_plan_costs_the_same_queries_whatever_the_catalogue_size(client):
    small = _queries(client)
    for code in ("A1.1", "A2.2", "A3.3", "A4.1", "A5.5", "A6.6", "A7.1"):
        task = Task.objects.select_related("action").get(code=code)
        IndicatorFactory.create_batch(3, action=task.action, task=task)
    IndicatorFactory.create_batch(3, action=Action.objects.get(code="O2"))

    assert _queries(client) == small
    assert small <= 8


def test_plan_headings_in_chinese(client):
    html = client.get("/plan/").content.decode()

    assert "高等学校碳中和科技创新行动计划" in html
    for heading in ("总体目标", "组织实施", "技术方向", "碳减排", "碳零排", "碳负排"):
        assert heading in html, heading


def test_measures_are_named_as_the_plan_numbers_them_not_o1(client):
    """O1 reads as zero-one: the plan page and an indicator's page name a measure
    组织实施（一）, as the report form does."""
    html = client.get("/plan/").content.decode()
    measures = html.split('id="measures"')[1].split('id="technology-fields"')[0]

    assert "组织实施（一）" in measures and "组织实施（三）" in measures
    assert ">O1<" not in measures and ">O3<" not in measures
    indicator = IndicatorFactory(action=Action.objects.get(code="O1"))
    page = client.get(indicator.get_absolute_url()).content.decode()
    assert "组织实施（一）加强顶层设计" in page
    assert "O1 " not in page
