"""Shared fixtures: one university and one authority in scope, one of each outside.

`reporter_client`, `approver_client`, `reviewer_client`, `ministry_client`,
`expert_client` act inside the home scope; `outsider_client` is a reporter of another
university under another authority.
"""

from __future__ import annotations

import pytest

from institutions.models import Membership
from tests.factories import (
    AuthorityFactory,
    MembershipFactory,
    UniversityFactory,
    UserFactory,
)


@pytest.fixture
def authority(db):
    return AuthorityFactory()


@pytest.fixture
def university(authority):
    return UniversityFactory(authority=authority, province=authority.province)


@pytest.fixture
def other_university(db):
    return UniversityFactory(authority=AuthorityFactory())


def _client_for(client, **membership):
    user = UserFactory()
    MembershipFactory(user=user, **membership)
    client.force_login(user)
    client.user = user
    return client


@pytest.fixture
def reporter_client(client, university):
    return _client_for(client, role=Membership.Role.REPORTER, university=university)


@pytest.fixture
def approver_client(client, university):
    return _client_for(client, role=Membership.Role.APPROVER, university=university)


@pytest.fixture
def reviewer_client(client, authority):
    return _client_for(
        client, role=Membership.Role.REVIEWER, university=None, authority=authority
    )


@pytest.fixture
def ministry_client(client, db):
    return _client_for(client, role=Membership.Role.OFFICIAL, university=None)


@pytest.fixture
def expert_client(client, db):
    return _client_for(client, role=Membership.Role.EXPERT, university=None)


@pytest.fixture
def outsider_client(client, other_university):
    return _client_for(
        client, role=Membership.Role.REPORTER, university=other_university
    )
