"""Constituent opinions on the engine's case page (``/cases/<pk>/``): the kind's own steps and its
subject panel.

The engine offers the handling steps every kind shares (sign, contact, reply, return, extension …);
a constituent opinion adds what is its own, each calling the liaison service that also tells the
citizen by text message:

- ``accept_opinion`` / ``exclude`` — 甄别: accept it, or exclude it under one of the congress's
  exclusions with the reason the citizen is told;
- ``assign`` — 转办 to a township or a government unit (replaces the engine's assignment form: one
  unit, the route is recorded, the citizen is told);
- ``answer_on_spot`` — 当场答复 by the deputy or the station's keeper;
- ``take_up`` — 转为代表建议: a new suggestion draft or one of the deputy's own suggestions.

Who may is the policy's transitions (``ctx.transitions``); the services check it again.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from renda.cases.actions import ActionContext, CaseAction
from renda.cases.choices import RatingValue
from renda.core.choices import HANDLING_UNIT_KINDS, Role
from renda.core.models import Organization
from renda.core.scopes import scope_of

from . import services
from .forms import StyledForm
from .models import ConstituentOpinion

# --- forms ------------------------------------------------------------------------------------------


class ScreenForm(StyledForm):
    exclusion_code = forms.ChoiceField(
        label=_("不予受理情形"), choices=(), error_messages={"required": _("请选择不予受理的情形。")}
    )
    public_reason = forms.CharField(
        label=_("告知群众的说明(可空,默认用该情形的说明)"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=500,
    )

    def __init__(self, *args: Any, exclusions: list[dict[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["exclusion_code"].choices = [("", _("请选择"))] + [
            (e["code"], e["label"]) for e in exclusions
        ]


class RouteForm(StyledForm):
    """The engine's assignment form narrowed to one unit (field names as the engine's: ``lead``,
    ``deadline``, ``note``), so ``/api/v1/cases/{id}/assign`` takes it for an opinion too."""

    lead = forms.ModelChoiceField(
        empty_label=_("请选择"),
        label=_("办理单位"),
        queryset=Organization.objects.none(),
        error_messages={"required": _("请选择办理单位。"), "invalid_choice": _("请选择列表中的单位。")},
    )
    deadline = forms.DateField(
        label=_("办理期限(可空,按默认)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("转办说明"), required=False, max_length=500)

    def __init__(self, *args: Any, congress_id: int, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["lead"].queryset = Organization.objects.filter(
            congress_id=congress_id, is_active=True, kind__in=list(HANDLING_UNIT_KINDS)
        ).order_by("sort_order", "name")


class AnswerForm(StyledForm):
    answer = forms.CharField(
        label=_("当场答复内容"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=5000,
        error_messages={"required": _("请填写当场答复内容。")},
    )


class TakeUpForm(StyledForm):
    """A new suggestion draft (with the opinion's title, which may be changed), or — when the deputy
    has suggestions of their own in this congress — one of those."""

    suggestion = forms.ModelChoiceField(
        label=_("转为"),
        queryset=None,
        required=False,
        empty_label=_("新的代表建议草稿"),
        error_messages={"invalid_choice": _("请选择列表中的代表建议。")},
    )
    title = forms.CharField(label=_("新建议的标题(可改)"), max_length=200, required=False)

    def __init__(self, *args: Any, cases: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        field = self.fields["suggestion"]
        field.queryset = cases
        field.label_from_instance = lambda c: f"{c.number} {c.title}({c.get_state_display()})"
        if not cases.exists():
            del self.fields["suggestion"]


# --- reads the forms need -------------------------------------------------------------------------------


def link_candidates(user: Any, opinion: ConstituentOpinion) -> QuerySet[Any]:
    """Suggestions the user may link the opinion to: a deputy's own (lead, author or confirmed
    co-signer); for staff of the congress also those of the opinion's deputy or the station's deputies."""
    from renda.cases.models import Case

    from .selectors import attached_deputies

    case = opinion.case
    own = (
        Q(suggestion__lead_user_id=user.pk)
        | Q(created_by_id=user.pk)
        | Q(suggestion__cosignatures__user_id=user.pk, suggestion__cosignatures__state="confirmed")
    )
    if scope_of(user).has_in(case.congress_id, Role.STAFF):
        deputy_ids = [opinion.deputy_id] if opinion.deputy_id else []
        if opinion.station_id:
            deputy_ids += [d.pk for d in attached_deputies(opinion.station)]
        own |= Q(suggestion__lead_mandate__deputy_id__in=deputy_ids)
    ids = (
        Case.objects.visible_to(user)
        .filter(kind="suggestion", congress_id=case.congress_id)
        .exclude(state__in=["refused", "merged", "withdrawn"])
        .filter(own)
        .values("pk")
    )
    return Case.objects.filter(pk__in=ids).order_by("-created_at", "-id")


def _opinion(ctx: ActionContext) -> ConstituentOpinion:
    return ConstituentOpinion.objects.select_related("case", "station", "deputy").get(case_id=ctx.case.pk)


def _may(name: str) -> Any:
    def available(ctx: ActionContext) -> bool:
        return name in ctx.transitions

    available.__name__ = f"may_{name}"
    return available


# --- performers -----------------------------------------------------------------------------------------


def _accept(ctx: ActionContext, data: dict[str, Any], target: Any) -> Any:
    return services.opinion_screen(actor=ctx.actor, opinion=_opinion(ctx), accept=True)


def _exclude(ctx: ActionContext, data: dict[str, Any], target: Any) -> Any:
    return services.opinion_screen(
        actor=ctx.actor,
        opinion=_opinion(ctx),
        accept=False,
        exclusion_code=data.get("exclusion_code", ""),
        public_reason=data.get("public_reason", ""),
    )


def _route(ctx: ActionContext, data: dict[str, Any], target: Any) -> Any:
    return services.opinion_route(
        actor=ctx.actor,
        opinion=_opinion(ctx),
        unit=data.get("lead"),
        deadline=data.get("deadline"),
        note=data.get("note", ""),
    )


def _answer(ctx: ActionContext, data: dict[str, Any], target: Any) -> Any:
    return services.opinion_answer_spot(actor=ctx.actor, opinion=_opinion(ctx), answer=data.get("answer", ""))


def _take_up(ctx: ActionContext, data: dict[str, Any], target: Any) -> Any:
    return services.opinion_take_up(
        actor=ctx.actor,
        opinion=_opinion(ctx),
        suggestion_case=data.get("suggestion"),
        title=data.get("title", ""),
    )


# --- form factories -------------------------------------------------------------------------------------


def _screen_form(ctx: ActionContext, target: Any, data: Any = None, files: Any = None) -> forms.Form:
    setting = services.liaison_setting(ctx.case.congress_id)
    return ScreenForm(data, exclusions=setting.exclusions or [])


def _route_form(ctx: ActionContext, target: Any, data: Any = None, files: Any = None) -> forms.Form:
    return RouteForm(data, congress_id=ctx.case.congress_id)


def _answer_form(ctx: ActionContext, target: Any, data: Any = None, files: Any = None) -> forms.Form:
    return AnswerForm(data)


def _take_up_form(ctx: ActionContext, target: Any, data: Any = None, files: Any = None) -> forms.Form:
    return TakeUpForm(
        data, cases=link_candidates(ctx.actor, _opinion(ctx)), initial={"title": ctx.case.title}
    )


OPINION_ACTIONS: tuple[CaseAction, ...] = (
    CaseAction(
        code="accept_opinion",
        label=_("受理"),
        available=_may("accept_opinion"),
        perform=_accept,
        confirm=_("确定受理这件群众意见吗?群众会收到短信告知。"),
        success=_("已受理,并已短信告知群众。"),
        order=10,
    ),
    CaseAction(
        code="exclude",
        label=_("不予受理"),
        available=_may("exclude"),
        perform=_exclude,
        form=_screen_form,
        help=_("选择不予受理的情形;告知群众的说明会以短信发给群众。"),
        success=_("已决定不予受理,并已告知群众。"),
        style="danger",
        order=11,
    ),
    CaseAction(
        code="assign",
        label=_("转办"),
        available=_may("assign"),
        perform=_route,
        form=_route_form,
        help=_("转交乡镇(街道)或政府部门办理;期限不填按联络站工作参数的默认期限。"),
        success=_("已转办,并已短信告知群众。"),
        order=20,
    ),
    CaseAction(
        code="answer_on_spot",
        label=_("当场答复"),
        available=_may("answer_on_spot"),
        perform=_answer,
        form=_answer_form,
        help=_("代表或联络员当场答复后,群众凭查询码查看并评价。"),
        success=_("已记录当场答复。"),
        order=21,
    ),
    CaseAction(
        code="take_up",
        label=_("转为代表建议"),
        available=_may("take_up"),
        perform=_take_up,
        form=_take_up_form,
        help=_("新建代表建议草稿(到“代表建议”中完善并提交),或关联到已提出的代表建议。"),
        success=_("已转为代表建议,群众可凭查询码查看。"),
        style="secondary",
        order=22,
    ),
)


# --- the subject panel ----------------------------------------------------------------------------------


def opinion_subject(case: Any, actor: Any) -> dict[str, Any]:
    """The opinion, and what of the citizen this actor may see: their name and phone for those who
    work on it (staff, the station's keeper, its deputies, the units it is assigned to); the tracking
    number not for the units (they never needed it)."""
    opinion = (
        ConstituentOpinion.objects.select_related("station", "deputy", "township", "related_case")
        .filter(case_id=case.pk)
        .first()
    )
    if opinion is None:
        return {"opinion": None}
    scope = scope_of(actor)
    staff = case.congress_id in set(scope.staff_read_congress_ids)
    keeper = bool(case.origin_organization_id) and case.origin_organization_id in scope.station_ids
    from .policy import is_deputy_of_case

    deputy = is_deputy_of_case(actor, case, scope)
    unit = bool(scope.unit_ids) and case.assignments.filter(organization_id__in=scope.unit_ids).exists()
    related_url = ""
    if opinion.related_case_id:
        from renda.cases.models import Case

        if Case.objects.visible_to(actor).filter(pk=opinion.related_case_id).exists():
            related_url = opinion.related_case.policy.notify_url(opinion.related_case)
    ratings = dict(RatingValue.choices)
    return {
        "opinion": opinion,
        "show_contact": staff or keeper or deputy or unit,
        "show_tracking": staff or keeper or deputy,
        "related_url": related_url,
        "citizen_rating": ratings.get(opinion.citizen_rating, "") if opinion.citizen_rating else "",
    }
