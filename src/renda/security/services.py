"""Writes of the security app: signing in and out, two-factor devices, and the security
administrator's work (policy, unlocking, resetting two-factor devices).

三员分立: only a security administrator (``security_admin``) runs the administrative services here;
system and audit administrators are refused, and nobody acts on their own account.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from django.contrib.auth import login as auth_login
from django.contrib.auth import logout as auth_logout
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.functional import SimpleLazyObject, empty
from django.utils.translation import gettext as _
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice

from renda.audit.services import record_event
from renda.core import clock
from renda.core.choices import Role
from renda.core.context import client_ip
from renda.core.errors import NotFoundError, PermissionDeniedError, ValidationFailed
from renda.core.models import Congress, User
from renda.core.scopes import scope_of

from .lockout import Lock, current_lock, normalize_username
from .models import LoginAttempt, SecurityPolicy

# Session keys written by this app.
LAST_ACTIVITY_KEY = "_renda_last_activity"


class SignInRefused(ValidationFailed):
    """A refused sign-in; ``code`` is ``invalid_credentials`` or ``locked``."""


# --- helpers -------------------------------------------------------------------------------------


def real_user(user: Any) -> Any:
    """The user object behind ``request.user`` (which middleware wraps in lazy objects)."""
    while isinstance(user, SimpleLazyObject):
        if user._wrapped is empty:
            user._setup()
        user = user._wrapped
    return user


def home_congress(user: Any) -> Congress | None:
    """The congress an event about ``user`` belongs to (their first active membership's)."""
    if user is None or not getattr(user, "pk", None):
        return None
    membership = (
        user.memberships.filter(is_active=True)
        .select_related("organization__congress")
        .order_by("pk")
        .first()
    )
    return membership.organization.congress if membership else None


def format_local(moment: datetime) -> str:
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


def lock_message(lock: Lock) -> str:
    # The same words for an account and an address, existing or not: nothing is revealed.
    return _("登录失败次数过多,已暂时锁定,请于 %(until)s 后再试。") % {"until": format_local(lock.until)}


def session_bind(request: HttpRequest, user: User) -> None:
    """Remember this session as the account's one active session (and its activity time)."""
    request.session[LAST_ACTIVITY_KEY] = clock.now().timestamp()
    if not request.session.session_key:
        request.session.save()
    key = request.session.session_key or ""
    User.objects.filter(pk=user.pk).update(current_session_key=key)
    user.current_session_key = key


def second_factor_required(user: Any, policy: SecurityPolicy) -> bool:
    """Whether the policy asks this user's roles for a second factor at sign-in."""
    return bool(set(policy.two_factor_roles or []) & user.role_set())


def security_congress_ids(actor: Any) -> set[int]:
    """Congresses where the actor is security administrator, and every congress below them."""
    ids = scope_of(actor).congress_ids_with(Role.SECURITY_ADMIN)
    if not ids:
        return set()
    result: set[int] = set()
    for congress in Congress.objects.filter(pk__in=ids):
        result.update(congress.descendants().values_list("pk", flat=True))
    return result


def ensure_security_admin(actor: Any) -> None:
    if not scope_of(actor).has(Role.SECURITY_ADMIN):
        raise PermissionDeniedError(_("只有安全管理员可以执行此操作。"))


def user_in_security_scope(actor: Any, user: User) -> bool:
    congresses = set(
        user.memberships.filter(is_active=True).values_list("organization__congress_id", flat=True)
    )
    return bool(congresses & security_congress_ids(actor))


def _ensure_manages_security_of(actor: Any, user: User) -> None:
    ensure_security_admin(actor)
    if user.pk == getattr(actor, "pk", None):
        raise PermissionDeniedError(_("不能对自己的账号执行此操作。"))
    if not user_in_security_scope(actor, user):
        raise PermissionDeniedError(_("该用户不在您管理的人大范围内。"))


# --- signing in and out --------------------------------------------------------------------------


def sign_in(*, request: HttpRequest, username: str, password: str) -> User:
    """Check lockout, authenticate, record the attempt, log in and bind the session.

    Raises ``SignInRefused`` with a message that never tells whether the account exists.
    """
    from django.contrib.auth import authenticate

    policy = SecurityPolicy.current()
    ip = client_ip(request)
    key = normalize_username(username)
    if not key or not password:
        raise SignInRefused(_("请输入用户名和密码。"), code="invalid_credentials", field="username")
    existing = User.objects.filter(username__iexact=username.strip()).first()

    lock = current_lock(key, ip, policy=policy)
    if lock is not None:
        with transaction.atomic():
            LoginAttempt.objects.create(username=key, ip_address=ip, blocked=True)
            record_event(
                actor=None,
                action="auth.login_failed",
                target=existing,
                congress=home_congress(existing),
                actor_name=key,
                target_repr=key,
                ip_address=ip,
                after={"username": key, "reason": "locked", "lock": lock.kind, "until": lock.until},
            )
        raise SignInRefused(lock_message(lock), code="locked")

    user = authenticate(
        request, username=existing.username if existing else username.strip(), password=password
    )
    if user is None:
        with transaction.atomic():
            LoginAttempt.objects.create(username=key, ip_address=ip)
            record_event(
                actor=None,
                action="auth.login_failed",
                target=existing,
                congress=home_congress(existing),
                actor_name=key,
                target_repr=key,
                ip_address=ip,
                after={"username": key, "reason": "bad_credentials"},
            )
            lock = current_lock(key, ip, policy=policy)
            if lock is not None:
                record_event(
                    actor=None,
                    action="auth.lockout",
                    target=existing,
                    congress=home_congress(existing),
                    actor_name=key,
                    target_repr=lock.key,
                    ip_address=ip,
                    after={
                        "kind": lock.kind,
                        "key": lock.key,
                        "until": lock.until,
                        "failures": lock.failures,
                        "minutes": policy.lockout_minutes,
                    },
                )
        if lock is not None:
            raise SignInRefused(lock_message(lock), code="locked")
        raise SignInRefused(_("用户名或密码错误。"), code="invalid_credentials")

    auth_login(request, user)
    # With a second factor to come, the password alone neither makes this the account's one session
    # nor ends the others: whoever has only the password must not be able to sign the owner out.
    # The session is bound when the second factor is verified (totp_verify, totp_enrol_confirm).
    awaiting_second_factor = second_factor_required(user, policy)
    with transaction.atomic():
        LoginAttempt.objects.create(username=key, ip_address=ip, succeeded=True)
        if awaiting_second_factor:
            request.session[LAST_ACTIVITY_KEY] = clock.now().timestamp()
        else:
            session_bind(request, user)
        record_event(
            actor=user,
            action="auth.login",
            target=user,
            congress=home_congress(user),
            ip_address=ip,
            after={"second_factor": "pending"} if awaiting_second_factor else None,
        )
    return user


def sign_out(*, request: HttpRequest, action: str = "auth.logout", reason: str = "") -> None:
    """Log the request's user out, recording ``action`` (auth.logout, auth.timeout …)."""
    user = real_user(request.user)
    if getattr(user, "is_authenticated", False):
        key = request.session.session_key or ""
        with transaction.atomic():
            if key:
                User.objects.filter(pk=user.pk, current_session_key=key).update(current_session_key="")
            record_event(
                actor=user,
                action=action,
                target=user,
                congress=home_congress(user),
                ip_address=client_ip(request),
                after={"reason": reason} if reason else None,
            )
    auth_logout(request)


# --- two-factor devices --------------------------------------------------------------------------


def _clean_token(token: str) -> str:
    token = (token or "").strip().replace(" ", "")
    if not (token.isdigit() and len(token) == 6):
        raise ValidationFailed(_("请输入 6 位数字验证码。"), field="token")
    return token


def totp_device_for_setup(*, actor: User) -> TOTPDevice:
    """The pending (unconfirmed) device the actor is enrolling, created when there is none."""
    device = TOTPDevice.objects.filter(user=actor, confirmed=False).order_by("-pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=actor, name=_("手机验证器"), confirmed=False)
    return device


def totp_enrol_confirm(*, request: HttpRequest, device: TOTPDevice, token: str) -> TOTPDevice:
    """Confirm a pending device with a code from the phone; it replaces any earlier device."""
    user = real_user(request.user)
    if device.user_id != user.pk or device.confirmed:
        raise NotFoundError(_("未找到待绑定的验证设备,请刷新页面重试。"))
    token = _clean_token(token)
    allowed, _data = device.verify_is_allowed()
    if not (allowed and device.verify_token(token)):
        record_event(
            actor=user,
            action="auth.2fa_failed",
            target=user,
            congress=home_congress(user),
            ip_address=client_ip(request),
            after={"stage": "enrol", "throttled": not allowed},
        )
        if not allowed:
            raise ValidationFailed(_("验证失败次数过多,请稍候片刻再试。"), field="token")
        raise ValidationFailed(_("验证码不正确或已过期,请重新输入。"), field="token")
    with transaction.atomic():
        replaced = TOTPDevice.objects.filter(user=user).exclude(pk=device.pk)
        replaced_count = replaced.count()
        replaced.delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        record_event(
            actor=user,
            action="auth.2fa_enrolled",
            target=user,
            congress=home_congress(user),
            ip_address=client_ip(request),
            after={"device": device.name, "replaced": replaced_count},
        )
    otp_login(request, device)
    session_bind(request, user)
    return device


def totp_verify(*, request: HttpRequest, token: str) -> TOTPDevice:
    """Second step of signing in: check a code against the user's confirmed device."""
    user = real_user(request.user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        raise NotFoundError(_("您尚未绑定两步验证设备。"))
    token = _clean_token(token)
    allowed, _data = device.verify_is_allowed()
    verified = verify_token(user, device.persistent_id, token) if allowed else None
    if verified is None:
        record_event(
            actor=user,
            action="auth.2fa_failed",
            target=user,
            congress=home_congress(user),
            ip_address=client_ip(request),
            after={"stage": "verify", "throttled": not allowed},
        )
        if not allowed:
            raise ValidationFailed(_("验证失败次数过多,请稍候片刻再试。"), field="token")
        raise ValidationFailed(_("验证码不正确或已过期,请重新输入。"), field="token")
    otp_login(request, verified)
    session_bind(request, user)
    record_event(
        actor=user,
        action="auth.2fa_verified",
        target=user,
        congress=home_congress(user),
        ip_address=client_ip(request),
    )
    return verified


# --- the security administrator's work -----------------------------------------------------------

# field: (minimum, maximum)
POLICY_LIMITS: dict[str, tuple[int, int]] = {
    "password_min_length": (8, 64),
    "password_expiry_days": (0, 365),
    "lockout_threshold": (3, 20),
    "lockout_minutes": (1, 1440),
    "idle_timeout_minutes": (1, 240),
    "api_token_days": (1, 365),
}
POLICY_FIELDS = (*POLICY_LIMITS, "single_session", "two_factor_roles")
POLICY_LABELS = {
    "password_min_length": _("密码最小长度"),
    "password_expiry_days": _("工作人员密码有效期"),
    "lockout_threshold": _("连续失败锁定次数"),
    "lockout_minutes": _("锁定时长"),
    "idle_timeout_minutes": _("会话空闲超时"),
    "api_token_days": _("API 令牌有效期"),
}


def policy_snapshot(policy: SecurityPolicy) -> dict[str, Any]:
    return {name: getattr(policy, name) for name in POLICY_FIELDS}


def security_policy_update(*, actor: Any, **changes: Any) -> SecurityPolicy:
    """Change the live security policy (deployment-wide).

    Only a security administrator of a top-level congress may change it, since it applies to every
    congress of the deployment.
    """
    ensure_security_admin(actor)
    top = Congress.objects.filter(
        pk__in=scope_of(actor).congress_ids_with(Role.SECURITY_ADMIN), parent__isnull=True
    )
    if not top.exists():
        raise PermissionDeniedError(_("全局安全策略只能由最高一级人大的安全管理员修改。"))
    unknown = set(changes) - set(POLICY_FIELDS)
    if unknown:
        raise ValidationFailed(
            _("不能修改字段:%(f)s") % {"f": "、".join(sorted(unknown))}, field=sorted(unknown)[0]
        )
    clean: dict[str, Any] = {}
    for name, (low, high) in POLICY_LIMITS.items():
        if name not in changes:
            continue
        try:
            value = int(changes[name])
        except (TypeError, ValueError):
            raise ValidationFailed(_("%(f)s须为整数。") % {"f": POLICY_LABELS[name]}, field=name) from None
        if not low <= value <= high:
            raise ValidationFailed(
                _("%(f)s须在 %(low)d 到 %(high)d 之间。")
                % {"f": POLICY_LABELS[name], "low": low, "high": high},
                field=name,
            )
        clean[name] = value
    if "single_session" in changes:
        clean["single_session"] = bool(changes["single_session"])
    if "two_factor_roles" in changes:
        roles = changes["two_factor_roles"] or []
        if isinstance(roles, str) or not all(isinstance(r, str) for r in roles):
            raise ValidationFailed(_("须两步验证的角色格式不正确。"), field="two_factor_roles")
        bad = sorted(set(roles) - set(Role.values))
        if bad:
            raise ValidationFailed(_("未知角色:%(r)s") % {"r": "、".join(bad)}, field="two_factor_roles")
        clean["two_factor_roles"] = [r for r in Role.values if r in set(roles)]
    with transaction.atomic():
        current = SecurityPolicy.current()
        policy = SecurityPolicy.objects.select_for_update().get(pk=current.pk)
        before = policy_snapshot(policy)
        for name, value in clean.items():
            setattr(policy, name, value)
        policy.save()
        record_event(
            actor=actor,
            action="security.policy_update",
            target=policy,
            before=before,
            after=policy_snapshot(policy),
        )
    return policy


def lockout_clear(*, actor: Any, username: str = "", ip_address: str = "") -> int:
    """Unlock an account (by username) or a client address; returns the failures cleared."""
    ensure_security_admin(actor)
    key = normalize_username(username)
    ip = (ip_address or "").strip()
    if bool(key) == bool(ip):
        raise ValidationFailed(_("请指定要解锁的账号或地址(二选一)。"), field="username")
    target = None
    if key:
        target = User.objects.filter(username__iexact=key).first()
        if target is not None:
            if target.pk == getattr(actor, "pk", None):
                raise PermissionDeniedError(_("不能对自己的账号执行此操作。"))
            if not user_in_security_scope(actor, target):
                raise PermissionDeniedError(_("该用户不在您管理的人大范围内。"))
    failures = LoginAttempt.objects.filter(succeeded=False, cleared_at__isnull=True)
    failures = failures.filter(username=key) if key else failures.filter(ip_address=ip)
    with transaction.atomic():
        cleared = failures.update(cleared_at=clock.now())
        if not cleared:
            raise ValidationFailed(
                _("该账号或地址当前没有需要解除的失败记录。"), field="username" if key else "ip_address"
            )
        record_event(
            actor=actor,
            action="security.unlock",
            target=target,
            congress=home_congress(target),
            target_repr=key or ip,
            after={"username": key, "ip_address": ip, "cleared": cleared},
        )
    return cleared


def totp_reset(*, actor: Any, user: User) -> int:
    """Remove a user's two-factor devices (lost phone); they enrol again at next sign-in."""
    _ensure_manages_security_of(actor, user)
    with transaction.atomic():
        devices = TOTPDevice.objects.filter(user=user)
        count = devices.count()
        if not count:
            raise ValidationFailed(_("该用户尚未绑定两步验证设备。"), field="user")
        devices.delete()
        record_event(
            actor=actor,
            action="security.totp_reset",
            target=user,
            congress=home_congress(user),
            before={"devices": count},
            after={"devices": 0},
        )
    return count
