from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from renda.core.errors import PermissionDeniedError, ValidationFailed

from . import services
from .models import UserWord
from .sources import registered_sources

PAGE_SIZE = 20


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        return None


def _unit_choices(user) -> list[tuple[int, str]]:
    """The units a reader may filter by: staff their congresses' units, a unit its own."""
    from renda.core.choices import OrganizationKind as K
    from renda.core.models import Organization
    from renda.core.scopes import scope_of

    if not getattr(user, "is_authenticated", False):
        return []
    scope = scope_of(user)
    kinds = [K.GOVERNMENT, K.GOVERNMENT_DEPARTMENT, K.TOWNSHIP, K.SUBDISTRICT, K.COURT, K.PROCURATORATE,
             K.SUPERVISORY_COMMISSION]  # fmt: skip
    qs = Organization.objects.filter(kind__in=kinds)
    if scope.staff_read_congress_ids:
        qs = qs.filter(congress_id__in=scope.staff_read_congress_ids) | qs.filter(pk__in=scope.unit_ids)
    else:
        qs = qs.filter(pk__in=scope.unit_ids)
    return list(qs.order_by("congress_id", "name").values_list("pk", "name"))


def _state_choices(kind: str) -> list[tuple[str, str]]:
    """The states of one kind (a kind must be chosen first: each kind has its own)."""
    if not kind:
        return []
    from .models import SearchEntry

    rows = SearchEntry.objects.filter(source=kind).exclude(state="").values_list("state", "state_label")
    return sorted(set(rows), key=lambda r: r[1])


@require_GET
def search(request: HttpRequest) -> HttpResponse:
    """全文检索: open to everyone; each reader finds only what they may read."""
    q = (request.GET.get("q") or "").strip()[:100]
    kind = request.GET.get("kind") or ""
    year = _int(request.GET.get("year"))
    unit = _int(request.GET.get("unit"))
    state = (request.GET.get("state") or "")[:40]
    hits = services.search(q, actor=request.user, kind=kind, year=year, unit=unit, state=state) if q else []
    page = Paginator(hits, PAGE_SIZE).get_page(request.GET.get("page"))
    params = request.GET.copy()
    params.pop("page", None)
    context = {
        "q": q,
        "kind": kind,
        "year": year or "",
        "unit": unit or "",
        "state": state,
        "page": page,
        "total": len(hits),
        "kinds": [(s.kind, s.label) for s in registered_sources()],
        "units": _unit_choices(request.user),
        "states": _state_choices(kind),
        "querystring": params.urlencode(),
        "can_edit_dictionary": services.can_edit_dictionary(request.user),
    }
    if request.headers.get("HX-Request"):
        return render(request, "analytics/_results.html", context)
    return render(request, "analytics/search.html", context)


@require_GET
def similar(request: HttpRequest) -> HttpResponse:
    """相似建议: an HTMX fragment shown while a deputy drafts (``?text=`` the draft's title and body)."""
    text = (request.GET.get("text") or request.GET.get("title", "") + " " + request.GET.get("body", ""))[
        :2000
    ]
    hits = services.similar_suggestions(text, actor=request.user) if text.strip() else []
    return render(request, "analytics/_similar.html", {"hits": hits})


@require_http_methods(["GET", "POST"])
def dictionary(request: HttpRequest) -> HttpResponse:
    """检索词典: staff add place names, unit names and policy terms jieba must keep whole."""
    if not services.can_edit_dictionary(request.user):
        return redirect_to_login_or_403(request)
    errors: dict = {}
    form = {"word": "", "note": ""}
    if request.method == "POST":
        form = {"word": request.POST.get("word", ""), "note": request.POST.get("note", "")}
        try:
            services.add_user_word(actor=request.user, word=form["word"], note=form["note"])
        except ValidationFailed as exc:
            errors = exc.fields or {"word": exc.message}
        else:
            messages.success(request, _("已添加词语，索引将在后台重建。"))
            return redirect("analytics:dictionary")
    words = Paginator(UserWord.objects.all(), 50).get_page(request.GET.get("page"))
    status = 400 if errors else 200
    return render(
        request, "analytics/dictionary.html", {"words": words, "errors": errors, "form": form}, status=status
    )


@require_POST
def dictionary_delete(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        services.delete_user_word(actor=request.user, word_id=pk)
    except PermissionDeniedError:
        return redirect_to_login_or_403(request)
    except ValidationFailed:
        messages.error(request, _("该词语不存在。"))
    else:
        messages.success(request, _("已删除词语，索引将在后台重建。"))
    return redirect("analytics:dictionary")


@require_POST
def rebuild(request: HttpRequest) -> HttpResponse:
    try:
        services.rebuild_index(actor=request.user)
    except PermissionDeniedError:
        return redirect_to_login_or_403(request)
    messages.success(request, _("索引重建已在后台开始。"))
    return redirect("analytics:dictionary")


def redirect_to_login_or_403(request: HttpRequest) -> HttpResponse:
    from django.contrib.auth.views import redirect_to_login
    from django.core.exceptions import PermissionDenied

    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    raise PermissionDenied
