"""The portal's legislation pages (anonymous): published plans, drafts open for comment and the
comment form, the aggregate answers, the body of law, and 立法项目征集 (the proposal form).

The public forms use the liaison app's offline captcha and its per-address rate limit (``throttle``)."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from renda.core import clock
from renda.core.context import client_ip
from renda.core.errors import NotFoundError, RendaError
from renda.core.forms import apply_service_error
from renda.liaison import captcha

from . import selectors, services
from .forms import CommentForm, PublicProposalForm
from .models import CommentPeriod


def _portal(request: HttpRequest) -> tuple[Any, dict[str, Any]]:
    from renda.portal.selectors import portal_congress

    raw = request.GET.get("c")
    try:
        congress = portal_congress(int(raw) if raw and raw.isdigit() else None)
    except NotFoundError:
        raise Http404(_("门户不存在。")) from None
    return congress, {"congress": congress, "portal_cid": congress.pk if raw else None,
                      "cq": f"?c={congress.pk}" if raw else ""}  # fmt: skip


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    congress, ctx = _portal(request)
    ctx.update(
        plans=selectors.public_plans(congress)[:10],
        open_periods=selectors.open_periods(congress),
        closed_periods=selectors.public_periods(congress).filter(closes_on__lt=clock.today())[:10],
        regulations=selectors.public_regulations(congress).filter(state__in=["in_force", "amended"])[:10],
    )
    return render(request, "legislation/public/home.html", ctx)


@require_GET
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    congress, ctx = _portal(request)
    plan = selectors.public_plans(congress).filter(pk=pk).first()
    if plan is None:
        raise Http404(_("计划不存在。"))
    projects = plan.projects.all() if plan.kind == "yearly" else plan.program_projects.all()
    ctx.update(plan=plan, projects=projects.select_related("responsible_committee"))
    return render(request, "legislation/public/plan.html", ctx)


def _public_period(congress: Any, pk: int) -> CommentPeriod:
    period = selectors.public_periods(congress).filter(pk=pk).first()
    if period is None:
        raise Http404(_("征求意见不存在。"))
    return period


@never_cache
@require_http_methods(["GET", "POST"])
def draft(request: HttpRequest, pk: int) -> HttpResponse:
    """A draft open (or once open) for comment: its text by article and the comment form."""
    congress, ctx = _portal(request)
    period = _public_period(congress, pk)
    articles = list(period.version.articles.all())
    form = CommentForm(request.POST or None, initial={"article": request.GET.get("article", "")})
    form.set_articles([(a.number, a.heading) for a in articles if a.number])
    done = None
    if request.method == "POST":
        if form.is_valid():
            d = form.cleaned_data
            if not captcha.check(request.session, d["captcha"]):
                form.add_error("captcha", _("验证码不正确,请重新计算图中的算式。"))
            else:
                try:
                    done = services.comment_submit_public(
                        period=period, body=d["body"], article=d["article"], author_name=d["author_name"],
                        author_contact=d["author_contact"], client_ip=client_ip(request), actor=request.user,
                    )  # fmt: skip
                except RendaError as exc:
                    apply_service_error(form, exc)
        if done is not None:
            form = CommentForm()
            form.set_articles([(a.number, a.heading) for a in articles if a.number])
    captcha.new_challenge(request.session)
    answered = bool(period.answered_at)
    ctx.update(
        period=period, project=period.project, articles=articles, form=form, done=done,
        is_open=period.is_open_at(clock.now()), answered=answered,
        stats=selectors.period_stats(period) if answered else None,
        groups=selectors.comments_by_article(period, accepted_only=True) if answered else [],
    )  # fmt: skip
    return render(request, "legislation/public/draft.html", ctx, status=400 if form.errors else 200)


@never_cache
@require_http_methods(["GET", "POST"])
def propose(request: HttpRequest) -> HttpResponse:
    """立法项目征集: anyone proposes a regulation to be made."""
    congress, ctx = _portal(request)
    form = PublicProposalForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if not captcha.check(request.session, d["captcha"]):
            form.add_error("captcha", _("验证码不正确,请重新计算图中的算式。"))
        else:
            try:
                project = services.project_propose_public(
                    congress=congress, title=d["title"], proposer_name=d["proposer_name"], reason=d["reason"],
                    proposer_contact=d["proposer_contact"], client_ip=client_ip(request),
                )  # fmt: skip
            except RendaError as exc:
                apply_service_error(form, exc)
            else:
                ctx["project"] = project
                return render(request, "legislation/public/propose_done.html", ctx)
    captcha.new_challenge(request.session)
    ctx["form"] = form
    return render(request, "legislation/public/propose.html", ctx, status=400 if form.errors else 200)


@never_cache
@require_GET
def captcha_image(request: HttpRequest) -> HttpResponse:
    return HttpResponse(captcha.render_svg(request.session), content_type="image/svg+xml")


@require_GET
def regulation_list(request: HttpRequest) -> HttpResponse:
    congress, ctx = _portal(request)
    q = (request.GET.get("q") or "").strip()[:100]
    qs = selectors.public_regulations(congress, q)
    ctx.update(q=q, page=Paginator(qs, 20).get_page(request.GET.get("page")))
    return render(request, "legislation/public/regulations.html", ctx)


@require_GET
def regulation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    congress, ctx = _portal(request)
    try:
        project = selectors.public_regulation(congress, pk)
    except NotFoundError:
        raise Http404(_("法规不存在。")) from None
    version = selectors.final_version(project)
    ctx.update(
        project=project, version=version, articles=list(version.articles.all()) if version else [],
        readings=list(project.readings.select_related("version")), approval=getattr(project, "approval", None),
        periods=list(project.comment_periods.filter(opens_on__lte=clock.today())),
    )  # fmt: skip
    return render(request, "legislation/public/regulation.html", ctx)
