"""Writes on the performance record: activities, sign-in, self-reports and their review, points rules,
ranking circulars, funds, reports to voters and exit warnings. Re-exported by ``services``."""

from __future__ import annotations

import datetime as dt
import os
import secrets
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from renda.audit.services import record_event
from renda.core import clock
from renda.core.choices import Role
from renda.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from renda.core.models import Congress
from renda.core.scopes import scope_of
from renda.core.text import clean_text
from renda.documents.uploads import check_upload

from . import points
from .choices import (
    DEFAULT_POINTS,
    GENERATED_KINDS,
    MEETING_KINDS,
    ActivityKind,
    Attendance,
    ExitWarningState,
    FundKind,
    ParticipationSource,
    SatisfactionValue,
    Verification,
    VoterReportState,
)
from .models import DeputyMandate
from .records import (
    Activity,
    ActivityAttachment,
    ActivityParticipation,
    ExitWarning,
    FundEntry,
    PointRule,
    RankingPublication,
    VoterRatingCode,
    VoterReport,
)

MANAGER_ROLES = (Role.STAFF,)
MAX_EVIDENCE_MB = 20


def ensure_manages(actor: Any, congress: Congress | int) -> None:
    congress_id = congress if isinstance(congress, int) else congress.pk
    if not scope_of(actor).has_in(congress_id, *MANAGER_ROLES):
        raise PermissionDeniedError(_("您没有管理该人大代表履职信息的权限。"))


def _check_date(value: Any, field: str) -> dt.date:
    if not isinstance(value, dt.date):
        raise ValidationFailed(_("请填写有效的日期。"), field=field)
    if value.year < 1990 or value > clock.today() + dt.timedelta(days=366):
        raise ValidationFailed(_("日期超出范围。"), field=field)
    return value


def _mandate_counts(mandate: DeputyMandate, congress: Congress, day: dt.date) -> None:
    if mandate.congress_id != congress.pk:
        raise ValidationFailed(_("代表“%(n)s”不是本级人大代表。") % {"n": mandate.deputy}, field="mandates")
    # Without a recorded election date the mandate counts from its term's first year.
    started_after = (
        mandate.started_on > day if mandate.started_on is not None else mandate.term.start_year > day.year
    )
    if started_after or (mandate.ended_on is not None and mandate.ended_on < day):
        raise ValidationFailed(
            _("活动日期不在代表“%(n)s”的任期内。") % {"n": mandate.deputy}, field="mandates"
        )


# --- activities ---------------------------------------------------------------------------------------


def activity_create(
    *,
    actor: Any,
    congress: Congress,
    kind: str,
    title: str,
    occurred_on: dt.date,
    organiser: str = "",
    organised_by_committee: bool = False,
    place: str = "",
    description: str = "",
    hours: Decimal | float | int | str = 0,
    is_initial_training: bool = False,
) -> Activity:
    ensure_manages(actor, congress)
    if kind not in ActivityKind.values or kind in GENERATED_KINDS:
        raise ValidationFailed(_("请选择活动类别。"), field="kind")
    title = clean_text(title, field="title", label=_("活动名称"), max_length=200, required=True)
    _check_date(occurred_on, "occurred_on")
    try:
        hours_d = Decimal(str(hours or 0)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError):
        raise ValidationFailed(_("学时应为数字。"), field="hours") from None
    if not hours_d.is_finite() or hours_d < 0 or hours_d > 999:
        raise ValidationFailed(_("学时应在0到999之间。"), field="hours")
    with transaction.atomic():
        activity = Activity.objects.create(
            congress=congress,
            kind=kind,
            title=title,
            occurred_on=occurred_on,
            organiser=clean_text(
                organiser, field="organiser", label=_("组织单位"), max_length=120, required=False
            ),
            organised_by_committee=bool(organised_by_committee),
            place=clean_text(place, field="place", label=_("地点"), max_length=120, required=False),
            description=clean_text(
                description, field="description", label=_("内容"), max_length=5000, required=False
            ),
            hours=hours_d,
            is_initial_training=bool(is_initial_training) and kind == ActivityKind.TRAINING,
            created_by=actor,
        )
        record_event(
            actor=actor,
            action="deputy_activity.create",
            target=activity,
            congress=congress,
            after={"kind": kind, "title": title, "occurred_on": occurred_on},
        )
    return activity


def activity_attach(*, actor: Any, activity: Activity, file: Any) -> ActivityAttachment:
    """Evidence for an activity: checked in full by the project's one upload checker."""
    ensure_manages(actor, activity.congress_id)
    name, _type = check_upload(file, MAX_EVIDENCE_MB, field="file")
    if len(name) > 200:
        stem, ext = os.path.splitext(name)
        name = stem[: 200 - len(ext)] + ext
    with transaction.atomic():
        att = ActivityAttachment.objects.create(activity=activity, file=file, name=name, uploaded_by=actor)
        record_event(
            actor=actor, action="deputy_activity.attach", target=activity, congress=activity.congress,
            after={"file": name},
        )  # fmt: skip
    return att


def _add_participation(
    *,
    activity: Activity,
    mandate: DeputyMandate,
    source: str,
    verification: str,
    attendance: str,
    actor: Any,
    note: str = "",
    rules: dict[str, Decimal] | None = None,
) -> ActivityParticipation:
    p = ActivityParticipation(
        activity=activity,
        mandate=mandate,
        source=source,
        verification=verification,
        attendance=attendance,
        year=activity.occurred_on.year,
        note=note,
        created_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    points.apply(p, kind=activity.kind, congress_id=activity.congress_id, rules=rules)
    p.save()
    return p


def activity_sign_in(
    *,
    actor: Any,
    activity: Activity,
    mandates: Iterable[DeputyMandate],
    attendance: str = Attendance.PRESENT,
) -> list[ActivityParticipation]:
    """Bulk sign-in by staff (批量签到); mandates already signed in are left as they are."""
    ensure_manages(actor, activity.congress_id)
    if attendance not in Attendance.values:
        raise ValidationFailed(_("出席情况无效。"), field="attendance")
    if attendance != Attendance.PRESENT and activity.kind not in MEETING_KINDS:
        raise ValidationFailed(_("只有会议登记缺席情况。"), field="attendance")
    mandates = list(mandates)
    if not mandates:
        raise ValidationFailed(_("请选择参加活动的代表。"), field="mandates")
    for m in mandates:
        _mandate_counts(m, activity.congress, activity.occurred_on)
    created: list[ActivityParticipation] = []
    with transaction.atomic():
        rules = points.rules_for(activity.congress_id)
        present = set(
            ActivityParticipation.objects.filter(activity=activity, mandate__in=mandates).values_list(
                "mandate_id", flat=True
            )
        )
        for m in mandates:
            if m.pk in present:
                continue
            present.add(m.pk)
            created.append(
                _add_participation(
                    activity=activity,
                    mandate=m,
                    source=ParticipationSource.SIGN_IN,
                    verification=Verification.VERIFIED,
                    attendance=attendance,
                    actor=actor,
                    rules=rules,
                )  # fmt: skip
            )
        record_event(
            actor=actor,
            action="deputy_activity.sign_in",
            target=activity,
            congress=activity.congress,
            after={"mandates": [p.mandate_id for p in created], "attendance": attendance},
        )
    return created


def participation_set_attendance(
    *, actor: Any, participation: ActivityParticipation, attendance: str
) -> ActivityParticipation:
    activity = participation.activity
    ensure_manages(actor, activity.congress_id)
    if attendance not in Attendance.values:
        raise ValidationFailed(_("出席情况无效。"), field="attendance")
    if attendance != Attendance.PRESENT and activity.kind not in MEETING_KINDS:
        raise ValidationFailed(_("只有会议登记缺席情况。"), field="attendance")
    with transaction.atomic():
        locked = ActivityParticipation.objects.select_for_update().get(pk=participation.pk)
        before = points.snapshot(locked)
        old = locked.attendance
        locked.attendance = attendance
        points.apply(locked, kind=activity.kind, congress_id=activity.congress_id, before=before)
        locked.save(update_fields=["attendance", "points"])
        record_event(
            actor=actor, action="deputy_participation.attendance", target=locked, congress=activity.congress,
            before={"attendance": old}, after={"attendance": attendance},
        )  # fmt: skip
    return locked


def participation_remove(*, actor: Any, participation: ActivityParticipation) -> None:
    activity = participation.activity
    ensure_manages(actor, activity.congress_id)
    with transaction.atomic():
        locked = ActivityParticipation.objects.select_for_update().get(pk=participation.pk)
        before = points.snapshot(locked)
        points.apply(
            locked, kind=activity.kind, congress_id=activity.congress_id, before=before, deleted=True
        )
        record_event(
            actor=actor, action="deputy_participation.remove", target=activity, congress=activity.congress,
            before={"mandate": locked.mandate_id, "points": str(before[0])},
        )  # fmt: skip
        locked.delete()


def activity_self_report(
    *,
    actor: Any,
    mandate: DeputyMandate,
    kind: str,
    title: str,
    occurred_on: dt.date,
    place: str = "",
    description: str = "",
) -> ActivityParticipation:
    """A deputy reports an activity of their own (代表自报); it counts once staff verify it."""
    if mandate.deputy.user_id is None or mandate.deputy.user_id != getattr(actor, "pk", None):
        raise PermissionDeniedError(_("只能为自己登记履职活动。"))
    if kind not in ActivityKind.values or kind in GENERATED_KINDS or kind in MEETING_KINDS:
        raise ValidationFailed(_("请选择活动类别。"), field="kind")
    title = clean_text(title, field="title", label=_("活动名称"), max_length=200, required=True)
    _check_date(occurred_on, "occurred_on")
    if occurred_on > clock.today():
        raise ValidationFailed(_("不能登记尚未发生的活动。"), field="occurred_on")
    _mandate_counts(mandate, mandate.congress, occurred_on)
    with transaction.atomic():
        activity = Activity.objects.create(
            congress=mandate.congress,
            kind=kind,
            title=title,
            occurred_on=occurred_on,
            organiser=str(mandate.deputy),
            place=clean_text(place, field="place", label=_("地点"), max_length=120, required=False),
            description=clean_text(
                description, field="description", label=_("内容"), max_length=5000, required=False
            ),
            created_by=actor,
        )
        p = _add_participation(
            activity=activity, mandate=mandate, source=ParticipationSource.SELF_REPORT,
            verification=Verification.PENDING, attendance=Attendance.PRESENT, actor=actor,
        )  # fmt: skip
        record_event(
            actor=actor, action="deputy_activity.self_report", target=activity, congress=mandate.congress,
            after={"kind": kind, "title": title, "occurred_on": occurred_on, "mandate": mandate.pk},
        )  # fmt: skip
    return p


def participation_verify(
    *, actor: Any, participation: ActivityParticipation, approve: bool, note: str = ""
) -> ActivityParticipation:
    """Staff verify (or reject) a self-reported activity; a verified one starts counting."""
    activity = participation.activity
    ensure_manages(actor, activity.congress_id)
    note = clean_text(note, field="note", label=_("审核意见"), max_length=300, required=not approve)
    with transaction.atomic():
        locked = ActivityParticipation.objects.select_for_update().get(pk=participation.pk)
        if locked.verification != Verification.PENDING:
            raise ConflictError(_("该记录已经审核过了。"))
        before = points.snapshot(locked)
        locked.verification = Verification.VERIFIED if approve else Verification.REJECTED
        locked.reviewed_by = actor
        locked.reviewed_at = clock.now()
        locked.review_note = note
        points.apply(locked, kind=activity.kind, congress_id=activity.congress_id, before=before)
        locked.save(update_fields=["verification", "reviewed_by", "reviewed_at", "review_note", "points"])
        record_event(
            actor=actor, action="deputy_participation.verify", target=locked, congress=activity.congress,
            before={"verification": Verification.PENDING},
            after={"verification": locked.verification, "note": note},
        )  # fmt: skip
    return locked


# --- points rules and rankings ------------------------------------------------------------------------

RECOMPUTE_INLINE_MAX = 20000  # participations; above this the recompute runs as a background task


def point_rules_update(*, actor: Any, congress: Congress, values: dict[str, Any]) -> dict[str, Decimal]:
    """Staff set the points of one or more items; every participation of the congress is recomputed."""
    ensure_manages(actor, congress)
    clean: dict[str, Decimal] = {}
    for key, raw in values.items():
        if key not in DEFAULT_POINTS:
            raise ValidationFailed(_("未知的积分项目:%(k)s") % {"k": key}, field=key)
        try:
            value = Decimal(str(raw).strip()).quantize(Decimal("0.1"))
        except (InvalidOperation, ValueError):
            raise ValidationFailed(_("分值应为数字。"), field=key) from None
        if not value.is_finite() or abs(value) > 1000:
            raise ValidationFailed(_("分值应在-1000到1000之间。"), field=key)
        clean[key] = value
    with transaction.atomic():
        before = {k: str(v) for k, v in points.rules_for(congress.pk).items() if k in clean}
        for key, value in clean.items():
            PointRule.objects.update_or_create(congress=congress, key=key, defaults={"points": value})
        record_event(
            actor=actor, action="deputy_point_rules.update", target=congress, congress=congress,
            before=before, after={k: str(v) for k, v in clean.items()},
        )  # fmt: skip
        n = ActivityParticipation.objects.filter(activity__congress=congress).count()
        if n <= RECOMPUTE_INLINE_MAX:
            points.recompute_congress(congress.pk)
        else:
            from .tasks import recompute_points_task

            transaction.on_commit(lambda: recompute_points_task.enqueue(congress.pk))
    return points.rules_for(congress.pk)


def ranking_publication_create(
    *, actor: Any, congress: Congress, year: int, quarter: int, publish: bool = False
) -> RankingPublication:
    """Freeze the ranking of a quarter as a circular (通报); optionally publish it on the portal."""
    from .selectors import ranking

    ensure_manages(actor, congress)
    if quarter not in (1, 2, 3, 4):
        raise ValidationFailed(_("季度应为1至4。"), field="quarter")
    if not 2000 <= int(year) <= 2100:
        raise ValidationFailed(_("年度无效。"), field="year")
    rows = [
        {
            "rank": r.rank,
            "name": r.name,
            "group": r.group,
            "points": str(r.total),
            "activities": r.activities,
            "absences": r.absences,
        }
        for r in ranking(congress, year=year)
    ]
    title = _("%(c)s%(y)s年第%(q)s季度代表履职积分情况通报") % {"c": congress.name, "y": year, "q": quarter}
    with transaction.atomic():
        pub, created = RankingPublication.objects.select_for_update().get_or_create(
            congress=congress, year=year, quarter=quarter,
            defaults={"title": title, "rows": rows, "created_by": actor},
        )  # fmt: skip
        if not created:
            pub.rows = rows
            pub.title = title
        pub.published = bool(publish)
        pub.published_at = clock.now() if publish else None
        pub.save()
        record_event(
            actor=actor, action="deputy_ranking.publish" if publish else "deputy_ranking.create",
            target=pub, congress=congress, after={"year": year, "quarter": quarter, "published": publish,
                                                  "rows": len(rows)},
        )  # fmt: skip
    return pub


def ranking_publication_set_published(
    *, actor: Any, publication: RankingPublication, published: bool
) -> RankingPublication:
    ensure_manages(actor, publication.congress_id)
    with transaction.atomic():
        publication.published = published
        publication.published_at = clock.now() if published else None
        publication.save(update_fields=["published", "published_at"])
        record_event(
            actor=actor, action="deputy_ranking.publish" if published else "deputy_ranking.unpublish",
            target=publication, congress=publication.congress, after={"published": published},
        )  # fmt: skip
    return publication


# --- funds and care -----------------------------------------------------------------------------------


def fund_entry_create(
    *,
    actor: Any,
    mandate: DeputyMandate,
    kind: str,
    occurred_on: dt.date,
    amount: Decimal | float | int | str = 0,
    note: str = "",
) -> FundEntry:
    ensure_manages(actor, mandate.congress_id)
    if kind not in FundKind.values:
        raise ValidationFailed(_("请选择类别。"), field="kind")
    _check_date(occurred_on, "occurred_on")
    try:
        amount_d = Decimal(str(amount or 0)).quantize(Decimal("0.01"))
    except (InvalidOperation, ValueError):
        raise ValidationFailed(_("金额应为数字。"), field="amount") from None
    if not amount_d.is_finite() or amount_d < 0 or amount_d > 10_000_000:
        raise ValidationFailed(_("金额应在0到1000万元之间。"), field="amount")
    if kind == FundKind.LOST_EARNINGS and mandate.deputy.has_fixed_income:
        raise ValidationFailed(_("误工补贴只发给无固定收入的代表。"), field="kind")
    with transaction.atomic():
        entry = FundEntry.objects.create(
            mandate=mandate, kind=kind, year=occurred_on.year, amount=amount_d, occurred_on=occurred_on,
            note=clean_text(note, field="note", label=_("说明"), max_length=300, required=False), created_by=actor,
        )  # fmt: skip
        record_event(
            actor=actor, action="deputy_fund.create", target=entry, congress=mandate.congress,
            after={"mandate": mandate.pk, "kind": kind, "amount": str(amount_d), "occurred_on": occurred_on},
        )  # fmt: skip
    return entry


# --- reports to voters (述职评议) ------------------------------------------------------------------------


def voter_report_schedule(
    *, actor: Any, mandate: DeputyMandate, scheduled_on: dt.date, place: str = "", codes: int = 50
) -> VoterReport:
    ensure_manages(actor, mandate.congress_id)
    _check_date(scheduled_on, "scheduled_on")
    if not 0 <= int(codes) <= 2000:
        raise ValidationFailed(_("测评码数量应在0到2000之间。"), field="codes")
    with transaction.atomic():
        report = VoterReport.objects.create(
            mandate=mandate, scheduled_on=scheduled_on, place=clean_text(place, field="place", label=_("地点"), max_length=120, required=False),
            token=secrets.token_urlsafe(16)[:22], created_by=actor,
        )  # fmt: skip
        _add_codes(report, int(codes))
        record_event(
            actor=actor, action="deputy_voter_report.schedule", target=report, congress=mandate.congress,
            after={"mandate": mandate.pk, "scheduled_on": scheduled_on, "codes": codes},
        )  # fmt: skip
    return report


CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _add_codes(report: VoterReport, n: int) -> None:
    existing = set(report.codes.values_list("code", flat=True))
    new: list[VoterRatingCode] = []
    while len(new) < n:
        code = "".join(secrets.choice(CODE_ALPHABET) for _i in range(8))
        if code in existing:
            continue
        existing.add(code)
        new.append(VoterRatingCode(report=report, code=code))
    VoterRatingCode.objects.bulk_create(new)


def voter_report_record(
    *,
    actor: Any,
    report: VoterReport,
    report_text: str,
    paper_satisfied: int = 0,
    paper_basically: int = 0,
    paper_dissatisfied: int = 0,
) -> VoterReport:
    """The report was given: store its text and the paper ballots; the deputy's record counts it."""
    from .hooks import record_deputy_activity

    mandate = report.mandate
    ensure_manages(actor, mandate.congress_id)
    counts = {}
    for name, value in (
        ("paper_satisfied", paper_satisfied),
        ("paper_basically", paper_basically),
        ("paper_dissatisfied", paper_dissatisfied),
    ):
        try:
            n = int(value or 0)
        except (TypeError, ValueError):
            raise ValidationFailed(_("票数应为整数。"), field=name) from None
        if not 0 <= n <= 100000:
            raise ValidationFailed(_("票数应在0到100000之间。"), field=name)
        counts[name] = n
    text = clean_text(report_text, field="report", label=_("述职报告"), max_length=20000, required=True)
    with transaction.atomic():
        locked = VoterReport.objects.select_for_update().get(pk=report.pk)
        if locked.state == VoterReportState.CANCELLED:
            raise ConflictError(_("该述职已取消。"))
        locked.report = text
        locked.state = VoterReportState.HELD
        for k, v in counts.items():
            setattr(locked, k, v)
        locked.save()
        record_deputy_activity(
            actor=actor, mandate_or_user=mandate, kind=ActivityKind.VOTER_REPORT,
            occurred_on=locked.scheduled_on, source_object=locked,
            title=_("向原选区选民述职"), congress=mandate.congress,
        )  # fmt: skip
        record_event(
            actor=actor, action="deputy_voter_report.record", target=locked, congress=mandate.congress,
            after={"state": locked.state, **counts},
        )  # fmt: skip
    return locked


def voter_rating_submit(*, report: VoterReport, code: str, value: str) -> VoterRatingCode:
    """A voter rates a report with a one-time code (public page, no account)."""
    if value not in SatisfactionValue.values:
        raise ValidationFailed(_("请选择满意、基本满意或不满意。"), field="value")
    code = (code or "").strip().upper()
    if not code or len(code) > 12:
        raise ValidationFailed(_("请填写测评码。"), field="code")
    with transaction.atomic():
        row = VoterRatingCode.objects.select_for_update().filter(report=report, code=code).first()
        if row is None:
            raise ValidationFailed(_("测评码不正确。"), field="code")
        if row.used_at is not None:
            raise ValidationFailed(_("该测评码已经使用过了。"), field="code")
        row.value = value
        row.used_at = clock.now()
        row.save(update_fields=["value", "used_at"])
        record_event(actor=None, action="deputy_voter_rating.submit", target=report, congress=report.mandate.congress,
                     actor_name=_("选民(凭测评码)"), after={"code_id": row.pk, "value": value})  # fmt: skip
    return row


# --- exit warnings -------------------------------------------------------------------------------------


def exit_warnings_refresh(*, congress: Congress, threshold: int = 2) -> list[ExitWarning]:
    """Open a warning for each mandate absent without leave from ``threshold`` plenary sessions (or more)."""
    from django.db.models import Count, Q

    reason = _("无故缺席代表大会会议%(n)s次以上") % {"n": threshold}
    rows = (
        ActivityParticipation.objects.filter(
            activity__congress=congress,
            activity__kind=ActivityKind.PLENARY,
            attendance=Attendance.ABSENT_WITHOUT_LEAVE,
            verification=Verification.VERIFIED,
            mandate__ended_on__isnull=True,
        )
        .values("mandate_id")
        .annotate(n=Count("pk", filter=Q()))
        .filter(n__gte=threshold)
    )
    created = []
    for r in rows:
        try:
            with transaction.atomic():
                w, made = ExitWarning.objects.get_or_create(
                    mandate_id=r["mandate_id"], reason=reason, defaults={"detected_on": clock.today()}
                )
                if made:
                    record_event(actor=None, action="deputy_exit_warning.open", target=w, congress=congress,
                                 after={"mandate_id": w.mandate_id, "reason": reason, "detected_on": w.detected_on})  # fmt: skip
        except IntegrityError:  # pragma: no cover - a concurrent refresh
            continue
        if made:
            created.append(w)
    return created


def exit_warning_follow_up(
    *, actor: Any, warning: ExitWarning, follow_up: str, close: bool = False
) -> ExitWarning:
    ensure_manages(actor, warning.mandate.congress_id)
    text = clean_text(follow_up, field="follow_up", label=_("跟进情况"), max_length=5000, required=True)
    with transaction.atomic():
        warning.follow_up = text
        warning.state = ExitWarningState.CLOSED if close else ExitWarningState.FOLLOWED_UP
        warning.followed_up_by = actor
        warning.followed_up_at = clock.now()
        warning.save()
        record_event(
            actor=actor, action="deputy_exit_warning.follow_up", target=warning,
            congress=warning.mandate.congress, after={"state": warning.state, "follow_up": text},
        )  # fmt: skip
    return warning
