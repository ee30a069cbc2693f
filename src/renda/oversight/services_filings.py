"""The only writers of filing review and appointments. Every function takes the acting user as
``actor=``, checks permission and scope (``policy_filings``), validates everything before it writes
(a refusal saves nothing) and writes the audit trail."""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets
from collections.abc import Mapping
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from renda.audit.services import record_event
from renda.core import clock
from renda.core.errors import ConflictError, PermissionDeniedError, ValidationFailed

from . import clauses_filings as clauses
from . import policy_filings as policy
from .models.filings import (
    OPEN_FILING_STATES,
    Appointment,
    AppointmentKind,
    AppointmentState,
    ClauseFlag,
    Filing,
    FilingFile,
    FilingFileRole,
    FilingOutcome,
    FilingSetting,
    FilingState,
    RequesterKind,
    ReviewRequest,
    ReviewRequestState,
    SpecialReview,
)

FILE_MAX_MB = 20
RECORDING_MAX_MB = 200
REQUIRED_FILES = (FilingFileRole.DOCUMENT, FilingFileRole.REPORT, FilingFileRole.EXPLANATION)
FILE_FIELDS = {
    FilingFileRole.DOCUMENT: "document",
    FilingFileRole.REPORT: "report",
    FilingFileRole.EXPLANATION: "explanation",
}


def filing_setting(congress_id: int) -> FilingSetting:
    setting, _created = FilingSetting.objects.get_or_create(congress_id=congress_id)
    return setting


def _text(value: Any, field: str, label: str, max_length: int, *, required: bool = True) -> str:
    text = (value or "").strip() if isinstance(value, str) else ""
    if required and not text:
        raise ValidationFailed(_("请填写%(label)s。") % {"label": label}, field=field)
    if len(text) > max_length:
        raise ValidationFailed(
            _("%(label)s不能超过%(n)d字。") % {"label": label, "n": max_length}, field=field
        )
    if any(ord(c) < 32 and c not in "\n\r\t" for c in text):
        raise ValidationFailed(_("%(label)s含有无法识别的字符。") % {"label": label}, field=field)
    return text


def _date(value: Any, field: str, label: str, *, required: bool = True) -> dt.date | None:
    if value in (None, ""):
        if required:
            raise ValidationFailed(_("请填写%(label)s。") % {"label": label}, field=field)
        return None
    if isinstance(value, dt.datetime):
        value = value.date()
    if not isinstance(value, dt.date):
        try:
            value = dt.date.fromisoformat(str(value))
        except ValueError:
            raise ValidationFailed(
                _("%(label)s格式不正确,请按“年-月-日”填写。") % {"label": label}, field=field
            ) from None
    if not 1949 <= value.year <= 2100:
        raise ValidationFailed(_("%(label)s不在有效范围内。") % {"label": label}, field=field)
    return value


def _audit(actor: Any, action: str, target: Any, **after: Any) -> None:
    record_event(actor=actor, action=action, target=target, after=after)


# --- due dates (each a pure function, tested at its boundaries) ------------------------------------


def filing_due_on(published_on: dt.date, setting: FilingSetting) -> dt.date:
    """报送备案期限: the last day of ``filing_days`` days after publication (公布之日起30日内)."""
    return published_on + dt.timedelta(days=setting.filing_days)


def lateness(published_on: dt.date, filed_on: dt.date, setting: FilingSetting) -> tuple[dt.date, int]:
    """(due day, days late — 0 when filed on or before the due day)."""
    due = filing_due_on(published_on, setting)
    return due, max(0, (filed_on - due).days)


def review_due_on(filed_on: dt.date, setting: FilingSetting) -> dt.date:
    """主动审查期限: ``review_days`` days after the filing arrived."""
    return filed_on + dt.timedelta(days=setting.review_days)


def request_answer_due_on(submitted_on: dt.date, setting: FilingSetting) -> dt.date:
    return submitted_on + dt.timedelta(days=setting.request_answer_days)


def correction_due_on(decided_on: dt.date, setting: FilingSetting) -> dt.date:
    return decided_on + dt.timedelta(days=setting.correction_days)


def exam_passed(score: Decimal, setting: FilingSetting) -> bool:
    """合格: the score reaches the pass mark (the mark itself passes)."""
    return score >= Decimal(setting.exam_pass_mark)


# --- filing ---------------------------------------------------------------------------------------


def _check_files(files: Mapping[str, Any]) -> dict[str, Any]:
    from renda.documents.uploads import check_file

    checked: dict[str, Any] = {}
    labels = {
        FilingFileRole.DOCUMENT: _("规范性文件文本"),
        FilingFileRole.REPORT: _("备案报告"),
        FilingFileRole.EXPLANATION: _("起草说明"),
    }
    for role in REQUIRED_FILES:
        field = FILE_FIELDS[role]
        upload = files.get(field)
        if upload is None or not getattr(upload, "name", ""):
            raise ValidationFailed(_("请上传%(label)s。") % {"label": labels[role]}, field=field)
        allowed = {".pdf", ".docx"}
        try:
            checked[field] = (upload, check_file(upload, max_mb=FILE_MAX_MB, allowed=allowed, field=field))
        except ValidationFailed as exc:
            raise ValidationFailed(
                _("%(label)s:%(msg)s") % {"label": labels[role], "msg": exc.message}, field=field
            ) from None
    return checked


def filing_submit(
    *,
    actor: Any,
    filing_body: Any,
    title: str,
    document_number: str,
    published_on: Any,
    effective_on: Any = None,
    text: str = "",
    files: Mapping[str, Any],
    previous: Filing | None = None,
) -> Filing:
    """电子报备: the document, the filing report and the drafting explanation, checked by content.
    A filing after the period is accepted and marked late (with the days)."""
    if not policy.may_file_for(actor, filing_body):
        raise PermissionDeniedError(_("您不能以该机关的名义报送备案。"))
    title = _text(title, "title", _("文件名称"), 200)
    document_number = _text(document_number, "document_number", _("文号"), 60)
    published = _date(published_on, "published_on", _("公布日期"))
    effective = _date(effective_on, "effective_on", _("施行日期"), required=False)
    today = clock.today()
    if published > today:
        raise ValidationFailed(_("公布日期不能晚于今天,文件公布后才能报送备案。"), field="published_on")
    if effective is not None and effective < published:
        raise ValidationFailed(_("施行日期不能早于公布日期。"), field="effective_on")
    if previous is not None and (previous.filing_body_id != filing_body.pk):
        raise ValidationFailed(_("此前版本须是本机关报备的文件。"), field="previous")
    checked = _check_files(files)
    text = _text(text, "text", _("正文"), 200_000, required=False)
    if not text:
        upload, info = checked["document"]
        text = clauses.extract_text(upload, info.ext)
    if not text.strip():
        raise ValidationFailed(
            _("无法从规范性文件文本中读出文字(可能是扫描件),请在“正文”中粘贴文件全文。"), field="text"
        )
    congress = filing_body.congress
    setting = filing_setting(congress.pk)
    due, late_days = lateness(published, today, setting)
    rules = clauses.rules_for(congress.pk)
    stored: list[FilingFile] = []
    try:
        with transaction.atomic():
            filing = Filing.objects.create(
                congress=congress, filing_body=filing_body, title=title, document_number=document_number,
                published_on=published, effective_on=effective, text=text, filed_at=clock.now(), filed_by=actor,
                due_on=due, is_late=late_days > 0, late_days=late_days, previous=previous,
                review_due_on=review_due_on(today, setting),
            )  # fmt: skip
            for role in REQUIRED_FILES:
                upload, info = checked[FILE_FIELDS[role]]
                stored.append(_store_file(filing, role, upload, info))
            _store_flags(filing, rules)
            _audit(
                actor, "filing.submit", filing, title=title, late_days=late_days, flags=filing.flags.count()
            )
    except BaseException:
        # the rows are rolled back: the files written to storage must not stay behind either
        for row in stored:
            row.file.storage.delete(row.file.name)
        raise
    return filing


def _store_file(filing: Filing, role: str, upload: Any, info: Any) -> FilingFile:
    upload.seek(0)
    row = FilingFile(
        filing=filing, role=role, original_name=info.name, content_type=info.content_type, size=info.size
    )
    row.file.save(info.name, upload, save=False)
    row.save()
    return row


def _store_flags(filing: Filing, rules: list[Any]) -> None:
    flags = clauses.flag_text(filing.text, rules)
    ClauseFlag.objects.bulk_create(
        [
            ClauseFlag(
                filing=filing,
                rule_code=f.rule_code,
                category=f.category,
                label=f.label[:200],
                article=f.article[:40],
                clause=f.clause,
                match_start=f.start,
                match_end=f.end,
            )  # fmt: skip
            for f in flags
        ]
    )


def filing_supplement(*, actor: Any, filing: Filing, upload: Any, text: str = "") -> Filing:
    """补正: the body sends the missing or corrected material; the filing is back for review."""
    from renda.documents.uploads import check_file

    if not policy.may_file_for(actor, filing.filing_body):
        raise PermissionDeniedError(_("只有报备机关可以补正备案材料。"))
    if filing.state != FilingState.CORRECTION_ASKED:
        raise ConflictError(_("该备案没有要求补正。"))
    info = check_file(upload, max_mb=FILE_MAX_MB, allowed={".pdf", ".docx"}, field="file")
    text = _text(text, "text", _("正文"), 200_000, required=False)
    setting = filing_setting(filing.congress_id)
    with transaction.atomic():
        filing = Filing.objects.select_for_update().get(pk=filing.pk)
        if filing.state != FilingState.CORRECTION_ASKED:
            raise ConflictError(_("该备案没有要求补正。"))
        _store_file(filing, FilingFileRole.SUPPLEMENT, upload, info)
        if text:
            filing.text = text
            filing.flags.all().delete()
            _store_flags(filing, clauses.rules_for(filing.congress_id))
        filing.state = FilingState.REVIEWING if filing.reviewer_id else FilingState.SUBMITTED
        filing.outcome = ""
        filing.review_due_on = review_due_on(clock.today(), setting)
        filing.save(update_fields=["text", "state", "outcome", "review_due_on"])
        _audit(actor, "filing.supplement", filing, name=info.name)
    return filing


def _lock_filing(filing: Filing) -> Filing:
    return Filing.objects.select_for_update().get(pk=filing.pk)


def filing_start_review(*, actor: Any, filing: Filing) -> Filing:
    if not policy.reviews_filings(actor, filing.congress_id):
        raise PermissionDeniedError(_("只有本级人大负责备案审查的工作人员可以审查。"))
    with transaction.atomic():
        filing = _lock_filing(filing)
        if filing.state != FilingState.SUBMITTED:
            raise ConflictError(_("该备案已在审查中或已审查完毕。"))
        filing.state = FilingState.REVIEWING
        filing.reviewer = actor
        filing.review_started_at = clock.now()
        filing.save(update_fields=["state", "reviewer", "review_started_at"])
        _audit(actor, "filing.review_start", filing)
    return filing


OUTCOME_STATE = {
    FilingOutcome.FILED: FilingState.FILED,
    FilingOutcome.CORRECTION_ASKED: FilingState.CORRECTION_ASKED,
    FilingOutcome.RETURNED: FilingState.RETURNED,
    FilingOutcome.CORRECT: FilingState.CORRECTION_DEMANDED,
    FilingOutcome.REVOKE: FilingState.CORRECTION_DEMANDED,
}


def filing_decide(
    *, actor: Any, filing: Filing, outcome: str, opinion: str = "", publish: bool = False
) -> Filing:
    """The review's conclusion. Correction or revocation opens a ``filing_correction`` case assigned
    to the filing body, due after the congress's correction period."""
    from renda.cases import services as engine
    from renda.cases.choices import PartyRole

    if not policy.reviews_filings(actor, filing.congress_id):
        raise PermissionDeniedError(_("只有本级人大负责备案审查的工作人员可以作出审查结论。"))
    if outcome not in FilingOutcome.values:
        raise ValidationFailed(_("请选择审查结论。"), field="outcome")
    required = outcome != FilingOutcome.FILED
    opinion = _text(opinion, "opinion", _("审查意见"), 5000, required=required)
    setting = filing_setting(filing.congress_id)
    with transaction.atomic():
        filing = _lock_filing(filing)
        if filing.state not in OPEN_FILING_STATES:
            raise ConflictError(_("该备案已审查完毕。"))
        now = clock.now()
        before = filing.state
        filing.state = OUTCOME_STATE[outcome]
        filing.outcome = outcome
        filing.opinion = opinion
        filing.decided_at = now
        filing.reviewer = filing.reviewer or actor
        filing.is_published = bool(publish) and outcome == FilingOutcome.FILED
        if outcome in (FilingOutcome.CORRECT, FilingOutcome.REVOKE):
            verb = _("纠正") if outcome == FilingOutcome.CORRECT else _("撤销")
            case = engine.case_create(
                actor=actor, congress=filing.congress, kind=policy.KIND,
                title=_("关于%(t)s(%(n)s)的%(v)s意见") % {"t": filing.title, "n": filing.document_number, "v": verb},
                body=opinion, parties=[(actor, PartyRole.AUTHOR)], origin_organization=filing.filing_body,
            )  # fmt: skip
            engine.case_assign(
                actor=actor,
                case=case,
                lead=filing.filing_body,
                deadline=correction_due_on(clock.today(), setting),
                note=opinion[:500],
            )
            filing.correction_case = case
        filing.save()
        _audit(actor, "filing.decide", filing, before=before, outcome=outcome, state=filing.state)
    return filing


def mark_corrected(*, case: Any, actor: Any) -> None:
    """The reviewer accepted the final correction report (called by the policy inside the rating)."""
    filing = Filing.objects.select_for_update().filter(correction_case=case).first()
    if filing is None or filing.state != FilingState.CORRECTION_DEMANDED:
        return
    filing.state = FilingState.CORRECTED
    filing.corrected_at = clock.now()
    filing.save(update_fields=["state", "corrected_at"])
    _audit(actor, "filing.corrected", filing, case_id=case.pk)


def filing_publish(*, actor: Any, filing: Filing, published: bool) -> Filing:
    if not policy.reviews_filings(actor, filing.congress_id):
        raise PermissionDeniedError(_("只有本级人大工作人员可以公开备案文件。"))
    if published and filing.state not in (FilingState.FILED, FilingState.CORRECTED):
        raise ValidationFailed(_("只有予以备案或已纠正的文件可以在文件库公开。"), field="published")
    with transaction.atomic():
        filing = _lock_filing(filing)
        filing.is_published = bool(published)
        filing.save(update_fields=["is_published"])
        _audit(actor, "filing.publish" if published else "filing.unpublish", filing)
    return filing


# --- review requests ------------------------------------------------------------------------------


def _code_hash(number: str, code: str) -> str:
    return hashlib.sha256(f"{settings.SECRET_KEY}:review-request:{number}:{code}".encode()).hexdigest()


def review_request_submit(
    *,
    actor: Any,
    congress: Any,
    requester_kind: str,
    requester_name: str,
    requester_phone: str = "",
    document_title: str,
    content: str,
    filing: Filing | None = None,
    client_ip: str | None = None,
) -> tuple[ReviewRequest, str]:
    """审查建议 from a deputy, an organisation or a citizen (the portal's public form, rate-limited per
    address). Returns the request and the one-time query code the requester reads the answer with."""
    from renda.liaison.services.config import client_key, throttle

    if requester_kind not in RequesterKind.values:
        raise ValidationFailed(_("请选择提出人类别。"), field="requester_kind")
    name = _text(requester_name, "requester_name", _("提出人姓名或单位名称"), 100)
    phone = _text(requester_phone, "requester_phone", _("联系电话"), 20, required=False)
    if phone and not phone.replace("-", "").isdigit():
        raise ValidationFailed(_("联系电话只能包含数字和“-”。"), field="requester_phone")
    title = _text(document_title, "document_title", _("建议审查的文件名称"), 200)
    content = _text(content, "content", _("审查建议内容"), 5000)
    if len(content) < 10:
        raise ValidationFailed(_("请写明建议审查的理由(至少10字)。"), field="content")
    if filing is not None and (filing.congress_id != congress.pk or not filing.is_published):
        raise ValidationFailed(_("请选择本级文件库中的文件。"), field="filing")
    anonymous = not getattr(actor, "is_authenticated", False)
    key = client_key(client_ip) if anonymous else ""
    if anonymous:
        throttle(
            action="review_request", key=key, limit=5, window_minutes=60,
            message=_("提交过于频繁,请60分钟后再试。"),
        )  # fmt: skip
    setting = filing_setting(congress.pk)
    now = clock.now()
    code = secrets.token_hex(4).upper()
    with transaction.atomic():
        serial = ReviewRequest.objects.filter(congress=congress, submitted_at__year=now.year).count() + 1
        number = f"SJ{now:%Y}{congress.pk:03d}{serial:04d}"
        while ReviewRequest.objects.filter(number=number).exists():
            serial += 1
            number = f"SJ{now:%Y}{congress.pk:03d}{serial:04d}"
        request = ReviewRequest.objects.create(
            congress=congress, number=number, code_hash=_code_hash(number, code), requester_kind=requester_kind,
            requester_name=name, requester_phone=phone, filing=filing, document_title=title, content=content,
            submitted_at=now, submitted_by=None if anonymous else actor, client_key=key,
            answer_due_on=request_answer_due_on(clock.today(), setting),
        )  # fmt: skip
        record_event(
            actor=actor, action="review_request.submit", target=request, congress=congress,
            after={"number": number, "kind": requester_kind},
        )  # fmt: skip
    return request, code


def review_request_lookup(*, number: str, code: str, client_ip: str | None = None) -> ReviewRequest | None:
    """The requester's own request, by its number and code (rate-limited; a wrong pair finds nothing)."""
    from renda.liaison.services.config import client_key, throttle

    throttle(
        action="review_lookup", key=client_key(client_ip), limit=30, window_minutes=10,
        message=_("查询过于频繁,请10分钟后再试。"),
    )  # fmt: skip
    number = (number or "").strip().upper()
    code = (code or "").strip().upper()
    if not number or not code:
        return None
    found = ReviewRequest.objects.filter(number=number).first()
    if found is None or not secrets.compare_digest(found.code_hash, _code_hash(number, code)):
        return None
    return found


def review_request_answer(
    *, actor: Any, request: ReviewRequest, answer: str, transferred_to: str = "", filing: Filing | None = None
) -> ReviewRequest:
    """研究处理并反馈; with ``transferred_to`` the request was sent to the competent body (移送)."""
    if not policy.reviews_filings(actor, request.congress_id):
        raise PermissionDeniedError(_("只有本级人大负责备案审查的工作人员可以反馈审查建议。"))
    answer = _text(answer, "answer", _("研究处理情况及反馈"), 5000)
    transferred_to = _text(transferred_to, "transferred_to", _("移送机关"), 120, required=False)
    if filing is not None and filing.congress_id != request.congress_id:
        raise ValidationFailed(_("请选择本级人大的备案文件。"), field="filing")
    with transaction.atomic():
        request = ReviewRequest.objects.select_for_update().get(pk=request.pk)
        if request.state != ReviewRequestState.RECEIVED:
            raise ConflictError(_("该审查建议已经反馈。"))
        request.answer = answer
        request.transferred_to = transferred_to
        request.state = ReviewRequestState.TRANSFERRED if transferred_to else ReviewRequestState.ANSWERED
        request.answered_at = clock.now()
        request.answered_by = actor
        if filing is not None:
            request.filing = filing
        request.save()
        record_event(
            actor=actor, action="review_request.answer", target=request,
            after={"state": request.state, "transferred_to": transferred_to},
        )  # fmt: skip
    return request


def special_review_create(
    *,
    actor: Any,
    congress: Any,
    theme: str,
    description: str = "",
    started_on: Any,
    filings: list[Filing] = (),  # type: ignore[assignment]
) -> SpecialReview:
    if not policy.reviews_filings(actor, congress.pk):
        raise PermissionDeniedError(_("只有本级人大工作人员可以开展专项审查。"))
    theme = _text(theme, "theme", _("审查主题"), 200)
    description = _text(description, "description", _("审查重点"), 5000, required=False)
    started = _date(started_on, "started_on", _("开始日期"))
    if any(f.congress_id != congress.pk for f in filings):
        raise ValidationFailed(_("请选择本级人大的备案文件。"), field="filings")
    with transaction.atomic():
        review = SpecialReview.objects.create(
            congress=congress, year=started.year, theme=theme, description=description, started_on=started,
            created_by=actor,
        )  # fmt: skip
        review.filings.set(filings)
        _audit(actor, "special_review.create", review, theme=theme, filings=len(filings))
    return review


def special_review_finish(
    *, actor: Any, review: SpecialReview, conclusion: str, finished_on: Any
) -> SpecialReview:
    if not policy.reviews_filings(actor, review.congress_id):
        raise PermissionDeniedError(_("只有本级人大工作人员可以完成专项审查。"))
    conclusion = _text(conclusion, "conclusion", _("审查结论"), 5000)
    finished = _date(finished_on, "finished_on", _("完成日期"))
    if finished < review.started_on:
        raise ValidationFailed(_("完成日期不能早于开始日期。"), field="finished_on")
    if finished > clock.today():
        raise ValidationFailed(_("完成日期不能晚于今天。"), field="finished_on")
    with transaction.atomic():
        review.conclusion = conclusion
        review.finished_on = finished
        review.save(update_fields=["conclusion", "finished_on"])
        _audit(actor, "special_review.finish", review)
    return review


def setting_update(*, actor: Any, congress: Any, values: Mapping[str, Any]) -> FilingSetting:
    if not policy.manages(actor, congress.pk):
        raise PermissionDeniedError(_("只有本级人大工作人员可以修改设置。"))
    setting = filing_setting(congress.pk)
    limits = {
        "filing_days": (1, 365), "review_days": (1, 365), "request_answer_days": (1, 365),
        "correction_days": (1, 365), "exam_pass_mark": (1, 1000), "exam_full_mark": (1, 1000),
    }  # fmt: skip
    before: dict[str, Any] = {k: getattr(setting, k) for k in limits}
    for key, (low, high) in limits.items():
        if key not in values:
            continue
        try:
            number = int(values[key])
        except (TypeError, ValueError):
            raise ValidationFailed(_("请填写整数。"), field=key) from None
        if not low <= number <= high:
            raise ValidationFailed(_("须在%(a)d到%(b)d之间。") % {"a": low, "b": high}, field=key)
        setattr(setting, key, number)
    if setting.exam_pass_mark > setting.exam_full_mark:
        raise ValidationFailed(_("合格分不能高于满分。"), field="exam_pass_mark")
    if "legal_committee" in values:
        committee = values["legal_committee"]
        if committee is not None and (committee.congress_id != congress.pk or committee.kind != "committee"):
            raise ValidationFailed(_("请选择本级人大的工作委员会。"), field="legal_committee")
        before["legal_committee"] = setting.legal_committee_id
        setting.legal_committee = committee
    with transaction.atomic():
        setting.save()
        record_event(
            actor=actor, action="filing_setting.update", target=setting, congress=congress, before=before,
            after={**{k: getattr(setting, k) for k in limits}, "legal_committee": setting.legal_committee_id},
        )  # fmt: skip
    return setting


# --- appointments ---------------------------------------------------------------------------------


def _ensure_manages(actor: Any, congress_id: int) -> None:
    if not policy.manages(actor, congress_id):
        raise PermissionDeniedError(_("只有本级人大工作人员可以办理人事任免。"))


def _lock_appointment(appointment: Appointment) -> Appointment:
    return Appointment.objects.select_for_update().get(pk=appointment.pk)


def appointment_nominate(
    *,
    actor: Any,
    congress: Any,
    kind: str,
    person_name: str,
    gender: str,
    birth_date: Any,
    education: str,
    party: str,
    post: str,
    employer: str,
    nominating_body: Any,
    nominated_on: Any,
    reason: str = "",
) -> Appointment:
    """提请任免: an appointment, a removal or a resignation, with the nominating body and the post."""
    _ensure_manages(actor, congress.pk)
    if kind not in AppointmentKind.values:
        raise ValidationFailed(_("请选择任免类别。"), field="kind")
    name = _text(person_name, "person_name", _("姓名"), 50)
    if gender not in ("男", "女"):
        raise ValidationFailed(_("请选择性别。"), field="gender")
    birth = _date(birth_date, "birth_date", _("出生日期"))
    today = clock.today()
    if birth > today or today.year - birth.year < 18:
        raise ValidationFailed(_("出生日期不正确:须年满18周岁。"), field="birth_date")
    education = _text(education, "education", _("学历"), 30)
    party = _text(party, "party", _("政治面貌"), 30)
    post = _text(post, "post", _("职务"), 120)
    employer = _text(employer, "employer", _("任职机关"), 120)
    if nominating_body is None or nominating_body.congress_id != congress.pk:
        raise ValidationFailed(_("请选择本级的提请机关。"), field="nominating_body")
    nominated = _date(nominated_on, "nominated_on", _("提请日期"))
    if nominated > today:
        raise ValidationFailed(_("提请日期不能晚于今天。"), field="nominated_on")
    reason = _text(reason, "reason", _("提请理由"), 5000, required=False)
    with transaction.atomic():
        appointment = Appointment.objects.create(
            congress=congress, kind=kind, person_name=name, gender=gender, birth_date=birth, education=education,
            party=party, post=post, employer=employer, nominating_body=nominating_body, nominated_on=nominated,
            reason=reason, created_by=actor,
            # a removal or resignation has no examination, statement, oath or certificate: it goes to the vote
            state=AppointmentState.NOMINATED,
        )  # fmt: skip
        _audit(actor, "appointment.nominate", appointment, kind=kind, post=post)
    return appointment


def appointment_exam(*, actor: Any, appointment: Appointment, exam_date: Any, score: Any) -> Appointment:
    """任前法律考试: the score against the congress's pass mark (at or above it passes)."""
    _ensure_manages(actor, appointment.congress_id)
    if appointment.kind != AppointmentKind.APPOINT:
        raise ValidationFailed(_("免职和辞职不需要任前法律考试。"), field="score")
    day = _date(exam_date, "exam_date", _("考试日期"))
    if day > clock.today():
        raise ValidationFailed(_("考试日期不能晚于今天。"), field="exam_date")
    if day < appointment.nominated_on:
        raise ValidationFailed(_("考试日期不能早于提请日期。"), field="exam_date")
    setting = filing_setting(appointment.congress_id)
    try:
        value = Decimal(str(score)).quantize(Decimal("0.1"))
    except (InvalidOperation, ValueError, TypeError):
        raise ValidationFailed(_("请填写考试成绩(数字)。"), field="score") from None
    if not value.is_finite() or value < 0 or value > setting.exam_full_mark:
        raise ValidationFailed(
            _("考试成绩须在0到%(n)d分之间。") % {"n": setting.exam_full_mark}, field="score"
        )
    with transaction.atomic():
        appointment = _lock_appointment(appointment)
        if appointment.state not in (AppointmentState.NOMINATED, AppointmentState.EXAM_FAILED):
            raise ConflictError(_("该任命已经过任前法律考试。"))
        appointment.exam_date = day
        appointment.exam_score = value
        appointment.exam_pass_mark = setting.exam_pass_mark
        passed = exam_passed(value, setting)
        appointment.state = AppointmentState.EXAMINED if passed else AppointmentState.EXAM_FAILED
        appointment.save(update_fields=["exam_date", "exam_score", "exam_pass_mark", "state"])
        _audit(actor, "appointment.exam", appointment, score=str(value), passed=passed)
    return appointment


def appointment_statement(
    *, actor: Any, appointment: Appointment, statement_on: Any, statement: str
) -> Appointment:
    """供职发言 to the committee, after the examination was passed."""
    _ensure_manages(actor, appointment.congress_id)
    day = _date(statement_on, "statement_on", _("供职发言日期"))
    text = _text(statement, "statement", _("供职发言"), 20_000)
    with transaction.atomic():
        appointment = _lock_appointment(appointment)
        if appointment.state != AppointmentState.EXAMINED:
            raise ConflictError(_("须先通过任前法律考试,才能作供职发言。"))
        if day < appointment.exam_date:
            raise ValidationFailed(_("供职发言日期不能早于考试日期。"), field="statement_on")
        appointment.statement_on = day
        appointment.statement = text
        appointment.state = AppointmentState.STATED
        appointment.save(update_fields=["statement_on", "statement", "state"])
        _audit(actor, "appointment.statement", appointment)
    return appointment


def ready_for_vote(appointment: Appointment) -> bool:
    if appointment.kind == AppointmentKind.APPOINT:
        return appointment.state == AppointmentState.STATED
    return appointment.state == AppointmentState.NOMINATED


def appointment_link_agenda(*, actor: Any, appointment: Appointment, agenda_item: Any) -> Appointment:
    """The agenda item "人事任免" of a meeting that is about this appointment (set when staff add it)."""
    _ensure_manages(actor, appointment.congress_id)
    if agenda_item.meeting.congress_id != appointment.congress_id:
        raise ValidationFailed(_("请选择本级人大的会议。"), field="agenda_item")
    with transaction.atomic():
        appointment = _lock_appointment(appointment)
        if not ready_for_vote(appointment):
            raise ConflictError(_("该任免事项尚不能提请表决(任命须先经法律考试和供职发言)。"))
        appointment.agenda_item = agenda_item
        appointment.state = AppointmentState.ON_AGENDA
        appointment.save(update_fields=["agenda_item", "state"])
        _audit(actor, "appointment.agenda", appointment, agenda_item_id=agenda_item.pk)
    return appointment


def record_vote_decision(*, vote: Any, result: dict[str, Any], actor: Any) -> None:
    """The vote owner's ``on_closed``: inside the closing transaction, the decision is recorded."""
    appointment = Appointment.objects.select_for_update().filter(pk=vote.owner_id).first()
    if appointment is None or appointment.state != AppointmentState.ON_AGENDA:
        return
    counts = result.get("counts", {})
    passed = bool(result.get("passed"))
    appointment.vote = vote
    appointment.decided_on = clock.today()
    appointment.vote_summary = _("应到%(m)d人,实到%(p)d人;赞成%(y)d票,反对%(n)d票,弃权%(a)d票") % {
        "m": result.get("members", 0), "p": result.get("present", 0), "y": counts.get("yes", 0),
        "n": counts.get("no", 0), "a": counts.get("abstain", 0),
    }  # fmt: skip
    appointment.state = AppointmentState.APPOINTED if passed else AppointmentState.REJECTED
    appointment.save(update_fields=["vote", "decided_on", "vote_summary", "state"])
    _audit(actor, "appointment.decide", appointment, passed=passed, vote_id=vote.pk)


def appointment_oath(
    *, actor: Any, appointment: Appointment, oath_date: Any, witnesses: str, recording: Any
) -> Appointment:
    """宪法宣誓: the date, the witnesses, and the recording kept as a checked file."""
    from renda.documents.uploads import check_file

    _ensure_manages(actor, appointment.congress_id)
    day = _date(oath_date, "oath_date", _("宣誓日期"))
    if day > clock.today():
        raise ValidationFailed(_("宣誓日期不能晚于今天。"), field="oath_date")
    witnesses = _text(witnesses, "witnesses", _("监誓人"), 200)
    info = check_file(
        recording,
        max_mb=RECORDING_MAX_MB,
        allowed={".pdf", ".docx", ".png", ".jpg", ".jpeg"},
        field="recording",
    )
    with transaction.atomic():
        appointment = _lock_appointment(appointment)
        if appointment.kind != AppointmentKind.APPOINT or appointment.state != AppointmentState.APPOINTED:
            raise ConflictError(_("只有表决通过的任命人员才进行宪法宣誓。"))
        if appointment.decided_on and day < appointment.decided_on:
            raise ValidationFailed(_("宣誓日期不能早于表决通过日期。"), field="oath_date")
        recording.seek(0)
        appointment.oath_recording.save(info.name, recording, save=False)
        appointment.oath_recording_name = info.name
        appointment.oath_recording_type = info.content_type
        appointment.oath_date = day
        appointment.oath_witnesses = witnesses
        appointment.state = AppointmentState.SWORN
        appointment.save()
        _audit(actor, "appointment.oath", appointment, name=info.name)
    return appointment


def appointment_certify(*, actor: Any, appointment: Appointment) -> Appointment:
    """颁发任命书: a number (县人常任字〔年〕N号) and the day; the PDF is generated from it."""
    _ensure_manages(actor, appointment.congress_id)
    with transaction.atomic():
        appointment = _lock_appointment(appointment)
        if appointment.state != AppointmentState.SWORN:
            raise ConflictError(_("须先完成宪法宣誓,才能颁发任命书。"))
        today = clock.today()
        n = (
            Appointment.objects.filter(
                congress_id=appointment.congress_id, certificate_issued_on__year=today.year
            ).count()
            + 1
        )
        appointment.certificate_number = f"〔{today.year}〕{n}号"
        appointment.certificate_issued_on = today
        appointment.state = AppointmentState.CERTIFIED
        appointment.save(update_fields=["certificate_number", "certificate_issued_on", "state"])
        _audit(actor, "appointment.certify", appointment, number=appointment.certificate_number)
    return appointment


def appointment_withdraw(*, actor: Any, appointment: Appointment, reason: str) -> Appointment:
    _ensure_manages(actor, appointment.congress_id)
    reason = _text(reason, "reason", _("撤回理由"), 500)
    with transaction.atomic():
        appointment = _lock_appointment(appointment)
        if appointment.state not in (
            AppointmentState.NOMINATED, AppointmentState.EXAMINED, AppointmentState.EXAM_FAILED,
            AppointmentState.STATED,
        ):  # fmt: skip
            raise ConflictError(_("已提请表决的任免事项不能撤回。"))
        appointment.state = AppointmentState.WITHDRAWN
        appointment.save(update_fields=["state"])
        _audit(actor, "appointment.withdraw", appointment, reason=reason)
    return appointment
