"""Pages of the compliance check (制度落实体检): the check of a congress for a period, each rule with its
evidence and history, the matrix of the congresses below, the exports and the rules' settings."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from renda.audit.services import record_export
from renda.core import clock
from renda.core.errors import NotFoundError, PermissionDeniedError, ValidationFailed
from renda.core.models import Term

from . import catalogue, checks, documents, selectors, services
from .forms import RuleSettingForm
from .models import RuleSetting
from .registry import RULES, STATUS_LABELS, Status, load_rule_modules


def _guarded(view: Callable) -> Callable:
    @login_required
    @wraps(view)
    def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            return view(request, *args, **kwargs)
        except PermissionDeniedError as exc:
            raise PermissionDenied(exc.message) from exc
        except NotFoundError as exc:
            raise Http404(exc.message) from exc

    return wrapped


def _context(request: HttpRequest) -> tuple[Any, checks.ReportPeriod]:
    congress = selectors.congress_for(
        request.user, request.GET.get("congress") or request.POST.get("congress")
    )
    kind = request.GET.get("period") or request.POST.get("period") or "year"
    value = request.GET.get("value") or request.POST.get("value") or ""
    try:
        report = checks.parse_period(congress, kind, value)
    except checks.PeriodError:
        messages.error(request, _("检查期间不正确,已显示本年度。"))
        report = checks.parse_period(congress, "year", "")
    return congress, report


def _query(congress: Any, report: checks.ReportPeriod, **extra: Any) -> str:
    kind, _sep, value = report.key.partition(":")
    return urlencode({"congress": congress.pk, "period": kind, "value": value, **extra})


def _period_choices(congress: Any) -> dict[str, Any]:
    year = clock.today().year
    years = list(range(year, year - 6, -1))
    return {
        "years": years,
        "halves": [(f"{y}-{h}", f"{y}年{'上' if h == 1 else '下'}半年") for y in years[:3] for h in (2, 1)],
        "terms": list(Term.objects.filter(congress=congress).order_by("-number")),
    }


def _filtered(lines: list[checks.Line], request: HttpRequest) -> list[checks.Line]:
    module = request.GET.get("module", "")
    status = request.GET.get("status", "")
    q = (request.GET.get("q") or "").strip()
    out = []
    for line in lines:
        if module and line.module != module:
            continue
        if status and line.status != status:
            continue
        if (
            q
            and q not in f"{line.rule_id} {line.title} {line.value} {line.note}"
            and not any(q in item["text"] for item in line.shortfall + line.evidence)
        ):
            continue
        out.append(line)
    return out


@_guarded
def check(request: HttpRequest) -> HttpResponse:
    congress, report = _context(request)
    run = checks.current_run(congress, report)
    lines = checks.lines_of(run)
    shown = _filtered(lines, request)
    modules = sorted({(x.module, x.module_label) for x in lines}, key=lambda m: m[1])
    return render(request, "compliance/check.html", {
        "congress": congress, "report": report, "run": run, "lines": shown, "total": len(lines),
        "modules": modules, "statuses": [(s.value, STATUS_LABELS[s]) for s in Status],
        "congresses": selectors.readable_congresses(request.user), "query": _query(congress, report),
        "can_configure": selectors.can_configure(request.user, congress),
        "has_children": len(selectors.children_of(request.user, congress)) > 1,
        "f": {k: request.GET.get(k, "") for k in ("module", "status", "q")}, **_period_choices(congress),
        "value": report.key.partition(":")[2],
    })  # fmt: skip


@_guarded
def rule_detail(request: HttpRequest, rule_id: str) -> HttpResponse:
    load_rule_modules()
    if rule_id not in catalogue.CATALOGUE and rule_id not in RULES:
        raise Http404(_("没有这条规则。"))
    congress, report = _context(request)
    run = checks.current_run(congress, report)
    line = next((x for x in checks.lines_of(run) if x.rule_id == rule_id), None)
    if line is None:  # a run from before the rule was registered
        run = checks.run_check(congress, report, trigger="auto")
        line = next((x for x in checks.lines_of(run) if x.rule_id == rule_id), None)
    if line is None:
        raise Http404(_("没有这条规则。"))
    rows = checks.history(congress, report, rule_id)
    order = {"not_met": 0, "no_data": 1, "not_applicable": 2, "met": 3}
    chart = {
        "times": [timezone.localtime(r.checked_at).strftime("%Y-%m-%d %H:%M") for r in rows],
        "levels": [order.get(r.status, 1) for r in rows],
        "labels": [STATUS_LABELS[Status(r.status)] for r in rows],
        "values": [r.value for r in rows],
        "axis": [STATUS_LABELS[Status.NOT_MET], STATUS_LABELS[Status.NO_DATA], STATUS_LABELS[Status.NOT_APPLICABLE],
                 STATUS_LABELS[Status.MET]],
    }  # fmt: skip
    module_url = ""
    if line.module_url_name:
        try:
            module_url = reverse(line.module_url_name)
        except Exception:  # noqa: BLE001 - the module's app may not be installed yet
            module_url = ""
    return render(request, "compliance/rule.html", {
        "congress": congress, "report": report, "run": run, "line": line, "chart": chart,
        "changes": checks.changes(rows)[::-1], "query": _query(congress, report), "module_url": module_url,
        "can_configure": selectors.can_configure(request.user, congress),
    })  # fmt: skip


@_guarded
@require_POST
def rerun(request: HttpRequest) -> HttpResponse:
    congress, report = _context(request)
    run = services.check_rerun(actor=request.user, congress=congress, report=report)
    messages.success(
        request,
        _("已重新检查:达标%(met)s项,未达标%(not_met)s项,暂无数据%(no_data)s项。")
        % {"met": run.met, "not_met": run.not_met, "no_data": run.no_data},
    )
    return redirect(reverse("compliance:check") + "?" + _query(congress, report))


@_guarded
def export_word(request: HttpRequest) -> HttpResponse:
    congress, report = _context(request)
    run = checks.current_run(congress, report)
    lines = checks.lines_of(run)
    record_export(request, action="compliance_check.export", rows=len(lines), congress=congress)
    return documents.check_docx(congress, report, run, lines)


@_guarded
def export_excel(request: HttpRequest) -> HttpResponse:
    congress, report = _context(request)
    run = checks.current_run(congress, report)
    lines = _filtered(checks.lines_of(run), request)
    record_export(request, action="compliance_check.export", rows=len(lines), congress=congress)
    return documents.check_xlsx(congress, report, run, lines)


def _matrix_data(request: HttpRequest) -> tuple[Any, str, str, list[Any], list[str]]:
    top = selectors.congress_for(request.user, request.GET.get("congress"))
    kind = request.GET.get("period") or "year"
    if kind not in ("year", "half_year", "term"):
        kind = "year"
    value = "" if kind == "term" else (request.GET.get("value") or "")
    rows = checks.matrix(selectors.children_of(request.user, top), kind, value)
    load_rule_modules()
    return top, kind, value, rows, catalogue.rule_ids()


@_guarded
def matrix(request: HttpRequest) -> HttpResponse:
    top, kind, value, rows, rule_ids = _matrix_data(request)
    table = []
    for congress, report, statuses in rows:
        cells = []
        for rid in rule_ids:
            status = statuses.get(rid, "")
            cells.append({
                "rule_id": rid, "status": status, "label": STATUS_LABELS[Status(status)] if status else _("未检查"),
                "url": reverse("compliance:rule", args=[rid]) + "?" + _query(congress, report),
            })  # fmt: skip
        counts = {s: sum(1 for c in cells if c["status"] == s) for s in ("met", "not_met", "no_data")}
        table.append({"congress": congress, "report": report, "cells": cells, "counts": counts,
                      "url": reverse("compliance:check") + "?" + _query(congress, report)})  # fmt: skip
    heads = [(rid, checks._meta(rid)[0]) for rid in rule_ids]
    return render(request, "compliance/matrix.html", {
        "top": top, "kind": kind, "value": value, "table": table, "heads": heads,
        "congresses": selectors.readable_congresses(request.user), "years": _period_choices(top)["years"],
        "halves": _period_choices(top)["halves"],
    })  # fmt: skip


@_guarded
def matrix_export(request: HttpRequest) -> HttpResponse:
    top, kind, value, rows, rule_ids = _matrix_data(request)
    record_export(request, action="compliance_matrix.export", rows=len(rows), congress=top)
    return documents.matrix_xlsx(top, rows, rule_ids)


@_guarded
def settings_list(request: HttpRequest) -> HttpResponse:
    congress = selectors.congress_for(request.user, request.GET.get("congress"))
    if not selectors.can_configure(request.user, congress):
        raise PermissionDenied(_("只有本级人大工作人员可以修改检查参数。"))
    load_rule_modules()
    settings = {s.rule_id: s for s in RuleSetting.objects.filter(congress=congress)}
    rows = []
    for rid in catalogue.rule_ids():
        title, kind, source, module, registered = checks._meta(rid)
        rule_obj = RULES.get(rid)
        params = dict(rule_obj.params) if rule_obj else {}
        setting = settings.get(rid)
        if setting:
            params.update(setting.params or {})
        rows.append({
            "rule_id": rid, "title": title, "module_label": catalogue.module_label(module), "registered": registered,
            "params": params, "enabled": setting.enabled if setting else True, "changed": setting is not None,
        })  # fmt: skip
    return render(request, "compliance/settings.html", {"congress": congress, "rows": rows})


@_guarded
@require_http_methods(["GET", "POST"])
def setting_edit(request: HttpRequest, rule_id: str) -> HttpResponse:
    load_rule_modules()
    congress = selectors.congress_for(
        request.user, request.GET.get("congress") or request.POST.get("congress")
    )
    if not selectors.can_configure(request.user, congress):
        raise PermissionDenied(_("只有本级人大工作人员可以修改检查参数。"))
    rule_obj = RULES.get(rule_id)
    if rule_obj is None:
        raise Http404(_("这条规则尚无检查,没有可设置的参数。"))
    setting = RuleSetting.objects.filter(congress=congress, rule_id=rule_id).first()
    current = {**rule_obj.params, **(setting.params if setting else {})}
    enabled = setting.enabled if setting else True
    form = RuleSettingForm(
        rule_obj, current, enabled, data=request.POST if request.method == "POST" else None
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.rule_setting_update(
                actor=request.user, congress=congress, rule_id=rule_id, params=form.params(),
                enabled=form.cleaned_data["enabled"],
            )  # fmt: skip
        except ValidationFailed as exc:
            form.add_error(exc.field if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request, _("已保存 %(id)s 的检查参数,检查结果已按新参数更新。") % {"id": rule_id}
            )
            return redirect(reverse("compliance:settings") + f"?congress={congress.pk}")
    return render(
        request, "compliance/setting_form.html", {"congress": congress, "rule": rule_obj, "form": form}
    )
