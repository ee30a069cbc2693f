"""Writes on API tokens: create (the secret is returned once) and revoke."""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.audit.services import record_event
from renda.core import clock
from renda.core.errors import NotFoundError, ValidationFailed

from .models import ApiToken, hash_secret

TOKEN_NAME_MAX = 100
MAX_TOKENS_PER_USER = 20


def _generate_secret() -> str:
    # 32 random bytes, URL-safe: 43 characters, the first 8 of which are kept as the visible prefix.
    return secrets.token_urlsafe(32)


def _token_snapshot(token: ApiToken) -> dict[str, Any]:
    return {
        "name": token.name,
        "prefix": token.prefix,
        "expires_at": token.expires_at,
        "revoked_at": token.revoked_at,
    }


def api_token_create(*, actor: Any, name: str, expires_at: datetime | None = None) -> tuple[ApiToken, str]:
    """Create a token for ``actor``; returns the token and its secret (never stored, shown once)."""
    if not getattr(actor, "is_authenticated", False) or not actor.is_active:
        raise ValidationFailed(_("只有已登录的有效用户可以创建令牌。"))
    name = (name or "").strip()
    if not name:
        raise ValidationFailed(_("请填写令牌名称。"), field="name")
    if len(name) > TOKEN_NAME_MAX:
        raise ValidationFailed(_("令牌名称不能超过 %(n)d 个字符。") % {"n": TOKEN_NAME_MAX}, field="name")
    if expires_at is not None:
        if timezone.is_naive(expires_at):
            raise ValidationFailed(_("过期时间须带时区。"), field="expires_at")
        if expires_at <= clock.now():
            raise ValidationFailed(_("过期时间必须晚于当前时间。"), field="expires_at")
    if ApiToken.objects.filter(user=actor).usable().count() >= MAX_TOKENS_PER_USER:
        raise ValidationFailed(
            _("有效令牌已达上限(%(n)d 个),请先撤销不用的令牌。") % {"n": MAX_TOKENS_PER_USER},
            field="name",
        )
    secret = _generate_secret()
    with transaction.atomic():
        token = ApiToken.objects.create(
            user=actor,
            name=name,
            prefix=secret[:8],
            key_hash=hash_secret(secret),
            expires_at=expires_at,
        )
        record_event(
            actor=actor,
            action="api_token.create",
            target=token,
            after=_token_snapshot(token),
        )
    return token, secret


def api_token_revoke(*, actor: Any, token: ApiToken) -> ApiToken:
    """Revoke one of the actor's own tokens (someone else's answers "not found")."""
    if token.user_id != getattr(actor, "pk", None):
        raise NotFoundError(_("令牌不存在。"))
    with transaction.atomic():
        locked = ApiToken.objects.select_for_update().get(pk=token.pk)
        if locked.revoked_at is not None:
            return locked
        before = _token_snapshot(locked)
        locked.revoked_at = clock.now()
        locked.save(update_fields=["revoked_at"])
        record_event(
            actor=actor,
            action="api_token.revoke",
            target=locked,
            before=before,
            after=_token_snapshot(locked),
        )
    return locked
