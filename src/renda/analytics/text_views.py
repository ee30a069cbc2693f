"""Pages of routing (交办单位推荐: the units' responsibilities and aliases) and hot topics (年度热点)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renda.core import clock
from renda.core.choices import HANDLING_UNIT_KINDS, Role
from renda.core.errors import ValidationFailed
from renda.core.models import Organization
from renda.core.scopes import working_congress

from . import routing, topics
from .models import RoutingModel, UnitProfile


@login_required
@require_GET
def routing_units(request: HttpRequest) -> HttpResponse:
    """交办单位职能: the handling units of the congress with their responsibilities, aliases and the model."""
    congress = working_congress(request.user, Role.STAFF, wanted=request.GET.get("congress"))
    q = (request.GET.get("q") or "").strip()[:50]
    qs = Organization.objects.filter(congress=congress, is_active=True, kind__in=list(HANDLING_UNIT_KINDS))
    if q:
        qs = qs.filter(name__contains=q)
    page = Paginator(qs.order_by("sort_order", "name"), 30).get_page(request.GET.get("page"))
    profiles = {p.organization_id: p for p in UnitProfile.objects.filter(organization__in=list(page))}
    rows = [(o, profiles.get(o.pk)) for o in page]
    model = (
        RoutingModel.objects.filter(congress=congress)
        .only("trained_at", "cases", "assignments", "seconds")
        .first()
    )
    return render(
        request,
        "analytics/routing_units.html",
        {"congress": congress, "rows": rows, "page": page, "q": q, "model": model,
         "pending": routing.assignments_since_training(congress.pk)},
    )  # fmt: skip


@login_required
@require_http_methods(["GET", "POST"])
def routing_unit_edit(request: HttpRequest, pk: int) -> HttpResponse:
    org = get_object_or_404(Organization, pk=pk, kind__in=list(HANDLING_UNIT_KINDS))
    if not routing.can_manage(request.user, org.congress_id):
        raise PermissionDenied(_("您没有维护该单位职能的权限。"))
    profile = UnitProfile.objects.filter(organization=org).first()
    form = {
        "responsibilities": profile.responsibilities if profile else "",
        "aliases": profile.aliases if profile else "",
    }
    errors: dict = {}
    if request.method == "POST":
        form = {k: request.POST.get(k, "") for k in ("responsibilities", "aliases")}
        try:
            routing.save_unit_profile(actor=request.user, organization=org, **form)
        except ValidationFailed as exc:
            errors = exc.fields or {"responsibilities": exc.message}
        else:
            messages.success(request, _("已保存,推荐模型将在后台重新训练。"))
            return redirect(f"{reverse('insight:routing_units')}?congress={org.congress_id}")
    from renda.core.unitnames import automatic_aliases

    return render(
        request,
        "analytics/routing_unit_form.html",
        {
            "org": org,
            "form": form,
            "errors": errors,
            "automatic": automatic_aliases(org.name, org.short_name),
        },
        status=400 if errors else 200,
    )


@login_required
@require_POST
def routing_retrain(request: HttpRequest) -> HttpResponse:
    congress = working_congress(request.user, Role.STAFF, wanted=request.POST.get("congress"))
    routing.request_retrain(actor=request.user, congress=congress)
    messages.success(request, _("已开始在后台重新训练推荐模型。"))
    return redirect(f"{reverse('insight:routing_units')}?congress={congress.pk}")


def _year(value: str | None, default: int) -> int:
    return int(value) if value and value.isdigit() and 1990 < int(value) < 2200 else default


@login_required
@require_GET
def topics_page(request: HttpRequest) -> HttpResponse:
    """年度热点: the keywords of the year, overall or of one township / unit / category, against last year."""
    congress = working_congress(
        request.user, Role.STAFF, Role.LEADER, wanted=request.GET.get("congress"), below=True
    )
    year = _year(request.GET.get("year"), clock.today().year)
    snap = topics.snapshot(congress.pk, year)
    chosen = {d: (request.GET.get(d) or "").strip()[:120] for d in ("township", "unit", "category")}
    valid = {d: v for d, v in chosen.items() if v and v in topics.group_names(snap, d)}
    several = len(valid) > 1
    first = next(iter(valid.items()), None)
    rows = topics.topics_of(snap, **({first[0]: first[1]} if first else {}))
    from renda.core.scopes import working_congresses

    return render(
        request,
        "analytics/topics.html",
        {
            "congress": congress, "year": year, "snap": snap, "rows": rows, "chosen": chosen, "several": several,
            "group": first, "years": list(range(clock.today().year, clock.today().year - 6, -1)),
            "congresses": working_congresses(request.user, Role.STAFF, Role.LEADER),
            "townships": topics.group_names(snap, "township"), "units": topics.group_names(snap, "unit"),
            "categories": topics.group_names(snap, "category"),
            "chart": topics.bar_chart(rows, this_year=year, with_last=first is None),
        },
    )  # fmt: skip
