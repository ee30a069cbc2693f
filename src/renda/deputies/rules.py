"""The seeds' rules whose data the deputies app holds, registered in the compliance registry.

Each check lists its evidence (who or what satisfies it) and its shortfall (who falls short), with
thresholds from ``params`` (the seeds' defaults, overridable per congress through ``RuleSetting``).
Besides R13–R36 three app checks have ids of their own: D01 (deputies with leadership posts take
part between sessions), D02 (exit warnings: absent without leave from plenary sessions) and D03 (the
yearly minimum of activities per deputy, a local rule: `min_count` 2 by default).
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, Sum

from renda.compliance.registry import CheckResult, Period, PeriodRange, Status, rule
from renda.core import clock, numbers
from renda.core.choices import CongressLevel

from .choices import (
    BETWEEN_SESSIONS_KINDS,
    INSPECTION_KINDS,
    ActivityKind,
    Attendance,
    ExitWarningState,
    FundKind,
    StandingCommitteePosition,
    Verification,
)
from .models import DeputyMandate
from .records import ActivityParticipation, ExitWarning, FundEntry
from .selectors import below_activity_minimum, composition, current_term, previous_term

MAX_LISTED = 500


def _term(congress: Any, period: PeriodRange) -> Any:
    if period.term is not None and period.term.congress_id == congress.pk:
        return period.term
    term = current_term(congress)
    if term is None:
        return None
    # A year period: the term that covers it.
    from renda.core.models import Term

    covering = (
        Term.objects.filter(
            congress=congress, start_year__lte=period.start.year, end_year__gte=period.start.year
        )
        .order_by("-number")
        .first()
    )
    return covering or term


def _active_in(congress: Any, term: Any, period: PeriodRange) -> Any:
    """Mandates of the term in office at some time during the period."""
    # A mandate whose election date is not yet recorded counts from the start of its term.
    return (
        DeputyMandate.objects.filter(congress=congress, term=term)
        .filter(Q(started_on__lte=period.end) | Q(started_on__isnull=True))
        .exclude(ended_on__lt=period.start)
    )


def _counting(period: PeriodRange) -> Any:
    return ActivityParticipation.objects.filter(
        verification=Verification.VERIFIED,
        attendance=Attendance.PRESENT,
        activity__occurred_on__gte=period.start,
        activity__occurred_on__lte=period.end,
    )


def _names(mandates: Any) -> list[str]:
    rows = mandates.values_list("deputy__full_name", "group__name", "constituency").order_by(
        "group__sort_order", "deputy__full_name"
    )[:MAX_LISTED]
    return [f"{n}({g or c or '—'})" for n, g, c in rows]


def _share_result(
    ok_count: int, total: int, min_share: float, evidence: list[str], shortfall: list[str]
) -> CheckResult:
    if total == 0:
        return CheckResult.no_data("没有相关代表。")
    share = numbers.percent(ok_count, total)
    return CheckResult.judge(
        numbers.at_least(ok_count, total, min_share),
        value=f"{share}%({ok_count}/{total})",
        threshold=f"≥{min_share}%",
        evidence=evidence,
        shortfall=shortfall,
    )


def _every(mandates: Any, satisfied_ids: set[int], what: str) -> CheckResult:
    total = mandates.count()
    if total == 0:
        return CheckResult.no_data("没有相关代表。")
    missing = mandates.exclude(pk__in=satisfied_ids)
    n_missing = missing.count()
    return CheckResult.judge(
        n_missing == 0,
        value=f"{total - n_missing}/{total}",
        threshold=what,
        evidence=_names(mandates.filter(pk__in=satisfied_ids)),
        shortfall=_names(missing),
    )


# --- composition (R13, R14, R22, R23) -------------------------------------------------------------------


@rule("R13", title="约三分之一连任代表由常委会和主席团建议提名", period=Period.TERM, source="000 §四.1",
      module="deputies", params={"min_share": 30})  # fmt: skip
def r13_reelected_nominated(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    term = _term(congress, period)
    if term is None:
        return CheckResult.no_data("没有届次。")
    reelected = DeputyMandate.objects.active().filter(congress=congress, term=term, is_reelected=True)
    nominated = reelected.filter(nominated_by_committee=True)
    return _share_result(
        nominated.count(), reelected.count(), params["min_share"], _names(nominated),
        _names(reelected.filter(nominated_by_committee=False)) if nominated.count() * 100 < reelected.count() * float(params["min_share"]) else [],
    )  # fmt: skip


@rule("R14", title="基层代表特别是一线工人、农民、专业技术人员代表和妇女代表比例提高", period=Period.TERM,
      source="000 §四.1", module="deputies", params={"min_rise": 0})  # fmt: skip
def r14_grassroots_women_rise(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    term = _term(congress, period)
    if term is None:
        return CheckResult.no_data("没有届次。")
    now = composition(congress, term)
    if not now["total"]:
        return CheckResult.no_data("本届没有代表。")
    before_term = previous_term(term)
    labels = {"grassroots": "基层代表", "front_line": "一线工人、农民、专业技术人员", "women": "妇女代表"}
    if before_term is None:
        ev = [f"{labels[k]}:本届 {now['shares'][k]}%" for k in labels]
        return CheckResult(
            Status.NO_DATA, value="；".join(ev), evidence=ev, note="没有上一届的代表数据,无法比较。"
        )
    before = composition(congress, before_term)
    if not before["total"]:
        ev = [f"{labels[k]}:本届 {now['shares'][k]}%" for k in labels]
        return CheckResult(
            Status.NO_DATA, value="；".join(ev), evidence=ev, note="上一届没有代表数据,无法比较。"
        )
    evidence, shortfall = [], []
    gaps = [f"{label}未填写 {now[key]} 人" for key, label in (("unknown_category", "职业构成"), ("unknown_gender", "性别"))
            if now[key]]  # fmt: skip
    rise = float(params["min_rise"])
    for key, label in labels.items():
        line = f"{label}:上届 {before['shares'][key]}% → 本届 {now['shares'][key]}%"
        (
            evidence
            if now["shares"][key] - before["shares"][key] > rise
            or (rise == 0 and now["shares"][key] > before["shares"][key])
            else shortfall
        ).append(line)
    result = CheckResult.judge(not shortfall, value=f"{len(evidence)}/3 项提高", threshold="均提高",
                               evidence=evidence, shortfall=shortfall)  # fmt: skip
    if gaps:
        result.note = "本届代表信息不完整(" + "、".join(gaps) + "),补录后比例可能变化。"
    return result


def _sc(congress: Any, period: PeriodRange) -> Any:
    term = _term(congress, period)
    if term is None:
        return None
    return DeputyMandate.objects.active().filter(
        congress=congress, term=term, is_standing_committee_member=True
    )


@rule("R22", title="常委会专职组成人员比例达到60%以上", period=Period.TERM, source="000 §五.2",
      module="deputies", params={"min_share": 60})  # fmt: skip
def r22_full_time(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    if not congress.has_standing_committee:
        return CheckResult(Status.NOT_APPLICABLE, note="乡镇人大不设常委会。")
    sc = _sc(congress, period)
    if sc is None:
        return CheckResult.no_data("没有届次。")
    ok = sc.filter(is_full_time=True)
    return _share_result(
        ok.count(), sc.count(), params["min_share"], _names(ok), _names(sc.filter(is_full_time=False))
    )


@rule("R23", title="有法治实践经验的专职组成人员比例达到15%以上", period=Period.TERM, source="000 §五.2",
      module="deputies", params={"min_share": 15})  # fmt: skip
def r23_legal_practice(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    if not congress.has_standing_committee:
        return CheckResult(Status.NOT_APPLICABLE, note="乡镇人大不设常委会。")
    sc = _sc(congress, period)
    if sc is None:
        return CheckResult.no_data("没有届次。")
    ok = sc.filter(is_full_time=True, has_legal_practice=True)
    return _share_result(ok.count(), sc.count(), params["min_share"], _names(ok), [])


# --- activities (R16, R19, R28, R34, R36, D01, D02) ------------------------------------------------------


@rule("R16", title="基层代表任期内至少列席一次常委会会议或参加一次常委会组织的履职活动", period=Period.TERM,
      source="000 §四.3", module="deputies", params={"min_count": 1})  # fmt: skip
def r16_grassroots_attend(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    if not congress.has_standing_committee:
        return CheckResult(Status.NOT_APPLICABLE, note="乡镇人大不设常委会。")
    term = _term(congress, period)
    if term is None:
        return CheckResult.no_data("没有届次。")
    mandates = _active_in(congress, term, period).filter(is_grassroots=True, ended_on__isnull=True)
    ok = set(
        _counting(period)
        .filter(mandate__in=mandates)
        .filter(Q(activity__kind=ActivityKind.SC_MEETING) | Q(activity__organised_by_committee=True))
        .values("mandate_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=int(params["min_count"]))
        .values_list("mandate_id", flat=True)
    )
    return _every(mandates, ok, "每名基层代表至少1次")


@rule("R19", title="代表每届至少参加一次履职学习,新任代表全部参加初任培训", period=Period.TERM,
      source="000 §四.5;004 §6", module="deputies", params={"min_count": 1, "initial_rate": 100})  # fmt: skip
def r19_training(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    term = _term(congress, period)
    if term is None:
        return CheckResult.no_data("没有届次。")
    mandates = _active_in(congress, term, period).filter(ended_on__isnull=True)
    total = mandates.count()
    if not total:
        return CheckResult.no_data("没有代表。")
    trained = _counting(period).filter(mandate__in=mandates, activity__kind=ActivityKind.TRAINING)
    once = set(
        trained.values("mandate_id").annotate(n=Count("pk")).filter(n__gte=int(params["min_count"]))
        .values_list("mandate_id", flat=True)
    )  # fmt: skip
    new = mandates.filter(is_reelected=False)
    initial = set(trained.filter(activity__is_initial_training=True).values_list("mandate_id", flat=True))
    new_total = new.count()
    new_ok = new.filter(pk__in=initial).count()
    rate = numbers.percent(new_ok, new_total) if new_total else Decimal("100.0")
    missing = mandates.exclude(pk__in=once)
    shortfall = [f"未参加履职学习:{n}" for n in _names(missing)]
    shortfall += [f"未参加初任培训:{n}" for n in _names(new.exclude(pk__in=initial))]
    ok = not missing.exists() and (
        not new_total or numbers.at_least(new_ok, new_total, params["initial_rate"])
    )
    return CheckResult.judge(
        ok,
        value=f"参训 {total - missing.count()}/{total};初任培训率 {rate}%",
        threshold=f"全部参训;初任培训率≥{params['initial_rate']}%",
        evidence=[f"已参训:{n}" for n in _names(mandates.filter(pk__in=once))],
        shortfall=shortfall,
    )


@rule("R28", title="代表任期内至少向原选区选民述职一次", period=Period.TERM, source="002 §(五)",
      module="deputies", params={"min_count": 1})  # fmt: skip
def r28_report_to_voters(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    term = _term(congress, period)
    if term is None:
        return CheckResult.no_data("没有届次。")
    mandates = _active_in(congress, term, period).filter(ended_on__isnull=True)
    ok = set(
        _counting(period).filter(mandate__in=mandates, activity__kind=ActivityKind.VOTER_REPORT)
        .values("mandate_id").annotate(n=Count("pk")).filter(n__gte=int(params["min_count"]))
        .values_list("mandate_id", flat=True)
    )  # fmt: skip
    return _every(mandates, ok, "每名代表至少1次")


@rule("R34", title="常委会组成人员每人每年参加执法检查或调研活动不少于3次", period=Period.YEAR,
      source="004 §4", module="deputies", params={"min_count": 3})  # fmt: skip
def r34_inspections(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    if not congress.has_standing_committee:
        return CheckResult(Status.NOT_APPLICABLE, note="乡镇人大不设常委会。")
    term = _term(congress, period)
    if term is None:
        return CheckResult.no_data("没有届次。")
    members = _active_in(congress, term, period).filter(
        is_standing_committee_member=True, ended_on__isnull=True
    )
    counts = dict(
        _counting(period).filter(mandate__in=members, activity__kind__in=list(INSPECTION_KINDS))
        .values("mandate_id").annotate(n=Count("pk")).values_list("mandate_id", "n")
    )  # fmt: skip
    need = int(params["min_count"])
    total = members.count()
    if not total:
        return CheckResult.no_data("没有常委会组成人员。")
    evidence, shortfall = [], []
    for pk, name in members.values_list("pk", "deputy__full_name").order_by("deputy__full_name"):
        n = counts.get(pk, 0)
        (evidence if n >= need else shortfall).append(f"{name}:{n}次")
    return CheckResult.judge(not shortfall, value=f"{len(evidence)}/{total} 人达到", threshold=f"每人≥{need}次",
                             evidence=evidence, shortfall=shortfall)  # fmt: skip


@rule("R36", title="驻会副主任每月接待代表,主任每年年底接待代表", period=Period.YEAR, source="004 §7",
      module="deputies", params={"chair_month": 12})  # fmt: skip
def r36_receive_deputies(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    if not congress.has_standing_committee:
        return CheckResult(Status.NOT_APPLICABLE, note="乡镇人大不设常委会。")
    term = _term(congress, period)
    if term is None:
        return CheckResult.no_data("没有届次。")
    leaders = _active_in(congress, term, period).filter(
        sc_position__in=[StandingCommitteePosition.CHAIR, StandingCommitteePosition.RESIDENT_VICE_CHAIR],
        ended_on__isnull=True,
    )
    if not leaders.exists():
        return CheckResult.no_data("未登记主任和驻会副主任(代表名册的“常委会职务”)。")
    today = clock.today()  # noqa: DTZ011
    last_month = 12 if period.end < today else max(today.month - 1, 0)
    months = {
        (m, mo)
        for m, mo in _counting(period)
        .filter(mandate__in=leaders, activity__kind=ActivityKind.RECEIVE_DEPUTIES)
        .values_list("mandate_id", "activity__occurred_on__month")
    }
    evidence, shortfall = [], []
    for pk, name, pos in leaders.values_list("pk", "deputy__full_name", "sc_position"):
        if pos == StandingCommitteePosition.CHAIR:
            month = int(params["chair_month"])
            if month > last_month:
                continue
            (evidence if (pk, month) in months else shortfall).append(f"主任{name}:{month}月")
        else:
            for month in range(1, last_month + 1):
                (evidence if (pk, month) in months else shortfall).append(f"驻会副主任{name}:{month}月")
    if not evidence and not shortfall:
        return CheckResult.no_data("本期尚无应接待的月份。")
    return CheckResult.judge(not shortfall, value=f"{len(evidence)}/{len(evidence) + len(shortfall)} 个月次",
                             threshold="每月(主任年底)", evidence=evidence, shortfall=shortfall)  # fmt: skip


@rule("R20", title="县级代表活动经费每人每年不少于1000元,乡镇代表不少于500元", period=Period.YEAR,
      source="000 §四.5", module="deputies", params={"county_min": 1000, "township_min": 500})  # fmt: skip
def r20_funds(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    term = _term(congress, period)
    if term is None:
        return CheckResult.no_data("没有届次。")
    minimum = Decimal(
        str(params["township_min"] if congress.level == CongressLevel.TOWNSHIP else params["county_min"])
    )
    mandates = _active_in(congress, term, period).filter(ended_on__isnull=True)
    totals = dict(
        FundEntry.objects.filter(mandate__in=mandates, kind=FundKind.ACTIVITY_FUND, year=period.start.year)
        .values("mandate_id").annotate(s=Sum("amount")).values_list("mandate_id", "s")
    )  # fmt: skip
    if not totals:
        return CheckResult.no_data("本年度尚未登记代表活动经费。")
    evidence, shortfall = [], []
    for pk, name in mandates.values_list("pk", "deputy__full_name").order_by("deputy__full_name"):
        s = Decimal(totals.get(pk) or 0).quantize(Decimal("0.01"))
        (evidence if s >= minimum else shortfall).append(f"{name}:{s}元")
    return CheckResult.judge(not shortfall, value=f"{len(evidence)}/{len(evidence) + len(shortfall)} 人达到",
                             threshold=f"每人≥{minimum}元", evidence=evidence[:MAX_LISTED],
                             shortfall=shortfall[:MAX_LISTED])  # fmt: skip


@rule("R21", title="每届至少对县级及以上无固定收入代表进行一次免费健康体检", period=Period.TERM,
      source="000 §四.5", module="deputies", params={"min_count": 1})  # fmt: skip
def r21_health_check(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    if congress.level == CongressLevel.TOWNSHIP:
        return CheckResult(Status.NOT_APPLICABLE, note="适用于县级及以上代表。")
    term = _term(congress, period)
    if term is None:
        return CheckResult.no_data("没有届次。")
    mandates = _active_in(congress, term, period).filter(
        ended_on__isnull=True, deputy__has_fixed_income=False
    )
    ok = set(
        FundEntry.objects.filter(
            mandate__in=mandates,
            kind=FundKind.HEALTH_CHECK,
            occurred_on__gte=period.start,
            occurred_on__lte=period.end,
        ).values_list("mandate_id", flat=True)
    )
    return _every(mandates, ok, "每名无固定收入代表至少1次")


@rule("D01", title="担任领导职务的代表积极参加闭会期间的活动", period=Period.YEAR, source="000 §四.2",
      module="deputies", params={"min_count": 1})  # fmt: skip
def d01_leaders_between_sessions(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    term = _term(congress, period)
    if term is None:
        return CheckResult.no_data("没有届次。")
    leaders = _active_in(congress, term, period).filter(holds_leadership_post=True, ended_on__isnull=True)
    ok = set(
        _counting(period).filter(mandate__in=leaders, activity__kind__in=list(BETWEEN_SESSIONS_KINDS))
        .values("mandate_id").annotate(n=Count("pk")).filter(n__gte=int(params["min_count"]))
        .values_list("mandate_id", flat=True)
    )  # fmt: skip
    return _every(leaders, ok, f"每人≥{params['min_count']}次")


@rule("D02", title="代表退出预警:无故缺席代表大会会议达到规定次数的已跟进", period=Period.TERM,
      source="000 §四.5", module="deputies", params={"absences": 2})  # fmt: skip
def d02_exit_warnings(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    term = _term(congress, period)
    if term is None:
        return CheckResult.no_data("没有届次。")
    need = int(params["absences"])
    absent = (
        ActivityParticipation.objects.filter(
            mandate__congress=congress, mandate__term=term, mandate__ended_on__isnull=True,
            activity__kind=ActivityKind.PLENARY, attendance=Attendance.ABSENT_WITHOUT_LEAVE,
            verification=Verification.VERIFIED,
            activity__occurred_on__gte=period.start, activity__occurred_on__lte=period.end,
        ).values("mandate_id", "mandate__deputy__full_name").annotate(n=Count("pk")).filter(n__gte=need)
    )  # fmt: skip
    rows = list(absent)
    followed = set(
        ExitWarning.objects.filter(mandate_id__in=[r["mandate_id"] for r in rows])
        .exclude(state=ExitWarningState.OPEN)
        .values_list("mandate_id", flat=True)
    )
    evidence = [
        f"{r['mandate__deputy__full_name']}:无故缺席{r['n']}次,已跟进"
        for r in rows
        if r["mandate_id"] in followed
    ]
    shortfall = [
        f"{r['mandate__deputy__full_name']}:无故缺席{r['n']}次,未跟进"
        for r in rows
        if r["mandate_id"] not in followed
    ]
    return CheckResult.judge(not shortfall, value=f"预警 {len(rows)} 人,未跟进 {len(shortfall)} 人",
                             threshold=f"无故缺席≥{need}次即预警并跟进", evidence=evidence, shortfall=shortfall)  # fmt: skip


@rule("D03", title="代表每年参加闭会期间履职活动不少于规定次数", period=Period.YEAR, source="000 §四.2",
      module="deputies", params={"min_count": 2})  # fmt: skip
def d03_yearly_activity_minimum(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    """The yearly minimum of counted activities per deputy in office (the leader's home lists the same
    deputies: ``selectors.below_activity_minimum``, the register's 年度活动少于 filter)."""
    term = _term(congress, period)
    if term is None:
        return CheckResult.no_data("没有届次。")
    minimum = int(params["min_count"])
    mandates = DeputyMandate.objects.filter(congress=congress, term=term, ended_on__isnull=True)
    below = below_activity_minimum(mandates, period.start.year, minimum)
    below_ids = set(below.values_list("pk", flat=True))
    return _every(mandates, set(mandates.exclude(pk__in=below_ids).values_list("pk", flat=True)),
                  f"每人每年≥{minimum}次")  # fmt: skip
