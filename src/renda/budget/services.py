"""Budget data in: the checked rows of an import written all at once, replacing what an earlier
import held for the same year and months, with the differences kept on the batch and in the audit."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from renda.audit.services import record_event
from renda.core import clock
from renda.core.choices import Role
from renda.core.errors import PermissionDeniedError, ValidationFailed
from renda.core.scopes import scope_of

from .imports import PlannedRow
from .models import BudgetLine, Execution, ImportBatch


def can_manage(user: Any, congress: Any) -> bool:
    return bool(user and user.is_authenticated and scope_of(user).has_in(congress.pk, Role.STAFF))


def can_read(user: Any, congress: Any) -> bool:
    if not (user and user.is_authenticated):
        return False
    scope = scope_of(user)
    return congress.pk in scope.staff_read_congress_ids or scope.has_in(congress.pk, Role.DEPUTY)


def can_read_all(user: Any, congress: Any) -> bool:
    """Staff and leaders: warnings, inquiries and the analysis; deputies read the figures only."""
    return bool(
        user and user.is_authenticated and scope_of(user).has_in(congress.pk, Role.STAFF, Role.LEADER)
    )


def _check_manage(actor: Any, congress: Any) -> None:
    if not can_manage(actor, congress):
        raise PermissionDeniedError(_("只有本级人大工作人员可以导入预算数据。"))


@dataclass
class Difference:
    """What changes for one line (and month): ``field`` is 年初预算 / 调整后预算 / N月执行."""

    department: str
    project: str
    field: str
    before: str
    after: str

    def as_dict(self) -> dict[str, str]:
        return {"department": self.department, "project": self.project, "field": self.field,
                "before": self.before, "after": self.after}  # fmt: skip


def _fmt(value: Decimal | None) -> str:
    return "" if value is None else f"{value:,.2f}"


def _lookup(congress: Any, year: int, p: PlannedRow) -> dict:
    return {"congress": congress, "year": year, "budget_type": p.budget_type, "department": p.department,
            "function_code": p.function_code, "economic_code": p.economic_code, "project": p.project}  # fmt: skip


def import_differences(*, congress: Any, year: int, planned: Sequence[PlannedRow]) -> list[Difference]:
    """What this import would change against the data already held for the year (empty: nothing held)."""
    lines = {
        (ln.budget_type, ln.department_id, ln.function_code_id, ln.economic_code_id, ln.project): ln
        for ln in BudgetLine.objects.filter(congress=congress, year=year).select_related("department")
    }
    months = sorted({p.month for p in planned if p.month})
    old_exec = {
        (e.line_id, e.month): e
        for e in Execution.objects.filter(line__congress=congress, line__year=year, month__in=months)
        .select_related("line", "line__department")
    }  # fmt: skip
    out: list[Difference] = []
    touched: set[tuple[int, int]] = set()
    seen_lines: set[int] = set()
    for p in planned:
        line = lines.get(p.key)
        if line is None:
            continue
        name = line.department.name
        if line.pk not in seen_lines:
            seen_lines.add(line.pk)
            if line.budgeted != p.budgeted:
                out.append(Difference(name, p.project, _("年初预算"), _fmt(line.budgeted), _fmt(p.budgeted)))
            if line.adjusted != p.adjusted:
                out.append(
                    Difference(name, p.project, _("调整后预算"), _fmt(line.adjusted), _fmt(p.adjusted))
                )
        if p.month:
            old = old_exec.get((line.pk, p.month))
            touched.add((line.pk, p.month))
            before = old.amount if old else None
            if before != p.executed:
                label = _("%(m)s月执行") % {"m": p.month}
                out.append(Difference(name, p.project, label, _fmt(before), _fmt(p.executed)))
    for key, e in old_exec.items():
        if key not in touched:
            label = _("%(m)s月执行") % {"m": e.month}
            out.append(Difference(e.line.department.name, e.line.project, label, _fmt(e.amount), _("(删除)")))
    return out


def has_earlier_data(*, congress: Any, year: int, months: Sequence[int]) -> bool:
    return Execution.objects.filter(line__congress=congress, line__year=year, month__in=list(months)).exists()


@transaction.atomic
def import_apply(
    *, actor: Any, congress: Any, year: int, planned: Sequence[PlannedRow], filename: str = "",
    replace_confirmed: bool = False,
) -> ImportBatch:  # fmt: skip
    """Writes every row or none. Execution already held for the year and the months in the file is
    replaced (only with ``replace_confirmed``); the batch keeps the list of differences."""
    _check_manage(actor, congress)
    if not planned:
        raise ValidationFailed(_("文件中没有数据行。"), field="file")
    bad = [p for p in planned if p.errors]
    if bad:
        raise ValidationFailed(_("有 %(n)s 行数据有误,未导入任何数据。") % {"n": len(bad)}, field="file")
    if not 2000 <= year <= 2100:
        raise ValidationFailed(_("“预算年度”应为四位年份。"), field="year")
    months = sorted({p.month for p in planned if p.month})
    replaced = has_earlier_data(congress=congress, year=year, months=months)
    if replaced and not replace_confirmed:
        raise ValidationFailed(_("该年度该月份已有执行数据,请确认替换后再导入。"), field="confirm")
    diffs = import_differences(congress=congress, year=year, planned=planned)
    batch = ImportBatch.objects.create(
        congress=congress, year=year, months=months, filename=filename[:255], rows=len(planned),
        replaced=replaced, differences=[d.as_dict() for d in diffs], created_by=actor, created_at=clock.now(),
    )  # fmt: skip
    Execution.objects.filter(line__congress=congress, line__year=year, month__in=months).delete()
    # Budget lines upserted in bulk: one read of the year's lines, one insert of the new, one update
    # of the changed (a city's year is thousands of lines).
    existing = {
        (ln.budget_type, ln.department_id, ln.function_code_id, ln.economic_code_id, ln.project): ln
        for ln in BudgetLine.objects.filter(congress=congress, year=year)
    }
    lines: dict[tuple, BudgetLine] = {}
    new: list[BudgetLine] = []
    changed: list[BudgetLine] = []
    fields = ("budgeted", "adjusted", "is_key_project", "is_transfer")
    for p in planned:
        if p.key in lines:
            continue
        values = {"budgeted": p.budgeted, "adjusted": p.adjusted, "is_key_project": p.is_key_project,
                  "is_transfer": p.is_transfer}  # fmt: skip
        line = existing.get(p.key)
        if line is None:
            line = BudgetLine(**_lookup(congress, year, p), **values)
            new.append(line)
        elif any(getattr(line, f) != v for f, v in values.items()):
            for f, v in values.items():
                setattr(line, f, v)
            changed.append(line)
        lines[p.key] = line
    BudgetLine.objects.bulk_create(new, batch_size=500)
    BudgetLine.objects.bulk_update(changed, fields, batch_size=500)
    rows = [
        Execution(line=lines[p.key], month=p.month, amount=p.executed, batch=batch)
        for p in planned
        if p.month and p.executed is not None
    ]
    Execution.objects.bulk_create(rows, batch_size=1000)
    record_event(
        actor=actor, action="budget.import", target=batch, congress=congress,
        after={"year": year, "months": months, "rows": len(planned), "replaced": replaced,
               "differences": len(diffs)},
    )  # fmt: skip
    return batch


@transaction.atomic
def inquiry_create(
    *, actor: Any, congress: Any, warning: Any, year: int, finance_bureau: Any, question: str = ""
) -> Any:
    """A warning becomes an inquiry (询问) to the finance bureau, on the case engine: registered with the
    warning's evidence and assigned to the bureau at once."""
    from renda.cases.services import case_assign, case_create

    from .policy import KIND

    _check_manage(actor, congress)
    if finance_bureau is None or finance_bureau.congress_id != congress.pk:
        raise ValidationFailed(_("请选择本级的财政部门。"), field="finance_bureau")
    title = _("关于%(y)s年%(s)s%(r)s的询问") % {"y": year, "s": warning.subject, "r": warning.rule_name}
    body = _("预警依据:%(e)s") % {"e": warning.evidence}
    if question.strip():
        body += "\n" + question.strip()
    case = case_create(actor=actor, congress=congress, kind=KIND, title=title[:200], body=body, year=year)
    case_assign(actor=actor, case=case, lead=finance_bureau)
    record_event(actor=actor, action="budget.inquiry", target=case, congress=congress,
                 after={"rule": warning.rule, "key": warning.key, "year": year})  # fmt: skip
    case.refresh_from_db()
    return case


def warning_setting_update(
    *, actor: Any, congress: Any, rule: str, enabled: bool, params: dict[str, Any]
) -> Any:
    """A congress's own threshold for one warning rule; only known parameters, numbers between 0 and their
    limit (100 for a percentage, 12 for a month, 365 for days)."""
    from .models import WarningSetting
    from .warnings import INTEGER_PARAMS, PARAM_LIMITS, RULES

    _check_manage(actor, congress)
    if rule not in RULES:
        raise ValidationFailed(_("预警规则无效。"), field="rule")
    clean: dict[str, float] = {}
    for key, default in RULES[rule].defaults.items():
        value = params.get(key, default)
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ValidationFailed(_("参数必须是数字。"), field=key) from None
        limit = PARAM_LIMITS.get(key, 100)
        if not 0 <= number <= limit:
            raise ValidationFailed(_("参数应在0到%(n)s之间。") % {"n": limit}, field=key)
        clean[key] = int(number) if key in INTEGER_PARAMS else number
    setting, _created = WarningSetting.objects.get_or_create(congress=congress, rule=rule)
    before = {"enabled": setting.enabled, **setting.params}
    setting.enabled, setting.params = bool(enabled), clean
    setting.save()
    record_event(actor=actor, action="budget.warning_setting", target=setting, congress=congress,
                 before=before, after={"enabled": setting.enabled, **clean})  # fmt: skip
    return setting
