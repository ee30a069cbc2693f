"""Notifying people: an in-app row for each recipient, and email and text messages when asked."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.utils.translation import gettext as _

from renda.core import clock
from renda.core.errors import NotFoundError
from renda.core.models import User

from .models import Notification
from .sms import send_sms

logger = logging.getLogger("renda.notifications")


def _users(recipients: Iterable[Any]) -> list[User]:
    ids: set[int] = set()
    for r in recipients:
        ids.add(r if isinstance(r, int) else r.pk)
    return list(User.objects.filter(pk__in=ids, is_active=True).order_by("pk"))


def notify(
    *,
    recipients: Iterable[Any],
    verb: str,
    title: str,
    body: str = "",
    url: str = "",
    case: Any = None,
    case_id: int | None = None,
    congress: Any = None,
    congress_id: int | None = None,
    email: bool = True,
    sms: bool = False,
) -> list[Notification]:
    """Create one in-app notification per active recipient; email those with an address, text those
    with a phone when ``sms``. Sending failures are logged, never raised (the workflow already happened)."""
    users = _users(recipients)
    if case is not None:
        case_id = case.pk
        congress_id = congress_id or case.congress_id
    if congress is not None:
        congress_id = congress.pk
    title = str(title)[:200]
    body = str(body)
    rows = Notification.objects.bulk_create(
        [
            Notification(
                recipient=u,
                congress_id=congress_id,
                verb=verb,
                title=title,
                body=body,
                url=url,
                case_id=case_id,
            )
            for u in users
        ]
    )
    if email:
        for user in users:
            if not user.email:
                continue
            try:
                send_mail(
                    subject=f"[{_('人大履职平台')}] {title}",
                    message=f"{body}\n\n{url}".strip(),
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    recipient_list=[user.email],
                )
            except Exception:
                logger.exception("Email to %s failed", user.email)
    if sms:
        for user in users:
            if user.phone:
                send_sms(phone=user.phone, text=_sms_text(title, body), recipient=user)
    return rows


SMS_MAX = 300


def _sms_text(title: str, body: str) -> str:
    """The sentence of what happened and, when it fits, what to do."""
    text = f"{_('【人大履职平台】')}{title}"
    return f"{text}{body}" if body and len(text) + len(body) <= SMS_MAX else text[:SMS_MAX]


def notification_mark_read(*, actor: Any, notification_id: int) -> Notification:
    """Mark one of the actor's own notifications read (someone else's is 'not found')."""
    with transaction.atomic():
        found = Notification.objects.visible_to(actor).select_for_update().filter(pk=notification_id).first()
        if found is None:
            raise NotFoundError(_("通知不存在。"))
        if found.read_at is None:
            found.read_at = clock.now()
            found.save(update_fields=["read_at"])
    return found


def notifications_mark_all_read(*, actor: Any) -> int:
    return Notification.objects.visible_to(actor).unread().update(read_at=clock.now())
