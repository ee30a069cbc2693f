"""Pages: sign-in and out, password change, two-factor enrolment and verification, and the
security administrator's pages. Thin: services do the work."""

from __future__ import annotations

import base64
import io
from base64 import b32encode
from urllib.parse import urlencode

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render, resolve_url
from django.urls import NoReverseMatch, reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST
from django_otp.plugins.otp_totp.models import TOTPDevice

from renda.core.choices import Role
from renda.core.errors import NotFoundError, PermissionDeniedError, ValidationFailed
from renda.core.models import Membership
from renda.core.permissions import role_required
from renda.core.services import membership_grant, membership_revoke, user_change_own_password

from . import selectors, services
from .forms import GrantForm, LoginForm, PasswordChangeForm, PolicyForm, TokenForm, UnlockForm
from .lockout import active_locks
from .middleware import password_expired, two_factor_required
from .models import SecurityPolicy

security_admin_required = role_required(Role.SECURITY_ADMIN)


def _home_url() -> str:
    try:
        return resolve_url(settings.LOGIN_REDIRECT_URL)
    except NoReverseMatch:
        return "/"


def _next_url(request: HttpRequest) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return _home_url()


# --- signing in and out --------------------------------------------------------------------------


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    form = LoginForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.sign_in(
                request=request,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
            )
        except services.SignInRefused as exc:
            form.add_error(None, exc.message)
        else:
            return redirect(_next_url(request))
    return render(
        request,
        "registration/login.html",
        {
            "form": form,
            "next": _next_url(request) if request.GET.get("next") or request.POST.get("next") else "",
        },
    )


@never_cache
def logout_view(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        was_signed_in = request.user.is_authenticated
        services.sign_out(request=request)
        if was_signed_in:
            messages.success(request, _("您已安全退出。"))
        return redirect("login")
    if not request.user.is_authenticated:
        return redirect("login")
    return render(request, "registration/logout_confirm.html")


@sensitive_post_parameters("old_password", "new_password", "new_password_confirm")
@login_required
@never_cache
def password_change(request: HttpRequest) -> HttpResponse:
    user = services.real_user(request.user)
    policy = SecurityPolicy.current()
    form = PasswordChangeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user_change_own_password(
                actor=user,
                old_password=form.cleaned_data["old_password"],
                new_password=form.cleaned_data["new_password"],
            )
        except ValidationFailed as exc:
            form.add_service_error(exc)
        else:
            # The password hash changed: keep this session, and keep it the account's only one.
            update_session_auth_hash(request, user)
            services.session_bind(request, user)
            messages.success(request, _("密码已修改。"))
            return redirect(_next_url(request))
    reason = ""
    if user.must_change_password:
        reason = _("首次登录或密码已被管理员重置,请先设置新密码。")
    elif password_expired(user, policy):
        reason = _("您的密码已超过 %(n)d 天未修改,请设置新密码。") % {"n": policy.password_expiry_days}
    from django.contrib.auth.password_validation import password_validators_help_texts

    return render(
        request,
        "security/password_change.html",
        {
            "form": form,
            "reason": reason,
            "help_texts": password_validators_help_texts(),
            "next": request.GET.get("next", ""),
        },
    )


# --- two-factor ------------------------------------------------------------------------------------


def _qr_data_uri(text: str) -> str:
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer)
    return "data:image/svg+xml;base64," + base64.b64encode(buffer.getvalue()).decode("ascii")


def _is_verified(request: HttpRequest) -> bool:
    checker = getattr(request.user, "is_verified", None)
    return bool(checker and checker())


@login_required
@never_cache
def totp_setup(request: HttpRequest) -> HttpResponse:
    user = services.real_user(request.user)
    enrolled = TOTPDevice.objects.filter(user=user, confirmed=True).exists()
    # A user who already has a device must prove it before replacing it.
    if enrolled and not _is_verified(request):
        return redirect(f"{reverse('totp_verify')}?{urlencode({'next': request.GET.get('next', '')})}")
    device = services.totp_device_for_setup(actor=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.totp_enrol_confirm(request=request, device=device, token=form.cleaned_data["token"])
        except NotFoundError as exc:
            form.add_error(None, exc.message)
        except ValidationFailed as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("两步验证已启用。以后登录时需输入手机验证器上的验证码。"))
            return redirect(_next_url(request))
    secret = b32encode(device.bin_key).decode("ascii")
    return render(
        request,
        "security/totp_setup.html",
        {
            "form": form,
            "qr": _qr_data_uri(device.config_url),
            "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
            "replacing": enrolled,
            "required": two_factor_required(user, SecurityPolicy.current()),
            "next": request.GET.get("next", ""),
        },
    )


@login_required
@never_cache
def totp_verify(request: HttpRequest) -> HttpResponse:
    user = services.real_user(request.user)
    if not TOTPDevice.objects.filter(user=user, confirmed=True).exists():
        return redirect(f"{reverse('totp_setup')}?{urlencode({'next': request.GET.get('next', '')})}")
    if _is_verified(request):
        return redirect(_next_url(request))
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.totp_verify(request=request, token=form.cleaned_data["token"])
        except NotFoundError as exc:
            form.add_error(None, exc.message)
        except ValidationFailed as exc:
            form.add_service_error(exc)
        else:
            return redirect(_next_url(request))
    return render(request, "security/totp_verify.html", {"form": form, "next": request.GET.get("next", "")})


# --- the security administrator's pages -------------------------------------------------------------


@security_admin_required
def admin_home(request: HttpRequest) -> HttpResponse:
    policy = SecurityPolicy.current()
    return render(
        request,
        "security/admin_home.html",
        {
            "policy": policy,
            "two_factor_role_labels": [Role(r).label for r in policy.two_factor_roles if r in Role.values],
            "lock_count": len(active_locks(policy=policy)),
            "user_count": selectors.users_for_security_admin(request.user).count(),
        },
    )


@security_admin_required
def policy_edit(request: HttpRequest) -> HttpResponse:
    policy = SecurityPolicy.current()
    form = PolicyForm(request.POST or None, initial=services.policy_snapshot(policy))
    if request.method == "POST" and form.is_valid():
        try:
            services.security_policy_update(actor=request.user, **form.cleaned_data)
        except PermissionDeniedError as exc:
            raise PermissionDenied(exc.message) from exc
        except ValidationFailed as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("安全策略已保存。"))
            return redirect("security_policy")
    return render(request, "security/policy.html", {"form": form, "policy": policy})


@security_admin_required
def lockouts(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = UnlockForm(request.POST)
        if form.is_valid():
            try:
                cleared = services.lockout_clear(
                    actor=request.user,
                    username=form.cleaned_data["username"],
                    ip_address=form.cleaned_data["ip_address"] or "",
                )
            except PermissionDeniedError as exc:
                raise PermissionDenied(exc.message) from exc
            except ValidationFailed as exc:
                messages.error(request, exc.message)
            else:
                messages.success(request, _("已解除锁定(清除 %(n)d 条失败记录)。") % {"n": cleared})
        else:
            messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("security_lockouts")
    policy = SecurityPolicy.current()
    return render(
        request,
        "security/lockouts.html",
        {"locks": active_locks(policy=policy), "failures": selectors.recent_failures(), "policy": policy},
    )


@security_admin_required
def user_list(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")
    users = list(selectors.users_for_security_admin(request.user, q=q)[:200])
    return render(
        request,
        "security/users.html",
        {"users": users, "q": q, "enrolled": selectors.enrolled_user_ids(users)},
    )


def _user_or_404(request: HttpRequest, pk: int):
    try:
        return selectors.user_for_security_admin(request.user, pk)
    except NotFoundError as exc:
        raise Http404(exc.message) from exc


@security_admin_required
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user_or_404(request, pk)
    organizations = selectors.organizations_for_security_admin(request.user)
    form = GrantForm(request.POST or None, organizations=organizations)
    if request.method == "POST" and form.is_valid():
        try:
            membership_grant(
                actor=request.user,
                user=user,
                organization=form.cleaned_data["organization"],
                role=form.cleaned_data["role"],
                title=form.cleaned_data["title"],
            )
        except PermissionDeniedError as exc:
            form.add_error(None, exc.message)
        except ValidationFailed as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("已授予角色。"))
            return redirect("security_user", pk=user.pk)
    memberships = (
        Membership.objects.filter(user=user)
        .select_related("organization__congress")
        .order_by("-is_active", "organization__congress__path", "organization__name")
    )
    return render(
        request,
        "security/user_detail.html",
        {
            "subject": user,
            "memberships": memberships,
            "form": form,
            "enrolled": TOTPDevice.objects.filter(user=user, confirmed=True).exists(),
            "is_self": user.pk == request.user.pk,
        },
    )


@security_admin_required
@require_POST
def membership_revoke_view(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership.objects.select_related("organization__congress", "user"), pk=pk)
    # Only memberships of users the security administrator manages are reachable.
    user = _user_or_404(request, membership.user_id)
    try:
        membership_revoke(actor=request.user, membership=membership)
    except (PermissionDeniedError, ValidationFailed) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已撤销角色。"))
    return redirect("security_user", pk=user.pk)


@security_admin_required
@require_POST
def totp_reset_view(request: HttpRequest, pk: int) -> HttpResponse:
    user = _user_or_404(request, pk)
    try:
        services.totp_reset(actor=request.user, user=user)
    except (PermissionDeniedError, ValidationFailed) as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("已重置该用户的两步验证,其下次登录时须重新绑定。"))
    return redirect("security_user", pk=user.pk)
