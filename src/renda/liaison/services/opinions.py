"""Constituent opinions: public submission, registration by staff, screening, routing, on-the-spot
answers, hand-over to a deputy's suggestion, unit replies and the citizen's rating.

Every state change goes through the case engine (``case_transition``, ``case_assign``,
``assignment_sign``, ``reply_submit``, ``case_rate``); these services add the kind's own data, the
public tracking number and one-time code, and the text messages to the citizen.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import Any

from django.contrib.auth.hashers import check_password, make_password
from django.contrib.auth.models import AnonymousUser
from django.db import transaction
from django.utils.translation import gettext as _

from renda.audit.services import record_event
from renda.cases import services as engine
from renda.cases.choices import AssignmentState, RatingValue
from renda.cases.models import Assignment, Case, Reply
from renda.core import clock
from renda.core.choices import OrganizationKind
from renda.core.errors import ConflictError, NotFoundError, ValidationFailed
from renda.deputies.models import Deputy, DeputyMandate

from ..choices import (
    KIND,
    RATING_CODE_LENGTH,
    TRACKING_ALPHABET,
    TRACKING_LENGTH,
    Channel,
    OpinionState,
    Route,
)
from ..models import ConstituentOpinion, Reception, StationProfile
from ._common import ensure_station
from .config import check_phone, check_text, client_key, liaison_setting, public_rater, throttle

WRONG_TRACKING = _("查询码或评价码不正确,请核对后重试。")
NOT_FOUND = _("没有找到该查询码对应的意见,请核对后重试。")
TOWNSHIP_KINDS = (OrganizationKind.TOWNSHIP, OrganizationKind.SUBDISTRICT)


@dataclass
class Submission:
    opinion: ConstituentOpinion
    code: str  # the one-time rating code, shown once
    merged: bool = False


def _random(length: int) -> str:
    return "".join(secrets.choice(TRACKING_ALPHABET) for _i in range(length))


def _new_tracking() -> str:
    while True:
        number = _random(TRACKING_LENGTH)
        if not ConstituentOpinion.objects.filter(tracking_number=number).exists():
            return number


def normalize_tracking(value: Any) -> str:
    return re.sub(r"[\s-]", "", value or "").upper() if isinstance(value, str) else ""


def _sms(opinion: ConstituentOpinion, text: str) -> None:
    """Tell the citizen by SMS (after commit) when they left a phone number."""
    phone = opinion.submitter_phone
    if not phone:
        return
    message = _("【人大代表联络站】您的意见(查询码%(t)s)%(x)s") % {"t": opinion.tracking_number, "x": text}

    def send() -> None:
        from renda.notifications.sms import send_sms

        send_sms(phone=phone, text=message)

    transaction.on_commit(send)


def _content_hash(station: Any, deputy: Any, title: str, body: str) -> str:
    norm = re.sub(r"\s+", "", f"{title}|{body}")
    raw = f"{getattr(station, 'pk', '')}|{getattr(deputy, 'pk', '')}|{norm}"
    return hashlib.sha256(raw.encode()).hexdigest()


def _congress_and_station(station: Any, deputy: Deputy | None) -> tuple[Any, Any]:
    if station is not None:
        ensure_station(station)
        return station.congress, station
    if deputy is None:
        raise ValidationFailed(_("请选择联络站或代表。"), field="station")
    mandates = (
        DeputyMandate.objects.active().filter(deputy=deputy).select_related("station__congress", "congress")
    )
    with_station = [m for m in mandates if m.station_id and m.station.is_active]
    if with_station:
        return with_station[0].station.congress, with_station[0].station
    if mandates:
        return mandates[0].congress, None
    raise ValidationFailed(_("该代表已不在任,请选择联络站。"), field="deputy")


def opinion_create(
    *,
    actor: Any,
    channel: str,
    title: str,
    body: str,
    station: Any = None,
    deputy: Deputy | None = None,
    topic: str = "",
    township: Any = None,
    submitter_name: str = "",
    submitter_phone: str = "",
    reception: Reception | None = None,
    client_ip: str | None = None,
    public: bool = False,
) -> Submission:
    """Register a constituent opinion (validated, duplicates from the same address merged)."""
    if channel not in Channel.values:
        raise ValidationFailed(_("来源渠道无效。"), field="channel")
    if deputy is not None and not DeputyMandate.objects.active().filter(deputy=deputy).exists():
        raise ValidationFailed(_("该代表已不在任,请选择联络站。"), field="deputy")
    congress, station = _congress_and_station(station, deputy)
    setting = liaison_setting(congress.pk)
    words = setting.sensitive_words or []
    errors: dict[str, str] = {}

    def check(key: str, fn: Any, *args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except ValidationFailed as exc:
            errors[key] = exc.message
            return ""

    title = check("title", check_text, title, field="title", label=_("标题"), max_length=60, words=words)
    body = check(
        "body",
        check_text,
        body,
        field="body",
        label=_("意见内容"),
        max_length=setting.body_max_length,
        words=words,
    )
    name = check(
        "submitter_name",
        check_text,
        submitter_name,
        field="submitter_name",
        label=_("姓名"),
        max_length=50,
        words=words,
        required=public and setting.require_name,
    )
    phone = check(
        "submitter_phone",
        check_phone,
        submitter_phone,
        field="submitter_phone",
        required=public and setting.require_phone,
    )
    topics = setting.topics or []
    topic = (topic or "").strip()
    if topic and topic not in topics:
        errors["topic"] = _("请从列表中选择分类。")
    elif not topic and public:
        errors["topic"] = _("请选择分类。")
    if township is not None and (township.congress_id != congress.pk or township.kind not in TOWNSHIP_KINDS):
        errors["township"] = _("请选择本地的乡镇或街道。")
    if errors:
        first = next(iter(errors))
        raise ValidationFailed(errors[first], field=first, fields=errors)
    if township is None and station is not None:
        profile = StationProfile.objects.filter(organization=station).select_related("township").first()
        township = profile.township if profile is not None else None
    key = client_key(client_ip) if public else ""
    digest = _content_hash(station, deputy, title, body)
    # The one-time code and its (deliberately slow) hash are made before any transaction: hashing
    # inside one held the database's write lock for the hash's time, and concurrent submissions on
    # SQLite then waited past the lock timeout ("database is locked").
    code = _random(RATING_CODE_LENGTH)
    code_hash = make_password(code)
    if public:
        window = clock.now() - dt.timedelta(minutes=setting.duplicate_window_minutes)
        with transaction.atomic():
            same = (
                ConstituentOpinion.objects.select_for_update()
                .filter(client_key=key, content_hash=digest, created_at__gte=window)
                .order_by("-created_at")
                .first()
            )
            if same is not None:
                same.rating_code_hash = code_hash
                same.save(update_fields=["rating_code_hash"])
                record_event(
                    actor=None,
                    action="opinion.merge_duplicate",
                    target=same.case,
                    congress=congress,
                    after={"case_id": same.case_id},
                )
                return Submission(opinion=same, code=code, merged=True)
        throttle(
            action="submit",
            key=key,
            limit=setting.submit_limit,
            window_minutes=setting.submit_window_minutes,
            message=_("提交过于频繁,请%(m)s分钟后再试。") % {"m": setting.submit_window_minutes},
        )
    with transaction.atomic():
        case = engine.case_create(
            actor=actor if actor is not None else AnonymousUser(),
            congress=congress,
            kind=KIND,
            title=title,
            body=body,
            origin_organization=station,
            submitted=True,
        )
        opinion = ConstituentOpinion.objects.create(
            case=case,
            channel=channel,
            station=station,
            deputy=deputy,
            township=township,
            topic=topic,
            submitter_name=name,
            submitter_phone=phone,
            tracking_number=_new_tracking(),
            rating_code_hash=code_hash,
            reception=reception,
            client_key=key,
            content_hash=digest,
        )
        record_event(
            actor=actor if getattr(actor, "is_authenticated", False) else None,
            action="opinion.submit",
            target=case,
            congress=congress,
            after={
                "case_id": case.pk,
                "channel": channel,
                "station": getattr(station, "pk", None),
                "deputy": getattr(deputy, "pk", None),
                "topic": topic,
            },
        )
        from renda.analytics.screening import screen_submission  # 敏感词筛查: flags only, never alters

        screen_submission(
            congress=congress,
            target=case,
            kind_label=_("群众意见"),
            title=title,
            texts={"title": title, "body": body},
        )
        _sms(opinion, _("已收到,我们将尽快处理。"))
    return Submission(opinion=opinion, code=code)


def opinion_submit(
    *,
    channel: str,
    title: str,
    body: str,
    station: Any = None,
    deputy: Deputy | None = None,
    topic: str = "",
    township: Any = None,
    submitter_name: str = "",
    submitter_phone: str = "",
    client_ip: str | None = None,
) -> Submission:
    """The public form (no account): rate-limited per address, identical resubmissions merged."""
    from ..choices import PUBLIC_CHANNELS

    if channel not in PUBLIC_CHANNELS:
        raise ValidationFailed(_("来源渠道无效。"), field="channel")
    return opinion_create(
        actor=None,
        channel=channel,
        title=title,
        body=body,
        station=station,
        deputy=deputy,
        topic=topic,
        township=township,
        submitter_name=submitter_name,
        submitter_phone=submitter_phone,
        client_ip=client_ip,
        public=True,
    )


def opinion_register(*, actor: Any, channel: str, **fields: Any) -> Submission:
    """Staff or a keeper register an opinion received by phone, letter or at a reception."""
    from ..choices import STAFF_CHANNELS
    from ._common import ensure_staff, ensure_station_manager

    if channel not in STAFF_CHANNELS:
        raise ValidationFailed(_("请选择来源渠道(接待、电话或来信)。"), field="channel")
    station = fields.get("station")
    if station is not None:
        ensure_station(station)
        ensure_station_manager(actor, station)
    else:
        congress, _s = _congress_and_station(None, fields.get("deputy"))
        ensure_staff(actor, congress.pk)
    return opinion_create(actor=actor, channel=channel, **fields)


# --- steps of the workflow ------------------------------------------------------------------------------


def _fresh(opinion: ConstituentOpinion) -> ConstituentOpinion:
    return ConstituentOpinion.objects.select_related("case", "case__congress", "station", "deputy").get(
        pk=opinion.pk
    )


def opinion_screen(
    *,
    actor: Any,
    opinion: ConstituentOpinion,
    accept: bool,
    exclusion_code: str = "",
    public_reason: str = "",
) -> ConstituentOpinion:
    """甄别: accept the opinion, or exclude it under one of the congress's exclusions with a polite reason."""
    opinion = _fresh(opinion)
    case = opinion.case
    if accept:
        with transaction.atomic():
            engine.case_transition(actor=actor, case=case, name="accept_opinion")
            _sms(opinion, _("已受理。"))
        return _fresh(opinion)
    setting = liaison_setting(case.congress_id)
    item = setting.exclusion(exclusion_code)
    if item is None:
        raise ValidationFailed(_("请选择不予受理的情形。"), field="exclusion_code")
    reason = (public_reason or "").strip() or item.get("public_reason", "") or item["label"]
    if len(reason) > 500:
        raise ValidationFailed(_("告知说明不能超过500个字。"), field="public_reason")
    with transaction.atomic():
        engine.case_transition(actor=actor, case=case, name="exclude", note=reason)
        ConstituentOpinion.objects.filter(pk=opinion.pk).update(
            exclusion_code=exclusion_code, public_reason=reason
        )
        _sms(opinion, _("经甄别不予受理:%(r)s") % {"r": reason})
    return _fresh(opinion)


def opinion_route(
    *, actor: Any, opinion: ConstituentOpinion, unit: Any, deadline: dt.date | None = None, note: str = ""
) -> ConstituentOpinion:
    """转办: to the township or subdistrict, or to a government unit (the engine's assignment)."""
    opinion = _fresh(opinion)
    if unit is None:
        raise ValidationFailed(_("请选择办理单位。"), field="lead")  # the engine's name (case_assign)
    route = Route.TOWNSHIP if unit.kind in TOWNSHIP_KINDS else Route.UNIT
    with transaction.atomic():
        engine.case_assign(actor=actor, case=opinion.case, lead=unit, deadline=deadline, note=note)
        ConstituentOpinion.objects.filter(pk=opinion.pk).update(route=route)
        _sms(opinion, _("已转交%(u)s办理。") % {"u": unit})
    return _fresh(opinion)


def opinion_answer_spot(*, actor: Any, opinion: ConstituentOpinion, answer: str) -> ConstituentOpinion:
    """当场答复 by the deputy or the keeper; the citizen then rates it."""
    opinion = _fresh(opinion)
    answer = check_text(answer, field="answer", label=_("答复内容"), max_length=5000, words=[])
    with transaction.atomic():
        engine.case_transition(actor=actor, case=opinion.case, name="answer_on_spot", note=answer)
        ConstituentOpinion.objects.filter(pk=opinion.pk).update(
            route=Route.SPOT, spot_answer=answer, spot_answered_by=actor, spot_answered_at=clock.now()
        )
        _sms(opinion, _("已答复,请凭查询码查看并评价。"))
    return _fresh(opinion)


def opinion_take_up(
    *, actor: Any, opinion: ConstituentOpinion, suggestion_case: Case | None = None, title: str = ""
) -> ConstituentOpinion:
    """A deputy takes the opinion up as a formal suggestion: a new draft (when the suggestions app
    offers ``suggestion_draft_create``) or an existing suggestion of theirs; both are linked."""
    opinion = _fresh(opinion)
    case = opinion.case
    with transaction.atomic():
        if suggestion_case is not None:
            if suggestion_case.kind != "suggestion" or suggestion_case.congress_id != case.congress_id:
                raise ValidationFailed(_("请选择本级人大的代表建议。"), field="suggestion")
            if not Case.objects.visible_to(actor).filter(pk=suggestion_case.pk).exists():
                raise ValidationFailed(_("请选择您可以查看的代表建议。"), field="suggestion")
            linked = suggestion_case
        else:
            try:
                from renda.suggestions import services as suggestions
            except ImportError:  # pragma: no cover - the suggestions app is installed
                suggestions = None
            create = getattr(suggestions, "suggestion_draft_create", None)
            if create is None:  # pragma: no cover
                raise ValidationFailed(_("请选择已有的代表建议。"), field="suggestion")
            draft = create(
                actor=actor,
                congress=case.congress,
                title=(title or "").strip() or case.title,
                body=_("(源自群众意见%(n)s)\n%(b)s") % {"n": case.number, "b": case.body},
            )
            linked = draft.case
        engine.case_transition(actor=actor, case=case, name="take_up", note=linked.number)
        ConstituentOpinion.objects.filter(pk=opinion.pk).update(route=Route.SUGGESTION, related_case=linked)
        record_event(
            actor=actor,
            action="opinion.take_up",
            target=case,
            congress=case.congress,
            after={"case_id": case.pk, "suggestion_case": linked.pk},
        )
        _sms(opinion, _("已由代表转为代表建议%(n)s。") % {"n": linked.number})
    return _fresh(opinion)


def opinion_unit_sign(*, actor: Any, assignment: Assignment) -> Assignment:
    if assignment.case.kind != KIND:
        raise NotFoundError(_("交办事项不存在。"))
    return engine.assignment_sign(actor=actor, assignment=assignment)


def opinion_unit_reply(
    *, actor: Any, assignment: Assignment, classification: str, text: str, signing_leader: str
) -> Reply:
    """The township or unit answers (the engine's reply); the citizen is told to read and rate it."""
    if assignment.case.kind != KIND:
        raise NotFoundError(_("交办事项不存在。"))
    with transaction.atomic():
        if assignment.state == AssignmentState.PENDING_SIGN:
            engine.assignment_sign(actor=actor, assignment=assignment)
        reply = engine.reply_submit(
            actor=actor,
            assignment=assignment,
            classification=classification,
            text=text,
            signing_leader=signing_leader,
        )
    return reply


def tell_citizen_replied(case: Any, reply: Reply) -> None:
    """The citizen learns of the unit's reply by SMS (``ConstituentOpinionPolicy.on_replied``: a direct
    reply and a signed-off draft alike)."""
    opinion = ConstituentOpinion.objects.filter(case_id=case.pk).first()
    if opinion is not None:
        _sms(opinion, _("%(u)s已答复,请凭查询码查看并评价。") % {"u": reply.assignment.organization})


# --- the citizen ----------------------------------------------------------------------------------------


def opinion_track(*, tracking_number: str, client_ip: str | None) -> ConstituentOpinion:
    """Look an opinion up by its tracking number (rate-limited; a wrong number gives nothing away)."""
    number = normalize_tracking(tracking_number)
    _throttle_track(client_ip)
    opinion = None
    if len(number) == TRACKING_LENGTH:
        opinion = (
            ConstituentOpinion.objects.select_related("case", "station", "deputy", "township", "related_case")
            .filter(tracking_number=number)
            .first()
        )
    if opinion is None:
        raise NotFoundError(NOT_FOUND)
    return opinion


def _throttle_track(client_ip: str | None) -> None:
    # The limit of the strictest congress would need the opinion first; the defaults apply to look-ups.
    from ..models import LiaisonSetting

    default = LiaisonSetting()
    throttle(
        action="track",
        key=client_key(client_ip),
        limit=default.track_limit,
        window_minutes=default.track_window_minutes,
        message=_("查询过于频繁,请%(m)s分钟后再试。") % {"m": default.track_window_minutes},
    )


def rating_pending(opinion: ConstituentOpinion) -> Reply | bool | None:
    """What the citizen can rate now: the latest unrated reply, True for an on-the-spot answer, or None."""
    case = opinion.case
    if case.state == OpinionState.SPOT_ANSWERED:
        return True
    if case.state != OpinionState.REPLIED:
        return None
    for reply in case.replies.select_related("assignment").order_by("-replied_at", "-id"):
        if reply.assignment.state == AssignmentState.REPLIED and not hasattr(reply, "rating"):
            return reply
    return None


def opinion_rate(
    *, tracking_number: str, code: str, value: str, comment: str = "", client_ip: str | None = None
) -> tuple[ConstituentOpinion, str | None]:
    """The citizen rates the answer with the tracking number and the one-time code.

    Wrong number and wrong code get the same answer. The code is used up by the rating; when the
    opinion goes back for more work (dissatisfied, or a B/C reply under follow-up) a new code is
    returned, to be shown once.
    """
    number = normalize_tracking(tracking_number)
    _throttle_track(client_ip)
    opinion = (
        ConstituentOpinion.objects.select_related("case").filter(tracking_number=number).first()
        if number
        else None
    )
    code = (code or "").strip().upper()
    if (
        opinion is None
        or not code
        or not opinion.rating_code_hash
        or not check_password(code, opinion.rating_code_hash)
    ):
        raise ValidationFailed(WRONG_TRACKING, field="code", code="wrong_code")
    if value not in (RatingValue.SATISFIED, RatingValue.BASICALLY, RatingValue.DISSATISFIED):
        raise ValidationFailed(_("请选择满意、基本满意或不满意。"), field="value")
    comment = (comment or "").strip()
    if len(comment) > 500:
        raise ValidationFailed(_("评价意见不能超过500个字。"), field="comment")
    pending = rating_pending(opinion)
    if pending is None:
        raise ConflictError(_("目前没有需要评价的答复。"))
    rater = public_rater()
    with transaction.atomic():
        case = Case.objects.get(pk=opinion.case_id)
        if pending is True:
            name = "spot_reject" if value == RatingValue.DISSATISFIED else "spot_close"
            engine.case_transition(actor=rater, case=case, name=name, note=comment)
        else:
            engine.case_rate(actor=rater, reply=pending, value=value, comment=comment)
        case.refresh_from_db()
        new_code = _random(RATING_CODE_LENGTH) if case.closed_at is None else None
        ConstituentOpinion.objects.filter(pk=opinion.pk).update(
            citizen_rating=value,
            citizen_rated_at=clock.now(),
            rating_code_hash=make_password(new_code) if new_code else "",
        )
        record_event(
            actor=None,
            action="opinion.rate",
            target=case,
            congress=case.congress,
            after={"case_id": case.pk, "value": value, "via": "tracking_number", "state": case.state},
        )
    return _fresh(opinion), new_code
