"""相似建议 fragments: on the deputy's draft form (as he types) and on a submitted suggestion's page."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .similar import similar_panel


@login_required
@require_GET
def similar_draft(request: HttpRequest) -> HttpResponse:
    """While a deputy drafts: ``?title=&body=`` of the form (HTMX, debounced in the page)."""
    title = (request.GET.get("title") or "")[:200]
    body = (request.GET.get("body") or "")[:2000]
    hits = similar_panel(actor=request.user, title=title, body=body) if (title + body).strip() else []
    return render(request, "analytics/_similar_panel.html", {"hits": hits, "case": None})


@login_required
@require_GET
def similar_case(request: HttpRequest, pk: int) -> HttpResponse:
    """On a suggestion's page: the similar ones, with a merge offer to staff reviewing it."""
    from renda.cases.models import Case

    case = Case.objects.visible_to(request.user).filter(pk=pk, kind="suggestion").first()
    if case is None:
        if Case.objects.filter(pk=pk).exists():
            raise PermissionDenied
        raise Http404
    hits = similar_panel(actor=request.user, title=case.title, body=case.body, case=case)
    return render(request, "analytics/_similar_panel.html", {"hits": hits, "case": case})
