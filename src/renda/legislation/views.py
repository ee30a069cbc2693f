"""Staff pages of legislation: projects, drafts and their versions, readings, plans, comment periods.

Thin views: every change is one service call; a refusal re-renders the page (400) with the message
at its field and the input kept."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renda.audit.services import record_export
from renda.core import clock
from renda.core.choices import OrganizationKind, Role
from renda.core.errors import NotFoundError, RendaError
from renda.core.forms import apply_service_error
from renda.core.models import Congress, Organization
from renda.core.permissions import role_required
from renda.core.scopes import scope_of

from . import documents, permissions, selectors, services
from . import forms as f
from .choices import PlanKind, PlanState, ProjectState, ReadingState, VoteScope
from .filtersets import CommentFilterSet, ProjectFilterSet
from .models import Comment, CommentPeriod, DraftVersion, Expert, LegislativePlan, Reading, Solicitation

page = role_required(Role.STAFF, Role.LEADER, Role.DEPUTY)
S = ProjectState


def _or_404(fn: Callable, *args: Any) -> Any:
    try:
        return fn(*args)
    except NotFoundError:
        raise Http404(_("内容不存在。")) from None


def _committees(congress_id: int) -> list[tuple[int, str]]:
    return list(
        Organization.objects.filter(congress_id=congress_id, kind=OrganizationKind.COMMITTEE, is_active=True)
        .order_by("sort_order", "name")
        .values_list("pk", "name")
    )


def _sc_meetings(congress_id: int) -> list[tuple[int, str]]:
    from renda.meetings.models import Meeting

    qs = Meeting.objects.filter(congress_id=congress_id, kind="standing_committee").exclude(state="closed")
    return [
        (m.pk, f"{m.title}({timezone.localtime(m.starts_at):%Y-%m-%d})") for m in qs.order_by("starts_at")
    ]


def _legislative_congresses(user: Any) -> list[Congress]:
    ids = [
        cid
        for cid in scope_of(user).congress_ids_with(Role.STAFF)
        if permissions.is_legislative_staff(user, cid)
    ]
    return list(Congress.objects.filter(pk__in=ids).order_by("path"))


# --- projects -------------------------------------------------------------------------------------


@page
@require_GET
def project_list(request: HttpRequest) -> HttpResponse:
    fs = ProjectFilterSet(request.GET, selectors.projects_visible_to(request.user).select_related("congress", "plan",
                          "responsible_committee"), user=request.user)  # fmt: skip
    qs = fs.qs
    if request.GET.get("export") == "xlsx":
        return _export_projects(request, qs)
    return render(request, "legislation/project_list.html", {
        "filter": fs, "form": fs.form, "page": Paginator(qs, 20).get_page(request.GET.get("page")),
        "filtered": any(v for k, v in request.GET.items() if k not in ("page", "sort")),
        "can_create": bool(_legislative_congresses(request.user)),
    })  # fmt: skip


def _export_projects(request: HttpRequest, qs: Any) -> HttpResponse:
    from renda.documents.excel import Sheet, timestamped, workbook_bytes, xlsx_response

    rows = [
        [p.title, p.get_source_display(), p.proposer_name, p.drafting_body,
         p.responsible_committee.name if p.responsible_committee_id else "", p.plan.title if p.plan_id else "",
         p.target_readings, p.get_state_display(), p.passed_on, p.effective_on]
        for p in qs[:5000]
    ]  # fmt: skip
    sheet = Sheet(title=_("立法项目"), headers=[
        _("项目名称"), _("来源"), _("提出人/单位"), _("起草单位"), _("牵头委员会"), _("年度计划"), _("计划审议次数"),
        _("状态"), _("通过日期"), _("施行日期")], rows=rows)  # fmt: skip
    record_export(request, action="legislation.export", rows=len(rows))
    return xlsx_response(workbook_bytes([sheet]), timestamped(_("立法项目")))


@page
@require_http_methods(["GET", "POST"])
def project_create(request: HttpRequest) -> HttpResponse:
    congresses = _legislative_congresses(request.user)
    if not congresses:
        raise PermissionDenied(_("只有本级人大常委会办公室或法制委员会的工作人员可以录入立法项目。"))
    congress = congresses[0]
    form = f.ProjectForm(request.POST or None, committees=_committees(congress.pk),
                         initial={"needs_approval": True})  # fmt: skip
    if request.method == "POST" and form.is_valid():
        try:
            project = services.project_propose(actor=request.user, congress=congress, **form.cleaned_data)
        except RendaError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("已录入立法项目。"))
            return redirect("legislation:project", project.pk)
    return render(request, "legislation/project_form.html", {"form": form, "congress": congress},
                  status=400 if form.errors else 200)  # fmt: skip


def _versions(project: Any) -> list[tuple[int, str]]:
    return [(v.pk, f"{v.number}. {v.label}") for v in project.versions.order_by("-number")]


def _form_factories(project: Any) -> dict[str, Callable[..., Any]]:
    """The project page's step forms: ``factory(data=None)`` builds one, unbound or bound to a POST."""
    committees = _committees(project.congress_id)
    plans = [(p.pk, f"{p.title}({p.get_kind_display()})") for p in
             LegislativePlan.objects.filter(congress_id=project.congress_id, state=PlanState.DRAFT)]  # fmt: skip
    versions = _versions(project)
    today = clock.today().isoformat()
    return {
        "study": lambda data=None: f.StudyForm(data),
        "include": lambda data=None: f.IncludeForm(data, plans=plans, committees=committees, initial={
            "drafting_body": project.drafting_body, "responsible_committee": project.responsible_committee_id}),
        "version": lambda data=None: f.VersionForm(data),
        "reading": lambda data=None: f.ReadingForm(data, meetings=_sc_meetings(project.congress_id),
                                                   versions=versions, initial={"ordinal": project.readings.count() + 1}),
        "period": lambda data=None: f.PeriodForm(data, versions=versions, initial={"opens_on": today}),
        "approval_report": lambda data=None: f.ApprovalReportForm(data, initial={"reported_on": today}),
        "approval_approve": lambda data=None: f.ApprovalApproveForm(data, initial={"approved_on": today}),
        "approval_file": lambda data=None: f.ApprovalFileForm(data, initial={"filed_on": today}),
        "promulgate": lambda data=None: f.PromulgateForm(data, initial={"promulgated_on": today}),
        "amend": lambda data=None: f.AmendForm(data),
        "repeal": lambda data=None: f.RepealForm(data),
        "consultation": lambda data=None: f.ConsultationForm(data, initial={"held_on": today}),
        "expert_opinion": lambda data=None: f.ExpertOpinionForm(
            data, consultations=[(c.pk, c.subject) for c in project.consultations.all()],
            experts=[(e.pk, f"{e.name}({e.field})") for e in Expert.objects.filter(
                congress_id=project.congress_id, is_active=True)], initial={"received_on": today}),
    }  # fmt: skip


def _project_forms(project: Any, bound: dict[str, Any]) -> dict[str, Any]:
    return {f"{k}_form": bound.get(k) or make() for k, make in _form_factories(project).items()}


def _project_context(
    request: HttpRequest, project: Any, bound: dict[str, Any] | None = None
) -> dict[str, Any]:
    versions = list(project.versions.order_by("number"))
    works = permissions.works_on(request.user, project)
    legis = permissions.is_legislative_staff(request.user, project.congress_id)
    readings = list(project.readings.select_related("version").order_by("ordinal"))
    ctx = {
        "project": project, "versions": versions, "readings": readings,
        "periods": list(project.comment_periods.select_related("version")),
        "approval": getattr(project, "approval", None),
        "works": works, "legis": legis, "S": S,
        "compare_form": f.CompareForm(versions=_versions(project), initial={
            "a": versions[-2].pk if len(versions) > 1 else "", "b": versions[-1].pk if versions else ""}),
        "history": _history(project),
        "open_form": next(iter(bound or {}), ""),
        "consultations": list(project.consultations.prefetch_related("opinions__expert")),
        "evaluations": list(project.evaluations.all()),
    }  # fmt: skip
    if works:
        ctx.update(_project_forms(project, bound or {}))
    return ctx


def _history(project: Any) -> list[tuple[Any, str]]:
    from renda.audit.models import Event

    rows = []
    for e in Event.objects.filter(
        target_type="legislation.legislativeproject", target_id=str(project.pk)
    ).order_by("pk")[:200]:
        rows.append((e.created_at, e.action_label if hasattr(e, "action_label") else e.action, e.actor_name))
    return rows


@page
@require_GET
def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = _or_404(selectors.get_project_for, request.user, pk)
    return render(request, "legislation/project_detail.html", _project_context(request, project))


ACTIONS: dict[str, tuple[Any, Callable[..., Any], str]] = {}


def _action(name: str, form_cls: Any, message: str) -> Callable:
    def deco(fn: Callable) -> Callable:
        ACTIONS[name] = (form_cls, fn, message)
        return fn

    return deco


@_action("study", f.StudyForm, "已转入立项论证。")
def _a_study(user: Any, p: Any, d: dict) -> Any:
    return services.project_study(actor=user, project=p, note=d["note"])


@_action("include", f.IncludeForm, "已列入计划。")
def _a_include(user: Any, p: Any, d: dict) -> Any:
    plan = LegislativePlan.objects.filter(pk=d["plan"] or 0, congress_id=p.congress_id).first()
    if plan is None:
        from renda.core.errors import ValidationFailed

        raise ValidationFailed(_("请选择立法计划。"), field="plan")
    return services.project_include(
        actor=user, project=p, plan=plan, category=d["category"], drafting_body=d["drafting_body"],
        responsible_committee=d["responsible_committee"], target_readings=d["target_readings"],
    )  # fmt: skip


@_action("start_drafting", None, "已启动起草。")
def _a_draft(user: Any, p: Any, d: dict) -> Any:
    return services.project_start_drafting(actor=user, project=p)


@_action("version", f.VersionForm, "已保存新的草案版本。")
def _a_version(user: Any, p: Any, d: dict) -> Any:
    return services.version_add(actor=user, project=p, **d)


@_action("submit", None, "已提请常委会审议。")
def _a_submit(user: Any, p: Any, d: dict) -> Any:
    return services.project_submit(actor=user, project=p)


@_action("reading", f.ReadingForm, "已列入常委会会议议程。")
def _a_reading(user: Any, p: Any, d: dict) -> Any:
    from renda.core.errors import ValidationFailed
    from renda.meetings.models import Meeting

    meeting = Meeting.objects.filter(pk=d["meeting"] or 0).first()
    if meeting is None:
        raise ValidationFailed(_("请选择常委会会议。"), field="meeting")
    version = p.versions.filter(pk=d["version"] or 0).first()
    return services.reading_schedule(
        actor=user, project=p, meeting=meeting, ordinal=d["ordinal"], version=version
    )


@_action("period", f.PeriodForm, "已在门户网站公开征求意见。")
def _a_period(user: Any, p: Any, d: dict) -> Any:
    from renda.core.errors import ValidationFailed

    version = p.versions.filter(pk=d["version"] or 0).first()
    if version is None:
        raise ValidationFailed(_("请选择征求意见稿。"), field="version")
    return services.period_open(actor=user, project=p, version=version, opens_on=d["opens_on"],
                                closes_on=d["closes_on"], notice=d["notice"])  # fmt: skip


@_action("approval_report", f.ApprovalReportForm, "已记录报请批准。")
def _a_report(user: Any, p: Any, d: dict) -> Any:
    return services.approval_report(actor=user, project=p, **d)


@_action("approval_approve", f.ApprovalApproveForm, "已记录批准。")
def _a_approve(user: Any, p: Any, d: dict) -> Any:
    return services.approval_approve(actor=user, project=p, **d)


@_action("approval_file", f.ApprovalFileForm, "已记录备案。")
def _a_file(user: Any, p: Any, d: dict) -> Any:
    return services.approval_file(actor=user, project=p, **d)


@_action("promulgate", f.PromulgateForm, "已公布施行。")
def _a_promulgate(user: Any, p: Any, d: dict) -> Any:
    return services.project_promulgate(actor=user, project=p, **d)


@_action("amend", f.AmendForm, "已记录修正。")
def _a_amend(user: Any, p: Any, d: dict) -> Any:
    return services.project_amend(actor=user, project=p, amended_on=d["amended_on"], note=d["note"])


@_action("repeal", f.RepealForm, "已记录废止。")
def _a_repeal(user: Any, p: Any, d: dict) -> Any:
    return services.project_repeal(actor=user, project=p, repealed_on=d["repealed_on"], note=d["note"])


@_action("consultation", f.ConsultationForm, "已登记。")
def _a_consult(user: Any, p: Any, d: dict) -> Any:
    from . import participation

    return participation.consultation_record(actor=user, project=p, **d)


@_action("expert_opinion", f.ExpertOpinionForm, "已登记专家意见。")
def _a_opinion(user: Any, p: Any, d: dict) -> Any:
    from renda.core.errors import ValidationFailed

    from . import participation

    consultation = p.consultations.filter(pk=d.pop("consultation") or 0).first()
    if consultation is None:
        raise ValidationFailed(_("请选择论证咨询。"), field="consultation")
    expert = Expert.objects.filter(pk=d.pop("expert") or 0).first()
    if expert is None:
        raise ValidationFailed(_("请选择专家。"), field="expert")
    return participation.expert_opinion_add(actor=user, consultation=consultation, expert=expert, **d)


@page
@require_POST
def project_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    project = _or_404(selectors.get_project_for, request.user, pk)
    if action not in ACTIONS:
        raise Http404(_("操作不存在。"))
    form_cls, fn, message = ACTIONS[action]
    if form_cls is None:
        try:
            fn(request.user, project, {})
        except RendaError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _(message))
        return redirect("legislation:project", project.pk)
    form = _form_factories(project)[action](request.POST)
    if form.is_valid():
        try:
            fn(request.user, project, form.cleaned_data)
        except RendaError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _(message))
            return redirect("legislation:project", project.pk)
    project.refresh_from_db()
    return render(request, "legislation/project_detail.html", _project_context(request, project, {action: form}),
                  status=400)  # fmt: skip


@page
@require_GET
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = DraftVersion.objects.select_related("project").filter(pk=pk).first()
    if version is None:
        raise Http404(_("草案版本不存在。"))
    project = _or_404(selectors.get_project_for, request.user, version.project_id)
    if request.GET.get("format") == "docx":
        from renda.documents.word import docx_response

        return docx_response(documents.draft_docx(version), f"{project.title}({version.label}).docx")
    return render(request, "legislation/version_detail.html", {
        "project": project, "version": version, "articles": list(version.articles.all())})  # fmt: skip


@page
@require_GET
def compare(request: HttpRequest, pk: int) -> HttpResponse:
    project = _or_404(selectors.get_project_for, request.user, pk)
    form = f.CompareForm(request.GET, versions=_versions(project))
    rows, a, b = [], None, None
    if form.is_valid():
        a = project.versions.filter(pk=form.cleaned_data["a"] or 0).first()
        b = project.versions.filter(pk=form.cleaned_data["b"] or 0).first()
    if a and b:
        rows = selectors.compare_versions(a, b)
    counts = {k: sum(1 for r in rows if r.kind == k) for k in ("added", "removed", "changed", "same")}
    return render(request, "legislation/compare.html", {
        "project": project, "form": form, "rows": rows, "a": a, "b": b, "counts": counts,
        "only_changes": request.GET.get("changes") == "1"})  # fmt: skip


# --- readings -------------------------------------------------------------------------------------


def _reading(request: HttpRequest, pk: int) -> Reading:
    reading = Reading.objects.select_related("project", "version").filter(pk=pk).first()
    if reading is None:
        raise Http404(_("审议不存在。"))
    _or_404(selectors.get_project_for, request.user, reading.project_id)
    return reading


def _reading_context(
    request: HttpRequest, reading: Reading, bound: dict[str, Any] | None = None
) -> dict[str, Any]:
    from renda.meetings.models import Meeting
    from renda.meetings.selectors import member_user_ids

    bound = bound or {}
    meeting = Meeting.objects.get(pk=reading.meeting_id)
    articles = list(reading.version.articles.all())
    choices = [(a.number, a.heading) for a in articles if a.number]
    remark_form = bound.get("remark") or f.RemarkForm()
    remark_form.set_articles(choices)
    vote_form = bound.get("vote") or f.DraftVoteForm(initial={"scope": VoteScope.WHOLE})
    vote_form.set_articles(choices, whole="—")
    by_article: dict[int, list] = {}
    for r in reading.remarks.select_related("member"):
        by_article.setdefault(r.article_number or 0, []).append(r)
    from renda.voting.models import Vote

    votes = list(reading.votes.all())
    vote_rows = {v.pk: v for v in Vote.objects.filter(pk__in=[dv.vote_id for dv in votes if dv.vote_id])}
    project = reading.project
    return {
        "reading": reading, "project": project, "meeting": meeting, "articles": articles,
        "by_article": by_article, "whole_remarks": by_article.get(0, []),
        "remark_form": remark_form, "vote_form": vote_form,
        "unified_form": bound.get("unified") or f.UnifiedReportForm(initial={"text": reading.unified_report}),
        "is_member": request.user.pk in member_user_ids(meeting),
        "works": permissions.works_on(request.user, project),
        "legal": permissions.in_legal_committee(request.user, project.congress_id),
        "votes": [(dv, vote_rows.get(dv.vote_id)) for dv in votes],
        "can_vote": project.state == S.UNDER_DELIBERATION and bool(reading.unified_report),
        "held": reading.state == ReadingState.HELD,
    }  # fmt: skip


@page
@require_GET
def reading_detail(request: HttpRequest, pk: int) -> HttpResponse:
    reading = _reading(request, pk)
    return render(request, "legislation/reading_detail.html", _reading_context(request, reading))


@page
@require_POST
def reading_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    reading = _reading(request, pk)
    articles = [(a.number, a.heading) for a in reading.version.articles.all() if a.number]
    if action == "remark":
        form = f.RemarkForm(request.POST)
        form.set_articles(articles)

        def run(d: dict) -> Any:
            return services.remark_add(
                actor=request.user, reading=reading, text=d["text"], article=d["article"]
            )

        message = _("已提交审议意见。")
    elif action == "unified":
        form = f.UnifiedReportForm(request.POST)
        run = lambda d: services.unified_report_save(actor=request.user, reading=reading, text=d["text"])  # noqa: E731
        message = _("已保存统一审议报告。")
    elif action == "vote":
        form = f.DraftVoteForm(request.POST)
        form.set_articles(articles, whole="—")
        run = lambda d: services.draft_vote_create(actor=request.user, reading=reading, **d)  # noqa: E731
        message = _("已建立表决,请在表决页面开始表决。")
    elif action == "conclude":
        try:
            services.reading_conclude(actor=request.user, reading=reading)
        except RendaError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已记录本次审议结束。"))
        return redirect("legislation:reading", reading.pk)
    else:
        raise Http404(_("操作不存在。"))
    if form.is_valid():
        try:
            run(form.cleaned_data)
        except RendaError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, message)
            return redirect("legislation:reading", reading.pk)
    return render(request, "legislation/reading_detail.html", _reading_context(request, reading, {action: form}),
                  status=400)  # fmt: skip


# --- plans ----------------------------------------------------------------------------------------


@page
@require_http_methods(["GET", "POST"])
def plan_list(request: HttpRequest) -> HttpResponse:
    congresses = _legislative_congresses(request.user)
    programs = [(p.pk, p.title) for p in LegislativePlan.objects.filter(
        congress__in=congresses, kind=PlanKind.MULTI_YEAR)]  # fmt: skip
    form = f.PlanForm(request.POST or None, programs=programs, initial={"kind": PlanKind.YEARLY,
                      "start_year": clock.today().year + 1})  # fmt: skip
    if request.method == "POST":
        if not congresses:
            raise PermissionDenied(_("只有本级人大常委会办公室或法制委员会的工作人员可以编制立法计划。"))
        if form.is_valid():
            d = form.cleaned_data
            parent = LegislativePlan.objects.filter(pk=d.pop("parent") or 0).first()
            try:
                plan = services.plan_create(actor=request.user, congress=congresses[0], parent=parent, **d)
            except RendaError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("已新建计划。"))
                return redirect("legislation:plan", plan.pk)
    plans = selectors.plans_visible_to(request.user)
    q = (request.GET.get("q") or "").strip()[:100]
    if q:
        plans = plans.filter(title__icontains=q)
    return render(request, "legislation/plan_list.html", {
        "page": Paginator(plans.select_related("congress"), 20).get_page(request.GET.get("page")),
        "form": form, "can_create": bool(congresses), "q": q,
    }, status=400 if form.errors else 200)  # fmt: skip


def _plan(request: HttpRequest, pk: int) -> LegislativePlan:
    plan = selectors.plans_visible_to(request.user).filter(pk=pk).first()
    if plan is None:
        raise Http404(_("计划不存在。"))
    return plan


@page
@require_http_methods(["GET", "POST"])
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = _plan(request, pk)
    legis = permissions.is_legislative_staff(request.user, plan.congress_id)
    vote_form = f.PlanVoteForm(request.POST or None, meetings=_sc_meetings(plan.congress_id))
    if request.method == "POST":
        from renda.meetings.models import Meeting

        action = request.POST.get("action")
        try:
            if action == "publish":
                services.plan_publish(actor=request.user, plan=plan)
                messages.success(request, _("已在门户网站公布。"))
                return redirect("legislation:plan", plan.pk)
            if vote_form.is_valid():
                meeting = Meeting.objects.filter(pk=vote_form.cleaned_data["meeting"] or 0).first()
                if meeting is None:
                    vote_form.add_error("meeting", _("请选择常委会会议。"))
                else:
                    vote = services.plan_submit_vote(actor=request.user, plan=plan, meeting=meeting)
                    messages.success(request, _("已提请表决,请在表决页面开始表决。"))
                    return redirect("voting:control", vote.pk)
        except RendaError as exc:
            apply_service_error(vote_form, exc)
    from renda.voting.models import Vote

    projects = plan.projects.all() if plan.kind == PlanKind.YEARLY else plan.program_projects.all()
    return render(request, "legislation/plan_detail.html", {
        "plan": plan, "projects": projects.select_related("responsible_committee"), "legis": legis,
        "vote_form": vote_form, "votes": Vote.objects.filter(owner_code="legislative_plan", owner_id=plan.pk),
        "yearly": plan.yearly_plans.all(),
    }, status=400 if vote_form.errors else 200)  # fmt: skip


# --- comment periods ------------------------------------------------------------------------------


@page
@require_GET
def period_list(request: HttpRequest) -> HttpResponse:
    visible = selectors.projects_visible_to(request.user).values("pk")
    periods = CommentPeriod.objects.filter(project__in=visible).select_related("project", "version")
    regulations = selectors.projects_visible_to(request.user).filter(
        state__in=[S.IN_FORCE, S.AMENDED, S.REPEALED]
    )
    q = (request.GET.get("q") or "").strip()[:100]
    if q:
        regulations = regulations.filter(title__icontains=q)
    return render(request, "legislation/period_list.html", {
        "periods": Paginator(periods, 20).get_page(request.GET.get("page")), "today": clock.today(),
        "regulations": regulations.order_by("-effective_on")[:100], "q": q,
    })  # fmt: skip


def _period(request: HttpRequest, pk: int) -> CommentPeriod:
    period = CommentPeriod.objects.select_related("project", "version").filter(pk=pk).first()
    if period is None:
        raise Http404(_("征求意见不存在。"))
    _or_404(selectors.get_project_for, request.user, period.project_id)
    return period


def _points(period: CommentPeriod) -> list[tuple[int, str]]:
    from .models import ContactPoint

    return [
        (p.pk, p.name)
        for p in ContactPoint.objects.filter(congress_id=period.project.congress_id, is_active=True)
    ]


def _opinion_lines(text: str) -> list[tuple[Any, str]]:
    """``第三条:……`` → (3, "……"); a line without a heading is on the whole draft."""
    import re

    from .articles import chinese_to_int

    rows = []
    for line in (text or "").splitlines():
        line = line.strip()
        if not line:
            continue
        m = re.match(r"^第([零〇一二两三四五六七八九十百]+)条[::、\s]*(.*)$", line)
        rows.append((chinese_to_int(m.group(1)), m.group(2)) if m else (None, line))
    return rows


def _period_context(request: HttpRequest, period: CommentPeriod, bound: dict | None = None) -> dict[str, Any]:
    bound = bound or {}
    fs = CommentFilterSet(request.GET, period.comments.all(), user=request.user)
    comments = list(fs.qs)
    headings = {a.number: a.heading for a in period.version.articles.all()}
    groups: dict[int, list[Comment]] = {}
    for c in comments:
        groups.setdefault(c.article_number or 0, []).append(c)
    record_form = bound.get("record") or f.RecordCommentForm()
    record_form.set_articles([(n, h) for n, h in headings.items() if n])
    return {
        "period": period, "project": period.project, "filter": fs, "form": fs.form,
        "groups": [(n, headings.get(n, "") if n else _("草案整体"), groups[n]) for n in sorted(groups)],
        "stats": selectors.period_stats(period), "record_form": record_form,
        "answer_form": bound.get("answer") or f.AnswerForm(initial={"answer": period.answer}),
        "adopt_form": f.AdoptForm(), "bad_adopt": bound.get("adopt"),
        "solicitations": list(period.solicitations.all()),
        "solicit_form": bound.get("solicit") or f.SolicitationForm(points=_points(period)),
        "return_form": f.SolicitationReturnForm(), "bad_return": bound.get("return"),
        "works": permissions.works_on(request.user, period.project),
        "is_open": period.is_open_at(clock.now()), "closed": clock.now() >= period.window()[1],
    }  # fmt: skip


@page
@require_GET
def period_detail(request: HttpRequest, pk: int) -> HttpResponse:
    period = _period(request, pk)
    if request.GET.get("export") == "xlsx":
        return _export_comments(request, period)
    if request.GET.get("format") == "docx":
        from renda.documents.word import docx_response

        return docx_response(
            documents.comment_report_docx(period), f"{period.project.title}征求意见情况报告.docx"
        )
    return render(request, "legislation/period_detail.html", _period_context(request, period))


def _export_comments(request: HttpRequest, period: CommentPeriod) -> HttpResponse:
    from renda.documents.excel import Sheet, timestamped, workbook_bytes, xlsx_response

    fs = CommentFilterSet(request.GET, period.comments.all(), user=request.user)
    headings = {a.number: a.heading for a in period.version.articles.all()}
    rows = [
        [headings.get(c.article_number or 0, "") if c.article_number else _("草案整体"), c.get_source_display(),
         c.author_name, c.body, c.get_status_display(), c.get_adoption_display(), c.adoption_note,
         timezone.localtime(c.created_at)]
        for c in fs.qs[:10000]
    ]  # fmt: skip
    sheet = Sheet(title=_("立法意见"), headers=[_("条文"), _("来源"), _("提出人"), _("意见内容"), _("筛选"),
                  _("采纳情况"), _("采纳说明"), _("提出时间")], rows=rows)  # fmt: skip
    record_export(request, action="legislation.export", rows=len(rows))
    return xlsx_response(workbook_bytes([sheet]), timestamped(_("立法意见")))


@page
@require_POST
def period_act(request: HttpRequest, pk: int, action: str, comment_pk: int | None = None) -> HttpResponse:
    period = _period(request, pk)
    comment = None
    if comment_pk is not None and action != "return":
        comment = period.comments.filter(pk=comment_pk).first()
        if comment is None:
            raise Http404(_("意见不存在。"))
    form: Any = None
    try:
        if action == "screen" and comment is not None:
            services.comment_screen(
                actor=request.user, comment=comment, accept=request.POST.get("accept") == "1"
            )
            messages.success(request, _("已筛选。"))
            return redirect(reverse("legislation:period", args=[period.pk]) + f"#c{comment.pk}")
        if action == "adopt" and comment is not None:
            form = f.AdoptForm(request.POST)
            form.is_valid()
            services.comment_adopt(actor=request.user, comment=comment, adoption=form.cleaned_data.get("adoption", ""),
                                   note=form.cleaned_data.get("note", ""))  # fmt: skip
            messages.success(request, _("已记录采纳情况。"))
            return redirect(reverse("legislation:period", args=[period.pk]) + f"#c{comment.pk}")
        if action == "record":
            form = f.RecordCommentForm(request.POST)
            form.set_articles([(a.number, a.heading) for a in period.version.articles.all() if a.number])
            if form.is_valid():
                services.comment_record(actor=request.user, period=period, **form.cleaned_data)
                messages.success(request, _("已登记意见。"))
                return redirect("legislation:period", period.pk)
        elif action == "solicit":
            from .models import ContactPoint

            form = f.SolicitationForm(request.POST, points=_points(period))
            if form.is_valid():
                from . import participation

                d = form.cleaned_data
                point = ContactPoint.objects.filter(
                    pk=d["point"] or 0, congress_id=period.project.congress_id
                ).first()
                participation.solicitation_send(actor=request.user, period=period, kind=d["kind"], point=point,
                                                addressee=d["addressee"], due_on=d["due_on"])  # fmt: skip
                messages.success(request, _("已发出征求意见。"))
                return redirect(reverse("legislation:period", args=[period.pk]) + "#solicitations")
        elif action == "return" and comment_pk is not None:
            from . import participation

            solicitation = Solicitation.objects.filter(pk=comment_pk, period=period).first()
            if solicitation is None:
                raise Http404(_("征求对象不存在。"))
            form = f.SolicitationReturnForm(request.POST)
            if form.is_valid():
                d = form.cleaned_data
                participation.solicitation_return(actor=request.user, solicitation=solicitation,
                                                  opinions=_opinion_lines(d["opinions"]), note=d["note"],
                                                  returned_on=d["returned_on"] or None)  # fmt: skip
                messages.success(request, _("已登记反馈意见。"))
                return redirect(reverse("legislation:period", args=[period.pk]) + "#solicitations")
        elif action == "answer":
            form = f.AnswerForm(request.POST)
            if form.is_valid():
                services.period_answer(actor=request.user, period=period, answer=form.cleaned_data["answer"])
                messages.success(request, _("已统一答复并在门户网站公布。"))
                return redirect("legislation:period", period.pk)
        else:
            raise Http404(_("操作不存在。"))
    except RendaError as exc:
        if form is None or action in ("adopt", "return"):
            messages.error(request, exc.message)
            return redirect("legislation:period", period.pk)
        apply_service_error(form, exc)
    return render(request, "legislation/period_detail.html", _period_context(request, period, {action: form}),
                  status=400)  # fmt: skip
