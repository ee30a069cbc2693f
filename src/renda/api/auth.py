"""Who is calling: a personal API token (``Authorization: Bearer <secret>``) or the page's session.

Token calls are not subject to CSRF (no cookie is involved); session calls are, on every unsafe
method. A token that is wrong, revoked or expired, or whose user is inactive, is refused outright
(it never falls back to the session).

A token is held to the same sign-in rules as a session (the middleware sees only sessions): it
expires after the policy's ``api_token_days`` whatever it was created with, and while its user's
account is locked or must change its password (forced change, expiry) every call answers 403 with
``account_locked`` / ``password_change_required``. Password and token operations are refused
through a token altogether (:func:`require_session`).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer

from renda.core import clock
from renda.core.errors import PermissionDeniedError, RendaError

from .models import ApiToken, hash_secret

# ``last_used_at`` is written at most this often per token, so reads do not each cost a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)
MAX_SECRET_LENGTH = 200


class TokenRefused(RendaError):
    """The token is valid but its account may not work now (locked, must change its password)."""

    status = 403


def require_session(request: HttpRequest) -> None:
    """Refuse the operation when the call carries an API token: passwords and tokens are handled only
    by a person signed in to the pages (a leaked token must not take over the account)."""
    if getattr(request, "api_token", None) is not None:
        raise PermissionDeniedError(
            _("此操作不能通过 API 令牌进行,请登录网页后操作。"), code="session_required"
        )


class TokenAuth(HttpBearer):
    """Personal API token."""

    def __call__(self, request: HttpRequest) -> Any:
        header = request.headers.get(self.header) or ""
        scheme, _sep, value = header.strip().partition(" ")
        if scheme.lower() != "bearer":
            return None  # not ours: let the session try
        return self.authenticate(request, value.strip())

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        if not token or len(token) > MAX_SECRET_LENGTH:
            raise AuthenticationError(message=_("API 令牌无效。"))
        found = ApiToken.objects.select_related("user").filter(key_hash=hash_secret(token)).first()
        if found is None:
            raise AuthenticationError(message=_("API 令牌无效。"))
        if found.revoked_at is not None:
            raise AuthenticationError(message=_("API 令牌已撤销。"))
        from renda.security.lockout import account_lock
        from renda.security.middleware import password_change_required
        from renda.security.models import SecurityPolicy

        now = clock.now()
        policy = SecurityPolicy.current()
        if (found.expires_at is not None and found.expires_at <= now) or (
            found.created_at + timedelta(days=policy.api_token_days) <= now
        ):
            raise AuthenticationError(message=_("API 令牌已过期。"))
        user = found.user
        if not user.is_active:
            raise AuthenticationError(message=_("该账号已停用。"))
        if account_lock(user.username, policy=policy, now=now) is not None:
            raise TokenRefused(
                _("该账号因多次登录失败已被锁定,锁定期间 API 令牌不能使用。"), code="account_locked"
            )
        if password_change_required(user, policy):
            raise TokenRefused(
                _("该账号须先修改密码:请登录网页修改密码后再使用 API 令牌。"),
                code="password_change_required",
            )
        if found.last_used_at is None or now - found.last_used_at >= LAST_USED_RESOLUTION:
            ApiToken.objects.filter(pk=found.pk).update(last_used_at=now)
        request.user = user
        request.api_token = found  # type: ignore[attr-defined]
        return user


class SessionAuth(APIKeyCookie):
    """The signed-in page's own calls: the Django session, with CSRF enforced on unsafe methods."""

    param_name = "sessionid"

    def __init__(self, csrf: bool = True) -> None:
        from django.conf import settings

        self.param_name = settings.SESSION_COOKIE_NAME
        super().__init__(csrf=csrf)

    def _get_key(self, request: HttpRequest) -> str | None:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            # Nobody is signed in: answer "unauthenticated", not "CSRF failed".
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.is_active:
            return user
        return None


token_auth = TokenAuth()
session_auth = SessionAuth()

# Every operation declares this (or stricter) authentication; none is public.
DEFAULT_AUTH = [token_auth, session_auth]
