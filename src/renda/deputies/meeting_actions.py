"""约见 (meeting requests) on the engine's case page (``/cases/<pk>/``): the kind's own steps and
its subject panel.

- ``arrange`` — staff set (or change) the time, the place and who receives the deputy;
- ``hold`` — staff record how the meeting went (it then counts in the deputy's record).

``decline`` (with the reason) and ``withdraw`` (the deputy) are plain transitions: the engine offers
them by itself. Who may is the policy's transitions; the services check it again.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.cases.actions import ActionContext, CaseAction

from . import meeting_services
from .records import MeetingRequest


class ArrangeForm(forms.Form):
    arranged_for = forms.DateTimeField(
        label=_("约见时间"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d %H:%M:%S"],
        error_messages={"required": _("请填写约见时间。"), "invalid": _("请填写有效的约见时间。")},
    )
    place = forms.CharField(label=_("地点"), max_length=120, error_messages={"required": _("请填写地点。")})
    organ_head = forms.CharField(label=_("接待负责人"), max_length=60, required=False)


class OutcomeForm(forms.Form):
    outcome = forms.CharField(
        label=_("约见情况及办理意见"),
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=10000,
        error_messages={"required": _("请填写约见情况。")},
    )


def _request(ctx: ActionContext) -> MeetingRequest:
    return MeetingRequest.objects.select_related("case", "mandate__deputy", "organ").get(case_id=ctx.case.pk)


def _may(name: str) -> Any:
    def available(ctx: ActionContext) -> bool:
        return name in ctx.transitions

    available.__name__ = f"may_{name}"
    return available


def _arrange_form(ctx: ActionContext, target: Any, data: Any = None, files: Any = None) -> forms.Form:
    mr = _request(ctx)
    initial: dict[str, Any] = {"organ_head": mr.organ_head, "place": mr.place}
    if mr.arranged_for:
        initial["arranged_for"] = mr.arranged_for
    return ArrangeForm(data, initial=initial)


def _outcome_form(ctx: ActionContext, target: Any, data: Any = None, files: Any = None) -> forms.Form:
    return OutcomeForm(data)


def _arrange(ctx: ActionContext, data: dict[str, Any], target: Any) -> Any:
    return meeting_services.meeting_request_arrange(
        actor=ctx.actor,
        request=_request(ctx),
        arranged_for=data.get("arranged_for"),
        place=data.get("place", ""),
        organ_head=data.get("organ_head", ""),
    )


def _hold(ctx: ActionContext, data: dict[str, Any], target: Any) -> Any:
    return meeting_services.meeting_request_record(
        actor=ctx.actor, request=_request(ctx), outcome=data.get("outcome", "")
    )


MEETING_ACTIONS: tuple[CaseAction, ...] = (
    CaseAction(
        code="arrange",
        label=_("安排约见"),
        available=_may("arrange"),
        perform=_arrange,
        form=_arrange_form,
        help=_("约定时间、地点和接待的负责人;已安排的可以改期。"),
        success=_("约见已安排。"),
        order=10,
    ),
    CaseAction(
        code="hold",
        label=_("登记约见情况"),
        available=_may("hold"),
        perform=_hold,
        form=_outcome_form,
        help=_("登记约见中谈了什么、商定了什么;登记后计入代表履职档案。"),
        success=_("约见情况已登记,并已计入代表履职档案。"),
        order=11,
    ),
)


def meeting_subject(case: Any, actor: Any) -> dict[str, Any]:
    """The request: the deputy, the organ and its head, the reason, the arrangement and the outcome."""
    mr = MeetingRequest.objects.select_related("mandate__deputy", "organ").filter(case_id=case.pk).first()
    return {"mr": mr}
