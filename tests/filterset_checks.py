"""What every list's filter-set test checks: the page, the API and the Excel export give the same rows
for the same query, and garbage is shown next to the field (page) or answered 400 (API)."""

from __future__ import annotations

import io
from typing import Any
from urllib.parse import urlencode

from django.test import Client
from openpyxl import load_workbook

from renda.api.services import api_token_create


def api_client(user: Any) -> tuple[Client, dict[str, str]]:
    _token, secret = api_token_create(actor=user, name="筛选测试")
    return Client(), {"HTTP_AUTHORIZATION": f"Bearer {secret}"}


def page_client(user: Any) -> Client:
    c = Client()
    c.force_login(user)
    return c


def query_string(query: dict[str, Any]) -> str:
    return urlencode(query)


def export_cells(response: Any) -> set[str]:
    """Every text cell of every sheet of an Excel answer."""
    assert response.status_code == 200, response.content[:200]
    book = load_workbook(io.BytesIO(response.content), read_only=True)
    return {
        str(c) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for c in row if c
    }


def api_rows(client: Client, headers: dict[str, str], url: str, query: dict[str, Any], key: str) -> list[Any]:
    """Every row's ``key`` over all the API's pages."""
    out: list[Any] = []
    page = 1
    while True:
        r = client.get(f"{url}?{query_string({**query, 'page': page, 'page_size': 200})}", **headers)
        assert r.status_code == 200, r.content[:300]
        body = r.json()
        out += [row[key] for row in body["results"]]
        if len(out) >= body["count"] or not body["results"]:
            return out
        page += 1
