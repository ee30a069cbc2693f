"""The caller: account, roles, memberships, congresses and units in scope."""

from ninja import Field, Router, Schema

from renda.core.choices import Role
from renda.core.models import Congress, Organization
from renda.core.scopes import scope_of

from .congresses import CongressRef
from .memberships import MembershipOut
from .organizations import OrganizationRef

router = Router(tags=["当前用户"])


class RoleOut(Schema):
    role: str = Field(..., description="角色代码")
    label: str = Field(..., description="角色名称")


class MeOut(Schema):
    id: int = Field(..., description="用户编号")
    username: str = Field(..., description="用户名")
    full_name: str = Field(..., description="姓名")
    display_name: str = Field(..., description="显示名")
    email: str = Field(..., description="电子邮箱")
    phone: str = Field(..., description="手机号")
    must_change_password: bool = Field(..., description="须修改密码")
    roles: list[RoleOut] = Field(..., description="拥有的角色")
    memberships: list[MembershipOut] = Field(..., description="有效的任职")
    congresses: list[CongressRef] = Field(..., description="可以查看的人大")
    units: list[OrganizationRef] = Field(..., description="任承办单位经办人或负责人的单位")
    stations: list[OrganizationRef] = Field(..., description="管理的代表联络站")


@router.get("", response=MeOut, summary="当前用户")
def me(request):
    """当前登录(或令牌所属)用户的账号、角色、任职和可见范围。"""
    user = request.auth
    scope = scope_of(user)
    return {
        "id": user.pk,
        "username": user.username,
        "full_name": user.full_name,
        "display_name": user.display_name,
        "email": user.email,
        "phone": user.phone,
        "must_change_password": user.must_change_password,
        "roles": [
            {"role": value, "label": str(label)} for value, label in Role.choices if value in scope.roles
        ],
        "memberships": list(user.active_memberships().order_by("organization__congress__path", "pk")),
        "congresses": list(Congress.objects.filter(pk__in=scope.read_congress_ids).order_by("path")),
        "units": list(Organization.objects.filter(pk__in=scope.unit_ids).order_by("name")),
        "stations": list(Organization.objects.filter(pk__in=scope.station_ids).order_by("name")),
    }
