"""Forms of the staff pages: filters, user and organisation editing, user import checking.

Forms only validate input and carry it to a service; they never write (except ``UserImport.save``
which calls ``user_create`` for every row inside one transaction).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.db.models.functions import Lower
from django.utils.translation import gettext as _g
from django.utils.translation import gettext_lazy as _

from renda.documents.excel import MAX_UPLOAD_BYTES, Column, Table
from renda.documents.uploads import XLSX_ONLY, check_file

from .choices import ADMIN_ROLES, Role
from .errors import RendaError, ValidationFailed
from .models import Organization, User
from .selectors import account_organizations

MOBILE_RE = re.compile(r"^1[3-9]\d{9}$")
# Roles a user manager may give; administrator roles are granted by the security administrator.
BUSINESS_ROLES = [
    (value, label)
    for value, label in Role.choices
    if value not in {str(r) for r in ADMIN_ROLES} and value != Role.CITIZEN
]
ACTIVE_CHOICES = [("", _("全部状态")), ("1", _("启用")), ("0", _("停用"))]


def validate_mobile(value: str) -> None:
    if value and not MOBILE_RE.match(value):
        raise ValidationError(_("手机号应为 11 位数字,以 1 开头。"))


def apply_service_error(form: forms.Form, exc: RendaError) -> None:
    """Show a service's error on the field it names (or on the whole form)."""
    fields = getattr(exc, "fields", None) or {}
    placed = False
    for name, message in fields.items():
        if name in form.fields:
            form.add_error(name, message)
            placed = True
    if not placed:
        form.add_error(None, exc.message)


# --- user import -------------------------------------------------------------------------------


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("Excel 文件"), help_text=_("请使用下载的模板填写,.xlsx 格式,不超过 5 MB。")
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(".xlsx"):
            raise ValidationError(_("请上传 .xlsx 格式的 Excel 文件。"))
        if upload.size > MAX_UPLOAD_BYTES:
            raise ValidationError(_("文件过大,请不要超过 5 MB。"))
        try:  # the project's one upload checker: a real Excel package, nothing else inside
            check_file(upload, max_mb=MAX_UPLOAD_BYTES // (1024 * 1024), allowed=XLSX_ONLY)
        except ValidationFailed as exc:
            raise ValidationError(exc.message) from None
        return upload


USER_IMPORT_COLUMNS = [
    Column("username", str(_("用户名")), required=True, width=16),
    Column("full_name", str(_("姓名")), required=True, width=12),
    Column("phone", str(_("手机号")), required=True, width=16),
    Column("email", str(_("邮箱")), width=24),
    Column("organization", str(_("所属机构")), required=True, width=28),
    Column("role", str(_("角色")), required=True, width=18),
    Column("title", str(_("职务")), width=16),
]


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class ImportRow:
    number: int
    username: str
    full_name: str
    phone: str
    email: str
    organization: Organization
    role: str
    title: str

    @property
    def role_label(self) -> str:
        return str(Role(self.role).label)


@dataclass
class UserImportCheck:
    rows: list[ImportRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    total: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    def errors_by_row(self) -> list[tuple[int, list[RowError]]]:
        grouped: dict[int, list[RowError]] = {}
        for err in self.errors:
            grouped.setdefault(err.row, []).append(err)
        return sorted(grouped.items())


def _column_header(key: str) -> str:
    return next(c.header for c in USER_IMPORT_COLUMNS if c.key == key)


def organization_lookup(actor: Any) -> dict[str, Organization | None]:
    """Names accepted in the 所属机构 column: "名称" (None when ambiguous) and "人大/名称"."""
    lookup: dict[str, Organization | None] = {}
    for org in account_organizations(actor):
        qualified = f"{org.congress.name}/{org.name}"
        lookup[qualified] = org
        lookup[org.name] = None if org.name in lookup else org
    return lookup


def organization_display_names(actor: Any) -> list[tuple[str, str, str]]:
    """(name to write in the file, kind, congress) for the template's second sheet."""
    orgs = list(account_organizations(actor))
    counts: dict[str, int] = {}
    for org in orgs:
        counts[org.name] = counts.get(org.name, 0) + 1
    out = []
    for org in orgs:
        name = org.name if counts[org.name] == 1 else f"{org.congress.name}/{org.name}"
        out.append((name, str(org.get_kind_display()), org.congress.name))
    return out


def role_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for value, label in BUSINESS_ROLES:
        lookup[str(label)] = value
        lookup[value] = value
    return lookup


def check_user_import(*, actor: Any, table: Table) -> UserImportCheck:
    """Check every row (and the rows against each other and the database); write nothing."""
    from .services import role_fits_organization

    result = UserImportCheck(total=len(table.rows))
    if not table.rows:
        result.errors.append(RowError(0, "", _g("文件中没有数据行。")))
        return result
    orgs = organization_lookup(actor)
    roles = role_lookup()
    usernames = [r.get("username").lower() for r in table.rows if r.get("username")]
    taken = {
        u.lower()
        for u in User.objects.annotate(lower_name=Lower("username"))
        .filter(lower_name__in=set(usernames))
        .values_list("username", flat=True)
    }
    seen: dict[str, int] = {}
    username_validator = UnicodeUsernameValidator()

    for row in table.rows:
        errors: list[RowError] = []

        def err(key: str, message: str, _row: int = row.number, _errors: list[RowError] = errors) -> None:
            _errors.append(RowError(_row, _column_header(key), message))

        for col in USER_IMPORT_COLUMNS:
            if col.required and not row.get(col.key):
                err(col.key, _g("必填,不能为空。"))
        username = row.get("username")
        if username:
            try:
                username_validator(username)
            except ValidationError:
                err("username", _g("只能包含字母、数字和 @ . + - _。"))
            if len(username) > 150:
                err("username", _g("不能超过 150 个字符。"))
            key = username.lower()
            if key in seen:
                err("username", _g("与第 %(n)s 行的用户名重复。") % {"n": seen[key]})
            else:
                seen[key] = row.number
            if key in taken:
                err("username", _g("用户名“%(u)s”已被使用。") % {"u": username})
        if len(row.get("full_name")) > 50:
            err("full_name", _g("不能超过 50 个字符。"))
        phone = row.get("phone")
        if phone and not MOBILE_RE.match(phone):
            err("phone", _g("手机号“%(p)s”格式不正确,应为 11 位数字,以 1 开头。") % {"p": phone})
        email = row.get("email")
        if email:
            try:
                validate_email(email)
            except ValidationError:
                err("email", _g("邮箱“%(e)s”格式不正确。") % {"e": email})
        if len(row.get("title")) > 60:
            err("title", _g("不能超过 60 个字符。"))
        org: Organization | None = None
        org_name = row.get("organization")
        if org_name:
            if org_name not in orgs:
                err("organization", _g("机构“%(o)s”不存在或不在您的管理范围内。") % {"o": org_name})
            elif orgs[org_name] is None:
                err(
                    "organization",
                    _g("有多个名为“%(o)s”的机构,请写成“人大名称/机构名称”。") % {"o": org_name},
                )
            else:
                org = orgs[org_name]
        role = ""
        role_text = row.get("role")
        if role_text:
            role = roles.get(role_text, "")
            if not role:
                err("role", _g("角色“%(r)s”无效。") % {"r": role_text})
        if org is not None and role:
            try:
                role_fits_organization(role, org)
            except ValidationFailed as exc:
                err("role", _g("%(m)s(机构“%(o)s”)") % {"m": exc.message.rstrip("。"), "o": org.name})
        if errors:
            result.errors.extend(errors)
        elif org is not None:
            result.rows.append(
                ImportRow(
                    number=row.number,
                    username=username,
                    full_name=row.get("full_name"),
                    phone=phone,
                    email=email,
                    organization=org,
                    role=role,
                    title=row.get("title"),
                )
            )
    return result


def import_users(*, actor: Any, rows: list[ImportRow]) -> list[tuple[ImportRow, User, str]]:
    """Create every row through ``user_create`` in one transaction: all or nothing.

    Raises the first service error (with the row number in ``extra['row']``) and creates nothing.
    """
    from .services import user_create

    created: list[tuple[ImportRow, User, str]] = []
    with transaction.atomic():
        for row in rows:
            try:
                user, password = user_create(
                    actor=actor,
                    organization=row.organization,
                    username=row.username,
                    full_name=row.full_name,
                    role=row.role,
                    phone=row.phone,
                    email=row.email,
                    title=row.title,
                )
            except RendaError as exc:
                exc.extra["row"] = row.number
                raise
            created.append((row, user, password))
    return created
