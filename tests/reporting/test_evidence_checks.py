"""Evidence checks: the corpus the issue names, the size cap, file names."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.core.files import File
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.utils import translation

from reporting.evidence import (
    DOCX,
    JPEG,
    OFD,
    PDF,
    PNG,
    PPTX,
    XLSX,
    EvidenceRejected,
    evidence_inspect,
    safe_filename,
)
from tests.reporting.evidence_support import (
    CHINESE_PDF,
    CORPUS,
    MIB,
    PDF_BYTES,
    docx_parts,
    inspect_corpus,
    message,
    refusal,
    zip_bytes,
)

# --- the corpus the issue names -----------------------------------------------------


@pytest.fixture(autouse=True)
def _english():
    """These tests read the English messages; test_evidence_messages checks Chinese."""
    with translation.override("en"):
        yield


@pytest.mark.parametrize(
    ("filename", "content_type"),
    [
        (CHINESE_PDF, PDF),
        ("photo.png", PNG),
        ("photo.jpg", JPEG),
        ("courses.docx", DOCX),
        ("figures.xlsx", XLSX),
        ("slides.pptx", PPTX),
        ("notice.ofd", OFD),
    ],
)
def test_allowed_files_are_accepted_with_their_name_and_checksum(
    filename, content_type
):
    data = (CORPUS / filename).read_bytes()

    found = inspect_corpus(filename)

    assert found.name == filename
    assert found.content_type == content_type
    assert found.size == len(data)
    assert found.sha256 == hashlib.sha256(data).hexdigest()
    assert found.extension == filename.rsplit(".", 1)[1]


def test_renamed_executable_is_refused_as_a_program():
    with pytest.raises(EvidenceRejected) as caught:
        inspect_corpus("program.pdf")

    assert caught.value.code == "type_not_allowed"
    assert message(caught.value) == (
        '"program.pdf" is a program, not a document; programs cannot be attached.'
    )


def test_pdf_named_docx_is_refused_naming_the_real_type():
    with pytest.raises(EvidenceRejected) as caught:
        inspect_corpus("letter.docx")

    assert caught.value.code == "type_mismatch"
    assert message(caught.value) == (
        '"letter.docx" is really in PDF format, but its name ends in .docx; rename it '
        "to .pdf and upload it again."
    )


def test_etc_passwd_loses_its_path_and_is_refused_for_its_content():
    with pytest.raises(EvidenceRejected) as caught:
        inspect_corpus("passwd", name="../../etc/passwd")

    assert caught.value.code == "type_not_allowed"
    assert message(caught.value).startswith('"passwd" is not a PDF, OFD, JPEG, PNG')


def test_allowed_content_without_extension_gets_the_real_one():
    assert evidence_inspect(io.BytesIO(PDF_BYTES), name="../../etc/passwd").name == (
        "passwd.pdf"
    )
    # An unrelated extension stays part of the name; the real one ends it.
    assert evidence_inspect(io.BytesIO(PDF_BYTES), name="scan.exe").name == (
        "scan.exe.pdf"
    )
    assert evidence_inspect(io.BytesIO(PDF_BYTES), name="notice 2024.3").name == (
        "notice 2024.3.pdf"
    )


def test_extension_case_and_jpeg_spellings_are_kept():
    assert evidence_inspect(io.BytesIO(PDF_BYTES), name="SCAN.PDF").name == "SCAN.PDF"
    jpeg = (CORPUS / "photo.jpg").read_bytes()
    found = evidence_inspect(io.BytesIO(jpeg), name="site.jpeg")
    assert (found.name, found.extension) == ("site.jpeg", "jpeg")


def test_png_named_jpg_and_docx_named_xlsx_are_mismatches():
    png_error = refusal((CORPUS / "photo.png").read_bytes(), "site.jpg")
    docx_error = refusal((CORPUS / "courses.docx").read_bytes(), "figures.xlsx")

    assert (png_error.code, docx_error.code) == ("type_mismatch", "type_mismatch")
    assert "really in PNG format" in message(png_error)
    assert "rename it to .docx" in message(docx_error)


@pytest.mark.parametrize(
    "data",
    [
        b"just some text",
        b"junk before %PDF-1.4 makes a polyglot, not a PDF",
        b"\x7fELF\x02\x01\x01" + bytes(64),
        zip_bytes({"readme.txt": b"a plain zip"}),
        zip_bytes(docx_parts(**{"xl/workbook.xml": b"<x/>"})),  # two kinds at once
        zip_bytes({"word/document.xml": b"<w/>"}),  # no [Content_Types].xml
    ],
    ids=["text", "polyglot", "elf", "plain-zip", "ambiguous-zip", "no-content-types"],
)
def test_content_of_no_allowed_type_is_refused_whatever_the_name(data):
    error = refusal(data, "report.pdf")

    assert error.code == "type_not_allowed"


def test_empty_file_is_refused():
    error = refusal(b"", "blank.pdf")

    assert (error.code, message(error)) == ("empty", '"blank.pdf" is empty.')


# --- the size cap -----------------------------------------------------------------


def test_oversize_file_is_refused_naming_the_default_limit(tmp_path):
    path = tmp_path / "big.pdf"
    with path.open("wb") as handle:
        handle.write(b"%PDF-1.4\n")
        handle.truncate(20 * MIB + 1)  # sparse: written at test time, costs nothing

    with path.open("rb") as handle, pytest.raises(EvidenceRejected) as caught:
        evidence_inspect(File(handle), name="big.pdf")

    assert caught.value.code == "too_large"
    assert message(caught.value) == (
        '"big.pdf" is larger than 20 MiB, the largest file allowed.'
    )


@override_settings(EVIDENCE_MAX_BYTES=MIB // 2)
def test_cap_holds_while_reading_when_the_declared_size_lies():
    upload = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + bytes(MIB))
    upload.size = 10

    with pytest.raises(EvidenceRejected) as caught:
        evidence_inspect(upload, name="big.pdf")

    assert caught.value.code == "too_large"
    assert "0.5 MiB" in message(caught.value)


def test_file_at_the_cap_is_accepted():
    with override_settings(EVIDENCE_MAX_BYTES=len(PDF_BYTES)):
        assert evidence_inspect(io.BytesIO(PDF_BYTES), name="a.pdf").size == len(
            PDF_BYTES
        )


# --- names --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("../../etc/passwd", "passwd"),
        ("..\\..\\Windows\\system32\\scan.pdf", "scan.pdf"),
        ("C:\\Users\\wang\\Desktop\\" + CHINESE_PDF, CHINESE_PDF),
        (CHINESE_PDF, CHINESE_PDF),
        ("a\x00b\x1fc\x7f.pdf", "abc.pdf"),
        ("invoice\u202efdp.exe", "invoicefdp.exe"),  # right-to-left override gone
        ("...hidden.pdf", "hidden.pdf"),
        (".htaccess", "htaccess"),
        ("  two \t\n words .pdf  ", "two words .pdf"),
        ('a<b>c:"d|e?f*.pdf', "a_b_c__d_e_f_.pdf"),
        ("report.pdf.", "report.pdf"),
    ],
)
def test_safe_filename(raw, clean):
    assert safe_filename(raw) == clean


def test_long_names_are_trimmed_to_200_characters_keeping_the_extension():
    chinese = safe_filename("\u78b3" * 300 + ".pdf")
    ascii_name = safe_filename("x" * 300 + ".docx")

    assert (len(chinese), chinese[-5:]) == (200, "\u78b3.pdf")
    assert (len(ascii_name), ascii_name[-6:]) == (200, "x.docx")


@pytest.mark.parametrize("raw", ["", "../", "...", " . ", "\x00\x01", "dir/"])
def test_names_with_nothing_usable_are_refused(raw):
    with pytest.raises(EvidenceRejected) as caught:
        safe_filename(raw)

    assert caught.value.code == "bad_name"
    assert "has no usable characters" in message(caught.value)
