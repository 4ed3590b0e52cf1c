"""The ministry reports' page and API: an official starts a run and downloads its
file, the same form sent twice makes one run, an authority's reviewer sees and
starts only its own, the announcement leads to the page, and the list reads a
fixed number of queries whatever the number of runs."""

from __future__ import annotations

import hashlib

import pytest
from django.db import connection
from django.template.defaultfilters import filesizeformat
from django.test.utils import CaptureQueriesContext

from institutions.models import Membership
from reporting.models import Notification, ReportRun
from reporting.services import runs as services
from tests.factories import AuthorityFactory, PeriodFactory
from tests.reporting.figures_support import accept, country

pytestmark = pytest.mark.django_db

URL = "/reports/runs/"


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def accepted():
    reports, casts = country(2)
    for report in reports:
        accept(report, casts[report.pk])
    return reports[0].period, casts[reports[0].pk]


def _start(client, period, kind="progress", slot="00112233445566778899aabb"):
    return client.post(
        "/reports/runs/new/", {"kind": kind, "period": period.pk, "slot": slot}
    )


def test_an_official_starts_a_run_and_downloads_its_file(
    client, accepted, django_capture_on_commit_callbacks
):
    period, cast = accepted
    client.force_login(cast.official)
    page = client.get(URL)
    assert page.status_code == 200
    assert b'data-testid="report-run-form"' in page.content
    assert b'data-testid="no-report-runs"' in page.content
    with django_capture_on_commit_callbacks(execute=True):
        response = _start(client, period)
    assert response.status_code == 302 and response["Location"] == URL
    run = ReportRun.objects.get()
    assert (run.kind, run.period, run.authority, run.requested_by) == (
        "progress",
        period,
        None,
        cast.official,
    )
    assert run.state == ReportRun.State.DONE  # eager Celery, as in `make run`

    page = client.get(URL).content.decode()
    stored = run.files.get()
    link = f"/reports/runs/{run.pk}/xlsx/"
    assert link in page and f"XLSX ({filesizeformat(stored.size)})" in page
    download = client.get(link)
    body = b"".join(download.streaming_content)
    assert download.status_code == 200
    assert hashlib.sha256(body).hexdigest() == stored.sha256
    assert download["Content-Type"].startswith("application/vnd.openxmlformats")
    assert f"progress-{period.year}-nation-" in download["Content-Disposition"]
    assert client.get(f"/reports/runs/{run.pk}/pdf/").status_code == 404


def test_the_same_form_sent_twice_makes_one_run(client, accepted):
    period, cast = accepted
    client.force_login(cast.official)
    _start(client, period)
    _start(client, period)
    assert ReportRun.objects.count() == 1
    _start(client, period, slot="ffeeddccbbaa99887766")  # the page drawn again
    assert ReportRun.objects.count() == 2


def test_a_reviewer_sees_and_starts_only_its_own_authoritys_runs(client, accepted):
    period, cast = accepted
    authority = cast.university.authority
    services.report_run_request(
        kind="progress", period=period, scope=None, slot="s1", user=cast.official
    )
    elsewhere = ReportRun.objects.create(
        kind="authority",
        period=period,
        authority=AuthorityFactory(),
        slot="s1",
        schedule="weekly",
    )
    client.force_login(cast.reviewer)
    assert _start(client, period).status_code == 302  # kind progress refused
    assert not ReportRun.objects.filter(requested_by=cast.reviewer).exists()
    _start(client, period, kind="authority")
    own = ReportRun.objects.get(requested_by=cast.reviewer)
    assert own.authority == authority
    page = client.get(URL).content.decode()
    assert f'data-testid="report-run-{own.pk}"' in page
    assert f'data-testid="report-run-{elsewhere.pk}"' not in page
    assert page.count('data-testid="report-run-') == 1 + 4  # + form, start, table
    assert client.get(f"/reports/runs/{elsewhere.pk}/xlsx/").status_code == 404


def test_the_announcement_leads_to_the_page(client, accepted):
    period, cast = accepted
    run = services.report_run_request(
        kind="progress", period=period, scope=None, slot="s1", user=cast.official
    )
    services.report_run_execute(run_id=run.pk)
    client.force_login(cast.official)
    listed = client.get("/reports/notifications/").content.decode()
    assert f"{period.year}" in listed and 'data-testid="notification-text"' in listed
    notification = Notification.objects.get(user=cast.official, report_run=run)
    opened = client.get(f"/reports/notifications/{notification.pk}/open/")
    assert opened["Location"] == URL


def _runs(period, n: int) -> None:
    for i in range(ReportRun.objects.count(), ReportRun.objects.count() + n):
        run = ReportRun.objects.create(
            kind="weekly_status", period=period, slot=f"w{i}", schedule="weekly"
        )
        assert services.report_run_execute(run_id=run.pk) == "done"


def test_the_list_reads_the_same_queries_for_2_and_6_runs(ministry_client):
    period = PeriodFactory(current=True)
    counts = []
    for n in (2, 4):
        _runs(period, n)
        with CaptureQueriesContext(connection) as queries:
            assert ministry_client.get(URL).status_code == 200
        counts.append(len(queries))
    assert ReportRun.objects.count() == 6
    assert counts[0] == counts[1]


def test_the_api_lists_the_runs_with_their_files(client, accepted):
    period, cast = accepted
    run = services.report_run_request(
        kind="progress", period=period, scope=None, slot="s1", user=cast.official
    )
    services.report_run_execute(run_id=run.pk)
    run.refresh_from_db()
    stored = run.files.get()
    client.force_login(cast.official)
    payload = client.get("/api/v1/report-runs/?kind=progress").json()
    file_url = f"http://testserver/api/v1/report-runs/{run.pk}/files/xlsx/"
    assert payload["results"] == [
        {
            "id": run.pk,
            "kind": "progress",
            "period": period.year,
            "authority": None,
            "slot": "s1",
            "schedule": "",
            "requested_by": cast.official.username,
            "state": "done",
            "queued_at": payload["results"][0]["queued_at"],
            "started_at": payload["results"][0]["started_at"],
            "finished_at": payload["results"][0]["finished_at"],
            "error": "",
            "files": [
                {
                    "format": "xlsx",
                    "size": stored.size,
                    "sha256": stored.sha256,
                    "created_at": payload["results"][0]["files"][0]["created_at"],
                    "download_url": file_url,
                }
            ],
        }
    ]
    assert client.get("/api/v1/report-runs/?kind=weekly_status").json()["results"] == []
    body = b"".join(client.get(file_url).streaming_content)
    assert hashlib.sha256(body).hexdigest() == stored.sha256
    # a format the portal does not make: the API's 404, in its JSON shape
    unknown = client.get(f"/api/v1/report-runs/{run.pk}/files/xlsx%25%3A~/")
    assert unknown.status_code == 404
    assert unknown["Content-Type"].startswith("application/json")
    assert unknown.json()["error"]["code"] == "not_found"
    for url in ("/api/v1/report-runs/2.5e-308/files/xlsx/", "/api/v1/report-runs/2.5/"):
        answer = client.get(url)
        assert answer.status_code == 404, url
        assert answer.json()["error"]["code"] == "not_found", url
    bad = client.get("/api/v1/report-runs/?state=nope")
    assert bad.status_code == 400
    assert [f["field"] for f in bad.json()["error"]["fields"]] == ["state"]
    client.force_login(cast.reporter)
    assert client.get("/api/v1/report-runs/").json()["results"] == []
    assert client.get(file_url).status_code == 404
    assert Membership.objects.filter(user=cast.reporter).exists()
