"""Reception days (rules, ad-hoc days, publication with notice, reminders) and receptions."""

from __future__ import annotations

import calendar
import datetime as dt
import logging
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.audit.services import record_event
from renda.core import clock
from renda.core.errors import ConflictError, ValidationFailed
from renda.deputies.models import Deputy, DeputyMandate

from ..choices import Channel, ReceptionDayState, RecurrenceKind
from ..models import Reception, ReceptionDay, ReceptionRule
from ._common import ensure_station, ensure_station_manager
from .config import check_phone, check_text, liaison_setting

logger = logging.getLogger("renda.liaison")


# --- recurrence ----------------------------------------------------------------------------------------


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> dt.date | None:
    days = [
        dt.date(year, month, d)
        for d in range(1, calendar.monthrange(year, month)[1] + 1)
        if dt.date(year, month, d).weekday() == weekday
    ]
    if nth == -1:
        return days[-1]
    return days[nth - 1] if 1 <= nth <= len(days) else None


def rule_dates(rule: ReceptionRule, start: dt.date, end: dt.date) -> list[dt.date]:
    """The dates in [start, end] on which ``rule`` falls."""
    out: list[dt.date] = []
    months = set(rule.months or [])
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        if month in months:
            if rule.kind == RecurrenceKind.DAY_OF_MONTH:
                last = calendar.monthrange(year, month)[1]
                day = dt.date(year, month, rule.day) if rule.day and rule.day <= last else None
            else:
                day = _nth_weekday(year, month, rule.weekday or 0, rule.week_of_month or 1)
            if day is not None and start <= day <= end:
                out.append(day)
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return out


def _check_times(start_time: Any, end_time: Any) -> None:
    if not isinstance(start_time, dt.time) or not isinstance(end_time, dt.time):
        raise ValidationFailed(_("请填写开始和结束时间。"), field="start_time")
    if end_time <= start_time:
        raise ValidationFailed(_("结束时间须晚于开始时间。"), field="end_time")


def _check_duty(station: Any, deputies: Sequence[Deputy]) -> list[Deputy]:
    deputies = list(dict.fromkeys(deputies))
    attached = set(
        DeputyMandate.objects.active()
        .filter(station=station, deputy__in=deputies)
        .values_list("deputy_id", flat=True)
    )
    strangers = [d.full_name for d in deputies if d.pk not in attached]
    if strangers:
        raise ValidationFailed(_("%(n)s不是进驻本站的代表。") % {"n": "、".join(strangers)}, field="deputies")
    return deputies


def reception_rule_create(
    *,
    actor: Any,
    station: Any,
    kind: str,
    months: Iterable[int],
    start_time: dt.time,
    end_time: dt.time,
    day: int | None = None,
    weekday: int | None = None,
    week_of_month: int | None = None,
    deputies: Sequence[Deputy] = (),
    auto_publish: bool = True,
) -> ReceptionRule:
    """A recurring reception day, e.g. “the 15th of odd months” or “the first Monday of each month”."""
    ensure_station(station)
    ensure_station_manager(actor, station)
    try:
        months = sorted({int(m) for m in months})
    except (TypeError, ValueError):
        raise ValidationFailed(_("请选择月份。"), field="months") from None
    if not months or any(m < 1 or m > 12 for m in months):
        raise ValidationFailed(_("请选择月份(1至12月)。"), field="months")
    if kind == RecurrenceKind.DAY_OF_MONTH:
        if not isinstance(day, int) or not 1 <= day <= 28:
            raise ValidationFailed(_("固定日期须为1至28日(每个月都有的日子)。"), field="day")
        weekday = week_of_month = None
    elif kind == RecurrenceKind.WEEKDAY_OF_MONTH:
        if not isinstance(weekday, int) or not 0 <= weekday <= 6:
            raise ValidationFailed(_("请选择星期几。"), field="weekday")
        if week_of_month not in (1, 2, 3, 4, -1):
            raise ValidationFailed(_("请选择第几周(第1至4周或最后一周)。"), field="week_of_month")
        day = None
    else:
        raise ValidationFailed(_("请选择规则类型。"), field="kind")
    _check_times(start_time, end_time)
    deputies = _check_duty(station, deputies)
    with transaction.atomic():
        rule = ReceptionRule.objects.create(
            station=station,
            kind=kind,
            day=day,
            weekday=weekday,
            week_of_month=week_of_month,
            months=months,
            start_time=start_time,
            end_time=end_time,
            auto_publish=auto_publish,
        )
        rule.deputies.set(deputies)
        record_event(
            actor=actor,
            action="reception_rule.create",
            target=station,
            congress=station.congress,
            after={"rule_id": rule.pk, "rule": rule.describe(), "deputies": [d.pk for d in deputies]},
        )
    return rule


def reception_rule_deactivate(*, actor: Any, rule: ReceptionRule) -> ReceptionRule:
    ensure_station_manager(actor, rule.station)
    with transaction.atomic():
        rule.is_active = False
        rule.save(update_fields=["is_active"])
        record_event(
            actor=actor, action="reception_rule.deactivate", target=rule.station, after={"rule_id": rule.pk}
        )
    return rule


def reception_day_create(
    *,
    actor: Any,
    station: Any,
    date: dt.date,
    start_time: dt.time,
    end_time: dt.time,
    deputies: Sequence[Deputy] = (),
    theme: str = "",
    publish: bool = False,
) -> ReceptionDay:
    """An ad-hoc reception day (besides those the rules generate)."""
    ensure_station(station)
    ensure_station_manager(actor, station)
    if not isinstance(date, dt.date):
        raise ValidationFailed(_("请填写日期。"), field="date")
    if date < clock.today():
        raise ValidationFailed(_("接待日不能早于今天。"), field="date")
    _check_times(start_time, end_time)
    deputies = _check_duty(station, deputies)
    theme = (theme or "").strip()[:100]
    with transaction.atomic():
        if ReceptionDay.objects.filter(station=station, date=date).exists():
            raise ValidationFailed(_("本站%(d)s已安排接待日。") % {"d": date.isoformat()}, field="date")
        day = ReceptionDay.objects.create(
            station=station, date=date, start_time=start_time, end_time=end_time, theme=theme
        )
        day.deputies.set(deputies)
        record_event(
            actor=actor,
            action="reception_day.create",
            target=day,
            congress=station.congress,
            after={"date": date, "deputies": [d.pk for d in deputies], "theme": theme},
        )
    if publish:
        reception_day_publish(actor=actor, day=day)
    return day


def _notify_duty(day: ReceptionDay, *, verb: str, title: str) -> None:
    ids = [uid for uid in day.deputies.values_list("user_id", flat=True) if uid]
    if not ids:
        return
    body = _("地点:%(s)s;时间:%(d)s %(a)s至%(b)s。可在“我的值班”中查看。") % {
        "s": day.station,
        "d": day.date.isoformat(),
        "a": day.start_time.strftime("%H:%M"),
        "b": day.end_time.strftime("%H:%M"),
    }
    congress_id = day.station.congress_id

    def send() -> None:
        from renda.notifications.services import notify

        notify(
            recipients=ids,
            verb=verb,
            title=title,
            body=body,
            url="/liaison/my-duty/",
            congress_id=congress_id,
            sms=True,
        )

    transaction.on_commit(send)


def _publish(day: ReceptionDay, actor: Any, today: dt.date) -> None:
    notice = liaison_setting(day.station.congress_id).notice_days
    if (day.date - today).days < notice:
        raise ConflictError(
            _("接待日须至少提前%(n)s天向社会公告;%(d)s距今不足%(n)s天,不能公布。")
            % {"n": notice, "d": day.date.isoformat()}
        )
    day.state = ReceptionDayState.PUBLISHED
    day.published_at = clock.now()
    day.save(update_fields=["state", "published_at"])
    record_event(
        actor=actor,
        action="reception_day.publish",
        target=day,
        congress=day.station.congress,
        after={"date": day.date, "notice_days": notice},
    )
    _notify_duty(
        day,
        verb="reception_day.duty",
        title=_("您被安排于%(d)s到%(s)s接待选民。") % {"d": day.date.isoformat(), "s": day.station},
    )


def reception_day_publish(*, actor: Any, day: ReceptionDay) -> ReceptionDay:
    """公告: the day appears on the portal and the deputies on duty are told. Refused within the notice period."""
    ensure_station_manager(actor, day.station)
    with transaction.atomic():
        locked = ReceptionDay.objects.select_for_update().select_related("station").get(pk=day.pk)
        if locked.state != ReceptionDayState.PLANNED:
            raise ConflictError(_("该接待日已公布或已取消。"))
        _publish(locked, actor, clock.today())
    day.refresh_from_db()
    return day


def reception_day_cancel(*, actor: Any, day: ReceptionDay, reason: str) -> ReceptionDay:
    ensure_station_manager(actor, day.station)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationFailed(_("请填写取消原因(将向社会公告)。"), field="reason")
    with transaction.atomic():
        locked = ReceptionDay.objects.select_for_update().select_related("station").get(pk=day.pk)
        if locked.state == ReceptionDayState.CANCELLED:
            raise ConflictError(_("该接待日已取消。"))
        was_published = locked.state == ReceptionDayState.PUBLISHED
        locked.state = ReceptionDayState.CANCELLED
        locked.cancel_reason = reason[:200]
        locked.save(update_fields=["state", "cancel_reason"])
        record_event(
            actor=actor,
            action="reception_day.cancel",
            target=locked,
            congress=locked.station.congress,
            after={"reason": reason},
        )
        if was_published:
            _notify_duty(
                locked,
                verb="reception_day.cancel",
                title=_("%(s)s%(d)s的接待日已取消,您无需前往值班。")
                % {"s": locked.station, "d": locked.date.isoformat()},
            )
    day.refresh_from_db()
    return day


# --- the daily job's work ---------------------------------------------------------------------------------


def reception_days_generate(*, today: dt.date | None = None) -> dict[str, int]:
    """Create the coming days of every active rule; publish those far enough ahead (auto_publish)."""
    today = today or clock.today()
    counts = {"created": 0, "published": 0}
    rules = ReceptionRule.objects.filter(is_active=True, station__is_active=True).select_related("station")
    for rule in rules:
        setting = liaison_setting(rule.station.congress_id)
        end = today + dt.timedelta(days=setting.generate_days_ahead)
        for date in rule_dates(rule, today + dt.timedelta(days=1), end):
            with transaction.atomic():
                day, created = ReceptionDay.objects.get_or_create(
                    station=rule.station,
                    date=date,
                    defaults={"start_time": rule.start_time, "end_time": rule.end_time, "rule": rule},
                )
                if created:
                    day.deputies.set(rule.deputies.all())
                    counts["created"] += 1
                    record_event(
                        actor=None,
                        action="reception_day.generate",
                        target=day,
                        congress=rule.station.congress,
                        after={"rule_id": rule.pk, "date": date},
                    )
                if (
                    rule.auto_publish
                    and day.rule_id == rule.pk
                    and day.state == ReceptionDayState.PLANNED
                    and (date - today).days >= setting.notice_days
                ):
                    _publish(day, None, today)
                    counts["published"] += 1
    return counts


def reception_days_remind(*, today: dt.date | None = None) -> int:
    """Remind the deputies on duty of each published day coming within the reminder period, once."""
    today = today or clock.today()
    sent = 0
    days = (
        ReceptionDay.objects.published()
        .filter(reminded_at__isnull=True, date__gte=today)
        .select_related("station")
    )
    for day in days:
        before = liaison_setting(day.station.congress_id).remind_days_before
        if (day.date - today).days > before:
            continue
        with transaction.atomic():
            updated = ReceptionDay.objects.filter(pk=day.pk, reminded_at__isnull=True).update(
                reminded_at=clock.now()
            )
            if not updated:
                continue
            _notify_duty(
                day,
                verb="reception_day.reminder",
                title=_("提醒:%(d)s您在%(s)s值班接待选民,请按时到站。")
                % {"d": day.date.isoformat(), "s": day.station},
            )
        sent += 1
    return sent


# --- receptions ----------------------------------------------------------------------------------------


def _record_activity(deputy: Deputy, reception: Reception, actor: Any) -> None:
    """Count the reception in the deputy's performance record through the deputies app's hook:
    ``record_deputy_activity(actor, mandate_or_user=<mandate>, kind="reception", occurred_on,
    source_object=reception, title, congress=<the mandate's congress>)`` — idempotent per reception
    and mandate. The mandate is the one attached to the station, else one in the station's congress,
    else any active one (a deputy of another level received at this station)."""
    try:
        from renda.deputies import hooks
    except ImportError:  # pragma: no cover - the hook ships with the deputies app
        return
    func = getattr(hooks, "record_deputy_activity", None)
    if func is None:  # pragma: no cover
        return
    mandates = DeputyMandate.objects.active().filter(deputy=deputy).select_related("congress")
    mandate = (
        mandates.filter(station=reception.station).first()
        or mandates.filter(congress_id=reception.station.congress_id).first()
        or mandates.first()
    )
    if mandate is None:
        return
    func(
        actor=actor,
        mandate_or_user=mandate,
        kind="reception",
        occurred_on=reception.received_at,
        source_object=reception,
        title=str(_("在%(s)s接待选民") % {"s": reception.station}),
        congress=mandate.congress,
    )


def reception_record(
    *,
    actor: Any,
    station: Any,
    received_at: dt.datetime,
    deputies: Sequence[Deputy],
    summary: str,
    visitor_name: str = "",
    visitor_phone: str = "",
    visitor_count: int = 1,
    reception_day: ReceptionDay | None = None,
    issues: Sequence[dict[str, Any]] = (),
) -> Reception:
    """接待选民: who came, what they raised, which deputies received them. Each issue becomes a
    constituent opinion (channel “reception”) in the same step; each deputy's record counts it."""
    from .opinions import opinion_create

    ensure_station(station)
    ensure_station_manager(actor, station)
    if not isinstance(received_at, dt.datetime) or timezone.is_naive(received_at):
        raise ValidationFailed(_("请填写接待时间。"), field="received_at")
    if received_at > clock.now() + dt.timedelta(minutes=5):
        raise ValidationFailed(_("接待时间不能晚于现在。"), field="received_at")
    deputies = list(dict.fromkeys(deputies))
    if not deputies:
        raise ValidationFailed(_("请选择接待代表。"), field="deputies")
    active = set(
        DeputyMandate.objects.active().filter(deputy__in=deputies).values_list("deputy_id", flat=True)
    )
    ended = [d.full_name for d in deputies if d.pk not in active]
    if ended:
        raise ValidationFailed(_("%(n)s已不是在任代表。") % {"n": "、".join(ended)}, field="deputies")
    words = liaison_setting(station.congress_id).sensitive_words or []
    summary = check_text(summary, field="summary", label=_("接待情况"), max_length=5000, words=[])
    visitor_name = check_text(
        visitor_name, field="visitor_name", label=_("来访人"), max_length=50, words=words, required=False
    )
    visitor_phone = check_phone(visitor_phone, field="visitor_phone")
    if not isinstance(visitor_count, int) or not 1 <= visitor_count <= 1000:
        raise ValidationFailed(_("来访人数须为1至1000。"), field="visitor_count")
    if reception_day is not None and reception_day.station_id != station.pk:
        raise ValidationFailed(_("接待日不属于本站。"), field="reception_day")
    with transaction.atomic():
        reception = Reception.objects.create(
            station=station,
            reception_day=reception_day,
            received_at=received_at,
            visitor_name=visitor_name,
            visitor_phone=visitor_phone,
            visitor_count=visitor_count,
            summary=summary,
            recorded_by=actor,
        )
        reception.deputies.set(deputies)
        for index, issue in enumerate(issues):
            try:
                opinion_create(
                    actor=actor,
                    channel=Channel.RECEPTION,
                    station=station,
                    deputy=issue.get("deputy") or deputies[0],
                    title=issue.get("title", ""),
                    body=issue.get("body", ""),
                    topic=issue.get("topic", ""),
                    township=issue.get("township"),
                    submitter_name=visitor_name,
                    submitter_phone=visitor_phone,
                    reception=reception,
                )
            except ValidationFailed as exc:
                exc.message = _("第%(i)s个问题:%(m)s") % {"i": index + 1, "m": exc.message}
                exc.args = (exc.message,)
                exc.fields = {f"issues-{index}-{k}": v for k, v in exc.fields.items()} | {
                    "issues": exc.message
                }
                raise
        record_event(
            actor=actor,
            action="reception.record",
            target=reception,
            congress=station.congress,
            after={
                "deputies": [d.pk for d in deputies],
                "issues": len(issues),
                "visitor_count": visitor_count,
                "reception_day": getattr(reception_day, "pk", None),
            },
        )
        for deputy in deputies:
            _record_activity(deputy, reception, actor)
    return reception
