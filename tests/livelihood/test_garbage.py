"""No livelihood page answers a 500 to malformed input, for each kind of reader and stranger."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.core.test_garbage_pages import GARBAGE_BODY, GARBAGE_QUERY

from .conftest import make_programme


@pytest.mark.clock("2025-11-01 09:30")
@pytest.mark.parametrize("who", [None, "staff", "deputy", "unit_clerk", "sibling"])
def test_no_livelihood_page_crashes_on_garbage(w, who):
    p, projects = make_programme(w)
    user = {"staff": w.staff, "deputy": w.deputies[0], "unit_clerk": w.clerk, "sibling": w.sibling_staff}.get(
        who
    )
    client = Client(raise_request_exception=False)
    if user is not None:
        client.force_login(user)
    urls = ["/livelihood/", f"/livelihood/{p.pk}/", f"/livelihood/{p.pk}/projects/", f"/livelihood/{p.pk}/propose/",
            f"/livelihood/projects/{projects[0].pk}/", "/livelihood/public/", f"/livelihood/public/{p.pk}/",
            f"/livelihood/public/{p.pk}/propose/", "/livelihood/999999999/", "/livelihood/public/999999999/",
            f"/api/v1/livelihood/programmes/{p.pk}/projects", "/api/v1/livelihood/programmes"]  # fmt: skip
    crashed = []
    for url in urls:
        for response in (
            client.get(url, GARBAGE_QUERY),
            client.post(url, {**GARBAGE_BODY, "action": "\x00"}),
        ):
            if response.status_code >= 500:
                crashed.append(f"{url} -> {response.status_code}")
        for action in ("advance", "presidium", "tie", "ballot", "runoff", "major", "evaluate"):
            r = client.post(url, {"action": action, "project": "abc", "projects": ["x"], "on": "2026-02-30"})
            if r.status_code >= 500:
                crashed.append(f"POST {action} {url} -> {r.status_code}")
    assert not crashed, "\n".join(crashed)
