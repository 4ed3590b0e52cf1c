"""Narratives, reviewers' field comments and evidence metadata in the API: what the
report page shows, to whom it shows it, with the page's own download link."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.models import ApiToken
from institutions.models import Membership
from reporting.models import Report, Transition
from reporting.services.evidence import evidence_attach, evidence_remove
from reporting.services.review import field_comments_create
from tests.factories import (
    MembershipFactory,
    UniversityFactory,
    UserFactory,
    make_open_period_with_report,
)
from tests.scoping_support import submit_and_return


@pytest.fixture
def reporter(university):
    return MembershipFactory(
        user=UserFactory(), role=Membership.Role.REPORTER, university=university
    )


@pytest.fixture
def reviewer(university):
    return MembershipFactory(
        user=UserFactory(),
        role=Membership.Role.REVIEWER,
        university=None,
        authority=university.authority,
    )


@pytest.fixture
def report(university):
    return make_open_period_with_report(university)


def _returned_with_comment(report, reviewer) -> Transition:
    submit_and_return(report, reviewer.user)
    step = report.transitions.get(action=Transition.Action.RETURN)
    section = report.sections.select_related("action").order_by("pk").first()
    field_comments_create(
        transition=step,
        items=[
            {
                "section": section.action.code,
                "field": "narrative_done",
                "text": "请补充",
            }
        ],
    )
    return step


def test_field_comments_as_the_page_shows_them(client, report, reporter, reviewer):
    step = _returned_with_comment(report, reviewer)
    comment = report.field_comments.get()
    client.force_login(reporter.user)
    data = client.get("/api/v1/field-comments/").json()
    assert data["results"] == [
        {
            "id": comment.pk,
            "report": report.pk,
            "transition": step.pk,
            "step": "return",
            "actor_role": "reviewer",
            "at": data["results"][0]["at"],
            "section": comment.section_id,
            "action": comment.section.action.code,
            "indicator": None,
            "field": "narrative_done",
            "text": "请补充",
        }
    ]
    page = client.get(f"/reports/{report.pk}/").content.decode()
    assert "请补充" in page


def test_field_comments_scope(client, report, reviewer, other_university):
    _returned_with_comment(report, reviewer)
    outsider = MembershipFactory(user=UserFactory(), university=other_university)
    client.force_login(outsider.user)
    assert client.get("/api/v1/field-comments/").json()["results"] == []
    # The reviewer who returned the draft still reads it, and their comments.
    client.force_login(reviewer.user)
    assert len(client.get("/api/v1/field-comments/").json()["results"]) == 1
    # Another authority's reviewer of the same draft (content hidden) reads none.
    other = MembershipFactory(
        user=UserFactory(),
        role=Membership.Role.REVIEWER,
        university=None,
        authority=other_university.authority,
    )
    client.force_login(other.user)
    assert client.get("/api/v1/field-comments/").json()["results"] == []


def _attach(report, user, name="证明.pdf", content=b"%PDF-1.4\n%%EOF\n"):
    return evidence_attach(
        report=report,
        user=user,
        uploaded_file=SimpleUploadedFile(name, content),
        name=name,
        confirm_unclassified=True,
    )


def test_evidence_metadata_links_to_the_scoped_download(client, report, reporter):
    kept = _attach(report, reporter.user)
    removed = _attach(report, reporter.user, "old.pdf", b"%PDF-1.4\n%old\n%%EOF\n")
    evidence_remove(evidence=removed, user=reporter.user)
    client.force_login(reporter.user)
    data = client.get("/api/v1/evidence/").json()
    url = f"http://testserver/api/v1/evidence/{kept.pk}/download/"
    assert data["results"] == [
        {
            "id": kept.pk,
            "report": report.pk,
            "section": None,
            "action": None,
            "value": None,
            "indicator": None,
            "kind": "evidence",
            "name": "证明.pdf",
            "content_type": "application/pdf",
            "size": 15,
            "sha256": kept.sha256,
            "uploaded_at": data["results"][0]["uploaded_at"],
            "revision": kept.revision,
            "signed_revision": None,
            "signed_checksum": "",
            "download_url": url,
        }
    ]
    download = client.get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4\n%%EOF\n"


def _token(membership) -> dict:
    _token, key = ApiToken.issue(
        user=membership.user, membership=membership, name="t", read_only=True, days=1
    )
    return {"HTTP_AUTHORIZATION": f"Token {key}"}


def test_a_script_downloads_evidence_with_a_read_token(
    client, report, reporter, reviewer, other_university
):
    """The metadata's link, followed with the token that listed it: the file, as
    the page serves it; who may not read it gets the API's error, never the file."""
    evidence = _attach(report, reporter.user)
    auth = _token(reporter)
    (listed,) = client.get("/api/v1/evidence/", **auth).json()["results"]
    download = client.get(listed["download_url"], **auth)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == b"%PDF-1.4\n%%EOF\n"
    assert download["Content-Type"] == "application/pdf"
    assert download["Content-Disposition"] == (
        f'attachment; filename="evidence-{evidence.pk}.pdf"; '
        "filename*=UTF-8''%E8%AF%81%E6%98%8E.pdf"
    )
    assert download["Cache-Control"] == "private, no-store"
    # The authority's reviewer, while the report is a draft: 403 with the reason.
    hidden = client.get(listed["download_url"], **_token(reviewer))
    assert hidden.status_code == 403
    assert hidden.json()["error"] == {
        "code": "permission_denied",
        "message": report.content_hidden_reason(reviewer),
        "fields": [],
    }
    # Another university's reporter: it does not exist.
    outsider = MembershipFactory(user=UserFactory(), university=other_university)
    missing = client.get(listed["download_url"], **_token(outsider))
    assert missing.status_code == 404
    assert missing.json()["error"]["code"] == "not_found"
    assert client.get("/api/v1/evidence/x1/download/", **auth).status_code == 404


def test_evidence_of_a_draft_is_hidden_from_its_authority(client, report, reviewer):
    _attach(report, MembershipFactory(university=report.university).user)
    client.force_login(reviewer.user)
    assert client.get("/api/v1/evidence/").json()["results"] == []
    Report.objects.filter(pk=report.pk).update(state=Report.State.SUBMITTED)
    assert len(client.get("/api/v1/evidence/").json()["results"]) == 1


def test_narratives_are_flat_and_filter_by_codes(client, report, reporter):
    section = report.sections.select_related("action").order_by("pk").first()
    section.narrative_done = "建成光伏"
    section.save()
    client.force_login(reporter.user)
    url = (
        f"/api/v1/narratives/?period={report.period.year}"
        f"&university={report.university.code}&action={section.action.code}"
    )
    data = client.get(url).json()
    assert data["results"] == [
        {
            "section": section.pk,
            "report": report.pk,
            "university": report.university.code,
            "period": report.period.year,
            "action": section.action.code,
            "is_zero_report": False,
            "zero_note": "",
            "narrative_done": "建成光伏",
            "narrative_obstacles": "",
            "narrative_next": "",
            "revision": section.revision,
            "updated_at": data["results"][0]["updated_at"],
        }
    ]
    assert client.get(url + "&period=1999").json()["results"] == []


@pytest.mark.parametrize(
    "url", ["/api/v1/narratives/", "/api/v1/field-comments/", "/api/v1/evidence/"]
)
def test_query_counts_do_not_grow_with_data(client, db, django_assert_num_queries, url):
    official = MembershipFactory(
        user=UserFactory(), role=Membership.Role.OFFICIAL, university=None
    )
    client.force_login(official.user)

    def grow():
        university = UniversityFactory()
        report = make_open_period_with_report(university)
        reporter = MembershipFactory(user=UserFactory(), university=university)
        _attach(report, reporter.user)
        reviewer = MembershipFactory(
            user=UserFactory(),
            role=Membership.Role.REVIEWER,
            university=None,
            authority=university.authority,
        )
        _returned_with_comment(report, reviewer)
        Report.objects.filter(pk=report.pk).update(state=Report.State.PASSED)

    grow()
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        response = client.get(url)
        assert response.status_code == 200 and response.json()["results"]
    for _ in range(3):
        grow()
    with django_assert_num_queries(len(small.captured_queries)):
        assert len(client.get(url).json()["results"]) > 1
