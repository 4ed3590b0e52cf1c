"""factory-boy factories for every model the tests create."""

from __future__ import annotations

import factory

from accounts.models import User
from institutions.models import Authority, Membership, Province, University


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}@example.edu.cn")
    email = factory.LazyAttribute(lambda o: o.username)
    name = factory.Sequence(lambda n: f"User {n}")
    password = factory.PostGenerationMethodCall("set_password", "Passw0rd!2026")


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
