"""Security enforcement on every request: one session per account, idle timeout, required
two-factor sign-in, forced and periodic password change.

Runs after AuthenticationMiddleware, OTPMiddleware and RequestContextMiddleware (so the client
address is known) and before MessageMiddleware, which is why the messages of a forced logout are
written through a storage of our own.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.contrib.messages import constants as message_levels
from django.contrib.messages.storage import default_storage
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import gettext as _
from django_otp.plugins.otp_totp.models import TOTPDevice

from renda.core import clock
from renda.core.choices import ADMIN_ROLES, CONGRESS_ROLES

from .models import SecurityPolicy
from .services import LAST_ACTIVITY_KEY, second_factor_required, sign_out

# Roles whose passwords expire (工作人员、领导、三员).
STAFF_LIKE_ROLES = frozenset(ADMIN_ROLES | CONGRESS_ROLES)
API_PREFIX = "/api/"
# The idle timer's resolution: the last-activity stamp is rewritten (and with it the session row and
# its expiry) at most this often, so a signed-in GET within the minute writes nothing — on SQLite a
# write per page view would take the database's write lock. A session therefore ends between
# ``idle_timeout_minutes - 1`` and ``idle_timeout_minutes`` after the last request.
ACTIVITY_STAMP_SECONDS = 60


two_factor_required = second_factor_required


def password_expired(user: Any, policy: SecurityPolicy) -> bool:
    days = policy.password_expiry_days
    if not days or not user.has_role(*STAFF_LIKE_ROLES):
        return False
    changed = user.password_changed_at or user.date_joined
    return changed < clock.now() - timedelta(days=days)


def password_change_required(user: Any, policy: SecurityPolicy) -> bool:
    return bool(user.must_change_password) or password_expired(user, policy)


def _exempt(path: str) -> bool:
    # Only static assets; uploaded files go through access-checked views, never past this middleware.
    prefixes = [p for p in (settings.STATIC_URL,) if p and p != "/"]
    return any(path.startswith(p) for p in prefixes) or path in ("/healthz", "/favicon.ico")


class NoStoreMiddleware:
    """``Cache-Control: no-store`` (and private, no-cache) on every answer to a signed-in request and
    on every API answer: no browser history, shared computer or proxy keeps a copy of personal data.
    Public pages for visitors who are not signed in keep their caching; static files are served by
    WhiteNoise before this runs."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        signed_in = bool(user is not None and user.is_authenticated)
        response = self.get_response(request)
        user = getattr(request, "user", None)  # signing in or out during the request
        if (
            signed_in
            or (user is not None and user.is_authenticated)
            or request.path_info.startswith(API_PREFIX)
        ):
            add_never_cache_headers(response)
        return response


class SecurityEnforcementMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        path = request.path_info
        user = getattr(request, "user", None)
        if _exempt(path) or user is None or not user.is_authenticated:
            return self.get_response(request)
        policy = SecurityPolicy.current()

        awaiting_second_factor = two_factor_required(user, policy) and not (
            getattr(user, "is_verified", None) and user.is_verified()
        )
        # One active session per account: a newer sign-in elsewhere ends this one. A session still
        # waiting for its second factor is not the account's session yet (it is bound once verified)
        # and reaches only the two-factor pages below.
        key = request.session.session_key
        if (
            policy.single_session
            and not awaiting_second_factor
            and user.current_session_key
            and key
            and key != user.current_session_key
        ):
            return self._end(
                request,
                action="auth.logout",
                reason="session_replaced",
                message=_("您的账号已在其他地方登录,当前会话已退出。如非本人操作,请立即修改密码。"),
            )

        # Idle timeout, enforced on the server whatever the cookie says.
        now = clock.now().timestamp()
        last = request.session.get(LAST_ACTIVITY_KEY)
        if isinstance(last, int | float) and now - last > policy.idle_timeout_minutes * 60:
            return self._end(
                request,
                action="auth.timeout",
                reason="idle",
                message=_("您已超过 %(n)d 分钟未操作,为保障安全已自动退出,请重新登录。")
                % {"n": policy.idle_timeout_minutes},
                keep_next=True,
            )
        if not isinstance(last, int | float) or now - last >= ACTIVITY_STAMP_SECONDS:
            request.session[LAST_ACTIVITY_KEY] = now  # marks the session modified: saved once

        logout_path = reverse("logout")
        setup_path, verify_path = reverse("totp_setup"), reverse("totp_verify")
        change_path = reverse("password_change")

        # Two-factor sign-in for the roles the policy names.
        if awaiting_second_factor:
            if path not in (setup_path, verify_path, logout_path):
                enrolled = TOTPDevice.objects.filter(user_id=user.pk, confirmed=True).exists()
                target = verify_path if enrolled else setup_path
                return self._redirect(
                    request, target, code="two_factor_required", message=_("请先完成两步验证。")
                )

        # Forced change (first sign-in, reset by an administrator) and expiry for staff-like roles.
        if password_change_required(user, policy) and path not in (
            change_path,
            logout_path,
            setup_path,
            verify_path,
        ):
            return self._redirect(
                request, change_path, code="password_change_required", message=_("请先修改密码。")
            )

        return self.get_response(request)

    @staticmethod
    def _redirect(request: HttpRequest, target: str, *, code: str, message: str) -> HttpResponse:
        if request.path_info.startswith(API_PREFIX):
            return JsonResponse({"code": code, "message": message}, status=403)
        if request.headers.get("HX-Request"):
            # htmx follows a 302 silently; tell it to navigate instead.
            response = HttpResponse(status=200)
            response["HX-Redirect"] = target
            return response
        if request.method == "GET":
            return redirect_to_login(request.get_full_path(), login_url=target)
        return redirect(target)

    @staticmethod
    def _end(
        request: HttpRequest, *, action: str, reason: str, message: str, keep_next: bool = False
    ) -> HttpResponse:
        next_path = request.get_full_path()
        sign_out(request=request, action=action, reason=reason)
        if request.path_info.startswith(API_PREFIX):
            return JsonResponse({"code": "signed_out", "message": message}, status=401)
        login_path = reverse("login")
        response: HttpResponse
        if request.headers.get("HX-Request"):
            response = HttpResponse(status=200)
            response["HX-Redirect"] = login_path
        elif keep_next and request.method == "GET":
            response = redirect_to_login(next_path, login_url=login_path)
        else:
            response = redirect(login_path)
        storage = default_storage(request)
        storage.add(message_levels.WARNING, message)
        storage.update(response)
        return response
