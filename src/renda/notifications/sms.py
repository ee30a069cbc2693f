"""Text messages through a pluggable sender, chosen by ``settings.RENDA["SMS_SENDER"]``.

A deployment plugs in its SMS gateway by writing a subclass of ``SmsSender`` whose ``send`` talks to
the gateway, and naming it in the setting. The default only logs and records what it would send.
"""

from __future__ import annotations

import logging
from typing import Any

from django.conf import settings
from django.utils.module_loading import import_string

logger = logging.getLogger("renda.notifications.sms")


class SmsSender:
    """Interface: send one message to one phone number; return a status word."""

    name = "base"

    def send(self, *, phone: str, text: str, recipient: Any = None) -> str:  # pragma: no cover - interface
        raise NotImplementedError


class LoggingSmsSender(SmsSender):
    """Sends nothing: writes the message to the log (development, intranets without a gateway).

    A message that must not be kept (a temporary password) is logged by its ``record_text`` only,
    unless ``DEBUG`` is on: a log file is kept, read and copied like any other record."""

    name = "logging"
    # A sender that writes what it sends somewhere durable gets the redacted text of secret messages.
    keeps_text = True

    def send(self, *, phone: str, text: str, recipient: Any = None) -> str:
        logger.info("SMS to %s: %s", phone, text)
        return "logged"


def get_sms_sender() -> SmsSender:
    path = getattr(settings, "RENDA", {}).get("SMS_SENDER", "renda.notifications.sms.LoggingSmsSender")
    return import_string(path)()


def send_sms(*, phone: str, text: str, recipient: Any = None, record_text: str | None = None) -> Any:
    """Send through the configured sender and record the message in ``SmsMessage``.

    ``record_text``, when given, is what the record keeps instead of ``text`` (a message carrying a
    temporary password is sent but never stored)."""
    from .models import SmsMessage

    sender = get_sms_sender()
    text = text[:500]
    sent_text = text
    if record_text is not None and getattr(sender, "keeps_text", False) and not settings.DEBUG:
        sent_text = record_text[:500]
    try:
        status = sender.send(phone=phone, text=sent_text, recipient=recipient)
    except Exception:  # a gateway failure must not break the workflow that triggered it
        logger.exception("SMS to %s failed", phone)
        status = "failed"
    return SmsMessage.objects.create(
        recipient=recipient,
        phone=phone,
        text=(record_text if record_text is not None else text)[:500],
        sender=type(sender).__name__,
        status=status,
    )
