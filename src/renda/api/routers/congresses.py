"""Congresses the caller may read (their own and, for staff-like roles, those below)."""

from django.db.models import Q
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema

from renda.api.schemas import ErrorOut, Id, PageParams, page_of, paginate, text
from renda.core.choices import CongressLevel
from renda.core.models import Congress

router = Router(tags=["人大"])


class CongressRef(Schema):
    id: int = Field(..., description="编号")
    name: str = Field(..., description="名称")
    level: str = Field(
        ..., description="层级:national 全国、province 省级、city 市级、county 县级、township 乡镇"
    )


class CongressOut(CongressRef):
    level_label: str = Field(..., description="层级(中文)")
    region_name: str = Field(..., description="行政区")
    region_code: str = Field(..., description="行政区划代码")
    parent_id: int | None = Field(None, description="上级人大编号")
    is_active: bool = Field(..., description="是否启用")

    @staticmethod
    def resolve_level_label(obj: Congress) -> str:
        return str(obj.get_level_display())


CongressPage = page_of(CongressOut, "CongressPage")


class CongressFilters(PageParams):
    level: CongressLevel | None = Field(None, description="按层级筛选")
    parent: Id | None = Field(None, description="按上级人大编号筛选")
    q: text(100) | None = Field(None, description="按名称或行政区搜索")  # type: ignore[valid-type]


@router.get("", response=CongressPage, summary="人大列表")
def list_congresses(request, filters: Query[CongressFilters]):
    """当前用户可见的人大:本级,以及(工作人员等角色)其下各级。"""
    qs = Congress.objects.visible_to(request.auth)
    if filters.level:
        qs = qs.filter(level=filters.level)
    if filters.parent:
        qs = qs.filter(parent_id=filters.parent)
    if filters.q:
        qs = qs.filter(Q(name__icontains=filters.q) | Q(region_name__icontains=filters.q))
    return paginate(qs.order_by("path"), filters)


@router.get("/{id}", response={200: CongressOut, 404: ErrorOut}, summary="人大详情")
def get_congress(request, id: Id):
    """一个人大;不存在或不在可见范围内时答复 404。"""
    return get_object_or_404(Congress.objects.visible_to(request.auth), pk=id)
