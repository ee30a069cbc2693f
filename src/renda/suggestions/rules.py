"""Compliance checks of deputies' suggestions (R17, R18, R30, R42), registered with the compliance app.

The compliance app imports this module at start-up (``load_rule_modules``); the statistics menu entry is
registered here too, at import time, because the suggestions app's ``ready()`` is not ours to edit.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db.models import Exists, OuterRef, Q, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from renda.cases.choices import ACTIVE_ASSIGNMENT_STATES, ANSWERING_ROLES, RatingValue, SupervisionMode
from renda.cases.models import Assignment, Case, Contact, HandlingPlan, Rating, Reply, Supervision
from renda.cases.selectors import percent_places
from renda.compliance.registry import CheckResult, Period, PeriodRange, rule
from renda.core import numbers
from renda.core.choices import Role
from renda.web.navigation import register_nav

from .choices import KIND, SuggestionState
from .statistics import StatsScope, suggestion_statistics

register_nav(
    _l("建议统计"),
    "suggestion_stats:index",
    roles=[Role.STAFF, Role.LEADER],
    icon="bar-chart-line",
    order=21,
    active_prefixes=["/suggestions/stats/"],
)

MAX_LISTED = 200


def _bounds(period: PeriodRange) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    start = dt.datetime.combine(period.start, dt.time.min, tzinfo=tz)
    end = dt.datetime.combine(period.end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    return start, end


def _pct(num: int, den: int, congress: Any = None) -> float | None:
    """The share as the congress shows it (四舍五入, its number of decimals); thresholds are compared on the
    exact fraction with ``numbers.at_least``, never on this rounded figure."""
    places = percent_places(congress.pk) if congress is not None else numbers.DEFAULT_PLACES
    return numbers.as_number(numbers.percent(num, den, places))


def _cases(congress: Any, period: PeriodRange) -> Any:
    qs = Case.objects.filter(kind=KIND, congress=congress)
    if period.kind == Period.TERM and period.term is not None:
        return qs.filter(term=period.term)
    return qs.filter(year__gte=period.start.year, year__lte=period.end.year)


def _scope(congress: Any, period: PeriodRange) -> StatsScope:
    if period.kind == Period.TERM and period.term is not None:
        return StatsScope(congress=congress, term_id=period.term.pk, rollup=False)
    return StatsScope(congress=congress, year=period.start.year, rollup=False)


def _capped(items: list[str], total: int) -> list[str]:
    if total > len(items):
        items.append(_("……另有%(n)s件未列出") % {"n": total - len(items)})
    return items


# --- R17: every reply after contact -----------------------------------------------------------------------


@rule(
    "R17",
    title="承办单位原则上每件建议都与代表沟通后再答复",
    period=Period.EACH,
    source="000 §四.4",
    module="suggestions",
    params={"min_contact_share": 100, "accept_stated_reason": True},
)
def replies_after_contact(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    start, end = _bounds(period)
    contacted = Exists(
        Contact.objects.filter(
            assignment_id=OuterRef("assignment_id"), contacted_at__lte=OuterRef("replied_at")
        )
    )
    replies = Reply.objects.filter(
        case__kind=KIND, case__congress=congress, replied_at__gte=start, replied_at__lt=end
    )
    total = replies.count()
    if not total:
        return CheckResult.no_data(_("%(p)s没有答复。") % {"p": period.label})
    no_contact = replies.filter(~Q(contacted))
    n_without = no_contact.count()
    accept_reason = bool(params.get("accept_stated_reason", True))
    unjustified = no_contact.filter(reason_without_contact="").count() if accept_reason else n_without
    without = list(
        no_contact.select_related("case", "assignment__organization").order_by("replied_at", "id")[
            :MAX_LISTED
        ]
    )
    share = _pct(total - unjustified, total, congress)
    threshold = params.get("min_contact_share", 100)
    shortfall = [
        _("%(n)s %(t)s · %(u)s · %(d)s答复 · %(why)s")
        % {
            "n": r.case.number,
            "t": r.case.title,
            "u": r.assignment.organization.name,
            "d": f"{timezone.localtime(r.replied_at):%Y-%m-%d}",
            "why": _("理由:%(r)s") % {"r": r.reason_without_contact}
            if r.reason_without_contact
            else _("未说明理由"),
        }
        for r in without
    ]
    return CheckResult.judge(
        numbers.at_least(total - unjustified, total, threshold),
        value=share,
        threshold=threshold,
        evidence=[
            _("%(p)s共答复%(t)s件次,其中答复前与代表沟通%(c)s件次,未经沟通%(w)s件次(%(u)s件次未说明理由)。")
            % {"p": period.label, "t": total, "c": total - n_without, "w": n_without, "u": unjustified}
        ],
        shortfall=_capped(shortfall, n_without),
    )


# --- R18: published with the six items ---------------------------------------------------------------------------


@rule(
    "R18",
    title="代表建议内容及办理情况向社会公开(六公开)",
    period=Period.EACH,
    source="000 §四.4;003 §二(五)",
    module="suggestions",
    params={"min_public_share": 100},
)
def suggestions_published(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    start, end = _bounds(period)
    replied = Case.objects.filter(
        kind=KIND,
        congress=congress,
        pk__in=Reply.objects.filter(replied_at__gte=start, replied_at__lt=end).values("case_id"),
    )
    total = replied.count()
    if not total:
        return CheckResult.no_data(_("%(p)s没有已答复的建议。") % {"p": period.label})
    reasoned = Q(suggestion__not_public=True) & ~Q(suggestion__not_public_reason="")
    withheld = replied.filter(is_public=False).filter(reasoned | ~Q(not_public_reason="")).count()
    missing_qs = replied.filter(is_public=False).exclude(reasoned).filter(not_public_reason="")
    missing = missing_qs.count()
    published = replied.filter(is_public=True)
    lead = Assignment.objects.filter(
        case_id=OuterRef("pk"), role__in=list(ANSWERING_ROLES), state__in=list(ACTIVE_ASSIGNMENT_STATES)
    ).order_by("id")
    incomplete = list(
        published.annotate(
            has_plan=Exists(HandlingPlan.objects.filter(assignment__case_id=OuterRef("pk"))),
            unit_person=Subquery(lead.values("organization__responsible_person")[:1]),
        )
        .filter(Q(has_plan=False) | Q(unit_person="") | Q(unit_person__isnull=True))
        .values_list("number", "title", "has_plan", "unit_person")[:MAX_LISTED]
    )
    share = _pct(total - missing, total, congress)
    threshold = params.get("min_public_share", 100)
    shortfall = [
        _("%(n)s %(t)s:已答复,未公开,也未说明不公开理由") % {"n": n, "t": t}
        for n, t in missing_qs.order_by("number").values_list("number", "title")[:MAX_LISTED]
    ]
    shortfall = _capped(shortfall, missing)
    for number, title, has_plan, person in incomplete:
        lacks = []
        if not has_plan:
            lacks.append(_("办理工作方案"))
        if not person:
            lacks.append(_("承办单位责任人"))
        shortfall.append(_("%(n)s %(t)s:已公开,缺少%(l)s") % {"n": number, "t": title, "l": "、".join(lacks)})
    return CheckResult.judge(
        numbers.at_least(total - missing, total, threshold) and not incomplete,
        value=share,
        threshold=threshold,
        evidence=[
            _("%(p)s已答复的建议%(t)s件:已公开%(pub)s件,经说明理由不公开%(w)s件,未公开且无理由%(m)s件。")
            % {"p": period.label, "t": total, "pub": published.count(), "w": withheld, "m": missing},
            _("六公开:代表姓名、建议内容、承办单位及责任人、督办单位及责任人、办理工作方案、办理结果。"),
        ],
        shortfall=shortfall,
    )


# --- R30: two supervisions, two ratings, two circulars --------------------------------------------------------------


def _circulars(congress: Any, period: PeriodRange) -> int | None:
    """Published portal articles of the year that circulate the handling results; None without a portal."""
    from django.apps import apps

    if not apps.is_installed("renda.portal"):
        return None
    from renda.portal.models import Article

    start, end = _bounds(period)
    return (
        Article.objects.filter(
            congress=congress,
            state="published",
            published_at__gte=start,
            published_at__lt=end,
            title__contains="建议",
        )
        .filter(Q(channel="report") | Q(title__contains="通报"))
        .count()
    )


@rule(
    "R30",
    title="建议办理实行两督办、两测评、两通报",
    period=Period.YEAR,
    source="003 §二(五)",
    module="suggestions",
    params={"min_supervised_share": 100, "min_rated_share": 100, "min_circulars": 2},
)
def two_supervisions_ratings_circulars(
    congress: Any, period: PeriodRange, params: dict[str, Any]
) -> CheckResult:
    cases = _cases(congress, period).exclude(state__in=[SuggestionState.DRAFT, SuggestionState.WITHDRAWN])
    if not cases.exists():
        return CheckResult.no_data(_("%(p)s没有代表建议。") % {"p": period.label})
    supervised = Exists(Supervision.objects.filter(case_id=OuterRef("pk")))
    dissatisfied = Exists(Rating.objects.filter(case_id=OuterRef("pk"), value=RatingValue.DISSATISFIED))
    # 1st supervision: every key suggestion; 2nd: every suggestion the deputy was dissatisfied with
    need = cases.filter(Q(is_key=True) | Q(dissatisfied))
    need_n = need.count()
    unsupervised = list(
        need.filter(~Q(supervised)).order_by("number").values_list("number", "title")[:MAX_LISTED]
    )
    unsupervised_n = need.filter(~Q(supervised)).count()
    records = Supervision.objects.filter(case__in=cases)
    by_mode = {m: records.filter(mode=m).count() for m in SupervisionMode.values}
    # 1st rating: the deputy rates every reply; 2nd: the standing committee's own rating round (not recorded)
    replied = cases.filter(Exists(Reply.objects.filter(case_id=OuterRef("pk"))))
    replied_n = replied.count()
    rated_n = replied.filter(Exists(Rating.objects.filter(case_id=OuterRef("pk")))).count()
    rating_rounds = Rating.objects.filter(case__in=cases).count()
    unrated = list(
        replied.filter(~Exists(Rating.objects.filter(case_id=OuterRef("pk"))))
        .order_by("number")
        .values_list("number", "title")[:MAX_LISTED]
    )
    circulars = _circulars(congress, period)
    supervised_share = _pct(need_n - unsupervised_n, need_n, congress) if need_n else 100.0
    rated_share = _pct(rated_n, replied_n, congress) if replied_n else None
    ok = not need_n or numbers.at_least(
        need_n - unsupervised_n, need_n, params.get("min_supervised_share", 100)
    )
    ok = ok and (not replied_n or numbers.at_least(rated_n, replied_n, params.get("min_rated_share", 100)))
    if circulars is not None:
        ok = ok and circulars >= params.get("min_circulars", 2)
    evidence = [
        _("督办:重点建议和代表不满意的建议共%(n)s件,已有督办记录%(s)s件;督办记录共%(r)s条(%(modes)s)。")
        % {
            "n": need_n,
            "s": need_n - unsupervised_n,
            "r": sum(by_mode.values()),
            "modes": "、".join(f"{SupervisionMode(m).label}{c}" for m, c in by_mode.items() if c) or _("无"),
        },
        _("测评:已答复%(r)s件,代表已测评%(t)s件,测评共%(n)s次;常委会组织的满意度测评暂无数据。")
        % {"r": replied_n, "t": rated_n, "n": rating_rounds},
        _("通报:%(p)s发布办理结果通报%(c)s次。") % {"p": period.label, "c": circulars}
        if circulars is not None
        else _("通报:暂无数据(门户网站未启用)。"),
    ]
    shortfall = [_("%(n)s %(t)s:未督办") % {"n": n, "t": t} for n, t in unsupervised]
    shortfall += [_("%(n)s %(t)s:已答复未测评") % {"n": n, "t": t} for n, t in unrated]
    if circulars is not None and circulars < params.get("min_circulars", 2):
        shortfall.append(
            _("办理结果通报%(c)s次,少于%(m)s次") % {"c": circulars, "m": params.get("min_circulars", 2)}
        )
    return CheckResult.judge(
        ok,
        value={"supervised_share": supervised_share, "rated_share": rated_share, "circulars": circulars},
        threshold={k: params.get(k) for k in ("min_supervised_share", "min_rated_share", "min_circulars")},
        evidence=evidence,
        shortfall=shortfall,
    )


# --- R42: the actual resolution rate is the hard measure ----------------------------------------------------------


@rule(
    "R42",
    title="以建议所提问题的实际办结率为硬指标,杜绝代表被满意",
    period=Period.YEAR,
    source="001",
    module="suggestions",
    params={"min_resolution_rate": 50, "max_unsolved_after_dissatisfied": 0},
)
def actual_resolution_rate(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    report = suggestion_statistics(_scope(congress, period), with_units=False)
    t = report.total
    if not t.counts.accepted:
        return CheckResult.no_data(_("%(p)s没有立案的建议。") % {"p": period.label})
    latest_class = Subquery(
        Reply.objects.filter(case_id=OuterRef("pk"))
        .order_by("-replied_at", "-id")
        .values("classification")[:1]
    )
    # closed after at least one dissatisfied rating: the cases to check for "made satisfied"
    suspicious = list(
        _cases(congress, period)
        .filter(state=SuggestionState.CLOSED, dissatisfied_count__gt=0)
        .annotate(last_class=latest_class)
        .order_by("number")
        .values_list("number", "title", "dissatisfied_count", "last_class")[:MAX_LISTED]
    )
    unsolved = [s for s in suspicious if s[3] != "A"]
    rate = t.resolution_rate
    ok = rate.at_least(params.get("min_resolution_rate", 50)) and len(unsolved) <= params.get(
        "max_unsolved_after_dissatisfied", 0
    )
    evidence = [
        _("办复率%(r)s(%(rn)s/%(rd)s);实际办结率%(a)s(%(an)s/%(ad)s,所提问题已解决的件数/立案件数)。")
        % {
            "r": t.reply_rate.label,
            "rn": t.reply_rate.num,
            "rd": t.reply_rate.den,
            "a": rate.label,
            "an": rate.num,
            "ad": rate.den,
        },
        _("不满意后办结的建议%(n)s件,其中最终答复仍非A类(问题未解决)%(u)s件。")
        % {"n": len(suspicious), "u": len(unsolved)},
    ]
    shortfall = [
        _("%(n)s %(t)s:曾%(d)s次不满意,已办结,最终答复%(c)s类%(flag)s")
        % {
            "n": number,
            "t": title,
            "d": count,
            "c": cls or "—",
            "flag": "" if cls == "A" else _(",问题未解决,须核实是否“被满意”"),
        }
        for number, title, count, cls in suspicious
    ]
    if not rate.at_least(params.get("min_resolution_rate", 50)):
        shortfall.insert(
            0,
            _("实际办结率%(a)s,低于%(m)s%%") % {"a": rate.label, "m": params.get("min_resolution_rate", 50)},
        )
    return CheckResult.judge(
        ok,
        value={
            "resolution_rate": numbers.as_number(rate.percent),
            "reply_rate": numbers.as_number(t.reply_rate.percent),
        },
        threshold=params.get("min_resolution_rate", 50),
        evidence=evidence,
        shortfall=shortfall,
    )
