"""Business rules of meetings: scheduling, members, agenda, documents, sign-in, leave, attendance.

Congress staff (of the meeting's congress) schedule and run meetings; members and invitees sign in
and ask for leave; the chair — or the role the congress configures for the kind — decides leave.
Every change is audited in its own transaction.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.core import signing
from django.db import IntegrityError, transaction
from django.db.models import Max, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from renda.audit.services import record_event
from renda.core import clock
from renda.core.errors import ConflictError, NotFoundError, PermissionDeniedError, ValidationFailed
from renda.core.models import Congress, Organization, Term, User
from renda.core.scopes import scope_of

from . import agenda as agenda_registry
from .choices import (
    BEFORE_OPEN_STATES,
    PLENARY_KINDS,
    SESSION_KINDS,
    LeaveDecider,
    LeaveState,
    MeetingKind,
    MeetingState,
    MemberRole,
    PresidiumRole,
    SignInMethod,
)
from .models import (
    AgendaItem,
    Attendance,
    AttendanceReport,
    Delegation,
    DelegationMember,
    LeaveRequest,
    Meeting,
    MeetingDocument,
    MeetingKindSetting,
    MeetingMember,
    PresidiumMember,
)

# How early before the start a member may sign in, and how long a door QR code stays valid.
SIGN_IN_OPENS_BEFORE = dt.timedelta(hours=2)
QR_SALT = "renda.meetings.sign_in"


def qr_max_age() -> int:
    return int(getattr(settings, "RENDA_MEETING_QR_MAX_AGE", 300))


# --- helpers --------------------------------------------------------------------------------------


def _text(
    value: Any, field: str, label: str, max_len: int, *, required: bool = False, min_len: int = 0
) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ValidationFailed(_("请填写%(f)s。") % {"f": label}, field=field)
    if text and len(text) < min_len:
        raise ValidationFailed(_("%(f)s至少%(n)s个字。") % {"f": label, "n": min_len}, field=field)
    if len(text) > max_len:
        raise ValidationFailed(_("%(f)s不能超过%(n)s个字。") % {"f": label, "n": max_len}, field=field)
    return text


def ensure_manages(actor: Any, congress_id: int) -> None:
    if not scope_of(actor).has_in(congress_id, "staff"):
        raise PermissionDeniedError(_("只有本级人大工作人员可以安排会议。"))


def _lock(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)


def _editable(meeting: Meeting) -> None:
    if meeting.state == MeetingState.CLOSED:
        raise ConflictError(_("会议已结束,不能再修改。"))
    if meeting.state == MeetingState.CANCELLED:
        raise ConflictError(_("会议已取消,不能再修改。"))


def _audit(actor: Any, action: str, target: Any, *, meeting: Meeting | None = None, **after: Any) -> None:
    congress = meeting.congress if meeting is not None else getattr(target, "congress", None)
    record_event(actor=actor, action=action, target=target, congress=congress, after=after or None)
    if meeting is not None:
        _changed(meeting)


def _changed(meeting: Meeting) -> None:
    """The live quorum learns of it (after commit; on PostgreSQL every process by NOTIFY)."""
    from . import live

    live.changed(meeting.pk)


def _snapshot(meeting: Meeting) -> dict[str, Any]:
    return {
        "title": meeting.title,
        "starts_at": meeting.starts_at.isoformat() if meeting.starts_at else "",
        "ends_at": meeting.ends_at.isoformat() if meeting.ends_at else "",
        "place": meeting.place,
        "number": meeting.number,
        "state": meeting.state,
    }


def next_number(congress: Any, kind: str, term: Any, organization: Any = None) -> int:
    found = Meeting.objects.filter(
        congress=congress, kind=kind, term=term, organization=organization
    ).aggregate(n=Max("number"))["n"]
    return (found or 0) + 1


def _check_times(starts_at: Any, ends_at: Any) -> None:
    if not isinstance(starts_at, dt.datetime):
        raise ValidationFailed(_("请填写开始时间。"), field="starts_at")
    if not isinstance(ends_at, dt.datetime):
        raise ValidationFailed(_("请填写结束时间。"), field="ends_at")
    if ends_at < starts_at:
        raise ValidationFailed(_("结束时间不能早于开始时间。"), field="ends_at")
    if ends_at - starts_at > dt.timedelta(days=10):
        raise ValidationFailed(_("一次会议不能超过10天。"), field="ends_at")


# --- meetings -------------------------------------------------------------------------------------


def meeting_create(
    *,
    actor: Any,
    congress: Congress,
    kind: str,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str,
    term: Term | None = None,
    number: int | None = None,
    organization: Organization | None = None,
    chair: User | None = None,
    description: str = "",
) -> Meeting:
    """A new meeting in draft; its number is the next in the term unless given."""
    ensure_manages(actor, congress.pk)
    if kind not in MeetingKind.values or kind in SESSION_KINDS:
        raise ValidationFailed(_("请选择会议类别。"), field="kind")
    if kind == MeetingKind.STANDING_COMMITTEE and not congress.has_standing_committee:
        raise ValidationFailed(_("乡镇人大不设常委会。"), field="kind")
    term = term or Term.objects.filter(congress=congress, is_current=True).first()
    if term is None or term.congress_id != congress.pk:
        raise ValidationFailed(_("请选择本级人大的届次。"), field="term")
    if organization is not None and organization.congress_id != congress.pk:
        raise ValidationFailed(_("请选择本级人大的机构。"), field="organization")
    if kind == MeetingKind.SPECIAL_COMMITTEE and organization is None:
        raise ValidationFailed(_("专门委员会会议须选择召开的委员会。"), field="organization")
    title = _text(title, "title", _("会议名称"), 200, required=True, min_len=4)
    place = _text(place, "place", _("地点"), 120, required=True)
    _check_times(starts_at, ends_at)
    if chair is not None and not scope_of(chair).has_in(congress.pk, "leader", "staff", "deputy"):
        raise ValidationFailed(_("主持人须为本级人大的领导或组成人员。"), field="chair")
    with transaction.atomic():
        if number is None:
            number = next_number(congress, kind, term, organization)
        if not isinstance(number, int) or number < 1 or number > 999:
            raise ValidationFailed(_("会次须为1到999之间的整数。"), field="number")
        if Meeting.objects.filter(
            congress=congress, kind=kind, term=term, organization=organization, number=number
        ).exists():
            raise ValidationFailed(_("本届已有第%(n)s次同类会议。") % {"n": number}, field="number")
        meeting = Meeting.objects.create(
            congress=congress, kind=kind, term=term, number=number, organization=organization, title=title,
            starts_at=starts_at, ends_at=ends_at, place=place, chair=chair,
            description=_text(description, "description", _("会议说明"), 5000), created_by=actor,
        )  # fmt: skip
        _audit(actor, "meeting.create", meeting, meeting=meeting, **_snapshot(meeting))
    return meeting


def meeting_update(
    *,
    actor: Any,
    meeting: Meeting,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str,
    chair: User | None = None,
    description: str = "",
) -> Meeting:
    ensure_manages(actor, meeting.congress_id)
    title = _text(title, "title", _("会议名称"), 200, required=True, min_len=4)
    place = _text(place, "place", _("地点"), 120, required=True)
    _check_times(starts_at, ends_at)
    with transaction.atomic():
        meeting = _lock(meeting)
        _editable(meeting)
        before = _snapshot(meeting)
        meeting.title, meeting.starts_at, meeting.ends_at, meeting.place = title, starts_at, ends_at, place
        meeting.chair = chair
        meeting.description = _text(description, "description", _("会议说明"), 5000)
        meeting.save()
        record_event(actor=actor, action="meeting.update", target=meeting, congress=meeting.congress,
                     before=before, after=_snapshot(meeting))  # fmt: skip
        _changed(meeting)
    return meeting


def meeting_schedule(*, actor: Any, meeting: Meeting) -> Meeting:
    """草稿 → 已安排: members and invitees see it and may ask leave."""
    ensure_manages(actor, meeting.congress_id)
    with transaction.atomic():
        meeting = _lock(meeting)
        if meeting.state != MeetingState.DRAFT:
            raise ConflictError(_("只有草稿状态的会议可以发出通知。"))
        if not MeetingMember.objects.filter(meeting=meeting, role=MemberRole.MEMBER).exists():
            raise ValidationFailed(_("请先确定出席会议的组成人员。"), field="members")
        if not AgendaItem.objects.filter(meeting=meeting).exists():
            raise ValidationFailed(_("请先拟定会议议程。"), field="agenda")
        meeting.state = MeetingState.SCHEDULED
        meeting.save(update_fields=["state", "updated_at"])
        _audit(actor, "meeting.schedule", meeting, meeting=meeting, state=meeting.state)
    return meeting


def meeting_open(*, actor: Any, meeting: Meeting) -> Meeting:
    """已安排 → 进行中."""
    ensure_manages(actor, meeting.congress_id)
    with transaction.atomic():
        meeting = _lock(meeting)
        if meeting.state not in BEFORE_OPEN_STATES:
            raise ConflictError(_("只有已安排的会议可以宣布开始。"))
        meeting.state = MeetingState.IN_PROGRESS
        meeting.opened_at = clock.now()
        meeting.save(update_fields=["state", "opened_at", "updated_at"])
        from .selectors import quorum

        q = quorum(meeting)
        _audit(actor, "meeting.open", meeting, meeting=meeting, state=meeting.state,
               present=q.present, members=q.members, quorum=q.reached)  # fmt: skip
    return meeting


def meeting_close(*, actor: Any, meeting: Meeting) -> Meeting:
    """进行中 → 已结束: pending leave requests lapse; the attendance list is final."""
    ensure_manages(actor, meeting.congress_id)
    with transaction.atomic():
        meeting = _lock(meeting)
        if meeting.state != MeetingState.IN_PROGRESS:
            raise ConflictError(_("只有进行中的会议可以宣布结束。"))
        meeting.state = MeetingState.CLOSED
        meeting.closed_at = clock.now()
        meeting.save(update_fields=["state", "closed_at", "updated_at"])
        lapsed = LeaveRequest.objects.filter(meeting=meeting, state=LeaveState.PENDING)
        n = lapsed.update(
            state=LeaveState.REFUSED, decided_at=meeting.closed_at, decision_note=_("会议结束时未审批")
        )
        _audit(actor, "meeting.close", meeting, meeting=meeting, state=meeting.state, lapsed_leave=n)
    return meeting


def _sync_published(meeting: Meeting) -> None:
    """Keep the meeting's flag in step: published while at least one document is public."""
    first = (
        MeetingDocument.objects.filter(meeting=meeting, is_public=True)
        .order_by("published_at")
        .values_list("published_at", flat=True)
        .first()
    )
    any_public = MeetingDocument.objects.filter(meeting=meeting, is_public=True).exists()
    meeting.documents_published = any_public
    meeting.documents_published_at = first if any_public else None
    meeting.save(update_fields=["documents_published", "documents_published_at", "updated_at"])


def _check_publishable(meeting: Meeting) -> None:
    if meeting.state == MeetingState.DRAFT:
        raise ConflictError(_("会议尚未安排,不能公开文件。"))


def document_publish(*, actor: Any, document: MeetingDocument, published: bool = True) -> MeetingDocument:
    """Publish one document on the portal (会议公开), or withdraw it; the others keep their state."""
    ensure_manages(actor, document.meeting.congress_id)
    with transaction.atomic():
        meeting = _lock(document.meeting)
        _check_publishable(meeting)
        document = MeetingDocument.objects.select_for_update().get(pk=document.pk)
        if document.is_public == bool(published):
            raise ConflictError(_("该文件已公开。") if published else _("该文件尚未公开。"))
        document.is_public = bool(published)
        document.published_at = clock.now() if published else None
        document.save(update_fields=["is_public", "published_at"])
        _sync_published(meeting)
        _audit(actor, "meeting.document_publish" if published else "meeting.document_unpublish", meeting,
               meeting=meeting, title=document.title, document=document.pk)  # fmt: skip
    return document


def documents_publish(*, actor: Any, meeting: Meeting, published: bool = True) -> Meeting:
    """Publish every document of the meeting not yet public (or withdraw all of them)."""
    ensure_manages(actor, meeting.congress_id)
    with transaction.atomic():
        meeting = _lock(meeting)
        _check_publishable(meeting)
        docs = MeetingDocument.objects.filter(meeting=meeting, is_public=not published)
        titles = list(docs.values_list("title", flat=True))
        if not titles:
            raise ConflictError(_("没有可公开的会议文件。") if published else _("没有已公开的会议文件。"))
        docs.update(is_public=bool(published), published_at=clock.now() if published else None)
        _sync_published(meeting)
        _audit(actor, "meeting.publish" if published else "meeting.unpublish", meeting, meeting=meeting,
               documents=titles, documents_published=meeting.documents_published)  # fmt: skip
    return meeting


# --- cancelled and postponed ---------------------------------------------------------------------


def _notify_roll(meeting: Meeting, *, verb: str, title: str, body: str) -> int:
    """Tell every member and invitee (in the app, by email and by text message)."""
    from django.urls import reverse

    from renda.notifications.services import notify

    users = list(MeetingMember.objects.filter(meeting=meeting).values_list("user_id", flat=True))
    if not users:
        return 0
    rows = notify(recipients=users, verb=verb, title=title, body=body, congress=meeting.congress,
                  url=reverse("meetings:detail", args=[meeting.pk]), sms=True)  # fmt: skip
    return len(rows)


def _lapse_leave(meeting: Meeting, note: str) -> int:
    """Leave asked for the old date lapses (a postponed meeting: ask again for the new one)."""
    return LeaveRequest.objects.filter(
        meeting=meeting, state__in=[LeaveState.PENDING, LeaveState.APPROVED]
    ).update(state=LeaveState.WITHDRAWN, decision_note=note[:300])


def meeting_cancel(*, actor: Any, meeting: Meeting, reason: str) -> Meeting:
    """取消会议: a meeting not yet opened is called off, with a reason; everyone on the roll is told."""
    ensure_manages(actor, meeting.congress_id)
    reason = _text(reason, "reason", _("取消原因"), 300, required=True, min_len=4)
    with transaction.atomic():
        meeting = _lock(meeting)
        if meeting.state not in (MeetingState.DRAFT, *BEFORE_OPEN_STATES):
            raise ConflictError(_("会议已开始或已结束,不能取消。"))
        if Attendance.objects.filter(meeting=meeting).exists():
            raise ConflictError(_("已有人员签到,不能取消会议。"))
        announced = meeting.state != MeetingState.DRAFT
        before = _snapshot(meeting)
        meeting.state = MeetingState.CANCELLED
        meeting.change_reason = reason
        meeting.changed_at = clock.now()
        meeting.save(update_fields=["state", "change_reason", "changed_at", "updated_at"])
        lapsed = _lapse_leave(meeting, _("会议已取消"))
        told = 0
        if announced:
            told = _notify_roll(
                meeting, verb="meeting.cancelled",
                title=_("会议取消:%(t)s") % {"t": meeting.title},
                body=_("原定%(when)s在%(place)s召开的%(t)s取消。原因:%(r)s") % {
                    "when": f"{local(meeting.starts_at):%Y-%m-%d %H:%M}", "place": meeting.place,
                    "t": meeting.title, "r": reason},
            )  # fmt: skip
        record_event(actor=actor, action="meeting.cancel", target=meeting, congress=meeting.congress,
                     before=before, after={**_snapshot(meeting), "reason": reason, "notified": told,
                                           "lapsed_leave": lapsed})  # fmt: skip
        _changed(meeting)
    return meeting


def meeting_postpone(
    *, actor: Any, meeting: Meeting, reason: str, starts_at: dt.datetime, ends_at: dt.datetime
) -> Meeting:
    """延期: an announced meeting moves to a later date, with a reason; the roll is told, leave asked
    for the old date lapses. It may be postponed again; it opens at the new time as scheduled."""
    ensure_manages(actor, meeting.congress_id)
    reason = _text(reason, "reason", _("延期原因"), 300, required=True, min_len=4)
    _check_times(starts_at, ends_at)
    with transaction.atomic():
        meeting = _lock(meeting)
        if meeting.state not in BEFORE_OPEN_STATES:
            raise ConflictError(_("只有已发出通知、尚未开始的会议可以延期。"))
        if starts_at <= meeting.starts_at:
            raise ValidationFailed(_("新的开始时间须晚于原定时间。"), field="starts_at")
        if starts_at <= clock.now():
            raise ValidationFailed(_("新的开始时间须在今后。"), field="starts_at")
        if Attendance.objects.filter(meeting=meeting).exists():
            raise ConflictError(_("已有人员签到,不能延期。"))
        before = _snapshot(meeting)
        old_start = meeting.starts_at
        meeting.postponed_from = meeting.postponed_from or old_start
        meeting.starts_at, meeting.ends_at = starts_at, ends_at
        meeting.state = MeetingState.POSTPONED
        meeting.change_reason = reason
        meeting.changed_at = clock.now()
        meeting.attendance_announced_at = None
        meeting.save()
        lapsed = _lapse_leave(meeting, _("会议延期,原请假失效"))
        told = _notify_roll(
            meeting, verb="meeting.postponed",
            title=_("会议延期:%(t)s") % {"t": meeting.title},
            body=_("%(t)s由%(old)s延期至%(new)s召开,地点%(place)s。原因:%(r)s。如需请假请重新提出。") % {
                "t": meeting.title, "old": f"{local(old_start):%Y-%m-%d %H:%M}",
                "new": f"{local(starts_at):%Y-%m-%d %H:%M}", "place": meeting.place, "r": reason},
        )  # fmt: skip
        record_event(actor=actor, action="meeting.postpone", target=meeting, congress=meeting.congress,
                     before=before, after={**_snapshot(meeting), "reason": reason, "notified": told,
                                           "lapsed_leave": lapsed})  # fmt: skip
        _changed(meeting)
    return meeting


def minutes_update(
    *, actor: Any, meeting: Meeting, summary: str, item_texts: dict[int, str] | None = None
) -> Meeting:
    """The text of the minutes: a summary, and what was said or decided on each agenda item."""
    ensure_manages(actor, meeting.congress_id)
    summary = _text(summary, "summary", _("会议纪要正文"), 20000)
    texts = {int(k): _text(v, f"item_{k}", _("议程纪要"), 10000) for k, v in (item_texts or {}).items()}
    with transaction.atomic():
        meeting = _lock(meeting)
        if meeting.state in (MeetingState.DRAFT, MeetingState.CANCELLED):
            raise ConflictError(_("会议尚未安排,不能编写纪要。"))
        meeting.minutes_summary = summary
        meeting.save(update_fields=["minutes_summary", "updated_at"])
        changed = 0
        for item in AgendaItem.objects.filter(meeting=meeting, pk__in=list(texts)):
            if item.minutes_text != texts[item.pk]:
                item.minutes_text = texts[item.pk]
                item.save(update_fields=["minutes_text"])
                changed += 1
        _audit(actor, "meeting.minutes_update", meeting, meeting=meeting, items=changed)
    return meeting


# --- members --------------------------------------------------------------------------------------


def member_add(
    *,
    actor: Any,
    meeting: Meeting,
    user: User,
    role: str = MemberRole.MEMBER,
    capacity: str = "",
    seat: str = "",
) -> MeetingMember:
    ensure_manages(actor, meeting.congress_id)
    if role not in MemberRole.values:
        raise ValidationFailed(_("请选择参会身份。"), field="role")
    if user is None or not user.is_active:
        raise ValidationFailed(_("请选择参会人员。"), field="user")
    capacity = _text(capacity, "capacity", _("职务或列席身份"), 120)
    if role == MemberRole.INVITEE and not capacity:
        raise ValidationFailed(_("请填写列席人员的身份,例如“县人民政府副县长”。"), field="capacity")
    seat = _text(seat, "seat", _("座位"), 20)
    with transaction.atomic():
        meeting = _lock(meeting)
        _editable(meeting)
        if MeetingMember.objects.filter(meeting=meeting, user=user).exists():
            raise ValidationFailed(_("%(u)s已在参会名单中。") % {"u": user.display_name}, field="user")
        order = (MeetingMember.objects.filter(meeting=meeting).aggregate(n=Max("sort_order"))["n"] or 0) + 10
        member = MeetingMember.objects.create(
            meeting=meeting, user=user, role=role, capacity=capacity, seat=seat, sort_order=order
        )
        _audit(actor, "meeting.member_add", meeting, meeting=meeting, user=user.display_name, role=role)
    return member


def member_remove(*, actor: Any, member: MeetingMember) -> None:
    meeting = member.meeting
    ensure_manages(actor, meeting.congress_id)
    with transaction.atomic():
        meeting = _lock(meeting)
        _editable(meeting)
        if Attendance.objects.filter(meeting=meeting, user_id=member.user_id).exists():
            raise ConflictError(_("已签到的人员不能移出名单。"))
        name = member.user.display_name
        member.delete()
        _audit(actor, "meeting.member_remove", meeting, meeting=meeting, user=name)


def standing_committee_users(congress: Congress) -> list[tuple[User, str]]:
    """The standing committee's members of the current term (with their position), for the roll."""
    from renda.deputies.models import DeputyMandate

    term = Term.objects.filter(congress=congress, is_current=True).first()
    mandates = (
        DeputyMandate.objects.filter(
            congress=congress, term=term, is_standing_committee_member=True, ended_on__isnull=True,
            deputy__user__isnull=False, deputy__user__is_active=True,
        )
        .select_related("deputy__user")
        .order_by("pk")
    )  # fmt: skip
    return [(m.deputy.user, m.get_sc_position_display() if m.sc_position else "") for m in mandates]


def members_add_standing_committee(*, actor: Any, meeting: Meeting) -> int:
    """Put every current standing-committee member on the roll (those not yet on it)."""
    ensure_manages(actor, meeting.congress_id)
    added = 0
    with transaction.atomic():
        on = set(MeetingMember.objects.filter(meeting=meeting).values_list("user_id", flat=True))
        for user, position in standing_committee_users(meeting.congress):
            if user.pk not in on:
                member_add(actor=actor, meeting=meeting, user=user, role=MemberRole.MEMBER, capacity=position)
                added += 1
    if not added:
        raise ValidationFailed(_("没有可加入的常委会组成人员。"), field="members")
    return added


# --- agenda ---------------------------------------------------------------------------------------


def _subject(kind: str, subject: str, actor: Any, meeting: Meeting) -> tuple[str, int | None]:
    if not subject:
        return "", None
    offered = dict(agenda_registry.subject_choices_for(kind, actor, meeting))
    if subject not in offered:
        raise ValidationFailed(_("请从列表中选择关联事项。"), field="subject")
    subject_type, _sep, raw = subject.rpartition(":")
    try:
        return subject_type, int(raw)
    except ValueError:
        raise ValidationFailed(_("请从列表中选择关联事项。"), field="subject") from None


def agenda_item_add(
    *,
    actor: Any,
    meeting: Meeting,
    kind: str,
    title: str,
    subject: str = "",
    presenter: str = "",
    notes: str = "",
) -> AgendaItem:
    ensure_manages(actor, meeting.congress_id)
    if agenda_registry.get_kind(kind) is None:
        raise ValidationFailed(_("请选择议程类别。"), field="kind")
    title = _text(title, "title", _("议题"), 300, required=True, min_len=4)
    presenter = _text(presenter, "presenter", _("汇报人"), 120)
    notes = _text(notes, "notes", _("说明"), 5000)
    subject_type, subject_id = _subject(kind, subject, actor, meeting)
    with transaction.atomic():
        meeting = _lock(meeting)
        _editable(meeting)
        order = (AgendaItem.objects.filter(meeting=meeting).aggregate(n=Max("order"))["n"] or 0) + 1
        item = AgendaItem.objects.create(
            meeting=meeting, order=order, kind=kind, title=title, subject_type=subject_type,
            subject_id=subject_id, presenter=presenter, notes=notes,
        )  # fmt: skip
        _audit(actor, "meeting.agenda_add", meeting, meeting=meeting, order=order, title=title, kind=kind)
    return item


def agenda_item_remove(*, actor: Any, item: AgendaItem) -> None:
    meeting = item.meeting
    ensure_manages(actor, meeting.congress_id)
    with transaction.atomic():
        meeting = _lock(meeting)
        if meeting.state not in (MeetingState.DRAFT, *BEFORE_OPEN_STATES):
            raise ConflictError(_("会议已开始,不能删除议程。"))
        title = item.title
        item.delete()
        for n, other in enumerate(
            AgendaItem.objects.filter(meeting=meeting).order_by("order", "pk"), start=1
        ):
            if other.order != n:
                AgendaItem.objects.filter(pk=other.pk).update(order=n)
        _audit(actor, "meeting.agenda_remove", meeting, meeting=meeting, title=title)


def agenda_item_move(*, actor: Any, item: AgendaItem, up: bool) -> None:
    meeting = item.meeting
    ensure_manages(actor, meeting.congress_id)
    with transaction.atomic():
        meeting = _lock(meeting)
        _editable(meeting)
        items = list(AgendaItem.objects.filter(meeting=meeting).order_by("order", "pk"))
        i = next(n for n, it in enumerate(items) if it.pk == item.pk)
        j = i - 1 if up else i + 1
        if j < 0 or j >= len(items):
            return
        items[i], items[j] = items[j], items[i]
        for n, it in enumerate(items, start=1):
            AgendaItem.objects.filter(pk=it.pk).update(order=n)
        _audit(actor, "meeting.agenda_move", meeting, meeting=meeting, title=item.title, to=j + 1)


# --- documents ------------------------------------------------------------------------------------

DOCUMENT_MAX_MB = 30


def document_add(
    *, actor: Any, meeting: Meeting, title: str, upload: Any, agenda_item: AgendaItem | None = None
) -> MeetingDocument:
    from renda.documents.uploads import check_file

    ensure_manages(actor, meeting.congress_id)
    checked = check_file(upload, max_mb=DOCUMENT_MAX_MB, field="file")
    title = _text(title, "title", _("文件名称"), 200) or checked.name.rsplit(".", 1)[0][:200]
    if agenda_item is not None and agenda_item.meeting_id != meeting.pk:
        raise ValidationFailed(_("请选择本次会议的议程。"), field="agenda_item")
    with transaction.atomic():
        meeting = _lock(meeting)
        _editable(meeting)
        upload.seek(0)
        doc = MeetingDocument(
            meeting=meeting, agenda_item=agenda_item, title=title, original_name=checked.name,
            content_type=checked.content_type, size=checked.size, uploaded_by=actor,
        )  # fmt: skip
        doc.file.save(checked.name, upload, save=False)
        doc.save()
        _audit(actor, "meeting.document_add", meeting, meeting=meeting, title=title, name=checked.name)
    return doc


def document_remove(*, actor: Any, document: MeetingDocument) -> None:
    meeting = document.meeting
    ensure_manages(actor, meeting.congress_id)
    with transaction.atomic():
        _editable(meeting)
        title = document.title
        stored = document.file.name
        storage = document.file.storage
        document.delete()
        transaction.on_commit(lambda: storage.delete(stored))
        _audit(actor, "meeting.document_remove", meeting, meeting=meeting, title=title)


# --- sign-in --------------------------------------------------------------------------------------


def qr_token(meeting: Meeting) -> str:
    """The signed, expiring token of the door QR code (valid ``qr_max_age()`` seconds)."""
    return signing.TimestampSigner(salt=QR_SALT).sign(str(meeting.pk))


def meeting_from_qr_token(token: str) -> int:
    """The meeting id a door token names; ``ValidationFailed`` when it is tampered with or expired."""
    signer = signing.TimestampSigner(salt=QR_SALT)
    try:
        value = signer.unsign(str(token or ""), max_age=qr_max_age())
    except signing.SignatureExpired:
        raise ValidationFailed(_("签到二维码已过期,请重新扫描会场的二维码。"), field="token") from None
    except signing.BadSignature:
        raise ValidationFailed(_("签到二维码无效。"), field="token") from None
    try:
        return int(value)
    except ValueError:
        raise ValidationFailed(_("签到二维码无效。"), field="token") from None


# The deputies' activity each kind of meeting counts as (kinds not listed are not performance records).
ACTIVITY_OF_KIND = {
    MeetingKind.PLENARY: "plenary",
    MeetingKind.TOWNSHIP_SESSION: "plenary",
    MeetingKind.STANDING_COMMITTEE: "sc_meeting",
    MeetingKind.LAW_LECTURE: "training",
    MeetingKind.DEPUTY_BRIEFING: "other",
    MeetingKind.THEMED_FORUM: "other",
}


def _feed_deputy_record(actor: Any, meeting: Meeting, user: User) -> None:
    from renda.deputies.hooks import record_deputy_activity

    kind = ACTIVITY_OF_KIND.get(meeting.kind)
    if kind is None:
        return
    record_deputy_activity(
        actor=actor, mandate_or_user=user, kind=kind, occurred_on=meeting.starts_at, source_object=meeting,
        title=f"{meeting.title}", congress=meeting.congress,
    )  # fmt: skip


def sign_in(
    *, actor: Any, meeting: Meeting, method: str, user: User | None = None, token: str = ""
) -> Attendance:
    """Record a sign-in: by the door QR (``token``), by the member's own tap, or by staff at the desk."""
    if method not in SignInMethod.values:
        raise ValidationFailed(_("签到方式无效。"), field="method")
    if method == SignInMethod.DESK:
        ensure_manages(actor, meeting.congress_id)
        if user is None:
            raise ValidationFailed(_("请选择签到人员。"), field="user")
    else:
        if not getattr(actor, "is_authenticated", False):
            raise PermissionDeniedError(_("请先登录再签到。"))
        if user is not None and user.pk != actor.pk:
            raise PermissionDeniedError(_("只能本人签到。"))
        user = actor
        if method == SignInMethod.QR and meeting_from_qr_token(token) != meeting.pk:
            raise ValidationFailed(_("签到二维码不是本次会议的。"), field="token")
    now = clock.now()
    with transaction.atomic():
        meeting = _lock(meeting)
        if not meeting.is_open_for_sign_in:
            raise ConflictError(_("会议未在签到时间内。"))
        if now < meeting.starts_at - SIGN_IN_OPENS_BEFORE:
            raise ConflictError(_("签到将于会议开始前两小时开放。"))
        if now > meeting.ends_at:
            raise ConflictError(_("会议已结束,不能签到。"))
        seat = MeetingMember.objects.filter(meeting=meeting, user=user).first()
        if seat is None:
            raise PermissionDeniedError(_("您不在本次会议的参会名单中。"))
        if Attendance.objects.filter(meeting=meeting, user=user).exists():
            raise ConflictError(_("%(u)s已签到。") % {"u": user.display_name})
        late = max(0, int((now - meeting.starts_at).total_seconds() // 60))
        try:
            with transaction.atomic():
                attendance = Attendance.objects.create(
                    meeting=meeting, user=user, signed_in_at=now, method=method, minutes_late=late,
                    recorded_by=actor if method == SignInMethod.DESK else None,
                )  # fmt: skip
        except IntegrityError:
            raise ConflictError(_("%(u)s已签到。") % {"u": user.display_name}) from None
        # They came after all: a leave request still open or granted lapses.
        LeaveRequest.objects.filter(
            meeting=meeting, user=user, state__in=[LeaveState.PENDING, LeaveState.APPROVED]
        ).update(state=LeaveState.WITHDRAWN)
        _feed_deputy_record(actor, meeting, user)
        _audit(actor, "meeting.sign_in", meeting, meeting=meeting, user=user.display_name, method=method,
               minutes_late=late)  # fmt: skip
    return attendance


def sign_in_undo(*, actor: Any, attendance: Attendance) -> None:
    """Staff correct a sign-in made by mistake at the desk."""
    meeting = attendance.meeting
    ensure_manages(actor, meeting.congress_id)
    with transaction.atomic():
        _editable(meeting)
        name = attendance.user.display_name
        attendance.delete()
        _audit(actor, "meeting.sign_in_undo", meeting, meeting=meeting, user=name)


# --- leave ----------------------------------------------------------------------------------------


def can_decide_leave(user: Any, meeting: Meeting) -> bool:
    from .selectors import kind_setting

    if not getattr(user, "is_authenticated", False):
        return False
    if meeting.chair_id and meeting.chair_id == user.pk:
        return True
    scope = scope_of(user)
    decider = kind_setting(meeting.congress, meeting.kind).leave_decider
    if decider == LeaveDecider.STAFF:
        return scope.has_in(meeting.congress_id, "staff")
    if decider == LeaveDecider.LEADER or not meeting.chair_id:
        return scope.has_in(meeting.congress_id, "leader")
    return False


def leave_deciders_q(user: Any) -> Q:
    """A superset of the leave requests ``user`` may decide (``can_decide_leave`` decides each)."""
    scope = scope_of(user)
    return Q(meeting__chair_id=getattr(user, "pk", None)) | Q(
        meeting__congress_id__in=scope.congress_ids_with("leader", "staff")
    )


def leave_request(*, actor: Any, meeting: Meeting, reason: str) -> LeaveRequest:
    """A member or invitee asks leave before the meeting, with a reason."""
    reason = _text(reason, "reason", _("请假事由"), 500, required=True, min_len=2)
    with transaction.atomic():
        meeting = _lock(meeting)
        if not MeetingMember.objects.filter(meeting=meeting, user_id=getattr(actor, "pk", None)).exists():
            raise PermissionDeniedError(_("您不在本次会议的参会名单中。"))
        if meeting.state not in BEFORE_OPEN_STATES or clock.now() >= meeting.starts_at:
            raise ConflictError(_("请假须在会议开始前提出。"))
        if Attendance.objects.filter(meeting=meeting, user=actor).exists():
            raise ConflictError(_("您已签到,不能再请假。"))
        if LeaveRequest.objects.filter(
            meeting=meeting, user=actor, state__in=[LeaveState.PENDING, LeaveState.APPROVED]
        ).exists():
            raise ValidationFailed(_("您已提出请假,请等待审批。"), field="reason")
        leave = LeaveRequest.objects.create(
            meeting=meeting, user=actor, reason=reason, requested_at=clock.now()
        )
        _audit(actor, "meeting.leave_request", leave, meeting=meeting, reason=reason)
    return leave


def leave_decide(*, actor: Any, leave: LeaveRequest, approve: bool, note: str = "") -> LeaveRequest:
    meeting = leave.meeting
    if not can_decide_leave(actor, meeting):
        raise PermissionDeniedError(_("您不是本次会议的请假审批人。"))
    note = _text(note, "note", _("审批意见"), 300)
    if not approve and not note:
        raise ValidationFailed(_("不准假时请填写理由。"), field="note")
    with transaction.atomic():
        leave = LeaveRequest.objects.select_for_update().get(pk=leave.pk)
        if leave.state != LeaveState.PENDING:
            raise ConflictError(_("该请假申请已处理。"))
        if meeting.is_final:
            raise ConflictError(_("会议已结束。"))
        leave.state = LeaveState.APPROVED if approve else LeaveState.REFUSED
        leave.decided_by = actor
        leave.decided_at = clock.now()
        leave.decision_note = note
        leave.save(update_fields=["state", "decided_by", "decided_at", "decision_note"])
        _audit(actor, "meeting.leave_approve" if approve else "meeting.leave_refuse", leave, meeting=meeting,
               user=leave.user.display_name, note=note)  # fmt: skip
    return leave


def leave_withdraw(*, actor: Any, leave: LeaveRequest) -> LeaveRequest:
    if leave.user_id != getattr(actor, "pk", None):
        raise PermissionDeniedError(_("只能撤回本人的请假申请。"))
    with transaction.atomic():
        leave = LeaveRequest.objects.select_for_update().get(pk=leave.pk)
        if leave.state not in (LeaveState.PENDING, LeaveState.APPROVED):
            raise ConflictError(_("该请假申请不能撤回。"))
        leave.state = LeaveState.WITHDRAWN
        leave.save(update_fields=["state"])
        _audit(actor, "meeting.leave_withdraw", leave, meeting=leave.meeting)
    return leave


def get_leave_for(user: Any, leave_id: Any) -> LeaveRequest:
    from .selectors import get_meeting_for

    try:
        leave = LeaveRequest.objects.select_related("meeting", "user").get(pk=int(leave_id))
    except (TypeError, ValueError, LeaveRequest.DoesNotExist):
        raise NotFoundError(_("请假申请不存在。")) from None
    get_meeting_for(user, leave.meeting_id)
    if (
        leave.user_id != user.pk
        and not can_decide_leave(user, leave.meeting)
        and not scope_of(user).has_in(leave.meeting.congress_id, "staff", "leader")
    ):
        raise NotFoundError(_("请假申请不存在。"))
    return leave


# --- attendance announcements and the yearly report (R39) ------------------------------------------


def attendance_announce(*, actor: Any, meeting: Meeting) -> Meeting:
    """通报出席情况: before the meeting opens, the attendance list with absences and reasons."""
    ensure_manages(actor, meeting.congress_id)
    with transaction.atomic():
        meeting = _lock(meeting)
        if meeting.state not in (*BEFORE_OPEN_STATES, MeetingState.IN_PROGRESS):
            raise ConflictError(_("只能在会议开始前后通报出席情况。"))
        from .selectors import attendance_rows, quorum

        meeting.attendance_announced_at = clock.now()
        meeting.save(update_fields=["attendance_announced_at", "updated_at"])
        q = quorum(meeting)
        rows = attendance_rows(meeting)
        leave = sum(1 for r in rows if r.status == "leave")
        _audit(actor, "meeting.attendance_announce", meeting, meeting=meeting, members=q.members,
               present=q.present, leave=leave)  # fmt: skip
    return meeting


def attendance_report_issue(*, actor: Any, congress: Congress, year: int) -> AttendanceReport:
    """Record that the yearly attendance report went to the congress (the Word is its text)."""
    from .selectors import yearly_attendance

    ensure_manages(actor, congress.pk)
    if not isinstance(year, int) or year < 2000 or year > clock.today().year:
        raise ValidationFailed(_("年度无效。"), field="year")
    meetings, _rows = yearly_attendance(congress, year)
    if not meetings:
        raise ValidationFailed(_("%(y)s年没有已结束的常委会会议。") % {"y": year}, field="year")
    with transaction.atomic():
        report, _created = AttendanceReport.objects.update_or_create(
            congress=congress, year=year,
            defaults={"issued_at": clock.now(), "issued_by": actor, "meetings": len(meetings)},
        )  # fmt: skip
        _audit(actor, "meeting.attendance_report", report, year=year, meetings=len(meetings))
    return report


# --- settings -------------------------------------------------------------------------------------


def kind_setting_update(
    *,
    actor: Any,
    congress: Congress,
    kind: str,
    quorum_numerator: int,
    quorum_denominator: int,
    quorum_strict: bool,
    leave_decider: str,
) -> MeetingKindSetting:
    ensure_manages(actor, congress.pk)
    if kind not in MeetingKind.values:
        raise ValidationFailed(_("请选择会议类别。"), field="kind")
    if not isinstance(quorum_denominator, int) or not 1 <= quorum_denominator <= 100:
        raise ValidationFailed(_("分母须为1到100之间的整数。"), field="quorum_denominator")
    if not isinstance(quorum_numerator, int) or not 1 <= quorum_numerator <= quorum_denominator:
        raise ValidationFailed(_("分子须为1到分母之间的整数。"), field="quorum_numerator")
    if leave_decider not in LeaveDecider.values:
        raise ValidationFailed(_("请选择请假审批人。"), field="leave_decider")
    with transaction.atomic():
        setting, _created = MeetingKindSetting.objects.update_or_create(
            congress=congress, kind=kind,
            defaults={"quorum_numerator": quorum_numerator, "quorum_denominator": quorum_denominator,
                      "quorum_strict": bool(quorum_strict), "leave_decider": leave_decider},
        )  # fmt: skip
        record_event(actor=actor, action="meeting.kind_setting_update", target=setting, congress=congress,
                     after={"kind": kind, "quorum": f"{quorum_numerator}/{quorum_denominator}",
                            "strict": bool(quorum_strict), "leave_decider": leave_decider})  # fmt: skip
    return setting


def local(value: dt.datetime) -> dt.datetime:
    return timezone.localtime(value)


# --- plenary sessions: the roll, delegations, the presidium, meetings inside the session ----------


def _ensure_session(meeting: Meeting) -> None:
    if meeting.kind not in PLENARY_KINDS:
        raise ValidationFailed(_("只有人民代表大会会议设代表团和主席团。"), field="kind")


def current_deputies(congress: Congress, term: Term) -> list[tuple[User, str]]:
    """Every current deputy of the congress in the term with an account, with their delegation (or
    constituency) — the whole plenary roll."""
    from renda.deputies.models import DeputyMandate

    mandates = (
        DeputyMandate.objects.filter(
            congress=congress, term=term, ended_on__isnull=True, deputy__user__isnull=False,
            deputy__user__is_active=True,
        )
        .select_related("deputy__user")
        .order_by("delegation", "constituency", "pk")
    )  # fmt: skip
    return [(m.deputy.user, (m.delegation or m.constituency or "").strip()) for m in mandates]


def members_add_plenary_roll(*, actor: Any, meeting: Meeting) -> int:
    """Put every current deputy of the congress on the session's roll in one step (those not on it)."""
    ensure_manages(actor, meeting.congress_id)
    _ensure_session(meeting)
    added = 0
    with transaction.atomic():
        meeting = _lock(meeting)
        _editable(meeting)
        on = set(MeetingMember.objects.filter(meeting=meeting).values_list("user_id", flat=True))
        order = MeetingMember.objects.filter(meeting=meeting).aggregate(n=Max("sort_order"))["n"] or 0
        new = []
        for user, group in current_deputies(meeting.congress, meeting.term):
            if user.pk in on:
                continue
            on.add(user.pk)
            order += 10
            new.append(MeetingMember(meeting=meeting, user=user, role=MemberRole.MEMBER,
                                     capacity=_("%(g)s代表") % {"g": group} if group else _("代表"),
                                     sort_order=order))  # fmt: skip
        MeetingMember.objects.bulk_create(new)
        added = len(new)
        if added:
            _audit(actor, "meeting.members_add_roll", meeting, meeting=meeting, added=added)
    if not added:
        raise ValidationFailed(_("没有可加入的本届代表。"), field="members")
    return added


def _session_member(session: Meeting, user: User | None, field: str) -> User:
    if (
        user is None
        or not MeetingMember.objects.filter(meeting=session, user=user, role=MemberRole.MEMBER).exists()
    ):
        raise ValidationFailed(_("请选择本次大会的出席代表。"), field=field)
    return user


def delegations_build(*, actor: Any, session: Meeting) -> tuple[int, int]:
    """Form the delegations from the deputies' records: one per township / constituency of the deputies
    on the roll, each with those deputies. Existing delegations keep their head and gain new members;
    deputies already in a delegation stay where they are. Returns (delegations created, members added)."""
    ensure_manages(actor, session.congress_id)
    _ensure_session(session)
    with transaction.atomic():
        session = _lock(session)
        _editable(session)
        on_roll = set(
            MeetingMember.objects.filter(meeting=session, role=MemberRole.MEMBER).values_list(
                "user_id", flat=True
            )
        )
        placed = set(DelegationMember.objects.filter(session=session).values_list("user_id", flat=True))
        existing = {d.name: d for d in Delegation.objects.filter(session=session)}
        order = max([d.sort_order for d in existing.values()] or [0])
        created = added = 0
        for user, group in current_deputies(session.congress, session.term):
            if user.pk not in on_roll or user.pk in placed or not group:
                continue
            name = group if group.endswith(str(_("代表团"))) else f"{group}{_('代表团')}"
            name = name[:100]
            delegation = existing.get(name)
            if delegation is None:
                order += 10
                delegation = Delegation.objects.create(session=session, name=name, sort_order=order)
                existing[name] = delegation
                created += 1
            DelegationMember.objects.create(delegation=delegation, session=session, user=user)
            placed.add(user.pk)
            added += 1
        if not added:
            raise ValidationFailed(
                _("没有可编入代表团的代表(请先加入全体代表,并在代表信息中填写所在代表团或选区)。"),
                field="delegations",
            )
        _audit(
            actor, "meeting.delegations_build", session, meeting=session, delegations=created, members=added
        )
    return created, added


def delegation_save(
    *,
    actor: Any,
    session: Meeting,
    name: str,
    head: User | None = None,
    deputy_head: User | None = None,
    delegation: Delegation | None = None,
) -> Delegation:
    """Create a delegation or change its name, head (团长) and deputy head; they must belong to it."""
    ensure_manages(actor, session.congress_id)
    _ensure_session(session)
    name = _text(name, "name", _("代表团名称"), 100, required=True, min_len=2)
    with transaction.atomic():
        session = _lock(session)
        _editable(session)
        if delegation is not None and delegation.session_id != session.pk:
            raise NotFoundError(_("代表团不存在。"))
        clash = Delegation.objects.filter(session=session, name=name)
        if delegation is not None:
            clash = clash.exclude(pk=delegation.pk)
        if clash.exists():
            raise ValidationFailed(_("已有名为“%(n)s”的代表团。") % {"n": name}, field="name")
        for field, who in (("head", head), ("deputy_head", deputy_head)):
            if who is None:
                continue
            if (
                delegation is None
                or not DelegationMember.objects.filter(delegation=delegation, user=who).exists()
            ):
                raise ValidationFailed(_("团长、副团长须为本代表团的代表。"), field=field)
        if head is not None and deputy_head is not None and head.pk == deputy_head.pk:
            raise ValidationFailed(_("团长和副团长不能是同一人。"), field="deputy_head")
        before = None
        if delegation is None:
            order = (Delegation.objects.filter(session=session).aggregate(n=Max("sort_order"))["n"] or 0) + 10
            delegation = Delegation.objects.create(session=session, name=name, sort_order=order)
        else:
            before = {
                "name": delegation.name,
                "head": delegation.head_id,
                "deputy_head": delegation.deputy_head_id,
            }
        delegation.name, delegation.head, delegation.deputy_head = name, head, deputy_head
        delegation.save()
        record_event(actor=actor, action="meeting.delegation_save", target=session, congress=session.congress,
                     before=before, after={"name": name, "head": head.pk if head else None,
                                           "deputy_head": deputy_head.pk if deputy_head else None})  # fmt: skip
    return delegation


def delegation_member_add(*, actor: Any, delegation: Delegation, user: User) -> DelegationMember:
    session = delegation.session
    ensure_manages(actor, session.congress_id)
    with transaction.atomic():
        session = _lock(session)
        _editable(session)
        _session_member(session, user, "user")
        other = (
            DelegationMember.objects.filter(session=session, user=user).select_related("delegation").first()
        )
        if other is not None:
            raise ValidationFailed(
                _("%(u)s已在%(d)s。") % {"u": user.display_name, "d": other.delegation.name}, field="user"
            )
        row = DelegationMember.objects.create(delegation=delegation, session=session, user=user)
        _audit(actor, "meeting.delegation_member_add", session, meeting=session, delegation=delegation.name,
               user=user.display_name)  # fmt: skip
    return row


def delegation_member_remove(*, actor: Any, row: DelegationMember) -> None:
    delegation = row.delegation
    session = delegation.session
    ensure_manages(actor, session.congress_id)
    with transaction.atomic():
        session = _lock(session)
        _editable(session)
        if row.user_id in (delegation.head_id, delegation.deputy_head_id):
            raise ConflictError(_("请先另定团长或副团长,再移出该代表。"))
        name = row.user.display_name
        row.delete()
        _audit(actor, "meeting.delegation_member_remove", session, meeting=session,
               delegation=delegation.name, user=name)  # fmt: skip


def presidium_add(
    *, actor: Any, session: Meeting, user: User, role: str = PresidiumRole.MEMBER
) -> PresidiumMember:
    """主席团: deputies of the session; one secretary-general."""
    ensure_manages(actor, session.congress_id)
    _ensure_session(session)
    if role not in PresidiumRole.values:
        raise ValidationFailed(_("请选择主席团职务。"), field="role")
    with transaction.atomic():
        session = _lock(session)
        _editable(session)
        _session_member(session, user, "user")
        if PresidiumMember.objects.filter(session=session, user=user).exists():
            raise ValidationFailed(_("%(u)s已是主席团成员。") % {"u": user.display_name}, field="user")
        if (
            role == PresidiumRole.SECRETARY_GENERAL
            and PresidiumMember.objects.filter(session=session, role=PresidiumRole.SECRETARY_GENERAL).exists()
        ):
            raise ValidationFailed(_("主席团已有秘书长。"), field="role")
        order = (
            PresidiumMember.objects.filter(session=session).aggregate(n=Max("sort_order"))["n"] or 0
        ) + 10
        row = PresidiumMember.objects.create(session=session, user=user, role=role, sort_order=order)
        _audit(actor, "meeting.presidium_add", session, meeting=session, user=user.display_name, role=role)
    return row


def presidium_remove(*, actor: Any, row: PresidiumMember) -> None:
    session = row.session
    ensure_manages(actor, session.congress_id)
    with transaction.atomic():
        session = _lock(session)
        _editable(session)
        name = row.user.display_name
        row.delete()
        _audit(actor, "meeting.presidium_remove", session, meeting=session, user=name)


def session_meeting_create(
    *,
    actor: Any,
    session: Meeting,
    kind: str,
    title: str,
    starts_at: dt.datetime,
    ends_at: dt.datetime,
    place: str,
    delegation: Delegation | None = None,
) -> Meeting:
    """A delegation's meeting (its deputies on the roll, chaired by its head) or a presidium meeting
    (the presidium on the roll, chaired by the first executive chair), within the session's days."""
    ensure_manages(actor, session.congress_id)
    _ensure_session(session)
    if kind not in SESSION_KINDS:
        raise ValidationFailed(_("请选择代表团会议或主席团会议。"), field="kind")
    if kind == MeetingKind.DELEGATION_MEETING:
        if delegation is None or delegation.session_id != session.pk:
            raise ValidationFailed(_("请选择召开会议的代表团。"), field="delegation")
    else:
        delegation = None
    title = _text(title, "title", _("会议名称"), 200, required=True, min_len=4)
    place = _text(place, "place", _("地点"), 120, required=True)
    _check_times(starts_at, ends_at)
    if local(starts_at).date() < local(session.starts_at).date() - dt.timedelta(days=1) or ends_at > (
        session.ends_at + dt.timedelta(hours=12)
    ):
        raise ValidationFailed(_("会议须在大会会期内(含会前一天的预备会议)。"), field="starts_at")
    with transaction.atomic():
        session = _lock(session)
        _editable(session)
        if delegation is not None:
            users = [
                (r.user, "")
                for r in DelegationMember.objects.filter(delegation=delegation).select_related("user")
            ]
            chair = delegation.head
        else:
            rows = list(PresidiumMember.objects.filter(session=session).select_related("user"))
            users = [(r.user, r.get_role_display()) for r in rows]
            chair = next((r.user for r in rows if r.role == PresidiumRole.EXECUTIVE_CHAIR), None)
        if not users:
            raise ValidationFailed(
                _("该代表团尚无代表。") if delegation is not None else _("请先确定主席团成员。"),
                field="delegation" if delegation is not None else "kind",
            )
        siblings = Meeting.objects.filter(session=session, kind=kind, delegation=delegation)
        number = (siblings.aggregate(n=Max("number"))["n"] or 0) + 1
        meeting = Meeting.objects.create(
            congress=session.congress, kind=kind, term=session.term, number=number, session=session,
            delegation=delegation, title=title, starts_at=starts_at, ends_at=ends_at, place=place, chair=chair,
            created_by=actor,
        )  # fmt: skip
        for n, (user, capacity) in enumerate(users, start=1):
            if user.is_active:
                MeetingMember.objects.create(meeting=meeting, user=user, role=MemberRole.MEMBER,
                                             capacity=capacity, sort_order=n * 10)  # fmt: skip
        _audit(actor, "meeting.create", meeting, meeting=meeting, session=session.pk,
               delegation=delegation.name if delegation else "", **_snapshot(meeting))  # fmt: skip
    return meeting
