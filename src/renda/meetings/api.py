"""The meetings API (``/api/v1/meetings``): list, detail with agenda, quorum and attendance, sign-in
and leave — through the same selectors and services, with the same permission as the pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema

from renda.api.schemas import ErrorOut, InputSchema, PageParams, page_of, paginate
from renda.api.schemas import text as txt
from renda.core.errors import PermissionDeniedError, ValidationFailed
from renda.core.models import User
from renda.core.permissions import ensure_can_view
from renda.core.scopes import scope_of

from . import services
from .choices import MeetingKind, MeetingState, SignInMethod
from .selectors import attendance_rows, get_meeting_for, quorum, search_meetings

router = Router(tags=["会议与考勤"])
ERRORS = {400: ErrorOut, 403: ErrorOut, 404: ErrorOut, 409: ErrorOut}
RESOURCE = "meetings"


class MeetingOut(Schema):
    id: int
    congress: str = Field(..., description="人大")
    kind: str = Field(..., description="会议类别代码")
    kind_label: str = Field(..., description="会议类别")
    number: int = Field(..., description="本届会次")
    title: str = Field(..., description="会议名称")
    starts_at: dt.datetime = Field(..., description="开始时间")
    ends_at: dt.datetime = Field(..., description="结束时间")
    place: str = Field(..., description="地点")
    state: str = Field(..., description="状态代码")
    state_label: str = Field(..., description="状态")
    documents_published: bool = Field(..., description="至少有一份会议文件已公开")
    change_reason: str = Field("", description="取消或延期原因")
    postponed_from: dt.datetime | None = Field(None, description="延期会议的原定开始时间")

    @staticmethod
    def resolve_congress(o: Any) -> str:
        return o.congress.name

    @staticmethod
    def resolve_kind_label(o: Any) -> str:
        return str(o.get_kind_display())

    @staticmethod
    def resolve_state_label(o: Any) -> str:
        return str(o.get_state_display())


class MeetingAgendaItemOut(Schema):
    order: int
    kind: str
    kind_label: str
    title: str
    subject_type: str
    subject_id: int | None
    presenter: str


class MeetingQuorumOut(Schema):
    members: int = Field(..., description="应到(有表决权的组成人员)")
    present: int = Field(..., description="实到(已签到且未准假)")
    required: int = Field(..., description="法定人数")
    reached: bool = Field(..., description="是否达到法定人数")
    rule: str = Field(..., description="法定人数规则")


class MeetingAttendanceOut(Schema):
    user_id: int
    name: str
    role: str = Field(..., description="member 出席(有表决权)/ invitee 列席")
    capacity: str
    status: str = Field(..., description="present / late / leave / absent / pending")
    status_label: str
    signed_in_at: dt.datetime | None
    minutes_late: int
    leave_reason: str


class MeetingCancelIn(InputSchema):
    reason: txt(300, min_length=1) = Field(..., description="取消原因")  # type: ignore[valid-type]


class MeetingPostponeIn(InputSchema):
    reason: txt(300, min_length=1) = Field(..., description="延期原因")  # type: ignore[valid-type]
    starts_at: dt.datetime = Field(..., description="新的开始时间")
    ends_at: dt.datetime = Field(..., description="新的结束时间")


class MeetingDocumentOut(Schema):
    id: int
    title: str
    is_public: bool = Field(..., description="已在门户公开")
    published_at: dt.datetime | None


class MeetingDocumentPublishIn(InputSchema):
    public: bool = Field(..., description="true 在门户公开;false 撤回公开")


class MeetingDetailOut(MeetingOut):
    agenda: list[MeetingAgendaItemOut]
    quorum: MeetingQuorumOut
    attendance: list[MeetingAttendanceOut]

    @staticmethod
    def resolve_agenda(o: Any) -> list[dict[str, Any]]:
        return [
            {"order": i.order, "kind": i.kind, "kind_label": i.kind_label, "title": i.title,
             "subject_type": i.subject_type, "subject_id": i.subject_id, "presenter": i.presenter}
            for i in o.agenda.all()
        ]  # fmt: skip

    @staticmethod
    def resolve_quorum(o: Any) -> dict[str, Any]:
        return _quorum(o)

    @staticmethod
    def resolve_attendance(o: Any) -> list[dict[str, Any]]:
        return [
            {"user_id": r.member.user_id, "name": r.member.user.display_name, "role": r.member.role,
             "capacity": r.member.capacity, "status": r.status, "status_label": r.status_label,
             "signed_in_at": r.signed_in_at, "minutes_late": r.minutes_late, "leave_reason": r.reason}
            for r in attendance_rows(o)
        ]  # fmt: skip


class MeetingQuery(PageParams):
    q: str = Field("", max_length=100, description="搜索会议名称、地点、议题")
    kind: str = Field("", max_length=30, description="会议类别代码")
    state: str = Field("", max_length=20, description="状态代码")
    year: int | None = Field(None, ge=2000, le=2100, description="年度")
    mine: bool = Field(False, description="只看我参加的")


class MeetingSignInIn(InputSchema):
    method: str = Field(
        "self",
        max_length=8,
        description="self 本人签到;qr 扫码签到(须带 token);desk 工作人员代签(须带 user_id)",
    )
    token: txt(200) = ""  # type: ignore[valid-type]
    user_id: int | None = Field(None, ge=1, le=2**53, description="代签人员(desk)")


class MeetingSignInOut(Schema):
    user_id: int
    signed_in_at: dt.datetime
    method: str
    minutes_late: int
    quorum: MeetingQuorumOut


class MeetingLeaveIn(InputSchema):
    reason: txt(500, min_length=1) = Field(..., description="请假事由")  # type: ignore[valid-type]


class MeetingLeaveDecisionIn(InputSchema):
    approve: bool = Field(..., description="true 准假;false 不准假")
    note: txt(300) = ""  # type: ignore[valid-type]


class MeetingLeaveOut(Schema):
    id: int
    meeting_id: int
    user_id: int
    reason: str
    state: str
    state_label: str
    decision_note: str

    @staticmethod
    def resolve_state_label(o: Any) -> str:
        return str(o.get_state_display())


def _quorum(meeting: Any) -> dict[str, Any]:
    q = quorum(meeting)
    return {
        "members": q.members,
        "present": q.present,
        "required": q.required,
        "reached": q.reached,
        "rule": q.rule_label,
    }


@router.get("", response={200: page_of(MeetingOut, "MeetingPage"), **ERRORS}, summary="会议列表")
def list_meetings(request: Any, params: Query[MeetingQuery]) -> Any:
    """与“会议”页面同一权限:人大工作人员、领导看本级及下级的会议;代表和列席人员看自己参加的会议。"""
    ensure_can_view(request.auth, RESOURCE)
    qs = search_meetings(
        request.auth, q=params.q.strip(), kind=params.kind if params.kind in MeetingKind.values else "",
        state=params.state if params.state in MeetingState.values else "", year=params.year, mine=params.mine,
    )  # fmt: skip
    return paginate(qs, params)


@router.get(
    "/{meeting_id}", response={200: MeetingDetailOut, **ERRORS}, summary="一次会议(议程、法定人数、出席情况)"
)
def get_meeting(request: Any, meeting_id: int) -> Any:
    ensure_can_view(request.auth, RESOURCE)
    return get_meeting_for(request.auth, meeting_id)


@router.post("/{meeting_id}/sign-in", response={200: MeetingSignInOut, **ERRORS}, summary="签到")
def sign_in(request: Any, meeting_id: int, payload: MeetingSignInIn) -> Any:
    """本人签到(self)、扫码签到(qr,token 为会场二维码中的签名)或工作人员代签(desk)。"""
    ensure_can_view(request.auth, RESOURCE)
    meeting = get_meeting_for(request.auth, meeting_id)
    if payload.method not in SignInMethod.values:
        raise ValidationFailed(_("签到方式无效。"), field="method")
    user = None
    if payload.method == SignInMethod.DESK:
        if not scope_of(request.auth).has_in(meeting.congress_id, "staff"):
            raise PermissionDeniedError(_("只有本级人大工作人员可以代为签到。"))
        user = User.objects.filter(pk=payload.user_id or 0, meeting_seats__meeting=meeting).first()
        if user is None:
            raise ValidationFailed(_("请选择本次会议的参会人员。"), field="user_id")
    a = services.sign_in(
        actor=request.auth, meeting=meeting, method=payload.method, user=user, token=payload.token
    )
    return {"user_id": a.user_id, "signed_in_at": a.signed_in_at, "method": a.method,
            "minutes_late": a.minutes_late, "quorum": _quorum(meeting)}  # fmt: skip


@router.post("/{meeting_id}/leave", response={200: MeetingLeaveOut, **ERRORS}, summary="请假")
def leave_request(request: Any, meeting_id: int, payload: MeetingLeaveIn) -> Any:
    ensure_can_view(request.auth, RESOURCE)
    meeting = get_meeting_for(request.auth, meeting_id)
    return services.leave_request(actor=request.auth, meeting=meeting, reason=payload.reason)


@router.post("/leave/{leave_id}/decide", response={200: MeetingLeaveOut, **ERRORS}, summary="审批请假")
def leave_decide(request: Any, leave_id: int, payload: MeetingLeaveDecisionIn) -> Any:
    ensure_can_view(request.auth, RESOURCE)
    leave = services.get_leave_for(request.auth, leave_id)
    return services.leave_decide(actor=request.auth, leave=leave, approve=payload.approve, note=payload.note)


def _managed(request: Any, meeting_id: int) -> Any:
    ensure_can_view(request.auth, RESOURCE)
    meeting = get_meeting_for(request.auth, meeting_id)
    services.ensure_manages(request.auth, meeting.congress_id)
    return meeting


@router.post("/{meeting_id}/cancel", response={200: MeetingOut, **ERRORS}, summary="取消会议")
def cancel_meeting(request: Any, meeting_id: int, payload: MeetingCancelIn) -> Any:
    """本级人大工作人员取消尚未开始的会议;已发出通知的会议通知全体参会和列席人员。"""
    return services.meeting_cancel(
        actor=request.auth, meeting=_managed(request, meeting_id), reason=payload.reason
    )


@router.post("/{meeting_id}/postpone", response={200: MeetingOut, **ERRORS}, summary="会议延期")
def postpone_meeting(request: Any, meeting_id: int, payload: MeetingPostponeIn) -> Any:
    """已发出通知、尚未开始的会议改到新的时间;通知全体参会和列席人员,原有请假失效。"""
    return services.meeting_postpone(
        actor=request.auth, meeting=_managed(request, meeting_id), reason=payload.reason,
        starts_at=payload.starts_at, ends_at=payload.ends_at,
    )  # fmt: skip


@router.post(
    "/{meeting_id}/documents/{document_id}/publish",
    response={200: MeetingDocumentOut, **ERRORS},
    summary="公开或撤回一份会议文件",
)
def publish_document(
    request: Any, meeting_id: int, document_id: int, payload: MeetingDocumentPublishIn
) -> Any:
    meeting = _managed(request, meeting_id)
    from .models import MeetingDocument

    doc = MeetingDocument.objects.filter(meeting=meeting, pk=document_id).select_related("meeting").first()
    if doc is None:
        from renda.core.errors import NotFoundError

        raise NotFoundError(_("文件不存在。"))
    return services.document_publish(actor=request.auth, document=doc, published=payload.public)


class DelegationOut(Schema):
    id: int | None = Field(None, description="代表团(未编入代表团的代表为空)")
    name: str = Field(..., description="代表团名称")
    head: str = Field(..., description="团长")
    members: int = Field(..., description="应到")
    present: int = Field(..., description="实到")
    late: int = Field(..., description="迟到")
    leave: int = Field(..., description="请假")
    absent: int = Field(..., description="未签到(闭会后为缺席)")
    rate: str = Field(..., description="出席率")


class SessionBodiesOut(Schema):
    delegations: list[DelegationOut]
    presidium: list[dict[str, Any]] = Field(..., description="主席团成员:user_id、姓名、职务")
    meetings: list[MeetingOut] = Field(..., description="大会期间的代表团会议和主席团会议")


@router.get(
    "/{meeting_id}/session",
    response={200: SessionBodiesOut, **ERRORS},
    summary="大会的代表团、主席团和分组会议",
)
def session_bodies(request: Any, meeting_id: int) -> Any:
    """人民代表大会会议:各代表团出席情况、主席团成员、大会期间的代表团会议和主席团会议。"""
    from .choices import PLENARY_KINDS
    from .models import PresidiumMember
    from .selectors import delegation_attendance, session_meetings

    ensure_can_view(request.auth, RESOURCE)
    meeting = get_meeting_for(request.auth, meeting_id)
    if meeting.kind not in PLENARY_KINDS:
        raise ValidationFailed(_("只有人民代表大会会议设代表团和主席团。"), field="meeting_id")
    return {
        "delegations": [
            {"id": r.delegation_id, "name": r.name, "head": r.head, "members": r.members, "present": r.present,
             "late": r.late, "leave": r.leave, "absent": r.absent, "rate": r.rate}
            for r in delegation_attendance(meeting)
        ],
        "presidium": [
            {"user_id": p.user_id, "name": p.user.display_name, "role": str(p.get_role_display())}
            for p in PresidiumMember.objects.filter(session=meeting).select_related("user")
        ],
        "meetings": list(session_meetings(meeting).select_related("congress")),
    }  # fmt: skip
