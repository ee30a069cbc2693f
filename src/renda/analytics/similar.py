"""Similar suggestions (相似建议): TF-IDF over jieba words plus character bigrams of the titles.

The model is plain Python over the stored tokens (``SearchEntry.segmented``), offline, nothing
downloaded. ``score`` is the one scoring function: the evaluation on the labelled public set
(``bench/similar_eval.py``) and the panel the deputies and staff see both call it.

Candidates come from the backend's full-text index (FTS5 on SQLite, the GIN index on PostgreSQL):
for each query word the newest ``POSTING_CAP`` rows holding it. A word found in fewer rows than the
cap is selective, its rows are all candidates and its document frequency is exact; a word found in
more rows is common (its idf is small anyway) and only counts in the score.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection

from . import segment

# Words of official boilerplate that say nothing about the problem raised.
STOP_WORDS = frozenset(
    """关于 建议 提案 议案 意见 的 对 和 与 及 在 进一步 加强 加大 加快 推进 做好 切实 尽快 问题 解决
    有关 相关 工作 情况 要求 请求 希望 我市 我县 我区 我镇 全县 全市 实施 开展 提高 提升 完善 建立 健全
    能否 何时 至今 今年 代表 委员 政府 部门 群众""".split()
)
_CJK = re.compile(r"[\u4e00-\u9fff]+")
_STOP_PHRASES = re.compile(
    "|".join(sorted((w for w in STOP_WORDS if len(w) > 1), key=len, reverse=True)) + "|的"
)

# Tuned on the labelled public set (bench/similar_eval.py; figures in docs/performance.md).
WORD_WEIGHT = 0.5
BIGRAM_WEIGHT = 0.5
THRESHOLD = 0.10
POSTING_CAP = 400
MAX_CANDIDATES = 150
MAX_QUERY_WORDS = 16
DOC_WORD_DF = 0.01


def words(text: str) -> list[str]:
    """The content words of ``text``: jieba's search tokens of two characters or more, no boilerplate."""
    return [t for t in segment.tokens(text) if len(t) > 1 and t not in STOP_WORDS]


def stored_words(segmented: str) -> list[str]:
    return [t for t in segmented.split() if len(t) > 1 and t not in STOP_WORDS]


def bigrams(title: str) -> list[str]:
    """Character bigrams of a title's Chinese runs, boilerplate phrases removed (for short titles)."""
    out: list[str] = []
    for run in _CJK.findall(_STOP_PHRASES.sub(" ", title or "")):
        out.extend(run[i : i + 2] for i in range(len(run) - 1))
    return out


def _vector(items: Iterable[str], idf: dict[str, float], default: float) -> dict[str, float]:
    vec: dict[str, float] = {}
    for t, tf in Counter(items).items():
        w = idf.get(t, default)
        if w > 0:
            vec[t] = (1 + math.log(tf)) * w
    norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
    return {t: v / norm for t, v in vec.items()}


def _cos_doc(q: dict[str, float], items: Iterable[str], idf: dict[str, float], default: float) -> float:
    """Cosine of the (normalised) query vector ``q`` with the TF-IDF vector of ``items``, computed
    without building the document's vector."""
    dot = norm2 = 0.0
    for t, tf in Counter(items).items():
        w = idf.get(t, default)
        if w <= 0:
            continue
        w *= 1 + math.log(tf) if tf > 1 else 1.0
        norm2 += w * w
        qv = q.get(t)
        if qv:
            dot += qv * w
    return dot / math.sqrt(norm2) if norm2 else 0.0


def _cos(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    return sum(v * b.get(t, 0.0) for t, v in a.items())


def idf_of(df: int, n: int) -> float:
    return math.log((n + 1) / (df + 1)) + 0.1


@dataclass(frozen=True)
class Candidate:
    key: Any
    title: str
    words: Sequence[str]


def score(
    query_title: str,
    query_words: Sequence[str],
    candidates: Sequence[Candidate],
    *,
    df: dict[str, int],
    n: int,
) -> list[tuple[float, Any]]:
    """(score, key) of every candidate, best first: WORD_WEIGHT × cosine of word TF-IDF vectors +
    BIGRAM_WEIGHT × cosine of title-bigram TF-IDF vectors (bigram idf over the candidates)."""
    if not candidates:
        return []
    n = max(n, 1)
    idf = {t: idf_of(c, n) for t, c in df.items()}
    unknown = idf_of(0, n)
    # a candidate's words beyond the query's: their df is not looked up (one probe per query word
    # only); they count as moderately rare words
    other = idf_of(max(1, int(n * DOC_WORD_DF)), n)
    q = _vector(query_words, idf, unknown)
    cand_bigrams = [bigrams(c.title) for c in candidates]
    bdf: Counter[str] = Counter()
    for bg in cand_bigrams:
        bdf.update(set(bg))
    m = len(candidates)
    bidf = {t: idf_of(c, m) for t, c in bdf.items()}
    qb = _vector(bigrams(query_title), bidf, idf_of(0, m))
    out = []
    for c, bg in zip(candidates, cand_bigrams, strict=True):
        s = WORD_WEIGHT * _cos_doc(q, c.words, idf, other) + BIGRAM_WEIGHT * _cos_doc(qb, bg, bidf, 0.0)
        out.append((round(s, 9), c.key))
    out.sort(key=lambda p: (-p[0], str(p[1])))
    return out


# --- candidates from the database's full-text index --------------------------------------------------


def postings(token: str, source: str, cap: int = POSTING_CAP) -> list[int]:
    """Ids of ``cap + 1`` index entries of ``source`` holding ``token`` (one index probe): the newest on
    SQLite (FTS5 reads its rowids backwards for free); on PostgreSQL any, in table order — with an
    ORDER BY the planner walks the primary key backwards computing to_tsvector on every row (1.9 s
    for a common word at 200,000 rows) instead of reading the GIN index."""
    with connection.cursor() as cur:
        if connection.vendor == "sqlite":
            cur.execute(
                "SELECT e.id FROM analytics_search_fts f JOIN analytics_searchentry e ON e.id = f.rowid "
                "WHERE analytics_search_fts MATCH %s AND e.source = %s ORDER BY f.rowid DESC LIMIT %s",
                ['"' + token.replace('"', '""') + '"', source, cap + 1],
            )
        else:
            cur.execute(
                "SELECT id FROM analytics_searchentry WHERE to_tsvector('simple', segmented) "
                "@@ plainto_tsquery('simple', %s) AND source = %s LIMIT %s",
                [token, source, cap + 1],
            )
        return [r[0] for r in cur.fetchall()]


def source_size(source: str) -> int:
    from .models import SearchEntry

    return SearchEntry.objects.filter(source=source).count()


def find_similar(
    title: str,
    body: str,
    *,
    source: str,
    exclude: Iterable[int] = (),
    limit: int = 5,
    threshold: float = THRESHOLD,
) -> list[tuple[float, Any]]:
    """(score, SearchEntry) of the entries of ``source`` most like the draft, best first, above
    ``threshold``, before any scope check (the caller keeps what the reader may see)."""
    from .models import SearchEntry

    qwords = words(f"{title} {body}")
    distinct = list(dict.fromkeys(qwords))
    if not distinct and not bigrams(title):
        return []
    title_words = set(words(title))
    distinct.sort(key=lambda t: (t not in title_words, -len(t)))
    distinct = distinct[:MAX_QUERY_WORDS]
    df: dict[str, int] = {}
    hits: Counter[int] = Counter()
    n = source_size(source)
    lists = {t: postings(t, source) for t in distinct}
    selective = {t: ids for t, ids in lists.items() if len(ids) <= POSTING_CAP}
    use = selective or lists
    for t, ids in lists.items():
        df[t] = len(ids) if t in selective else max(len(ids), n // 10)
    for t, ids in use.items():
        w = idf_of(df[t], n)
        for i in ids:
            hits[i] += w
    excluded = set(exclude)
    ranked = [i for i, _w in hits.most_common(MAX_CANDIDATES)]
    rows = SearchEntry.objects.filter(pk__in=ranked).exclude(object_id__in=excluded)
    entries = {e.pk: e for e in rows.only("id", "object_id", "title", "segmented", "year", "state_label")}
    cands = [Candidate(e.pk, e.title, stored_words(e.segmented)) for e in entries.values()][
        : MAX_CANDIDATES * 2
    ]
    scored = score(title or body[:60], qwords, cands, df=df, n=n)
    return [(s, entries[k]) for s, k in scored if s >= threshold][: max(limit * 4, limit)]


# --- the panel: scoped hits with the unit's answer --------------------------------------------------

SOURCE = "case:suggestion"


@dataclass
class SimilarHit:
    case_id: int
    suggestion_id: int | None
    number: str
    title: str
    year: int | None
    state_label: str
    url: str
    score: float
    reply_unit: str = ""
    reply_excerpt: str = ""
    can_merge: bool = False


def _excerpt(text: str, width: int = 120) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= width else text[:width] + "…"


def similar_panel(
    *, actor: Any, title: str, body: str = "", case: Any = None, limit: int = 5
) -> list[SimilarHit]:
    """The suggestions most like a draft (or a submitted suggestion ``case``) that ``actor`` may read:
    their own and every case their role lets them read, plus the published ones, with the answering
    unit's reply; on a case under review, which of them it may be merged into (并案)."""
    from django.urls import reverse

    from renda.cases.models import Case
    from renda.cases.policies import transition_allowed
    from renda.suggestions.models import Suggestion
    from renda.suggestions.selectors import public_suggestions
    from renda.suggestions.services import MERGE_TARGET_STATES

    from .sources import get_source

    source = get_source(SOURCE)
    if source is None or not (title or body).strip():
        return []
    exclude = [case.pk] if case is not None else []
    if case is not None:
        exclude += list(
            Suggestion.objects.filter(merged_into__case_id=case.pk).values_list("case_id", flat=True)
        )
    found = find_similar(title, body, source=SOURCE, exclude=exclude, limit=limit)
    ids = [e.object_id for _s, e in found]
    readable = source.visible_ids(actor, ids)
    published = dict(public_suggestions().filter(case_id__in=ids).values_list("case_id", "pk"))
    keep = [(s, e) for s, e in found if e.object_id in readable or e.object_id in published][:limit]
    if not keep:
        return []
    kept = [e.object_id for _s, e in keep]
    cases = {c.pk: c for c in Case.objects.filter(pk__in=kept).only("id", "number", "state", "congress_id")}
    sugg = dict(Suggestion.objects.filter(case_id__in=kept).values_list("case_id", "pk"))
    replies: dict[int, Any] = {}
    from renda.cases.models import Reply

    for r in (
        Reply.objects.filter(case_id__in=kept)
        .select_related("assignment__organization")
        .order_by("replied_at", "id")
    ):
        replies[r.case_id] = r  # the latest reply of each case
    may_merge = case is not None and transition_allowed(case, actor, "merge") is not None
    out = []
    for s, e in keep:
        c = cases.get(e.object_id)
        if c is None:
            continue
        if e.object_id in readable:
            url = reverse("cases:detail", args=[c.pk])
        else:
            url = reverse("suggestions:public_detail", args=[published[c.pk]])
        reply = replies.get(c.pk)
        out.append(
            SimilarHit(
                case_id=c.pk,
                suggestion_id=sugg.get(c.pk),
                number=c.number,
                title=e.title,
                year=e.year,
                state_label=e.state_label,
                url=url,
                score=s,
                reply_unit=reply.assignment.organization.name if reply else "",
                reply_excerpt=_excerpt(reply.text) if reply else "",
                can_merge=bool(
                    may_merge
                    and sugg.get(c.pk)
                    and c.congress_id == case.congress_id
                    and c.state in MERGE_TARGET_STATES
                ),
            )
        )
    return out
