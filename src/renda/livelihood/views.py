"""Staff pages (programme, stage controls, candidates, screening) and the public pages of every stage."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from renda.audit.services import record_export
from renda.core.choices import Role
from renda.core.context import client_ip
from renda.core.errors import NotFoundError, PermissionDeniedError, RendaError, ValidationFailed
from renda.core.forms import apply_service_error
from renda.core.permissions import role_required
from renda.core.scopes import working_congresses

from . import selectors, services
from .choices import CHOSEN_STATES, STAGE_ORDER, ProjectState, Stage
from .filtersets import ProjectFilterSet
from .forms import ProgrammeForm, ProjectsChoiceForm, ProposalForm, PublicProposalForm, ScreenForm
from .models import CandidateProject, LivelihoodProgramme

READER_ROLES = (Role.STAFF, Role.LEADER, Role.DEPUTY, Role.UNIT_CLERK, Role.UNIT_LEADER, Role.STATION_KEEPER)
livelihood_page = role_required(*READER_ROLES)
PS = ProjectState


def _programme(request: HttpRequest, pk: Any) -> LivelihoodProgramme:
    try:
        return selectors.get_programme_for(request.user, pk)
    except NotFoundError:
        raise Http404(_("民生实事项目票决不存在。")) from None


def _project(request: HttpRequest, pk: Any) -> CandidateProject:
    project = (
        CandidateProject.objects.select_related("programme", "responsible_unit", "station")
        .filter(pk=pk)
        .first()
    )
    if project is None or not selectors.programmes_for(request.user).filter(pk=project.programme_id).exists():
        raise Http404(_("候选项目不存在。"))
    return project


def stages(programme: LivelihoodProgramme) -> list[dict[str, Any]]:
    current = STAGE_ORDER.index(programme.stage)
    return [
        {"code": s.value, "label": s.label, "date": programme.stage_date(s.value), "done": i < current,
         "current": i == current}
        for i, s in enumerate(Stage)
    ]  # fmt: skip


# --- staff pages ---------------------------------------------------------------------------------


@livelihood_page
@require_http_methods(["GET", "POST"])
def programme_list(request: HttpRequest) -> HttpResponse:
    congresses = working_congresses(request.user, Role.STAFF, Role.LEADER)
    form = ProgrammeForm(request.POST or None) if congresses else None
    if request.method == "POST":
        if form is None:
            raise Http404(_("页面不存在。"))
        if form.is_valid():
            try:
                p = services.programme_create(actor=request.user, congress=congresses[0], **form.cleaned_data)
            except RendaError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("已建立年度民生实事项目票决,开始征集候选项目。"))
                return redirect("livelihood:programme_detail", p.pk)
    return render(
        request,
        "livelihood/programme_list.html",
        {"programmes": list(selectors.programmes_for(request.user)), "form": form},
    )


def _detail_context(request: HttpRequest, p: LivelihoodProgramme) -> dict[str, Any]:
    projects = list(
        p.projects.select_related("responsible_unit", "case", "evaluation").order_by("rank", "pk")
    )
    chosen = [x for x in projects if x.state in CHOSEN_STATES]
    progress = selectors.progress_of(chosen)
    for x in chosen:
        x.progress = progress[x.pk]
    counts: dict[str, int] = {}
    for x in projects:
        counts[x.state] = counts.get(x.state, 0) + 1
    manage = services.can_manage(request.user, p.congress_id)
    agreed_qs = p.projects.filter(state__in=[PS.SHORTLISTED, PS.PRESIDIUM_AGREED, PS.PRESIDIUM_DROPPED])
    tied_qs = p.projects.filter(state=PS.TIED)
    return {
        "programme": p,
        "stages": stages(p),
        "projects": projects,
        "chosen": chosen,
        "ballot_projects": [x for x in projects if x.votes is not None],
        "counts": counts,
        "can_manage": manage,
        "can_propose": services.collection_open(p)
        and (manage or services.is_deputy_of(request.user, p.congress_id)),
        "presidium_form": ProjectsChoiceForm(queryset=agreed_qs, initial={"projects": list(agreed_qs)})
        if manage and p.stage == Stage.PRESIDIUM
        else None,
        "tie_form": ProjectsChoiceForm(queryset=tied_qs) if manage and tied_qs.exists() else None,
        "agenda_item": services.ballot_agenda_item(p),
        "settings_form": ProgrammeForm(
            initial={f: getattr(p, f) for f in ProgrammeForm.base_fields}, editing=True
        )
        if manage
        and p.ballot_id is None
        and p.stage in (Stage.COLLECTING, Stage.SHORTLISTING, Stage.PRESIDIUM)
        else None,
        "chart": {
            "names": [x.title for x in chosen],
            "percent": [x.progress["percent"] for x in chosen],
        },
    }


@livelihood_page
@require_http_methods(["GET", "POST"])
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    p = _programme(request, pk)
    if request.method == "POST":
        return _programme_act(request, p)
    return render(request, "livelihood/programme_detail.html", _detail_context(request, p))


def _programme_act(request: HttpRequest, p: LivelihoodProgramme) -> HttpResponse:
    action = request.POST.get("action", "")
    user = request.user
    try:
        if action == "settings":
            form = ProgrammeForm(request.POST, editing=True)
            if form.is_valid():
                try:
                    services.programme_update(actor=user, programme=p, **form.cleaned_data)
                except ValidationFailed as exc:
                    apply_service_error(form, exc)
            if form.errors:
                ctx = _detail_context(request, p)
                ctx["settings_form"] = form
                return render(request, "livelihood/programme_detail.html", ctx, status=400)
            messages.success(request, _("已保存票决办法。"))
        elif action == "advance":
            p = services.programme_advance(actor=user, programme=p)
            messages.success(request, _("已进入“%(stage)s”阶段。") % {"stage": p.get_stage_display()})
        elif action in ("presidium", "tie"):
            qs = p.projects.filter(
                state__in=[PS.SHORTLISTED, PS.PRESIDIUM_AGREED, PS.PRESIDIUM_DROPPED]
                if action == "presidium"
                else [PS.TIED]
            )
            form = ProjectsChoiceForm(request.POST, queryset=qs)
            if not form.is_valid():
                ctx = _detail_context(request, p)
                ctx["presidium_form" if action == "presidium" else "tie_form"] = form
                return render(request, "livelihood/programme_detail.html", ctx, status=400)
            d = form.cleaned_data
            if action == "presidium":
                services.presidium_decide(
                    actor=user, programme=p, agreed=d["projects"], note=d["note"], on=d["on"]
                )
                messages.success(request, _("已记录主席团审议意见。"))
            else:
                services.tie_resolve(actor=user, programme=p, chosen=d["projects"], note=d["note"])
                messages.success(request, _("已记录主席团决定,项目进入监督实施阶段。"))
        elif action in ("ballot", "runoff"):
            vote = services.ballot_create(actor=user, programme=p, runoff=action == "runoff",
                                          method=request.POST.get("method", "secret"))  # fmt: skip
            messages.success(request, _("已设立票决,请在表决控制页开始表决。"))
            return redirect("voting:control", vote.pk)
        elif action in ("major", "evaluate"):
            raw = request.POST.get("project", "")
            project = p.projects.filter(pk=int(raw)).first() if raw.isdigit() and len(raw) < 18 else None
            if project is None:
                raise Http404(_("候选项目不存在。"))
            if action == "major":
                services.project_set_major(
                    actor=user, project=project, is_major=request.POST.get("value") == "1"
                )
                messages.success(request, _("已更新重大民生议案标记。"))
            else:
                vote = services.evaluation_create(actor=user, project=project)
                messages.success(request, _("已设立满意度测评,请在表决控制页开始测评。"))
                return redirect("voting:control", vote.pk)
        else:
            raise Http404(_("页面不存在。"))
    except PermissionDeniedError as exc:
        messages.error(request, exc.message)
    except RendaError as exc:
        messages.error(request, exc.message)
    return redirect("livelihood:programme_detail", p.pk)


@livelihood_page
@require_GET
def project_list(request: HttpRequest, pk: int) -> HttpResponse:
    p = _programme(request, pk)
    base = p.projects.select_related("responsible_unit", "programme")
    fs = ProjectFilterSet(request.GET, queryset=base, user=request.user)
    qs = fs.qs if fs.is_valid() else base.none()
    if request.GET.get("export") == "xlsx":
        return _export(request, p, qs)
    page = Paginator(qs, 30).get_page(request.GET.get("page"))
    filtered = any(v for k, v in request.GET.items() if k not in ("page", "sort"))
    return render(
        request,
        "livelihood/project_list.html",
        {"programme": p, "page": page, "form": fs.form, "filtered": filtered, "total": qs.count(),
         "can_manage": services.can_manage(request.user, p.congress_id), "query": request.GET.urlencode()},
    )  # fmt: skip


def _export(request: HttpRequest, p: LivelihoodProgramme, qs: Any) -> HttpResponse:
    from renda.documents.excel import Sheet, timestamped, workbook_bytes, xlsx_response

    manage = services.can_manage(request.user, p.congress_id)
    rows = [
        [x.title, x.get_proposer_kind_display(), x.proposer_name, x.responsible_unit.name if x.responsible_unit else "",
         float(x.budget), x.get_state_display(), x.votes if x.votes is not None else "", x.rank or "",
         "是" if x.is_major else "", float(x.satisfaction) if x.satisfaction is not None else "",
         x.proposer_phone if manage else ""]
        for x in qs[:5000]
    ]  # fmt: skip
    sheet = Sheet(
        title=_("候选项目"),
        headers=[_("项目名称"), _("提出方"), _("提出人"), _("责任单位"), _("计划投资(万元)"), _("状态"),
                 _("得票数"), _("排名"), _("重大民生议案"), _("满意率(%)"), _("联系电话")],
        rows=rows,
    )  # fmt: skip
    record_export(request, action="livelihood.export", rows=len(rows), congress=p.congress)
    return xlsx_response(workbook_bytes([sheet]), timestamped(_("民生实事候选项目")))


@livelihood_page
@require_http_methods(["GET", "POST"])
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = _project(request, pk)
    p = project.programme
    manage = services.can_manage(request.user, p.congress_id)
    form = None
    if manage and p.stage in (Stage.COLLECTING, Stage.SHORTLISTING):
        form = ScreenForm(
            request.POST or None,
            congress_id=p.congress_id,
            initial={"responsible_unit": project.responsible_unit, "budget": project.budget,
                     "note": project.screening_note},
        )  # fmt: skip
    if request.method == "POST":
        if form is None:
            raise Http404(_("页面不存在。"))
        if form.is_valid():
            d = form.cleaned_data
            try:
                services.project_screen(actor=request.user, project=project, shortlist=d["decision"] == "shortlist",
                                        responsible_unit=d["responsible_unit"], budget=d["budget"], note=d["note"])  # fmt: skip
            except RendaError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("已记录甄别结果。"))
                return redirect("livelihood:project_list", p.pk)
    progress = selectors.progress_of([project])[project.pk]
    return render(
        request,
        "livelihood/project_detail.html",
        {"programme": p, "project": project, "form": form, "progress": progress, "can_manage": manage,
         "show_contact": manage, "inspections": list(project.inspections.prefetch_related("photos"))},
    )  # fmt: skip


@livelihood_page
@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest, pk: int) -> HttpResponse:
    p = _programme(request, pk)
    manage = services.can_manage(request.user, p.congress_id)
    if not services.can_propose(request.user, p):
        messages.error(request, _("当前不能提出候选项目(征集已截止或您不是本级代表、联络站)。"))
        return redirect("livelihood:programme_detail", p.pk)
    form = ProposalForm(request.POST or None, congress_id=p.congress_id, staff=manage,
                        stations=services.keeper_stations(request.user, p))  # fmt: skip
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            project = services.proposal_create(actor=request.user, programme=p, **d)
        except RendaError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("已提出候选项目“%(t)s”。") % {"t": project.title})
            return redirect("livelihood:programme_detail", p.pk)
    return render(request, "livelihood/project_form.html", {"programme": p, "form": form})


# --- public pages --------------------------------------------------------------------------------


def _portal(request: HttpRequest) -> tuple[Any, dict[str, Any]]:
    from renda.portal.selectors import portal_congress

    raw = request.GET.get("c")
    try:
        congress = portal_congress(int(raw) if raw and raw.isdigit() else None)
    except NotFoundError:
        raise Http404(_("门户不存在。")) from None
    return congress, {
        "congress": congress,
        "portal_cid": congress.pk if raw else None,
        "cq": f"?c={raw}" if raw else "",
    }


@require_GET
def public_index(request: HttpRequest) -> HttpResponse:
    congress, ctx = _portal(request)
    programmes = list(selectors.public_programmes(congress))
    if programmes:
        return _public_page(request, programmes[0], ctx, programmes)
    return render(request, "livelihood/public/programme.html", {**ctx, "programme": None})


@require_GET
def public_programme(request: HttpRequest, pk: int) -> HttpResponse:
    congress, ctx = _portal(request)
    programmes = list(selectors.public_programmes(congress))
    p = next((x for x in programmes if x.pk == pk), None)
    if p is None:
        raise Http404(_("民生实事项目票决不存在。"))
    return _public_page(request, p, ctx, programmes)


def _public_page(
    request: HttpRequest, p: LivelihoodProgramme, ctx: dict[str, Any], programmes: list
) -> HttpResponse:
    projects = list(selectors.public_projects(p))
    chosen = [x for x in projects if x.state in CHOSEN_STATES]
    progress = selectors.progress_of(chosen)
    for x in chosen:
        x.progress = progress[x.pk]
    voted = p.voted_on is not None
    ctx.update(
        programme=p,
        programmes=programmes,
        stages=stages(p),
        shortlist=[x for x in projects if x.state != PS.PRESIDIUM_DROPPED],
        chosen=chosen,
        voted=voted,
        ballot=sorted([x for x in projects if x.votes is not None], key=lambda x: (x.rank or 999, x.pk)),
        collecting=services.collection_open(p),
        proposals=p.projects.count(),
    )
    return render(request, "livelihood/public/programme.html", ctx)


@never_cache
@require_http_methods(["GET", "POST"])
def public_propose(request: HttpRequest, pk: int) -> HttpResponse:
    from renda.liaison import captcha

    congress, ctx = _portal(request)
    p = LivelihoodProgramme.objects.filter(pk=pk, congress=congress).first()
    if p is None:
        raise Http404(_("民生实事项目票决不存在。"))
    form = PublicProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if not captcha.check(request.session, d["captcha"]):
            form.add_error("captcha", _("验证码不正确,请重新计算图中的算式。"))
        else:
            try:
                project = services.proposal_submit_public(programme=p, title=d["title"], description=d["description"],
                                                          name=d["name"], phone=d["phone"],
                                                          client_ip=client_ip(request))  # fmt: skip
            except RendaError as exc:
                apply_service_error(form, exc)
            else:
                ctx.update(programme=p, project=project)
                return render(request, "livelihood/public/propose_done.html", ctx)
    captcha.new_challenge(request.session)
    ctx.update(programme=p, form=form, open=services.collection_open(p),
               back=reverse("livelihood:public_programme", args=[p.pk]))  # fmt: skip
    return render(request, "livelihood/public/propose.html", ctx)
