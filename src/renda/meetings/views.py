"""Pages of meetings and attendance. Thin: forms parse, services decide and write, selectors read."""

from __future__ import annotations

import calendar as cal
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
from renda.core.errors import NotFoundError, RendaError, ValidationFailed
from renda.core.forms import apply_service_error
from renda.core.models import Congress
from renda.core.permissions import resource_required
from renda.core.scopes import scope_of
from renda.documents.serving import file_response

from . import agenda as agenda_registry
from . import documents as docs
from . import forms as f
from . import services
from .choices import PLENARY_KINDS, LeaveState, MeetingKind, MemberRole, SignInMethod
from .models import (
    AgendaItem,
    Attendance,
    Delegation,
    DelegationMember,
    LeaveRequest,
    Meeting,
    MeetingDocument,
    MeetingMember,
    PresidiumMember,
)
from .selectors import (
    attendance_rows,
    can_read_document,
    can_read_documents,
    delegation_attendance,
    get_document_for,
    get_meeting_for,
    is_manager,
    kind_setting,
    meetings_in_month,
    public_documents,
    quorum,
    search_meetings,
    seat_of,
    session_meetings,
    yearly_attendance,
)

meetings_page = resource_required("meetings")


def _meeting(request: HttpRequest, pk: int) -> Meeting:
    try:
        return get_meeting_for(request.user, pk)
    except NotFoundError:
        raise Http404(_("会议不存在。")) from None


def _managed_congresses(user: Any) -> list[Congress]:
    return list(Congress.objects.filter(pk__in=scope_of(user).congress_ids_with("staff")).order_by("path"))


def _ensure_manager(request: HttpRequest, meeting: Meeting) -> None:
    if not is_manager(request.user, meeting):
        raise PermissionDenied(_("只有本级人大工作人员可以安排会议。"))


def _done(request: HttpRequest, meeting: Meeting, message: str = "", anchor: str = "") -> HttpResponse:
    if message:
        messages.success(request, message)
    return redirect(reverse("meetings:detail", args=[meeting.pk]) + (f"#{anchor}" if anchor else ""))


# --- list and calendar ----------------------------------------------------------------------------


@meetings_page
@require_GET
def meeting_list(request: HttpRequest) -> HttpResponse:
    form = f.FilterForm(request.GET or None)
    filters: dict[str, Any] = {}
    if form.is_bound and form.is_valid():
        filters = {k: v for k, v in form.cleaned_data.items() if v not in (None, "", False)}
    if request.GET.get("upcoming") == "1":
        filters["upcoming"] = True
    if request.GET.get("leave") == "pending":
        filters["pending_leave"] = True
    qs = search_meetings(request.user, **filters)
    if request.GET.get("export") == "xlsx":
        return _export_list(request, qs)
    page = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "meetings/list.html",
        {
            "form": form,
            "page": page,
            "filtered": bool(filters),
            "can_create": bool(_managed_congresses(request.user)),
            "today": clock.today(),
        },
    )


def _export_list(request: HttpRequest, qs: Any) -> HttpResponse:
    from renda.documents.excel import Sheet, timestamped, workbook_bytes, xlsx_response

    rows = [
        [m.congress.name, m.get_kind_display(), m.number_label, m.title, timezone.localtime(m.starts_at),
         m.place, m.get_state_display()]
        for m in qs[:5000]
    ]  # fmt: skip
    sheet = Sheet(
        title=_("会议"),
        headers=[_("人大"), _("会议类别"), _("会次"), _("会议名称"), _("开始时间"), _("地点"), _("状态")],
        rows=rows,
    )
    record_export(request, action="meeting.export", rows=len(rows))
    return xlsx_response(workbook_bytes([sheet]), timestamped(_("会议列表")))


@meetings_page
@require_GET
def meeting_calendar(request: HttpRequest) -> HttpResponse:
    today = clock.today()
    try:
        year, month = (int(x) for x in request.GET.get("month", "").split("-"))
        dt.date(year, month, 1)
    except ValueError:
        year, month = today.year, today.month
    if not 2000 <= year <= 2100:
        year, month = today.year, today.month
    by_day: dict[dt.date, list[Meeting]] = {}
    for m in meetings_in_month(request.user, year, month):
        by_day.setdefault(timezone.localtime(m.starts_at).date(), []).append(m)
    weeks = [
        [
            {"day": d, "in_month": d.month == month, "meetings": by_day.get(d, []), "today": d == today}
            for d in week
        ]
        for week in cal.Calendar(firstweekday=0).monthdatescalendar(year, month)
    ]
    first = dt.date(year, month, 1)
    prev_month = (first - dt.timedelta(days=1)).replace(day=1)
    next_month = (first + dt.timedelta(days=32)).replace(day=1)
    return render(
        request,
        "meetings/calendar.html",
        {
            "weeks": weeks,
            "first": first,
            "prev": f"{prev_month:%Y-%m}",
            "next": f"{next_month:%Y-%m}",
            "agenda": [m for week in weeks for d in week if d["in_month"] for m in d["meetings"]],
            "weekdays": [_("周一"), _("周二"), _("周三"), _("周四"), _("周五"), _("周六"), _("周日")],
        },
    )


# --- create and edit ------------------------------------------------------------------------------


@meetings_page
@require_http_methods(["GET", "POST"])
def meeting_create(request: HttpRequest) -> HttpResponse:
    congresses = _managed_congresses(request.user)
    if not congresses:
        raise PermissionDenied(_("只有人大工作人员可以安排会议。"))
    congress = next((c for c in congresses if str(c.pk) == request.GET.get("congress")), congresses[0])
    form = f.MeetingForm(
        request.POST or None, congress=congress, initial={"kind": request.GET.get("kind", "")}
    )
    if request.method == "POST" and form.is_valid():
        try:
            meeting = services.meeting_create(actor=request.user, congress=congress, **form.cleaned_data)
        except RendaError as exc:
            apply_service_error(form, exc)
        else:
            return _done(request, meeting, _("会议已创建,请添加参会人员和议程后发出通知。"))
    return render(
        request,
        "meetings/form.html",
        {"form": form, "congress": congress, "congresses": congresses, "creating": True},
        status=400 if form.errors else 200,
    )


@meetings_page
@require_http_methods(["GET", "POST"])
def meeting_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    _ensure_manager(request, meeting)
    initial = {
        "title": meeting.title,
        "starts_at": timezone.localtime(meeting.starts_at),
        "ends_at": timezone.localtime(meeting.ends_at),
        "place": meeting.place,
        "chair": meeting.chair_id,
        "description": meeting.description,
    }
    form = f.MeetingForm(request.POST or None, initial=initial, congress=meeting.congress, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.meeting_update(actor=request.user, meeting=meeting, **form.cleaned_data)
        except RendaError as exc:
            apply_service_error(form, exc)
        else:
            return _done(request, meeting, _("会议信息已保存。"))
    return render(
        request,
        "meetings/form.html",
        {"form": form, "meeting": meeting, "congress": meeting.congress, "creating": False},
        status=400 if form.errors else 200,
    )


# --- the meeting page -----------------------------------------------------------------------------


def _detail_context(request: HttpRequest, meeting: Meeting, **forms: Any) -> dict[str, Any]:
    user = request.user
    manager = is_manager(user, meeting)
    seat = seat_of(user, meeting)
    rows = attendance_rows(meeting)
    my_row = next((r for r in rows if seat and r.member.pk == seat.pk), None)
    items = list(meeting.agenda.all())
    panels = []
    for item in items:
        panel = agenda_registry.panel(request, item)
        panels.append(
            {
                "item": item,
                "subject_label": agenda_registry.subject_label(item),
                "subject_url": agenda_registry.subject_url(item),
                "panel_template": panel[0] if panel else "",
                "panel_context": panel[1] if panel else {},
                "documents": [
                    d
                    for d in meeting.documents.all()
                    if d.agenda_item_id == item.pk and can_read_document(user, d)
                ],
            }
        )
    leaves = list(LeaveRequest.objects.filter(meeting=meeting).select_related("user", "decided_by"))
    may_decide = services.can_decide_leave(user, meeting)
    now = clock.now()
    return {
        "meeting": meeting,
        "manager": manager,
        "seat": seat,
        "my_row": my_row,
        "my_leave": next(
            (
                lv
                for lv in leaves
                if lv.user_id == user.pk and lv.state in (LeaveState.PENDING, LeaveState.APPROVED)
            ),
            None,
        ),
        "can_sign_in": bool(seat)
        and my_row is not None
        and my_row.signed_in_at is None
        and meeting.is_open_for_sign_in
        and meeting.starts_at - services.SIGN_IN_OPENS_BEFORE <= now <= meeting.ends_at,
        "can_ask_leave": bool(seat)
        and meeting.is_before_open
        and now < meeting.starts_at
        and (my_row is None or my_row.signed_in_at is None),
        "may_decide": may_decide,
        "leaves": leaves
        if (manager or may_decide or scope_of(user).has_in(meeting.congress_id, "leader"))
        else [lv for lv in leaves if lv.user_id == user.pk],
        "items": panels,
        "rows": rows,
        "members": [r for r in rows if r.member.role == MemberRole.MEMBER],
        "invitees": [r for r in rows if r.member.role == MemberRole.INVITEE],
        "quorum": quorum(meeting),
        "documents": [d for d in meeting.documents.all() if d.agenda_item_id is None],
        "all_documents": list(meeting.documents.all()),
        "can_read_documents": can_read_documents(user, meeting),
        "member_form": forms.get("member_form")
        or (f.MemberForm(congress=meeting.congress) if manager else None),
        "agenda_form": forms.get("agenda_form")
        or (f.AgendaForm(user=user, meeting=meeting) if manager else None),
        "document_form": forms.get("document_form") or (f.DocumentForm(meeting=meeting) if manager else None),
        "desk_form": forms.get("desk_form") or (f.DeskSignInForm(meeting=meeting) if manager else None),
        "leave_form": forms.get("leave_form") or f.LeaveForm(),
        "setting": kind_setting(meeting.congress, meeting.kind),
        "is_sc": meeting.kind == MeetingKind.STANDING_COMMITTEE,
        "is_session": meeting.kind in PLENARY_KINDS,
        "delegation_rows": delegation_attendance(meeting) if meeting.kind in PLENARY_KINDS else [],
        # the delegations' and presidium's meetings this reader may open
        "sub_meetings": list(
            session_meetings(meeting).filter(pk__in=Meeting.objects.visible_to(user).values("pk"))
        )
        if meeting.kind in PLENARY_KINDS
        else [],
        "readable_documents": [d for d in meeting.documents.all() if can_read_document(user, d)],
        "editable": not meeting.is_final,
        "agenda_kinds": agenda_registry.kind_choices(),
    }


@meetings_page
@require_GET
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    return render(request, "meetings/detail.html", _detail_context(request, meeting))


@meetings_page
@require_GET
def quorum_panel(request: HttpRequest, pk: int) -> HttpResponse:
    """The live quorum figure (the page refreshes it every few seconds)."""
    meeting = _meeting(request, pk)
    return render(request, "meetings/_quorum.html", {"meeting": meeting, "quorum": quorum(meeting)})


@meetings_page
@require_GET
def quorum_events(request: HttpRequest, pk: int) -> HttpResponse:
    """Server-sent events: the quorum whenever a sign-in, leave or state change moves it."""
    from . import live

    meeting = _meeting(request, pk)
    return live.hub.response(request, meeting.pk)


def _post_form(
    request: HttpRequest, meeting: Meeting, form: Any, key: str, action: Any, success: str, anchor: str
) -> HttpResponse:
    """Run a small form of the meeting page; a refusal re-renders the page (400) with the error at its field."""
    if form.is_valid():
        try:
            action(form.cleaned_data)
        except RendaError as exc:
            apply_service_error(form, exc)
        else:
            return _done(request, meeting, success, anchor)
    ctx = _detail_context(request, meeting, **{key: form})
    ctx["open_form"] = key
    return render(request, "meetings/detail.html", ctx, status=400)


@meetings_page
@require_POST
def member_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    _ensure_manager(request, meeting)
    form = f.MemberForm(request.POST, congress=meeting.congress)
    return _post_form(
        request, meeting, form, "member_form",
        lambda d: services.member_add(actor=request.user, meeting=meeting, **d),
        _("已添加参会人员。"), "members",
    )  # fmt: skip


@meetings_page
@require_POST
def members_add_sc(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    _ensure_manager(request, meeting)
    try:
        n = services.members_add_standing_committee(actor=request.user, meeting=meeting)
    except RendaError as exc:
        messages.error(request, exc.message)
        return _done(request, meeting, anchor="members")
    return _done(request, meeting, _("已加入 %(n)s 名常委会组成人员。") % {"n": n}, "members")


@meetings_page
@require_POST
def member_remove(request: HttpRequest, pk: int, member_pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    _ensure_manager(request, meeting)
    member = (
        MeetingMember.objects.filter(meeting=meeting, pk=member_pk).select_related("user", "meeting").first()
    )
    if member is None:
        raise Http404(_("参会人员不存在。"))
    try:
        services.member_remove(actor=request.user, member=member)
    except RendaError as exc:
        messages.error(request, exc.message)
        return _done(request, meeting, anchor="members")
    return _done(request, meeting, _("已移出参会名单。"), "members")


@meetings_page
@require_POST
def agenda_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    _ensure_manager(request, meeting)
    form = f.AgendaForm(request.POST, user=request.user, meeting=meeting)
    return _post_form(
        request, meeting, form, "agenda_form",
        lambda d: services.agenda_item_add(actor=request.user, meeting=meeting, **d),
        _("议程已添加。"), "agenda",
    )  # fmt: skip


@meetings_page
@require_POST
def agenda_act(request: HttpRequest, pk: int, item_pk: int, action: str) -> HttpResponse:
    meeting = _meeting(request, pk)
    _ensure_manager(request, meeting)
    item = AgendaItem.objects.filter(meeting=meeting, pk=item_pk).select_related("meeting").first()
    if item is None or action not in ("up", "down", "remove"):
        raise Http404(_("议程不存在。"))
    try:
        if action == "remove":
            services.agenda_item_remove(actor=request.user, item=item)
        else:
            services.agenda_item_move(actor=request.user, item=item, up=action == "up")
    except RendaError as exc:
        messages.error(request, exc.message)
    return _done(request, meeting, anchor="agenda")


@meetings_page
@require_POST
def document_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    _ensure_manager(request, meeting)
    form = f.DocumentForm(request.POST, request.FILES, meeting=meeting)

    def add(d: dict[str, Any]) -> None:
        item = (
            AgendaItem.objects.filter(meeting=meeting, pk=d["agenda_item"]).first()
            if d["agenda_item"]
            else None
        )
        services.document_add(
            actor=request.user, meeting=meeting, title=d["title"], upload=d["file"], agenda_item=item
        )

    return _post_form(request, meeting, form, "document_form", add, _("文件已上传。"), "documents")


@meetings_page
@require_POST
def document_remove(request: HttpRequest, pk: int, doc_pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    _ensure_manager(request, meeting)
    doc = MeetingDocument.objects.filter(meeting=meeting, pk=doc_pk).select_related("meeting").first()
    if doc is None:
        raise Http404(_("文件不存在。"))
    try:
        services.document_remove(actor=request.user, document=doc)
    except RendaError as exc:
        messages.error(request, exc.message)
        return _done(request, meeting, anchor="documents")
    return _done(request, meeting, _("文件已删除。"), "documents")


def document_download(request: HttpRequest, doc_pk: int) -> HttpResponse:
    """Members and invitees (and the congress's staff and leaders) until published; anyone after."""
    try:
        doc = get_document_for(request.user, doc_pk)
    except NotFoundError:
        raise Http404(_("文件不存在。")) from None
    return file_response(
        doc.file,
        name=doc.original_name,
        content_type=doc.content_type,
        public=doc.is_public,
    )


STATE_ACTIONS = {
    "schedule": (services.meeting_schedule, _("会议通知已发出,参会人员可以看到会议并请假。")),
    "open": (services.meeting_open, _("会议已开始。")),
    "close": (services.meeting_close, _("会议已结束,出席情况已定稿。")),
    "announce": (services.attendance_announce, _("出席情况已通报。")),
}


@meetings_page
@require_POST
def meeting_act(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    meeting = _meeting(request, pk)
    _ensure_manager(request, meeting)
    try:
        if action in STATE_ACTIONS:
            func, message = STATE_ACTIONS[action]
            func(actor=request.user, meeting=meeting)
        elif action in ("publish", "unpublish"):
            services.documents_publish(actor=request.user, meeting=meeting, published=action == "publish")
            message = _("会议文件已在门户网站公开。") if action == "publish" else _("已撤回公开的会议文件。")
        else:
            raise Http404(_("操作不存在。"))
    except RendaError as exc:
        messages.error(request, exc.message)
        return _done(request, meeting)
    return _done(request, meeting, message)


# --- sign-in --------------------------------------------------------------------------------------


@meetings_page
@require_POST
def sign_in_self(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    try:
        a = services.sign_in(actor=request.user, meeting=meeting, method=SignInMethod.SELF)
    except RendaError as exc:
        messages.error(request, exc.message)
        return _done(request, meeting)
    return _done(request, meeting, _signed_message(a))


def _signed_message(a: Attendance) -> str:
    if a.is_late:
        return _("签到成功(迟到 %(n)s 分钟)。") % {"n": a.minutes_late}
    return _("签到成功。")


@meetings_page
@require_POST
def sign_in_desk(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    _ensure_manager(request, meeting)
    form = f.DeskSignInForm(request.POST, meeting=meeting)
    return _post_form(
        request, meeting, form, "desk_form",
        lambda d: services.sign_in(actor=request.user, meeting=meeting, method=SignInMethod.DESK, user=d["user"]),
        _("已代为签到。"), "attendance",
    )  # fmt: skip


@meetings_page
@require_POST
def sign_in_undo(request: HttpRequest, pk: int, attendance_pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    _ensure_manager(request, meeting)
    a = Attendance.objects.filter(meeting=meeting, pk=attendance_pk).select_related("user", "meeting").first()
    if a is None:
        raise Http404(_("签到记录不存在。"))
    try:
        services.sign_in_undo(actor=request.user, attendance=a)
    except RendaError as exc:
        messages.error(request, exc.message)
        return _done(request, meeting, anchor="attendance")
    return _done(request, meeting, _("已撤销签到。"), "attendance")


@meetings_page
@require_GET
def door(request: HttpRequest, pk: int) -> HttpResponse:
    """The QR code shown at the door (refreshes itself before the token expires)."""
    meeting = _meeting(request, pk)
    _ensure_manager(request, meeting)
    return render(
        request,
        "meetings/door.html",
        {"meeting": meeting, "quorum": quorum(meeting), "refresh": max(30, services.qr_max_age() - 60),
         "stamp": int(clock.now().timestamp())},
    )  # fmt: skip


@meetings_page
@require_GET
def door_qr(request: HttpRequest, pk: int) -> HttpResponse:
    from renda.liaison.qr import qr_svg

    meeting = _meeting(request, pk)
    _ensure_manager(request, meeting)
    url = (
        request.build_absolute_uri(reverse("meetings:checkin", args=[meeting.pk]))
        + "?t="
        + services.qr_token(meeting)
    )
    response = HttpResponse(qr_svg(url), content_type="image/svg+xml")
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def checkin(request: HttpRequest, pk: int) -> HttpResponse:
    """Where the door QR code leads: the member, signed in on their phone, confirms."""
    token = request.POST.get("t") or request.GET.get("t") or ""
    error = ""
    try:
        meeting = get_meeting_for(request.user, pk)
    except NotFoundError:
        raise Http404(_("会议不存在。")) from None
    try:
        if services.meeting_from_qr_token(token) != meeting.pk:
            error = _("签到二维码不是本次会议的。")
    except RendaError as exc:
        error = exc.message
    if request.method == "POST" and not error:
        try:
            a = services.sign_in(actor=request.user, meeting=meeting, method=SignInMethod.QR, token=token)
        except RendaError as exc:
            error = exc.message
        else:
            return _done(request, meeting, _signed_message(a))
    return render(
        request,
        "meetings/checkin.html",
        {"meeting": meeting, "token": token, "error": error, "seat": seat_of(request.user, meeting)},
        status=400 if error else 200,
    )


# --- leave ----------------------------------------------------------------------------------------


@meetings_page
@require_POST
def leave_request(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    form = f.LeaveForm(request.POST)
    return _post_form(
        request, meeting, form, "leave_form",
        lambda d: services.leave_request(actor=request.user, meeting=meeting, reason=d["reason"]),
        _("请假申请已提交,请等待审批。"), "",
    )  # fmt: skip


def _leave(request: HttpRequest, leave_pk: int) -> LeaveRequest:
    try:
        return services.get_leave_for(request.user, leave_pk)
    except NotFoundError:
        raise Http404(_("请假申请不存在。")) from None


@meetings_page
@require_POST
def leave_decide(request: HttpRequest, leave_pk: int) -> HttpResponse:
    leave = _leave(request, leave_pk)
    form = f.DecideForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择准假或不准假。"))
        return _done(request, leave.meeting, anchor="leave")
    try:
        services.leave_decide(actor=request.user, leave=leave, **form.cleaned_data)
    except RendaError as exc:
        messages.error(request, exc.message)
        return _done(request, leave.meeting, anchor="leave")
    done = _("已准假。") if form.cleaned_data["approve"] else _("已不准假。")
    return _done(request, leave.meeting, done, "leave")


@meetings_page
@require_POST
def leave_withdraw(request: HttpRequest, leave_pk: int) -> HttpResponse:
    leave = _leave(request, leave_pk)
    try:
        services.leave_withdraw(actor=request.user, leave=leave)
    except RendaError as exc:
        messages.error(request, exc.message)
        return _done(request, leave.meeting)
    return _done(request, leave.meeting, _("请假申请已撤回。"))


# --- minutes and documents ------------------------------------------------------------------------


@meetings_page
@require_http_methods(["GET", "POST"])
def minutes_edit(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _meeting(request, pk)
    _ensure_manager(request, meeting)
    form = f.MinutesForm(request.POST or None, meeting=meeting)
    if request.method == "POST" and form.is_valid():
        try:
            services.minutes_update(
                actor=request.user,
                meeting=meeting,
                summary=form.cleaned_data["summary"],
                item_texts=form.item_texts(),
            )
        except RendaError as exc:
            apply_service_error(form, exc)
        else:
            return _done(request, meeting, _("会议纪要已保存。"))
    contributed = {item.pk: agenda_registry.minutes_text(item) for item in form.items}
    return render(
        request,
        "meetings/minutes_form.html",
        {"form": form, "meeting": meeting, "contributed": contributed},
        status=400 if form.errors else 200,
    )


DOCUMENTS = {
    ("agenda", "docx"): (docs.agenda_docx, _("会议议程")),
    ("agenda", "pdf"): (docs.agenda_pdf, _("会议议程")),
    ("minutes", "docx"): (docs.minutes_docx, _("会议纪要")),
    ("minutes", "pdf"): (docs.minutes_pdf, _("会议纪要")),
    ("attendance", "docx"): (docs.attendance_docx, _("出席情况")),
}


@meetings_page
@require_GET
def meeting_document(request: HttpRequest, pk: int, which: str, fmt: str) -> HttpResponse:
    from renda.documents.pdf import pdf_response
    from renda.documents.word import docx_response

    meeting = _meeting(request, pk)
    found = DOCUMENTS.get((which, fmt))
    if found is None:
        raise Http404(_("文件不存在。"))
    if which != "agenda" and not scope_of(request.user).has_in(meeting.congress_id, "staff", "leader"):
        if not can_read_documents(request.user, meeting):
            raise Http404(_("文件不存在。"))
    func, label = found
    content = func(meeting)
    record_export(request, action="meeting_documents.export" if which != "attendance" else "meeting_attendance.export",
                  congress=meeting.congress)  # fmt: skip
    name = f"{meeting.title}{label}"
    return docx_response(content, name) if fmt == "docx" else pdf_response(content, name)


# --- yearly report and settings -------------------------------------------------------------------


@meetings_page
@require_http_methods(["GET", "POST"])
def attendance_year(request: HttpRequest) -> HttpResponse:
    scope = scope_of(request.user)
    congresses = list(
        Congress.objects.filter(pk__in=scope.congress_ids_with("staff", "leader")).order_by("path")
    )
    if not congresses:
        raise PermissionDenied(_("只有人大工作人员和领导可以查看出席情况报告。"))
    congress = next((c for c in congresses if str(c.pk) == request.GET.get("congress")), congresses[0])
    try:
        year = int(request.GET.get("year") or clock.today().year)
    except ValueError:
        year = clock.today().year
    year = min(max(year, 2000), 2100)
    if request.method == "POST":
        try:
            services.attendance_report_issue(actor=request.user, congress=congress, year=year)
        except RendaError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(request, _("已登记%(y)s年度出席情况报告的印发。") % {"y": year})
        return redirect(f"{reverse('meetings:attendance_year')}?congress={congress.pk}&year={year}")
    meetings, rows = yearly_attendance(congress, year)
    if request.GET.get("format") == "docx":
        from renda.documents.word import docx_response

        record_export(request, action="meeting_attendance.export", rows=len(rows), congress=congress)
        return docx_response(
            docs.yearly_docx(congress, year, meetings, rows),
            f"{congress.name}{year}年度常委会组成人员出席会议情况报告",
        )
    return render(
        request,
        "meetings/attendance_year.html",
        {
            "congress": congress,
            "congresses": congresses,
            "year": year,
            "years": list(range(clock.today().year, clock.today().year - 6, -1)),
            "meetings": meetings,
            "rows": rows,
            "report": congress.attendance_reports.filter(year=year).first(),
            "can_issue": scope.has_in(congress.pk, "staff"),
        },
    )


@meetings_page
@require_http_methods(["GET", "POST"])
def kind_settings(request: HttpRequest) -> HttpResponse:
    congresses = _managed_congresses(request.user)
    if not congresses:
        raise PermissionDenied(_("只有人大工作人员可以修改会议设置。"))
    congress = next(
        (c for c in congresses if str(c.pk) == (request.GET.get("congress") or "")), congresses[0]
    )
    form = f.KindSettingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.kind_setting_update(actor=request.user, congress=congress, **form.cleaned_data)
        except RendaError as exc:
            apply_service_error(form, exc)
        else:
            messages.success(request, _("会议类别设置已保存。"))
            return redirect(f"{reverse('meetings:settings')}?congress={congress.pk}")
    from .selectors import quorum_rule

    settings_rows = []
    for value, label in MeetingKind.choices:
        s = kind_setting(congress, value)
        rule = quorum_rule(Meeting(congress=congress, kind=value))
        settings_rows.append({"kind": label, "quorum": rule.label, "decider": s.get_leave_decider_display()})
    return render(
        request,
        "meetings/settings.html",
        {"form": form, "congress": congress, "congresses": congresses, "rows": settings_rows},
        status=400 if form.errors else 200,
    )


# --- portal: what the meetings published ----------------------------------------------------------


def _portal(request: HttpRequest) -> tuple[Any, dict[str, Any]]:
    from renda.portal.selectors import portal_congress

    raw = request.GET.get("c")
    try:
        congress = portal_congress(int(raw) if raw and raw.isdigit() else None)
    except NotFoundError:
        raise Http404(_("门户不存在。")) from None
    return congress, {"congress": congress, "portal_cid": congress.pk if raw else None}


@require_GET
def public_list(request: HttpRequest) -> HttpResponse:
    congress, ctx = _portal(request)
    qs = Meeting.objects.published().filter(congress=congress).order_by("-starts_at")
    ctx["page"] = Paginator(qs, 20).get_page(request.GET.get("page"))
    return render(request, "meetings/public_list.html", ctx)


@require_GET
def public_detail(request: HttpRequest, pk: int) -> HttpResponse:
    congress, ctx = _portal(request)
    meeting = Meeting.objects.published().filter(pk=pk, congress=congress).first()
    if meeting is None:
        raise Http404(_("会议不存在。"))
    ctx.update(meeting=meeting, items=list(meeting.agenda.all()), documents=public_documents(meeting))
    return render(request, "meetings/public_detail.html", ctx)


# --- cancelled and postponed ----------------------------------------------------------------------


@meetings_page
@require_http_methods(["GET", "POST"])
def meeting_change(request: HttpRequest, pk: int, which: str) -> HttpResponse:
    """取消 / 延期 a meeting not yet opened: a form with the reason (and the new time)."""
    meeting = _meeting(request, pk)
    _ensure_manager(request, meeting)
    if which not in ("cancel", "postpone"):
        raise Http404(_("操作不存在。"))
    cancel = which == "cancel"
    initial = {}
    if not cancel:
        initial = {
            "starts_at": timezone.localtime(meeting.starts_at),
            "ends_at": timezone.localtime(meeting.ends_at),
        }
    form = (f.CancelForm if cancel else f.PostponeForm)(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            if cancel:
                services.meeting_cancel(actor=request.user, meeting=meeting, **form.cleaned_data)
            else:
                services.meeting_postpone(actor=request.user, meeting=meeting, **form.cleaned_data)
        except RendaError as exc:
            apply_service_error(form, exc)
        else:
            return _done(
                request,
                meeting,
                _("会议已取消,已通知参会人员。") if cancel else _("会议已延期,已通知参会人员。"),
            )
    return render(
        request,
        "meetings/change_form.html",
        {"form": form, "meeting": meeting, "cancel": cancel},
        status=400 if form.errors else 200,
    )


@meetings_page
@require_POST
def document_publish(request: HttpRequest, pk: int, doc_pk: int, action: str) -> HttpResponse:
    meeting = _meeting(request, pk)
    _ensure_manager(request, meeting)
    doc = MeetingDocument.objects.filter(meeting=meeting, pk=doc_pk).select_related("meeting").first()
    if doc is None or action not in ("publish", "unpublish"):
        raise Http404(_("文件不存在。"))
    try:
        services.document_publish(actor=request.user, document=doc, published=action == "publish")
    except RendaError as exc:
        messages.error(request, exc.message)
        return _done(request, meeting, anchor="documents")
    return _done(
        request,
        meeting,
        _("“%(t)s”已在门户公开。") % {"t": doc.title}
        if action == "publish"
        else _("已撤回公开“%(t)s”。") % {"t": doc.title},
        "documents",
    )


# --- plenary sessions -----------------------------------------------------------------------------


def _session(request: HttpRequest, pk: int) -> Meeting:
    meeting = _meeting(request, pk)
    _ensure_manager(request, meeting)
    if meeting.kind not in PLENARY_KINDS:
        raise Http404(_("会议不存在。"))
    return meeting


def _roll_users(session: Meeting) -> Any:
    from renda.core.models import User

    return User.objects.filter(
        meeting_seats__meeting=session, meeting_seats__role=MemberRole.MEMBER
    ).order_by("full_name")


@meetings_page
@require_POST
def members_add_roll(request: HttpRequest, pk: int) -> HttpResponse:
    session = _session(request, pk)
    try:
        n = services.members_add_plenary_roll(actor=request.user, meeting=session)
    except RendaError as exc:
        messages.error(request, exc.message)
        return _done(request, session, anchor="members")
    return _done(request, session, _("已加入 %(n)s 名本届代表。") % {"n": n}, "members")


@meetings_page
@require_http_methods(["GET", "POST"])
def session_bodies(request: HttpRequest, pk: int) -> HttpResponse:
    """代表团与主席团 of a plenary session: build delegations from the deputies' records, name heads,
    move deputies, the presidium, and the delegations' and presidium's meetings."""
    session = _session(request, pk)
    users = _roll_users(session)
    delegation_form = f.DelegationForm(users=users)
    presidium_form = f.PresidiumForm(users=users)
    meeting_form = f.SessionMeetingForm(session=session)
    status = 200
    if request.method == "POST":
        op = request.POST.get("op", "")
        try:
            if op == "build":
                created, added = services.delegations_build(actor=request.user, session=session)
                messages.success(
                    request, _("已组成 %(d)s 个代表团,编入 %(n)s 名代表。") % {"d": created, "n": added}
                )
            elif op == "delegation":
                target = Delegation.objects.filter(
                    session=session, pk=request.POST.get("delegation") or 0
                ).first()
                delegation_form = f.DelegationForm(request.POST, users=users)
                if not delegation_form.is_valid():
                    raise ValidationFailed(_("请检查代表团信息。"), field="name")
                services.delegation_save(actor=request.user, session=session, delegation=target,
                                         **delegation_form.cleaned_data)  # fmt: skip
                messages.success(request, _("代表团已保存。"))
            elif op == "delegation_member":
                target = Delegation.objects.filter(
                    session=session, pk=request.POST.get("delegation") or 0
                ).first()
                user = users.filter(pk=request.POST.get("user") or 0).first()
                if target is None:
                    raise ValidationFailed(_("请选择代表团。"), field="delegation")
                services.delegation_member_add(actor=request.user, delegation=target, user=user)
                messages.success(request, _("已编入代表团。"))
            elif op == "delegation_member_remove":
                row = DelegationMember.objects.filter(
                    session=session, pk=request.POST.get("row") or 0
                ).first()
                if row is None:
                    raise Http404(_("代表团成员不存在。"))
                services.delegation_member_remove(actor=request.user, row=row)
                messages.success(request, _("已移出代表团。"))
            elif op == "presidium":
                presidium_form = f.PresidiumForm(request.POST, users=users)
                if not presidium_form.is_valid():
                    raise ValidationFailed(_("请选择主席团成员。"), field="user")
                services.presidium_add(actor=request.user, session=session, **presidium_form.cleaned_data)
                messages.success(request, _("已加入主席团。"))
            elif op == "presidium_remove":
                prow = PresidiumMember.objects.filter(
                    session=session, pk=request.POST.get("row") or 0
                ).first()
                if prow is None:
                    raise Http404(_("主席团成员不存在。"))
                services.presidium_remove(actor=request.user, row=prow)
                messages.success(request, _("已移出主席团。"))
            elif op == "meeting":
                meeting_form = f.SessionMeetingForm(request.POST, session=session)
                if not meeting_form.is_valid():
                    raise ValidationFailed(_("请检查会议信息。"), field="title")
                d = dict(meeting_form.cleaned_data)
                d["delegation"] = Delegation.objects.filter(
                    session=session, pk=d.get("delegation") or 0
                ).first()
                created_meeting = services.session_meeting_create(actor=request.user, session=session, **d)
                return _done(request, created_meeting, _("会议已创建,参会人员已按名单加入。"))
            else:
                raise Http404(_("操作不存在。"))
        except RendaError as exc:
            form = {"delegation": delegation_form, "presidium": presidium_form, "meeting": meeting_form}.get(
                op
            )
            if form is not None and form.is_bound:
                apply_service_error(form, exc)
            messages.error(request, exc.message)
            status = 400
        else:
            return redirect(reverse("meetings:session_bodies", args=[session.pk]))
    delegations = list(
        Delegation.objects.filter(session=session)
        .select_related("head", "deputy_head")
        .prefetch_related("members__user")
    )
    return render(
        request,
        "meetings/session_bodies.html",
        {
            "meeting": session,
            "delegations": delegations,
            "presidium": list(PresidiumMember.objects.filter(session=session).select_related("user")),
            "unplaced": users.exclude(
                pk__in=DelegationMember.objects.filter(session=session).values("user_id")
            ),
            "users": users,
            "delegation_form": delegation_form,
            "presidium_form": presidium_form,
            "meeting_form": meeting_form,
            "sub_meetings": list(session_meetings(session)),
        },
        status=status,
    )
