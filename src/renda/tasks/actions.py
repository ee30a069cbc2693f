"""A task's own steps on the engine's case page: every assigned unit — the cooperating units too —
reports its progress (the engine offers it to the answering unit only)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from renda.cases import forms as f
from renda.cases import services as engine
from renda.cases.actions import ActionContext, CaseAction
from renda.cases.choices import AssignmentState


def _handling_units(ctx: ActionContext) -> list[Any]:
    if ctx.case.closed_at is not None:
        return []
    return [a for a in ctx.my_assignments if a.state == AssignmentState.HANDLING]


PROGRESS = CaseAction(
    code="progress",
    label=_("报告进展"),
    target="assignment",
    available=_handling_units,
    perform=lambda ctx, d, a: engine.progress_report(
        actor=ctx.actor, assignment=a, text=d["text"], percent_done=d.get("percent_done")
    ),
    form=lambda ctx, target, data=None, files=None: f.ProgressForm(data),
    success=_("落实进展已报告。"),
    style="secondary",
    target_label=lambda a: a.organization.name,
    order=32,
)

TASK_ACTIONS = (PROGRESS,)
