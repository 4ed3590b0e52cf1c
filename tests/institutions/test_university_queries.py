"""The university search and the authority rule, written once on the QuerySet and
shared by both list filters and the reviewer's scope."""

from __future__ import annotations

import pytest

from institutions.models import Membership, University
from tests.factories import AuthorityFactory, MembershipFactory, UniversityFactory


@pytest.fixture
def authority(db):
    return AuthorityFactory()


def test_of_authority_holds_reviewed_and_co_built_universities(authority):
    reviewed = UniversityFactory(authority=authority)
    co_built = UniversityFactory()
    co_built.other_authorities.add(authority)
    UniversityFactory()

    found = University.objects.of_authority(authority)

    assert set(found) == {reviewed, co_built}
    assert set(University.objects.of_authority(authority.pk)) == {reviewed, co_built}


def test_a_reviewer_sees_exactly_the_universities_of_their_authority(authority):
    reviewed = UniversityFactory(authority=authority)
    co_built = UniversityFactory()
    co_built.other_authorities.add(authority)
    UniversityFactory()
    reviewer = MembershipFactory(
        role=Membership.Role.REVIEWER, university=None, authority=authority
    ).user

    assert set(University.objects.visible_to(reviewer)) == set(
        University.objects.of_authority(authority)
    )
    assert set(University.objects.visible_to(reviewer)) == {reviewed, co_built}


@pytest.mark.parametrize(
    ("text", "expected"),
    [("Tsinghua", {"tsinghua"}), ("4111", {"tsinghua"}), ("  ", {"tsinghua", "pku"})],
)
def test_search_matches_names_and_code_prefixes(db, text, expected):
    found = {
        "tsinghua": UniversityFactory(name_en="Tsinghua University", code="4111010003"),
        "pku": UniversityFactory(name_en="Peking University", code="4211010001"),
    }

    names = {key for key, u in found.items() if u in University.objects.search(text)}

    assert names == expected
