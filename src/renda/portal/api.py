"""The open data API (``/api/v1/portal/…``): published data only, no sign-in (``auth=None``).

Mounted by the API app as ``api.add_router("/portal", renda.portal.api.router)``. Every operation
declares ``auth=None`` explicitly; the data comes from the same selectors as the portal pages.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from ninja import Field, Query, Router, Schema

from renda.api.filters import filter_params, filtered
from renda.api.schemas import ErrorOut, Id, PageParams, page_of, paginate

from . import opendata, selectors
from .choices import LICENCE_NAME, LICENCE_URL, Channel
from .filtersets import PublicSuggestionFilterSet

router = Router(tags=["门户开放数据"])
ERRORS = {400: ErrorOut, 404: ErrorOut}


class PublicCongressOut(Schema):
    id: int
    name: str
    level: str
    parent_id: int | None = None


class PublicDeputyOut(Schema):
    id: int = Field(..., description="代表资格编号")
    name: str
    gender: str
    ethnicity: str
    party: str
    occupation_category: str
    constituency: str
    delegation: str
    group: str
    station: str
    published_suggestions: int


class PublicSuggestionOut(Schema):
    id: int
    number: str
    year: int
    session: str
    type: str
    category: str
    title: str
    deputy: str = Field(..., description="提出建议的代表")
    content: str = Field(..., description="建议内容")
    lead_unit: str = Field(..., description="主办单位")
    lead_unit_person: str = Field(..., description="主办单位负责人")
    supervising_body: str = Field(..., description="督办机关")
    supervising_person: str = Field(..., description="督办负责人")
    plan: str = Field(..., description="办理方案")
    reply_class: str = Field(..., description="答复类别 A/B/C/D")
    result: str = Field(..., description="办理结果(答复内容)")
    replied_at: dt.datetime | None = None
    published_at: dt.datetime | None = None


class PublicAnswerOut(Schema):
    id: int
    suggestion_number: str
    suggestion_title: str
    unit: str
    round: int
    reply_class: str
    signing_leader: str
    is_final: bool
    replied_at: dt.datetime
    text: str


class YearOut(Schema):
    year: int
    total: int
    answered: int
    class_a: int
    class_b: int
    class_c: int
    class_d: int
    solved_rate: str | None = Field(
        None,
        description="已解决或列入计划解决(A、B类)占已答复的比例(%),按本级人大设定的小数位数四舍五入的文本,"
        '如 "66.7";无答复时为 null',
    )


class ArticleOut(Schema):
    id: int
    channel: str
    title: str
    summary: str
    published_at: dt.datetime


class ArticleDetailOut(ArticleOut):
    body: str = Field(..., description="正文(已清理的 HTML)")


class CongressParam(Schema):
    c: Id | None = Field(None, description="人大编号;不填为默认人大(第一个县级人大)")


# The public list's query parameters are the portal page's filter set.
SuggestionParams = filter_params(PublicSuggestionFilterSet, "PublicSuggestionQuery", base=CongressParam)


class ArticleParams(CongressParam):
    channel: str = Field("", pattern="^(|news|notice|gazette|rules|report)$", description="栏目")
    q: str = Field("", max_length=100)


DeputyPage = page_of(PublicDeputyOut, "PortalDeputyPage")
SuggestionPage = page_of(PublicSuggestionOut, "PortalSuggestionPage")
AnswerPage = page_of(PublicAnswerOut, "PortalAnswerPage")
ArticlePage = page_of(ArticleOut, "PortalArticlePage")


def _congress(c: int | None) -> Any:
    return selectors.portal_congress(c)


class _Mapped:
    """Paginate a queryset, then map the page's rows to plain public rows."""

    def __init__(self, qs: Any, fn: Any):
        self.qs, self.fn = qs, fn

    def page(self, params: PageParams) -> dict[str, Any]:
        result = paginate(self.qs, params)
        result["results"] = [self.fn(x) for x in result["results"]]
        return result


@router.get("/congresses", auth=None, response=list[PublicCongressOut], summary="开通门户的人大")
def congresses(request: Any) -> Any:
    return [
        PublicCongressOut(id=c.pk, name=c.name, level=c.level, parent_id=c.parent_id)
        for c in selectors.public_congresses()
    ]


@router.get("/deputies", auth=None, response={200: DeputyPage, **ERRORS}, summary="人大代表(公开字段)")
def deputies(request: Any, where: Query[CongressParam], page: Query[PageParams]) -> Any:
    congress = _congress(where.c)
    return _Mapped(selectors.public_mandates(congress), selectors.deputy_row).page(page)


@router.get("/deputies/popolo", auth=None, response={200: dict, **ERRORS}, summary="人大代表(Popolo 格式)")
def deputies_popolo(request: Any, where: Query[CongressParam]) -> Any:
    return opendata.popolo(_congress(where.c))


@router.get(
    "/suggestions", auth=None, response={200: SuggestionPage, **ERRORS}, summary="公开的代表建议(六公开)"
)
def suggestions(request: Any, where: Query[SuggestionParams], page: Query[PageParams]) -> Any:
    congress = _congress(where.c)
    rows = filtered(PublicSuggestionFilterSet, where, selectors.public_suggestions(congress), user=None)
    body = selectors.supervising_body(congress)
    return _Mapped(rows, lambda s: selectors.six_items(s, body, congress)).page(page)


@router.get(
    "/suggestions/{suggestion_id}",
    auth=None,
    response={200: PublicSuggestionOut, **ERRORS},
    summary="一件公开建议",
)
def suggestion(request: Any, suggestion_id: Id, where: Query[CongressParam]) -> Any:
    return selectors.public_suggestion(_congress(where.c), suggestion_id)


@router.get("/answers", auth=None, response={200: AnswerPage, **ERRORS}, summary="公开建议的答复")
def answers(request: Any, where: Query[CongressParam], page: Query[PageParams]) -> Any:
    return _Mapped(selectors.published_answers(_congress(where.c)), selectors.answer_row).page(page)


@router.get("/statistics", auth=None, response={200: list[YearOut], **ERRORS}, summary="年度统计")
def statistics(request: Any, where: Query[CongressParam]) -> Any:
    return list(opendata.rows("statistics", _congress(where.c)))


@router.get("/articles", auth=None, response={200: ArticlePage, **ERRORS}, summary="已发布的文章")
def articles(request: Any, where: Query[ArticleParams], page: Query[PageParams]) -> Any:
    return paginate(selectors.public_articles(_congress(where.c), channel=where.channel, q=where.q), page)


@router.get(
    "/articles/{article_id}", auth=None, response={200: ArticleDetailOut, **ERRORS}, summary="一篇文章"
)
def article(request: Any, article_id: Id, where: Query[CongressParam]) -> Any:
    return selectors.public_article(_congress(where.c), article_id)


@router.get("/licence", auth=None, response=dict, summary="开放数据许可")
def licence(request: Any) -> Any:
    return {"name": LICENCE_NAME, "url": LICENCE_URL, "channels": {k: str(v) for k, v in Channel.choices}}
