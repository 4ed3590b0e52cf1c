"""Evidence zips (DOCX, XLSX, PPTX, OFD): judged by the central directory, unopened."""

from __future__ import annotations

import io
import os
import struct
import subprocess
import sys
import tracemalloc
import zipfile

import pytest
from django.test import override_settings
from django.utils import translation

from reporting.evidence import (
    DOCX,
    OFD,
    PDF,
    XLSX,
    EvidenceRejected,
    evidence_inspect,
    sniff_type,
    zip_check,
)
from tests.reporting.evidence_support import (
    CORPUS,
    MIB,
    PDF_BYTES,
    ROOT,
    docx_parts,
    inspect_corpus,
    message,
    refusal,
    zip_bytes,
)


@pytest.fixture(autouse=True)
def _english():
    """These tests read the English messages; test_evidence_messages checks Chinese."""
    with translation.override("en"):
        yield


def test_sniff_type_reads_only_the_content():
    assert sniff_type(io.BytesIO(PDF_BYTES)) == PDF
    assert sniff_type(io.BytesIO((CORPUS / "notice.ofd").read_bytes())) == OFD
    assert sniff_type(io.BytesIO((CORPUS / "program.pdf").read_bytes())) is None
    assert sniff_type(io.BytesIO(b"PK\x03\x04 not really a zip")) is None


def test_bomb_is_refused_for_its_declared_size():
    declared = sum(
        entry.file_size for entry in zipfile.ZipFile(CORPUS / "bomb.xlsx").infolist()
    )
    assert declared > 1024 * MIB  # unpacking it would blow any memory limit below

    with pytest.raises(EvidenceRejected) as caught:
        inspect_corpus("bomb.xlsx")

    assert caught.value.code == "zip_bomb"
    assert message(caught.value) == (
        '"bomb.xlsx" was refused: unpacked it would take 1536 MiB, more than the '
        "200 MiB allowed (a zip bomb?)."
    )


def test_bomb_is_refused_in_a_process_whose_peak_memory_stays_under_200_mb():
    script = (
        "import sys, django\n"
        "django.setup()\n"
        "from django.core.files import File\n"
        "from reporting.evidence import EvidenceRejected, evidence_inspect\n"
        "with open(sys.argv[1], 'rb') as handle:\n"
        "    try:\n"
        "        evidence_inspect(File(handle), name='bomb.xlsx')\n"
        "        print('accepted')\n"
        "    except EvidenceRejected as error:\n"
        "        print(error.code)\n"
        "status = open('/proc/self/status').read()\n"
        "print(status.split('VmHWM:')[1].split()[0])\n"
    )
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "carbonplan.settings"}

    result = subprocess.run(
        [sys.executable, "-c", script, str(CORPUS / "bomb.xlsx")],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )

    outcome, peak_kib = result.stdout.split()
    assert outcome == "zip_bomb"
    # VmHWM: the peak resident memory of this process since its exec, in KiB. Not
    # ru_maxrss, which on Linux carries the forking pytest worker's peak across exec.
    assert int(peak_kib) < 200 * 1024


def test_checking_the_bomb_allocates_almost_nothing():
    data = (CORPUS / "bomb.xlsx").read_bytes()
    tracemalloc.start()
    try:
        assert sniff_type(io.BytesIO(data)) == XLSX
        with pytest.raises(EvidenceRejected):
            zip_check(io.BytesIO(data), name="bomb.xlsx")
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert peak < 5 * MIB


def test_too_many_entries_are_refused():
    data = zip_bytes(docx_parts(**{f"word/media/{n}.xml": b"" for n in range(2000)}))

    error = refusal(data, "many.docx")

    assert error.code == "zip_bomb"
    assert message(error) == (
        '"many.docx" was refused: it packs 2002 parts, more than the 2000 allowed '
        "(a zip bomb?)."
    )


def _patch_declared_count(data: bytes, count: int) -> bytes:
    end = data.rfind(b"PK\x05\x06")
    record = bytearray(data[end:])
    struct.pack_into("<HH", record, 8, count, count)
    return data[:end] + bytes(record)


def test_an_end_record_understating_the_entries_does_not_help():
    data = zip_bytes(docx_parts(**{f"word/media/{n}.xml": b"" for n in range(2000)}))

    error = refusal(_patch_declared_count(data, 3), "many.docx")

    assert error.code == "zip_bomb"
    assert "2002 parts" in message(error)


@override_settings(EVIDENCE_ZIP_MAX_ENTRIES=3)
def test_an_oversized_directory_is_refused_before_it_is_listed():
    data = zip_bytes(docx_parts(**{"word/" + "n" * 4000 + ".xml": b""}))

    error = refusal(_patch_declared_count(data, 1), "long.docx")

    assert error.code == "zip_bomb"


def _with_zip64_end(data: bytes, count: int) -> bytes:
    """The same zip with ZIP64 end records declaring `count` entries."""
    end = data.rfind(b"PK\x05\x06")
    directory_size, directory_offset = struct.unpack("<LL", data[end + 12 : end + 20])
    record = struct.pack(
        "<4sQHHLLQQQQ",
        b"PK\x06\x06",
        44,
        45,
        45,
        0,
        0,
        count,
        count,
        directory_size,
        directory_offset,
    )
    locator = struct.pack("<4sLQL", b"PK\x06\x07", 0, end, 1)
    classic = struct.pack(
        "<4s4H2LH",
        b"PK\x05\x06",
        0,
        0,
        0xFFFF,
        0xFFFF,
        directory_size,
        directory_offset,
        0,
    )
    return data[:end] + record + locator + classic


def test_zip64_end_records_are_read():
    data = zip_bytes(docx_parts())

    assert evidence_inspect(io.BytesIO(_with_zip64_end(data, 2)), name="a.docx").name
    error = refusal(_with_zip64_end(data, 70000), "a.docx")
    assert (error.code, "70000 parts" in message(error)) == ("zip_bomb", True)


def test_an_entry_compressed_beyond_any_real_document_is_refused():
    bomb = zip_bytes(docx_parts(**{"word/media/zeros.bin": bytes(2 * MIB)}))
    small = zip_bytes(docx_parts(**{"word/media/zeros.bin": bytes(MIB)}))

    error = refusal(bomb, "dense.docx")

    assert error.code == "zip_bomb"
    assert "compressed far more than those of a real document" in message(error)
    assert evidence_inspect(io.BytesIO(small), name="dense.docx").content_type == DOCX


@override_settings(EVIDENCE_ZIP_MAX_UNCOMPRESSED=MIB // 2)
def test_the_uncompressed_limit_is_a_setting():
    parts = docx_parts(**{"word/media/photo.bin": os.urandom(MIB // 2)})
    data = zip_bytes(parts, method=zipfile.ZIP_STORED)

    error = refusal(data, "photos.docx")

    assert error.code == "zip_bomb"
    assert message(error) == (
        '"photos.docx" was refused: unpacked it would take 0.5 MiB, more than the '
        "0.5 MiB allowed (a zip bomb?)."
    )


@pytest.mark.parametrize(
    "data",
    [
        (CORPUS / "courses.docx").read_bytes()[:-30],
        b"PK\x03\x04" + bytes(100),
    ],
    ids=["truncated", "header-only"],
)
def test_damaged_zips_are_refused_as_unreadable(data):
    error = refusal(data, "broken.docx")

    assert error.code == "zip_invalid"
    assert message(error) == (
        '"broken.docx" is damaged: its packed contents cannot be read.'
    )
