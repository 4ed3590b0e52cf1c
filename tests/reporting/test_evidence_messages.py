"""Refused files are explained in the user's language: Chinese by default."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from reporting.evidence import EvidenceRejected, evidence_inspect


def test_an_executable_is_refused_in_chinese():
    program = SimpleUploadedFile("program.pdf", b"MZ" + b"\0" * 200)

    with pytest.raises(EvidenceRejected) as refused:
        evidence_inspect(program, name="program.pdf")

    assert refused.value.code == "type_not_allowed"
    assert "program.pdf" in refused.value.messages[0]
    assert "程序不能作为附件上传" in refused.value.messages[0]


def test_an_empty_file_is_refused_in_chinese():
    with pytest.raises(EvidenceRejected) as refused:
        evidence_inspect(SimpleUploadedFile("blank.pdf", b""), name="blank.pdf")

    assert refused.value.messages[0] == "“blank.pdf”是空文件。"
