"""Reports, people and files for the evidence service, view and sign-off tests.

Files come from the corpus in tests/fixtures/evidence/ (E1's checks test the corpus
itself); `pdf()` makes a small distinct PDF when a test needs several.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from institutions.models import Membership
from reporting.models import EvidenceFile, Report
from reporting.services.evidence import evidence_attach
from tests.factories import MembershipFactory, UserFactory

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "evidence"
CHINESE_PDF = "\u78b3\u4e2d\u548c\u5b9e\u9a8c\u5ba4\u6279\u590d.pdf"  # the approval


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Stored files go to a directory of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def media_path() -> Path:
    from django.conf import settings

    return Path(settings.MEDIA_ROOT)


def corpus(name: str) -> bytes:
    return (CORPUS / name).read_bytes()


def pdf(tag: str = "") -> bytes:
    """A small valid one-page PDF; different tags give different checksums."""
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
        b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n"
        b"trailer<</Root 1 0 R>>\n%" + tag.encode() + b"\n%%EOF\n"
    )


def upload(name: str, data: bytes | None = None) -> SimpleUploadedFile:
    if data is None:
        data = corpus(name)
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")


def member(university, role: str = Membership.Role.REPORTER, **user):
    person = UserFactory(**user)
    MembershipFactory(user=person, role=role, university=university)
    return person


def attach(report: Report, user, name: str = CHINESE_PDF, data=None, **place):
    """Attach through the service, confirmed, as a user would."""
    return evidence_attach(
        report=report,
        user=user,
        uploaded_file=upload(name, data),
        name=name,
        confirm_unclassified=True,
        **place,
    )


def revision(report: Report) -> int:
    return Report.objects.values_list("revision", flat=True).get(pk=report.pk)


def stored(evidence: EvidenceFile) -> bytes:
    with evidence.file.open("rb") as handle:
        return handle.read()
