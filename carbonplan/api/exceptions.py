"""One JSON shape for every API error, in the caller's language:

    {"error": {"code": "...", "message": "...",
               "fields": [{"field": "...", "code": "...", "message": "..."}]}}

DRF's own handler first turns Django's Http404 and PermissionDenied into API errors
(a refusal keeps its message, e.g. a report's lock reason); Django's ValidationError, which
a model's clean() or a service raises, is a 400 here rather than a 500.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.serializers import as_serializer_error
from rest_framework.views import exception_handler as drf_exception_handler


def exception_handler(exc: Exception, context: dict) -> Response | None:
    if isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(as_serializer_error(exc))
    elif isinstance(exc, Http404):
        # DRF's lookups raise Django's untranslated "No Report matches …": say
        # "Not found" in the caller's language instead.
        exc = exceptions.NotFound()
    elif isinstance(exc, DjangoPermissionDenied):
        exc = exceptions.PermissionDenied(*exc.args)
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    response.data = {"error": error_body(exc)}
    return response


def error_body(exc: exceptions.APIException) -> dict:
    if isinstance(exc, exceptions.ValidationError):
        fields = list(_field_errors(exc.detail, ""))
        whole = [f for f in fields if f["field"] in ("", "non_field_errors")]
        message = whole[0]["message"] if whole else _("The request is not valid.")
        return {"code": "invalid", "message": message, "fields": fields}
    detail = exc.detail
    code = getattr(detail, "code", None) or exc.default_code
    return {"code": str(code), "message": str(detail), "fields": []}


def _field_errors(detail, path: str):
    """Flatten DRF's nested error detail into rows with a dotted field path."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            yield from _field_errors(value, f"{path}.{key}" if path else str(key))
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if isinstance(value, dict | list):
                yield from _field_errors(
                    value, f"{path}.{index}" if path else str(index)
                )
            else:
                yield from _field_errors(value, path)
    else:
        yield {
            "field": path,
            "code": str(getattr(detail, "code", "invalid")),
            "message": str(detail),
        }
