from __future__ import annotations

from django.http import HttpRequest
from ninja import Router, Schema

from . import services

router = Router(tags=["全文检索"])


class HitOut(Schema):
    kind: str
    kind_label: str
    id: int
    title: str
    snippet: str
    url: str
    year: int | None = None
    state: str
    score: float


class SearchOut(Schema):
    total: int
    results: list[HitOut]


@router.get("", response=SearchOut)
def search(
    request: HttpRequest, q: str, kind: str = "", year: int | None = None, unit: int | None = None,
    state: str = "", offset: int = 0, limit: int = 20,
) -> dict:  # fmt: skip
    """The same search as /search/, with the reader's scope; snippets carry <mark> around matches."""
    hits = services.search(q[:100], actor=request.user, kind=kind, year=year, unit=unit, state=state)
    limit = max(1, min(limit, 100))
    page = hits[max(0, offset) : max(0, offset) + limit]
    return {
        "total": len(hits),
        "results": [
            {
                "kind": h.source, "kind_label": h.kind_label, "id": h.object_id, "title": str(h.title),
                "snippet": str(h.snippet), "url": h.url, "year": h.year, "state": h.state_label,
                "score": h.score,
            }
            for h in page
        ],
    }  # fmt: skip
