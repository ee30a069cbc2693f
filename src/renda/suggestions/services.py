"""The only writers of suggestions. Every engine step goes through ``renda.cases.services``; these add
what is particular to suggestions: drafts, co-signers, versions, review, merge, conversion, publication."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from renda.audit.services import record_event
from renda.cases import services as engine
from renda.cases.choices import PartyRole
from renda.cases.models import Case, CaseParty
from renda.cases.services._common import (
    lock_case,
    queue_notification,
    require_text,
    save_case,
)
from renda.core import clock
from renda.core.errors import ConflictError, PermissionDeniedError, ValidationFailed
from renda.core.models import Congress, Session
from renda.core.scopes import scope_of
from renda.core.text import text_problem
from renda.deputies.models import DeputyMandate

from .choices import (
    DEFAULT_CATEGORIES,
    DEFAULT_EXCLUSIONS,
    KIND,
    CoSignState,
    ReviewOutcome,
    SuggestionState,
    SuggestionType,
)
from .models import Category, CoSignature, ExclusionReason, Suggestion, SuggestionSetting, SuggestionVersion

EDITABLE_STATES = {SuggestionState.DRAFT, SuggestionState.RETURNED}
# Co-signers may still join or leave until the office has decided on the suggestion.
COSIGN_OPEN_STATES = {SuggestionState.DRAFT, SuggestionState.SUBMITTED, SuggestionState.RETURNED}
MERGE_TARGET_STATES = {
    SuggestionState.SUBMITTED,
    SuggestionState.ACCEPTED,
    SuggestionState.ASSIGNED,
    SuggestionState.HANDLING,
}


# --- configuration ------------------------------------------------------------------------------------


def suggestion_setting(congress_id: int) -> SuggestionSetting:
    found = SuggestionSetting.objects.filter(congress_id=congress_id).first()
    return found if found is not None else SuggestionSetting(congress_id=congress_id)


def suggestion_config_ensure(*, congress: Congress) -> None:
    """Give a congress the default categories and exclusion reasons the first time it needs them."""
    if not Category.objects.filter(congress=congress).exists():
        Category.objects.bulk_create(
            [
                Category(congress=congress, name=n, sort_order=i * 10)
                for i, n in enumerate(DEFAULT_CATEGORIES)
            ],
            ignore_conflicts=True,
        )
    if not ExclusionReason.objects.filter(congress=congress).exists():
        ExclusionReason.objects.bulk_create(
            [
                ExclusionReason(congress=congress, code=c, label=label, sort_order=i * 10)
                for i, (c, label) in enumerate(DEFAULT_EXCLUSIONS)
            ],
            ignore_conflicts=True,
        )


def suggestion_setting_update(
    *,
    actor: Any,
    congress: Congress,
    motion_min_cosigners: int | None = None,
    categories: list[dict[str, Any]] | None = None,
    exclusion_reasons: list[dict[str, Any]] | None = None,
) -> SuggestionSetting:
    """A congress's own configuration of suggestions: the motion co-signer minimum, the categories and
    the exclusion (refusal) reasons. Each part is changed only when given.

    ``categories``: rows ``{"id": existing id or None, "name", "sort_order", "is_active"}``;
    ``exclusion_reasons``: rows ``{"id", "code" (new rows; blank = generated), "label", "sort_order",
    "is_active"}``. Existing rows not listed are left alone; rows are never deleted (suggestions keep
    pointing at them), they are switched off. Errors name the field: ``motion_min_cosigners``,
    ``categories.<i>.name``, ``exclusion_reasons.<i>.label`` …
    """
    if not scope_of(actor).has_in(congress.pk, "staff", "system_admin"):
        raise PermissionDeniedError(_("只有本级人大工作人员可以修改建议办理参数。"))
    value: int | None = None
    if motion_min_cosigners is not None:
        try:
            value = int(motion_min_cosigners)
        except (TypeError, ValueError):
            raise ValidationFailed(_("议案附议人数下限须为整数。"), field="motion_min_cosigners") from None
        if not 0 <= value <= 500:
            raise ValidationFailed(_("议案附议人数下限须在0到500之间。"), field="motion_min_cosigners")
    with transaction.atomic():
        setting, _created = SuggestionSetting.objects.select_for_update().get_or_create(congress=congress)
        before: dict[str, Any] = {}
        after: dict[str, Any] = {}
        if value is not None:
            before["motion_min_cosigners"] = setting.motion_min_cosigners
            after["motion_min_cosigners"] = value
            setting.motion_min_cosigners = value
            setting.save()
        if categories is not None:
            before["categories"], after["categories"] = _save_categories(congress, categories)
        if exclusion_reasons is not None:
            before["exclusion_reasons"], after["exclusion_reasons"] = _save_exclusions(
                congress, exclusion_reasons
            )
        record_event(
            actor=actor,
            action="suggestion_setting.update",
            target=setting,
            congress=congress,
            before=before,
            after=after,
        )
    return setting


def _row_int(row: dict[str, Any], key: str, default: int, field: str, label: str) -> int:
    raw = row.get(key)
    if raw in (None, ""):
        return default
    try:
        number = int(raw)
    except (TypeError, ValueError):
        raise ValidationFailed(_("%(l)s须为整数。") % {"l": label}, field=field) from None
    if not 0 <= number <= 32767:
        raise ValidationFailed(_("%(l)s须在0到32767之间。") % {"l": label}, field=field)
    return number


def _existing(model: Any, congress: Congress, row: dict[str, Any], field: str) -> Any:
    raw = row.get("id")
    if raw in (None, ""):
        return None
    try:
        pk = int(raw)
    except (TypeError, ValueError):
        pk = -1
    found = model.objects.select_for_update().filter(congress=congress, pk=pk).first() if pk > 0 else None
    if found is None:
        raise ValidationFailed(_("该条目不存在或不属于本级人大,请刷新页面后重试。"), field=field)
    return found


def _save_categories(congress: Congress, rows: list[dict[str, Any]]) -> tuple[list, list]:
    def snapshot() -> list:
        return list(
            Category.objects.filter(congress=congress).values_list("pk", "name", "sort_order", "is_active")
        )

    before = snapshot()
    plan: list[tuple[Category | None, str, int, bool]] = []
    names: dict[str, int] = {}
    for i, row in enumerate(rows):
        line = i + 1
        obj = _existing(Category, congress, row, f"categories.{i}.id")
        name = str(row.get("name") or "").strip()
        if not name:
            raise ValidationFailed(
                _("建议分类第%(n)s行:名称不能为空。") % {"n": line}, field=f"categories.{i}.name"
            )
        if len(name) > 40:
            raise ValidationFailed(
                _("建议分类第%(n)s行:名称不能超过40个字。") % {"n": line}, field=f"categories.{i}.name"
            )
        if name in names:
            raise ValidationFailed(
                _("建议分类第%(n)s行:名称“%(name)s”与第%(m)s行重复。")
                % {"n": line, "name": name, "m": names[name]},
                field=f"categories.{i}.name",
            )
        names[name] = line
        order = _row_int(
            row, "sort_order", 100, f"categories.{i}.sort_order", _("建议分类第%(n)s行:排序") % {"n": line}
        )
        plan.append((obj, name, order, bool(row.get("is_active", True))))
    listed = {obj.pk for obj, *_rest in plan if obj is not None}
    clash = Category.objects.filter(congress=congress, name__in=list(names)).exclude(pk__in=listed).first()
    if clash is not None:
        i = names[clash.name] - 1
        raise ValidationFailed(
            _("建议分类第%(n)s行:名称“%(name)s”已存在。") % {"n": i + 1, "name": clash.name},
            field=f"categories.{i}.name",
        )
    # rename through a temporary name first so that swapping two names does not hit the unique index
    for obj, _name, _order, _active in plan:
        if obj is not None:
            obj.name = f"#renaming-{obj.pk}"
            obj.save(update_fields=["name"])
    for obj, name, order, active in plan:
        if obj is None:
            Category.objects.create(congress=congress, name=name, sort_order=order, is_active=active)
        else:
            obj.name, obj.sort_order, obj.is_active = name, order, active
            obj.save(update_fields=["name", "sort_order", "is_active"])
    return before, snapshot()


CODE_RE = re.compile(r"^[a-z][a-z0-9_]{0,29}$")


def _save_exclusions(congress: Congress, rows: list[dict[str, Any]]) -> tuple[list, list]:
    def snapshot() -> list:
        return list(
            ExclusionReason.objects.filter(congress=congress).values_list(
                "pk", "code", "label", "sort_order", "is_active"
            )
        )

    before = snapshot()
    taken = set(ExclusionReason.objects.filter(congress=congress).values_list("code", flat=True))
    plan: list[tuple[ExclusionReason | None, str, str, int, bool]] = []
    codes: dict[str, int] = {}
    labels: dict[str, int] = {}
    for i, row in enumerate(rows):
        line = i + 1
        obj = _existing(ExclusionReason, congress, row, f"exclusion_reasons.{i}.id")
        label = str(row.get("label") or "").strip()
        if not label:
            raise ValidationFailed(
                _("不予立案理由第%(n)s行:理由不能为空。") % {"n": line}, field=f"exclusion_reasons.{i}.label"
            )
        if len(label) > 100:
            raise ValidationFailed(
                _("不予立案理由第%(n)s行:理由不能超过100个字。") % {"n": line},
                field=f"exclusion_reasons.{i}.label",
            )
        if label in labels:
            raise ValidationFailed(
                _("不予立案理由第%(n)s行:理由与第%(m)s行重复。") % {"n": line, "m": labels[label]},
                field=f"exclusion_reasons.{i}.label",
            )
        labels[label] = line
        if obj is not None:
            code = obj.code  # a code is stable once used (review events name it)
        else:
            code = str(row.get("code") or "").strip().lower()
            if code and not CODE_RE.match(code):
                raise ValidationFailed(
                    _("不予立案理由第%(n)s行:代码只能用小写字母、数字和下划线,以字母开头,最多30个字符。")
                    % {"n": line},
                    field=f"exclusion_reasons.{i}.code",
                )
            if code and (code in taken or code in codes):
                raise ValidationFailed(
                    _("不予立案理由第%(n)s行:代码“%(c)s”已被使用。") % {"n": line, "c": code},
                    field=f"exclusion_reasons.{i}.code",
                )
            if not code:
                serial = len(taken) + len(codes) + 1
                while f"custom_{serial}" in taken or f"custom_{serial}" in codes:
                    serial += 1
                code = f"custom_{serial}"
        codes[code] = line
        order = _row_int(
            row,
            "sort_order",
            100,
            f"exclusion_reasons.{i}.sort_order",
            _("不予立案理由第%(n)s行:排序") % {"n": line},
        )
        plan.append((obj, code, label, order, bool(row.get("is_active", True))))
    for obj, code, label, order, active in plan:
        if obj is None:
            ExclusionReason.objects.create(
                congress=congress, code=code, label=label, sort_order=order, is_active=active
            )
        else:
            obj.label, obj.sort_order, obj.is_active = label, order, active
            obj.save(update_fields=["label", "sort_order", "is_active"])
    if not ExclusionReason.objects.filter(congress=congress, is_active=True).exists():
        raise ValidationFailed(
            _("至少要保留一个启用的不予立案理由,否则无法作出不予立案的审查结论。"), field="exclusion_reasons"
        )
    return before, snapshot()


# --- helpers ------------------------------------------------------------------------------------------


def mandate_of(user: Any, congress: Congress | Any) -> DeputyMandate | None:
    """The user's active mandate in the congress (None when they are not one of its deputies)."""
    congress_id = getattr(congress, "pk", congress)
    return (
        DeputyMandate.objects.active()
        .filter(deputy__user_id=getattr(user, "pk", None), congress_id=congress_id)
        .select_related("deputy", "term")
        .order_by("-started_on")
        .first()
    )


def _audit(actor: Any, action: str, suggestion: Suggestion, **after: Any) -> None:
    case = suggestion.case
    record_event(
        actor=actor,
        action=action,
        target=case,
        congress=case.congress,
        after={"case_id": case.pk, "suggestion_id": suggestion.pk, **after},
    )


def _lock(suggestion: Suggestion) -> Suggestion:
    return (
        Suggestion.objects.select_for_update(of=("self", "case"))
        .select_related("case", "case__congress")
        .get(pk=suggestion.pk)
    )


def _ensure_author(actor: Any, suggestion: Suggestion) -> None:
    if getattr(actor, "pk", None) not in (suggestion.lead_user_id, suggestion.case.created_by_id):
        raise PermissionDeniedError(_("只有领衔代表本人可以修改或提交该建议。"))


def _check_fields(
    *,
    congress: Congress,
    title: Any,
    body: Any,
    type: Any,
    category: Category | None,
    session: Session | None,
    by_delegation: bool,
    delegation_name: Any,
    not_public: bool,
    not_public_reason: Any,
) -> dict[str, Any]:
    errors: dict[str, str] = {}
    title_s, problem = text_problem(title, label=_("标题"), max_length=200)
    if problem:
        errors["title"] = problem
    body_s, problem = text_problem(body, label=_("建议内容"), max_length=20000)
    if problem:
        errors["body"] = problem
    if type not in SuggestionType.values:
        errors["type"] = _("请选择类型。")
    if category is not None and (category.congress_id != congress.pk or not category.is_active):
        errors["category"] = _("所选分类无效。")
    if session is not None and session.term.congress_id != congress.pk:
        errors["session"] = _("所选会议不属于该人大。")
    delegation_s, problem = text_problem(delegation_name, label=_("代表团(代表小组)名称"), required=False)
    if problem:
        errors["delegation_name"] = problem
    if by_delegation and not delegation_s:
        errors["delegation_name"] = _("以代表团(代表小组)名义提出的,请填写代表团(代表小组)名称。")
    reason_s, problem = text_problem(not_public_reason, label=_("不公开理由"), required=False, max_length=300)
    if not_public and not reason_s:
        errors["not_public_reason"] = _("申请不公开的,请说明理由。")
    if problem:
        errors["not_public_reason"] = problem
    if errors:
        first = next(iter(errors))
        raise ValidationFailed(errors[first], field=first, fields=errors)
    return {
        "title": title_s,
        "body": body_s,
        "type": type,
        "category": category,
        "session": session,
        "by_delegation": bool(by_delegation),
        "delegation_name": delegation_s[:100] if by_delegation else "",
        "not_public": bool(not_public),
        "not_public_reason": reason_s if not_public else "",
    }


# --- drafts ---------------------------------------------------------------------------------------------


def suggestion_draft_create(
    *,
    actor: Any,
    congress: Congress,
    title: str,
    body: str,
    type: str = SuggestionType.SUGGESTION,
    category: Category | None = None,
    session: Session | None = None,
    by_delegation: bool = False,
    delegation_name: str = "",
    not_public: bool = False,
    not_public_reason: str = "",
) -> Suggestion:
    """A deputy starts a suggestion (or motion) as a draft; the case is created in state ``draft``."""
    mandate = mandate_of(actor, congress)
    if mandate is None:
        raise PermissionDeniedError(_("只有本级人大代表可以提出建议。"))
    data = _check_fields(
        congress=congress,
        title=title,
        body=body,
        type=type,
        category=category,
        session=session,
        by_delegation=by_delegation,
        delegation_name=delegation_name,
        not_public=not_public,
        not_public_reason=not_public_reason,
    )
    with transaction.atomic():
        case = engine.case_create(
            actor=actor,
            congress=congress,
            kind=KIND,
            title=data["title"],
            body=data["body"],
            parties=[(actor, PartyRole.AUTHOR)],
            term=mandate.term,
            session=data["session"],
        )
        suggestion = Suggestion.objects.create(
            case=case,
            type=data["type"],
            category=data["category"],
            lead_mandate=mandate,
            lead_user=actor,
            by_delegation=data["by_delegation"],
            delegation_name=data["delegation_name"],
            session=data["session"],
            not_public=data["not_public"],
            not_public_reason=data["not_public_reason"],
        )
        _audit(actor, "suggestion.create", suggestion, type=suggestion.type, title=data["title"])
    return suggestion


def suggestion_draft_update(
    *,
    actor: Any,
    suggestion: Suggestion,
    title: str,
    body: str,
    type: str,
    category: Category | None = None,
    session: Session | None = None,
    by_delegation: bool = False,
    delegation_name: str = "",
    not_public: bool = False,
    not_public_reason: str = "",
    reason: str = "",
) -> Suggestion:
    """Edit a draft, or revise a suggestion returned for revision (a new version, with its reason)."""
    _ensure_author(actor, suggestion)
    case = suggestion.case
    data = _check_fields(
        congress=case.congress,
        title=title,
        body=body,
        type=type,
        category=category,
        session=session,
        by_delegation=by_delegation,
        delegation_name=delegation_name,
        not_public=not_public,
        not_public_reason=not_public_reason,
    )
    reason = (reason or "").strip()
    with transaction.atomic():
        locked = lock_case(case)
        if locked.state not in EDITABLE_STATES:
            raise ConflictError(_("建议已提交,不能再修改。"))
        revision = locked.state == SuggestionState.RETURNED
        if revision and not reason:
            raise ValidationFailed(_("请说明修改理由。"), field="reason")
        before = {"title": locked.title, "body": locked.body}
        locked.title, locked.body, locked.session = data["title"], data["body"], data["session"]
        save_case(locked, ["title", "body", "session"])
        s = _lock(suggestion)
        for name in ("type", "category", "session", "by_delegation", "delegation_name", "not_public"):
            setattr(s, name, data[name])
        s.not_public_reason = data["not_public_reason"]
        s.save()
        if revision:
            number = (s.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
            SuggestionVersion.objects.create(
                suggestion=s,
                number=number,
                title=data["title"],
                body=data["body"],
                reason=reason[:300],
                created_by=actor,
                created_at=clock.now(),
            )
        record_event(
            actor=actor,
            action="suggestion.update",
            target=locked,
            congress=locked.congress,
            before=before,
            after={"case_id": locked.pk, "title": data["title"], "reason": reason, "revision": revision},
        )
    engine_sync(suggestion, s, locked)
    return suggestion


def engine_sync(suggestion: Suggestion, fresh: Suggestion, case: Case) -> None:
    """Bring the caller's objects up to date after a write."""
    from renda.cases.services._common import sync

    sync(suggestion.case, case)
    for name in [f.attname for f in Suggestion._meta.concrete_fields]:
        setattr(suggestion, name, getattr(fresh, name))


# --- co-signers ---------------------------------------------------------------------------------------


def cosigner_invite(
    *, actor: Any, suggestion: Suggestion, mandates: Iterable[DeputyMandate]
) -> list[CoSignature]:
    """The lead deputy invites deputies of the same congress to co-sign (附议)."""
    _ensure_author(actor, suggestion)
    mandates = list(mandates)
    if not mandates:
        raise ValidationFailed(_("请选择要邀请的代表。"), field="mandates")
    case = suggestion.case
    created: list[CoSignature] = []
    with transaction.atomic():
        locked = lock_case(case, check_version=False)
        if locked.state not in EDITABLE_STATES:
            raise ConflictError(_("建议已提交,不能再邀请附议代表。"))
        now = clock.now()
        for m in mandates:
            if m.congress_id != locked.congress_id or not m.is_active:
                raise ValidationFailed(
                    _("“%(d)s”不是本级人大的在任代表。") % {"d": m.deputy}, field="mandates"
                )
            if m.deputy.user_id is None:
                raise ValidationFailed(
                    _("“%(d)s”尚未开通账号,不能在线附议。") % {"d": m.deputy}, field="mandates"
                )
            if m.deputy.user_id == suggestion.lead_user_id:
                raise ValidationFailed(_("领衔代表不能邀请自己附议。"), field="mandates")
            sig, was_created = CoSignature.objects.get_or_create(
                suggestion=suggestion,
                mandate=m,
                defaults={"user_id": m.deputy.user_id, "invited_at": now},
            )
            if not was_created:
                if sig.state != CoSignState.DECLINED:
                    continue
                sig.state, sig.invited_at, sig.responded_at = CoSignState.INVITED, now, None
                sig.save()
            created.append(sig)
        if created:
            _audit(actor, "suggestion.cosigner_invite", suggestion, mandates=[s.mandate_id for s in created])
            queue_notification(
                [s.user_id for s in created],
                case=locked,
                verb="suggestion.cosign_invite",
                title=_("%(d)s代表邀请您附议建议《%(t)s》。") % {"d": actor.display_name, "t": locked.title},
                body=_("请打开建议阅读内容,确认附议或谢绝。"),
            )
    return created


def cosigner_respond(*, actor: Any, cosignature: CoSignature, confirm: bool) -> CoSignature:
    """The invited deputy confirms or declines, in person; only before the office has decided."""
    if getattr(actor, "pk", None) != cosignature.user_id:
        raise PermissionDeniedError(_("只有被邀请的代表本人可以确认附议。"))
    with transaction.atomic():
        sig = (
            CoSignature.objects.select_for_update().select_related("suggestion__case").get(pk=cosignature.pk)
        )
        case = lock_case(sig.suggestion.case, check_version=False)
        if case.state not in COSIGN_OPEN_STATES:
            raise ConflictError(_("该建议已审查,不能再变更附议。"))
        new_state = CoSignState.CONFIRMED if confirm else CoSignState.DECLINED
        if sig.state == new_state:
            return sig
        sig.state = new_state
        sig.responded_at = clock.now()
        sig.save(update_fields=["state", "responded_at"])
        if confirm and case.state != SuggestionState.DRAFT:
            CaseParty.objects.get_or_create(case=case, user_id=sig.user_id, role=PartyRole.CO_SIGNER)
        if not confirm:
            CaseParty.objects.filter(case=case, user_id=sig.user_id, role=PartyRole.CO_SIGNER).delete()
        _audit(actor, "suggestion.cosigner_respond", sig.suggestion, mandate=sig.mandate_id, state=new_state)
        if confirm:
            count_in_record(actor, sig.mandate, "suggestion_cosigned", sig.responded_at, case)
        queue_notification(
            [sig.suggestion.lead_user_id],
            case=case,
            verb="suggestion.cosign_response",
            title=(
                _("%(d)s代表已确认附议您的建议《%(t)s》。")
                if confirm
                else _("%(d)s代表谢绝附议您的建议《%(t)s》。")
            )
            % {"d": actor.display_name, "t": case.title},
            body=_("可打开建议查看附议情况;附议人数够了即可提交。"),
        )
    cosignature.state, cosignature.responded_at = sig.state, sig.responded_at
    return cosignature


def count_in_record(actor: Any, mandate_or_user: Any, kind: str, when: Any, case: Case) -> None:
    """Count a step in the deputy's performance record (履职档案) through the deputies' one hook."""
    from renda.deputies.hooks import record_deputy_activity

    record_deputy_activity(
        actor=actor,
        mandate_or_user=mandate_or_user,
        kind=kind,
        occurred_on=when,
        source_object=case,
        title=case.title,
        congress=case.congress,
    )


# --- submission -----------------------------------------------------------------------------------------


def suggestion_submit(*, actor: Any, suggestion: Suggestion) -> Suggestion:
    """Submit a draft: the text is frozen as version 1. Motions need the congress's minimum of confirmed
    co-signers (unless put forward by a delegation). Idempotent: a repeated submit changes nothing."""
    _ensure_author(actor, suggestion)
    with transaction.atomic():
        case = Case.objects.select_for_update().get(pk=suggestion.case_id)
        if case.state != SuggestionState.DRAFT:
            if case.state == SuggestionState.SUBMITTED and suggestion.versions.exists():
                engine_sync(suggestion, Suggestion.objects.get(pk=suggestion.pk), case)
                return suggestion  # already submitted (a double click or a retried request)
            raise ConflictError(_("只有草稿可以提交。"))
        s = _lock(suggestion)
        confirmed = list(s.cosignatures.filter(state=CoSignState.CONFIRMED).values_list("user_id", flat=True))
        if s.type == SuggestionType.MOTION and not s.by_delegation:
            minimum = suggestion_setting(case.congress_id).motion_min_cosigners
            if len(confirmed) < minimum:
                raise ValidationFailed(
                    _("议案须有%(n)s名以上代表附议(目前已确认%(m)s名),或以代表团名义提出。")
                    % {"n": minimum, "m": len(confirmed)},
                    field="cosigners",
                )
        SuggestionVersion.objects.create(
            suggestion=s,
            number=1,
            title=case.title,
            body=case.body,
            created_by=actor,
            created_at=clock.now(),
        )
        for user_id in confirmed:
            CaseParty.objects.get_or_create(case=case, user_id=user_id, role=PartyRole.CO_SIGNER)
        engine.case_transition(actor=actor, case=case, name="submit")  # notifies staff and parties
        count_in_record(actor, s.lead_mandate or actor, "suggestion_submitted", clock.now(), case)
    engine_sync(suggestion, Suggestion.objects.get(pk=suggestion.pk), case)
    return suggestion


def suggestion_resubmit(*, actor: Any, suggestion: Suggestion) -> Suggestion:
    """After revising a returned suggestion, the lead deputy submits it again."""
    _ensure_author(actor, suggestion)
    case = suggestion.case
    if case.state == SuggestionState.RETURNED and not suggestion.versions.filter(number__gt=1).exists():
        raise ValidationFailed(_("请先修改建议并说明修改理由,再重新提交。"), field="reason")
    engine.case_transition(actor=actor, case=case, name="resubmit")
    return suggestion


def suggestion_withdraw(*, actor: Any, suggestion: Suggestion, reason: str) -> Suggestion:
    _ensure_author(actor, suggestion)
    engine.case_transition(actor=actor, case=suggestion.case, name="withdraw", note=reason)
    return suggestion


# --- review -------------------------------------------------------------------------------------------


def suggestion_review(
    *,
    actor: Any,
    suggestion: Suggestion,
    outcome: str,
    note: str = "",
    exclusion_reason: ExclusionReason | None = None,
    merge_into: Suggestion | None = None,
    category: Category | None = None,
) -> Suggestion:
    """审查: accept (立案), return for revision, refuse with an exclusion reason, merge into another
    suggestion (each deputy is still answered), or convert a motion into a suggestion."""
    case = suggestion.case
    note = (note or "").strip()
    if outcome not in ReviewOutcome.values:
        raise ValidationFailed(_("请选择审查结果。"), field="outcome")
    if category is not None and (category.congress_id != case.congress_id or not category.is_active):
        raise ValidationFailed(_("所选分类无效。"), field="category")
    with transaction.atomic():
        s = _lock(suggestion)
        if outcome == ReviewOutcome.ACCEPT:
            engine.case_transition(actor=actor, case=case, name="admit", note=note)
        elif outcome == ReviewOutcome.RETURN:
            if not note:
                raise ValidationFailed(_("请填写退回修改的理由。"), field="note")
            engine.case_transition(actor=actor, case=case, name="return", note=note)
        elif outcome == ReviewOutcome.REFUSE:
            if exclusion_reason is None:
                raise ValidationFailed(_("请选择不予立案的理由。"), field="exclusion_reason")
            if exclusion_reason.congress_id != case.congress_id or not exclusion_reason.is_active:
                raise ValidationFailed(_("所选不予立案理由无效。"), field="exclusion_reason")
            s.exclusion_reason = exclusion_reason
            text = exclusion_reason.label + (f":{note}" if note else "")
            engine.case_transition(actor=actor, case=case, name="refuse", note=text)
        elif outcome == ReviewOutcome.MERGE:
            _merge(actor, s, case, merge_into, note)
        elif outcome == ReviewOutcome.CONVERT:
            if s.type != SuggestionType.MOTION:
                raise ValidationFailed(_("只有议案可以转为建议。"), field="outcome")
            engine.case_transition(actor=actor, case=case, name="convert", note=note)
            s.type = SuggestionType.SUGGESTION
            s.converted_from_motion = True
        if category is not None:
            s.category = category
        s.review_note = note
        s.save()
        _audit(
            actor,
            "suggestion.review",
            s,
            outcome=outcome,
            note=note,
            exclusion_reason=getattr(exclusion_reason, "code", ""),
            merge_into=getattr(merge_into, "pk", None),
        )
    engine_sync(suggestion, s, case)
    return suggestion


def _merge(actor: Any, s: Suggestion, case: Case, target: Suggestion | None, note: str) -> None:
    if target is None:
        raise ValidationFailed(_("请选择并入的建议。"), field="merge_into")
    if target.pk == s.pk:
        raise ValidationFailed(_("不能并入自身。"), field="merge_into")
    target_case = Case.objects.select_for_update().get(pk=target.case_id)
    if target_case.congress_id != case.congress_id or target_case.kind != KIND:
        raise ValidationFailed(_("只能并入本级人大的建议。"), field="merge_into")
    if target_case.state not in MERGE_TARGET_STATES:
        raise ValidationFailed(_("所选建议当前不能接受并案。"), field="merge_into")
    engine.case_transition(actor=actor, case=case, name="merge", note=note or target_case.number)
    s.merged_into = target
    # every deputy of the merged suggestion follows the handling and receives the reply
    people = {s.lead_user_id} | set(
        s.cosignatures.filter(state=CoSignState.CONFIRMED).values_list("user_id", flat=True)
    )
    for user_id in people:
        if not CaseParty.objects.filter(case=target_case, user_id=user_id).exists():
            CaseParty.objects.create(case=target_case, user_id=user_id, role=PartyRole.FOLLOWER)
    record_event(
        actor=actor,
        action="suggestion.merged_in",
        target=target_case,
        congress=target_case.congress,
        after={"case_id": target_case.pk, "merged_case_id": case.pk, "followers": sorted(people)},
    )
    queue_notification(
        people,
        case=case,
        verb="suggestion.merged",
        title=_("您的建议《%(t)s》(%(n)s)已并入《%(mt)s》(%(m)s)合并办理。")
        % {"t": case.title, "n": case.number, "mt": target_case.title, "m": target_case.number},
        body=_("请在合并后的建议中查看办理进展。"),
    )


# --- publication ------------------------------------------------------------------------------------------


def suggestion_publish(*, actor: Any, suggestion: Suggestion, confirm_sensitive: bool = False) -> Suggestion:
    """六公开: publish once replied (refused when it is marked not public)."""
    if suggestion.not_public:
        raise ConflictError(
            _("该建议已标记不公开(%(r)s),请先取消不公开标记。") % {"r": suggestion.not_public_reason}
        )
    engine.case_publish(actor=actor, case=suggestion.case, confirm_sensitive=confirm_sensitive)
    return suggestion


def suggestion_withhold(*, actor: Any, suggestion: Suggestion, reason: str) -> Suggestion:
    """Mark not public with the reason (and take it off the public pages if it was published)."""
    reason = require_text(reason, "reason", _("不公开理由"), 300)
    with transaction.atomic():
        engine.case_withhold(actor=actor, case=suggestion.case, reason=reason)
        s = _lock(suggestion)
        s.not_public, s.not_public_reason = True, reason
        s.save(update_fields=["not_public", "not_public_reason", "updated_at"])
    suggestion.not_public, suggestion.not_public_reason = True, reason
    return suggestion


def suggestion_allow_public(*, actor: Any, suggestion: Suggestion) -> Suggestion:
    """Lift a not-public mark (staff); publishing is then a separate step."""
    if not scope_of(actor).has_in(suggestion.case.congress_id, "staff"):
        raise PermissionDeniedError(_("只有本级人大工作人员可以决定公开。"))
    with transaction.atomic():
        s = _lock(suggestion)
        s.not_public, s.not_public_reason = False, ""
        s.save(update_fields=["not_public", "not_public_reason", "updated_at"])
        _audit(actor, "suggestion.allow_public", s)
    suggestion.not_public, suggestion.not_public_reason = False, ""
    return suggestion


def suggestions_publish_replied(*, actor: Any = None) -> int:
    """Daily: publish every replied suggestion not marked not public (六公开), as the system."""
    from renda.analytics.screening import publication_held
    from renda.cases.services._common import audit

    count = 0
    qs = Suggestion.objects.filter(
        case__kind=KIND, case__is_public=False, not_public=False, case__replies__isnull=False
    ).distinct()
    for s in qs.select_related("case"):
        with transaction.atomic():
            case = lock_case(s.case, check_version=False)
            if case.is_public or case.not_public_reason:
                continue
            if publication_held(case):  # 敏感词: left for staff to publish with confirmation
                continue
            case.is_public, case.published_at = True, clock.now()
            save_case(case, ["is_public", "published_at"])
            audit(actor, "case.publish", case, after={"is_public": True, "auto": True})
            count += 1
    return count
