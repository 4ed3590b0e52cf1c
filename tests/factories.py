"""factory-boy factories for every model the tests create."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import factory
from django.utils import timezone

from accounts.models import User
from initiatives.models import Action, Indicator
from institutions.models import Authority, Membership, Province, University
from reporting.models import Report, ReportingPeriod


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}@example.edu.cn")
    email = factory.LazyAttribute(lambda o: o.username)
    name = factory.Sequence(lambda n: f"User {n}")

    @factory.post_generation
    def password(obj, create, extracted, **kwargs):
        obj.set_password(extracted or "Passw0rd!2026")
        if create:
            obj.save(update_fields=["password"])


def province(code: str = "11") -> Province:
    """Provinces are reference data loaded by migration; fetch, never create."""
    return Province.objects.get(code=code)


class AuthorityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Authority

    code = factory.Sequence(lambda n: f"TEST-{n}")
    name_zh = factory.Sequence(lambda n: f"Authority {n}")
    name_en = factory.Sequence(lambda n: f"Authority {n}")
    kind = Authority.Kind.PROVINCIAL
    province = factory.LazyFunction(lambda: province("11"))


class UniversityFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = University

    code = factory.Sequence(lambda n: f"49{n:08d}")
    name_zh = factory.Sequence(lambda n: f"University {n}")
    name_en = factory.Sequence(lambda n: f"University {n}")
    province = factory.LazyFunction(lambda: province("11"))
    authority = factory.SubFactory(AuthorityFactory)
    level = University.Level.BACHELOR
    category = University.Category.LOCAL


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    role = Membership.Role.REPORTER
    university = factory.SubFactory(UniversityFactory)
    authority = None


def _free_indicator_code(action_code: str) -> str:
    """Test indicators count down from IND-xx-99, clear of the catalogue's codes."""
    used = set(
        Indicator.objects.filter(code__startswith=f"IND-{action_code}-").values_list(
            "code", flat=True
        )
    )
    for number in range(99, 0, -1):
        code = f"IND-{action_code}-{number:02d}"
        if code not in used:
            return code
    raise RuntimeError(f"no free indicator code left for {action_code}")


class IndicatorFactory(factory.django.DjangoModelFactory):
    """An indicator of action A1 (the plan is reference data: fetched, never created)."""

    class Meta:
        model = Indicator

    action = factory.LazyFunction(lambda: Action.objects.get(code="A1"))
    task = None
    code = factory.LazyAttribute(lambda o: _free_indicator_code(o.action.code))
    order = factory.Sequence(lambda n: 100 + n)
    name_zh = factory.Sequence(lambda n: f"测试指标 {n}")
    name_en = factory.Sequence(lambda n: f"Test indicator {n}")
    unit_zh = "个"
    unit_en = "items"
    value_type = "integer"
    measure = "stock"
    aggregation = "sum"
    time_type = "calendar"
    min_value = 0
    definition_zh = "用于测试的指标。"
    definition_en = "An indicator for tests."


BEIJING = ZoneInfo("Asia/Shanghai")


def _beijing(year: int, month: int, day: int, hour: int = 0, minute: int = 0):
    return dt.datetime(year, month, day, hour, minute, tzinfo=BEIJING)


class PeriodFactory(factory.django.DjangoModelFactory):
    """A period for data year N: open 1 March to 30 April of N+1, due 31 March.

    `PeriodFactory(current=True)` gives an open period whose window is around now.
    """

    class Meta:
        model = ReportingPeriod
        skip_postgeneration_save = True

    class Params:
        current = factory.Trait(
            state=ReportingPeriod.State.OPEN,
            opens_at=factory.LazyFunction(
                lambda: timezone.now() - dt.timedelta(days=1)
            ),
            due_at=factory.LazyFunction(lambda: timezone.now() + dt.timedelta(days=30)),
            closes_at=factory.LazyFunction(
                lambda: timezone.now() + dt.timedelta(days=60)
            ),
        )

    year = factory.Sequence(lambda n: 2022 + n)
    opens_at = factory.LazyAttribute(lambda o: _beijing(o.year + 1, 3, 1))
    due_at = factory.LazyAttribute(lambda o: _beijing(o.year + 1, 3, 31, 23, 59))
    closes_at = factory.LazyAttribute(lambda o: _beijing(o.year + 1, 4, 30, 23, 59))
    state = ReportingPeriod.State.UPCOMING
    late_policy = ReportingPeriod.LatePolicy.ACCEPT

    @factory.post_generation
    def participants(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.participants.set(extracted)


class ReportFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Report

    period = factory.SubFactory(PeriodFactory)
    year = factory.LazyAttribute(lambda report: report.period.year)
    university = factory.SubFactory(UniversityFactory)
    state = Report.State.DRAFT


def make_open_period_with_report(university, *, sections: bool = True) -> Report:
    """A draft report of `university` in an open period whose window is around now.

    The university is the period's only participant; with sections=True the report
    gets its sections as the period's opening would create them.
    """
    period = PeriodFactory(current=True, participants=[university])
    report = ReportFactory(period=period, university=university)
    if sections:
        from reporting.services.reports import report_sections_ensure

        report_sections_ensure(report=report)
    return report
