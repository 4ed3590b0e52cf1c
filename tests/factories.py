"""factory-boy factories for every model the tests create."""

from __future__ import annotations

import factory

from accounts.models import User
from initiatives.models import Action, Indicator
from institutions.models import Authority, Membership, Province, University


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
