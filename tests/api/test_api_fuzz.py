"""schemathesis over /api/schema/ with the tokens of three roles (reporter,
authority reviewer, ministry official): no answer is a server error, and every
answer is one the schema documents (status, content type, body); a request the
schema calls invalid is refused, one it calls valid is not.

`API_FUZZ_EXAMPLES` examples per operation: 5 by default, which keeps `make test`
short; `make fuzz-api` and `.ci/run` (its own step, under `timeout`) run 100; 0
skips it. One test in one process over one database:
the schema is loaded inside a fixture once the test database exists (STACK.md), the
operations run one after the other as subtests, derandomized (the same cases each
run) and without the shrinking phase (a failure is reported as found).

A schema-valid request may still be refused with 400 for what no schema can know:
an id or code that names nothing (a filter's `invalid_choice`, a bulk write's
`unknown` indicator or section of the report, with the field named), text with a NUL
character (which PostgreSQL cannot store), a workflow step's rule about what was sent
(reporting/api/workflow.py), or the version a write is based on, which may come in
the body or in If-Match and is needed only for the sections the write touches. Those
are `UNKNOWABLE`; any other 400 to a valid request fails."""

from __future__ import annotations

import os

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from accounts.models import ApiToken
from institutions.models import Membership
from reporting.api.workflow import FIELD_OF_REFUSAL
from tests.api.accepted import accept_with_values
from tests.factories import (
    IndicatorFactory,
    MembershipFactory,
    UserFactory,
    make_open_period_with_report,
)

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "5"))

UNKNOWABLE = {
    "invalid_choice",
    "unknown",
    "null_characters_not_allowed",
    *FIELD_OF_REFUSAL,
}
VERSION_FIELDS = {"version", "versions"}


def _unknowable(field: dict) -> bool:
    if field["code"] == "required":
        return field["field"].split(".")[0] in VERSION_FIELDS
    return field["code"] in UNKNOWABLE


def test_schema_documents_the_error_shape_on_every_operation(client, db):
    schema = client.get("/api/schema/?format=json").json()
    assert set(schema["components"]["schemas"]["Error"]["required"]) == {"error"}
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            documented = set(operation["responses"])
            assert {"400", "401", "403", "404", "429"} <= documented, (path, method)


@pytest.fixture
def api_schema(db, university):
    from carbonplan.wsgi import application

    # The WSGI handler closes the connection after each request, as a server's
    # does; in a test that is the connection holding the test's transaction.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    report = make_open_period_with_report(university)
    accept_with_values(report, [IndicatorFactory()])
    yield schemathesis.openapi.from_wsgi("/api/schema/", application)
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def tokens(university) -> list[str]:
    roles = [
        {"role": Membership.Role.REPORTER, "university": university},
        {
            "role": Membership.Role.REVIEWER,
            "university": None,
            "authority": university.authority,
        },
        {"role": Membership.Role.OFFICIAL, "university": None},
    ]
    keys = []
    for role in roles:
        membership = MembershipFactory(user=UserFactory(), **role)
        _token, key = ApiToken.issue(
            user=membership.user,
            membership=membership,
            name="fuzz",
            read_only=False,
            days=1,
        )
        keys.append(key)
    return keys


def valid_data_accepted(ctx, response, case):
    """schemathesis's positive_data_acceptance, but for a 400 whose every field
    error is one the schema cannot foresee (`UNKNOWABLE`)."""
    if response.status_code == 400:
        fields = response.json().get("error", {}).get("fields", [])
        if fields and all(_unknowable(field) for field in fields):
            return None
    return positive_data_acceptance(ctx, response, case)


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.mark.slow
@pytest.mark.skipif(not EXAMPLES, reason="API_FUZZ_EXAMPLES=0 (.ci/run fuzzes apart)")
@schema.parametrize()
@settings(
    max_examples=max(EXAMPLES, 1),
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
    database=None,
    phases=[Phase.explicit, Phase.generate],
)
def test_api_answers_as_documented(case, tokens):
    for key in tokens:
        case.call_and_validate(
            headers={"Authorization": f"Token {key}"},
            excluded_checks=[positive_data_acceptance],
            additional_checks=[valid_data_accepted],
        )
