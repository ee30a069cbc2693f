"""The audit trail: append-only events, each carrying the keyed hash (HMAC) of the previous one."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.utils.translation import gettext_lazy as _

from renda.core.querysets import scope_of

from . import chain

GENESIS_HASH = "0" * 64
# sign-in events that may belong to no congress; read by every audit administrator
DEPLOYMENT_SIGN_IN_ACTIONS = ("auth.login_failed", "auth.lockout")


class AppendOnlyError(RuntimeError):
    pass


class EventQuerySet(models.QuerySet):
    def visible_to(self, user: Any) -> EventQuerySet:
        """Audit administrators read the trail of their congresses (and below); others see nothing here."""
        scope = scope_of(user)
        congresses = scope.congress_ids_with("audit_admin")
        if not congresses:
            return self.none()
        from renda.core.models import Congress

        paths = Congress.objects.filter(pk__in=congresses).values_list("path", flat=True)
        # Sign-in events tied to no congress (a failed sign-in with a name that is no account, a
        # lockout of a client address) come through the one sign-in page of the deployment, so no
        # congress can be named for them (and a name the attacker chooses must not decide who
        # sees it): every audit administrator reads them. Other events tied to no congress
        # (deployment-wide settings) are read only by audit administrators of a top-level congress.
        q = models.Q(congress__isnull=True, action__in=DEPLOYMENT_SIGN_IN_ACTIONS)
        if Congress.objects.filter(pk__in=congresses, parent__isnull=True).exists():
            q |= models.Q(congress__isnull=True)
        for path in paths:
            q |= models.Q(congress__path__startswith=path)
        return self.filter(q)

    def for_target(self, target: models.Model) -> EventQuerySet:
        return self.filter(target_type=target._meta.label_lower, target_id=str(target.pk))

    def update(self, **kwargs: Any) -> int:  # pragma: no cover - guard
        raise AppendOnlyError("审计日志只能追加,不能修改")

    def delete(self) -> Any:  # pragma: no cover - guard
        raise AppendOnlyError("审计日志只能追加,不能删除")


class Event(models.Model):
    """One thing that happened. Written only by ``renda.audit.services.record_event``."""

    congress = models.ForeignKey(
        "core.Congress",
        verbose_name=_("人大"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("操作人"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    actor_name = models.CharField(_("操作人姓名"), max_length=150, blank=True)
    action = models.CharField(_("操作"), max_length=80, db_index=True)
    target_type = models.CharField(_("对象类型"), max_length=80, blank=True, db_index=True)
    target_id = models.CharField(_("对象编号"), max_length=64, blank=True)
    target_repr = models.CharField(_("对象"), max_length=255, blank=True)
    before = models.JSONField(_("变更前"), null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(_("变更后"), null=True, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField(_("时间"), db_index=True)
    ip_address = models.GenericIPAddressField(_("客户端地址"), null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    objects = EventQuerySet.as_manager()

    class Meta:
        verbose_name = _("审计事件")
        verbose_name_plural = _("审计事件")
        ordering = ["-id"]
        indexes = [
            models.Index(fields=["target_type", "target_id"]),
            models.Index(fields=["congress", "created_at"]),
        ]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.action} {self.target_repr}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not kwargs.pop("_allow_insert", False):
            raise AppendOnlyError("审计日志只能追加,不能修改")
        kwargs.pop("_allow_insert", None)
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> Any:
        raise AppendOnlyError("审计日志只能追加,不能删除")

    @property
    def action_label(self) -> str:
        from .labels import action_label

        return action_label(self.action)

    def canonical(self) -> str:
        """The fields the hash covers, in a stable text form."""
        data = {
            "congress": self.congress_id,
            "actor": self.actor_id,
            "actor_name": self.actor_name,
            "action": self.action,
            "target_type": self.target_type,
            "target_id": self.target_id,
            "target_repr": self.target_repr,
            "before": self.before,
            "after": self.after,
            "created_at": self.created_at.astimezone(dt.UTC).isoformat(timespec="microseconds"),
            "ip_address": self.ip_address,
            "prev_hash": self.prev_hash,
        }
        return json.dumps(
            data, sort_keys=True, ensure_ascii=False, cls=DjangoJSONEncoder, separators=(",", ":")
        )

    def compute_hash(self, scheme: chain.Scheme | None = None) -> str:
        """The HMAC of the canonical form under the audit key (or under ``scheme``)."""
        return (scheme or chain.scheme()).mac(chain.EVENT, self.canonical())


class ChainHead(models.Model):
    """One row holding the hash of the newest event; locked while an event is appended."""

    last_hash = models.CharField(max_length=64, default=GENESIS_HASH)
    last_event_id = models.BigIntegerField(null=True)
    event_count = models.BigIntegerField(default=0)
    # HMAC of (last_event_id, last_hash, event_count): the head cannot be moved back to a shorter
    # chain without the key (only replayed as a whole; the anchors outside the database catch that)
    mac = models.CharField(max_length=64, blank=True, default="")

    class Meta:
        verbose_name = _("审计链头")
        verbose_name_plural = _("审计链头")

    def __str__(self) -> str:
        return self.last_hash

    def compute_mac(self, scheme: chain.Scheme | None = None) -> str:
        message = f"{self.last_event_id or 0}|{self.last_hash}|{self.event_count}"
        return (scheme or chain.scheme()).mac(chain.HEAD, message)


class PendingEvent(models.Model):
    """An event recorded but not yet chained (write-behind, ``record_event_deferred``).

    Written in the caller's transaction without taking the chain's head row, so it commits or rolls
    back with the record it is about; ``services.chain_pending`` then moves it into :class:`Event`, in
    id order, many at a time under one head update, and deletes it here in the same transaction —
    an event is never lost between the two tables, nor chained twice."""

    congress = models.ForeignKey(
        "core.Congress", null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    actor_name = models.CharField(max_length=150, blank=True)
    action = models.CharField(max_length=80)
    target_type = models.CharField(max_length=80, blank=True)
    target_id = models.CharField(max_length=64, blank=True)
    target_repr = models.CharField(max_length=255, blank=True)
    before = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    after = models.JSONField(null=True, blank=True, encoder=DjangoJSONEncoder)
    created_at = models.DateTimeField()
    ip_address = models.GenericIPAddressField(null=True, blank=True)

    class Meta:
        verbose_name = _("待入链的审计事件")
        verbose_name_plural = _("待入链的审计事件")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.created_at:%Y-%m-%d %H:%M:%S} {self.actor_name} {self.action} {self.target_repr}"
