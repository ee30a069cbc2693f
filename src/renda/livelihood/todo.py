"""Home-page to-do of the livelihood programmes: proposals to screen (staff), ballots to cast and
evaluations to hold."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core.choices import CONGRESS_ROLES
from renda.core.scopes import scope_of
from renda.web.todo import TodoItem, Urgency

from .choices import ProjectState, Stage
from .models import CandidateProject, LivelihoodProgramme


def staff_todos(user: Any) -> list[TodoItem]:
    scope = scope_of(user)
    if scope.only_administers:
        return []
    congress_ids = scope.congress_ids_with(*CONGRESS_ROLES)
    if not congress_ids:
        return []
    items = []
    for p in LivelihoodProgramme.objects.filter(
        congress_id__in=congress_ids, stage__in=[Stage.COLLECTING, Stage.SHORTLISTING, Stage.EVALUATING]
    ):
        if p.stage == Stage.EVALUATING:
            n = CandidateProject.objects.filter(
                programme=p, state=ProjectState.COMPLETED, evaluation__isnull=True
            )
            title = _("待组织满意度测评的民生实事项目")
        else:
            n = CandidateProject.objects.filter(programme=p, state=ProjectState.PROPOSED)
            title = _("待甄别的民生实事候选项目")
        count = n.count()
        if count:
            url = (
                reverse("livelihood:project_list", args=[p.pk])
                + "?state="
                + (ProjectState.COMPLETED if p.stage == Stage.EVALUATING else ProjectState.PROPOSED)
            )
            items.append(
                TodoItem(title=title, count=count, url=url, urgency=Urgency.NORMAL, icon="house-check")
            )
    return items


def ballot_todos(user: Any) -> list[TodoItem]:
    """An open livelihood ballot or evaluation the deputy may still vote in."""
    from renda.voting.choices import VoteState
    from renda.voting.models import Vote, VoteEligibility, VoteParticipation

    from .choices import OWNER_BALLOT, OWNER_EVALUATION

    if not scope_of(user).has("deputy"):
        return []
    open_votes = Vote.objects.filter(
        owner_code__in=[OWNER_BALLOT, OWNER_EVALUATION],
        state=VoteState.OPEN,
        pk__in=VoteEligibility.objects.filter(user_id=user.pk).values("vote_id"),
    ).exclude(pk__in=VoteParticipation.objects.filter(user_id=user.pk).values("vote_id"))
    first = open_votes.first()
    if first is None:
        return []
    return [
        TodoItem(title=_("待投票的民生实事项目"), count=open_votes.count(), url=reverse("voting:ballot", args=[first.pk]),
                 urgency=Urgency.SOON, icon="check2-square")
    ]  # fmt: skip


PROVIDERS = [staff_todos, ballot_todos]
