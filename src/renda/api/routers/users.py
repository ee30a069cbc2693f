"""Users: list (staff-like roles), detail, create (temporary password shown once), update, (de)activate."""

from django.core.exceptions import ValidationError as DjangoValidationError
from django.core.validators import validate_email
from django.db.models import Prefetch, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema, Status

from renda.api.auth import require_session
from renda.api.filters import filter_params, filtered
from renda.api.schemas import ErrorOut, Id, InputSchema, page_of, paginate, text
from renda.core.choices import Role
from renda.core.errors import ValidationFailed
from renda.core.filtersets_accounts import UserFilterSet
from renda.core.models import Membership, Organization, User
from renda.core.permissions import ensure_can_view
from renda.core.selectors import user_list
from renda.core.services import (
    user_create,
    user_reset_password,
    user_set_active,
    user_update,
)

from .memberships import MembershipOut

router = Router(tags=["用户"])

# Who may use the users API: the same permission as the “用户管理” pages (renda.core.permissions).
RESOURCE = "users"

Username = text(150, min_length=1, description="用户名(登录名),字母、数字和 @ . + - _")
FullName = text(50, min_length=1, description="姓名")
Phone = text(20, description="手机号")
Email = text(254, description="电子邮箱")
Title = text(60, description="职务")


class UserOut(Schema):
    id: int = Field(..., description="编号")
    username: str = Field(..., description="用户名")
    full_name: str = Field(..., description="姓名")
    phone: str = Field(..., description="手机号")
    email: str = Field(..., description="电子邮箱")
    is_active: bool = Field(..., description="是否有效")
    must_change_password: bool = Field(..., description="下次登录须修改密码")
    memberships: list[MembershipOut] = Field(..., description="有效的任职(机构与角色)")

    @staticmethod
    def resolve_memberships(obj: User) -> list[Membership]:
        prefetched = getattr(obj, "active_membership_list", None)
        if prefetched is not None:
            return prefetched
        return list(
            obj.memberships.filter(is_active=True).select_related("organization", "organization__congress")
        )


UserPage = page_of(UserOut, "UserPage")


UserQuery = filter_params(UserFilterSet, "UserQuery")


def _check_username(value: str) -> str:
    import re

    if not re.fullmatch(r"[\w.@+-]+", value):
        raise ValidationFailed(_("用户名只能包含字母、数字和 @ . + - _。"), field="username")
    return value


def _check_email(value: str) -> str:
    value = value.strip()
    if value:
        try:
            validate_email(value)
        except DjangoValidationError as exc:
            raise ValidationFailed(_("电子邮箱格式不正确。"), field="email") from exc
    return value


class UserCreateIn(InputSchema):
    organization: Id = Field(..., description="所在机构编号")
    username: Username
    full_name: FullName
    role: Role = Field(..., description="业务角色(管理员角色只能由安全管理员授予)")
    phone: Phone = ""
    email: Email = ""
    title: Title = ""


class UserCreatedOut(Schema):
    user: UserOut
    temporary_password: str = Field(..., description="临时密码,只返回这一次;用户首次登录须修改")


class UserUpdateIn(InputSchema):
    """只修改提交了的字段。"""

    full_name: FullName = None
    phone: Phone = None
    email: Email = None


class PasswordResetOut(Schema):
    sent_to: list[str] = Field(
        ..., description="临时密码已发送到的地方(脱敏的手机号、邮箱);密码本身只发给账号本人,不返回"
    )


def _visible(request) -> QuerySet[User]:
    active = Membership.objects.filter(is_active=True).select_related(
        "organization", "organization__congress"
    )
    return User.objects.visible_to(request.auth).prefetch_related(
        Prefetch("memberships", queryset=active, to_attr="active_membership_list")
    )


@router.get("", response={200: UserPage, 400: ErrorOut, 403: ErrorOut}, summary="用户列表")
def list_users(request, filters: Query[UserQuery]):
    """可见范围内的用户(安全管理员和人大工作人员可用,与“用户管理”页面相同),可搜索、按人大/机构/角色筛选。"""
    ensure_can_view(request.auth, RESOURCE)
    return paginate(
        filtered(UserFilterSet, filters, user_list(actor=request.auth), user=request.auth), filters
    )


@router.get("/{id}", response={200: UserOut, 403: ErrorOut, 404: ErrorOut}, summary="用户详情")
def get_user(request, id: Id):
    """一个用户;不存在或不在可见范围内时答复 404。"""
    ensure_can_view(request.auth, RESOURCE)
    return get_object_or_404(_visible(request), pk=id)


@router.post("", response={201: UserCreatedOut, 400: ErrorOut, 403: ErrorOut}, summary="新建用户")
def create_user(request, payload: UserCreateIn):
    """新建账号并放入一个机构、授予一个业务角色(安全管理员);返回一次性初始密码。
    涉及密码,只能在登录的网页会话中调用,不能使用 API 令牌。"""
    require_session(request)
    organization = (
        Organization.objects.visible_to(request.auth)
        .select_related("congress")
        .filter(pk=payload.organization)
        .first()
    )
    if organization is None:
        raise ValidationFailed(_("所选机构不存在。"), field="organization")
    user, password = user_create(
        actor=request.auth,
        organization=organization,
        username=_check_username(payload.username.strip()),
        full_name=payload.full_name,
        role=payload.role,
        phone=payload.phone,
        email=_check_email(payload.email),
        title=payload.title.strip(),
    )
    return Status(201, {"user": _visible(request).get(pk=user.pk), "temporary_password": password})


@router.patch(
    "/{id}", response={200: UserOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut}, summary="修改用户"
)
def update_user(request, id: Id, payload: UserUpdateIn):
    """修改用户的姓名、手机号、电子邮箱。"""
    ensure_can_view(request.auth, RESOURCE)
    user = get_object_or_404(_visible(request), pk=id)
    changes = payload.model_dump(exclude_unset=True)
    if "email" in changes:
        changes["email"] = _check_email(changes["email"])
    user_update(actor=request.auth, user=user, **changes)
    return _visible(request).get(pk=user.pk)


@router.post(
    "/{id}/deactivate",
    response={200: UserOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="停用用户",
)
def deactivate_user(request, id: Id):
    """停用账号:不能再登录,其令牌随之失效,已有会话被结束。"""
    ensure_can_view(request.auth, RESOURCE)
    user = get_object_or_404(_visible(request), pk=id)
    user_set_active(actor=request.auth, user=user, active=False)
    return _visible(request).get(pk=user.pk)


@router.post(
    "/{id}/activate",
    response={200: UserOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="启用用户",
)
def activate_user(request, id: Id):
    """重新启用一个已停用的账号。"""
    ensure_can_view(request.auth, RESOURCE)
    user = get_object_or_404(_visible(request), pk=id)
    user_set_active(actor=request.auth, user=user, active=True)
    return _visible(request).get(pk=user.pk)


@router.post(
    "/{id}/reset-password",
    response={200: PasswordResetOut, 400: ErrorOut, 403: ErrorOut, 404: ErrorOut},
    summary="重置密码",
)
def reset_password(request, id: Id):
    """为用户设一个新的临时密码,以短信和邮件发给账号本人(不返回给调用者),下次登录须修改;
    同时结束其会话、撤销其 API 令牌。只能在登录的网页会话中调用,不能使用 API 令牌。"""
    require_session(request)
    ensure_can_view(request.auth, RESOURCE)
    user = get_object_or_404(_visible(request), pk=id)
    return {"sent_to": user_reset_password(actor=request.auth, user=user)}
