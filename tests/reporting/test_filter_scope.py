"""Filters offer only values within the user's scope, per role: periods, provinces
and authorities where the scope has reports (or universities); a reviewer of
北京市教育委员会 is offered no other authority or province, a university's own people
no university choosers at all; and a value outside the scope typed into the address
is the filter form's error and lists nothing, never the whole scope."""

from __future__ import annotations

import re

import pytest

from institutions.models import Authority, Membership, Province
from reporting.models import Report, ReportingPeriod
from tests.factories import PeriodFactory, ReportFactory, province
from tests.reporting.workflow_support import person, university_under
from tests.reporting.workflow_views_support import client_for

pytestmark = pytest.mark.django_db

Role = Membership.Role
State = Report.State
REPORTS = "/reports/"
QUEUE = "/reports/queue/"
UNIVERSITIES = "/universities/"


@pytest.fixture
def world(db):
    """Beijing's own university, a ministry university Beijing co-builds, one of
    Tianjin; the open period has a report of each, an older period only Tianjin's."""
    beijing = Authority.objects.get(code="EDU-11")
    tianjin = Authority.objects.get(code="EDU-12")
    ministry = Authority.objects.get(code="MOE")
    own = university_under("EDU-11", name_zh="北京市属测试大学")
    co_built = university_under(
        "MOE", province=province("11"), name_zh="部属共建测试大学"
    )
    co_built.other_authorities.add(beijing)
    elsewhere = university_under("EDU-12", name_zh="天津测试大学")
    current = PeriodFactory(year=2025, current=True)
    older = PeriodFactory(year=2023, state=ReportingPeriod.State.CLOSED)
    for university in (own, co_built, elsewhere):
        ReportFactory(period=current, university=university, state=State.SUBMITTED)
    ReportFactory(period=older, university=elsewhere, state=State.ACCEPTED)
    return {
        "beijing": beijing,
        "tianjin": tianjin,
        "ministry": ministry,
        "own": own,
        "co_built": co_built,
        "elsewhere": elsewhere,
        "current": current,
        "older": older,
        "reviewer": person(Role.REVIEWER, authority=beijing),
        "reporter": person(Role.REPORTER, university=own),
        "official": person(Role.OFFICIAL),
    }


def choices(response, name: str) -> list[str]:
    """The values a filter's dropdown offers (the blank "All" left out)."""
    field = response.context["filter"].form.fields[name]
    return [str(value) for value, _ in field.choices if value != ""]


def listed_universities(response) -> set[str]:
    return set(
        re.findall(
            r"(北京市属测试大学|部属共建测试大学|天津测试大学)",
            response.content.decode(),
        )
    )


def test_a_reviewer_of_beijing_is_offered_only_beijing(world):
    reviewer = client_for(world["reviewer"], "zh-hans")

    for url in (REPORTS, QUEUE, UNIVERSITIES):
        response = reviewer.get(url)
        assert choices(response, "authority") == [str(world["beijing"].pk)], url
        assert choices(response, "province") == [str(province("11").pk)], url
    reports = reviewer.get(REPORTS)
    assert choices(reports, "period") == [str(world["current"].pk)]
    assert listed_universities(reports) == {"北京市属测试大学", "部属共建测试大学"}


@pytest.mark.parametrize("url", [REPORTS, QUEUE, UNIVERSITIES])
@pytest.mark.parametrize(
    ("field", "outside"),
    [
        ("authority", lambda w: w["tianjin"].pk),
        ("authority", lambda w: w["ministry"].pk),
        ("province", lambda w: Province.objects.get(code="12").pk),
    ],
)
def test_a_value_outside_the_scope_typed_by_hand_is_refused_not_widened(
    world, url, field, outside
):
    reviewer = client_for(world["reviewer"], "zh-hans")

    response = reviewer.get(url, {field: outside(world)})

    assert response.status_code == 200
    errors = response.context["filter"].form.errors
    assert field in errors
    assert 'class="invalid-feedback d-block"' in response.content.decode()
    assert listed_universities(response) == set()


def test_a_period_without_a_report_in_the_scope_is_refused(world):
    reviewer = client_for(world["reviewer"], "zh-hans")

    response = reviewer.get(REPORTS, {"period": world["older"].pk})

    assert "period" in response.context["filter"].form.errors
    assert listed_universities(response) == set()


def test_a_university_user_is_offered_no_university_chooser(world):
    reporter = client_for(world["reporter"], "zh-hans")

    for url in (REPORTS, UNIVERSITIES):
        response = reporter.get(url)
        fields = response.context["filter"].form.fields
        for name in ("q", "province", "authority", "category"):
            assert name not in fields, (url, name)
        body = response.content.decode()
        assert "天津" not in body and "教育部直属" not in body
    # Typed by hand, a chooser it is not offered changes nothing: its own only.
    response = reporter.get(REPORTS, {"authority": world["tianjin"].pk})
    assert listed_universities(response) == {"北京市属测试大学"}


def test_the_ministry_is_offered_everything_its_scope_has(world):
    official = client_for(world["official"], "zh-hans")

    response = official.get(REPORTS, {"period": ""})

    authorities = set(choices(response, "authority"))
    assert {str(world[k].pk) for k in ("beijing", "tianjin", "ministry")} <= authorities
    assert set(choices(response, "period")) == {
        str(world["current"].pk),
        str(world["older"].pk),
    }
    assert listed_universities(response) == {
        "北京市属测试大学",
        "部属共建测试大学",
        "天津测试大学",
    }
