"""Writes of the compliance app: staff set a rule's thresholds for their congress."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from renda.audit.services import record_event
from renda.core.choices import Role
from renda.core.errors import ValidationFailed
from renda.core.permissions import ensure_role

from .models import RuleSetting
from .registry import RULES


def rule_setting_update(
    *, actor: Any, congress: Any, rule_id: str, params: dict[str, Any], enabled: bool = True
) -> RuleSetting:
    ensure_role(actor, Role.STAFF, Role.SYSTEM_ADMIN, congress_id=congress.pk)
    rule_obj = RULES.get(rule_id)
    if rule_obj is None:
        raise ValidationFailed(_("没有编号为 %(id)s 的规则。") % {"id": rule_id}, field="rule_id")
    unknown = set(params) - set(rule_obj.params)
    if unknown:
        raise ValidationFailed(
            _("规则 %(id)s 没有参数:%(p)s") % {"id": rule_id, "p": "、".join(sorted(unknown))}, field="params"
        )
    for key, value in params.items():
        default = rule_obj.params[key]
        if isinstance(default, int | float) and not isinstance(value, int | float):
            raise ValidationFailed(_("参数 %(p)s 必须是数字。") % {"p": key}, field=key)
    with transaction.atomic():
        setting, _created = RuleSetting.objects.select_for_update().get_or_create(
            congress=congress, rule_id=rule_id
        )
        before = {"params": setting.params, "enabled": setting.enabled}
        setting.params = params
        setting.enabled = enabled
        setting.save()
        record_event(
            actor=actor,
            action="compliance.rule_setting_update",
            target=setting,
            congress=congress,
            before=before,
            after={"params": params, "enabled": enabled},
        )
    return setting
