"""The page of the registries: contact points, experts (智库), clean-up campaigns, post-legislation
evaluations. Thin views over ``participation``; a refusal re-renders the page with the message."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from renda.audit.services import record_export
from renda.core.errors import RendaError, ValidationFailed
from renda.core.forms import apply_service_error
from renda.core.scopes import scope_of

from . import forms as f
from . import participation as part
from .choices import IN_FORCE_STATES, CampaignState
from .models import CleanupCampaign, ContactPoint, Expert, LegislativeProject, PostEvaluation
from .views import _legislative_congresses, page


def _congress_ids(user: Any) -> frozenset[int]:
    return scope_of(user).staff_read_congress_ids


def _forms(request: HttpRequest, bound: dict[str, Any]) -> dict[str, Any]:
    ids = _congress_ids(request.user)
    points = [(p.pk, p.name) for p in ContactPoint.objects.filter(congress_id__in=ids, is_active=True)]
    campaigns = [
        (c.pk, c.title) for c in CleanupCampaign.objects.filter(congress_id__in=ids, state=CampaignState.OPEN)
    ]
    regulations = [
        (r.pk, r.title)
        for r in LegislativeProject.objects.filter(congress_id__in=ids, state__in=IN_FORCE_STATES)
    ]
    made = {
        "point": lambda d=None: f.PointForm(d),
        "member": lambda d=None: f.PointMemberForm(d, points=points),
        "expert": lambda d=None: f.ExpertForm(d),
        "cleanup": lambda d=None: f.CleanupForm(d),
        "cleanup_item": lambda d=None: f.CleanupItemForm(d, campaigns=campaigns, regulations=regulations),
        "cleanup_conclude": lambda d=None: f.ConcludeForm(d, campaigns=campaigns),
        "evaluation": lambda d=None: f.EvaluationForm(d, regulations=regulations),
    }
    return made if bound is None else {f"{k}_form": bound.get(k) or make() for k, make in made.items()}


def _context(request: HttpRequest, bound: dict[str, Any] | None = None) -> dict[str, Any]:
    ids = _congress_ids(request.user)
    q = (request.GET.get("q") or "").strip()[:100]
    experts = Expert.objects.filter(congress_id__in=ids)
    if q:
        experts = experts.filter(Q(name__icontains=q) | Q(field__icontains=q) | Q(affiliation__icontains=q))
    field = (request.GET.get("field") or "").strip()[:100]
    if field:
        experts = experts.filter(field=field)
    ctx = {
        "points": ContactPoint.objects.filter(congress_id__in=ids).annotate(
            n_members=Count("members", distinct=True), n_sent=Count("solicitations", distinct=True),
            n_returned=Count("solicitations", filter=Q(solicitations__returned_on__isnull=False), distinct=True),
        ).prefetch_related("members"),
        "experts": experts.annotate(n_opinions=Count("opinions")), "q": q, "field": field,
        "fields": sorted(set(Expert.objects.filter(congress_id__in=ids).values_list("field", flat=True))),
        "campaigns": CleanupCampaign.objects.filter(congress_id__in=ids).prefetch_related("items__regulation"),
        "evaluations": PostEvaluation.objects.filter(regulation__congress_id__in=ids).select_related("regulation"),
        "legis": bool(_legislative_congresses(request.user)),
        "finish_form": f.EvaluationFinishForm(),
        "open_form": next(iter(bound or {}), ""),
    }  # fmt: skip
    ctx.update(_forms(request, bound or {}))
    return ctx


@page
@require_GET
def registry(request: HttpRequest) -> HttpResponse:
    if not scope_of(request.user).staff_read_congress_ids:
        raise PermissionDenied(_("您没有访问此页面的权限。"))
    ctx = _context(request)
    if request.GET.get("export") == "xlsx":
        from renda.documents.excel import Sheet, timestamped, workbook_bytes, xlsx_response

        legis = ctx["legis"]
        rows = [[e.name, e.field, e.affiliation, e.title, e.term_start, e.term_end, e.phone if legis else "",
                 e.n_opinions] for e in ctx["experts"]]  # fmt: skip
        sheet = Sheet(title=_("立法专家"), headers=[_("姓名"), _("专业领域"), _("工作单位"), _("职称职务"),
                      _("聘期开始"), _("聘期结束"), _("联系电话"), _("书面意见数")], rows=rows)  # fmt: skip
        record_export(request, action="legislation.export", rows=len(rows))
        return xlsx_response(workbook_bytes([sheet]), timestamped(_("立法专家")))
    return render(request, "legislation/registry.html", ctx)


def _pick(model: Any, pk: Any, ids: frozenset[int], field: str, label: str, path: str = "congress_id") -> Any:
    found = model.objects.filter(pk=pk or 0, **{f"{path}__in": ids}).first()
    if found is None:
        raise ValidationFailed(_("请选择%(l)s。") % {"l": label}, field=field)
    return found


@page
@require_POST
def registry_act(request: HttpRequest, action: str, pk: int | None = None) -> HttpResponse:
    congresses = _legislative_congresses(request.user)
    if not congresses:
        raise PermissionDenied(_("只有本级人大常委会办公室或法制委员会的工作人员可以办理此事项。"))
    congress = congresses[0]
    ids = frozenset(c.pk for c in congresses)
    user = request.user
    if action == "evaluation_finish":
        evaluation = PostEvaluation.objects.filter(pk=pk or 0, regulation__congress_id__in=ids).first()
        if evaluation is None:
            raise Http404(_("评估不存在。"))
        form = f.EvaluationFinishForm(request.POST)
        form.is_valid()
        try:
            part.evaluation_finish(actor=user, evaluation=evaluation, **form.cleaned_data)
        except RendaError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已完成评估。"))
        return redirect("legislation:registry")
    factories = _forms(request, None)
    if action not in factories:
        raise Http404(_("操作不存在。"))
    form = factories[action](request.POST)
    if form.is_valid():
        d = dict(form.cleaned_data)
        try:
            if action == "point":
                part.contact_point_create(actor=user, congress=congress, **d)
            elif action == "member":
                point = _pick(ContactPoint, d.pop("point"), ids, "point", _("联系点"))
                part.contact_point_member_add(actor=user, point=point, **d)
            elif action == "expert":
                part.expert_create(actor=user, congress=congress, **d)
            elif action == "cleanup":
                part.cleanup_create(actor=user, congress=congress, **d)
            elif action == "cleanup_item":
                campaign = _pick(CleanupCampaign, d.pop("campaign"), ids, "campaign", _("法规清理"))
                regulation = _pick(LegislativeProject, d.pop("regulation"), ids, "regulation", _("法规"))
                part.cleanup_item_add(actor=user, campaign=campaign, regulation=regulation, **d)
            elif action == "cleanup_conclude":
                campaign = _pick(CleanupCampaign, d.pop("campaign"), ids, "campaign", _("法规清理"))
                part.cleanup_conclude(actor=user, campaign=campaign, decided_on=d["decided_on"])
            elif action == "evaluation":
                regulation = _pick(LegislativeProject, d.pop("regulation"), ids, "regulation", _("法规"))
                part.evaluation_start(actor=user, regulation=regulation, evaluator=d["evaluator"])
        except RendaError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("legislation:registry")
    return render(request, "legislation/registry.html", _context(request, {action: form}), status=400)
