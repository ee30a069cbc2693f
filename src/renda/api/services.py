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
    from datetime import timedelta

    from renda.security.models import SecurityPolicy

    now = clock.now()
    days = SecurityPolicy.current().api_token_days
    latest = now + timedelta(days=days)
    if expires_at is None:
        expires_at = latest  # every token expires: the policy's longest life by default
    else:
        if timezone.is_naive(expires_at):
            raise ValidationFailed(_("过期时间须带时区。"), field="expires_at")
        if expires_at <= now:
            raise ValidationFailed(_("过期时间必须晚于当前时间。"), field="expires_at")
        if expires_at > latest:
            raise ValidationFailed(
                _("令牌有效期不能超过 %(n)d 天(安全策略)。") % {"n": days}, field="expires_at"
            )
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


def api_tokens_revoke_all(*, actor: Any, user: Any, reason: str) -> int:
    """Revoke every usable token of ``user`` (password reset, deactivation, a role granted or taken
    away); returns how many. Audited once, with the reason, when there was any."""
    with transaction.atomic():
        tokens = ApiToken.objects.select_for_update().filter(user_id=user.pk, revoked_at__isnull=True)
        prefixes = list(tokens.values_list("prefix", flat=True))
        if not prefixes:
            return 0
        tokens.update(revoked_at=clock.now())
        record_event(
            actor=actor,
            action="api_token.revoke_all",
            target=user,
            after={"reason": reason, "count": len(prefixes), "prefixes": prefixes},
        )
    return len(prefixes)
