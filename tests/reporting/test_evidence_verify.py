"""The evidence_verify command: stored files against their recorded checksums."""

from __future__ import annotations

import hashlib
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from reporting.evidence import PDF, evidence_verify
from reporting.models import EvidenceFile
from tests.factories import UserFactory, make_open_period_with_report
from tests.reporting.evidence_support import PDF_BYTES

IN_MEMORY = {"BACKEND": "django.core.files.storage.InMemoryStorage"}


@pytest.fixture
def media(tmp_path):
    with override_settings(MEDIA_ROOT=tmp_path):
        yield tmp_path


@pytest.fixture
def report(university):
    return make_open_period_with_report(university, sections=False)


def attach(report, data: bytes, name: str = "a.pdf") -> EvidenceFile:
    evidence = EvidenceFile(
        report=report,
        name=name,
        content_type=PDF,
        size=len(data),
        sha256=hashlib.sha256(data).hexdigest(),
        uploaded_by=UserFactory(),
        confirmed_unclassified=True,
        revision=report.revision,
    )
    evidence.file.save(evidence.sha256, ContentFile(data), save=False)
    evidence.save()
    return evidence


def run() -> tuple[str, CommandError | None]:
    out = StringIO()
    try:
        call_command("evidence_verify", stdout=out)
    except CommandError as error:
        return out.getvalue(), error
    return out.getvalue(), None


def test_intact_files_pass(media, report):
    attach(report, PDF_BYTES)
    attach(report, PDF_BYTES + b"%second", name="b.pdf")

    out, error = run()

    assert error is None
    assert out == "Checked 2 evidence files: 0 missing, 0 altered.\n"


def test_a_file_altered_on_disk_and_a_missing_one_are_listed(media, report):
    intact = attach(report, PDF_BYTES, name="intact.pdf")
    altered = attach(report, PDF_BYTES + b"%altered", name="altered.pdf")
    missing = attach(report, PDF_BYTES + b"%missing", name="missing.pdf")
    path = Path(media, altered.file.name)
    data = bytearray(path.read_bytes())
    data[-1] ^= 1  # the same size, one bit changed
    path.write_bytes(bytes(data))
    Path(media, missing.file.name).unlink()

    out, error = run()

    assert error is not None and error.returncode == 1
    assert str(error) == "Checked 3 evidence files: 1 missing, 1 altered."
    lines = out.splitlines()
    assert len(lines) == 2
    assert lines[0].startswith(
        f"ALTERED evidence #{altered.pk} (report {report.pk}) {altered.file.name} "
        f'"altered.pdf": {altered.size} bytes, SHA-256 '
    )
    assert lines[1] == (
        f"MISSING evidence #{missing.pk} (report {report.pk}) {missing.file.name} "
        '"missing.pdf": not in storage'
    )
    assert f"#{intact.pk} " not in out


def test_removed_files_are_checked_too(media, report):
    removed = attach(report, PDF_BYTES)
    EvidenceFile.objects.filter(pk=removed.pk).update(
        removed_at=timezone.now(), removed_by=removed.uploaded_by, removed_revision=1
    )
    Path(media, removed.file.name).write_bytes(b"%PDF-1.4 replaced")

    result = evidence_verify()

    assert [(p.evidence.pk, p.kind) for p in result.problems] == [
        (removed.pk, "altered")
    ]


@override_settings(STORAGES={**settings.STORAGES, "default": IN_MEMORY})
def test_files_are_read_through_the_storage_api(report):
    evidence = attach(report, PDF_BYTES)
    default_storage.delete(evidence.file.name)
    default_storage.save(evidence.file.name, ContentFile(b"%PDF-1.4 other"))

    result = evidence_verify()

    assert (result.checked, [p.kind for p in result.problems]) == (1, ["altered"])
