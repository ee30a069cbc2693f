"""年度热点: the keywords of a congress's cases of one year, overall and by township, unit and category, with
their change from the year before.

Keywords come from jieba's TF-IDF extractor (``jieba.analyse.TFIDF``, its idf list shipped in the wheel) run
with Renda's tokenizer (the user dictionary: townships, units, staff words) and ``STOP_WORDS`` — the official
boilerplate every suggestion repeats (关于, 建议, 进一步, 加强, 问题 …). A word's count is the number of cases
that use it. The result is stored per congress × year in ``TopicSnapshot`` by a background task, marked stale
by every write to a case and recomputed after it, so the pages and the dashboard read one row.

Township and category of a case come from the kind (``register_topic_facets``): a suggestion's township is its
lead deputy's group's area and its category the suggestion category; any other kind's township is the case's
origin organisation (a township, or the township above a liaison station) and its category the kind's label.
The unit is the lead (or separately handling) unit.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

STOP_WORDS = frozenset(
    """
    关于 建议 进一步 加强 问题 希望 要求 相关 有关 工作 推进 推动 提高 提升 解决 完善 加快 加大 建立 健全
    我县 全县 县里 目前 当前 存在 情况 方面 部门 单位 政府 相关部门 有关部门 做好 落实 开展 实施 积极 切实
    进行 群众 人民群众 代表 人大代表 县人大 政协 委员 意见 批评 办理 答复 领导 重视 力度 措施 机制 强化
    一些 一定 没有 可以 需要 应当 已经 造成 导致 通过 根据 以及 其中 因为 所以 但是 由于 为了 我们 他们 这些
    这个 那些 非常 比较 严重 影响 确保 保障 促进 实现 继续 逐步 尽快 及时 给予 支持 帮助 协调 研究 考虑
    一是 二是 三是 四是 五是 第一 第二 第三 同时 此外 另外 今年 明年 去年 每年 近年来 近年 多年 年度 本县
    人大 县人大常委会 人大常委会 常委会 县委 县政府 人民政府 人民代表大会 一府 一委 两院 履职 依法 及其 事项
    负责人 意见建议 有关单位 承办单位 主办单位 办理情况 反映 提出 目前 工作人员 乡镇 县级 全县人民
    """.split()
)

# The kinds whose topics are counted: what deputies and residents raise (not the congress's own work items).
TOPIC_KINDS = {"suggestion", "constituent_opinion"}

TOP = 10  # keywords kept per group
OVERALL_TOP = 30


@dataclass(frozen=True)
class Facets:
    township: str = ""
    category: str = ""


FacetFn = Callable[[list[int]], dict[int, Facets]]
_FACETS: dict[str, FacetFn] = {}


def register_topic_facets(kind: str, fn: FacetFn | None = None) -> None:
    """Count a kind's cases in the topics; ``fn(case ids) -> {case id: Facets}`` tells their township and
    category (default: the origin organisation's township and the kind's label)."""
    TOPIC_KINDS.add(kind)
    if fn is not None:
        _FACETS[kind] = fn


_lock = threading.Lock()
_extractor: Any = None


def extractor() -> Any:
    """jieba's TF-IDF keyword extractor on Renda's tokenizer, with the boilerplate stop words."""
    global _extractor
    with _lock:
        if _extractor is None:
            import jieba.analyse

            from .segment import tokenizer

            ex = jieba.analyse.TFIDF()
            ex.tokenizer = tokenizer()
            ex.stop_words = set(ex.stop_words) | set(STOP_WORDS)
            _extractor = ex
        return _extractor


def reset() -> None:
    global _extractor
    with _lock:
        _extractor = None


def keywords(texts: list[str], top: int = TOP) -> list[tuple[str, float]]:
    """The ``top`` keywords of a group of texts, with jieba's TF-IDF weight."""
    if not texts:
        return []
    found = extractor().extract_tags("\n".join(texts), topK=top * 2, withWeight=True)
    out = [(w, float(s)) for w, s in found if len(w) >= 2 and not w.isdigit() and w not in STOP_WORDS]
    return out[:top]


def _case_words(text: str) -> set[str]:
    from .segment import tokenizer

    return {t for t in tokenizer().cut(text) if len(t) >= 2}


def _default_facets(case_ids: list[int]) -> dict[int, Facets]:
    from renda.cases.models import Case
    from renda.cases.policies import get_policy
    from renda.core.choices import OrganizationKind as K

    areas = {K.TOWNSHIP, K.SUBDISTRICT}
    out: dict[int, Facets] = {}
    for case in Case.objects.filter(pk__in=case_ids).select_related("origin_organization__parent"):
        org = case.origin_organization
        township = ""
        if org is not None:
            if org.kind in areas:
                township = org.name
            elif org.parent is not None and org.parent.kind in areas:
                township = org.parent.name
        try:
            category = str(get_policy(case.kind).label)
        except Exception:  # a kind no longer registered
            category = ""
        out[case.pk] = Facets(township, category)
    return out


def suggestion_facets(case_ids: list[int]) -> dict[int, Facets]:
    from renda.suggestions.models import Suggestion

    out = _default_facets(case_ids)
    rows = Suggestion.objects.filter(case_id__in=case_ids).values_list(
        "case_id", "category__name", "lead_mandate__group__area__name"
    )
    for case_id, category, area in rows:
        base = out.get(case_id, Facets())
        out[case_id] = Facets(area or base.township, category or base.category)
    return out


def _texts(congress_id: int, year: int) -> dict[int, tuple[str, str]]:
    from renda.cases.models import Case

    rows = (
        Case.objects.filter(congress_id=congress_id, year=year, kind__in=sorted(TOPIC_KINDS))
        .exclude(state="draft")
        .values_list("pk", "kind", "title", "body")
    )
    return {pk: (kind, f"{title}\n{body}") for pk, kind, title, body in rows}


def compute(congress_id: int, year: int) -> dict[str, Any]:
    """The topics of one congress and year (what the snapshot stores)."""
    from renda.cases.choices import ANSWERING_ROLES
    from renda.cases.models import Assignment, Case

    cases = _texts(congress_id, year)
    ids = sorted(cases)
    facets: dict[int, Facets] = {}
    by_kind: dict[str, list[int]] = {}
    for pk in ids:
        by_kind.setdefault(cases[pk][0], []).append(pk)
    for kind, kind_ids in by_kind.items():
        facets.update(_FACETS.get(kind, _default_facets)(kind_ids))
    units: dict[int, list[str]] = {}
    for case_id, name in Assignment.objects.filter(
        case_id__in=ids, role__in=list(ANSWERING_ROLES)
    ).values_list("case_id", "organization__name"):
        units.setdefault(case_id, []).append(name)
    words_of = {pk: _case_words(cases[pk][1]) for pk in ids}
    last = _texts(congress_id, year - 1)
    last_df: Counter = Counter()
    for _kind, text in last.values():
        last_df.update(_case_words(text))

    def group(members: list[int], top: int) -> list[dict[str, Any]]:
        found = keywords([cases[pk][1] for pk in members], top)
        out = []
        for word, weight in found:
            count = sum(1 for pk in members if word in words_of[pk])
            out.append({"word": word, "weight": round(weight, 4), "count": count})
        return out

    overall = group(ids, OVERALL_TOP)
    for row in overall:
        row["last"] = last_df.get(row["word"], 0)
        row["change"] = row["count"] - row["last"]
    groups: dict[str, dict[str, list[int]]] = {"township": {}, "unit": {}, "category": {}}
    for pk in ids:
        f = facets.get(pk, Facets())
        if f.township:
            groups["township"].setdefault(f.township, []).append(pk)
        if f.category:
            groups["category"].setdefault(f.category, []).append(pk)
        for name in units.get(pk, ()):
            groups["unit"].setdefault(name, []).append(pk)
    public_ids = set(Case.objects.filter(pk__in=ids, is_public=True).values_list("pk", flat=True))
    public = group(sorted(public_ids), TOP) if public_ids else []
    data: dict[str, Any] = {"overall": overall, "public": public, "last_year_cases": len(last)}
    for dim, members in groups.items():
        data[dim] = {name: {"cases": len(m), "topics": group(m, TOP)} for name, m in sorted(members.items())}
    return {"cases": len(ids), "data": data}


def recompute(congress_id: int, year: int) -> Any:
    """Compute and store the snapshot of one congress and year."""
    from renda.core import clock

    from .models import TopicSnapshot

    result = compute(congress_id, year)
    snap, _created = TopicSnapshot.objects.update_or_create(
        congress_id=congress_id,
        year=year,
        defaults={
            "computed_at": clock.now(),
            "cases": result["cases"],
            "data": result["data"],
            "stale": False,
        },
    )
    return snap


def mark_stale(congress_id: int, year: int) -> None:
    """A case of that year changed: its snapshot and next year's (whose change it is) are recomputed, queued
    once while stale. A year without a snapshot gets a stale placeholder (computed at first visit or by the task)."""
    from django.db import transaction

    from renda.core import clock

    from .models import TopicSnapshot

    for y in (year, year + 1):
        snap = TopicSnapshot.objects.filter(congress_id=congress_id, year=y).only("stale").first()
        if snap is None:
            if y != year:
                continue
            snap, created = TopicSnapshot.objects.get_or_create(
                congress_id=congress_id, year=y, defaults={"computed_at": clock.now(), "stale": True}
            )
            if not created:
                continue
        elif snap.stale or not TopicSnapshot.objects.filter(pk=snap.pk, stale=False).update(stale=True):
            continue
        transaction.on_commit(lambda y=y: _enqueue(congress_id, y))


def _enqueue(congress_id: int, year: int) -> None:
    from .tasks import recompute_topics_task

    recompute_topics_task.enqueue(congress_id, year)


def snapshot(congress_id: int, year: int) -> Any:
    """The stored snapshot (computed now when there is none yet: the first visit of a new year)."""
    from .models import TopicSnapshot

    snap = TopicSnapshot.objects.filter(congress_id=congress_id, year=year).first()
    if snap is None or (snap.stale and not snap.data):  # never computed: the placeholder of a first change
        return recompute(congress_id, year)
    return snap


def topics_of(snap: Any, *, township: str = "", unit: str = "", category: str = "") -> list[dict[str, Any]]:
    """The keywords of the chosen group (a township, a unit or a category; overall without one)."""
    data = snap.data or {}
    for dim, value in (("township", township), ("unit", unit), ("category", category)):
        if value:
            return list((data.get(dim, {}).get(value) or {}).get("topics", []))
    return list(data.get("overall", []))


def group_names(snap: Any, dim: str) -> list[str]:
    return sorted((snap.data or {}).get(dim, {}).keys())


def bar_chart(rows: Iterable[dict[str, Any]], *, this_year: int, with_last: bool = True) -> dict[str, Any]:
    """An ECharts option: the keywords as horizontal bars, this year's cases beside last year's."""
    rows = list(rows)[:15][::-1]
    series = [{"name": str(this_year), "type": "bar", "data": [r["count"] for r in rows]}]
    if with_last and any("last" in r for r in rows):
        series.append({"name": str(this_year - 1), "type": "bar", "data": [r.get("last", 0) for r in rows]})
    return {
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 8, "right": 16, "top": 28, "bottom": 8, "containLabel": True},
        "xAxis": {"type": "value", "minInterval": 1},
        "yAxis": {"type": "category", "data": [r["word"] for r in rows]},
        "series": series,
    }


# --- the dashboard panel, the portal block, the wiring ------------------------------------------------


def dashboard_panels(user: Any, congress: Any, year: int) -> list[Any]:
    """年度热点 on the leaders' dashboard: the ten most frequent keywords, each linking to the search."""
    from urllib.parse import urlencode

    from django.urls import reverse
    from django.utils.translation import gettext as _

    from renda.web.figures import Figure, FigurePanel

    snap = snapshot(congress.pk, year)
    rows = topics_of(snap)[:10]
    page = f"{reverse('insight:topics')}?{urlencode({'congress': congress.pk, 'year': year})}"
    return [
        FigurePanel(
            key=f"topics-{congress.pk}",
            title=_("%(y)s年度热点") % {"y": year},
            # Keywords are drawn, not listed: a keyword's number counts the cases using the word, which no
            # list page shows as such (the dashboard's rule: a listed number is its list's count).
            figures=[Figure(title=_("分析案件"), value=snap.cases, url=page, icon="chat-text", tint="gold")],
            rows_empty=_("该年度暂无案件。"),
            chart={
                "kind": "bar",
                "categories": [r["word"] for r in rows],
                "values": [r["count"] for r in rows],
                "name": _("案件数"),
                "label": _("年度热点关键词"),
            }
            if rows
            else None,  # fmt: skip
            link=page,
            link_label=_("查看全部热点"),
            order=60,
        )
    ]


def public_topics(congress: Any, year: int) -> list[dict[str, Any]]:
    """The portal's block: keywords of the year's published cases only (nothing unpublished shows)."""
    if congress is None:
        return []
    return list((snapshot(congress.pk, year).data or {}).get("public", []))


def _case_saved(sender: Any, instance: Any, **kwargs: Any) -> None:
    if kwargs.get("raw") or not instance.congress_id or not instance.year or instance.kind not in TOPIC_KINDS:
        return
    mark_stale(instance.congress_id, instance.year)


def install() -> None:
    from django.apps import apps
    from django.db.models.signals import post_delete, post_save

    from renda.web.dashboard import register_dashboard_panel

    register_topic_facets("suggestion", suggestion_facets)
    register_dashboard_panel("topics", dashboard_panels, order=60, requires_app="analytics")
    case = apps.get_model("cases.Case")
    post_save.connect(_case_saved, sender=case, dispatch_uid="topics:case")
    post_delete.connect(_case_saved, sender=case, dispatch_uid="topics-del:case")
