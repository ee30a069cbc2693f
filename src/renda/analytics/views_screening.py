"""敏感词筛查 pages: the word list (add, edit, (de)activate, import) and the 待复核 list of hits."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from renda.core.errors import NotFoundError, PermissionDeniedError, RendaError
from renda.core.forms import apply_service_error
from renda.core.models import Congress

from . import screening
from .forms_screening import ImportForm, WordForm
from .models_screening import ScreeningResult, ScreeningSource, SensitiveWord, WordCategory

PAGE_SIZE = 30


def _congress(request: HttpRequest) -> Congress:
    """The congress whose list the page shows: ``?congress=`` among the user's, else their first."""
    ids = screening.staff_congress_ids(request.user)
    if not ids:
        raise PermissionDenied(_("只有本级人大工作人员可以管理敏感词筛查。"))
    try:
        wanted = int(request.GET.get("congress") or request.POST.get("congress") or ids[0])
    except ValueError:
        wanted = ids[0]
    return Congress.objects.get(pk=wanted if wanted in ids else ids[0])


def _congress_choices(request: HttpRequest) -> list[tuple[int, str]]:
    ids = screening.staff_congress_ids(request.user)
    return list(Congress.objects.filter(pk__in=ids).order_by("pk").values_list("pk", "name"))


@login_required
@require_http_methods(["GET", "POST"])
def words(request: HttpRequest) -> HttpResponse:
    congress = _congress(request)
    form = WordForm(request.POST or None)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                w = screening.word_add(actor=request.user, congress=congress, **form.cleaned_data)
            except PermissionDeniedError as exc:
                raise PermissionDenied(exc.message) from None
            except RendaError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("已添加敏感词“%(w)s”。") % {"w": w.word})
                return redirect(f"{reverse('analytics:screening_words')}?congress={congress.pk}")
        status = 400
    q = (request.GET.get("q") or "").strip()[:50]
    category = request.GET.get("category") or ""
    state = request.GET.get("state") or "active"
    qs = SensitiveWord.objects.filter(congress=congress).select_related("created_by")
    if q:
        qs = qs.filter(Q(word__icontains=q) | Q(note__icontains=q))
    if category in WordCategory.values:
        qs = qs.filter(category=category)
    if state == "active":
        qs = qs.filter(is_active=True)
    elif state == "inactive":
        qs = qs.filter(is_active=False)
    page = Paginator(qs.order_by("category", "word"), PAGE_SIZE).get_page(request.GET.get("page"))
    context = {
        "congress": congress,
        "congresses": _congress_choices(request),
        "form": form,
        "page": page,
        "q": q,
        "category": category,
        "state": state,
        "categories": WordCategory.choices,
        "pending": ScreeningResult.objects.filter(congress=congress, reviewed_at__isnull=True).count(),
    }
    return render(request, "analytics/screening_words.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def word_edit(request: HttpRequest, pk: int) -> HttpResponse:
    word = get_object_or_404(SensitiveWord, pk=pk)
    if not screening.can_screen(request.user, word.congress_id):
        raise PermissionDenied(_("只有本级人大工作人员可以管理敏感词筛查。"))
    initial = {"word": word.word, "category": word.category, "note": word.note}
    form = WordForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                screening.word_update(
                    actor=request.user, word_obj=word, is_active=word.is_active, **form.cleaned_data
                )
            except RendaError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("已保存敏感词“%(w)s”。") % {"w": word.word})
                return redirect(f"{reverse('analytics:screening_words')}?congress={word.congress_id}")
        status = 400
    return render(request, "analytics/screening_word_form.html", {"form": form, "word": word}, status=status)


@login_required
@require_POST
def word_toggle(request: HttpRequest, pk: int) -> HttpResponse:
    word = get_object_or_404(SensitiveWord, pk=pk)
    try:
        screening.word_set_active(actor=request.user, word_obj=word, active=not word.is_active)
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from None
    if word.is_active:
        messages.success(request, _("已启用敏感词“%(w)s”。") % {"w": word.word})
    else:
        messages.success(request, _("已停用敏感词“%(w)s”。") % {"w": word.word})
    return redirect(f"{reverse('analytics:screening_words')}?congress={word.congress_id}")


@login_required
@require_http_methods(["GET", "POST"])
def words_import(request: HttpRequest) -> HttpResponse:
    congress = _congress(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    report: list[screening.ImportRow] | None = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                report = screening.words_import(
                    actor=request.user,
                    congress=congress,
                    upload=form.cleaned_data["file"],
                    default_category=form.cleaned_data["default_category"],
                )
            except PermissionDeniedError as exc:
                raise PermissionDenied(exc.message) from None
            except RendaError as exc:
                apply_service_error(form, exc)
                status = 400
        else:
            status = 400
    counts: dict[str, int] = {}
    for row in report or []:
        counts[row.status] = counts.get(row.status, 0) + 1
    context = {"congress": congress, "form": form, "report": report, "counts": counts}
    return render(request, "analytics/screening_import.html", context, status=status)


def _hit_rows(results: list[ScreeningResult]) -> list[dict[str, Any]]:
    return [
        {"result": r, "url": screening.result_url(r), "fields": screening.highlighted_fields(r)}
        for r in results
    ]


@login_required
@require_http_methods(["GET"])
def hits(request: HttpRequest) -> HttpResponse:
    """待复核: every flagged record of the congress, with the matched words highlighted."""
    congress = _congress(request)
    state = request.GET.get("state") or "pending"
    source = request.GET.get("source") or ""
    category = request.GET.get("category") or ""
    q = (request.GET.get("q") or "").strip()[:50]
    qs = ScreeningResult.objects.filter(congress=congress).select_related("content_type", "reviewed_by")
    if state == "pending":
        qs = qs.filter(reviewed_at__isnull=True)
    elif state == "reviewed":
        qs = qs.filter(reviewed_at__isnull=False)
    if source in ScreeningSource.values:
        qs = qs.filter(source=source)
    if category in WordCategory.values:
        qs = qs.filter(categories__contains=f",{category},")
    if q:
        qs = qs.filter(Q(title__icontains=q) | Q(words__icontains=q))
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    context = {
        "congress": congress,
        "congresses": _congress_choices(request),
        "page": page,
        "rows": _hit_rows(list(page.object_list)),
        "state": state,
        "source": source,
        "category": category,
        "q": q,
        "sources": ScreeningSource.choices,
        "categories": WordCategory.choices,
    }
    return render(request, "analytics/screening_hits.html", context)


@login_required
@require_POST
def hit_review(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        result = screening.result_review(actor=request.user, result_id=pk, note=request.POST.get("note", ""))
    except PermissionDeniedError as exc:
        raise PermissionDenied(exc.message) from None
    except NotFoundError as exc:
        messages.error(request, exc.message)
        return redirect("analytics:screening_hits")
    except RendaError as exc:
        messages.error(request, exc.message)
        return redirect("analytics:screening_hits")
    messages.success(request, _("已标记为已复核。"))
    nxt = request.POST.get("next") or ""
    if nxt.startswith("/") and not nxt.startswith("//"):
        return redirect(nxt)
    return redirect(f"{reverse('analytics:screening_hits')}?congress={result.congress_id}")
