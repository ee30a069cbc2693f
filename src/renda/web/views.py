"""The shell's pages: home per role, users, organisations, user import. Thin: the core's services write."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renda.audit.services import record_export
from renda.core import services
from renda.core.choices import ADMIN_ROLES, CONGRESS_ROLES, UNIT_ROLES, Role
from renda.core.errors import PermissionDeniedError, RendaError
from renda.core.filtersets import RendaFilterSet
from renda.core.filtersets_accounts import OrganizationFilterSet, UserFilterSet
from renda.core.forms import (
    BUSINESS_ROLES,
    USER_IMPORT_COLUMNS,
    ImportUploadForm,
    apply_service_error,
    check_user_import,
    import_users,
    organization_display_names,
)
from renda.core.models import Congress, Organization, User
from renda.core.permissions import GRANT_ROLES, may_administer_account, resource_required, role_required
from renda.core.scopes import scope_of
from renda.core.selectors import (
    congress_counts,
    managed_congresses,
    organization_tree,
    user_memberships,
    user_organizations,
)
from renda.core.selectors import (
    user_list as select_users,
)
from renda.documents import imports
from renda.documents.excel import ExcelError, Sheet, read_table, timestamped, workbook_bytes, xlsx_response

from .figures import figures_for
from .forms import (
    OrganizationForm,
    UserCreateForm,
    UserEditForm,
)
from .navigation import shortcuts_for
from .todo import todos_for

PAGE_SIZE = 20
EXPORT_LIMIT = 20000
# Who opens which page: one permission per resource, shared with the API (renda.core.permissions).
users_page = resource_required("users")
organizations_page = resource_required("organizations")
# Creating accounts (one by one or imported) gives them a role: the security administrator's work.
account_creator = role_required(*GRANT_ROLES)
ONCE_KEY = "renda_once_password"
IMPORT_KIND = "users"
IMPORT_PASSWORDS_KEY = "renda_import_passwords"


def healthz(request: HttpRequest) -> HttpResponse:
    return HttpResponse("ok", content_type="text/plain")


# --- home --------------------------------------------------------------------------------------


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    # The public lands on the portal; staff sign in from its "工作人员登录" link. A new
    # installation without any congress has no portal yet: its first visitor is the administrator.
    if not request.user.is_authenticated:
        return redirect("portal:home" if Congress.objects.exists() else "login")
    user = request.user
    scope = scope_of(user)
    roles = scope.roles
    ctx: dict[str, Any] = {
        "todos": todos_for(user),
        "has_roles": bool(roles),
        "roles": roles,
        "shortcuts": shortcuts_for(user),
    }
    if roles & {str(r) for r in ADMIN_ROLES} or scope.has(*CONGRESS_ROLES):
        # The congresses the user works in: as staff or leader, or as one of the administrators.
        staff_congresses = sorted(scope.staff_congress_ids | scope.congress_ids_with(*ADMIN_ROLES))
        ctx["congresses"] = list(Congress.objects.filter(pk__in=staff_congresses).order_by("path"))
        ctx["counts"] = congress_counts(
            actor=user, congress_ids=scope.staff_read_congress_ids | scope.admin_read_ids(*ADMIN_ROLES)
        )
    if scope.has(Role.SYSTEM_ADMIN):
        ctx["system_admin"] = True
        ctx["congress_total"] = Congress.objects.visible_to(user).count()
    if scope.has(Role.SECURITY_ADMIN):
        ctx["security_admin"] = True
    if scope.has(Role.AUDIT_ADMIN):
        from renda.audit.models import ChainHead, Event
        from renda.audit.selectors import LAST_VERIFY_CACHE_KEY

        ctx["audit_admin"] = True
        ctx["audit_head"] = ChainHead.objects.order_by("pk").first()
        ctx["audit_visible_count"] = Event.objects.visible_to(user).count()
        ctx["audit_last_verify"] = cache.get(LAST_VERIFY_CACHE_KEY)
    if scope.has(Role.STAFF):
        ctx["staff"] = True
    if scope.has(Role.LEADER):
        ctx["leader"] = True
        # the figures a leader runs the congress by, each app's own (``renda.web.figures``)
        ctx["figure_panels"] = figures_for(user)
        ctx["figure_charts"] = {p.chart_id: p.chart for p in ctx["figure_panels"] if p.chart}
    if scope.has(Role.DEPUTY):
        ctx["deputy"] = True
        ctx["deputy_shortcuts"] = shortcuts_for(user, roles=[Role.DEPUTY])
    if roles & {str(r) for r in UNIT_ROLES}:
        ctx["unit_orgs"] = user_organizations(user, {str(r) for r in UNIT_ROLES})
        ctx["unit_shortcuts"] = shortcuts_for(user, roles=UNIT_ROLES)
    if scope.has(Role.STATION_KEEPER):
        ctx["stations"] = user_organizations(user, {Role.STATION_KEEPER})
        ctx["station_shortcuts"] = shortcuts_for(user, roles=[Role.STATION_KEEPER])
    ctx["manager_shortcuts"] = [s for s in ctx["shortcuts"] if s not in _role_specific(ctx)]
    return render(request, "web/home.html", ctx)


def _role_specific(ctx: dict[str, Any]) -> list[Any]:
    out: list[Any] = []
    for key in ("deputy_shortcuts", "unit_shortcuts", "station_shortcuts"):
        out.extend(ctx.get(key, []))
    return out


# --- users -------------------------------------------------------------------------------------


def _visible_user(request: HttpRequest, pk: int) -> User:
    return get_object_or_404(User.objects.visible_to(request.user), pk=pk)


def _user_filterset(request: HttpRequest) -> UserFilterSet:
    return UserFilterSet(request.GET, select_users(actor=request.user), user=request.user)


def _filtered(filterset: RendaFilterSet) -> bool:
    """Whether a valid filter narrows the list (the page then offers 重置)."""
    data = getattr(filterset.form, "cleaned_data", {})
    return any(v not in ("", None, False) for k, v in data.items() if k != "sort")


@users_page
@require_GET
def user_list(request: HttpRequest) -> HttpResponse:
    filterset = _user_filterset(request)
    page = Paginator(filterset.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "web/user_list.html",
        {
            "form": filterset.form,
            "page": page,
            "filtered": _filtered(filterset),
            "can_create": scope_of(request.user).has(*GRANT_ROLES),
        },
    )


@users_page
@require_GET
def user_export(request: HttpRequest) -> HttpResponse:
    filterset = _user_filterset(request)
    if filterset.field_errors():
        return redirect(f"{reverse('user_list')}?{request.GET.urlencode()}")
    users = filterset.qs[:EXPORT_LIMIT]
    rows = []
    for u in users:
        rows.append(
            [
                u.username,
                u.full_name,
                u.phone,
                u.email,
                ";".join(
                    f"{m.organization.name}({m.get_role_display()}{'·' + m.title if m.title else ''})"
                    for m in u.active_membership_list
                ),
                _("启用") if u.is_active else _("停用"),
                u.last_login,
                u.date_joined,
            ]
        )
    sheet = Sheet(
        title=_("用户"),
        headers=[
            _("用户名"),
            _("姓名"),
            _("手机号"),
            _("邮箱"),
            _("机构与角色"),
            _("状态"),
            _("最近登录"),
            _("创建时间"),
        ],
        rows=rows,
        widths=[16, 12, 16, 24, 48, 8, 20, 20],
    )
    record_export(request, action="user.export", rows=len(rows))
    return xlsx_response(workbook_bytes([sheet]), timestamped(_("用户列表")))


@account_creator
@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    initial = {}
    if request.GET.get("organization"):
        initial["organization"] = request.GET["organization"]
    form = UserCreateForm(request.POST or None, user=request.user, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user, password = services.user_create(
                actor=request.user,
                organization=data["organization"],
                username=data["username"],
                full_name=data["full_name"],
                role=data["role"],
                phone=data["phone"],
                email=data["email"],
                title=data["title"],
            )
        except RendaError as exc:
            apply_service_error(form, exc)
        else:
            request.session[ONCE_KEY] = {"user_id": user.pk, "password": password, "reason": "create"}
            messages.success(request, _("已创建用户“%(name)s”。") % {"name": user.display_name})
            return redirect("user_detail", pk=user.pk)
    return render(request, "web/user_form.html", {"form": form, "creating": True})


@users_page
@require_GET
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    target = _visible_user(request, pk)
    once = request.session.get(ONCE_KEY)
    secret = None
    if isinstance(once, dict) and once.get("user_id") == target.pk:
        secret = once
        del request.session[ONCE_KEY]
    return render(
        request,
        "web/user_detail.html",
        {
            "target": target,
            "memberships": list(user_memberships(target)),
            "secret": secret,
            "is_self": target.pk == request.user.pk,
            # Roles are granted on the security administrator's page; only they may follow the link.
            "can_grant_roles": scope_of(request.user).has(Role.SECURITY_ADMIN),
            "can_administer": may_administer_account(request.user, target),
        },
    )


@users_page
@require_http_methods(["GET", "POST"])
def user_edit(request: HttpRequest, pk: int) -> HttpResponse:
    target = _visible_user(request, pk)
    initial = {"full_name": target.full_name, "phone": target.phone, "email": target.email}
    form = UserEditForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = {k: v for k, v in form.cleaned_data.items() if v != initial[k]}
        if not changes:
            messages.info(request, _("没有需要保存的修改。"))
            return redirect("user_detail", pk=target.pk)
        try:
            services.user_update(actor=request.user, user=target, **changes)
        except PermissionDeniedError as exc:
            raise PermissionDenied(exc.message) from exc
        except RendaError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("user_detail", pk=target.pk)
    return render(request, "web/user_form.html", {"form": form, "target": target, "creating": False})


@users_page
@require_POST
def user_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    target = _visible_user(request, pk)
    active = request.POST.get("active") == "1"
    try:
        services.user_set_active(actor=request.user, user=target, active=active)
    except RendaError as exc:
        messages.error(request, exc.message)
    else:
        if active:
            messages.success(request, _("已启用账号“%(u)s”。") % {"u": target.username})
        else:
            messages.success(request, _("已停用账号“%(u)s”,其登录已被终止。") % {"u": target.username})
    return redirect("user_detail", pk=target.pk)


@users_page
@require_POST
def user_reset_password(request: HttpRequest, pk: int) -> HttpResponse:
    target = _visible_user(request, pk)
    try:
        sent = services.user_reset_password(actor=request.user, user=target)
    except RendaError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("已重置“%(u)s”的密码,临时密码已发送给本人(%(to)s),不在此显示。")
            % {"u": target.username, "to": "、".join(sent)},
        )
    return redirect("user_detail", pk=target.pk)


# --- user import -------------------------------------------------------------------------------


@account_creator
@require_GET
def user_import_template(request: HttpRequest) -> HttpResponse:
    orgs = organization_display_names(request.user)
    example_org = next((name for name, _kind, _c in orgs), _("人大常委会办公室"))
    main = Sheet(
        title=_("用户"),
        headers=[c.header for c in USER_IMPORT_COLUMNS],
        rows=[
            [
                "zhangsan",
                _("张三"),
                "13800138000",
                "zhangsan@example.cn",
                example_org,
                _("人大工作人员"),
                _("科员"),
            ]
        ],
        widths=[c.width for c in USER_IMPORT_COLUMNS],
    )
    valid = Sheet(
        title=_("可选值"),
        headers=[_("所属机构(可填写的名称)"), _("机构类别"), _("所属人大"), "", _("角色(可填写的名称)")],
        rows=_zip_columns(orgs, [str(label) for _v, label in BUSINESS_ROLES]),
        widths=[36, 20, 24, 4, 22],
    )
    return xlsx_response(workbook_bytes([main, valid]), _("用户导入模板.xlsx"))


def _zip_columns(orgs: list[tuple[str, str, str]], roles: list[str]) -> list[list[str]]:
    rows = []
    for i in range(max(len(orgs), len(roles))):
        org = orgs[i] if i < len(orgs) else ("", "", "")
        rows.append([*org, "", roles[i] if i < len(roles) else ""])
    return rows


def _check_stashed(request: HttpRequest):
    found = imports.stashed(request, IMPORT_KIND)
    if found is None:
        return None, None
    path, name = found
    try:
        table = read_table(str(path), USER_IMPORT_COLUMNS)
    except ExcelError:
        imports.discard(request, IMPORT_KIND)
        return None, None
    return check_user_import(actor=request.user, table=table), name


@account_creator
@require_http_methods(["GET", "POST"])
def user_import(request: HttpRequest) -> HttpResponse:
    form = ImportUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            table = read_table(upload, USER_IMPORT_COLUMNS)
        except ExcelError as exc:
            form.add_error("file", exc.message)
        else:
            result = check_user_import(actor=request.user, table=table)
            if result.ok:
                upload.seek(0)
                imports.stash(request, IMPORT_KIND, upload)
            else:
                imports.discard(request, IMPORT_KIND)
            return render(
                request,
                "web/user_import_result.html",
                {"result": result, "filename": upload.name},
            )
    return render(request, "web/user_import.html", {"form": form})


@account_creator
@require_POST
def user_import_confirm(request: HttpRequest) -> HttpResponse:
    result, filename = _check_stashed(request)
    if result is None:
        messages.error(request, _("导入文件已失效,请重新上传。"))
        return redirect("user_import")
    if not result.ok:
        # The database changed since the preview (e.g. someone took a username): show the report again.
        imports.discard(request, IMPORT_KIND)
        return render(request, "web/user_import_result.html", {"result": result, "filename": filename})
    try:
        created = import_users(actor=request.user, rows=result.rows)
    except RendaError as exc:
        imports.discard(request, IMPORT_KIND)
        row = exc.extra.get("row")
        messages.error(
            request,
            _("第 %(row)s 行导入失败:%(m)s 未导入任何用户。") % {"row": row, "m": exc.message},
        )
        return redirect("user_import")
    imports.discard(request, IMPORT_KIND)
    request.session[IMPORT_PASSWORDS_KEY] = [
        [user.username, user.full_name, row.organization.name, str(row.role_label), password]
        for row, user, password in created
    ]
    return render(request, "web/user_import_done.html", {"count": len(created)})


@account_creator
@require_POST
def user_import_cancel(request: HttpRequest) -> HttpResponse:
    imports.discard(request, IMPORT_KIND)
    messages.info(request, _("已取消导入,未导入任何用户。"))
    return redirect("user_import")


@account_creator
@require_GET
def user_import_passwords(request: HttpRequest) -> HttpResponse:
    rows = request.session.pop(IMPORT_PASSWORDS_KEY, None)
    if not rows:
        messages.error(request, _("初始密码只能下载一次,已下载或已过期。如需要,请逐个重置密码。"))
        return redirect("user_list")
    sheet = Sheet(
        title=_("初始密码"),
        headers=[_("用户名"), _("姓名"), _("所属机构"), _("角色"), _("初始密码")],
        rows=rows,
        widths=[16, 12, 28, 18, 18],
        note=_("初始密码仅供首次登录使用,登录后须立即修改。请妥善保管本文件,分发后删除。"),
    )
    record_export(request, action="user_initial_password.export", rows=len(rows))
    return xlsx_response(workbook_bytes([sheet]), timestamped(_("导入用户初始密码")))


# --- organisations -----------------------------------------------------------------------------


def _manages(user: Any, congress: Congress) -> bool:
    return managed_congresses(user).filter(pk=congress.pk).exists()


@organizations_page
@require_GET
def organization_list(request: HttpRequest) -> HttpResponse:
    # The page shows one congress's organisations as a tree (the first managed one by default).
    data = request.GET.copy()
    visible = Organization.objects.visible_to(request.user)
    fs = OrganizationFilterSet(data, visible, user=request.user)
    congresses = fs.filters["congress"].queryset
    congress = fs.form.cleaned_data.get("congress") if fs.is_valid() else None
    if congress is None:
        congress = managed_congresses(request.user).first() or congresses.first()
        data["congress"] = str(congress.pk) if congress else ""
        fs = OrganizationFilterSet(data, visible, user=request.user)
    filtering = fs.is_valid() and any(
        fs.form.cleaned_data.get(name) not in (None, "") for name in ("kind", "q", "active", "parent")
    )
    matching = set(fs.qs.values_list("pk", flat=True)) if filtering else None
    nodes = organization_tree(actor=request.user, congress=congress, matching=matching) if congress else []
    form = fs.form
    return render(
        request,
        "web/organization_list.html",
        {
            "form": form,
            "congress": congress,
            "nodes": nodes,
            "folded": any(node.folded for node in nodes),
            "can_manage": bool(congress) and _manages(request.user, congress),
            "filtered": filtering,
        },
    )


@organizations_page
@require_http_methods(["GET", "POST"])
def organization_create(request: HttpRequest) -> HttpResponse:
    managed = managed_congresses(request.user)
    congress_id = request.GET.get("congress") or request.POST.get("congress")
    congress = None
    if congress_id and str(congress_id).isdigit():
        congress = managed.filter(pk=congress_id).first()
    if congress is None:
        congress = managed.first()
    if congress is None:
        raise PermissionDenied(_("您没有可管理的人大。"))
    initial = {}
    if request.GET.get("parent", "").isdigit():
        initial["parent"] = request.GET["parent"]
    form = OrganizationForm(request.POST or None, congress=congress, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            org = services.organization_create(
                actor=request.user,
                congress=congress,
                name=data["name"],
                kind=data["kind"],
                parent=data["parent"],
                short_name=data["short_name"],
                responsible_person=data["responsible_person"],
                phone=data["phone"],
                address=data["address"],
                sort_order=data["sort_order"],
            )
        except RendaError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("已创建机构“%(name)s”。") % {"name": org.name})
            return redirect(f"{reverse('organization_list')}?congress={congress.pk}")
    return render(
        request,
        "web/organization_form.html",
        {"form": form, "congress": congress, "congresses": managed, "creating": True},
    )


@organizations_page
@require_http_methods(["GET", "POST"])
def organization_edit(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(Organization.objects.visible_to(request.user).select_related("congress"), pk=pk)
    if not _manages(request.user, org.congress):
        raise PermissionDenied(_("您没有管理该机构的权限。"))
    initial = {
        "name": org.name,
        "short_name": org.short_name,
        "kind": org.kind,
        "parent": org.parent_id,
        "responsible_person": org.responsible_person,
        "phone": org.phone,
        "address": org.address,
        "sort_order": org.sort_order,
    }
    form = OrganizationForm(request.POST or None, congress=org.congress, instance=org, initial=initial)
    if request.method == "POST" and form.is_valid():
        changes = form.changes_for(org)
        try:
            if changes:
                services.organization_update(actor=request.user, organization=org, **changes)
        except RendaError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("已保存机构“%(name)s”。") % {"name": form.cleaned_data["name"]})
            return redirect(f"{reverse('organization_list')}?congress={org.congress_id}")
    return render(
        request,
        "web/organization_form.html",
        {"form": form, "congress": org.congress, "org": org, "creating": False},
    )


@organizations_page
@require_POST
def organization_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(Organization.objects.visible_to(request.user).select_related("congress"), pk=pk)
    active = request.POST.get("active") == "1"
    try:
        services.organization_set_active(actor=request.user, organization=org, active=active)
    except RendaError as exc:
        messages.error(request, exc.message)
    else:
        msg = _("已启用机构“%(name)s”。") if active else _("已停用机构“%(name)s”。")
        messages.success(request, msg % {"name": org.name})
    return redirect(f"{reverse('organization_list')}?congress={org.congress_id}")
