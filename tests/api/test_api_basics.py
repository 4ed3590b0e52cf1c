"""The API's contract: token auth (hashed, expiring, revocable, read-only), one
error shape, query counts independent of data size, a schema without warnings."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from accounts.models import ApiToken
from institutions.models import Membership
from tests.factories import MembershipFactory, UniversityFactory, UserFactory

ERROR_KEYS = {"code", "message", "fields"}


@pytest.fixture
def reporter(university):
    return MembershipFactory(
        user=UserFactory(), role=Membership.Role.REPORTER, university=university
    )


def _token(membership, *, read_only=True, days=30):
    return ApiToken.issue(
        user=membership.user,
        membership=membership,
        name="script",
        read_only=read_only,
        days=days,
    )


def test_token_is_stored_hashed_and_authenticates(client, reporter):
    token, key = _token(reporter)
    stored = ApiToken.objects.get(pk=token.pk)
    assert key not in (stored.digest, stored.token_key)
    response = client.get("/api/v1/universities/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 200
    assert [u["code"] for u in response.json()["results"]] == [reporter.university.code]


def test_expired_and_revoked_tokens_get_401(client, reporter):
    expired, expired_key = _token(reporter)
    ApiToken.objects.filter(pk=expired.pk).update(
        expiry=timezone.now() - timedelta(seconds=1)
    )
    revoked, revoked_key = _token(reporter)
    client.force_login(reporter.user)
    assert client.delete(f"/api/v1/tokens/{revoked.token_key}/").status_code == 204
    client.logout()
    for key in (expired_key, revoked_key, "not-a-token"):
        response = client.get("/api/v1/reports/", HTTP_AUTHORIZATION=f"Token {key}")
        assert response.status_code == 401
        assert response.json()["error"]["code"] == "authentication_failed"


def test_token_of_a_deactivated_membership_gets_401(client, reporter):
    _token_row, key = _token(reporter)
    Membership.objects.filter(pk=reporter.pk).update(is_active=False)
    response = client.get("/api/v1/reports/", HTTP_AUTHORIZATION=f"Token {key}")
    assert response.status_code == 401


def test_read_only_token_refused_on_writes_read_write_token_cannot_mint(
    client, reporter
):
    body = {"name": "x", "membership": reporter.pk, "expiry_days": 1}
    _ro, ro_key = _token(reporter, read_only=True)
    _rw, rw_key = _token(reporter, read_only=False)
    response = client.post(
        "/api/v1/tokens/", body, HTTP_AUTHORIZATION=f"Token {ro_key}"
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "read_only_token"
    response = client.post(
        "/api/v1/tokens/", body, HTTP_AUTHORIZATION=f"Token {rw_key}"
    )
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "session_required"
    assert ApiToken.objects.count() == 2


def test_token_created_from_session_acts_in_chosen_membership(client, university):
    """A user with two roles: the token acts in the one chosen, not the first."""
    user = UserFactory()
    MembershipFactory(user=user, role=Membership.Role.REPORTER, university=university)
    other = MembershipFactory(
        user=user, role=Membership.Role.REPORTER, university=UniversityFactory()
    )
    client.force_login(user)
    response = client.post(
        "/api/v1/tokens/",
        {"name": "etl", "membership": other.pk, "read_only": True, "expiry_days": 7},
        content_type="application/json",
    )
    assert response.status_code == 201
    key = response.json()["key"]
    listed = client.get("/api/v1/tokens/").json()["results"]
    assert [t["name"] for t in listed] == ["etl"] and "key" not in listed[0]
    client.logout()
    response = client.get("/api/v1/universities/", HTTP_AUTHORIZATION=f"Token {key}")
    assert [u["code"] for u in response.json()["results"]] == [other.university.code]


@pytest.mark.parametrize(
    ("method", "url", "status", "code"),
    [
        ("get", "/api/v1/reports/", 401, "not_authenticated"),
        ("get", "/api/v1/reports/999999/", 404, "not_found"),
        ("get", "/api/v1/reports/abc/", 404, "not_found"),
        ("delete", "/api/v1/reports/", 405, "method_not_allowed"),
        ("get", "/api/v1/values/?cursor=garbage", 404, "not_found"),
        ("get", "/api/v1/reports/?page=99", 404, "not_found"),
        ("get", "/api/v1/reports/?state=nonsense", 400, "invalid"),
        ("post", "/api/v1/tokens/", 400, "invalid"),
        ("post", "/api/v1/tokens/", 403, "read_only_token"),
    ],
)
def test_every_error_has_one_shape(client, reporter, method, url, status, code):
    headers = {}
    if status == 403:
        _t, key = _token(reporter)
        headers["HTTP_AUTHORIZATION"] = f"Token {key}"
    elif status != 401:
        client.force_login(reporter.user)
    if method == "post":
        headers["content_type"] = "application/json"
    response = getattr(client, method)(url, {}, **headers)
    assert response.status_code == status
    error = response.json()["error"]
    assert set(error) == ERROR_KEYS and error["code"] == code and error["message"]
    if status == 400 and url.endswith("tokens/"):
        fields = {row["field"] for row in error["fields"]}
        assert {"name", "membership"} <= fields
        assert all(set(row) == {"field", "code", "message"} for row in error["fields"])


def test_errors_speak_the_callers_language(client, reporter):
    client.force_login(reporter.user)
    zh = client.get("/api/v1/reports/999999/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    en = client.get("/api/v1/reports/999999/", HTTP_ACCEPT_LANGUAGE="en")
    assert en.json()["error"]["message"] != zh.json()["error"]["message"]


def _values(report, indicators):
    from reporting.models import Value

    section = report.sections.order_by("pk").first()
    for indicator in indicators:
        Value.objects.create(
            report=report,
            section=section,
            indicator=indicator,
            raw="1",
            number=1,
            status=Value.Status.ENTERED,
        )


@pytest.mark.parametrize(
    "url",
    [
        "/api/v1/reports/?period=",
        "/api/v1/values/",
        "/api/v1/sections/",
        "/api/v1/universities/",
        "/api/v1/indicators/",
        "/api/v1/transitions/",
    ],
)
def test_list_query_counts_do_not_grow_with_data(
    client, db, django_assert_num_queries, url
):
    from tests.factories import IndicatorFactory, make_open_period_with_report

    ministry = MembershipFactory(
        user=UserFactory(), role=Membership.Role.OFFICIAL, university=None
    )
    client.force_login(ministry.user)

    def grow():
        report = make_open_period_with_report(UniversityFactory())
        report.state = report.State.PASSED
        report.save()
        _values(report, [IndicatorFactory() for _ in range(3)])

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    grow()
    client.get(url)  # warm caches (content types, sessions)
    with CaptureQueriesContext(connection) as small:
        assert client.get(url).status_code == 200
    for _ in range(3):
        grow()
    with django_assert_num_queries(len(small.captured_queries)):
        assert client.get(url).status_code == 200


def test_values_list_never_counts(client, reporter):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(reporter.user)
    with CaptureQueriesContext(connection) as queries:
        assert client.get("/api/v1/values/").status_code == 200
    assert not [q for q in queries if "COUNT(" in q["sql"].upper()]


def test_schema_generates_without_warnings(db, tmp_path):
    call_command(
        "spectacular",
        "--validate",
        "--fail-on-warn",
        "--file",
        str(tmp_path / "schema.yml"),
    )
    assert "/api/v1/values/" in (tmp_path / "schema.yml").read_text()


def test_docs_load_from_the_portal_not_a_cdn(client):
    html = client.get("/api/docs/").content.decode()
    assert "cdn" not in html.lower() and "/static/drf_spectacular_sidecar/" in html
