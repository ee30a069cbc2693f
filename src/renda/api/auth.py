"""Who is calling: a personal API token (``Authorization: Bearer <secret>``) or the page's session.

Token calls are not subject to CSRF (no cookie is involved); session calls are, on every unsafe
method. A token that is wrong, revoked or expired, or whose user is inactive, is refused outright
(it never falls back to the session).
"""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError
from ninja.security import APIKeyCookie, HttpBearer

from renda.core import clock

from .models import ApiToken, hash_secret

# ``last_used_at`` is written at most this often per token, so reads do not each cost a write.
LAST_USED_RESOLUTION = timedelta(minutes=1)
MAX_SECRET_LENGTH = 200


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
        now = clock.now()
        if found.expires_at is not None and found.expires_at <= now:
            raise AuthenticationError(message=_("API 令牌已过期。"))
        user = found.user
        if not user.is_active:
            raise AuthenticationError(message=_("该账号已停用。"))
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
