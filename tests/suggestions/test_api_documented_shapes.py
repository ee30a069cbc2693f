"""What the list endpoints answer matches what the OpenAPI document says they answer.

Each GET operation without path parameters is called as staff, a deputy, a unit clerk and
anonymously, over suggestions in several states (a draft has no lead unit and no reply class: both
come back ``null``), and every 200 answer is validated with ``jsonschema`` against the schema the
document gives for it.
"""

from __future__ import annotations

import json

import jsonschema
import pytest
from django.test import Client


def documented(doc: dict, path: str, method: str = "get", status: int = 200) -> dict:
    schema = doc["paths"][path][method]["responses"][str(status)]["content"]["application/json"]["schema"]
    return {**schema, "components": doc["components"]}


def validate(doc: dict, path: str, body) -> None:
    jsonschema.Draft202012Validator(documented(doc, path)).validate(body)


@pytest.fixture
def doc(db):
    return json.loads(Client().get("/api/v1/openapi.json").content)


def _client(user=None) -> Client:
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def test_staff_suggestion_list_with_null_lead_unit_validates(w, draft, submitted, assigned, doc):
    draft()
    submitted(title="关于增设公交站点的建议")
    assigned(title="关于修缮县城排水管网的建议")
    body = _client(w.staff).get("/api/v1/suggestions").json()
    assert body["count"] == 2  # staff do not see the deputy's draft
    assert None in {row["lead_unit"] for row in body["results"]}
    assert None in {row["reply_class"] for row in body["results"]}
    validate(doc, "/api/v1/suggestions", body)
    mine = _client(w.deputy).get("/api/v1/suggestions").json()
    assert mine["count"] == 3
    validate(doc, "/api/v1/suggestions", mine)


def test_the_staff_list_is_not_documented_with_the_portal_schema(doc):
    ref = documented(doc, "/api/v1/suggestions")["$ref"].rsplit("/", 1)[-1]
    item = doc["components"]["schemas"][ref]["properties"]["results"]["items"]["$ref"].rsplit("/", 1)[-1]
    assert item == "SuggestionOut"
    assert "state" in doc["components"]["schemas"][item]["properties"]
    portal = documented(doc, "/api/v1/portal/suggestions")["$ref"].rsplit("/", 1)[-1]
    assert portal != ref


def test_every_list_endpoint_answers_what_it_documents(w, draft, submitted, assigned, doc):
    draft()
    submitted(title="关于增设公交站点的建议")
    assigned(title="关于修缮县城排水管网的建议")
    lists = [
        path
        for path, ops in doc["paths"].items()
        if "get" in ops and "{" not in path and not path.endswith("openapi.json")
        and "application/json" in ops["get"]["responses"].get("200", {}).get("content", {})
    ]  # fmt: skip
    assert len(lists) > 15
    checked = 0
    for who in (w.staff, w.deputy, w.clerk_a, w.leader, None):
        client = _client(who)
        for path in lists:
            response = client.get(path)
            if response.status_code != 200 or not response["Content-Type"].startswith("application/json"):
                continue
            try:
                validate(doc, path, response.json())
            except jsonschema.ValidationError as exc:
                pytest.fail(f"{path} as {getattr(who, 'username', 'anonymous')}: {exc.message}")
            checked += 1
    assert checked > 30
