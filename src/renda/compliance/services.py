"""Writes of the compliance app: staff set a rule's thresholds for their congress."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from renda.audit.services import record_event
from renda.core.choices import Role
from renda.core.errors import PermissionDeniedError, ValidationFailed
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
        if isinstance(default, bool):
            continue
        if isinstance(default, int | float):
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise ValidationFailed(_("参数 %(p)s 必须是数字。") % {"p": key}, field=key)
            if value < 0:
                raise ValidationFailed(_("参数 %(p)s 不能小于0。") % {"p": key}, field=key)
            if ("share" in key or "rate" in key) and value > 100:
                raise ValidationFailed(_("参数 %(p)s 是百分比,不能大于100。") % {"p": key}, field=key)
        elif isinstance(default, list) and not isinstance(value, list):
            raise ValidationFailed(_("参数 %(p)s 必须是用逗号分隔的一组值。") % {"p": key}, field=key)
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


def check_rerun(*, actor: Any, congress: Any, report: Any) -> Any:
    """Run the whole check again now ("重新检查") for a congress the actor reads as staff or leader."""
    from renda.core.scopes import scope_of

    from .checks import run_check
    from .selectors import READ_ROLES

    scope = scope_of(actor)
    if not scope.has(*READ_ROLES) or congress.pk not in scope.staff_read_congress_ids:
        raise PermissionDeniedError(_("您没有执行此操作的权限。"))
    run = run_check(congress, report, trigger="manual", actor=actor)
    record_event(
        actor=actor,
        action="compliance.check_run",
        target=run,
        congress=congress,
        after={"period": report.label, "met": run.met, "not_met": run.not_met, "no_data": run.no_data},
    )
    return run
