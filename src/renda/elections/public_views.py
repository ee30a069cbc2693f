"""Public pages of elections on the portal (anonymous visitors): only what has been published."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

from renda.core.errors import NotFoundError
from renda.documents.pdf import pdf_response

from . import public, register
from .models import Election

PUBLIC_CACHE = {"public": True, "max_age": 60}


def _portal(request: HttpRequest) -> tuple[Any, dict[str, Any]]:
    from renda.portal.selectors import portal_congress

    raw = request.GET.get("c", "")
    try:
        congress = portal_congress(int(raw) if raw.isdigit() else None)
    except NotFoundError:
        raise Http404(_("门户不存在。")) from None
    return congress, {"congress": congress, "portal_cid": congress.pk if raw.isdigit() else None}


def _election(request: HttpRequest, pk: int) -> tuple[Election, dict[str, Any]]:
    congress, ctx = _portal(request)
    election = public.public_election(congress, pk)
    if election is None:
        raise Http404(_("没有找到该选举。"))
    ctx.update(election=election, parts={p: public.is_public(election, p) for p in public.PARTS})
    return election, ctx


@require_GET
@cache_control(**PUBLIC_CACHE)
def public_list(request: HttpRequest) -> HttpResponse:
    congress, ctx = _portal(request)
    ctx["page"] = Paginator(public.public_elections(congress), 20).get_page(request.GET.get("page"))
    return render(request, "elections/public/list.html", ctx)


@require_GET
@cache_control(**PUBLIC_CACHE)
def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    election, ctx = _election(request, pk)
    ctx["constituencies"] = list(election.constituencies.all())
    return render(request, "elections/public/detail.html", ctx)


@require_GET
@cache_control(**PUBLIC_CACHE)
def public_register(request: HttpRequest, pk: int, constituency: int) -> HttpResponse:
    election, ctx = _election(request, pk)
    c = election.constituencies.filter(pk=constituency).first()
    if c is None:
        raise Http404
    q = request.GET.get("q", "").strip()[:50]
    page = Paginator(public.public_register(election, c, q=q), 100).get_page(request.GET.get("page"))
    ctx.update(constituency=c, q=q, page=page, rows=public.masked(page.object_list),
               constituencies=list(election.constituencies.all()))  # fmt: skip
    return render(request, "elections/public/register.html", ctx)


@require_GET
@cache_control(**PUBLIC_CACHE)
def public_register_pdf(request: HttpRequest, pk: int, constituency: int) -> HttpResponse:
    election, _ctx = _election(request, pk)
    c = election.constituencies.filter(pk=constituency).first()
    if c is None:
        raise Http404
    return pdf_response(register.register_pdf(election, c), f"{election.name}-{c.name}选民名单.pdf")


@require_GET
@cache_control(**PUBLIC_CACHE)
def public_candidates(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    election, ctx = _election(request, pk)
    if kind not in ("preliminary", "final") or not public.is_public(election, kind):
        raise Http404(_("该名单尚未公布。"))
    ctx.update(kind=kind, groups=public.public_candidates(election, kind),
               published_on=getattr(election, public.FIELDS[kind]))  # fmt: skip
    return render(request, "elections/public/candidates.html", ctx)


@require_GET
@cache_control(**PUBLIC_CACHE)
def public_results(request: HttpRequest, pk: int) -> HttpResponse:
    election, ctx = _election(request, pk)
    found = public.public_results(election)
    if found is None:
        raise Http404(_("选举结果尚未公布。"))
    ctx["rows"], ctx["whole"] = found
    return render(request, "elections/public/results.html", ctx)
