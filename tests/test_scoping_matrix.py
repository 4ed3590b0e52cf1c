"""The scoping matrix: every URL the resolver knows, as three users, with the answer due.

Columns: the anonymous user, a user of another scope (a reporter of another university
under another authority) and an in-scope user (the reporter of the university the URL
is about). A URL added without a row here fails `test_every_url_has_a_row`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from institutions.models import Membership
from tests.factories import MembershipFactory, UserFactory

LOGIN = "login"  # a redirect to the portal's login page
ADMIN_LOGIN = "admin-login"  # a redirect to the admin's login page


@dataclass(frozen=True)
class Row:
    url: Callable[[dict], str]
    anonymous: int | str
    outsider: int | str
    insider: int | str
    method: str = "get"
    data: Callable[[dict], dict] | None = None


def _named(name: str, **kwargs: Callable[[dict], object]) -> Callable[[dict], str]:
    def build(ctx: dict) -> str:
        return reverse(name, kwargs={key: fn(ctx) for key, fn in kwargs.items()})

    return build


def _insider_notification(ctx: dict):
    from reporting.models import Notification

    return Notification.objects.create(
        user=ctx["insider_membership"].user, report=ctx["report"], kind="return"
    )


def _insider_evidence(ctx: dict):
    """A PDF attached to the in-scope report by its reporter."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reporting.services.evidence import evidence_attach

    return evidence_attach(
        report=ctx["report"],
        user=ctx["insider_membership"].user,
        uploaded_file=SimpleUploadedFile("a.pdf", b"%PDF-1.4\n%%EOF\n"),
        name="a.pdf",
        confirm_unclassified=True,
    )


MATRIX: dict[str, Row] = {
    "home": Row(_named("home"), LOGIN, 200, 200),
    "healthz": Row(_named("healthz"), 200, 200, 200),
    "set_language": Row(
        _named("set_language"),
        302,
        302,
        302,
        method="post",
        data=lambda ctx: {"language": "en", "next": "/plan/"},
    ),
    "accounts:login": Row(_named("accounts:login"), 200, 302, 302),
    "accounts:logout": Row(_named("accounts:logout"), 302, 302, 302, method="post"),
    "accounts:password-change": Row(
        _named("accounts:password-change"), LOGIN, 200, 200
    ),
    "accounts:password-reset": Row(_named("accounts:password-reset"), 200, 200, 200),
    "accounts:password-reset-done": Row(
        _named("accounts:password-reset-done"), 200, 200, 200
    ),
    "accounts:password-reset-confirm": Row(
        _named(
            "accounts:password-reset-confirm",
            uidb64=lambda ctx: "MQ",
            token=lambda ctx: "bad-token",
        ),
        200,
        200,
        200,
    ),
    "accounts:password-reset-complete": Row(
        _named("accounts:password-reset-complete"), 200, 200, 200
    ),
    # Switching to the in-scope user's membership: only its owner may.
    "accounts:switch-membership": Row(
        _named("accounts:switch-membership"),
        LOGIN,
        404,
        302,
        method="post",
        data=lambda ctx: {"membership": ctx["insider_membership"].pk},
    ),
    "initiatives:plan": Row(_named("initiatives:plan"), 200, 200, 200),
    "initiatives:indicator-detail": Row(
        _named("initiatives:indicator-detail", code=lambda ctx: ctx["indicator"].code),
        200,
        200,
        200,
    ),
    "institutions:university-list": Row(
        _named("institutions:university-list"), LOGIN, 200, 200
    ),
    "institutions:university-detail": Row(
        _named("institutions:university-detail", pk=lambda ctx: ctx["university"].pk),
        LOGIN,
        404,
        200,
    ),
    # Reporting periods are the ministry's pages: every other role gets 404.
    "reporting:period-list": Row(_named("reporting:period-list"), LOGIN, 404, 404),
    "reporting:period-create": Row(_named("reporting:period-create"), LOGIN, 404, 404),
    "reporting:period-detail": Row(
        _named("reporting:period-detail", pk=lambda ctx: ctx["period"].pk),
        LOGIN,
        404,
        404,
    ),
    "reporting:report-form": Row(
        _named("reporting:report-form", pk=lambda ctx: ctx["report"].pk),
        LOGIN,
        404,
        200,
    ),
    # Autosave speaks JSON: 401 instead of a login redirect; the insider passes the
    # scope check and is refused only for the form-encoded (not JSON) body.
    "reporting:section-autosave": Row(
        _named(
            "reporting:section-autosave",
            pk=lambda ctx: ctx["report"].pk,
            action_code=lambda ctx: "A1",
        ),
        401,
        404,
        400,
        method="post",
    ),
    "reporting:keepalive": Row(_named("reporting:keepalive"), 401, 204, 204, "post"),
    # A workflow step: the insider (a reporter) may mark the draft ready, but the
    # empty draft is refused as not ready: back to the report page with the reason.
    "reporting:report-transition": Row(
        _named(
            "reporting:report-transition",
            pk=lambda ctx: ctx["report"].pk,
            action=lambda ctx: "mark_ready",
        ),
        LOGIN,
        404,
        302,
        method="post",
    ),
    # Notifications are each user's own: anyone signed in has a list; opening one
    # (the insider's, made by the URL builder) is 404 for everyone else.
    "reporting:notification-list": Row(
        _named("reporting:notification-list"), LOGIN, 200, 200
    ),
    "reporting:notification-read-all": Row(
        _named("reporting:notification-read-all"), LOGIN, 302, 302, method="post"
    ),
    "reporting:notification-open": Row(
        _named(
            "reporting:notification-open",
            pk=lambda ctx: _insider_notification(ctx).pk,
        ),
        LOGIN,
        404,
        302,
    ),
    # The report list shows only the user's own scope; a report outside it is 404.
    "reporting:report-list": Row(_named("reporting:report-list"), LOGIN, 200, 200),
    "reporting:report-current": Row(
        _named("reporting:report-current"), LOGIN, 200, 200
    ),
    "reporting:report-detail": Row(
        _named("reporting:report-detail", pk=lambda ctx: ctx["report"].pk),
        LOGIN,
        404,
        200,
    ),
    "reporting:report-history": Row(
        _named("reporting:report-history", pk=lambda ctx: ctx["report"].pk),
        LOGIN,
        404,
        200,
    ),
    # Every role gets the queue page; a reporter's says why nothing waits for them.
    "reporting:report-queue": Row(_named("reporting:report-queue"), LOGIN, 200, 200),
    "reporting:report-print": Row(
        _named("reporting:report-print", pk=lambda ctx: ctx["report"].pk),
        LOGIN,
        404,
        200,
    ),
    # Evidence files. Uploads and removal without htmx come back to the page with
    # the outcome as a message: the insider's empty upload ("choose a file") and
    # the reporter's sign-off scan ("the approver attaches it") included.
    "reporting:evidence-upload": Row(
        _named("reporting:evidence-upload", pk=lambda ctx: ctx["report"].pk),
        LOGIN,
        404,
        302,
        method="post",
    ),
    "reporting:evidence-signoff-upload": Row(
        _named("reporting:evidence-signoff-upload", pk=lambda ctx: ctx["report"].pk),
        LOGIN,
        404,
        302,
        method="post",
    ),
    "reporting:evidence-download": Row(
        _named("reporting:evidence-download", pk=lambda ctx: _insider_evidence(ctx).pk),
        LOGIN,
        404,
        200,
    ),
    "reporting:evidence-preview": Row(
        _named("reporting:evidence-preview", pk=lambda ctx: _insider_evidence(ctx).pk),
        LOGIN,
        404,
        200,
    ),
    "reporting:evidence-remove": Row(
        _named("reporting:evidence-remove", pk=lambda ctx: _insider_evidence(ctx).pk),
        LOGIN,
        404,
        302,
        method="post",
    ),
}


def _walk(patterns, prefix: str = "", namespace: str = ""):
    for entry in patterns:
        if isinstance(entry, URLResolver):
            ns = entry.namespace or ""
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(entry.url_patterns, prefix + str(entry.pattern), full_ns)
        elif isinstance(entry, URLPattern) and entry.name:
            name = f"{namespace}:{entry.name}" if namespace else entry.name
            yield name, prefix + str(entry.pattern)


def resolver_names() -> dict[str, str]:
    return dict(_walk(get_resolver().url_patterns))


def test_every_url_has_a_row():
    names = resolver_names()
    missing = sorted(
        name for name in names if name not in MATRIX and not name.startswith("admin:")
    )
    assert not missing, f"URLs without a row in the scoping matrix: {missing}"
    unnamed = [
        str(entry.pattern)
        for entry in get_resolver().url_patterns
        if isinstance(entry, URLPattern) and not entry.name
    ]
    assert not unnamed, f"URLs without a name cannot be checked: {unnamed}"
    stale = sorted(set(MATRIX) - set(names))
    assert not stale, f"Rows for URLs that no longer exist: {stale}"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Files attached by the URL builders go to a directory of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def ctx(university, other_university):
    from tests.factories import IndicatorFactory, make_open_period_with_report

    insider = MembershipFactory(
        user=UserFactory(), role=Membership.Role.REPORTER, university=university
    )
    outsider = MembershipFactory(
        user=UserFactory(), role=Membership.Role.REPORTER, university=other_university
    )
    report = make_open_period_with_report(university)
    return {
        "period": report.period,
        "report": report,
        "university": university,
        "other_university": other_university,
        "indicator": IndicatorFactory(),
        "insider_membership": insider,
        "outsider_membership": outsider,
    }


def _client(client, who: str, ctx: dict):
    if who != "anonymous":
        client.force_login(ctx[f"{who}_membership"].user)
    return client


def _check(response, expected) -> None:
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    elif expected == ADMIN_LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("admin:login"))
    else:
        assert response.status_code == expected, response.content[:300]


@pytest.mark.parametrize("who", ["anonymous", "outsider", "insider"])
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_matrix(client, ctx, name, who):
    row = MATRIX[name]
    client = _client(client, who, ctx)
    url = row.url(ctx)
    data = row.data(ctx) if row.data else {}
    response = getattr(client, row.method)(url, data)
    _check(response, getattr(row, who))


# Logout answers GET by sending the visitor back to the admin index (then login).
ADMIN_OPEN = {"admin:login": 200, "admin:logout": 302}


def _admin_url(pattern: str) -> str:
    """Fill every converter with a dummy value: admin_view refuses before any lookup."""
    import re

    filled = re.sub(r"<(?:int:)?[a-z_]+>", "1", pattern)
    filled = re.sub(r"<path:[a-z_]+>", "1", filled)
    filled = re.sub(r"<str:[a-z_]+>", "x", filled)
    filled = filled.replace("^", "").replace("$", "")
    return "/" + filled


@pytest.mark.parametrize("who", ["anonymous", "insider"])
def test_admin_is_for_administrators_only(client, ctx, who):
    """Portal roles are not staff: every admin URL sends them to the admin login."""
    client = _client(client, who, ctx)
    admin_urls = {n: p for n, p in resolver_names().items() if n.startswith("admin:")}
    assert len(admin_urls) > 20
    for name, pattern in admin_urls.items():
        response = client.get(_admin_url(pattern))
        if name in ADMIN_OPEN:
            assert response.status_code == ADMIN_OPEN[name], name
        else:
            _check(response, ADMIN_LOGIN)
