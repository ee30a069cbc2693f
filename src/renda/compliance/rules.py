"""Compliance checks on the congress's own organisations (``renda.core`` organisations and memberships).

R25 (no committee of one person) reads who works in each working body. R24 (a deputy head versed in the
committee's field), R26 (heads serve a full term) and R41 (subdistrict committees' yearly plans) need
data no module records yet (fields of expertise, tenure of posts, the plans): they stay "暂无数据" in the
check (the catalogue lists them) until a module collects it.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from renda.core.choices import OrganizationKind

from .registry import CheckResult, Period, PeriodRange, Status, rule


@rule("R25", title="常委会工作机构不搞“一委一人”", period=Period.TERM, source="000 §五.3", module="compliance",
      params={"min_members": 2})  # fmt: skip
def r25_no_one_person_committee(congress: Any, period: PeriodRange, params: dict[str, Any]) -> CheckResult:
    from renda.core.models import Organization

    if not congress.has_standing_committee:
        return CheckResult(Status.NOT_APPLICABLE, note="乡镇人大不设常委会工作机构。")
    minimum = int(params["min_members"])
    bodies = list(
        Organization.objects.filter(congress=congress, kind=OrganizationKind.COMMITTEE, is_active=True)
        .annotate(n=Count("memberships__user", filter=Q(memberships__is_active=True), distinct=True))
        .order_by("sort_order", "name")
    )
    if not bodies:
        return CheckResult.no_data("没有登记专门委员会或工作委员会。")
    ok = [b for b in bodies if b.n >= minimum]
    short = [b for b in bodies if b.n < minimum]
    return CheckResult.judge(
        not short,
        value=f"{len(ok)}/{len(bodies)}个机构",
        threshold=f"每个工作机构不少于{minimum}人",
        evidence=[f"{b.name}({b.n}人)" for b in ok],
        shortfall=[f"{b.name}(仅{b.n}人)" for b in short],
        note="按机构内启用的工作人员账号计算。",
    )
