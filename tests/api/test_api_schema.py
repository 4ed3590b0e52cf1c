"""The schema at /api/schema/, its docs at /api/docs/ and /api/redoc/ from the portal
(no CDN), linked from every page's footer; every operation documents the errors."""

from __future__ import annotations

import pytest
import yaml

pytestmark = pytest.mark.django_db

ERRORS = {"400", "401", "403", "404", "409", "429"}


@pytest.fixture(scope="module")
def schema(django_db_setup, django_db_blocker):
    from django.test import Client

    with django_db_blocker.unblock():
        response = Client().get("/api/schema/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return yaml.safe_load(response.content)


def test_every_operation_documents_its_answer_and_every_error(schema):
    operations = [
        (path, method, operation)
        for path, item in schema["paths"].items()
        for method, operation in item.items()
    ]
    assert len(operations) > 40
    for path, method, operation in operations:
        codes = set(operation["responses"])
        assert codes & {"200", "201", "204"}, (method, path)
        assert ERRORS <= codes, (method, path, codes)
        for code in ERRORS:
            content = operation["responses"][code]["content"]["application/json"]
            shape = content["schema"]["$ref"].rsplit("/", 1)[-1]
            # a write's 409 adds the current versions to the one error shape
            assert shape in ({"Error", "Conflict"} if code == "409" else {"Error"})
        assert "Retry-After" in operation["responses"]["429"]["headers"]
    error = schema["components"]["schemas"]["ErrorBody"]
    assert set(error["properties"]) == {"code", "message", "fields"}
    conflict = schema["components"]["schemas"]["Conflict"]["properties"]
    assert conflict["error"] == {"$ref": "#/components/schemas/ErrorBody"}
    assert "versions" in conflict


def test_the_workflow_steps_are_in_the_schema(schema):
    for step in ("mark-ready", "submit", "pass", "accept", "return", "withdraw"):
        operation = schema["paths"][f"/api/v1/reports/{{id}}/{step}/"]["post"]
        assert operation["responses"]["200"]["content"]["application/json"][
            "schema"
        ] == {"$ref": "#/components/schemas/Report"}


def test_the_schema_speaks_the_callers_language(client):
    en = yaml.safe_load(client.get("/api/schema/", HTTP_ACCEPT_LANGUAGE="en").content)
    zh = yaml.safe_load(
        client.get("/api/schema/", HTTP_ACCEPT_LANGUAGE="zh-hans").content
    )
    assert en["info"]["title"] == "Carbon-neutrality plan portal API"
    assert zh["info"]["title"] == "碳中和行动计划管理平台 API"
    submit = "/api/v1/reports/{id}/submit/"
    assert en["paths"][submit]["post"]["summary"] == "Submit"
    assert zh["paths"][submit]["post"]["summary"] == "上报"


@pytest.mark.parametrize("path", ["/api/docs/", "/api/redoc/"])
def test_docs_come_from_the_portal_with_a_translated_title(client, path):
    zh = client.get(path, HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    en = client.get(path, HTTP_ACCEPT_LANGUAGE="en").content.decode()

    assert "cdn" not in zh.lower() and "/static/drf_spectacular_sidecar/" in zh
    assert "<title>碳中和行动计划管理平台 API</title>" in zh
    assert "<title>Carbon-neutrality plan portal API</title>" in en
    assert "/api/schema/" in zh


def test_the_footer_links_to_the_api_docs(client):
    html = client.get("/plan/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert 'href="/api/docs/" data-testid="footer-api-docs">API 文档</a>' in html


@pytest.mark.parametrize("path", ["/api/", "/api/v2/reports/", "/api/v1/schema/"])
def test_other_paths_under_api_are_the_apis_404(client, path):
    response = client.get(path)

    assert response.status_code == 404
    assert response.json()["error"]["code"] == "not_found"
