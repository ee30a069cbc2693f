"""Walking the roster import through its pages as staff do: upload → mapping → preview → confirm.

The mapping step is posted with what the page pre-selected (read from the rendered selects), with
the test's corrections on top, so a test sees exactly the proposal a user would see."""

from __future__ import annotations

from html.parser import HTMLParser
from typing import Any


class _Selects(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.selected: dict[str, str] = {}
        self.labels: dict[str, str] = {}  # select name → column heading (the row's <th>)
        self._select: str | None = None
        self._first: str | None = None
        self._in_th = False
        self._th = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "th":
            self._in_th, self._th = True, ""
        elif tag == "select" and (a.get("name") or "").startswith("col_"):
            self._select, self._first = a["name"], None
            self.labels[a["name"]] = self._th.strip()
        elif tag == "option" and self._select:
            value = a.get("value") or ""
            if self._first is None:
                self._first = value
            if "selected" in a:
                self.selected[self._select] = value

    def handle_endtag(self, tag: str) -> None:
        if tag == "th":
            self._in_th = False
        elif tag == "select" and self._select:
            self.selected.setdefault(self._select, self._first or "")
            self._select = None

    def handle_data(self, data: str) -> None:
        if self._in_th:
            self._th += data


def mapping_page(client: Any) -> tuple[str, dict[str, str], dict[str, str]]:
    """The mapping page's HTML, its pre-selected value per select, and each select's heading."""
    r = client.get("/deputies/import/mapping/")
    assert r.status_code == 200, r
    body = r.content.decode()
    parser = _Selects()
    parser.feed(body)
    return body, parser.selected, parser.labels


def proposed(client: Any) -> dict[str, str]:
    """heading → pre-selected field key on the mapping page."""
    _body, selected, labels = mapping_page(client)
    return {labels[name]: value for name, value in selected.items()}


def upload(client: Any, congress: Any, file: Any) -> Any:
    return client.post(f"/deputies/import/?congress={congress.pk}", {"file": file})


def map_columns(client: Any, corrections: dict[str, str] | None = None) -> Any:
    """Post the mapping page as proposed, with ``corrections`` (heading → field key or "")."""
    _body, selected, labels = mapping_page(client)
    data = dict(selected)
    for name, heading in labels.items():
        if corrections and heading in corrections:
            data[name] = corrections[heading]
    return client.post("/deputies/import/mapping/", data)


def upload_and_check(client: Any, congress: Any, file: Any, corrections: dict[str, str] | None = None) -> Any:
    r = upload(client, congress, file)
    assert r.status_code == 302 and r["Location"].endswith("/deputies/import/mapping/"), r.content.decode()[
        :2000
    ]
    return map_columns(client, corrections)
