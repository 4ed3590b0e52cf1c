"""The scoping matrix: every URL the resolver knows, as six users, with the answer due.

Columns: the anonymous user, a user of another scope (a reporter of another university
under another authority), an in-scope user (the reporter of the university the URL
is about), the reviewer of that university's authority while the report is a draft
(it exists for them, its content is hidden: 403), and the same reviewer once the
report is submitted, and once they returned it (a draft again, which they still read,
read-only: the `submitted` answer unless the row says otherwise). A URL added without
a row here fails `test_every_url_has_a_row`.
"""

from __future__ import annotations

import pytest
from django.urls import URLPattern, get_resolver

from institutions.models import Membership
from tests.factories import MembershipFactory, UserFactory
from tests.scoping_api import API_MATRIX, METHODS
from tests.scoping_support import (
    ADMIN_LOGIN,
    LOGIN,
    Row,
    admin_url,
    authority_run,
    check,
    insider_evidence,
    insider_notification,
    insider_token_key,
    named,
    resolver_names,
    submit,
    submit_and_return,
)

MATRIX: dict[str, Row] = {
    "home": Row(named("home"), LOGIN, 200, 200, 200, 200),
    "healthz": Row(named("healthz"), 200, 200, 200, 200, 200),
    "set_language": Row(
        named("set_language"),
        302,
        302,
        302,
        302,
        302,
        method="post",
        data=lambda ctx: {"language": "en", "next": "/plan/"},
    ),
    "accounts:login": Row(named("accounts:login"), 200, 302, 302, 302, 302),
    "accounts:logout": Row(
        named("accounts:logout"), 302, 302, 302, 302, 302, method="post"
    ),
    "accounts:password-change": Row(
        named("accounts:password-change"), LOGIN, 200, 200, 200, 200
    ),
    "accounts:password-reset": Row(
        named("accounts:password-reset"), 200, 200, 200, 200, 200
    ),
    "accounts:password-reset-done": Row(
        named("accounts:password-reset-done"), 200, 200, 200, 200, 200
    ),
    "accounts:password-reset-confirm": Row(
        named(
            "accounts:password-reset-confirm",
            uidb64=lambda ctx: "MQ",
            token=lambda ctx: "bad-token",
        ),
        200,
        200,
        200,
        200,
        200,
    ),
    "accounts:password-reset-complete": Row(
        named("accounts:password-reset-complete"), 200, 200, 200, 200, 200
    ),
    # Each user's own tokens; the insider's token is only theirs to revoke.
    "accounts:tokens": Row(named("accounts:tokens"), LOGIN, 200, 200, 200, 200),
    "accounts:token-revoke": Row(
        named("accounts:token-revoke", token_key=insider_token_key),
        LOGIN,
        404,
        302,
        404,
        404,
        method="post",
    ),
    # Switching to the in-scope user's membership: only its owner may.
    "accounts:switch-membership": Row(
        named("accounts:switch-membership"),
        LOGIN,
        404,
        302,
        404,
        404,
        method="post",
        data=lambda ctx: {"membership": ctx["insider_membership"].pk},
    ),
    "initiatives:plan": Row(named("initiatives:plan"), 200, 200, 200, 200, 200),
    "initiatives:indicator-detail": Row(
        named("initiatives:indicator-detail", code=lambda ctx: ctx["indicator"].code),
        200,
        200,
        200,
        200,
        200,
    ),
    # National targets: everyone signed in reads them (officials alone set them,
    # tests/initiatives/test_targets.py); a university's: those who see it.
    "initiatives:target-list": Row(
        named("initiatives:target-list"), LOGIN, 200, 200, 200, 200
    ),
    "initiatives:target-indicator": Row(
        named("initiatives:target-indicator", code=lambda ctx: ctx["indicator"].code),
        LOGIN,
        200,
        200,
        200,
        200,
    ),
    "initiatives:university-targets": Row(
        named("initiatives:university-targets", pk=lambda ctx: ctx["university"].pk),
        LOGIN,
        404,
        200,
        200,
        200,
    ),
    # Its form: the insider (its reporter) saves; the reviewer reads it, and a
    # change is theirs to refuse (403, not 404: they see the university).
    "initiatives:university-target-indicator": Row(
        named(
            "initiatives:university-target-indicator",
            pk=lambda ctx: ctx["university"].pk,
            code=lambda ctx: ctx["indicator"].code,
        ),
        LOGIN,
        404,
        302,
        403,
        403,
        method="post",
        data=lambda ctx: {"value-H1": "12"},
    ),
    "institutions:university-list": Row(
        named("institutions:university-list"), LOGIN, 200, 200, 200, 200
    ),
    "institutions:university-detail": Row(
        named("institutions:university-detail", pk=lambda ctx: ctx["university"].pk),
        LOGIN,
        404,
        200,
        200,
        200,
    ),
    # Dashboards: the nation and a province are the ministry's; an authority's is
    # its reviewers' too; a university's is whoever sees the university. Each
    # table's downloads answer as their page (test_dashboard_downloads_...).
    "dashboards:nation": Row(named("dashboards:nation"), LOGIN, 404, 404, 404, 404),
    "dashboards:province": Row(
        named("dashboards:province", code=lambda ctx: ctx["university"].province.code),
        LOGIN,
        404,
        404,
        404,
        404,
    ),
    "dashboards:authority": Row(
        named(
            "dashboards:authority", code=lambda ctx: ctx["university"].authority.code
        ),
        LOGIN,
        404,
        404,
        200,
        200,
    ),
    "dashboards:university": Row(
        named("dashboards:university", pk=lambda ctx: ctx["university"].pk),
        LOGIN,
        404,
        200,
        200,
        200,
    ),
    # Reporting periods are the ministry's pages: every other role gets 404.
    "reporting:period-list": Row(
        named("reporting:period-list"), LOGIN, 404, 404, 404, 404
    ),
    "reporting:period-create": Row(
        named("reporting:period-create"), LOGIN, 404, 404, 404, 404
    ),
    "reporting:period-detail": Row(
        named("reporting:period-detail", pk=lambda ctx: ctx["period"].pk),
        LOGIN,
        404,
        404,
        404,
        404,
    ),
    # The ministry's reports: an authority's reviewers see and start their own,
    # a university's people none (404).
    "reporting:report-run-list": Row(
        named("reporting:report-run-list"), LOGIN, 404, 404, 200, 200
    ),
    "reporting:report-run-new": Row(
        named("reporting:report-run-new"),
        LOGIN,
        404,
        404,
        302,
        302,
        method="post",
        data=lambda ctx: {
            "kind": "authority",
            "period": ctx["period"].pk,
            "slot": "0123456789abcdef",
        },
    ),
    "reporting:report-run-download": Row(
        named(
            "reporting:report-run-download",
            pk=lambda ctx: authority_run(ctx).pk,
            fmt=lambda ctx: "xlsx",
        ),
        LOGIN,
        404,
        404,
        200,
        200,
    ),
    "reporting:report-form": Row(
        named("reporting:report-form", pk=lambda ctx: ctx["report"].pk),
        LOGIN,
        404,
        200,
        403,
        200,
    ),
    # Autosave speaks JSON: 401 instead of a login redirect; the insider passes the
    # scope check and is refused only for the form-encoded (not JSON) body; the
    # reviewer, who never edits, gets 403 before and after submission.
    "reporting:section-autosave": Row(
        named(
            "reporting:section-autosave",
            pk=lambda ctx: ctx["report"].pk,
            action_code=lambda ctx: "A1",
        ),
        401,
        404,
        400,
        403,
        403,
        method="post",
    ),
    "reporting:keepalive": Row(
        named("reporting:keepalive"), 401, 204, 204, 204, 204, method="post"
    ),
    # A workflow step: the insider (a reporter) may mark the draft ready, but the
    # empty draft is refused as not ready: back to the report page with the reason.
    # The reviewer may not read the draft (403); once it is submitted, marking it
    # ready is not their step: back to the report page with the reason.
    "reporting:report-transition": Row(
        named(
            "reporting:report-transition",
            pk=lambda ctx: ctx["report"].pk,
            action=lambda ctx: "mark_ready",
        ),
        LOGIN,
        404,
        302,
        403,
        302,
        method="post",
    ),
    # Notifications are each user's own: anyone signed in has a list; opening one
    # (the insider's, made by the URL builder) is 404 for everyone else.
    "reporting:notification-list": Row(
        named("reporting:notification-list"), LOGIN, 200, 200, 200, 200
    ),
    "reporting:notification-read-all": Row(
        named("reporting:notification-read-all"),
        LOGIN,
        302,
        302,
        302,
        302,
        method="post",
    ),
    "reporting:notification-open": Row(
        named(
            "reporting:notification-open",
            pk=lambda ctx: insider_notification(ctx).pk,
        ),
        LOGIN,
        404,
        302,
        404,
        404,
    ),
    # The report list shows only the user's own scope; a report outside it is 404.
    "reporting:report-list": Row(
        named("reporting:report-list"), LOGIN, 200, 200, 200, 200
    ),
    "reporting:report-current": Row(
        named("reporting:report-current"), LOGIN, 200, 200, 200, 200
    ),
    "reporting:report-detail": Row(
        named("reporting:report-detail", pk=lambda ctx: ctx["report"].pk),
        LOGIN,
        404,
        200,
        403,
        200,
    ),
    "reporting:report-history": Row(
        named("reporting:report-history", pk=lambda ctx: ctx["report"].pk),
        LOGIN,
        404,
        200,
        403,
        200,
    ),
    # Dashboards: every role sees its own scope (the figures of the universities it
    # sees: tests/reporting/test_dashboard_*.py check what each one holds); the
    # downloads are the pages' tables.
    "reporting:dashboard-completeness": Row(
        named("reporting:dashboard-completeness"), LOGIN, 200, 200, 200, 200
    ),
    "reporting:dashboard-completeness-download": Row(
        named(
            "reporting:dashboard-completeness-download",
            table=lambda ctx: "authority",
            fmt=lambda ctx: "csv",
        ),
        LOGIN,
        200,
        200,
        200,
        200,
    ),
    "reporting:dashboard-map": Row(
        named("reporting:dashboard-map"), LOGIN, 200, 200, 200, 200
    ),
    "reporting:dashboard-map-download": Row(
        named("reporting:dashboard-map-download", fmt=lambda ctx: "xlsx"),
        LOGIN,
        200,
        200,
        200,
        200,
    ),
    # The boundary map file (configured for every row, `_boundary_map`): to whoever
    # sees the China view, never to the anonymous user.
    "reporting:dashboard-map-file": Row(
        named("reporting:dashboard-map-file"), LOGIN, 200, 200, 200, 200
    ),
    # Every role gets the queue page; a reporter's says why nothing waits for them.
    "reporting:report-queue": Row(
        named("reporting:report-queue"), LOGIN, 200, 200, 200, 200
    ),
    "reporting:report-print": Row(
        named("reporting:report-print", pk=lambda ctx: ctx["report"].pk),
        LOGIN,
        404,
        200,
        403,
        200,
    ),
    # Evidence files. Uploads and removal without htmx come back to the page with
    # the outcome as a message: the insider's empty upload ("choose a file") and
    # the reporter's sign-off scan ("the approver attaches it") included. The
    # reviewer gets 403 on the draft's files, and once it is submitted reads them and
    # is sent back with the reason when trying to change them.
    "reporting:evidence-upload": Row(
        named("reporting:evidence-upload", pk=lambda ctx: ctx["report"].pk),
        LOGIN,
        404,
        302,
        403,
        302,
        method="post",
    ),
    "reporting:evidence-signoff-upload": Row(
        named("reporting:evidence-signoff-upload", pk=lambda ctx: ctx["report"].pk),
        LOGIN,
        404,
        302,
        403,
        302,
        method="post",
    ),
    "reporting:evidence-download": Row(
        named("reporting:evidence-download", pk=lambda ctx: insider_evidence(ctx).pk),
        LOGIN,
        404,
        200,
        403,
        200,
    ),
    "reporting:evidence-preview": Row(
        named("reporting:evidence-preview", pk=lambda ctx: insider_evidence(ctx).pk),
        LOGIN,
        404,
        200,
        403,
        200,
    ),
    "reporting:evidence-remove": Row(
        named("reporting:evidence-remove", pk=lambda ctx: insider_evidence(ctx).pk),
        LOGIN,
        404,
        302,
        403,
        302,
        method="post",
    ),
}


def test_every_url_has_a_row():
    names = resolver_names()
    rows = MATRIX.keys() | API_MATRIX.keys()
    missing = sorted(
        name for name in names if name not in rows and not name.startswith("admin:")
    )
    assert not missing, f"URLs without a row in the scoping matrix: {missing}"
    unnamed = [
        str(entry.pattern)
        for entry in get_resolver().url_patterns
        if isinstance(entry, URLPattern) and not entry.name
    ]
    assert not unnamed, f"URLs without a name cannot be checked: {unnamed}"
    stale = sorted(rows - set(names))
    assert not stale, f"Rows for URLs that no longer exist: {stale}"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    """Files attached by the URL builders go to a directory of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _boundary_map(settings, tmp_path):
    """A boundary map configured with its approval number, so that its file's row
    is answered by the scope, not by a missing setting."""
    from tests.reporting.map_support import configure_boundary_map

    configure_boundary_map(settings, tmp_path)


@pytest.fixture
def ctx(university, other_university):
    from tests.factories import IndicatorFactory, make_open_period_with_report

    insider = MembershipFactory(
        user=UserFactory(), role=Membership.Role.REPORTER, university=university
    )
    outsider = MembershipFactory(
        user=UserFactory(), role=Membership.Role.REPORTER, university=other_university
    )
    reviewer = MembershipFactory(
        user=UserFactory(),
        role=Membership.Role.REVIEWER,
        university=None,
        authority=university.authority,
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
        "reviewer_membership": reviewer,
        "submitted_membership": reviewer,
        "returned_membership": reviewer,
    }


def _client(client, who: str, ctx: dict):
    if who != "anonymous":
        client.force_login(ctx[f"{who}_membership"].user)
    return client


@pytest.mark.parametrize(
    "who", ["anonymous", "outsider", "insider", "reviewer", "submitted", "returned"]
)
@pytest.mark.parametrize("name", sorted(MATRIX))
def test_matrix(client, ctx, name, who):
    row = MATRIX[name]
    client = _client(client, who, ctx)
    url = row.url(ctx)
    data = row.data(ctx) if row.data else {}
    if who == "submitted":
        submit(ctx["report"])
    if who == "returned":
        submit_and_return(ctx["report"], ctx["reviewer_membership"].user)
    response = getattr(client, row.method)(url, data)
    check(response, row.returned_answer if who == "returned" else getattr(row, who))


DASHBOARDS = sorted(name for name in MATRIX if name.startswith("dashboards:"))


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("who", ["anonymous", "outsider", "insider", "reviewer"])
@pytest.mark.parametrize("name", DASHBOARDS)
def test_dashboard_downloads_follow_their_page(client, ctx, name, who, fmt):
    """A dashboard table's CSV and XLSX answer as the dashboard page does."""
    row = MATRIX[name]
    client = _client(client, who, ctx)
    response = client.get(row.url(ctx), {"table": "overview", "format": fmt})
    expected = getattr(row, who)
    check(response, expected)
    if expected == 200:
        assert response["Content-Disposition"].endswith(f'.{fmt}"')


@pytest.mark.parametrize(
    "who", ["anonymous", "outsider", "insider", "reviewer", "submitted", "returned"]
)
@pytest.mark.parametrize("name", sorted(API_MATRIX))
def test_api_matrix(client, ctx, name, who):
    """Every API route and method as each user, signed in through the session; for
    reads, a read-only token acting in the same membership gets the same answer.
    (The methods share one test: each is one request on the same data.)"""
    from accounts.models import ApiToken

    row = API_MATRIX[name]
    client = _client(client, who, ctx)
    if who == "submitted":
        submit(ctx["report"])
    if who == "returned":
        submit_and_return(ctx["report"], ctx["reviewer_membership"].user)
    for method in METHODS:
        url = row.url(ctx)
        data = row.data(ctx) if row.data and method in row.writes else {}
        response = getattr(client, method)(url, data, content_type="application/json")
        expected = row.answer(method, who)
        assert response.status_code == expected, (method, response.content[:300])
        if expected >= 400 and not row.public:
            assert set(response.json()["error"]) == {"code", "message", "fields"}
    if who != "anonymous" and row.get and not row.public:
        membership = ctx[f"{who}_membership"]
        _token, key = ApiToken.issue(
            user=membership.user,
            membership=membership,
            name="t",
            read_only=True,
            days=1,
        )
        client.logout()
        response = client.get(row.url(ctx), HTTP_AUTHORIZATION=f"Token {key}")
        assert response.status_code == row.answer("get", who), response.content[:300]


# Logout answers GET by sending the visitor back to the admin index (then login).
ADMIN_OPEN = {"admin:login": 200, "admin:logout": 302}


@pytest.mark.parametrize("who", ["anonymous", "insider"])
def test_admin_is_for_administrators_only(client, ctx, who):
    """Portal roles are not staff: every admin URL sends them to the admin login."""
    client = _client(client, who, ctx)
    admin_urls = {n: p for n, p in resolver_names().items() if n.startswith("admin:")}
    assert len(admin_urls) > 20
    # The reports' read-only records (reporting/admin.py) are walked too.
    for model in ("report", "reportingperiod", "transition", "evidencefile"):
        for view in ("changelist", "change", "add", "delete", "history"):
            assert f"admin:reporting_{model}_{view}" in admin_urls
    assert "admin:reporting_notification_changelist" in admin_urls
    for name, pattern in admin_urls.items():
        response = client.get(admin_url(pattern))
        if name in ADMIN_OPEN:
            assert response.status_code == ADMIN_OPEN[name], name
        else:
            check(response, ADMIN_LOGIN)
