"""The size cap while the upload streams, and the malware-scanning hook."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.core.handlers.wsgi import WSGIRequest
from django.http import JsonResponse
from django.test import Client, RequestFactory, override_settings
from django.urls import path
from django.utils import translation

from reporting.evidence import EvidenceRejected, evidence_inspect
from reporting.uploads import EvidenceSizeLimitHandler, evidence_upload
from tests.reporting import evidence_scanner
from tests.reporting.evidence_support import CORPUS, MIB, PDF_BYTES, message

CSRF = "a" * 32  # a valid unmasked CSRF secret, sent as cookie and header


@pytest.fixture(autouse=True)
def _english():
    """These tests read the English messages; test_evidence_messages checks Chinese."""
    with translation.override("en"):
        yield


class Spy(FileUploadHandler):
    """Sits behind the size-limit handler: counts the bytes that get past it."""

    def __init__(self, request=None):
        super().__init__(request)
        self.received = 0

    def receive_data_chunk(self, raw_data, start):
        self.received += len(raw_data)
        return raw_data

    def file_complete(self, file_size):
        return None


class Unread:
    """A request body that records whether anybody read it."""

    def __init__(self):
        self.reads = 0

    def read(self, *args):
        self.reads += 1
        return b""

    readline = read


def upload(data: dict) -> WSGIRequest:
    return RequestFactory().post("/reports/evidence/upload/", data)


def parse(request: WSGIRequest, *, max_files: int = 1):
    handler = EvidenceSizeLimitHandler(request, max_files=max_files)
    spy = Spy(request)
    request.upload_handlers.insert(0, handler)
    request.upload_handlers.insert(1, spy)
    return handler, spy, request.POST, request.FILES


def test_a_file_under_the_cap_arrives_whole():
    request = upload({"file": SimpleUploadedFile("a.pdf", PDF_BYTES)})

    handler, _spy, _post, files = parse(request)

    assert files["file"].read() == PDF_BYTES
    assert handler.rejected == []


def test_an_oversize_file_is_dropped_while_it_streams():
    oversize = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + bytes(20 * MIB))
    request = upload({"note": "typed elsewhere", "file": oversize})

    handler, spy, post, files = parse(request)

    assert "file" not in files
    assert post["note"] == "typed elsewhere"
    assert spy.received <= 20 * MIB  # nothing past the cap reached a later handler
    assert [(e.code, message(e)) for e in handler.rejected] == [
        ("too_large", '"big.pdf" is larger than 20 MiB, the largest file allowed.')
    ]


@override_settings(EVIDENCE_MAX_BYTES=256 * 1024)
def test_only_the_oversize_file_of_several_is_dropped():
    request = upload(
        {
            "file": [
                SimpleUploadedFile("../huge.pdf", PDF_BYTES + bytes(MIB)),
                SimpleUploadedFile("small.pdf", PDF_BYTES),
            ]
        }
    )

    handler, _spy, _post, files = parse(request, max_files=2)

    assert [f.name for f in files.getlist("file")] == ["small.pdf"]
    assert [message(e) for e in handler.rejected] == [
        '"huge.pdf" is larger than 0.2 MiB, the largest file allowed.'
    ]


def test_a_request_declaring_too_many_bytes_is_refused_unread():
    request = upload({"file": SimpleUploadedFile("a.pdf", PDF_BYTES)})
    body = Unread()
    request = WSGIRequest(
        {**request.environ, "CONTENT_LENGTH": str(50 * MIB), "wsgi.input": body}
    )

    handler, _spy, post, files = parse(request)

    assert body.reads == 0
    assert (dict(post), dict(files)) == ({}, {})
    assert [message(e) for e in handler.rejected] == [
        "The upload is larger than 20 MiB, the largest file allowed; nothing was "
        "received."
    ]


@evidence_upload
def upload_view(request):
    return JsonResponse(
        {
            "files": list(request.FILES),
            "note": request.POST.get("note"),
            "refused": [message(e) for e in request.evidence_upload_rejections],
        }
    )


def with_csrf_cookie(request: WSGIRequest) -> WSGIRequest:
    request.COOKIES["csrftoken"] = CSRF
    return request


@override_settings(EVIDENCE_MAX_BYTES=256 * 1024)
def test_the_decorator_installs_the_cap_before_the_csrf_check_reads_the_body():
    request = with_csrf_cookie(
        upload({"note": "kept", "file": SimpleUploadedFile("big.pdf", bytes(MIB))})
    )
    request.META["HTTP_X_CSRFTOKEN"] = CSRF

    response = upload_view(request)

    assert response.status_code == 200
    assert json.loads(response.content) == {
        "files": [],
        "note": "kept",
        "refused": ['"big.pdf" is larger than 0.2 MiB, the largest file allowed.'],
    }


urlpatterns = [path("upload/", upload_view)]


@pytest.mark.django_db
@override_settings(
    EVIDENCE_MAX_BYTES=256 * 1024, ROOT_URLCONF="tests.reporting.test_evidence_uploads"
)
def test_through_the_middleware_the_cap_applies_and_csrf_holds():
    client = Client(enforce_csrf_checks=True)
    client.cookies["csrftoken"] = CSRF
    big = SimpleUploadedFile("big.pdf", bytes(MIB))

    response = client.post("/upload/", {"file": big}, headers={"X-CSRFToken": CSRF})
    forged = client.post("/upload/", {"file": SimpleUploadedFile("a.pdf", b"x")})

    # Through the middleware the request's language (Chinese by default) applies.
    assert json.loads(response.content)["refused"] == [
        "“big.pdf”大于 0.2 MiB，超出允许的最大文件大小。"
    ]
    assert forged.status_code == 403


def test_the_decorated_view_still_checks_csrf():
    token_in_body = with_csrf_cookie(
        upload({"csrfmiddlewaretoken": CSRF, "file": SimpleUploadedFile("a.pdf", b"x")})
    )
    forged = upload({"file": SimpleUploadedFile("a.pdf", b"x")})

    assert json.loads(upload_view(token_in_body).content)["files"] == ["file"]
    assert upload_view(forged).status_code == 403


# --- the scanning hook ------------------------------------------------------------


@pytest.fixture
def scanner_calls():
    evidence_scanner.calls.clear()
    yield evidence_scanner.calls
    evidence_scanner.calls.clear()


@override_settings(EVIDENCE_SCANNER="tests.reporting.evidence_scanner.refuse_marked")
def test_a_file_the_scanner_refuses_is_rejected(scanner_calls):
    infected = PDF_BYTES + evidence_scanner.MARKER

    with pytest.raises(EvidenceRejected) as caught:
        evidence_inspect(io.BytesIO(infected), name="notice.pdf")

    assert caught.value.code == "scan_rejected"
    assert message(caught.value) == (
        '"notice.pdf" was refused by the malware scan (Test.Marker).'
    )


@override_settings(EVIDENCE_SCANNER="tests.reporting.evidence_scanner.refuse_marked")
def test_the_scanner_sees_the_whole_file_under_its_final_name(scanner_calls):
    found = evidence_inspect(io.BytesIO(PDF_BYTES), name="../../etc/passwd")

    assert found.name == "passwd.pdf"
    assert scanner_calls == [("passwd.pdf", PDF_BYTES)]


@override_settings(EVIDENCE_SCANNER="tests.reporting.evidence_scanner.refuse_marked")
def test_files_refused_by_the_checks_never_reach_the_scanner(scanner_calls):
    with pytest.raises(EvidenceRejected):
        evidence_inspect(
            io.BytesIO((CORPUS / "program.pdf").read_bytes()), name="a.pdf"
        )

    assert scanner_calls == []


@override_settings(EVIDENCE_SCANNER="tests.reporting.evidence_scanner.unreachable")
def test_a_scanner_that_fails_refuses_the_file():
    with pytest.raises(EvidenceRejected) as caught:
        evidence_inspect(io.BytesIO(PDF_BYTES), name="a.pdf")

    assert caught.value.code == "scan_rejected"
    assert message(caught.value) == (
        '"a.pdf" could not be checked for malware; try again later.'
    )
