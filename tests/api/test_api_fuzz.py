"""schemathesis over /api/schema/ with the tokens of three roles (reporter,
authority reviewer, ministry official): no answer is a server error, and every
answer is one the schema documents (status, content type, body).

Runs only when API_FUZZ_EXAMPLES is set (examples per operation): `make fuzz-api`
sets 100. It still finds contract gaps (see the README's API section), so it is not
in `make test` yet. The schema is loaded inside a fixture, once the test database
exists (STACK.md)."""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings

from accounts.models import ApiToken
from institutions.models import Membership
from tests.api.accepted import accept_with_values
from tests.factories import (
    IndicatorFactory,
    MembershipFactory,
    UserFactory,
    make_open_period_with_report,
)

EXAMPLES = int(os.environ.get("API_FUZZ_EXAMPLES", "0"))


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

    report = make_open_period_with_report(university)
    accept_with_values(report, [IndicatorFactory()])
    return schemathesis.openapi.from_wsgi("/api/schema/", application)


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


schema = schemathesis.pytest.from_fixture("api_schema")


@pytest.mark.slow
@pytest.mark.skipif(not EXAMPLES, reason="set API_FUZZ_EXAMPLES (make fuzz-api)")
@schema.parametrize()
@settings(
    max_examples=max(EXAMPLES, 1),
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
def test_api_answers_as_documented(case, tokens):
    for key in tokens:
        case.call_and_validate(headers={"Authorization": f"Token {key}"})
