"""The evidence size cap, enforced while the upload streams (issue 5).

Django only learns a file's size once every byte has arrived. This handler counts the
bytes as they come and drops a file as soon as it passes settings.EVIDENCE_MAX_BYTES,
and refuses a request whose Content-Length is already too large without reading its
body. It must be installed before anything reads request.POST or request.FILES, which
CsrfViewMiddleware does for POST requests: decorate upload views with
`evidence_upload`, which exempts the view from the middleware and runs the same CSRF
check itself once the handler is in place.

A view then reads `request.evidence_upload_rejections` (a list of EvidenceRejected,
one per refused file, or one for a refused request) besides request.FILES.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.files.uploadhandler import FileUploadHandler, SkipFile
from django.http import HttpRequest, HttpResponse, QueryDict
from django.utils.datastructures import MultiValueDict
from django.utils.translation import gettext_lazy as _
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from .evidence import EvidenceRejected, limit_mib, max_bytes, safe_filename, too_large


class EvidenceSizeLimitHandler(FileUploadHandler):
    """Drops each file over EVIDENCE_MAX_BYTES while it streams; records why.

    `max_files` is how many files one request may carry: the request's
    Content-Length may reach that many full-size files plus the form's fields
    (DATA_UPLOAD_MAX_MEMORY_SIZE) before it is refused unread.
    """

    def __init__(self, request: HttpRequest | None = None, *, max_files: int = 1):
        super().__init__(request)
        self.max_files = max_files
        self.rejected: list[EvidenceRejected] = []
        self.received = 0
        self.skipping = False

    def request_limit(self) -> int:
        fields = settings.DATA_UPLOAD_MAX_MEMORY_SIZE or 0
        return max_bytes() * self.max_files + fields

    def handle_raw_input(
        self, input_data, META, content_length, boundary, encoding=None
    ):
        if content_length is not None and content_length > self.request_limit():
            self.rejected.append(
                EvidenceRejected(
                    _(
                        "The upload is larger than %(limit)s MiB, the largest file "
                        "allowed; nothing was received."
                    ),
                    code="too_large",
                    params={"limit": limit_mib(max_bytes())},
                )
            )
            # Handled: empty data, and the body is never read.
            return QueryDict(encoding=encoding), MultiValueDict()
        return None

    def new_file(self, field_name, file_name, content_type, content_length, *a, **kw):
        super().new_file(field_name, file_name, content_type, content_length, *a, **kw)
        self.received = 0
        if content_length is not None and content_length > max_bytes():
            self._refuse()

    def receive_data_chunk(self, raw_data: bytes, start: int) -> bytes:
        self.received += len(raw_data)
        if self.received > max_bytes():
            self._refuse()
        return raw_data

    def file_complete(self, file_size: int) -> None:
        return None  # the next handler (memory or temporary file) builds the file

    def _refuse(self) -> None:
        try:
            name = safe_filename(self.file_name or "")
        except EvidenceRejected:
            name = "?"
        self.rejected.append(too_large(name))
        raise SkipFile  # the parser discards the rest of this file, keeps the others


def evidence_upload(
    view: Callable[..., HttpResponse] | None = None, *, max_files: int = 1
):
    """Decorate an upload view: install the size-limit handler, then check CSRF.

    Usable bare (`@evidence_upload`) or with `@evidence_upload(max_files=5)`.
    A request refused on its Content-Length arrives with empty POST data, so the CSRF
    token must travel in the X-CSRFToken header (htmx: hx-headers) to reach the view.
    """

    def decorator(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        protected = csrf_protect(view)

        @csrf_exempt
        @wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            handler = EvidenceSizeLimitHandler(request, max_files=max_files)
            request.upload_handlers.insert(0, handler)
            request.evidence_upload_rejections = handler.rejected
            return protected(request, *args, **kwargs)

        return wrapped

    return decorator(view) if view is not None else decorator
