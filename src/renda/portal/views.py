"""Public portal pages (anonymous visitors) and the small staff editor. Thin: reads go through
``selectors``, writes through ``services``."""

from __future__ import annotations

import json
import os
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_http_methods, require_POST

from renda.core import clock
from renda.core.choices import CONGRESS_ROLES
from renda.core.errors import NotFoundError, RendaError, ValidationFailed
from renda.core.models import Congress
from renda.core.scopes import scope_of, working_congresses
from renda.documents.serving import file_response
from renda.documents.uploads import content_type_for, mark_invalid, pop_upload_error, remember_upload_error

from . import opendata, selectors, services
from .choices import LICENCE_NAME, LICENCE_TEXT, LICENCE_URL, ArticleState, Channel
from .filtersets import PublicSuggestionFilterSet
from .forms import ArticleForm, AttachmentForm, PublishForm, ReasonForm
from .models import Article, ArticleAttachment

PAGE_SIZE = 20
PUBLIC_CACHE = {"public": True, "max_age": 60}


def _url(name: str, **kwargs: Any) -> str:
    try:
        return reverse(name, kwargs=kwargs or None)
    except NoReverseMatch:
        return ""


def _congress(congress_id: Any) -> Congress:
    try:
        return selectors.portal_congress(congress_id)
    except NotFoundError as exc:
        raise Http404(exc.message) from None


def _ctx(request: HttpRequest, congress: Congress, congress_id: Any, **extra: Any) -> dict[str, Any]:
    return {
        "congress": congress,
        "portal_cid": congress.pk if congress_id is not None else None,
        "channels": Channel.choices,
        "liaison_links": {
            "submit": _url("liaison:opinion_submit"),
            "track": _url("liaison:opinion_track"),
            "stations": _url("liaison:public_station_list"),
        },
        **extra,
    }


def _page(request: HttpRequest, qs: Any) -> Any:
    paginator = Paginator(qs, PAGE_SIZE)
    return paginator.get_page(request.GET.get("page"))


# --- public pages ------------------------------------------------------------------------------------------


@cache_control(**PUBLIC_CACHE)
def home(request: HttpRequest, congress_id: int | None = None) -> HttpResponse:
    congress = _congress(congress_id)
    articles = selectors.public_articles(congress)
    return render(
        request,
        "portal/home.html",
        _ctx(
            request,
            congress,
            congress_id,
            news=list(articles.filter(channel=Channel.NEWS)[:6]),
            notices=list(articles.filter(channel=Channel.NOTICE)[:6]),
            gazettes=list(articles.filter(channel=Channel.GAZETTE)[:4]),
            suggestions=[
                selectors.six_items(s, None, congress) for s in selectors.public_suggestions(congress)[:5]
            ],
            stations=selectors.stations(congress, with_days=2, limit=6),
            others=selectors.public_congresses().exclude(pk=congress.pk)[:30],
        ),
    )


@cache_control(**PUBLIC_CACHE)
def article_list(request: HttpRequest, channel: str, congress_id: int | None = None) -> HttpResponse:
    congress = _congress(congress_id)
    if channel not in Channel.values:
        raise Http404(_("栏目不存在。"))
    q = (request.GET.get("q") or "").strip()[: selectors.MAX_Q]
    page = _page(request, selectors.public_articles(congress, channel=channel, q=q))
    return render(
        request,
        "portal/article_list.html",
        _ctx(
            request,
            congress,
            congress_id,
            channel=channel,
            channel_label=Channel(channel).label,
            q=q,
            page=page,
        ),
    )


@cache_control(**PUBLIC_CACHE)
def article_detail(request: HttpRequest, pk: int, congress_id: int | None = None) -> HttpResponse:
    congress = _congress(congress_id)
    try:
        article = selectors.public_article(congress, pk)
    except NotFoundError as exc:
        raise Http404(exc.message) from None
    return render(
        request,
        "portal/article_detail.html",
        _ctx(request, congress, congress_id, article=article, attachments=list(article.attachments.all())),
    )


def _serve(field: Any, name: str, content_type: str = "", *, public: bool = False) -> HttpResponse:
    ctype = content_type or content_type_for(name)
    return file_response(
        field, name=name, content_type=ctype, inline=ctype.startswith("image/"), public=public
    )


def _article_for_file(request: HttpRequest, article: Article) -> None:
    """Files of a live article are public; staff of the congress may also open their drafts' files."""
    if article.is_live:
        return
    if scope_of(request.user).has_in(article.congress_id, *CONGRESS_ROLES):
        return
    raise Http404(_("文件不存在。"))


def article_cover(request: HttpRequest, pk: int, congress_id: int | None = None) -> HttpResponse:
    article = Article.objects.filter(pk=pk).first()
    if article is None or not article.cover:
        raise Http404(_("文件不存在。"))
    _article_for_file(request, article)
    ext = os.path.splitext(article.cover.name)[1].lower()
    return _serve(article.cover, _("封面") + ext, public=article.is_live)


def attachment_download(request: HttpRequest, pk: int, congress_id: int | None = None) -> HttpResponse:
    att = ArticleAttachment.objects.select_related("article").filter(pk=pk).first()
    if att is None:
        raise Http404(_("文件不存在。"))
    _article_for_file(request, att.article)
    return _serve(att.file, att.original_name, att.content_type, public=att.article.is_live)


@cache_control(**PUBLIC_CACHE)
def deputy_list(request: HttpRequest, congress_id: int | None = None) -> HttpResponse:
    congress = _congress(congress_id)
    q = (request.GET.get("q") or "").strip()[: selectors.MAX_Q]
    page = _page(request, selectors.public_mandates(congress, q=q))
    page.object_list = [selectors.deputy_row(m) for m in page.object_list]
    return render(
        request,
        "portal/deputy_list.html",
        _ctx(request, congress, congress_id, q=q, page=page, ranking=selectors.published_ranking(congress)),
    )


@cache_control(**PUBLIC_CACHE)
def deputy_detail(request: HttpRequest, pk: int, congress_id: int | None = None) -> HttpResponse:
    congress = _congress(congress_id)
    try:
        deputy = selectors.public_deputy(congress, pk)
    except NotFoundError as exc:
        raise Http404(exc.message) from None
    suggestions = [
        selectors.six_items(s, None, congress)
        for s in selectors.public_suggestions(congress).filter(lead_mandate_id=deputy["id"])[:50]
    ]
    station = None
    if deputy["station_id"]:
        station = next((s for s in selectors.stations(congress) if s["id"] == deputy["station_id"]), None)
    return render(
        request,
        "portal/deputy_detail.html",
        _ctx(request, congress, congress_id, deputy=deputy, suggestions=suggestions, station=station),
    )


@cache_control(**PUBLIC_CACHE)
def suggestion_list(request: HttpRequest, congress_id: int | None = None) -> HttpResponse:
    congress = _congress(congress_id)
    filterset = PublicSuggestionFilterSet(
        request.GET, selectors.public_suggestions(congress), user=request.user
    )
    filters = filterset.values()
    if any(v not in (None, "", []) for v in filters.values()):
        page = _page(request, filterset.qs)
    else:  # the unfiltered list: its total from the cache (``selectors.published_total``)
        paginator = Paginator(filterset.qs, PAGE_SIZE)
        paginator.count = selectors.published_total(congress)
        page = paginator.get_page(request.GET.get("page"))
    page.object_list = [selectors.six_items(s, None, congress) for s in page.object_list]
    return render(
        request,
        "portal/suggestion_list.html",
        _ctx(
            request,
            congress,
            congress_id,
            filters=filters,
            facets=selectors.suggestion_facets(congress),
            page=page,
        ),
    )


@cache_control(**PUBLIC_CACHE)
def suggestion_detail(request: HttpRequest, pk: int, congress_id: int | None = None) -> HttpResponse:
    congress = _congress(congress_id)
    try:
        item = selectors.public_suggestion(congress, pk)
    except NotFoundError as exc:
        raise Http404(exc.message) from None
    return render(request, "portal/suggestion_detail.html", _ctx(request, congress, congress_id, item=item))


@cache_control(**PUBLIC_CACHE)
def reports(request: HttpRequest, congress_id: int | None = None) -> HttpResponse:
    congress = _congress(congress_id)
    year = clock.today().year
    return render(
        request,
        "portal/reports.html",
        _ctx(
            request,
            congress,
            congress_id,
            stats=selectors.yearly_statistics(congress),
            report_articles=list(selectors.public_articles(congress, channel=Channel.REPORT)[:20]),
            opinion_stats=selectors.opinion_stats(congress, year),
            year=year,
        ),
    )


@cache_control(**PUBLIC_CACHE)
def station_list(request: HttpRequest, congress_id: int | None = None) -> HttpResponse:
    congress = _congress(congress_id)
    return render(
        request,
        "portal/stations.html",
        _ctx(
            request,
            congress,
            congress_id,
            stations=selectors.stations(congress, with_days=5),
            calendar=selectors.reception_calendar(congress),
        ),
    )


@cache_control(**PUBLIC_CACHE)
def congress_list(request: HttpRequest, congress_id: int | None = None) -> HttpResponse:
    congress = _congress(congress_id)
    return render(
        request,
        "portal/congresses.html",
        _ctx(request, congress, congress_id, congresses=list(selectors.public_congresses())),
    )


@cache_control(**PUBLIC_CACHE)
def open_data(request: HttpRequest, congress_id: int | None = None) -> HttpResponse:
    congress = _congress(congress_id)
    return render(
        request,
        "portal/open_data.html",
        _ctx(
            request,
            congress,
            congress_id,
            datasets=[
                {"key": key, "label": label, "fields": opendata.COLUMNS[key]}
                for key, label in (
                    ("deputies", _("人大代表")),
                    ("suggestions", _("公开的代表建议及办理情况(六公开)")),
                    ("answers", _("答复")),
                    ("statistics", _("年度统计")),
                )
            ],
            licence_name=LICENCE_NAME,
            licence_url=LICENCE_URL,
            licence_text=LICENCE_TEXT,
        ),
    )


@cache_control(**PUBLIC_CACHE)
def open_data_download(
    request: HttpRequest, dataset: str, fmt: str, congress_id: int | None = None
) -> HttpResponse:
    congress = _congress(congress_id)
    if dataset not in opendata.DATASETS or fmt not in ("json", "csv"):
        raise Http404(_("数据集不存在。"))
    filename = f"renda-{congress.pk}-{dataset}.{fmt}"
    if fmt == "csv":
        response: HttpResponse = StreamingHttpResponse(
            opendata.csv_stream(dataset, congress), content_type="text/csv; charset=utf-8"
        )
    else:
        data = list(opendata.rows(dataset, congress))
        response = JsonResponse(
            opendata.envelope(dataset, congress, data), json_dumps_params={"ensure_ascii": False}
        )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@cache_control(**PUBLIC_CACHE)
def open_data_popolo(request: HttpRequest, congress_id: int | None = None) -> HttpResponse:
    congress = _congress(congress_id)
    response = HttpResponse(
        json.dumps(opendata.popolo(congress), ensure_ascii=False), content_type="application/json"
    )
    response["Content-Disposition"] = f'attachment; filename="renda-{congress.pk}-popolo.json"'
    return response


# --- the staff editor --------------------------------------------------------------------------------------


def _editor_congresses(user: Any) -> list[Congress]:
    return working_congresses(user, *CONGRESS_ROLES)


def _require_editor(request: HttpRequest) -> list[Congress]:
    congresses = _editor_congresses(request.user)
    if not congresses:
        from django.core.exceptions import PermissionDenied

        raise PermissionDenied(_("只有人大工作人员和领导可以管理门户文章。"))
    return congresses


def _editor_article(request: HttpRequest, pk: int) -> Article:
    article = (
        Article.objects.visible_to(request.user)
        .select_related("author", "reviewer", "congress")
        .filter(pk=pk)
        .first()
    )
    if article is None:
        raise Http404(_("文章不存在。"))
    return article


def _apply_errors(form: Any, exc: RendaError) -> None:
    fields = getattr(exc, "fields", None) or ({exc.field: exc.message} if exc.field else {})
    placed = False
    for name, message in fields.items():
        if name in form.fields:
            form.add_error(name, message)
            placed = True
    if not placed:
        form.add_error(None, exc.message)


@login_required
def editor_list(request: HttpRequest) -> HttpResponse:
    _require_editor(request)
    qs = (
        Article.objects.visible_to(request.user)
        .select_related("author", "congress")
        .order_by("-updated_at", "-id")
    )
    state = request.GET.get("state") or ""
    if state in ArticleState.values:
        qs = qs.filter(state=state)
    page = _page(request, qs)
    return render(
        request,
        "portal/editor_list.html",
        {"page": page, "state": state, "states": ArticleState.choices, "now": clock.now()},
    )


@login_required
@require_http_methods(["GET", "POST"])
def editor_create(request: HttpRequest) -> HttpResponse:
    congresses = _require_editor(request)
    form = ArticleForm(request.POST or None, request.FILES or None, congresses=congresses)
    if request.method == "POST" and form.is_valid():
        try:
            article = services.article_create(
                actor=request.user,
                congress=form.cleaned_data["congress"],
                channel=form.cleaned_data["channel"],
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
                body=form.cleaned_data["body"],
                cover=form.cleaned_data.get("cover"),
            )
        except RendaError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("文章已保存为草稿。"))
            return redirect("portal:editor_detail", pk=article.pk)
    return render(request, "portal/editor_form.html", {"form": form, "article": None})


@login_required
@require_http_methods(["GET", "POST"])
def editor_edit(request: HttpRequest, pk: int) -> HttpResponse:
    congresses = _require_editor(request)
    article = _editor_article(request, pk)
    initial = {
        "congress": article.congress,
        "channel": article.channel,
        "title": article.title,
        "summary": article.summary,
        "body": article.body,
        "version": article.version,
    }
    form = ArticleForm(
        request.POST or None, request.FILES or None, congresses=congresses, initial=initial, editing=True
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.article_update(
                actor=request.user,
                article=article,
                channel=form.cleaned_data["channel"],
                title=form.cleaned_data["title"],
                summary=form.cleaned_data["summary"],
                body=form.cleaned_data["body"],
                cover=form.cleaned_data.get("cover"),
                remove_cover=form.cleaned_data.get("remove_cover") or False,
                version=form.cleaned_data.get("version"),
            )
        except RendaError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("文章已保存。"))
            return redirect("portal:editor_detail", pk=article.pk)
    return render(request, "portal/editor_form.html", {"form": form, "article": article})


@login_required
def editor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _require_editor(request)
    article = _editor_article(request, pk)
    attachment_form = AttachmentForm()
    upload_error = pop_upload_error(request, f"portal-attach-{article.pk}")
    mark_invalid(attachment_form["file"], upload_error, "attach-error")
    return render(
        request,
        "portal/editor_detail.html",
        {
            "article": article,
            "attachments": list(article.attachments.all()),
            "can_review": services.can_review(request.user, article),
            "editable": article.state in services.EDITABLE_STATES,
            "attachment_form": attachment_form,
            "upload_error": upload_error,
            "publish_form": PublishForm(initial={"version": article.version}),
            "reason_form": ReasonForm(initial={"version": article.version}),
            "public_url": reverse(
                "portal:article_detail", kwargs={"pk": article.pk, "congress_id": article.congress_id}
            ),
        },
    )


@login_required
@require_POST
def editor_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    _require_editor(request)
    article = _editor_article(request, pk)
    version = selectors._int(request.POST.get("version"))
    try:
        if action == "submit":
            services.article_submit(actor=request.user, article=article, version=version)
            messages.success(request, _("已送审。"))
        elif action == "publish":
            form = PublishForm(request.POST)
            if not form.is_valid():
                for errors in form.errors.values():
                    messages.error(request, errors[0])
                return redirect("portal:editor_detail", pk=article.pk)
            services.article_publish(
                actor=request.user,
                article=article,
                publish_at=form.cleaned_data.get("publish_at"),
                version=version,
            )
            messages.success(request, _("已发布。"))
        elif action == "return":
            services.article_return(
                actor=request.user, article=article, note=request.POST.get("reason", ""), version=version
            )
            messages.success(request, _("已退回撰稿人。"))
        elif action == "unpublish":
            services.article_unpublish(
                actor=request.user, article=article, reason=request.POST.get("reason", ""), version=version
            )
            messages.success(request, _("已撤回,门户不再显示。"))
        elif action == "attach":
            form = AttachmentForm(request.POST, request.FILES)
            where = f"portal-attach-{article.pk}"
            if not form.is_valid():
                remember_upload_error(request, where, form.errors["file"][0])
                return redirect("portal:editor_detail", pk=article.pk)
            try:
                services.article_attachment_add(
                    actor=request.user, article=article, file=form.cleaned_data["file"]
                )
            except ValidationFailed as exc:
                remember_upload_error(request, where, exc.message)
                return redirect("portal:editor_detail", pk=article.pk)
            messages.success(request, _("附件已上传。"))
        elif action == "detach":
            att_id = selectors._int(request.POST.get("attachment"))
            att = article.attachments.filter(pk=att_id).first() if att_id else None
            if att is None:
                raise Http404(_("附件不存在。"))
            services.article_attachment_remove(actor=request.user, attachment=att)
            messages.success(request, _("附件已删除。"))
        else:
            raise Http404(_("不支持的操作。"))
    except RendaError as exc:
        messages.error(request, exc.message)
    return redirect("portal:editor_detail", pk=article.pk)


@cache_control(**PUBLIC_CACHE)
def audit_anchors(request: HttpRequest, congress_id: int | None = None) -> HttpResponse:
    """审计日志锚点: the signed daily digests of the audit chain, published for anyone to keep."""
    from renda.audit.anchors import published_anchors

    congress = _congress(congress_id)
    return render(
        request,
        "portal/audit_anchors.html",
        _ctx(request, congress, congress_id, anchors=published_anchors(limit=AUDIT_ANCHORS_SHOWN)),
    )


@cache_control(**PUBLIC_CACHE)
def audit_anchors_json(request: HttpRequest, congress_id: int | None = None) -> HttpResponse:
    from renda.audit.anchors import published_anchors

    _congress(congress_id)
    return JsonResponse(
        {"anchors": [a.as_dict() for a in published_anchors()]}, json_dumps_params={"ensure_ascii": False}
    )


AUDIT_ANCHORS_SHOWN = 120
