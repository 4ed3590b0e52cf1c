"""The OpenAPI schema's defaults: every operation documents the API's errors in
their one shape (400, 401, 403, 404, 409, 415 for a write, 429 with Retry-After) beside its own
answer, and the schema's title and description speak the caller's language."""

from __future__ import annotations

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from drf_spectacular import generators, openapi
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from .filters import ID_SCHEMA

TITLE = _("Carbon-neutrality plan portal API")
DESCRIPTION = _(
    "The portal's data for scripts: the same scope, checks and workflow as the "
    "pages. Authenticate with a token made on the account page (header "
    '"Authorization: Token <key>"). Every error has one shape: '
    '{"error": {"code", "message", "fields"}}, in the language of Accept-Language.'
)
WRITES = ("POST", "PUT", "PATCH")
ERRORS = {
    "400": _("The request is not valid: `fields` names each field in error."),
    "401": _("Not signed in: no token, or one that is revoked or expired."),
    "403": _("Not allowed: the role, a read-only token, or the step's rule says no."),
    "404": _("Not found, or outside the caller's scope."),
    "409": _("In conflict with the current state of the object."),
    "415": _("The body is not JSON: send Content-Type application/json."),
    "429": _("Too many requests: wait the seconds that Retry-After says."),
}


class FieldErrorSerializer(serializers.Serializer):
    field = serializers.CharField(help_text=_("The field, as a dotted path."))
    code = serializers.CharField()
    message = serializers.CharField()


class ErrorBodySerializer(serializers.Serializer):
    code = serializers.CharField(help_text=_("A stable code a script can test."))
    message = serializers.CharField(help_text=_("Why, in the caller's language."))
    fields = FieldErrorSerializer(many=True)


class ErrorSerializer(serializers.Serializer):
    error = ErrorBodySerializer()


class AutoSchema(openapi.AutoSchema):
    def _get_response_bodies(self, direction="response"):
        responses = super()._get_response_bodies(direction)
        if direction != "response":
            return responses
        for code, description in ERRORS.items():
            if code in responses or (code == "415" and self.method not in WRITES):
                continue
            responses[code] = self._get_response_for_code(
                OpenApiResponse(ErrorSerializer, description=gettext(description)),
                code,
            )
            if code == "429":
                responses[code]["headers"] = {
                    "Retry-After": {
                        "schema": {"type": "integer"},
                        "description": gettext("Seconds to wait."),
                    }
                }
        return responses


class SchemaGenerator(generators.SchemaGenerator):
    def get_schema(self, request=None, public=False):
        schema = super().get_schema(request=request, public=public)
        schema["info"]["title"] = gettext(TITLE)
        schema["info"]["description"] = gettext(DESCRIPTION)
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                _bound_ids(operation.get("parameters", []))
        return schema


def _bound_ids(parameters: list[dict]) -> None:
    """An integer parameter without bounds of its own is an id (in the path, or a
    filter's choice): 1 to 2**63-1, as the server checks (a bigger one is a 404 in
    the path, a 400 in a filter, never a database error)."""
    for parameter in parameters:
        schema = parameter.get("schema", {})
        if schema.get("type") == "integer" and "maximum" not in schema:
            schema.update(ID_SCHEMA)
