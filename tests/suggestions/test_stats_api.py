"""The statistics API answers at its documented address, with or without the trailing slash."""

from __future__ import annotations

from pathlib import Path

from .conftest import client_for
from .test_statistics import history  # noqa: F401 - the fixture


def test_both_forms_of_the_address_answer_the_same(history):  # noqa: F811
    w = history.w
    staff = client_for(w.staff)
    params = {"congress": w.congress.pk, "year": 2026}
    bare = staff.get("/api/v1/suggestions/stats", params)
    slash = staff.get("/api/v1/suggestions/stats/", params)
    assert bare.status_code == slash.status_code == 200
    assert bare.json() == slash.json()
    assert bare.json()["total"]["resolution_rate"] == {"num": 2, "den": 5, "percent": 40.0}
    # the same refusals on both
    for path in ("/api/v1/suggestions/stats", "/api/v1/suggestions/stats/"):
        assert client_for(history.b.staff).get(path, params).status_code == 404
        assert client_for(w.deputy).get(path).status_code == 403


def test_the_schema_and_docs_name_the_operation_once():
    from renda.api.api import api

    schema = api.get_openapi_schema()
    paths = [p for p in schema["paths"] if p.startswith("/api/v1/suggestions/stats")]
    assert paths == ["/api/v1/suggestions/stats"]
    doc = (Path(__file__).resolve().parents[2] / "docs" / "api.md").read_text(encoding="utf-8")
    assert "`GET /api/v1/suggestions/stats`" in doc
    assert "suggestions/stats?congress=" in doc
