"""Writes on tenancy, organisations, users and memberships. The only place these change.

Who may do what (三员分立; the rules themselves are in ``renda.core.permissions``):
- system administrators and congress staff manage congresses, terms and organisations in their
  congress (system administrators also in the congresses below);
- only security administrators create accounts and grant or revoke roles (every role); nobody holds
  two of the three administrator roles, nor grants a role to themselves;
- security administrators, and congress staff for the lower accounts of their own congress, edit,
  (de)activate and reset accounts — never one ranking at or above their own role, so none of the
  three administrators administers another's account;
- a reset password goes to its owner by text message and e-mail, never to the one who reset it;
- a password reset, a deactivation and every role change revoke the account's API tokens;
- audit administrators change nothing here.
"""

from __future__ import annotations

import secrets
import string
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from renda.audit.services import record_event
from renda.core import clock

from .choices import ADMIN_ROLES, HANDLING_UNIT_KINDS, OrganizationKind, Role
from .errors import PermissionDeniedError, ValidationFailed
from .models import Congress, Membership, Organization, Session, Term, User
from .permissions import ensure_administers_account, ensure_may_grant
from .scopes import scope_of

USER_MANAGER_ROLES = (Role.SYSTEM_ADMIN, Role.STAFF)


def _holds_here_or_above(actor: Any, congress: Congress, role: str) -> bool:
    scope = scope_of(actor)
    return any(scope.has_in(cid, role) for cid in [congress.pk, *congress.ancestors()])


def _ensure_manages(actor: Any, congress: Congress) -> None:
    """The actor manages users/organisations of ``congress``."""
    scope = scope_of(actor)
    if scope.has_in(congress.pk, *USER_MANAGER_ROLES):
        return
    # System administrators of a congress above manage the congresses below it.
    ancestors = set(congress.ancestors())
    if any(scope.has_in(cid, Role.SYSTEM_ADMIN) for cid in ancestors):
        return
    raise PermissionDeniedError(_("您没有管理该人大用户和机构的权限。"))


def _user_snapshot(user: User) -> dict[str, Any]:
    return {
        "username": user.username,
        "full_name": user.full_name,
        "phone": user.phone,
        "email": user.email,
        "is_active": user.is_active,
    }


def _org_snapshot(org: Organization) -> dict[str, Any]:
    return {
        "name": org.name,
        "short_name": org.short_name,
        "kind": org.kind,
        "parent": org.parent_id,
        "responsible_person": org.responsible_person,
        "phone": org.phone,
        "address": org.address,
        "is_active": org.is_active,
    }


def generate_temporary_password(username: str = "") -> str:
    """A random password meeting the policy (three classes and more, never containing the username),
    to be changed at first login."""
    alphabet = string.ascii_letters + string.digits
    while True:
        body = "".join(secrets.choice(alphabet) for _ in range(10))
        candidate = f"{body}#{secrets.randbelow(90) + 10}"
        if username and username.lower() in candidate.lower():
            continue
        if not (any(c.islower() for c in candidate) and any(c.isupper() for c in candidate)):
            continue
        try:  # the same validators a chosen password meets (a random draw can hold "ddDD")
            validate_password(candidate)
        except ValidationError:
            continue
        return candidate


# --- congresses, terms, sessions -------------------------------------------------------------


def congress_create(
    *,
    actor: Any,
    name: str,
    region_name: str,
    level: str,
    parent: Congress | None = None,
    region_code: str = "",
) -> Congress:
    if parent is not None:
        _ensure_manages(actor, parent)
        if Congress.objects.filter(pk=parent.pk).exists() and parent.level_rank >= _level_rank(level):
            raise ValidationFailed(_("下级人大的层级必须低于上级人大。"), field="level")
    elif not scope_of(actor).has(Role.SYSTEM_ADMIN):
        raise PermissionDeniedError(_("只有系统管理员可以创建顶级人大。"))
    if Congress.objects.filter(name=name).exists():
        raise ValidationFailed(_("名称为“%(name)s”的人大已存在。") % {"name": name}, field="name")
    with transaction.atomic():
        congress = Congress.objects.create(
            name=name, region_name=region_name, level=level, parent=parent, region_code=region_code
        )
        record_event(
            actor=actor, action="congress.create", target=congress, congress=congress, after={"name": name}
        )
    return congress


def _level_rank(level: str) -> int:
    from .choices import LEVEL_ORDER

    return LEVEL_ORDER.index(level)


def term_create(
    *, actor: Any, congress: Congress, number: int, start_year: int, end_year: int, is_current: bool = False
) -> Term:
    _ensure_manages(actor, congress)
    if end_year < start_year:
        raise ValidationFailed(_("结束年份不能早于起始年份。"), field="end_year")
    with transaction.atomic():
        if is_current:
            Term.objects.filter(congress=congress, is_current=True).update(is_current=False)
        try:
            with transaction.atomic():
                term = Term.objects.create(
                    congress=congress,
                    number=number,
                    start_year=start_year,
                    end_year=end_year,
                    is_current=is_current,
                )
        except IntegrityError as exc:
            raise ValidationFailed(_("第%(n)s届已存在。") % {"n": number}, field="number") from exc
        record_event(
            actor=actor, action="term.create", target=term, congress=congress, after={"number": number}
        )
    return term


def session_create(*, actor: Any, term: Term, number: int, start_date, end_date) -> Session:
    _ensure_manages(actor, term.congress)
    if end_date < start_date:
        raise ValidationFailed(_("闭幕日期不能早于开幕日期。"), field="end_date")
    with transaction.atomic():
        try:
            with transaction.atomic():
                session = Session.objects.create(
                    term=term, number=number, start_date=start_date, end_date=end_date
                )
        except IntegrityError as exc:
            raise ValidationFailed(_("第%(n)s次会议已存在。") % {"n": number}, field="number") from exc
        record_event(
            actor=actor,
            action="session.create",
            target=session,
            congress=term.congress,
            after={"number": number},
        )
    return session


# --- organisations -----------------------------------------------------------------------------


def organization_create(
    *,
    actor: Any,
    congress: Congress,
    name: str,
    kind: str,
    parent: Organization | None = None,
    short_name: str = "",
    responsible_person: str = "",
    phone: str = "",
    address: str = "",
    sort_order: int = 100,
) -> Organization:
    _ensure_manages(actor, congress)
    name = (name or "").strip()
    if not name:
        raise ValidationFailed(_("请填写机构名称。"), field="name")
    if kind not in OrganizationKind.values:
        raise ValidationFailed(_("机构类别无效。"), field="kind")
    if parent is not None and parent.congress_id != congress.pk:
        raise ValidationFailed(_("上级机构必须属于同一人大。"), field="parent")
    if Organization.objects.filter(congress=congress, name=name).exists():
        raise ValidationFailed(_("本级人大已有名为“%(name)s”的机构。") % {"name": name}, field="name")
    with transaction.atomic():
        org = Organization.objects.create(
            congress=congress,
            name=name,
            kind=kind,
            parent=parent,
            short_name=short_name,
            responsible_person=responsible_person,
            phone=phone,
            address=address,
            sort_order=sort_order,
        )
        record_event(
            actor=actor, action="organization.create", target=org, congress=congress, after=_org_snapshot(org)
        )
    return org


ORG_EDITABLE = (
    "name",
    "short_name",
    "kind",
    "parent",
    "responsible_person",
    "phone",
    "address",
    "sort_order",
)


def organization_update(*, actor: Any, organization: Organization, **changes: Any) -> Organization:
    _ensure_manages(actor, organization.congress)
    unknown = set(changes) - set(ORG_EDITABLE)
    if unknown:
        raise ValidationFailed(
            _("不能修改字段:%(f)s") % {"f": "、".join(sorted(unknown))}, field=sorted(unknown)[0]
        )
    if "name" in changes:
        changes["name"] = (changes["name"] or "").strip()
        if not changes["name"]:
            raise ValidationFailed(_("请填写机构名称。"), field="name")
        clash = Organization.objects.filter(congress=organization.congress, name=changes["name"]).exclude(
            pk=organization.pk
        )
        if clash.exists():
            raise ValidationFailed(
                _("本级人大已有名为“%(name)s”的机构。") % {"name": changes["name"]}, field="name"
            )
    parent = changes.get("parent")
    if parent is not None:
        if parent.congress_id != organization.congress_id:
            raise ValidationFailed(_("上级机构必须属于同一人大。"), field="parent")
        node = parent
        while node is not None:
            if node.pk == organization.pk:
                raise ValidationFailed(_("上级机构不能是本机构或其下级。"), field="parent")
            node = node.parent
    with transaction.atomic():
        org = Organization.objects.select_for_update().get(pk=organization.pk)
        before = _org_snapshot(org)
        for key, value in changes.items():
            setattr(org, key, value)
        org.save()
        record_event(
            actor=actor,
            action="organization.update",
            target=org,
            congress=org.congress,
            before=before,
            after=_org_snapshot(org),
        )
    return org


def organization_set_active(*, actor: Any, organization: Organization, active: bool) -> Organization:
    _ensure_manages(actor, organization.congress)
    with transaction.atomic():
        org = Organization.objects.select_for_update().get(pk=organization.pk)
        if org.is_active == active:
            return org
        org.is_active = active
        org.save(update_fields=["is_active"])
        record_event(
            actor=actor,
            action="organization.activate" if active else "organization.deactivate",
            target=org,
            congress=org.congress,
            before={"is_active": not active},
            after={"is_active": active},
        )
    return org


# --- users -------------------------------------------------------------------------------------


def _check_password(password: str, user: User) -> None:
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ValidationFailed(" ".join(exc.messages), field="password") from exc


def user_create(
    *,
    actor: Any,
    organization: Organization,
    username: str,
    full_name: str,
    role: str,
    phone: str = "",
    email: str = "",
    title: str = "",
    password: str | None = None,
) -> tuple[User, str]:
    """Create an account placed in ``organization`` with a business ``role``.

    Returns the user and the initial password (generated when not given); the user must change it
    at first sign-in.
    """
    # Creating an account gives it a role: the security administrator's work alone.
    ensure_may_grant(actor, organization.congress)
    username = (username or "").strip()
    if not username:
        raise ValidationFailed(_("请填写用户名。"), field="username")
    if not (full_name or "").strip():
        raise ValidationFailed(_("请填写姓名。"), field="full_name")
    if role not in Role.values:
        raise ValidationFailed(_("角色无效。"), field="role")
    if role in ADMIN_ROLES:
        raise PermissionDeniedError(_("管理员角色只能由安全管理员授予。"))
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationFailed(_("用户名“%(u)s”已被使用。") % {"u": username}, field="username")
    role_fits_organization(role, organization)
    initial = password or generate_temporary_password(username)
    user = User(username=username, full_name=full_name.strip(), phone=phone.strip(), email=email.strip())
    _check_password(initial, user)
    with transaction.atomic():
        user.set_password(initial)
        user.must_change_password = True
        user.password_changed_at = clock.now()
        user.save()
        membership = Membership.objects.create(user=user, organization=organization, role=role, title=title)
        record_event(
            actor=actor,
            action="user.create",
            target=user,
            congress=organization.congress,
            after=_user_snapshot(user),
        )
        record_event(
            actor=actor,
            action="permission.grant",
            target=membership,
            congress=organization.congress,
            after={"user": user.username, "organization": organization.name, "role": role},
        )
    return user, initial


def role_fits_organization(role: str, organization: Organization) -> None:
    if role in (Role.UNIT_CLERK, Role.UNIT_LEADER) and organization.kind not in HANDLING_UNIT_KINDS:
        raise ValidationFailed(_("承办单位角色只能设在承办单位。"), field="role")
    if role == Role.STATION_KEEPER and organization.kind != OrganizationKind.LIAISON_STATION:
        raise ValidationFailed(_("联络站管理员只能设在代表联络站。"), field="role")
    if not organization.is_active:
        raise ValidationFailed(_("机构“%(o)s”已停用。") % {"o": organization.name}, field="organization")


def _ensure_manages_user(actor: Any, user: User) -> None:
    ensure_administers_account(actor, user)


def _revoke_tokens(*, actor: Any, user: User, reason: str) -> None:
    from renda.api.services import api_tokens_revoke_all

    api_tokens_revoke_all(actor=actor, user=user, reason=reason)


USER_EDITABLE = ("full_name", "phone", "email")


def user_update(*, actor: Any, user: User, **changes: Any) -> User:
    _ensure_manages_user(actor, user)
    unknown = set(changes) - set(USER_EDITABLE)
    if unknown:
        raise ValidationFailed(
            _("不能修改字段:%(f)s") % {"f": "、".join(sorted(unknown))}, field=sorted(unknown)[0]
        )
    if "full_name" in changes and not (changes["full_name"] or "").strip():
        raise ValidationFailed(_("请填写姓名。"), field="full_name")
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        before = _user_snapshot(locked)
        for key, value in changes.items():
            setattr(locked, key, (value or "").strip())
        locked.save()
        record_event(
            actor=actor, action="user.update", target=locked, before=before, after=_user_snapshot(locked)
        )
    return locked


def user_set_active(*, actor: Any, user: User, active: bool) -> User:
    if user.pk == getattr(actor, "pk", None) and not active:
        raise ValidationFailed(_("不能停用自己的账号。"), field="is_active")
    _ensure_manages_user(actor, user)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        if locked.is_active == active:
            return locked
        locked.is_active = active
        if not active:
            locked.current_session_key = ""
        locked.save(update_fields=["is_active", "current_session_key"])
        record_event(
            actor=actor,
            action="user.activate" if active else "user.deactivate",
            target=locked,
            before={"is_active": not active},
            after={"is_active": active},
        )
        if not active:
            _revoke_tokens(actor=actor, user=locked, reason="deactivate")
    if not active:
        _end_sessions(locked)
    return locked


def _end_sessions(user: User) -> None:
    from django.contrib.sessions.models import Session as DjangoSession

    for s in DjangoSession.objects.filter(expire_date__gt=clock.now()).iterator():
        if s.get_decoded().get("_auth_user_id") == str(user.pk):
            s.delete()


def _mask_phone(phone: str) -> str:
    return f"{phone[:3]}****{phone[-4:]}" if len(phone) >= 8 else "****"


def _mask_email(email: str) -> str:
    name, _sep, domain = email.partition("@")
    return f"{name[:1]}***@{domain}"


def _send_temporary_password(user: User, password: str) -> list[str]:
    """Send ``password`` to ``user`` by text message and e-mail; returns where it went (masked).

    The record of the text message keeps only a placeholder, never the password.
    """
    from django.conf import settings
    from django.core.mail import send_mail

    from renda.notifications.sms import send_sms

    text = _(
        "【人大履职平台】您的账号 %(u)s 的密码已被重置,临时密码:%(p)s。请尽快登录并修改密码;如非本人申请,请联系安全管理员。"
    ) % {
        "u": user.username,
        "p": password,
    }
    sent: list[str] = []
    if user.phone:
        record = send_sms(
            phone=user.phone,
            text=text,
            recipient=user,
            record_text=_("【人大履职平台】账号 %(u)s 的临时密码(内容不留存)") % {"u": user.username},
        )
        if record.status != "failed":
            sent.append(_("短信 %(p)s") % {"p": _mask_phone(user.phone)})
    if user.email:
        try:
            send_mail(
                subject=f"[{_('人大履职平台')}] {_('密码已重置')}",
                message=text,
                from_email=settings.DEFAULT_FROM_EMAIL,
                recipient_list=[user.email],
            )
        except Exception:  # noqa: BLE001 - a mail failure is reported as "not sent", not a 500
            import logging

            logging.getLogger("renda.core").exception("Password reset mail to user %s failed", user.pk)
        else:
            sent.append(_("邮箱 %(e)s") % {"e": _mask_email(user.email)})
    return sent


def user_reset_password(*, actor: Any, user: User) -> list[str]:
    """Set a new temporary password that must be changed at next sign-in, and send it to the
    account's owner (text message, e-mail) — never to the actor. Ends the account's sessions and
    revokes its API tokens. Returns where the password was sent (masked), for the actor to see.
    """
    _ensure_manages_user(actor, user)
    if not (user.phone or user.email):
        raise ValidationFailed(
            _("该用户没有登记手机号或电子邮箱,临时密码无法发送给本人。请先补充联系方式再重置。"),
            field="phone",
        )
    temporary = generate_temporary_password(user.username)
    with transaction.atomic():
        locked = User.objects.select_for_update().get(pk=user.pk)
        locked.set_password(temporary)
        locked.must_change_password = True
        locked.password_changed_at = clock.now()
        locked.current_session_key = ""
        locked.save(
            update_fields=["password", "must_change_password", "password_changed_at", "current_session_key"]
        )
        _revoke_tokens(actor=actor, user=locked, reason="password_reset")
        sent = _send_temporary_password(locked, temporary)
        if not sent:
            raise ValidationFailed(
                _("临时密码未能发送(短信和邮件均失败),密码未重置,请稍后再试。"), field="phone"
            )
        record_event(actor=actor, action="user.password_reset", target=locked, after={"sent_to": sent})
    _end_sessions(locked)
    return sent


def user_change_own_password(*, actor: User, old_password: str, new_password: str) -> User:
    if not actor.check_password(old_password):
        raise ValidationFailed(_("原密码不正确。"), field="old_password")
    if old_password == new_password:
        raise ValidationFailed(_("新密码不能与原密码相同。"), field="new_password")
    try:
        validate_password(new_password, actor)
    except ValidationError as exc:
        raise ValidationFailed(" ".join(exc.messages), field="new_password") from exc
    with transaction.atomic():
        actor.set_password(new_password)
        actor.must_change_password = False
        actor.password_changed_at = clock.now()
        actor.save(update_fields=["password", "must_change_password", "password_changed_at"])
        record_event(actor=actor, action="user.password_change", target=actor)
    return actor


# --- memberships (roles) -------------------------------------------------------------------------


def membership_grant(
    *, actor: Any, user: User, organization: Organization, role: str, title: str = ""
) -> Membership:
    if role not in Role.values:
        raise ValidationFailed(_("角色无效。"), field="role")
    if user.pk == getattr(actor, "pk", None):
        raise PermissionDeniedError(_("不能给自己授予角色。"))
    # Role grants are the security administrator's alone (business roles as well as the three).
    ensure_may_grant(actor, organization.congress)
    held = set(user.memberships.filter(is_active=True).values_list("role", flat=True))
    if role in ADMIN_ROLES:
        if (held & ADMIN_ROLES) - {role}:
            raise ValidationFailed(
                _("系统管理员、安全管理员、审计管理员三者不能由同一人兼任。"), field="role"
            )
        if held - ADMIN_ROLES:
            raise ValidationFailed(
                _("管理员角色只授予不担任业务角色的账号(三员只处理各自的管理工作)。"), field="role"
            )
    elif held & ADMIN_ROLES:
        raise ValidationFailed(_("管理员账号不能同时担任业务角色(三员只处理各自的管理工作)。"), field="role")
    role_fits_organization(role, organization)
    with transaction.atomic():
        membership, created = Membership.objects.select_for_update().get_or_create(
            user=user, organization=organization, role=role, defaults={"title": title}
        )
        if not created and membership.is_active:
            raise ValidationFailed(_("该用户已拥有此角色。"), field="role")
        membership.is_active = True
        membership.title = title or membership.title
        membership.save()
        record_event(
            actor=actor,
            action="permission.grant",
            target=membership,
            congress=organization.congress,
            after={"user": user.username, "organization": organization.name, "role": role},
        )
        _revoke_tokens(actor=actor, user=user, reason="role_change")
    user.forget_roles()
    return membership


def membership_revoke(*, actor: Any, membership: Membership) -> Membership:
    if membership.user_id == getattr(actor, "pk", None):
        raise PermissionDeniedError(_("不能撤销自己的角色。"))
    congress = membership.organization.congress
    ensure_may_grant(actor, congress)
    with transaction.atomic():
        locked = Membership.objects.select_for_update().get(pk=membership.pk)
        if not locked.is_active:
            return locked
        locked.is_active = False
        locked.save(update_fields=["is_active"])
        record_event(
            actor=actor,
            action="permission.revoke",
            target=locked,
            congress=congress,
            before={
                "user": locked.user.username,
                "organization": locked.organization.name,
                "role": locked.role,
            },
        )
        _revoke_tokens(actor=actor, user=locked.user, reason="role_change")
    locked.user.forget_roles()
    return locked
