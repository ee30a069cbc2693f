"""Shared schema pieces: the error body, ids, safe text, pagination."""

from __future__ import annotations

from datetime import datetime
from typing import Annotated, Any, TypeVar

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext
from ninja import Field, Schema
from pydantic import AfterValidator, ConfigDict, create_model

from renda.core.text import has_control_characters

# Ids are positive and fit a 64-bit signed integer column (bigger ones cannot exist).
MAX_ID = 2**63 - 1
MAX_PAGE_SIZE = 200
DEFAULT_PAGE_SIZE = 50
MAX_PAGE = 1_000_000
MAX_QUERY_TEXT = 100


def _no_control_characters(value: str) -> str:
    if has_control_characters(value):
        raise ValueError(gettext("不能包含控制字符。"))
    return value


def _sane_datetime(value: datetime) -> datetime:
    """Naive times are read in the default zone (Asia/Shanghai); years outside 1900–2999 are refused."""
    if timezone.is_naive(value):
        value = timezone.make_aware(value)
    if not 1900 <= value.year <= 2999:
        raise ValueError(gettext("时间超出范围(1900—2999 年)。"))
    return value


Id = Annotated[int, Field(ge=1, le=MAX_ID)]
DateTimeIn = Annotated[datetime, AfterValidator(_sane_datetime)]
SafeStr = Annotated[str, AfterValidator(_no_control_characters)]


def text(max_length: int, *, min_length: int = 0, description: str = "") -> Any:
    """A text field without control characters and at most ``max_length`` characters."""
    return Annotated[
        str,
        Field(min_length=min_length, max_length=max_length, description=description),
        AfterValidator(_no_control_characters),
    ]


class ErrorOut(Schema):
    code: str = Field(..., description="稳定的错误代码,如 invalid、not_found")
    message: str = Field(..., description="中文错误说明")
    fields: dict[str, str] = Field(default_factory=dict, description="出错的字段及其中文说明")


class InputSchema(Schema):
    """Request bodies: unknown fields are refused, so a misspelt field is never silently ignored."""

    model_config = ConfigDict(extra="forbid")


class PageParams(Schema):
    page: int = Field(1, ge=1, le=MAX_PAGE, description="页码,从 1 开始")
    page_size: int = Field(
        DEFAULT_PAGE_SIZE,
        ge=1,
        le=MAX_PAGE_SIZE,
        description=f"每页条数,最多 {MAX_PAGE_SIZE}",
    )


T = TypeVar("T")


def page_of(item: type[Schema], name: str) -> type[Schema]:
    """A page schema ``{count, page, page_size, results: [item]}`` named ``name``."""
    return create_model(  # type: ignore[call-overload, no-any-return]
        name,
        __base__=Schema,
        count=(int, Field(..., description="符合条件的总条数")),
        page=(int, Field(..., description="当前页码")),
        page_size=(int, Field(..., description="每页条数")),
        results=(list[item], Field(..., description="本页的记录")),  # type: ignore[valid-type]
    )


def paginate(queryset: QuerySet, params: PageParams) -> dict[str, Any]:
    count = queryset.count()
    start = (params.page - 1) * params.page_size
    rows = list(queryset[start : start + params.page_size]) if start < count else []
    return {"count": count, "page": params.page, "page_size": params.page_size, "results": rows}
