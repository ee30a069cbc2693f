"""Pages of area `plans`: one list and one detail page per record kind (plan, inspection, inquiry,
interpellation, investigation, evaluation), the steps posted to ``<kind>/<pk>/do/<code>/`` through
``forms_plans.ACTIONS``, the rectification list, a member's scoring page, the public plan and the
yearly summary as Word. Thin: every write is a service call; reads come from ``selectors_plans``."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renda.audit.services import record_export
from renda.core import clock
from renda.core.choices import Role
from renda.core.errors import NotFoundError, PermissionDeniedError, ValidationFailed
from renda.core.models import Congress
from renda.core.permissions import role_required
from renda.core.scopes import scope_of, working_congresses

from . import selectors_plans as sel
from .forms_plans import ACTIONS, CREATE_FORMS, ScoreForm
from .models.plans import (
    Evaluation,
    EvaluationState,
    Inquiry,
    Inspection,
    Interpellation,
    Investigation,
    SupervisionPlan,
)
from .policy_plans import can_manage

staff_page = role_required(Role.STAFF, Role.LEADER)


@dataclass(frozen=True)
class Kind:
    code: str
    model: Any
    title: Any
    url_prefix: str
    search: tuple[str, ...]
    columns: tuple[Any, ...]
    cells: Any  # (obj) -> list of cell values


KINDS: dict[str, Kind] = {
    "plan": Kind("plan", SupervisionPlan, gettext_lazy("监督工作计划"), "plan", ("title",),
                 (gettext_lazy("年度"), gettext_lazy("计划"), gettext_lazy("人大"), gettext_lazy("状态")),
                 lambda o: [o.year, o.title, o.congress.name, o.get_state_display()]),
    "inspection": Kind("inspection", Inspection, gettext_lazy("执法检查"), "inspection", ("law", "articles"),
                       (gettext_lazy("年度"), gettext_lazy("法律法规"), gettext_lazy("牵头委员会"), gettext_lazy("状态")),
                       lambda o: [o.year, f"《{o.law}》", o.committee.name, o.get_state_display()]),
    "inquiry": Kind("inquiry", Inquiry, gettext_lazy("专题询问"), "inquiry", ("topic",),
                    (gettext_lazy("年度"), gettext_lazy("询问主题"), gettext_lazy("被询问单位"), gettext_lazy("状态")),
                    lambda o: [o.year, o.topic, o.body.name, o.get_state_display()]),
    "interpellation": Kind("interpellation", Interpellation, gettext_lazy("质询案"), "interpellation",
                           ("subject", "questions"),
                           (gettext_lazy("年度"), gettext_lazy("质询案"), gettext_lazy("受质询机关"), gettext_lazy("状态")),
                           lambda o: [o.year, o.subject, o.body.name, o.get_state_display()]),
    "investigation": Kind("investigation", Investigation, gettext_lazy("特定问题调查"), "investigation",
                          ("question", "committee_name"),
                          (gettext_lazy("年度"), gettext_lazy("特定问题"), gettext_lazy("调查委员会"), gettext_lazy("状态")),
                          lambda o: [o.year, o.question, o.committee_name, o.get_state_display()]),
    "evaluation": Kind("evaluation", Evaluation, gettext_lazy("工作评议和述职评议"), "evaluation",
                       ("department__name", "appointee_name", "appointee_post"),
                       (gettext_lazy("年度"), gettext_lazy("评议对象"), gettext_lazy("类别"), gettext_lazy("平均分"),
                        gettext_lazy("名次"), gettext_lazy("状态")),
                       lambda o: [o.year, str(o).removeprefix(f"{o.year}年"), o.get_kind_display(),
                                  o.average if o.average is not None else "—", o.rank or "—", o.get_state_display()]),
}  # fmt: skip


def _kind(code: str) -> Kind:
    try:
        return KINDS[code]
    except KeyError:
        raise Http404 from None


def _congresses(user: Any) -> list[Congress]:
    return working_congresses(user, Role.STAFF)


def _year_param(request: HttpRequest) -> int | None:
    raw = (request.GET.get("year") or "").strip()
    return int(raw) if raw.isdigit() and 2000 <= int(raw) <= 2100 else None


def _related(kind: Kind) -> list[str]:
    return {
        "plan": ["congress"], "inspection": ["committee"], "inquiry": ["body"], "interpellation": ["body"],
        "investigation": [], "evaluation": ["department"],
    }[kind.code]  # fmt: skip


def _filterset(request: HttpRequest, kind: Kind) -> Any:
    from .filtersets_plans import FILTERSETS

    qs = sel.visible(kind.model, request.user).select_related(*_related(kind))
    return FILTERSETS[kind.code](request.GET, qs, user=request.user)


def _list_qs(request: HttpRequest, kind: Kind) -> Any:
    return _filterset(request, kind).qs


@staff_page
@require_GET
def record_list(request: HttpRequest, kind_code: str) -> HttpResponse:
    kind = _kind(kind_code)
    qs = _list_qs(request, kind)
    if request.GET.get("export") == "xlsx":
        from renda.documents.excel import Sheet, timestamped, workbook_bytes, xlsx_response

        rows = [[str(c) for c in kind.cells(o)] for o in qs[:5000]]
        _record_list_export(request, kind.code, len(rows))
        return xlsx_response(
            workbook_bytes(
                [Sheet(title=str(kind.title)[:30], headers=[str(c) for c in kind.columns], rows=rows)]
            ),
            timestamped(str(kind.title)),
        )
    congresses = _congresses(request.user)
    create_form = CREATE_FORMS[kind.code](congress_id=congresses[0].pk) if congresses else None
    return _render_list(request, kind, qs, create_form)


def _record_list_export(request: HttpRequest, code: str, rows: int) -> None:
    """The audit row of a list export (each action code a literal, so it has its Chinese label)."""
    if code == "plan":
        record_export(request, action="oversight_plan.export", rows=rows)
    elif code == "inspection":
        record_export(request, action="inspection.export", rows=rows)
    elif code == "inquiry":
        record_export(request, action="inquiry.export", rows=rows)
    elif code == "interpellation":
        record_export(request, action="interpellation.export", rows=rows)
    elif code == "investigation":
        record_export(request, action="investigation.export", rows=rows)
    else:
        record_export(request, action="evaluation.export", rows=rows)


def _render_list(
    request: HttpRequest, kind: Kind, qs: Any, create_form: Any, status: int = 200
) -> HttpResponse:
    filters = _filterset(request, kind)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    year = _year_param(request) or clock.today().year
    context: dict[str, Any] = {
        "kind": kind,
        "page": page,
        "rows": [(o, kind.cells(o)) for o in page.object_list],
        "create_form": create_form,
        "filter_form": filters.form,
        "filtered": any(request.GET.get(k) for k in ("q", "year", "state", "kind")),
        "other_kinds": [k for k in KINDS.values() if k.code not in ("plan", "evaluation")],
    }
    if kind.code == "evaluation":
        cids = sorted(sel.readable_congress_ids(request.user))
        congress_id = (
            _congresses(request.user)[0].pk if _congresses(request.user) else (cids[0] if cids else None)
        )
        ranking = sel.ranking(congress_id, year) if congress_id else []
        context["ranking_year"] = year
        context["ranking"] = ranking
        context["ranking_chart"] = {
            "names": [e.department.name for e in ranking],
            "values": [float(e.average) for e in ranking],
        }
    return render(request, "oversight/plans/list.html", context, status=status)


@staff_page
@require_POST
def record_create(request: HttpRequest, kind_code: str) -> HttpResponse:
    kind = _kind(kind_code)
    congresses = _congresses(request.user)
    if not congresses:
        raise PermissionDenied(_("只有本级人大工作人员可以办理监督工作事项。"))
    congress = congresses[0]
    form = CREATE_FORMS[kind.code](request.POST, congress_id=congress.pk)
    if form.is_valid():
        try:
            obj = form.perform(request.user, congress)
        except ValidationFailed as exc:
            _attach(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect(f"oversight:{kind.url_prefix}_detail", obj.pk)
    return _render_list(request, kind, _list_qs(request, kind), form, status=400)


def _attach(form: Any, exc: ValidationFailed) -> None:
    field = exc.field if exc.field in form.fields else None
    form.add_error(field, exc.message)


def _get(request: HttpRequest, kind: Kind, pk: int) -> Any:
    try:
        return sel.get_for(kind.model, request.user, pk)
    except NotFoundError:
        raise Http404 from None


def _detail_context(request: HttpRequest, kind: Kind, obj: Any, bound: tuple[str, Any] | None = None) -> dict:
    manage = can_manage(request.user, obj.congress_id)
    forms = []
    signer = kind.code == "interpellation" and scope_of(request.user).has_in(
        obj.congress_id, Role.DEPUTY, Role.LEADER
    )
    if manage or signer:
        for code, (label, form_cls) in ACTIONS[kind.code].items():
            if not manage and code != "sign":
                continue  # a member or deputy only signs; staff take the motion's other steps
            if bound and bound[0] == code:
                form = bound[1]
            else:
                form = form_cls(congress_id=obj.congress_id)
            forms.append(
                {"code": code, "label": label, "form": form, "open": bool(bound and bound[0] == code)}
            )
    context: dict[str, Any] = {
        "kind": kind, "obj": obj, "manage": manage, "forms": forms, "fields": _fields(obj),
    }  # fmt: skip
    origin = {"inspection": "inspection", "evaluation": "evaluation", "inquiry": "inquiry"}.get(kind.code)
    if origin:
        rect = sel.rectifications_of(origin, obj.pk)
        context["rectifications"] = [(c, sel.rect_state_label(c.state)) for c in rect]
        context["rect_progress"] = sel.rectification_progress(rect)
    if kind.code == "plan":
        items = list(obj.items.select_related("committee", "body", "target_meeting"))
        scheduled = sel.agenda_items_of(items)
        context["items"] = [(i, scheduled.get(i.pk)) for i in items]
        context["progress"] = sel.plan_progress(obj)
        context["chart"] = {
            "labels": [r["label"] for r in context["progress"]["by_instrument"]],
            "done": [r["done"] for r in context["progress"]["by_instrument"]],
            "total": [r["total"] for r in context["progress"]["by_instrument"]],
        }
    if kind.code == "evaluation":
        context["scores"] = list(obj.scores.order_by("entered_at", "id"))
    if kind.code == "interpellation":
        from .services_plans import interpellation_minimum

        context["minimum"] = interpellation_minimum(obj.congress, at_plenary=obj.at_plenary)
        context["signatures"] = list(obj.signatures.select_related("user"))
    return context


HIDDEN_FIELDS = {"id", "congress", "created_by", "created_at", "plan_item", "appointee_user", "state"}


def _fields(obj: Any) -> list[tuple[str, Any]]:
    """The record's own fields with a value, labelled in Chinese, for the detail page."""
    out: list[tuple[str, Any]] = []
    for f in obj._meta.concrete_fields:
        if f.name in HIDDEN_FIELDS:
            continue
        value = getattr(obj, f"get_{f.name}_display")() if f.choices else getattr(obj, f.name)
        if value in (None, "", False):
            continue
        if value is True:
            value = _("是")
        out.append((str(f.verbose_name), value))
    return out


@role_required(Role.STAFF, Role.LEADER, Role.DEPUTY)
@require_GET
def record_detail(request: HttpRequest, kind_code: str, pk: int) -> HttpResponse:
    kind = _kind(kind_code)
    if kind.code == "interpellation" and not scope_of(request.user).has(Role.STAFF, Role.LEADER):
        obj = _signable(request, pk)  # a deputy reads the motion of their congress to sign it
    elif not scope_of(request.user).has(Role.STAFF, Role.LEADER):
        raise PermissionDenied(_("您没有访问此页面的权限。"))
    else:
        obj = _get(request, kind, pk)
    return render(request, "oversight/plans/detail.html", _detail_context(request, kind, obj))


@role_required(Role.STAFF, Role.LEADER, Role.DEPUTY)
@require_POST
def record_act(request: HttpRequest, kind_code: str, pk: int, code: str) -> HttpResponse:
    kind = _kind(kind_code)
    if code not in ACTIONS[kind.code]:
        raise Http404
    if kind.code == "interpellation" and code == "sign":
        obj = _signable(request, pk)
    else:
        obj = _get(request, kind, pk)
    label, form_cls = ACTIONS[kind.code][code]
    form = form_cls(request.POST, congress_id=obj.congress_id)
    if form.is_valid():
        try:
            form.perform(request.user, obj)
        except ValidationFailed as exc:
            _attach(form, exc)
        except PermissionDeniedError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("%(a)s:已完成。") % {"a": label})
            return redirect(f"oversight:{kind.url_prefix}_detail", obj.pk)
    obj.refresh_from_db()
    return render(
        request, "oversight/plans/detail.html", _detail_context(request, kind, obj, (code, form)), status=400
    )


def _signable(request: HttpRequest, pk: int) -> Interpellation:
    ids = scope_of(request.user).congress_ids_with(Role.DEPUTY, Role.LEADER, Role.STAFF)
    found = Interpellation.objects.filter(pk=pk, congress_id__in=ids).first()
    if found is None:
        raise Http404
    return found


# --- rectification items ---------------------------------------------------------------------------------


@role_required(Role.STAFF, Role.LEADER, Role.UNIT_CLERK, Role.UNIT_LEADER)
@require_GET
def rectification_list(request: HttpRequest) -> HttpResponse:
    from .filtersets_plans import RectificationFilterSet

    filters = RectificationFilterSet(request.GET, sel.rectifications_for(request.user), user=request.user)
    qs = filters.qs
    progress = sel.rectification_progress(qs)
    if request.GET.get("export") == "xlsx":
        from renda.documents.excel import Sheet, timestamped, workbook_bytes, xlsx_response

        rows = [
            [c.number, c.title, str(sel.ORIGIN_LABELS.get(c.rectification.origin_kind, "")),
             c.rectification.unit.name, c.rectification.deadline, sel.rect_state_label(c.state)]
            for c in qs[:5000]
        ]  # fmt: skip
        record_export(request, action="rectification.export", rows=len(rows))
        headers = [_("编号"), _("整改事项"), _("来源"), _("整改单位"), _("整改期限"), _("状态")]
        return xlsx_response(workbook_bytes([Sheet(title=_("整改事项"), headers=headers, rows=rows)]),
                             timestamped(_("整改事项")))  # fmt: skip
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "oversight/plans/rectifications.html",
        {
            "page": page,
            "rows": [(c, sel.rect_state_label(c.state), sel.ORIGIN_LABELS.get(c.rectification.origin_kind, ""))
                     for c in page.object_list],
            "progress": progress,
            "chart": {"labels": [r["label"] for r in progress["by_state"]], "values": [r["value"] for r in progress["by_state"]]},
            "filter_form": filters.form,
        },
    )  # fmt: skip


# --- a member's or deputy's own scoring page --------------------------------------------------------------


@role_required(Role.DEPUTY, Role.LEADER)
@require_http_methods(["GET", "POST"])
def evaluation_mine(request: HttpRequest) -> HttpResponse:
    from .models.plans import EvaluationScore

    pending = list(sel.my_scoring(request.user))
    done = set(
        EvaluationScore.objects.filter(rater_id=request.user.pk, evaluation__in=pending).values_list(
            "evaluation_id", flat=True
        )
    )
    errors: dict[int, Any] = {}
    status = 200
    if request.method == "POST":
        try:
            ev = next(e for e in pending if str(e.pk) == request.POST.get("evaluation", ""))
        except StopIteration:
            raise Http404 from None
        form = ScoreForm(request.POST)
        if form.is_valid():
            try:
                form.perform(request.user, ev)
            except (ValidationFailed, PermissionDeniedError) as exc:
                form.add_error("score", str(exc))
            else:
                messages.success(request, _("测评已提交,谢谢。"))
                return redirect("oversight:evaluation_mine")
        errors[ev.pk] = form
        status = 400
    rows = [(e, e.pk in done, errors.get(e.pk) or ScoreForm()) for e in pending]
    return render(request, "oversight/plans/mine.html", {"rows": rows}, status=status)


# --- Word summary, public pages -------------------------------------------------------------------------------


@staff_page
@require_GET
def plan_summary(request: HttpRequest, pk: int) -> HttpResponse:
    from renda.documents.word import docx_response

    from .documents_plans import summary_docx

    plan = _get(request, KINDS["plan"], pk)
    record_export(request, action="oversight_summary.export", rows=1, congress=plan.congress)
    return docx_response(
        summary_docx(plan.congress, plan.year), _("%(y)s年度监督工作总结") % {"y": plan.year}
    )


def _portal(request: HttpRequest) -> tuple[Any, dict[str, Any]]:
    from renda.portal.selectors import portal_congress

    raw = request.GET.get("c")
    try:
        congress = portal_congress(int(raw) if raw and raw.isdigit() else None)
    except NotFoundError:
        raise Http404(_("门户不存在。")) from None
    return congress, {"congress": congress, "portal_cid": congress.pk if raw else None}


@require_GET
def plan_public_list(request: HttpRequest) -> HttpResponse:
    congress, ctx = _portal(request)
    ctx["plans"] = [(p, sel.plan_progress(p)) for p in sel.public_plans(congress.pk)]
    return render(request, "oversight/plans/public_list.html", ctx)


@require_GET
def plan_public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    congress, ctx = _portal(request)
    plan = sel.public_plans(congress.pk).filter(pk=pk).first()
    if plan is None:
        raise Http404(_("计划不存在。"))
    evaluations = list(
        Evaluation.objects.filter(congress=plan.congress, year=plan.year, state=EvaluationState.PUBLISHED)
        .select_related("department")
        .order_by("kind", "rank")
    )
    ctx.update(
        plan=plan, items=list(plan.items.select_related("committee", "body")), progress=sel.plan_progress(plan),
        evaluations=evaluations,
    )  # fmt: skip
    return render(request, "oversight/plans/public_detail.html", ctx)
