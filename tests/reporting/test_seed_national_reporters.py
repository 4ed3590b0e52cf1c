"""`seed_national --reporters-password`: one reporter per university for `make
loadtest`, all signing in with the one password, hashed once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import call_command

from accounts.models import User
from institutions.models import Membership, University


@pytest.mark.postgres
def test_each_university_gets_a_reporter_who_signs_in_with_the_password(db, client):
    call_command(
        "seed_national",
        universities=3,
        periods=1,
        reporters_password="Load-test-2026",
        stdout=StringIO(),
    )

    reporters = User.objects.filter(username__startswith="national-reporter-")
    assert reporters.count() == University.objects.count() == 3
    assert len({user.password for user in reporters}) == 1  # one hash for all
    assert all(user.is_demo and not user.must_change_password for user in reporters)
    memberships = Membership.objects.filter(user__in=reporters)
    assert sorted(memberships.values_list("role", flat=True)) == ["reporter"] * 3
    code = memberships.select_related("university").first().university.code
    response = client.post(
        "/accounts/login/",
        {
            "username": f"national-reporter-{code}@example.com",
            "password": "Load-test-2026",
        },
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"]


@pytest.mark.postgres
def test_without_the_option_no_reporter_is_made(db):
    call_command("seed_national", universities=3, periods=1, stdout=StringIO())

    assert not User.objects.filter(username__startswith="national-reporter-").exists()
