"""Reads of deliberation opinions, shared by the pages, the API, the exports, the chart and the checks.

Who reads what (``opinions_for``): leaders read every opinion of their congress (and, read-only, of the
congresses below); staff of the congress office or the standing committee read those of their congress;
staff of a special or working committee read the opinions their committee is responsible for; a
supervised body (its clerks and leaders) reads only what is assigned to it.
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from renda.core.choices import OrganizationKind, Role
from renda.core.scopes import scope_of

from . import ratingrules_opinions as rules
from .models.opinions import Opinion, OpinionInstrument, OpinionRating, OpinionReportKind, OpinionVerdict

SUBJECT_TYPE = "oversight.opinion"
VOTE_OWNER = "oversight_opinion"
WHOLE_CONGRESS_KINDS = (OrganizationKind.CONGRESS_OFFICE, OrganizationKind.STANDING_COMMITTEE)


def _visible_q(user: Any, prefix: str = "") -> Q:
    scope = scope_of(user)
    if scope.is_empty:
        return Q(pk__in=[])
    from renda.core.models import Membership

    p = prefix
    q = Q(**{f"{p}case__congress_id__in": scope.congress_ids_with(Role.LEADER)})
    leader_below = [cid for cid in scope.staff_read_congress_ids if cid not in scope.own_congress_ids]
    q |= Q(**{f"{p}case__congress_id__in": leader_below})
    staff_orgs = list(
        Membership.objects.filter(user_id=user.pk, role=Role.STAFF).values_list(
            "organization_id", "organization__kind", "organization__congress_id"
        )
    )
    whole = {cid for _oid, kind, cid in staff_orgs if kind in WHOLE_CONGRESS_KINDS}
    committees = [oid for oid, kind, _cid in staff_orgs if kind not in WHOLE_CONGRESS_KINDS]
    if whole:
        q |= Q(**{f"{p}case__congress_id__in": whole})
    if committees:
        q |= Q(**{f"{p}responsible_committee_id__in": committees})
    if scope.unit_ids:
        q |= Q(**{f"{p}case__assignments__organization_id__in": scope.unit_ids})
    return q


READER_ROLES = (Role.STAFF, Role.LEADER, Role.UNIT_CLERK, Role.UNIT_LEADER)


def can_read_opinions(user: Any) -> bool:
    """The one permission of the opinion pages and their API twin: staff, leaders and the supervised
    bodies' clerks and leaders (what each then sees is ``opinions_for``)."""
    return scope_of(user).has(*READER_ROLES)


def ensure_can_read_opinions(user: Any) -> None:
    from renda.core.errors import PermissionDeniedError

    if not can_read_opinions(user):
        raise PermissionDeniedError(_("您没有访问此内容的权限。"))


def opinions_for(user: Any) -> QuerySet[Opinion]:
    """The opinions ``user`` may read, with what the list shows."""
    ids = Opinion.objects.filter(_visible_q(user)).values("pk")
    return Opinion.objects.filter(pk__in=ids).select_related(
        "case", "reporting_body", "responsible_committee", "meeting"
    )


def get_opinion_for(user: Any, pk: Any) -> Opinion:
    from renda.core.errors import NotFoundError

    try:
        return opinions_for(user).get(pk=int(pk))
    except (Opinion.DoesNotExist, ValueError, TypeError):
        raise NotFoundError(_("审议意见不存在。")) from None


def ratings_for(user: Any) -> QuerySet[OpinionRating]:
    return OpinionRating.objects.filter(opinion__in=opinions_for(user).values("pk")).select_related(
        "opinion__case", "opinion__reporting_body", "rated_by"
    )


def deadline_of(opinion: Opinion) -> Any:
    return opinion.case.due_at


def is_overdue(opinion: Opinion, today: Any) -> bool:
    from .policy_opinions import ANSWERING

    case = opinion.case
    return case.state in ANSWERING and case.due_at is not None and case.due_at < today


# --- the subject panel on the case page ---------------------------------------------------------------


def opinion_subject(case: Any, actor: Any) -> dict[str, Any]:
    opinion = (
        Opinion.objects.select_related("reporting_body", "responsible_committee", "meeting", "signed_off_by")
        .filter(case_id=case.pk)
        .first()
    )
    if opinion is None:
        return {}
    ratings = list(opinion.ratings.select_related("rated_by", "vote").order_by("round", "pk"))
    rows = []
    for r in ratings:
        rule = rules.get_rating_rule(r.rule_code)
        rows.append(
            {
                "rating": r,
                "rule_label": rule.label if rule else r.rule_code,
                "level_label": rules.LEVEL_LABELS.get(r.level, ""),
            }
        )
    scope = scope_of(actor)
    staff = scope.has_in(case.congress_id, Role.STAFF, Role.LEADER)
    return {
        "opinion": opinion,
        "reports": list(opinion.reports.select_related("reply").order_by("round", "pk")),
        "rating_rows": rows,
        "is_staff": staff,
        "source_label": source_label(opinion),
    }


def source_label(opinion: Opinion) -> str:
    if not opinion.source_kind:
        return ""
    names = {"statutory_report": _("法定报告"), "plan": _("监督计划"), "inspection": _("执法检查")}
    return f"{names.get(opinion.source_kind, _('其他来源'))} #{opinion.source_id}"


# --- timeline --------------------------------------------------------------------------------------


def _d_create(after: dict[str, Any], names: Any, policy: Any) -> list[str]:
    out = []
    if after.get("report_title"):
        out.append(_("审议的报告:%(t)s") % {"t": after["report_title"]})
    if after.get("compile_due"):
        out.append(_("整理期限:%(d)s") % {"d": after["compile_due"]})
    return out


def _d_rate(after: dict[str, Any], names: Any, policy: Any) -> list[str]:
    out = [
        _("第%(n)s轮") % {"n": after.get("round", 1)},
        _("满意%(s)s、基本满意%(b)s、不满意%(d)s、弃权或无效%(x)s;出席%(p)s人,全体组成人员%(m)s人")
        % {
            "s": after.get("satisfied"),
            "b": after.get("basically"),
            "d": after.get("dissatisfied"),
            "x": after.get("blank"),
            "p": after.get("present"),
            "m": after.get("members"),
        },
        _("满意率:%(p)s%%") % {"p": after.get("percent")},
    ]
    verdict = after.get("verdict")
    if verdict:
        out.append(str(dict(OpinionVerdict.choices).get(verdict, "")))
    return out


def _d_late(after: dict[str, Any], names: Any, policy: Any) -> list[str]:
    return [
        _("第%(n)s轮报告期限%(d)s,逾期%(k)s天")
        % {"n": after.get("round"), "d": after.get("deadline"), "k": after.get("days_late")}
    ]


def _d_circular(after: dict[str, Any], names: Any, policy: Any) -> list[str]:
    label = dict(OpinionInstrument.choices).get(after.get("instrument", ""), "")
    return [_("建议启动:%(i)s") % {"i": label}] if label else []


OPINION_DESCRIBERS = {
    "opinion.create": _d_create,
    "opinion.rate": _d_rate,
    "opinion.report_late": _d_late,
    "opinion.circular": _d_circular,
}


# --- statistics: satisfaction by body and year -----------------------------------------------------


def satisfaction_by_body_year(user: Any, congress_id: int | None = None) -> dict[str, Any]:
    """The latest rating of each round by body and year: the mean share (two decimals), the number of
    ratings, passes and failures. Recomputed from the stored counts with each rating's own rule."""
    qs = ratings_for(user)
    if congress_id:
        qs = qs.filter(opinion__case__congress_id=congress_id)
    cells: dict[tuple[str, int], list[Decimal]] = defaultdict(list)
    passed: dict[tuple[str, int], int] = defaultdict(int)
    for r in qs.order_by("rated_on", "pk"):
        key = (r.opinion.reporting_body.name, r.rated_on.year)
        verdict = rules.recompute(r)
        cells[key].append(verdict.percent)
        if verdict.outcome == rules.PASS:
            passed[key] += 1
    bodies = sorted({b for b, _y in cells})
    years = sorted({y for _b, y in cells})
    rows = []
    for body in bodies:
        for year in years:
            values = cells.get((body, year))
            if not values:
                continue
            mean = (sum(values) / len(values)).quantize(rules.TWO_PLACES)
            rows.append(
                {
                    "body": body,
                    "year": year,
                    "count": len(values),
                    "passed": passed[(body, year)],
                    "mean": mean,
                }
            )
    series = [
        {
            "name": str(year),
            "data": [
                next((float(r["mean"]) for r in rows if r["body"] == body and r["year"] == year), None)
                for body in bodies
            ],
        }
        for year in years
    ]
    return {"bodies": bodies, "years": years, "rows": rows, "series": series}


def report_kind_label(code: str) -> str:
    return str(dict(OpinionReportKind.choices).get(code, code))
