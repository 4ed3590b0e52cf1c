"""Writing many values of one report in one request, as a data team's script does:
through the form's save and checks, all or nothing, under the sections' versions."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import ApiToken
from initiatives.rules import level_catalogue
from institutions.models import Membership
from reporting.models import Report, ReportSection, Value
from reporting.validation import applicable_indicators
from tests.factories import MembershipFactory, UniversityFactory, UserFactory
from tests.reporting.engine_data import accepted_last_year, open_report


@pytest.fixture
def report(university):
    return open_report(university)


@pytest.fixture
def reporter(university):
    return MembershipFactory(
        user=UserFactory(), role=Membership.Role.REPORTER, university=university
    )


def _auth(membership, *, read_only=False) -> dict:
    _token, key = ApiToken.issue(
        user=membership.user,
        membership=membership,
        name="etl",
        read_only=read_only,
        days=1,
    )
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def _post(client, report, body, auth, query="", **headers):
    return client.post(
        f"/api/v1/reports/{report.pk}/values/{query}",
        body,
        content_type="application/json",
        **auth,
        **headers,
    )


def _integers(report, count):
    return list(
        applicable_indicators(report.university)
        .filter(value_type="integer")
        .select_related("action")[:count]
    )


def _versions(report) -> dict:
    return dict(report.sections.values_list("action__code", "version"))


def _stored(report) -> dict:
    return dict(
        Value.objects.filter(report=report).values_list("indicator__code", "raw")
    )


def test_bulk_write_saves_as_the_form_saves(client, report, reporter):
    first, second = _integers(report, 2)
    action = first.action.code
    body = {
        "versions": {action: 0},
        "values": [
            {"indicator": first.code, "raw": "1,234"},
            {"indicator": second.code, "status": "na"},
        ],
        "sections": [{"action": action, "narrative_done": "Courses as planned."}],
    }
    response = _post(client, report, body, _auth(reporter))
    assert response.status_code == 200, response.content
    report.refresh_from_db()
    assert response.json() == {
        "dry_run": False,
        "changed": True,
        "versions": {action: 1},
        "warnings": [],
        "checks": {
            "error_count": report.error_count,
            "warning_count": 0,
            "unexplained_warning_count": 0,
            "completeness": report.completeness,
        },
    }
    value = Value.objects.get(report=report, indicator=first)
    assert (value.raw, value.number, value.status) == ("1,234", 1234, "entered")
    assert value.updated_by == reporter.user and value.revision == report.revision == 1
    assert Value.objects.get(indicator=second).status == Value.Status.NOT_APPLICABLE
    section = report.sections.get(action__code=action)
    assert section.narrative_done == "Courses as planned."
    assert section.history.first().history_user == reporter.user
    assert value.history.first().history_user == reporter.user


def test_a_bad_row_leaves_nothing_written_and_is_named(client, report, reporter):
    good, bad = _integers(report, 2)
    body = {
        "versions": {good.action.code: 0},
        "values": [
            {"indicator": good.code, "raw": "12"},
            {"indicator": bad.code, "raw": "twelve"},
            {"indicator": "NO-SUCH", "raw": "1"},
            {"indicator": good.code, "raw": "13"},
        ],
    }
    response = _post(client, report, body, _auth(reporter), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid"
    rows = {row["field"]: row for row in error["fields"]}
    assert set(rows) == {"values.1.raw", "values.2.indicator", "values.3.indicator"}
    assert bad.code in rows["values.1.raw"]["message"]
    assert rows["values.2.indicator"]["code"] == "unknown"
    assert rows["values.3.indicator"]["code"] == "duplicate"
    assert _stored(report) == {}
    assert set(_versions(report).values()) == {0}
    assert Report.objects.get(pk=report.pk).revision == 0


def test_errors_in_the_callers_language(client, report, reporter):
    (indicator,) = _integers(report, 1)
    body = {
        "versions": {"A1": 0},
        "values": [{"indicator": indicator.code, "raw": "x"}],
    }
    auth = _auth(reporter)
    en = _post(client, report, body, auth, HTTP_ACCEPT_LANGUAGE="en").json()
    zh = _post(client, report, body, auth, HTTP_ACCEPT_LANGUAGE="zh-hans").json()
    assert en["error"]["fields"][0]["code"] == zh["error"]["fields"][0]["code"]
    assert en["error"]["fields"][0]["message"] != zh["error"]["fields"][0]["message"]


def test_dry_run_answers_as_if_saved_and_writes_nothing(client, report, reporter):
    (indicator,) = _integers(report, 1)
    body = {
        "versions": {indicator.action.code: 0},
        "values": [{"indicator": indicator.code, "raw": "7"}],
    }
    response = _post(client, report, body, _auth(reporter), query="?dry_run=1")
    assert response.status_code == 200
    data = response.json()
    assert data["dry_run"] is True and data["changed"] is True
    assert data["versions"] == {indicator.action.code: 1}
    assert _stored(report) == {}
    assert set(_versions(report).values()) == {0}
    assert Report.objects.get(pk=report.pk).revision == 0


def test_warnings_are_returned_with_whether_they_are_explained(
    client, report, reporter
):
    first, second = _integers(report, 2)
    accepted_last_year(report, {first.code: "100", second.code: "100"})
    body = {
        "versions": {first.action.code: 0},
        "values": [
            {"indicator": first.code, "raw": "5000"},
            {
                "indicator": second.code,
                "raw": "5000",
                "explanation": "A new campus opened this year.",
            },
        ],
    }
    response = _post(client, report, body, _auth(reporter))
    assert response.status_code == 200
    warnings = response.json()["warnings"]
    assert [(w["row"], w["indicator"], w["explained"]) for w in warnings] == [
        (0, first.code, False),
        (1, second.code, True),
    ]
    assert all(w["message"] and w["code"] for w in warnings)
    # Saved as the form saves them: the unexplained one blocks submission only.
    assert _stored(report) == {first.code: "5000", second.code: "5000"}
    assert response.json()["checks"]["unexplained_warning_count"] == 1
    assert Report.objects.get(pk=report.pk).unexplained_warning_count == 1


def test_read_only_token_gets_403(client, report, reporter):
    (indicator,) = _integers(report, 1)
    body = {
        "versions": {"A1": 0},
        "values": [{"indicator": indicator.code, "raw": "1"}],
    }
    response = _post(client, report, body, _auth(reporter, read_only=True))
    assert response.status_code == 403
    assert response.json()["error"]["code"] == "read_only_token"
    assert _stored(report) == {}


def test_other_university_gets_404(client, report):
    outsider = MembershipFactory(
        user=UserFactory(),
        role=Membership.Role.REPORTER,
        university=UniversityFactory(),
    )
    response = _post(client, report, {"values": []}, _auth(outsider))
    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"


def test_locked_report_gets_403_with_the_lock_reason(client, report, reporter):
    Report.objects.filter(pk=report.pk).update(state=Report.State.SUBMITTED)
    report.refresh_from_db()
    (indicator,) = _integers(report, 1)
    body = {
        "versions": {"A1": 0},
        "values": [{"indicator": indicator.code, "raw": "1"}],
    }
    response = _post(client, report, body, _auth(reporter))
    assert response.status_code == 403
    assert response.json()["error"] == {
        "code": "locked",
        "message": report.lock_reason(reporter),
        "fields": [],
    }
    assert _stored(report) == {}


def test_stale_version_gets_409_and_keeps_nothing(client, report, reporter):
    a1 = _integers(report, 1)[0]
    a2 = applicable_indicators(report.university).filter(action__code="A2").first()
    auth = _auth(reporter)
    first = {"versions": {"A1": 0}, "values": [{"indicator": a1.code, "raw": "1"}]}
    assert _post(client, report, first, auth).status_code == 200
    stale = {
        "values": [
            {"indicator": a1.code, "raw": "2"},
            {"indicator": a2.code, "raw": "3"},
        ]
    }
    response = _post(client, report, stale, auth, HTTP_IF_MATCH='"A1:0", "A2:0"')
    assert response.status_code == 409
    data = response.json()
    assert data["versions"] == {"A1": 1, "A2": 0}
    assert data["error"]["code"] == "conflict"
    assert [row["field"] for row in data["error"]["fields"]] == ["versions.A1"]
    # The section that was current is not half-written either.
    assert _stored(report) == {a1.code: "1"}
    assert _versions(report)["A2"] == 0
    assert not report.sections.get(action__code="A1").pending_inputs.exists()


def test_version_is_required_for_each_changed_section(client, report, reporter):
    (indicator,) = _integers(report, 1)
    body = {"values": [{"indicator": indicator.code, "raw": "1"}]}
    response = _post(client, report, body, _auth(reporter))
    assert response.status_code == 400
    fields = response.json()["error"]["fields"]
    assert [(f["field"], f["code"]) for f in fields] == [
        (f"versions.{indicator.action.code}", "required")
    ]
    response = _post(client, report, body, _auth(reporter), HTTP_IF_MATCH='"A1:0"')
    assert response.status_code == 200


@pytest.mark.parametrize("count", [20, 80])
def test_bulk_write_query_count_does_not_grow_with_values(
    client, report, reporter, count, monkeypatch, request
):
    # Django splits SQLite inserts at 999 parameters, far below SQLite's own limit
    # (32766 since 3.32): lifted, so that the count is the write's, not the batch's.
    if connection.vendor == "sqlite":
        monkeypatch.setattr(connection.features, "max_query_params", 32766)
    indicators = _integers(report, count)
    assert len(indicators) == count
    auth = _auth(reporter)
    body = {
        "versions": _versions(report),
        "values": [{"indicator": i.code, "raw": "12"} for i in indicators],
    }
    warm = UniversityFactory()
    _post(client, open_report(warm, year=2025), {"values": []}, auth)
    level_catalogue(report.university.level)  # as every request but a process's first
    with CaptureQueriesContext(connection) as queries:
        assert _post(client, report, body, auth).status_code == 200
    assert len(_stored(report)) == count
    assert len(queries) == BULK_WRITE_QUERIES, _listed(queries)
    # The same values changed again, with a section's narrative: the same count.
    again = {
        "versions": _versions(report),
        "values": [{"indicator": i.code, "raw": "13"} for i in indicators],
        "sections": [{"action": indicators[0].action.code, "narrative_done": "Done."}],
    }
    with CaptureQueriesContext(connection) as queries:
        assert _post(client, report, again, auth).status_code == 200
    assert set(_stored(report).values()) == {"13"}
    assert len(queries) == BULK_WRITE_QUERIES, _listed(queries)
    # The upsert's history records are those of the rows it changed, as changes.
    changed = Value.history.filter(report_id=report.pk, history_type="~")
    assert sorted(changed.values_list("id", "raw")) == sorted(
        Value.objects.filter(report=report).values_list("id", "raw")
    )
    # A dry run reads and writes nothing; nor does a refusal of a stale version.
    dry = {**again, "versions": _versions(report)}
    with CaptureQueriesContext(connection) as queries:
        response = _post(client, report, dry, auth, query="?dry_run=1")
    assert response.status_code == 200 and response.json()["dry_run"] is True
    assert len(queries) == BULK_DRY_RUN_QUERIES, _listed(queries)
    with CaptureQueriesContext(connection) as queries:
        assert _post(client, report, again, auth).status_code == 409
    assert len(queries) == BULK_DRY_RUN_QUERIES, _listed(queries)


def _listed(queries) -> list[str]:
    return [query["sql"][:80] for query in queries]


# The whole request, the same at 20 and 80 values, new or stored, and whatever the
# number of sections, on SQLite and PostgreSQL:
#  1. the token, with its user and membership (authentication)
#  2. SAVEPOINT (BEGIN outside a test): the one transaction
#  3. the report's sections, joined with the report, its period and university,
#     both locked (FOR UPDATE), with whether the user keeps a refused input there
#  4. the indicators of the sections written (the others' counters stand, once
#     counted; the catalogue is the process's copy), each joined with its stored
#     value, and last year's accepted number (a subquery)
#  5. the values, new and stored, in one upsert (INSERT … ON CONFLICT DO UPDATE)
#  6. their history records, in one insert
#  7. the sections' versions, revision, texts and counters, in one UPDATE
#  8. their history records, in one insert
#  9. the report's revision and counters (the sums of its sections'), in one UPDATE
# 10. RELEASE SAVEPOINT (COMMIT)
BULK_WRITE_QUERIES = 10
# 1-4 and 10: a dry run, or a refusal for a stale version, writes nothing.
BULK_DRY_RUN_QUERIES = 5


def test_section_patch_with_version_and_etag(client, report, reporter):
    section = report.sections.select_related("action").get(action__code="A1")
    auth = _auth(reporter)
    url = f"/api/v1/sections/{section.pk}/"
    got = client.get(url, **auth)
    assert got["ETag"] == '"0"'
    body = {"is_zero_report": True, "zero_note": "The programme starts next year."}
    response = client.patch(
        url, body, content_type="application/json", HTTP_IF_MATCH='"0"', **auth
    )
    assert response.status_code == 200, response.content
    assert response.json()["version"] == 1 and response["ETag"] == '"1"'
    assert response.json()["is_zero_report"] is True
    stale = client.patch(
        url, {"version": 0, "zero_note": "x"}, content_type="application/json", **auth
    )
    assert stale.status_code == 409
    assert stale.json()["versions"] == {"A1": 1}
    assert ReportSection.objects.get(pk=section.pk).zero_note == body["zero_note"]
    dry = client.patch(
        f"{url}?dry_run=1",
        {"narrative_done": "Done."},
        content_type="application/json",
        HTTP_IF_MATCH='"A1:1"',
        **auth,
    )
    assert dry.status_code == 200 and dry.json()["narrative_done"] == "Done."
    assert ReportSection.objects.get(pk=section.pk).narrative_done == ""


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_writes_at_the_same_version_one_200_one_409(report, reporter, monkeypatch):
    """Two scripts send the same section at the same version at the same moment, on
    PostgreSQL with real row locks: each save waits a moment after reading the
    section, so that the other arrives while the first holds it."""
    import threading
    import time

    from django.db import connections
    from django.test import Client

    from reporting.services import sections as sections_service

    check = sections_service._check_may_edit

    def check_then_wait(report, user):
        check(report, user)
        time.sleep(0.3)

    monkeypatch.setattr(sections_service, "_check_may_edit", check_then_wait)
    (indicator,) = _integers(report, 1)
    auths = [_auth(reporter), _auth(reporter)]
    barrier = threading.Barrier(2)
    answers: list = [None, None]

    def write(index: int) -> None:
        try:
            barrier.wait(timeout=10)
            body = {
                "versions": {indicator.action.code: 0},
                "values": [{"indicator": indicator.code, "raw": str(index + 10)}],
            }
            answers[index] = _post(Client(), report, body, auths[index])
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert sorted(answer.status_code for answer in answers) == [200, 409]
    winner = next(i for i, answer in enumerate(answers) if answer.status_code == 200)
    loser = answers[1 - winner].json()
    assert loser["versions"] == {indicator.action.code: 1}
    assert _stored(report) == {indicator.code: str(winner + 10)}
    assert Report.objects.get(pk=report.pk).revision == 1


def test_a_form_body_is_refused_with_415_and_writes_nothing(client, report, reporter):
    # A form reads "0" and a missing nested field its own way: the API takes JSON only.
    (indicator,) = _integers(report, 1)
    before = _stored(report)
    response = client.post(
        f"/api/v1/reports/{report.pk}/values/",
        {"values.0.indicator": indicator.code, "values.0.raw": "7"},
        **_auth(reporter),
    )
    assert response.status_code == 415
    assert response.json()["error"]["code"] == "unsupported_media_type"
    assert _stored(report) == before
    schema = client.get("/api/schema/?format=json").json()
    operation = schema["paths"]["/api/v1/reports/{id}/values/"]["post"]
    assert set(operation["requestBody"]["content"]) == {"application/json"}
    assert "415" in operation["responses"]
