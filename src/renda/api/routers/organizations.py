"""Organisations: list with filters, detail, create, update, activate and deactivate."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from renda.api.filters import filter_params, filtered
from renda.api.schemas import ErrorOut, Id, InputSchema, page_of, paginate, text
from renda.core.choices import OrganizationKind
from renda.core.errors import ValidationFailed
from renda.core.filtersets_accounts import OrganizationFilterSet
from renda.core.models import Congress, Organization
from renda.core.permissions import ensure_can_view
from renda.core.services import organization_create, organization_set_active, organization_update

from .congresses import CongressRef

router = Router(tags=["机构"])

OrgName = text(120, min_length=1, description="名称")
ShortName = text(40, description="简称")
Person = text(50, description="负责人")
Phone = text(30, description="联系电话")
Address = text(200, description="地址")


class OrganizationRef(Schema):
    id: int = Field(..., description="编号")
    name: str = Field(..., description="名称")
    kind: str = Field(..., description="类别")


class OrganizationOut(OrganizationRef):
    kind_label: str = Field(..., description="类别(中文)")
    short_name: str = Field(..., description="简称")
    congress: CongressRef = Field(..., description="所属人大")
    parent_id: int | None = Field(None, description="上级机构编号")
    responsible_person: str = Field(..., description="负责人")
    phone: str = Field(..., description="联系电话")
    address: str = Field(..., description="地址")
    sort_order: int = Field(..., description="排序")
    is_active: bool = Field(..., description="是否启用")

    @staticmethod
    def resolve_kind_label(obj: Organization) -> str:
        return str(obj.get_kind_display())


OrganizationPage = page_of(OrganizationOut, "OrganizationPage")


OrganizationQuery = filter_params(OrganizationFilterSet, "OrganizationQuery")


class OrganizationCreateIn(InputSchema):
    congress: Id = Field(..., description="所属人大编号")
    name: OrgName
    kind: OrganizationKind = Field(..., description="类别")
    parent: Id | None = Field(None, description="上级机构编号")
    short_name: ShortName = ""
    responsible_person: Person = ""
    phone: Phone = ""
    address: Address = ""
    sort_order: int = Field(100, ge=0, le=2_147_483_647, description="排序,小的在前")


class OrganizationUpdateIn(InputSchema):
    """只修改提交了的字段;parent 为 null 表示取消上级机构。"""

    name: OrgName = None
    kind: OrganizationKind = Field(None, description="类别")
    parent: Id | None = Field(None, description="上级机构编号")
    short_name: ShortName = None
    responsible_person: Person = None
    phone: Phone = None
    address: Address = None
    sort_order: int = Field(None, ge=0, le=2_147_483_647, description="排序,小的在前")


def _visible(request) -> QuerySet[Organization]:
    return Organization.objects.visible_to(request.auth).select_related("congress")


def _parent_for(request, parent_id: int | None) -> Organization | None:
    if parent_id is None:
        return None
    parent = Organization.objects.visible_to(request.auth).filter(pk=parent_id).first()
    if parent is None:
        raise ValidationFailed(_("所选上级机构不存在。"), field="parent")
    return parent


@router.get("", response={200: OrganizationPage, 403: ErrorOut}, summary="机构列表")
def list_organizations(request, filters: Query[OrganizationQuery]):  # type: ignore[valid-type]
    """当前用户可见的机构(系统管理员和人大工作人员可用,与“机构管理”页面相同),可按类别、人大、
    上级机构、启用状态筛选,按名称搜索。"""
    ensure_can_view(request.auth, "organizations")
    qs = filtered(OrganizationFilterSet, filters, _visible(request), user=request.auth)
    return paginate(qs.order_by("congress__path", "sort_order", "name", "pk"), filters)


@router.get("/{id}", response={200: OrganizationOut, 403: ErrorOut, 404: ErrorOut}, summary="机构详情")
def get_organization(request, id: Id):
    """一个机构;不存在或不在可见范围内时答复 404。"""
    ensure_can_view(request.auth, "organizations")
    return get_object_or_404(_visible(request), pk=id)


@router.post("", response={201: OrganizationOut, 400: ErrorOut, 403: ErrorOut}, summary="新建机构")
def create_organization(request, payload: OrganizationCreateIn):
    """在一个人大下新建机构(系统管理员、本级人大工作人员)。"""
    congress = Congress.objects.visible_to(request.auth).filter(pk=payload.congress).first()
    if congress is None:
        raise ValidationFailed(_("所选人大不存在。"), field="congress")
    org = organization_create(
        actor=request.auth,
        congress=congress,
        name=payload.name,
        kind=payload.kind,
        parent=_parent_for(request, payload.parent),
        short_name=payload.short_name.strip(),
        responsible_person=payload.responsible_person.strip(),
        phone=payload.phone.strip(),
        address=payload.address.strip(),
        sort_order=payload.sort_order,
    )
    return Status(201, _visible(request).get(pk=org.pk))


@router.patch(
    "/{id}",
    response={200: OrganizationOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="修改机构",
)
def update_organization(request, id: Id, payload: OrganizationUpdateIn):
    """修改机构的部分字段。"""
    org = get_object_or_404(_visible(request), pk=id)
    changes = payload.model_dump(exclude_unset=True)
    for key in ("short_name", "responsible_person", "phone", "address"):
        if key in changes:
            changes[key] = changes[key].strip()
    if "parent" in changes:
        changes["parent"] = _parent_for(request, changes["parent"])
    organization_update(actor=request.auth, organization=org, **changes)
    return _visible(request).get(pk=org.pk)


@router.post(
    "/{id}/deactivate",
    response={200: OrganizationOut, 403: ErrorOut, 404: ErrorOut},
    summary="停用机构",
)
def deactivate_organization(request, id: Id):
    """停用机构;停用后其人员的角色随之失效。"""
    org = get_object_or_404(_visible(request), pk=id)
    organization_set_active(actor=request.auth, organization=org, active=False)
    return _visible(request).get(pk=org.pk)


@router.post(
    "/{id}/activate",
    response={200: OrganizationOut, 403: ErrorOut, 404: ErrorOut},
    summary="启用机构",
)
def activate_organization(request, id: Id):
    """重新启用一个已停用的机构。"""
    org = get_object_or_404(_visible(request), pk=id)
    organization_set_active(actor=request.auth, organization=org, active=True)
    return _visible(request).get(pk=org.pk)
