"""Searching (ranked, scoped, highlighted) and the user dictionary that staff extend."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.db.models import Count, Sum
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from renda.audit.services import record_event
from renda.core.choices import Role
from renda.core.errors import PermissionDeniedError, ValidationFailed
from renda.core.scopes import scope_of

from . import segment
from .models import SearchEntry, UserWord
from .sources import get_source

K1 = 1.2
B = 0.75
MAX_CANDIDATES = 2000
DICTIONARY_ROLES = (Role.STAFF, Role.SYSTEM_ADMIN)


@dataclass
class Hit:
    source: str
    kind_label: str
    object_id: int
    title: SafeString
    snippet: SafeString
    url: str
    year: int | None
    state_label: str
    score: float


def _candidate_ids(tokens: list[str], base: Any) -> list[int]:
    """Entry ids the backend's full-text index matches (every token); a superset checked in Python."""
    if connection.vendor == "sqlite":
        match = " AND ".join('"' + t.replace('"', '""') + '"' for t in tokens)
        with connection.cursor() as cur:
            cur.execute("SELECT rowid FROM analytics_search_fts WHERE analytics_search_fts MATCH %s", [match])
            ids = [r[0] for r in cur.fetchall()]
        return list(base.filter(pk__in=ids).values_list("pk", flat=True))
    if connection.vendor == "postgresql":
        return list(
            base.extra(
                where=["to_tsvector('simple', segmented) @@ plainto_tsquery('simple', %s)"],
                params=[" ".join(tokens)],
            ).values_list("pk", flat=True)
        )
    return list(base.values_list("pk", flat=True))  # pragma: no cover - other backends: Python filters


def highlight(text: str, tokens: list[str], width: int = 80) -> SafeString:
    """An escaped excerpt of ``text`` around the first match, each token wrapped in <mark>."""
    if not text:
        return mark_safe("")
    low = text.lower()
    first = min((p for p in (low.find(t) for t in tokens) if p >= 0), default=0)
    start = max(0, first - width // 4)
    part = text[start : start + width]
    out = escape(part)
    for t in sorted(tokens, key=len, reverse=True):
        et = escape(t)
        if et:
            out = _mark(out, et)
    prefix = "…" if start > 0 else ""
    suffix = "…" if start + width < len(text) else ""
    return mark_safe(prefix + out + suffix)  # noqa: S308 - the text is escaped, only <mark> is added


def _mark(html: str, token: str) -> str:
    res, i, low, tl = [], 0, html.lower(), token.lower()
    while True:
        j = low.find(tl, i)
        if j < 0:
            res.append(html[i:])
            return "".join(res)
        # never split an existing mark
        if html.rfind("<mark>", 0, j) > html.rfind("</mark>", 0, j):
            res.append(html[i : j + len(token)])
        else:
            res.append(html[i:j] + "<mark>" + html[j : j + len(token)] + "</mark>")
        i = j + len(token)


def search(
    query: str,
    *,
    actor: Any,
    kind: str = "",
    year: int | None = None,
    unit: int | None = None,
    state: str = "",
) -> list[Hit]:
    """Every record matching all words of ``query`` that ``actor`` may read, best first.

    The backend's full-text index (FTS5 / tsvector) finds the candidates; the ranking is BM25
    computed here over the stored tokens, so SQLite and PostgreSQL give the same order.
    """
    tokens = segment.query_tokens(query)
    if not tokens:
        return []
    base = SearchEntry.objects.all()
    if kind:
        base = base.filter(source=kind)
    if year:
        base = base.filter(year=year)
    if unit:
        base = base.filter(unit_ids__contains=f",{int(unit)},")
    if state:
        base = base.filter(state=state)
    ids = _candidate_ids(tokens, base)[:MAX_CANDIDATES]
    entries = list(SearchEntry.objects.filter(pk__in=ids))
    docs = []
    for e in entries:
        words = e.segmented.split()
        if all(t in words for t in tokens):
            docs.append((e, words))
    # scope: each source says which of its rows the actor reads
    by_source: dict[str, list[int]] = {}
    for e, _w in docs:
        by_source.setdefault(e.source, []).append(e.object_id)
    allowed: dict[str, set[int]] = {}
    for src, oids in by_source.items():
        source = get_source(src)
        allowed[src] = source.visible_ids(actor, oids) if source else set()
    docs = [(e, w) for e, w in docs if e.object_id in allowed.get(e.source, set())]
    # BM25 over the whole index
    stats = SearchEntry.objects.aggregate(n=Count("id"), total_length=Sum("length"))
    total = stats["n"] or 1
    avgdl = ((stats["total_length"] or 0) / total) or 1.0
    df = {t: sum(1 for _e, w in docs if t in w) for t in tokens}
    hits = []
    for e, words in docs:
        score = 0.0
        dl = len(words) or 1
        for t in tokens:
            tf = words.count(t)
            idf = math.log(1 + (total - df[t] + 0.5) / (df[t] + 0.5))
            score += idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * dl / avgdl))
            if t in e.title.lower():
                score += idf  # a word in the title counts more
        source = get_source(e.source)
        hits.append(
            Hit(
                source=e.source,
                kind_label=str(source.label) if source else "",
                object_id=e.object_id,
                title=highlight(e.title, tokens, width=300),
                snippet=highlight(e.text, tokens),
                url=source.url(e.object_id) if source else "",
                year=e.year,
                state_label=e.state_label,
                score=round(score, 9),
            )
        )
    hits.sort(key=lambda h: (-h.score, h.source, -h.object_id))
    return hits


def suggest_titles(query: str, *, actor: Any, limit: int = 8) -> list[Hit]:
    return search(query, actor=actor)[:limit]


# --- the user dictionary ----------------------------------------------------------------------


def can_edit_dictionary(actor: Any) -> bool:
    return scope_of(actor).has(*DICTIONARY_ROLES)


def _ensure_editor(actor: Any) -> None:
    if not can_edit_dictionary(actor):
        raise PermissionDeniedError(_("您没有维护检索词典的权限。"))


@transaction.atomic
def add_user_word(*, actor: Any, word: str, note: str = "") -> UserWord:
    _ensure_editor(actor)
    word = (word or "").strip()
    if not word:
        raise ValidationFailed(_("请填写词语。"), field="word")
    if len(word) > 40 or any(c.isspace() for c in word):
        raise ValidationFailed(_("词语不能含空格，且不超过40个字。"), field="word")
    if UserWord.objects.filter(word=word).exists():
        raise ValidationFailed(_("词典中已有该词语。"), field="word")
    entry = UserWord.objects.create(word=word, note=(note or "").strip()[:100], created_by=actor)
    record_event(
        actor=actor, action="search.word_add", target=entry, after={"word": word, "note": entry.note}
    )
    segment.add_word(word)
    transaction.on_commit(enqueue_rebuild)
    return entry


@transaction.atomic
def delete_user_word(*, actor: Any, word_id: int) -> None:
    _ensure_editor(actor)
    entry = UserWord.objects.filter(pk=word_id).first()
    if entry is None:
        raise ValidationFailed(_("该词语不存在。"), field="word")
    record_event(actor=actor, action="search.word_delete", target=entry, before={"word": entry.word})
    entry.delete()
    segment.reset()
    transaction.on_commit(enqueue_rebuild)


def rebuild_index(*, actor: Any) -> None:
    """Staff ask for a rebuild: done as a background task."""
    _ensure_editor(actor)
    record_event(actor=actor, action="search.rebuild", after={"sources": "all"})
    enqueue_rebuild()


def enqueue_rebuild() -> None:
    from .tasks import rebuild_search_index_task

    rebuild_search_index_task.enqueue()


# --- similar suggestions (TF-IDF over jieba tokens) --------------------------------------------

SIMILAR_SOURCE = "case:suggestion"
SIMILAR_POOL = 5000


def _tfidf(words: list[str], idf: dict[str, float]) -> dict[str, float]:
    vec: dict[str, float] = {}
    for t in words:
        if len(t) > 1 and t in idf:
            vec[t] = vec.get(t, 0.0) + idf[t]
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def similar_suggestions(text: str, *, actor: Any, limit: int = 5, threshold: float = 0.2) -> list[Hit]:
    """Suggestions the actor may read that resemble ``text`` (cosine of TF-IDF vectors), best first."""
    words = segment.tokens(text)
    if not words:
        return []
    entries = list(SearchEntry.objects.filter(source=SIMILAR_SOURCE).order_by("-object_id")[:SIMILAR_POOL])
    source = get_source(SIMILAR_SOURCE)
    if source is None or not entries:
        return []
    docs = [(e, e.segmented.split()) for e in entries]
    n = len(docs)
    df: dict[str, int] = {}
    for _e, w in docs:
        for t in set(w):
            df[t] = df.get(t, 0) + 1
    idf = {t: math.log((1 + n) / (1 + c)) + 1 for t, c in df.items()}
    q = _tfidf(words, idf)
    scored = []
    for e, w in docs:
        d = _tfidf(w, idf)
        score = sum(v * d.get(t, 0.0) for t, v in q.items())
        if score >= threshold:
            scored.append((round(score, 9), e))
    allowed = source.visible_ids(actor, [e.object_id for _s, e in scored])
    scored = [(s, e) for s, e in scored if e.object_id in allowed]
    scored.sort(key=lambda p: (-p[0], -p[1].object_id))
    top = [t for t in q if t in text]
    return [
        Hit(
            source=e.source, kind_label=str(source.label), object_id=e.object_id,
            title=highlight(e.title, top, width=300), snippet=highlight(e.text, top), url=source.url(e.object_id),
            year=e.year, state_label=e.state_label, score=s,
        )
        for s, e in scored[:limit]
    ]  # fmt: skip
