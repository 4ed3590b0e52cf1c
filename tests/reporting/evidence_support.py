"""Helpers for the evidence tests: the corpus, refusals, zips built in memory."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.files import File

from reporting.evidence import EvidenceRejected, evidence_inspect

ROOT = Path(__file__).resolve().parents[2]
CORPUS = ROOT / "tests" / "fixtures" / "evidence"
CHINESE_PDF = "\u78b3\u4e2d\u548c\u5b9e\u9a8c\u5ba4\u6279\u590d.pdf"
MIB = 1024 * 1024
PDF_BYTES = (CORPUS / "letter.docx").read_bytes()  # a real PDF under a wrong name


def inspect_corpus(filename: str, *, name: str | None = None):
    with (CORPUS / filename).open("rb") as handle:
        return evidence_inspect(File(handle), name=name or filename)


def refusal(data: bytes, name: str) -> EvidenceRejected:
    with pytest.raises(EvidenceRejected) as caught:
        evidence_inspect(io.BytesIO(data), name=name)
    return caught.value


def message(error: EvidenceRejected) -> str:
    return str(error.messages[0])


def zip_bytes(parts: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=method) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx_parts(**extra: bytes) -> dict[str, bytes]:
    return {"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w/>", **extra}
