"""Public pages (no account): the opinion form and its QR codes, tracking and rating, stations."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from renda.core import clock
from renda.core.choices import OrganizationKind
from renda.core.context import client_ip
from renda.core.errors import ConflictError, NotFoundError, RendaError, ValidationFailed
from renda.core.forms import apply_service_error
from renda.core.models import Congress, Organization
from renda.deputies.models import Deputy, DeputyMandate

from .. import captcha, qr, services
from ..choices import Channel
from ..forms import OpinionForm, RateForm, TrackForm
from ..selectors import public_station, public_stations, upcoming_reception_days_for_station


def _station_or_404(pk: Any) -> Organization:
    try:
        return public_station(None, pk)
    except NotFoundError:
        raise Http404(_("联络站不存在。")) from None


def _deputy_or_404(pk: Any) -> Deputy:
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        raise Http404(_("代表不存在。")) from None
    deputy = Deputy.objects.filter(pk=pk, mandates__ended_on__isnull=True).distinct().first()
    if deputy is None:
        raise Http404(_("代表不存在。"))
    return deputy


def _all_public_stations() -> Any:
    return (
        Organization.objects.filter(kind=OrganizationKind.LIAISON_STATION, is_active=True)
        .exclude(station_profile__is_public=False)
        .select_related("congress")
        .order_by("congress__path", "sort_order", "name")
    )


@never_cache
@require_http_methods(["GET", "POST"])
def opinion_submit(request: HttpRequest, kind: str = "", pk: int | None = None) -> HttpResponse:
    """The public opinion form: choose a station or a deputy, or arrive by a QR code."""
    station: Organization | None = None
    deputy: Deputy | None = None
    channel = Channel.PORTAL
    if kind == "station":
        station, channel = _station_or_404(pk), Channel.STATION_QR
    elif kind == "deputy":
        deputy, channel = _deputy_or_404(pk), Channel.DEPUTY_QR
    elif kind:
        raise Http404(_("页面不存在。"))
    else:
        if request.GET.get("station"):
            station = _station_or_404(request.GET["station"])
        elif request.GET.get("deputy"):
            deputy = _deputy_or_404(request.GET["deputy"])
    congress = station.congress if station is not None else None
    if deputy is not None:
        mandate = (
            DeputyMandate.objects.active()
            .filter(deputy=deputy)
            .select_related("station", "congress")
            .order_by("-station_id")
            .first()
        )
        congress = (
            mandate.station.congress
            if mandate and mandate.station_id
            else (mandate.congress if mandate else None)
        )
    stations = (
        _all_public_stations() if congress is None else _all_public_stations().filter(congress=congress)
    )
    setting_congress = congress or (
        stations.first().congress if stations.exists() else Congress.objects.first()
    )
    setting = services.liaison_setting(setting_congress.pk) if setting_congress else None
    townships = Organization.objects.filter(
        kind__in=[OrganizationKind.TOWNSHIP, OrganizationKind.SUBDISTRICT], is_active=True
    )
    if congress is not None:
        townships = townships.filter(congress=congress)
    topics = (setting.topics if setting else []) or []
    form = OpinionForm(request.POST or None, stations=stations, townships=townships, topics=topics)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if not captcha.check(request.session, d["captcha"]):
            form.add_error("captcha", _("验证码不正确,请重新计算图中的算式。"))
        else:
            chosen_station = station or d["station"]
            try:
                submission = services.opinion_submit(
                    channel=channel,
                    station=chosen_station,
                    deputy=deputy,
                    title=d["title"],
                    body=d["body"],
                    topic=d["topic"],
                    township=d["township"],
                    submitter_name=d["submitter_name"],
                    submitter_phone=d["submitter_phone"],
                    client_ip=client_ip(request),
                )
            except RendaError as exc:
                apply_service_error(form, exc)
            else:
                return render(
                    request,
                    "liaison/public/opinion_done.html",
                    {"submission": submission, "opinion": submission.opinion},
                )
    captcha.new_challenge(request.session)
    return render(
        request,
        "liaison/public/opinion_form.html",
        {
            "form": form,
            "station": station,
            "deputy": deputy,
            "require_name": bool(setting and setting.require_name),
            "require_phone": bool(setting and setting.require_phone),
            "max_length": setting.body_max_length if setting else 2000,
        },
    )


@never_cache
@require_GET
def captcha_image(request: HttpRequest) -> HttpResponse:
    return HttpResponse(captcha.render_svg(request.session), content_type="image/svg+xml")


@never_cache
@require_http_methods(["GET", "POST"])
def opinion_track(request: HttpRequest) -> HttpResponse:
    """Follow an opinion by its tracking number; rate the answer with the one-time code."""
    context: dict[str, Any] = {"track_form": TrackForm(), "rate_form": None, "opinion": None}
    if request.method == "POST":
        action = request.POST.get("action", "lookup")
        if action == "rate":
            rate_form = RateForm(request.POST)
            context["rate_form"] = rate_form
            number = request.POST.get("tracking_number", "")
            if rate_form.is_valid():
                d = rate_form.cleaned_data
                try:
                    opinion, new_code = services.opinion_rate(
                        tracking_number=d["tracking_number"],
                        code=d["code"],
                        value=d["value"],
                        comment=d["comment"],
                        client_ip=client_ip(request),
                    )
                except (ValidationFailed, ConflictError) as exc:
                    apply_service_error(rate_form, exc)
                else:
                    context.update(rated=True, new_code=new_code)
                    number = opinion.tracking_number
            try:
                context["opinion"] = services.opinion_track(
                    tracking_number=number, client_ip=client_ip(request)
                )
            except RendaError as exc:
                context["error"] = exc.message
        else:
            track_form = TrackForm(request.POST)
            context["track_form"] = track_form
            if track_form.is_valid():
                try:
                    context["opinion"] = services.opinion_track(
                        tracking_number=track_form.cleaned_data["tracking_number"],
                        client_ip=client_ip(request),
                    )
                except RendaError as exc:
                    context["error"] = exc.message
        opinion = context["opinion"]
        if opinion is not None:
            context.update(_tracking_context(opinion))
            if context["pending"] is not None and context["rate_form"] is None:
                context["rate_form"] = RateForm(initial={"tracking_number": opinion.tracking_number})
    return render(request, "liaison/public/track.html", context)


def _tracking_context(opinion: Any) -> dict[str, Any]:
    case = opinion.case
    replies = list(
        case.replies.select_related("assignment__organization", "rating").order_by("replied_at", "id")
    )
    suggestion = None
    if opinion.related_case_id:
        linked = opinion.related_case
        # Published as the portal publishes it (六公开): the case is public and not marked "not public".
        kind_data = getattr(linked, "suggestion", None)
        published = bool(linked.is_public) and not getattr(kind_data, "not_public", False)
        portal_url = ""
        if published:
            try:
                portal_url = reverse(
                    "portal:suggestion_detail", kwargs={"congress_id": linked.congress_id, "pk": linked.pk}
                )
            except NoReverseMatch:  # pragma: no cover - the portal app is installed
                portal_url = ""
        suggestion = {
            "number": linked.number,
            "title": linked.title,
            "state": linked.get_state_display(),
            "replies": list(
                linked.replies.select_related("assignment__organization").order_by("replied_at", "id")
            )
            if published
            else [],
            "is_public": published,
            "portal_url": portal_url,
        }
    return {
        "case": case,
        "replies": replies,
        "suggestion": suggestion,
        "pending": services.rating_pending(opinion),
        "units": [
            a.organization
            for a in case.assignments.select_related("organization")
            if a.state not in ("returned", "withdrawn")
        ],
    }


def _qr_target(request: HttpRequest, kind: str, pk: int) -> str:
    return request.build_absolute_uri(reverse("liaison:opinion_submit_qr", args=[kind, pk]))


@require_GET
def station_qr(request: HttpRequest, pk: int) -> HttpResponse:
    _station_or_404(pk)
    return _qr_response(request, _qr_target(request, "station", pk), f"station-{pk}")


@require_GET
def deputy_qr(request: HttpRequest, pk: int) -> HttpResponse:
    _deputy_or_404(pk)
    return _qr_response(request, _qr_target(request, "deputy", pk), f"deputy-{pk}")


def _qr_response(request: HttpRequest, target: str, name: str) -> HttpResponse:
    if request.GET.get("format") == "png":
        response = HttpResponse(qr.qr_png(target), content_type="image/png")
        response["Content-Disposition"] = f'inline; filename="{name}.png"'
        return response
    return HttpResponse(qr.qr_svg(target), content_type="image/svg+xml")


@require_GET
def qr_poster(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """A printable A4 poster with the QR code (一人一码 / 一站一码)."""
    if kind == "station":
        subject: Any = _station_or_404(pk)
        qr_url = reverse("liaison:station_qr", args=[pk])
    elif kind == "deputy":
        subject = _deputy_or_404(pk)
        qr_url = reverse("liaison:deputy_qr", args=[pk])
    else:
        raise Http404(_("页面不存在。"))
    mandates = []
    if kind == "deputy":
        mandates = list(
            DeputyMandate.objects.active().filter(deputy=subject).select_related("congress", "station")
        )
    return render(
        request,
        "liaison/public/poster.html",
        {
            "kind": kind,
            "subject": subject,
            "qr_url": qr_url,
            "target": _qr_target(request, kind, pk),
            "mandates": mandates,
        },
    )


@require_GET
def public_station_list(request: HttpRequest) -> HttpResponse:
    congress = None
    if request.GET.get("congress"):
        try:
            congress = Congress.objects.filter(pk=int(request.GET["congress"]), is_active=True).first()
        except ValueError:
            congress = None
    if congress is not None:
        stations = list(public_stations(congress))
    else:
        stations = (
            list(public_stations(Congress.objects.filter(parent__isnull=True).first(), include_lower=True))
            if Congress.objects.exists()
            else []
        )
    return render(request, "liaison/public/station_list.html", {"stations": stations})


@require_GET
def public_station_detail(request: HttpRequest, pk: int) -> HttpResponse:
    station = _station_or_404(pk)
    days = upcoming_reception_days_for_station(station, limit=8)
    return render(
        request,
        "liaison/public/station_detail.html",
        {
            "station": station,
            "profile": getattr(station, "station_profile", None),
            "days": days,
            "today": clock.today(),
            "horizon": clock.today() + dt.timedelta(days=60),
        },
    )
