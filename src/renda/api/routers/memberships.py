"""Memberships (user ↔ organisation ↔ role): list, grant, revoke."""

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from renda.api.schemas import ErrorOut, Id, InputSchema, PageParams, page_of, paginate, text
from renda.core.choices import Role
from renda.core.errors import ValidationFailed
from renda.core.models import Membership, Organization, User
from renda.core.services import membership_grant, membership_revoke

router = Router(tags=["任职与角色"])


class MembershipOrganization(Schema):
    id: int = Field(..., description="机构编号")
    name: str = Field(..., description="机构名称")
    congress_id: int = Field(..., description="所属人大编号")
    congress_name: str = Field(..., description="所属人大名称")

    @staticmethod
    def resolve_congress_name(obj: Organization) -> str:
        return obj.congress.name


class MembershipOut(Schema):
    id: int = Field(..., description="编号")
    user_id: int = Field(..., description="用户编号")
    role: str = Field(..., description="角色")
    role_label: str = Field(..., description="角色(中文)")
    title: str = Field(..., description="职务")
    is_active: bool = Field(..., description="是否有效")
    organization: MembershipOrganization = Field(..., description="机构")

    @staticmethod
    def resolve_role_label(obj: Membership) -> str:
        return str(obj.get_role_display())


MembershipPage = page_of(MembershipOut, "MembershipPage")


class MembershipFilters(PageParams):
    user: Id | None = Field(None, description="按用户编号筛选")
    organization: Id | None = Field(None, description="按机构编号筛选")
    role: Role | None = Field(None, description="按角色筛选")
    active: bool | None = Field(None, description="按是否有效筛选")


class MembershipGrantIn(InputSchema):
    user: Id = Field(..., description="用户编号")
    organization: Id = Field(..., description="机构编号")
    role: Role = Field(..., description="角色")
    title: text(60, description="职务") = ""  # type: ignore[valid-type]


def _with_organization() -> QuerySet[Membership]:
    return Membership.objects.select_related("organization", "organization__congress")


def _visible(request) -> QuerySet[Membership]:
    return _with_organization().filter(pk__in=Membership.objects.visible_to(request.auth).values("pk"))


@router.get("", response=MembershipPage, summary="任职列表")
def list_memberships(request, filters: Query[MembershipFilters]):
    """可见范围内的任职记录(本人的,以及工作人员和管理员所管人大的)。"""
    qs = _visible(request)
    if filters.user:
        qs = qs.filter(user_id=filters.user)
    if filters.organization:
        qs = qs.filter(organization_id=filters.organization)
    if filters.role:
        qs = qs.filter(role=filters.role)
    if filters.active is not None:
        qs = qs.filter(is_active=filters.active)
    return paginate(qs.order_by("organization__congress__path", "organization__name", "pk"), filters)


@router.post("", response={201: MembershipOut, 400: ErrorOut, 403: ErrorOut}, summary="授予角色")
def grant_membership(request, payload: MembershipGrantIn):
    """把用户放入机构并授予角色。管理员角色只能由安全管理员授予,三员不得兼任。"""
    user = User.objects.visible_to(request.auth).filter(pk=payload.user).first()
    if user is None:
        raise ValidationFailed(_("所选用户不存在。"), field="user")
    organization = (
        Organization.objects.visible_to(request.auth)
        .select_related("congress")
        .filter(pk=payload.organization)
        .first()
    )
    if organization is None:
        raise ValidationFailed(_("所选机构不存在。"), field="organization")
    membership = membership_grant(
        actor=request.auth,
        user=user,
        organization=organization,
        role=payload.role,
        title=payload.title.strip(),
    )
    return Status(201, _with_organization().get(pk=membership.pk))


@router.post(
    "/{id}/revoke",
    response={200: MembershipOut, 403: ErrorOut, 404: ErrorOut},
    summary="撤销角色",
)
def revoke_membership(request, id: Id):
    """撤销一项任职(角色)。"""
    membership = get_object_or_404(_visible(request), pk=id)
    membership_revoke(actor=request.auth, membership=membership)
    return _with_organization().get(pk=membership.pk)
