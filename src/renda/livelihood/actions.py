"""The follow-up's own step on the engine's case page: the deputies' inspection visit with photos.

Progress (milestones with percent done) is the engine's ``progress`` step of the responsible unit,
the year-end report its ``reply``; the rating is the deputies' satisfaction vote (``services``).
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.cases.actions import ActionContext, CaseAction
from renda.core import clock

from . import services
from .choices import ProjectState


class InspectionForm(forms.Form):
    visited_on = forms.DateField(
        label=_("视察日期"),
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
        error_messages={"required": _("请填写视察日期。"), "invalid": _("视察日期格式不正确。")},
    )
    deputies = forms.CharField(
        label=_("参加代表"),
        max_length=300,
        widget=forms.TextInput(attrs={"class": "form-control"}),
        error_messages={"required": _("请填写参加视察的代表。")},
    )
    findings = forms.CharField(
        label=_("视察意见"),
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"}),
        error_messages={"required": _("请填写视察意见。")},
    )
    photo = forms.FileField(
        label=_("现场照片"), required=False, widget=forms.ClearableFileInput(attrs={"class": "form-control"})
    )
    photo2 = forms.FileField(
        label=_("现场照片(二)"),
        required=False,
        widget=forms.ClearableFileInput(attrs={"class": "form-control"}),
    )


def _project(ctx: ActionContext) -> Any:
    from .selectors import project_of_case

    return project_of_case(ctx.case)


def _may_inspect(ctx: ActionContext) -> bool:
    project = _project(ctx)
    return (
        project is not None
        and project.state in (ProjectState.IMPLEMENTING, ProjectState.COMPLETED)
        and services.can_inspect(ctx.actor, project)
    )


def _inspect_form(ctx: ActionContext, target: Any, data: Any = None, files: Any = None) -> forms.Form:
    return InspectionForm(data, files, initial={"visited_on": clock.today()})


def _inspect(ctx: ActionContext, data: dict[str, Any], target: Any) -> Any:
    return services.inspection_record(
        actor=ctx.actor,
        project=_project(ctx),
        visited_on=data.get("visited_on"),
        deputies=data.get("deputies", ""),
        findings=data.get("findings", ""),
        photos=[data.get("photo"), data.get("photo2")],
    )


FOLLOWUP_ACTIONS: tuple[CaseAction, ...] = (
    CaseAction(
        code="inspect",
        label=_("记录代表视察"),
        available=_may_inspect,
        perform=_inspect,
        form=_inspect_form,
        help=_("记录代表到项目现场视察的情况,可附现场照片(照片在门户网站项目进展中公开)。"),
        success=_("已记录代表视察。"),
        order=50,
    ),
)
