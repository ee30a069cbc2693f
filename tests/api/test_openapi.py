"""The OpenAPI document and the documentation page."""

import json
import re

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db

EXPECTED_OPERATIONS = {
    ("get", "/api/v1/me"),
    ("get", "/api/v1/tokens"),
    ("post", "/api/v1/tokens"),
    ("delete", "/api/v1/tokens/{id}"),
    ("get", "/api/v1/congresses"),
    ("get", "/api/v1/congresses/{id}"),
    ("get", "/api/v1/organizations"),
    ("post", "/api/v1/organizations"),
    ("get", "/api/v1/organizations/{id}"),
    ("patch", "/api/v1/organizations/{id}"),
    ("post", "/api/v1/organizations/{id}/deactivate"),
    ("post", "/api/v1/organizations/{id}/activate"),
    ("get", "/api/v1/users"),
    ("post", "/api/v1/users"),
    ("get", "/api/v1/users/{id}"),
    ("patch", "/api/v1/users/{id}"),
    ("post", "/api/v1/users/{id}/deactivate"),
    ("post", "/api/v1/users/{id}/activate"),
    ("post", "/api/v1/users/{id}/reset-password"),
    ("get", "/api/v1/memberships"),
    ("post", "/api/v1/memberships"),
    ("post", "/api/v1/memberships/{id}/revoke"),
    ("get", "/api/v1/audit/events"),
    ("get", "/api/v1/audit/events/{id}"),
    ("get", "/api/v1/audit/verify"),
}


# Operations that are public by design: the portal's open data (read-only).
PUBLIC_PREFIXES = ("/api/v1/portal/",)


def operations(schema):
    for path, ops in schema["paths"].items():
        for method, op in ops.items():
            yield method, path, op


def test_openapi_served_and_parseable():
    response = Client().get("/api/v1/openapi.json")
    assert response.status_code == 200
    schema = json.loads(response.content)
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "Renda API"
    assert schema["info"]["version"] == "1"
    assert "认证" in schema["info"]["description"]
    assert {(m, p) for m, p, _ in operations(schema)} >= EXPECTED_OPERATIONS


def test_every_operation_declares_auth_and_documents_errors():
    schema = Client().get("/api/v1/openapi.json").json()
    schemes = schema["components"]["securitySchemes"]
    assert any(s.get("scheme") == "bearer" for s in schemes.values())
    for method, path, op in operations(schema):
        assert op.get("summary"), f"{method} {path} has no summary"
        if path.startswith(PUBLIC_PREFIXES):
            # Open data is public on purpose, and read-only.
            assert method == "get", f"{method} {path} is public but not read-only"
            continue
        assert op.get("security"), f"{method} {path} declares no authentication"
        for status in ("401", "404"):
            ref = op["responses"][status]["content"]["application/json"]["schema"]["$ref"]
            assert ref == "#/components/schemas/Error"


def test_schemas_describe_fields_in_chinese():
    schema = Client().get("/api/v1/openapi.json").json()
    props = schema["components"]["schemas"]["OrganizationOut"]["properties"]
    assert props["congress"].get("description") or props["congress"].get("allOf")
    assert props["name"]["description"] == "名称"


def test_docs_page_lists_operations_and_loads_nothing_from_elsewhere():
    response = Client().get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    schema = Client().get("/api/v1/openapi.json").json()
    for _method, path, op in operations(schema):
        assert path in html
        assert op["summary"] in html
    # Every asset is ours: no src/href pointing to another host, no inline script or style.
    for url in re.findall(r'(?:src|href)="([^"]+)"', html):
        assert not re.match(r"^(https?:)?//", url), url
    assert "<script>" not in html
    assert 'style="' not in html


def test_api_root_points_to_the_documents():
    body = Client().get("/api/v1/").json()
    assert body["openapi"] == "/api/v1/openapi.json"
    assert body["docs"] == "/api/v1/docs"
