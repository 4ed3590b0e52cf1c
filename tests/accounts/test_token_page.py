"""The account's token page: the user's own tokens listed, one made (its key shown
once), one revoked; an administrator revokes any in the admin."""

from __future__ import annotations

import pytest

from accounts.models import ApiToken
from institutions.models import Membership
from tests.factories import MembershipFactory, UniversityFactory, UserFactory

pytestmark = pytest.mark.django_db

PAGE = "/accounts/tokens/"


@pytest.fixture
def reporter(university):
    return MembershipFactory(
        user=UserFactory(), role=Membership.Role.REPORTER, university=university
    )


def _issue(membership, name="nightly", read_only=True) -> tuple[ApiToken, str]:
    return ApiToken.issue(
        user=membership.user,
        membership=membership,
        name=name,
        read_only=read_only,
        days=30,
    )


def test_the_page_lists_only_the_users_own_tokens_in_both_languages(
    client, reporter, other_university
):
    _issue(reporter, "nightly", read_only=True)
    _issue(reporter, "loader", read_only=False)
    stranger = MembershipFactory(
        role=Membership.Role.REPORTER, university=other_university
    )
    _issue(stranger, "someone-elses")
    client.force_login(reporter.user)

    zh = client.get(PAGE, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    en = client.get(PAGE, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert zh.count('data-testid="token-row"') == 2
    assert "nightly" in zh and "loader" in zh and "someone-elses" not in zh
    assert str(reporter) in en
    assert "Read-only" in en and "Read and write" in en
    assert "只读" in zh and "API 令牌" in zh
    assert 'data-testid="token-key"' not in zh


def test_a_token_made_on_the_page_shows_its_key_once_and_works(client, university):
    user = UserFactory()
    MembershipFactory(user=user, role=Membership.Role.REPORTER, university=university)
    other = MembershipFactory(
        user=user, role=Membership.Role.REPORTER, university=UniversityFactory()
    )
    client.force_login(user)

    response = client.post(
        PAGE,
        {"name": "etl", "membership": other.pk, "read_only": "on", "expiry_days": 7},
        HTTP_ACCEPT_LANGUAGE="en",
    )

    assert response.status_code == 200
    key = response.context["key"]
    html = response.content.decode()
    assert key in html and "not shown again" in html
    token = ApiToken.objects.get(user=user)
    assert (token.name, token.membership, token.read_only) == ("etl", other, True)
    assert key not in client.get(PAGE).content.decode()
    client.logout()
    api = client.get("/api/v1/universities/", HTTP_AUTHORIZATION=f"Token {key}")
    assert [u["code"] for u in api.json()["results"]] == [other.university.code]


def test_a_token_cannot_act_in_someone_elses_membership(client, reporter):
    stranger = MembershipFactory(role=Membership.Role.REPORTER)
    client.force_login(reporter.user)

    response = client.post(
        PAGE, {"name": "x", "membership": stranger.pk, "expiry_days": 7}
    )

    assert response.status_code == 400
    assert response.context["form"].errors["membership"]
    assert not ApiToken.objects.exists()


def test_revoking_a_token_ends_it_and_only_its_owner_may(client, reporter):
    token, key = _issue(reporter)
    revoke = f"/accounts/tokens/{token.token_key}/revoke/"

    client.force_login(UserFactory())
    assert client.post(revoke).status_code == 404
    client.force_login(reporter.user)
    response = client.post(revoke)

    assert response.status_code == 302 and response.url == PAGE
    assert not ApiToken.objects.exists()
    client.logout()
    api = client.get("/api/v1/reports/", HTTP_AUTHORIZATION=f"Token {key}")
    assert api.status_code == 401


def test_an_administrator_revokes_any_token_in_the_admin(admin_client, reporter):
    token, _key = _issue(reporter)

    response = admin_client.post(
        f"/admin/accounts/apitoken/{token.pk}/delete/", {"post": "yes"}
    )

    assert response.status_code == 302
    assert not ApiToken.objects.exists()


def test_the_page_is_linked_from_the_user_menu(client, reporter):
    client.force_login(reporter.user)

    html = client.get("/plan/").content.decode()

    assert f'href="{PAGE}" data-testid="nav-tokens"' in html
