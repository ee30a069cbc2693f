"""Pages for staff, station keepers, deputies and handling units. Thin: forms parse, services write."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
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
from renda.core.choices import UNIT_ROLES, Role
from renda.core.errors import NotFoundError, RendaError
from renda.core.forms import apply_service_error
from renda.core.permissions import resource_required, role_required
from renda.core.scopes import scope_of, working_congress, working_congresses
from renda.deputies.models import Deputy
from renda.documents.excel import Sheet, timestamped, workbook_bytes, xlsx_response

from .. import forms as f
from .. import services
from ..filtersets import OpinionFilterSet
from ..models import ReceptionDay
from ..selectors import (
    attached_deputies,
    calendar_days,
    checklist_rows,
    duty_days_for,
    get_station_for,
    get_unit_assignment_for,
    opinion_stats,
    opinions_for,
    receptions_for,
    stations_for,
    unit_assignments,
)

PAGE_SIZE = 20
EXPORT_LIMIT = 20000
STATION_ROLES = (Role.STAFF, Role.LEADER, Role.STATION_KEEPER)


def _station(user: Any, pk: Any) -> Any:
    try:
        return get_station_for(user, pk)
    except NotFoundError:
        raise Http404(_("联络站不存在。")) from None


def _deputies_of(stations: Any) -> Any:
    return (
        Deputy.objects.filter(mandates__station__in=stations, mandates__ended_on__isnull=True)
        .distinct()
        .order_by("full_name")
    )


def _error(request: HttpRequest, exc: RendaError) -> None:
    messages.error(request, exc.message)


# --- stations -------------------------------------------------------------------------------------------


@role_required(Role.STAFF, Role.LEADER)
@require_GET
def station_list(request: HttpRequest) -> HttpResponse:
    qs = stations_for(request.user)
    q = (request.GET.get("q") or "").strip()[:50]
    if q:
        qs = qs.filter(name__icontains=q)
    if request.GET.get("export") == "xlsx":
        rows = checklist_rows(qs[:EXPORT_LIMIT])
        headers = [_("联络站"), _("所属人大"), _("地址"), _("进站代表数"), _("“六有”达标"), _("未达标项")]
        data = [
            [
                r["station"].name,
                r["station"].congress.name,
                getattr(getattr(r["station"], "station_profile", None), "address", "")
                or r["station"].address,
                len(r["station"].public_mandates),
                f"{r['met']}/{r['total']}",
                "、".join(i.label for i in r["items"] if not i.is_met),
            ]
            for r in rows[:EXPORT_LIMIT]
        ]
        record_export(request, action="liaison_station.export", rows=len(data))
        return xlsx_response(
            workbook_bytes([Sheet(title=_("联络站"), headers=headers, rows=data)]),
            timestamped(_("代表联络站")),
        )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = checklist_rows(page.object_list)
    can_settings = scope_of(request.user).has(Role.STAFF, Role.SYSTEM_ADMIN)
    return render(request, "liaison/station_list.html", {"page": page, "q": q, "can_settings": can_settings})


@role_required(Role.STATION_KEEPER)
def my_station(request: HttpRequest) -> HttpResponse:
    ids = sorted(scope_of(request.user).station_ids)
    if not ids:
        raise PermissionDenied(_("您没有管理的联络站。"))
    return redirect("liaison:station_detail", pk=ids[0])


@role_required(*STATION_ROLES)
@require_http_methods(["GET", "POST"])
def station_detail(request: HttpRequest, pk: int) -> HttpResponse:
    station = _station(request.user, pk)
    profile = services.station_profile_get(station)
    scope = scope_of(request.user)
    can_edit = station.pk in scope.station_ids or scope.has_in(station.congress_id, Role.STAFF)
    initial = {
        "address": profile.address,
        "latitude": profile.latitude or "",
        "longitude": profile.longitude or "",
        "keeper_name": profile.keeper_name,
        "keeper_phone": profile.keeper_phone,
        "opening_hours": profile.opening_hours,
        "township": profile.township_id,
        "introduction": profile.introduction,
        "is_public": profile.is_public,
    }
    form = f.ProfileForm(request.POST or None, initial=initial, congress_id=station.congress_id)
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(_("您没有权限修改该联络站。"))
        if request.POST.get("form") == "checklist":
            cl = f.ChecklistForm(request.POST)
            if cl.is_valid():
                try:
                    services.checklist_update(actor=request.user, station=station, **cl.cleaned_data)
                    messages.success(request, _("“六有”检查项已更新。"))
                except RendaError as exc:
                    _error(request, exc)
            else:
                messages.error(request, _("检查项填写有误。"))
            return redirect("liaison:station_detail", pk=station.pk)
        if form.is_valid():
            try:
                services.station_profile_update(actor=request.user, station=station, **form.cleaned_data)
            except RendaError as exc:
                apply_service_error(form, exc)
            else:
                messages.success(request, _("联络站信息已保存。"))
                return redirect("liaison:station_detail", pk=station.pk)
    today = clock.today()
    return render(
        request,
        "liaison/station_detail.html",
        {
            "station": station,
            "profile": profile,
            "form": form,
            "can_edit": can_edit,
            "checklist": services.checklist_for(station),
            "deputies": attached_deputies(station),
            "rules": station.reception_rules.filter(is_active=True).prefetch_related("deputies"),
            "days": calendar_days(
                request.user, start=today, end=today + dt.timedelta(days=90), station=station
            ),
        },
    )


# --- reception days ------------------------------------------------------------------------------------


@role_required(*STATION_ROLES)
@require_http_methods(["GET", "POST"])
def calendar(request: HttpRequest) -> HttpResponse:
    stations = stations_for(request.user)
    deputies = _deputies_of(stations)
    day_form = f.DayForm(
        request.POST if request.POST.get("form") == "day" else None, stations=stations, deputies=deputies
    )
    rule_form = f.RuleForm(
        request.POST if request.POST.get("form") == "rule" else None, stations=stations, deputies=deputies
    )
    if request.method == "POST":
        form = day_form if request.POST.get("form") == "day" else rule_form
        if form.is_valid():
            d = dict(form.cleaned_data)
            try:
                if form is day_form:
                    services.reception_day_create(actor=request.user, **d)
                    messages.success(request, _("接待日已安排。"))
                else:
                    services.reception_rule_create(actor=request.user, **d)
                    services.reception_days_generate()
                    messages.success(request, _("接待日规则已保存,并已生成近期接待日。"))
            except RendaError as exc:
                apply_service_error(form, exc)
            else:
                return redirect("liaison:calendar")
    today = clock.today()
    days = calendar_days(
        request.user, start=today - dt.timedelta(days=30), end=today + dt.timedelta(days=120)
    )
    return render(
        request,
        "liaison/calendar.html",
        {"days": days, "day_form": day_form, "rule_form": rule_form, "today": today},
    )


@role_required(*STATION_ROLES)
@require_POST
def day_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    day = ReceptionDay.objects.visible_to(request.user).filter(pk=pk).select_related("station").first()
    if day is None:
        raise Http404(_("接待日不存在。"))
    try:
        if action == "publish":
            services.reception_day_publish(actor=request.user, day=day)
            messages.success(request, _("接待日已公布,并已通知值班代表。"))
        elif action == "cancel":
            services.reception_day_cancel(actor=request.user, day=day, reason=request.POST.get("reason", ""))
            messages.success(request, _("接待日已取消。"))
        else:
            raise Http404(_("操作不存在。"))
    except RendaError as exc:
        _error(request, exc)
    return redirect("liaison:calendar")


@login_required
@require_GET
def my_duty(request: HttpRequest) -> HttpResponse:
    return render(request, "liaison/my_duty.html", {"days": duty_days_for(request.user)})


# --- receptions ----------------------------------------------------------------------------------------


@role_required(*STATION_ROLES)
@require_http_methods(["GET", "POST"])
def reception_create(request: HttpRequest) -> HttpResponse:
    stations = stations_for(request.user)
    first = stations.first()
    topics = services.liaison_setting(first.congress_id).topics if first else []
    form = f.ReceptionForm(
        request.POST or None,
        stations=stations,
        deputies=_deputies_of(stations),
        topics=topics,
        initial={"received_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"), "station": first},
    )
    created = None
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        issues = []
        if d["issue_body"].strip() or d["issue_title"].strip():
            issues.append(
                {
                    "title": d["issue_title"] or d["issue_body"][:30],
                    "body": d["issue_body"],
                    "topic": d["issue_topic"],
                }
            )
        try:
            reception = services.reception_record(
                actor=request.user,
                station=d["station"],
                received_at=d["received_at"],
                deputies=list(d["deputies"]),
                summary=d["summary"],
                visitor_name=d["visitor_name"],
                visitor_phone=d["visitor_phone"],
                visitor_count=d["visitor_count"],
                issues=issues,
            )
        except RendaError as exc:
            apply_service_error(form, exc)
        else:
            created = reception
            messages.success(request, _("接待记录已保存。"))
    return render(request, "liaison/reception_form.html", {"form": form, "created": created})


@role_required(*STATION_ROLES, Role.DEPUTY)
@require_GET
def reception_list(request: HttpRequest) -> HttpResponse:
    """Reception records: staff of the congresses, keepers of their station, deputies who received."""
    stations = stations_for(request.user)
    station = None
    if (request.GET.get("station") or "").isdigit():
        station = stations.filter(pk=int(request.GET["station"])).first()
    page = Paginator(receptions_for(request.user, station=station), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "liaison/reception_list.html",
        {
            "page": page,
            "stations": stations,
            "station": station,
            "can_record": scope_of(request.user).has(*STATION_ROLES),
        },
    )


# --- opinions ------------------------------------------------------------------------------------------


@resource_required("liaison.opinions")
@require_GET
def opinion_list(request: HttpRequest) -> HttpResponse:
    filterset = OpinionFilterSet(request.GET, opinions_for(request.user), user=request.user)
    qs = filterset.qs
    if request.GET.get("export") == "xlsx" and not filterset.field_errors():
        headers = [
            _("编号"),
            _("标题"),
            _("渠道"),
            _("联络站"),
            _("代表"),
            _("分类"),
            _("乡镇"),
            _("状态"),
            _("提交时间"),
            _("群众评价"),
        ]
        rows = [
            [
                o.case.number,
                o.case.title,
                o.get_channel_display(),
                o.station.name if o.station else "",
                o.deputy.full_name if o.deputy else "",
                o.topic,
                o.township.name if o.township else "",
                o.case.get_state_display(),
                timezone.localtime(o.case.created_at).strftime("%Y-%m-%d %H:%M"),
                o.citizen_rating,
            ]
            for o in qs[:EXPORT_LIMIT]
        ]
        record_export(request, action="opinion.export", rows=len(rows))
        return xlsx_response(
            workbook_bytes([Sheet(title=_("社情民意"), headers=headers, rows=rows)]),
            timestamped(_("社情民意登记表")),
        )
    page = Paginator(qs, PAGE_SIZE).get_page(request.GET.get("page"))
    can_register = scope_of(request.user).has(Role.STAFF, Role.STATION_KEEPER)
    return render(
        request,
        "liaison/opinion_list.html",
        {"form": filterset.form, "page": page, "can_register": can_register},
    )


@login_required
@require_GET
def opinion_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The opinion is a case: its page is the engine's case page (``pk`` is the case id)."""
    return redirect("cases:detail", pk=pk)


# --- handling units ---------------------------------------------------------------------------------


@role_required(*UNIT_ROLES)
@require_GET
def unit_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(unit_assignments(request.user), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "liaison/unit_list.html", {"page": page})


@role_required(*UNIT_ROLES)
@require_GET
def unit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An assignment of the unit: signed for and answered on the case page (the engine's steps)."""
    try:
        assignment = get_unit_assignment_for(request.user, pk)
    except NotFoundError:
        raise Http404(_("交办事项不存在。")) from None
    return redirect("cases:detail", pk=assignment.case_id)


# --- statistics -------------------------------------------------------------------------------------


@role_required(Role.STAFF, Role.LEADER)
@require_GET
def stats(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    try:
        year = int(request.GET.get("year") or clock.today().year)
    except ValueError:
        year = clock.today().year
    year = min(max(year, 2000), 2100)
    data = opinion_stats(scope.staff_read_congress_ids, year)
    if request.GET.get("export") == "xlsx":
        sheets = [
            Sheet(title=title, headers=[_("项目"), _("件数")], rows=data[key])
            for key, title in [
                ("by_channel", _("按渠道")),
                ("by_station", _("按联络站")),
                ("by_deputy", _("按代表")),
                ("by_topic", _("按分类")),
                ("by_township", _("按乡镇")),
                ("by_state", _("按状态")),
            ]
        ]
        record_export(request, action="opinion_statistics.export")
        return xlsx_response(workbook_bytes(sheets), timestamped(_("社情民意统计")))
    return render(request, "liaison/stats.html", {"data": data, "year": year, "heat": data["heat"]})


# --- settings (staff of the congress) ---------------------------------------------------------------

SETTING_ROLES = (Role.STAFF, Role.SYSTEM_ADMIN)


@role_required(*SETTING_ROLES)
@require_http_methods(["GET", "POST"])
def settings_edit(request: HttpRequest) -> HttpResponse:
    """The congress's liaison settings: lists, notice days, required fields, rate limits, merge window."""

    chosen = request.POST.get("congress") or request.GET.get("congress")
    congress = working_congress(request.user, *SETTING_ROLES, wanted=chosen)
    congresses = working_congresses(request.user, *SETTING_ROLES)
    setting = services.liaison_setting(congress.pk)
    form = f.SettingForm(request.POST or None, initial=f.SettingForm.initial_from(setting))
    if request.method == "POST" and form.is_valid():
        try:
            services.liaison_setting_update(actor=request.user, congress=congress, **form.cleaned_data)
        except RendaError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("联络站工作参数已保存。"))
            return redirect(f"{reverse('liaison:settings')}?congress={congress.pk}")
    return render(
        request,
        "liaison/settings.html",
        {"form": form, "congress": congress, "congresses": congresses, "setting": setting},
    )


# --- registering phone calls and letters ------------------------------------------------------------


def _managed_stations(user: Any) -> Any:
    """Active stations the user may register opinions for: their own (keeper), or their congress's (staff)."""
    from django.db.models import Q

    scope = scope_of(user)
    return (
        stations_for(user)
        .filter(is_active=True)
        .filter(Q(pk__in=scope.station_ids) | Q(congress_id__in=scope.congress_ids_with(Role.STAFF)))
    )


@role_required(Role.STAFF, Role.STATION_KEEPER)
@require_http_methods(["GET", "POST"])
def opinion_register(request: HttpRequest) -> HttpResponse:
    """Staff or a keeper register an opinion received by phone or by letter."""
    from renda.core.choices import OrganizationKind
    from renda.core.models import Organization

    stations = _managed_stations(request.user)
    chosen = request.POST.get("station") or request.GET.get("station")
    station = None
    if chosen and str(chosen).isdigit():
        station = stations.filter(pk=int(chosen)).first()
    station = station or stations.first()
    if station is None:
        raise PermissionDenied(_("您没有可以登记意见的联络站。"))
    congress_ids = set(stations.values_list("congress_id", flat=True))
    townships = Organization.objects.filter(
        congress_id__in=congress_ids,
        kind__in=[OrganizationKind.TOWNSHIP, OrganizationKind.SUBDISTRICT],
        is_active=True,
    ).order_by("congress__path", "sort_order", "name")
    topics = services.liaison_setting(station.congress_id).topics or []
    form = f.RegisterForm(
        request.POST or None,
        stations=stations,
        townships=townships,
        topics=topics,
        initial={"station": station.pk, "channel": "phone"},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            submission = services.opinion_register(
                actor=request.user,
                channel=d["channel"],
                station=d["station"],
                topic=d["topic"],
                township=d["township"],
                title=d["title"],
                body=d["body"],
                submitter_name=d["submitter_name"],
                submitter_phone=d["submitter_phone"],
            )
        except RendaError as exc:
            apply_service_error(form, exc)
        else:
            return render(
                request,
                "liaison/opinion_registered.html",
                {"submission": submission, "opinion": submission.opinion},
            )
    return render(request, "liaison/opinion_register.html", {"form": form, "station": station})
