"""Additions and removals of files are in the report's history with their revision."""

from __future__ import annotations

import re

import pytest

from reporting.services.evidence import evidence_remove
from tests.reporting.evidence_views_support import (
    CHINESE_PDF,
    attach,
    media_root,  # noqa: F401 (autouse)
)

pytestmark = pytest.mark.django_db


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _rows(body: str) -> list[list[str]]:
    rows = re.findall(r'<tr data-testid="history-row">(.*?)</tr>', body, re.S)
    return [
        [_text(cell) for cell in re.findall(r"<t[dh][^>]*>(.*?)</t[dh]>", row, re.S)]
        for row in rows
    ]


def test_the_history_lists_each_addition_and_removal_with_its_revision(
    reporter_client, report
):
    section = report.sections.get(action__code="A1")
    evidence = attach(report, reporter_client.user, section=section)
    added_in = evidence.revision
    evidence_remove(evidence=evidence, user=reporter_client.user)
    evidence.refresh_from_db()

    response = reporter_client.get(
        f"/reports/{report.pk}/history/", HTTP_ACCEPT_LANGUAGE="en"
    )

    rows = _rows(response.content.decode())
    files = [row for row in rows if CHINESE_PDF in " ".join(row)]
    assert len(files) == 2
    removed, added = files  # newest first
    assert "Evidence file removed" in removed[2]
    assert removed[3] == CHINESE_PDF and removed[4] == ""
    assert removed[5] == str(evidence.removed_revision)
    assert "Evidence file attached" in added[2]
    assert "A1" in added[2]
    assert added[3] == "" and added[4] == CHINESE_PDF
    assert added[5] == str(added_in)
    assert evidence.removed_revision == added_in + 1
