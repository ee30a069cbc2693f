"""Per-congress settings, the public rater account, rate limits and text checks shared by the services."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from renda.audit.services import record_event
from renda.core import clock
from renda.core.choices import Role
from renda.core.errors import ValidationFailed
from renda.core.models import User
from renda.core.permissions import ensure_role
from renda.core.text import clean_text

from ..models import LiaisonSetting, PublicHit

PUBLIC_RATER_USERNAME = "liaison-public-rater"
MOBILE_RE = re.compile(r"^1\d{10}$")
SETTING_NUMBERS = [
    "notice_days",
    "generate_days_ahead",
    "remind_days_before",
    "body_max_length",
    "submit_limit",
    "submit_window_minutes",
    "track_limit",
    "track_window_minutes",
    "duplicate_window_minutes",
    "reply_working_days",
    "rehandle_working_days",
    "receptions_per_year",
]


def liaison_setting(congress_id: int) -> LiaisonSetting:
    """The congress's settings, or the defaults (unsaved) when it has none."""
    found = LiaisonSetting.objects.filter(congress_id=congress_id).first()
    return found if found is not None else LiaisonSetting(congress_id=congress_id)


def liaison_setting_update(*, actor: Any, congress: Any, **values: Any) -> LiaisonSetting:
    """Staff change their congress's liaison settings (numbers, lists, required fields)."""
    ensure_role(actor, Role.STAFF, Role.SYSTEM_ADMIN, congress_id=congress.pk)
    allowed = set(SETTING_NUMBERS) | {
        "require_name",
        "require_phone",
        "topics",
        "exclusions",
        "checklist",
        "sensitive_words",
    }
    unknown = set(values) - allowed
    if unknown:
        raise ValidationFailed(
            _("未知的参数:%(p)s") % {"p": "、".join(sorted(unknown))}, field=sorted(unknown)[0]
        )
    for name in SETTING_NUMBERS:
        if name in values:
            value = values[name]
            if not isinstance(value, int) or isinstance(value, bool) or value < 0 or value > 10000:
                raise ValidationFailed(_("参数须为0到10000之间的整数。"), field=name)
    if "notice_days" in values and values["notice_days"] > 60:
        raise ValidationFailed(_("提前公告天数不能超过60天。"), field="notice_days")
    for name in ("topics", "sensitive_words"):
        if name in values:
            items = [str(x).strip() for x in values[name] if str(x).strip()]
            if name == "topics" and not items:
                raise ValidationFailed(_("请至少设置一个意见分类。"), field=name)
            values[name] = list(dict.fromkeys(items))
    for name in ("exclusions", "checklist"):
        if name in values:
            cleaned = []
            for item in values[name]:
                if (
                    not isinstance(item, dict)
                    or not str(item.get("code", "")).strip()
                    or not str(item.get("label", "")).strip()
                ):
                    raise ValidationFailed(_("每一项都须有代码和名称。"), field=name)
                cleaned.append({k: str(v).strip() for k, v in item.items()})
            values[name] = cleaned
    with transaction.atomic():
        setting, _created = LiaisonSetting.objects.select_for_update().get_or_create(congress=congress)
        before = {k: getattr(setting, k) for k in values}
        for key, value in values.items():
            setattr(setting, key, value)
        setting.save()
        record_event(
            actor=actor,
            action="liaison_setting.update",
            target=setting,
            congress=congress,
            before=before,
            after=values,
        )
    return setting


def public_rater() -> User:
    """The account the engine records citizens' ratings under.

    A citizen never signs in: they prove who they are with the tracking number and the one-time code,
    and the liaison service then rates through the engine as this account. It has no usable password
    and no role, so nobody can sign in as it.
    """
    user = User.objects.filter(username=PUBLIC_RATER_USERNAME).first()
    if user is None:
        user = User(username=PUBLIC_RATER_USERNAME, full_name=_("群众(凭查询码评价)"), is_active=True)
        user.set_unusable_password()
        user.save()
    return user


def client_key(ip: str | None) -> str:
    """A keyed hash of the client address (we never store the address of a member of the public)."""
    raw = f"{settings.SECRET_KEY}:{ip or 'unknown'}".encode()
    return hashlib.sha256(raw).hexdigest()


def throttle(*, action: str, key: str, limit: int, window_minutes: int, message: str) -> None:
    """Count one hit; refuse when the address already made ``limit`` hits within the window."""
    now = clock.now()
    since = now - dt.timedelta(minutes=window_minutes)
    recent = PublicHit.objects.filter(action=action, client_key=key, created_at__gte=since).count()
    if limit and recent >= limit:
        raise ValidationFailed(message, field="__all__", code="rate_limited")
    PublicHit.objects.create(action=action, client_key=key, created_at=now)
    # Keep the table small: drop hits older than a day.
    PublicHit.objects.filter(created_at__lt=now - dt.timedelta(days=1)).delete()


def check_text(
    value: Any, *, field: str, label: str, max_length: int, words: list[str], required: bool = True
) -> str:
    text = clean_text(value, field=field, label=label, max_length=max_length, required=required)
    if not text:
        return ""
    compact = re.sub(r"\s+", "", text).lower()
    for word in words or []:
        if word and word.lower() in compact:
            raise ValidationFailed(
                _("%(label)s含有不文明或不当用语,请修改后再提交。") % {"label": label}, field=field
            )
    return text


def check_phone(value: Any, *, field: str = "phone", required: bool = False) -> str:
    phone = re.sub(r"[\s-]", "", value or "") if isinstance(value, str) else ""
    if not phone:
        if required:
            raise ValidationFailed(_("请填写手机号。"), field=field)
        return ""
    if not MOBILE_RE.match(phone):
        raise ValidationFailed(_("手机号应为11位数字,以1开头。"), field=field)
    return phone
