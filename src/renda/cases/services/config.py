"""Staff edit the working-day calendar and their congress's deadlines through these services."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from renda.audit.services import record_event
from renda.core.choices import Role
from renda.core.errors import PermissionDeniedError, ValidationFailed
from renda.core.models import Congress
from renda.core.scopes import scope_of

from ..models import CalendarDay, CaseSetting

SETTING_FIELDS = (
    "reply_months",
    "extension_max_total_months",
    "co_handler_opinion_months",
    "rehandle_months",
    "return_request_working_days",
    "warning_working_days",
    "attachment_max_mb",
    "percent_places",
)
SETTING_LIMITS = {"attachment_max_mb": 200, "percent_places": 2}


def _ensure_congress_staff(actor: Any, congress: Congress | None) -> None:
    scope = scope_of(actor)
    if congress is None:
        if not scope.has(Role.SYSTEM_ADMIN):
            raise PermissionDeniedError(_("只有系统管理员可以修改全国工作日历。"))
        return
    if not scope.has_in(congress.pk, Role.STAFF, Role.SYSTEM_ADMIN):
        raise PermissionDeniedError(_("只有本级人大工作人员可以修改办理参数。"))


def calendar_day_set(
    *, actor: Any, date: dt.date, is_workday: bool, name: str = "", congress: Congress | None = None
) -> CalendarDay:
    """Mark a day as holiday or make-up working day (national when ``congress`` is None)."""
    _ensure_congress_staff(actor, congress)
    if not isinstance(date, dt.date):
        raise ValidationFailed(_("请填写日期。"), field="date")
    with transaction.atomic():
        day = CalendarDay.objects.select_for_update().filter(date=date, congress=congress).first()
        before = {"is_workday": day.is_workday, "name": day.name} if day else None
        if day is None:
            day = CalendarDay(date=date, congress=congress)
        day.is_workday = bool(is_workday)
        day.name = (name or "").strip()[:60]
        day.is_estimated = False
        day.save()
        record_event(
            actor=actor,
            action="calendar.set",
            target=day,
            congress=congress,
            before=before,
            after={"date": date, "is_workday": day.is_workday, "name": day.name},
        )
    return day


def case_setting_update(*, actor: Any, congress: Congress, **values: Any) -> CaseSetting:
    """Change a congress's deadlines and limits (the seeds' defaults until changed)."""
    _ensure_congress_staff(actor, congress)
    unknown = set(values) - set(SETTING_FIELDS)
    if unknown:
        raise ValidationFailed(
            _("不能修改字段:%(f)s") % {"f": "、".join(sorted(unknown))}, field=sorted(unknown)[0]
        )
    for key, value in values.items():
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ValidationFailed(_("请填写正整数。"), field=key) from None
        if number < 1 or number > SETTING_LIMITS.get(key, 60):
            raise ValidationFailed(_("数值超出允许范围。"), field=key)
        values[key] = number
    with transaction.atomic():
        setting, _created = CaseSetting.objects.select_for_update().get_or_create(congress=congress)
        before = {k: getattr(setting, k) for k in SETTING_FIELDS}
        for key, value in values.items():
            setattr(setting, key, value)
        if (
            values.get("extension_max_total_months", setting.extension_max_total_months)
            < setting.reply_months
        ):
            raise ValidationFailed(_("延期后最长期限不能短于答复期限。"), field="extension_max_total_months")
        setting.save()
        record_event(
            actor=actor,
            action="case_setting.update",
            target=setting,
            congress=congress,
            before=before,
            after={k: getattr(setting, k) for k in SETTING_FIELDS},
        )
    return setting
