"""The elections pages, with a real election behind their ids, answer garbage without a 500."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from tests.core.test_garbage_pages import GARBAGE_BODY, GARBAGE_QUERY, _walk


@pytest.mark.parametrize("role", [None, "staff", "deputy"])
def test_election_pages_take_garbage(twin_counties, election, constituencies, published, role):
    from django.urls import get_resolver

    routes = [r for r in _walk(get_resolver().url_patterns) if r.startswith("elections/")]
    ids = {"pk": election.pk, "constituency": constituencies[0].pk}
    client = Client(raise_request_exception=False)
    if role:
        client.force_login(twin_counties.county.users[role])
    crashed = []
    for route in routes:
        url = "/" + re.sub(r"<int:(\w+)>", lambda m: str(ids.get(m.group(1), 1)), route)
        url = re.sub(r"<(slug|str):\w+>", "final", url)
        for query in (GARBAGE_QUERY, {"constituency": "9" * 30, "c": "9" * 30, "kind": "x"}):
            if client.get(url, query).status_code >= 500:
                crashed.append(f"GET {url}")
        if client.post(url, GARBAGE_BODY).status_code >= 500:
            crashed.append(f"POST {url}")
    assert not crashed, "\n".join(crashed)
