"""The workflow of deputies' suggestions and motions, declared to the case engine.

draft → submitted → (returned ↔ submitted) → admitted (立案) / refused / merged → assigned → handling
→ replied → closed (satisfied / basically satisfied on a final reply) or following (B/C, until the
final reply) or rehandling (dissatisfied; the second dissatisfied puts it on the special-inquiry list).
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from renda.cases.policies import (
    CasePolicy,
    State,
    Transition,
    handling_transitions,
    is_author,
    is_staff_of_case_congress,
)
from renda.core.choices import Role
from renda.core.scopes import scope_of

from .choices import KIND, SuggestionState

S = is_staff_of_case_congress
St = SuggestionState


class SuggestionPolicy(CasePolicy):
    kind = KIND
    label = _("代表建议")
    number_prefix = "JY"
    states = (
        State(St.DRAFT, St.DRAFT.label),
        State(St.SUBMITTED, St.SUBMITTED.label),
        State(St.RETURNED, St.RETURNED.label),
        State(St.ACCEPTED, St.ACCEPTED.label),
        State(St.REFUSED, St.REFUSED.label, is_open=False),
        State(St.MERGED, St.MERGED.label, is_open=False),
        State(St.ASSIGNED, St.ASSIGNED.label),
        State(St.HANDLING, St.HANDLING.label),
        State(St.REPLIED, St.REPLIED.label),
        State(St.FOLLOWING, St.FOLLOWING.label),
        State(St.REHANDLING, St.REHANDLING.label),
        State(St.CLOSED, St.CLOSED.label, is_open=False),
        State(St.WITHDRAWN, St.WITHDRAWN.label, is_open=False),
    )
    initial_state = St.DRAFT
    transitions = (
        Transition("submit", (St.DRAFT,), St.SUBMITTED, _("提交"), is_author),
        Transition("resubmit", (St.RETURNED,), St.SUBMITTED, _("修改后重新提交"), is_author),
        Transition(
            "withdraw",
            (St.DRAFT, St.SUBMITTED, St.RETURNED),
            St.WITHDRAWN,
            _("撤回"),
            is_author,
            requires_note=True,
        ),
        Transition("admit", (St.SUBMITTED,), St.ACCEPTED, _("立案"), S),
        Transition("return", (St.SUBMITTED,), St.RETURNED, _("退回修改"), S, requires_note=True),
        Transition("refuse", (St.SUBMITTED,), St.REFUSED, _("不予立案"), S, requires_note=True),
        Transition("merge", (St.SUBMITTED, St.ACCEPTED), St.MERGED, _("并案办理"), S),
        Transition("convert", (St.SUBMITTED,), St.ACCEPTED, _("议案转为建议"), S),
        *handling_transitions(
            assign_from=(St.ACCEPTED,),
            assigned=St.ASSIGNED,
            handling=St.HANDLING,
            replied=St.REPLIED,
            following=St.FOLLOWING,
            rehandling=St.REHANDLING,
            closed=St.CLOSED,
            assign_allowed=S,
            assign_label=_("交办"),
            unassign_label=_("待重新交办"),
        ),
    )

    # The lead unit answers for all units: it replies once the co-handlers' opinions are in (or says
    # why not), and its reply is the unit's formal letter, drafted by the clerk and signed off (签发) by
    # the unit's head before the deputy reads and rates it.
    co_handler_opinion_before_reply = True
    reply_requires_sign_off = True

    @staticmethod
    def can_create(actor: Any, congress: Any) -> bool:
        return scope_of(actor).has_in(congress.pk, Role.DEPUTY, Role.STAFF)

    def rater_for(self, case: Any) -> Any:
        """Only the lead deputy rates the reply (co-signers are told, but do not rate)."""
        suggestion = getattr(case, "suggestion", None)
        return suggestion.lead_user if suggestion is not None else None

    def rater_filter(self, user: Any) -> Any:
        from django.db.models import Q

        return Q(suggestion__lead_user_id=getattr(user, "pk", None))

    def is_publishable(self, case: Any) -> bool:
        """六公开: once replied, unless marked not public with a reason."""
        suggestion = getattr(case, "suggestion", None)
        if suggestion is None or suggestion.not_public:
            return False
        return case.replies.exists()

    def notify_url(self, case: Any) -> str:
        return f"/cases/{case.pk}/"

    def on_rated(self, *, case: Any, rating: Any, actor: Any) -> None:
        """The lead deputy's rating counts in their performance record."""
        from .services import count_in_record

        count_in_record(actor, actor, "suggestion_rated", rating.rated_at, case)

    # --- the suggestion's face on the engine's case page (``renda.cases.actions``) ---
    subject_template = "suggestions/_subject.html"

    @property
    def extra_actions(self) -> tuple[Any, ...]:  # type: ignore[override]
        from .actions import EXTRA_ACTIONS

        return EXTRA_ACTIONS

    @property
    def hidden_actions(self) -> tuple[str, ...]:  # type: ignore[override]
        from .actions import HIDDEN_ACTIONS

        return HIDDEN_ACTIONS

    @property
    def timeline_describers(self) -> dict[str, Any]:  # type: ignore[override]
        from .selectors import SUGGESTION_DESCRIBERS

        return SUGGESTION_DESCRIBERS

    def timeline_lookups(self, case: Any) -> Any:
        from .selectors import _timeline_lookups

        return _timeline_lookups(case.congress_id)

    def readable_cases(self, user: Any) -> Any:
        """The suggestion's own reading rule (drafts stay the deputy's, invited co-signers read)."""
        from django.db.models import Exists, OuterRef

        from renda.cases.models import Case

        from .models import Suggestion

        # EXISTS, not IN: one case (the case page, a download) is checked by an index probe instead of
        # SQLite materialising every readable suggestion first; PostgreSQL plans both as a semi-join
        visible = Suggestion.objects.visible_to(user).filter(case_id=OuterRef("pk"))
        return Case.objects.filter(Exists(visible))

    def attachment_is_public(self, attachment: Any) -> bool:
        """Only the files of replies of a suggestion published under 六公开."""
        from .selectors import public_suggestions

        return attachment.reply_id is not None and (
            public_suggestions().filter(case_id=attachment.case_id).exists()
        )

    def subject_context(self, case: Any, actor: Any) -> dict[str, Any]:
        from renda.cases.selectors import case_replies

        from .models import Suggestion

        s = (
            Suggestion.objects.select_related(
                "category", "session__term", "lead_mandate__deputy", "merged_into__case", "exclusion_reason"
            )
            .filter(case_id=case.pk)
            .first()
        )
        if s is None:
            return {}
        return {
            "s": s,
            "cosignatures": list(s.cosignatures.select_related("mandate__deputy")),
            "versions": list(s.versions.all()),
            "merged": list(s.merged.select_related("case", "lead_mandate__deputy")),
            "merged_into_replies": list(case_replies(s.merged_into.case)) if s.merged_into_id else [],
            "letters": list(case.replies.select_related("assignment__organization").order_by("replied_at")),
        }


POLICY = SuggestionPolicy()
