"""The schema documents the API's errors: every operation may answer 400, 401, 403,
404 and 429 in the one error shape (exceptions.py), writes 409 too. drf-spectacular
documents only the success; without this a client (and schemathesis) would take
every refusal for an undocumented answer."""

from __future__ import annotations

ERROR_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {
            "type": "object",
            "properties": {
                "code": {"type": "string"},
                "message": {"type": "string"},
                "fields": {
                    "type": "array",
                    "items": {
                        "type": "object",
                        "properties": {
                            "field": {"type": "string"},
                            "code": {"type": "string"},
                            "message": {"type": "string"},
                        },
                        "required": ["field", "code", "message"],
                    },
                },
            },
            "required": ["code", "message", "fields"],
        }
    },
    "required": ["error"],
}

ERRORS = {
    "400": "The request is not valid: see `fields`.",
    "401": "No valid token or session.",
    "403": "Refused: the reason is the message (a read-only token, a lock).",
    "404": "Not found, or outside the caller's scope.",
    "429": "Too many requests: wait for Retry-After.",
}
WRITE_ERRORS = {"409": "The object changed since it was read."}


def document_errors(result: dict, generator, request, public: bool) -> dict:
    result.setdefault("components", {}).setdefault("schemas", {})["Error"] = (
        ERROR_SCHEMA
    )
    body = {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}
    for operations in result.get("paths", {}).values():
        for method, operation in operations.items():
            responses = operation.setdefault("responses", {})
            errors = dict(ERRORS)
            if method in ("post", "put", "patch", "delete"):
                errors.update(WRITE_ERRORS)
            for status, description in errors.items():
                responses.setdefault(
                    status, {"description": description, "content": body}
                )
    return result
