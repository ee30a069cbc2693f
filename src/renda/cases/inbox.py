"""One inbox per person across case kinds: what the signed-in user has to do now, and why.

``inbox_for(user, filters=...)`` is the one selector behind the page ``/cases/inbox/``, its Excel export
and the home page's to-do counts (``inbox_todos``, registered with ``renda.web.todo``). An entry is a case
of any kind, the *reason* it is in the inbox, its deadline (overdue / due within 7 days), the unit it is
for (unit users) and the link to the case.

Reasons are a registry. Each reason is a *source*: a function ``(ctx: InboxContext)`` answering one or
more ``InboxQuery`` (a queryset of any model, and the paths from that model to the case, its deadline and
its unit), or ``None`` when the reason does not apply to the user. Everything is SQL: the page runs one
count per source and one UNION ALL of the sources for the page's rows, however many cases there are.

The engine registers its generic sources below (unit work from the assignments; staff work derived from
the policies' transitions; requests to decide; replies to rate). A kind registers its own in its
``AppConfig.ready()``, e.g. the suggestions app's co-sign invitations::

    from renda.cases.inbox import InboxQuery, register_inbox_source

    def cosign_invitations(ctx):
        if not ctx.scope.has(Role.DEPUTY):
            return None
        qs = CoSignature.objects.filter(user_id=ctx.user.pk, state=CoSignState.INVITED, ...)
        return InboxQuery(qs, case="suggestion__case")

    register_inbox_source("cosign", _("待确认的附议"), cosign_invitations, order=60,
                          url=lambda case: reverse("suggestions:invitations"))

A later source (e.g. a reply awaiting the unit leader's sign-off, or a reply sent back to the clerk)
is one such function over its own model, with ``case=`` naming the path to the case, ``deadline=`` the
date column it is due by and ``unit=`` the organisation it is for. ``code`` is the value of the page's
``reason`` filter (letters, digits and underscores), ``label`` its Chinese name; registering a code again
replaces the source. Sources must answer each row once and only rows the user may read
(``Case.objects.visible_to``): build them from the user's scope, as the engine's do.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from django.db.models import (
    BigIntegerField,
    CharField,
    DateField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Value,
    When,
)
from django.db.models import Case as When_
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from renda.core import clock
from renda.core.choices import CONGRESS_BODY_KINDS, UNIT_ROLES
from renda.core.models import Organization
from renda.core.scopes import Scope, scope_of

from .choices import ANSWERING_ROLES, AssignmentRole, AssignmentState, DraftState, RequestState
from .models import Assignment, Case, ExtensionRequest, Reply, ReplyDraft, ReturnRequest
from .policies import CasePolicy, get_policy, registered_policies
from .selectors import reply_drafts_sent_back, reply_drafts_to_sign_off

logger = logging.getLogger(__name__)

SOON_DAYS = 7
FAR_FUTURE = dt.date(9999, 12, 31)


class DeadlineFilter:
    ALL = ""
    OVERDUE = "overdue"
    SOON = "soon"

    choices = [("", _("全部期限")), ("overdue", _("已超期")), ("soon", _("7日内到期"))]


@dataclass(frozen=True)
class InboxFilters:
    kind: str = ""
    reason: str = ""
    state: str = ""
    deadline: str = DeadlineFilter.ALL
    q: str = ""


@dataclass(frozen=True)
class InboxQuery:
    """Rows of one source: ``queryset`` over any model, with the paths from it to the case (``""`` when
    the model is ``Case``), to the date it is due by and to the organisation it is for (optional)."""

    queryset: QuerySet
    case: str = ""
    deadline: str | None = None
    unit: str | None = None

    def path(self, name: str) -> str:
        return f"{self.case}__{name}" if self.case else name


@dataclass(frozen=True)
class InboxSource:
    code: str
    label: Any
    fn: Callable[[InboxContext], InboxQuery | Iterable[InboxQuery] | None]
    order: int = 100
    icon: str = "check2-square"
    # "overdue" / "soon" make the home page's to-do red / gold (``renda.web.todo.Urgency``).
    urgency: str = "normal"
    # Where an entry leads when not to the case page (e.g. the suggestions' invitations page).
    url: Callable[[Case], str] | None = None


_SOURCES: dict[str, InboxSource] = {}


def register_inbox_source(
    code: str,
    label: Any,
    fn: Callable[[InboxContext], InboxQuery | Iterable[InboxQuery] | None],
    *,
    order: int = 100,
    icon: str = "check2-square",
    urgency: str = "normal",
    url: Callable[[Case], str] | None = None,
) -> InboxSource:
    """Add (or replace, by ``code``) a reason of the inbox."""
    if not code.replace("_", "").isalnum():
        raise ValueError(f"An inbox reason code is letters, digits and underscores: {code!r}")
    source = InboxSource(code=code, label=label, fn=fn, order=order, icon=icon, urgency=urgency, url=url)
    _SOURCES[code] = source
    return source


def unregister_inbox_source(code: str) -> None:
    _SOURCES.pop(code, None)


def inbox_sources() -> list[InboxSource]:
    return sorted(_SOURCES.values(), key=lambda s: (s.order, s.code))


def reason_label(code: str) -> str:
    source = _SOURCES.get(code)
    return str(source.label) if source else ""


# --- the context a source reads ---------------------------------------------------------------------


class _ProbePolicy:
    """A kind's policy as seen by a probe: no particular case, so no particular rater."""

    def __init__(self, policy: CasePolicy):
        self._policy = policy

    def rater_for(self, case: Any) -> Any:
        return None

    def __getattr__(self, name: str) -> Any:
        return getattr(self._policy, name)


class _Probe:
    """Stands for "any case of this kind, congress, station and state": a transition whose ``allowed``
    answers True on it is one the actor may take on every such case (rights held by congress or by
    station, not by being the author, a party or an assigned unit)."""

    pk = None
    id = None
    created_by_id = None
    closed_at = None
    supervising_leader_id = None

    def __init__(self, kind: str, congress_id: int, origin_organization_id: int | None, state: str):
        self.kind = kind
        self.congress_id = congress_id
        self.origin_organization_id = origin_organization_id
        self.state = state
        self.policy = _ProbePolicy(get_policy(kind))
        self.assignments = Assignment.objects.none()
        self.replies = Reply.objects.none()
        from .models import CaseParty

        self.parties = CaseParty.objects.none()


def _allowed_on_probe(predicate: Any, actor: Any, probe: _Probe, scope: Scope) -> bool:
    try:
        return bool(predicate(actor, probe, scope))
    except Exception:  # a predicate that needs a real case is not a right by congress
        return False


@dataclass
class InboxContext:
    user: Any
    scope: Scope
    today: dt.date
    _groups: list[dict[str, Any]] | None = field(default=None, repr=False)

    @cached_property
    def handling_units(self) -> frozenset[int]:
        """The organisations whose assignments the user works on: their units, and the congress bodies
        they work in when a kind lets those be assigned and one of them has open work (one query)."""
        units = self.scope.unit_ids if self.scope.has(*UNIT_ROLES) else frozenset()
        bodies = self.scope.body_ids
        if bodies and _bodies_assignable():
            busy = set(
                Assignment.objects.filter(organization_id__in=bodies, case__closed_at__isnull=True)
                .values_list("organization_id", flat=True)
                .distinct()
            )
            units = units | frozenset(busy)
        return units

    @cached_property
    def visible_cases(self) -> QuerySet[Case]:
        return Case.objects.visible_to(self.user)

    def case_groups(self) -> list[dict[str, Any]]:
        """The (kind, congress, station, state) combinations of the open cases the user reads (one query)."""
        if self._groups is None:
            self._groups = list(
                self.visible_cases.filter(closed_at__isnull=True)
                .values("kind", "congress_id", "origin_organization_id", "state")
                .distinct()
                .order_by()
            )
        return self._groups

    def groups_where(self, predicates: Callable[[CasePolicy, str], list[Any]]) -> Q | None:
        """A ``Q`` over ``Case`` for the groups where one of ``predicates(policy, state)`` (``allowed`` of
        a transition, ``can_supervise`` …) holds for the actor on any case (see ``_Probe``); ``None``
        when there are none."""
        q = Q()
        found = False
        for g in self.case_groups():
            try:
                policy = get_policy(g["kind"])
            except LookupError:
                continue
            candidates = predicates(policy, g["state"])
            if not candidates:
                continue
            probe = _Probe(g["kind"], g["congress_id"], g["origin_organization_id"], g["state"])
            if any(_allowed_on_probe(p, self.user, probe, self.scope) for p in candidates):
                q |= Q(
                    kind=g["kind"],
                    congress_id=g["congress_id"],
                    origin_organization_id=g["origin_organization_id"],
                    state=g["state"],
                )
                found = True
        return q if found else None


# --- the result ---------------------------------------------------------------------------------------


@dataclass
class InboxEntry:
    case: Case
    reason: str
    deadline: dt.date | None
    unit: Organization | None
    url: str
    today: dt.date

    @property
    def reason_label(self) -> str:
        return reason_label(self.reason)

    @property
    def kind_label(self) -> str:
        return str(get_policy(self.case.kind).label)

    @property
    def state_label(self) -> str:
        return get_policy(self.case.kind).state_label(self.case.state)

    @property
    def overdue(self) -> bool:
        return self.deadline is not None and self.deadline < self.today

    @property
    def due_soon(self) -> bool:
        return (
            self.deadline is not None
            and not self.overdue
            and self.deadline <= self.today + dt.timedelta(days=SOON_DAYS)
        )

    @property
    def deadline_label(self) -> str:
        if self.overdue:
            return str(_("已超期"))
        if self.due_soon:
            return str(_("临近期限"))
        return ""


@dataclass
class ReasonCount:
    code: str
    label: Any
    count: int
    icon: str
    urgency: str


@dataclass
class InboxResult:
    """``counts`` per reason (under the filters other than ``reason``); ``rows`` the filtered rows as one
    lazy UNION ALL (paginate it, then ``entries(page.object_list)``)."""

    counts: dict[str, int]
    reasons: list[ReasonCount]
    rows: Any
    today: dt.date

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def entries(self, rows: Iterable[dict[str, Any]]) -> list[InboxEntry]:
        """Entries for a slice of ``rows``: a fixed number of queries whatever its length."""
        rows = list(rows)
        cases = Case.objects.select_related("congress").in_bulk([r["inbox_case"] for r in rows])
        unit_ids = {r["inbox_unit"] for r in rows if r["inbox_unit"]}
        units = Organization.objects.in_bulk(list(unit_ids)) if unit_ids else {}
        out: list[InboxEntry] = []
        for r in rows:
            case = cases.get(r["inbox_case"])
            if case is None:
                continue
            source = _SOURCES.get(r["inbox_reason"])
            url = source.url(case) if source is not None and source.url else f"/cases/{case.pk}/"
            out.append(
                InboxEntry(
                    case=case,
                    reason=r["inbox_reason"],
                    deadline=r["inbox_deadline"],
                    unit=units.get(r["inbox_unit"]) if r["inbox_unit"] else None,
                    url=url,
                    today=self.today,
                )
            )
        return out


def _rows(code: str, query: InboxQuery, filters: InboxFilters, today: dt.date) -> QuerySet:
    qs = query.queryset
    p = query.path
    if filters.kind:
        qs = qs.filter(**{p("kind"): filters.kind})
    if filters.state:
        qs = qs.filter(**{p("state"): filters.state})
    if filters.q:
        qs = qs.filter(Q(**{p("number__icontains"): filters.q}) | Q(**{p("title__icontains"): filters.q}))
    # typed NULLs: PostgreSQL resolves a chain of UNIONs pair by pair, and two untyped NULLs become text
    deadline = F(query.deadline) if query.deadline else Cast(Value(None), output_field=DateField())
    qs = qs.annotate(
        inbox_case=F(p("pk") if query.case else "pk"),
        inbox_reason=Value(code, output_field=CharField()),
        inbox_deadline=deadline,
        inbox_unit=F(query.unit) if query.unit else Cast(Value(None), output_field=BigIntegerField()),
        inbox_sort=Coalesce(deadline, Value(FAR_FUTURE, output_field=DateField()), output_field=DateField()),
    )
    if filters.deadline == DeadlineFilter.OVERDUE:
        qs = qs.filter(inbox_deadline__lt=today)
    elif filters.deadline == DeadlineFilter.SOON:
        qs = qs.filter(inbox_deadline__gte=today, inbox_deadline__lte=today + dt.timedelta(days=SOON_DAYS))
    return qs.order_by().values("inbox_case", "inbox_reason", "inbox_deadline", "inbox_unit", "inbox_sort")


def _queries(source: InboxSource, ctx: InboxContext) -> list[InboxQuery]:
    try:
        produced = source.fn(ctx)
    except Exception:  # one broken source must not take the inbox (and the home page) down
        logger.exception("inbox source %s failed", source.code)
        return []
    if produced is None:
        return []
    if isinstance(produced, InboxQuery):
        return [produced]
    return list(produced)


def inbox_for(user: Any, *, filters: InboxFilters | None = None) -> InboxResult:
    """What ``user`` has to do, across every case kind (see the module docstring)."""
    filters = filters or InboxFilters()
    today = clock.today()
    if not getattr(user, "is_authenticated", False):
        return InboxResult(counts={}, reasons=[], rows=Case.objects.none().values("pk"), today=today)
    ctx = InboxContext(user=user, scope=scope_of(user), today=today)
    counts: dict[str, int] = {}
    reasons: list[ReasonCount] = []
    parts: list[QuerySet] = []
    for source in inbox_sources():
        queries = _queries(source, ctx)
        if not queries:
            continue
        rows = [_rows(source.code, q, filters, today) for q in queries]
        n = sum(r.count() for r in rows)
        counts[source.code] = n
        reasons.append(ReasonCount(source.code, source.label, n, source.icon, source.urgency))
        if not filters.reason or filters.reason == source.code:
            parts.extend(rows)
    if not parts:
        combined: Any = Case.objects.none().values("pk")
    elif len(parts) == 1:
        combined = parts[0].order_by("inbox_sort", "inbox_case")
    else:
        combined = parts[0].union(*parts[1:], all=True).order_by("inbox_sort", "inbox_case")
    return InboxResult(counts=counts, reasons=reasons, rows=combined, today=today)


# --- the engine's sources ---------------------------------------------------------------------------------


def _bodies_assignable() -> bool:
    """Whether any registered kind may be assigned to the congress's own bodies."""
    return any(p.assignable_unit_kinds & CONGRESS_BODY_KINDS for p in registered_policies())


def _unit_assignments(ctx: InboxContext) -> QuerySet[Assignment] | None:
    units = ctx.handling_units
    if not units:
        return None
    # Every unit reason asks for one of the open states (``UNIT_WORK``), and "the case is open" is a
    # probe of the case, not a join condition: SQLite otherwise drives the query from a skip-scan of
    # every open case (the (is_key, closed_at) index) instead of the unit's (organization, state) rows
    open_states = [AssignmentState.PENDING_SIGN, AssignmentState.HANDLING]
    open_case = Exists(Case.objects.filter(pk=OuterRef("case_id"), closed_at__isnull=True))
    return Assignment.objects.filter(open_case, organization_id__in=units, state__in=open_states).annotate(
        inbox_due=When_(
            When(role=AssignmentRole.CO_HANDLER, then=Coalesce("opinion_deadline", "deadline")),
            default=F("deadline"),
            output_field=DateField(),
        ),
        replied_this_round=Exists(Reply.objects.filter(assignment=OuterRef("pk"), round=OuterRef("round"))),
        # A draft with the unit leader or sent back: the work is in the sign-off reasons below.
        draft_open=Exists(
            ReplyDraft.objects.filter(
                assignment=OuterRef("pk"), state__in=[DraftState.PENDING_SIGN_OFF, DraftState.SENT_BACK]
            )
        ),
    )


# What each unit reason asks of an assignment (before the deadline decides between it and "overdue").
UNIT_WORK: dict[str, Q] = {
    "to_sign": Q(state=AssignmentState.PENDING_SIGN),
    "to_handle": Q(
        state=AssignmentState.HANDLING,
        role__in=list(ANSWERING_ROLES),
        round__lte=1,
        replied_this_round=False,
        draft_open=False,
    ),
    "rehandle": Q(
        state=AssignmentState.HANDLING,
        role__in=list(ANSWERING_ROLES),
        round__gt=1,
        replied_this_round=False,
        draft_open=False,
    ),
    "co_opinion": Q(
        state=AssignmentState.HANDLING, role=AssignmentRole.CO_HANDLER, opinion_sent_at__isnull=True
    ),
}


def _unit_source(code: str) -> Callable[[InboxContext], InboxQuery | None]:
    def source(ctx: InboxContext) -> InboxQuery | None:
        qs = _unit_assignments(ctx)
        if qs is None:
            return None
        qs = qs.filter(UNIT_WORK[code]).exclude(inbox_due__lt=ctx.today)
        return InboxQuery(qs, case="case", deadline="inbox_due", unit="organization_id")

    source.__name__ = f"unit_{code}"
    return source


def unit_overdue(ctx: InboxContext) -> InboxQuery | None:
    """Any of the unit's work above whose deadline has passed (it leaves its own reason for this one)."""
    qs = _unit_assignments(ctx)
    if qs is None:
        return None
    work = Q()
    for q in UNIT_WORK.values():
        work |= q
    return InboxQuery(
        qs.filter(work, inbox_due__lt=ctx.today), case="case", deadline="inbox_due", unit="organization_id"
    )


def _generic_steps(policy: CasePolicy, state: str) -> list[Any]:
    return [
        t.allowed for t in policy.transitions if state in t.from_states and t.service == "case_transition"
    ]


def _assign_steps(policy: CasePolicy, state: str) -> list[Any]:
    return [t.allowed for t in policy.transitions if state in t.from_states and t.name == "assign"]


def _awaiting_rating(policy: CasePolicy, state: str) -> list[Any]:
    rated_from = any(state in t.from_states and t.service == "case_rate" for t in policy.transitions)
    return [policy.can_supervise] if rated_from else []


def staff_to_assign(ctx: InboxContext) -> InboxQuery | None:
    """Cases the actor may assign now (the policy's ``assign`` transition is open to them)."""
    q = ctx.groups_where(_assign_steps)
    if q is None:
        return None
    return InboxQuery(ctx.visible_cases.filter(q, closed_at__isnull=True), deadline="due_at")


def staff_to_review(ctx: InboxContext) -> InboxQuery | None:
    """Cases in a state from which the actor may take a generic step (``case_transition``) by right of
    their congress or station — admit, return, accept an opinion, arrange a meeting … — unless they may
    assign it (then it is "to assign")."""
    q = ctx.groups_where(_generic_steps)
    if q is None:
        return None
    qs = ctx.visible_cases.filter(q, closed_at__isnull=True)
    assign = ctx.groups_where(_assign_steps)
    if assign is not None:
        qs = qs.exclude(assign)
    return InboxQuery(qs, deadline="due_at")


def _decidable(ctx: InboxContext, model: Any) -> QuerySet | None:
    pending = model.objects.filter(
        state=RequestState.PENDING,
        assignment__case__in=ctx.visible_cases,
        assignment__case__closed_at__isnull=True,
    )
    pairs = pending.values("assignment__case__kind", "assignment__case__congress_id").distinct().order_by()
    q = Q()
    found = False
    for pair in pairs:
        kind, congress_id = pair["assignment__case__kind"], pair["assignment__case__congress_id"]
        try:
            policy = get_policy(kind)
        except LookupError:
            continue
        probe = _Probe(kind, congress_id, None, "")
        if _allowed_on_probe(policy.can_decide_requests, ctx.user, probe, ctx.scope):
            q |= Q(assignment__case__kind=kind, assignment__case__congress_id=congress_id)
            found = True
    return pending.filter(q) if found else None


def staff_requests(ctx: InboxContext) -> list[InboxQuery] | None:
    """Pending extension and return requests the actor decides (``policy.can_decide_requests``)."""
    if not ctx.scope.staff_read_congress_ids:
        return None
    out = []
    ext = _decidable(ctx, ExtensionRequest)
    if ext is not None:
        out.append(
            InboxQuery(
                ext,
                case="assignment__case",
                deadline="assignment__deadline",
                unit="assignment__organization_id",
            )
        )
    ret = _decidable(ctx, ReturnRequest)
    if ret is not None:
        out.append(InboxQuery(ret, case="assignment__case", unit="assignment__organization_id"))
    return out or None


def _unrated_replies() -> QuerySet[Reply]:
    return Reply.objects.filter(rating__isnull=True, assignment__state=AssignmentState.REPLIED)


def staff_replies(ctx: InboxContext) -> InboxQuery | None:
    """Replies waiting for their rater (the deputy, the citizen …) in cases the actor supervises
    (``policy.can_supervise``): the staff follow them up and remind the rater. The actor's own replies to
    rate are "to rate", not here."""
    if not ctx.scope.staff_read_congress_ids:
        return None
    q = ctx.groups_where(_awaiting_rating)
    if q is None:
        return None
    cases = ctx.visible_cases.filter(q, closed_at__isnull=True)
    mine = _rater_cases(ctx.user)
    if mine is not None:
        cases = cases.exclude(pk__in=mine.values("pk"))
    return InboxQuery(
        _unrated_replies().filter(case__in=cases), case="case", unit="assignment__organization_id"
    )


def _rater_cases(user: Any) -> QuerySet[Case] | None:
    q = Q()
    found = False
    for policy in registered_policies():
        states = sorted({s for t in policy.transitions if t.service == "case_rate" for s in t.from_states})
        if not states:
            continue
        q |= Q(kind=policy.kind, state__in=states) & policy.rater_filter(user)
        found = True
    return Case.objects.filter(q, closed_at__isnull=True) if found else None


def to_rate(ctx: InboxContext) -> InboxQuery | None:
    """Replies whose rater is the user (``policy.rater_filter``) and that are not rated yet."""
    cases = _rater_cases(ctx.user)
    if cases is None:
        return None
    return InboxQuery(
        _unrated_replies().filter(case__in=cases), case="case", unit="assignment__organization_id"
    )


register_inbox_source("overdue", _("已超期"), unit_overdue, order=5, icon="alarm", urgency="overdue")
register_inbox_source("to_sign", _("待签收"), _unit_source("to_sign"), order=10, icon="pen")
register_inbox_source("to_handle", _("待办理答复"), _unit_source("to_handle"), order=12, icon="list-check")
register_inbox_source(
    "rehandle", _("退回重新办理"), _unit_source("rehandle"), order=14, icon="arrow-repeat", urgency="soon"
)
register_inbox_source("co_opinion", _("待提交协办意见"), _unit_source("co_opinion"), order=16, icon="people")


def _drafts(fn: Callable[[Any], QuerySet]) -> Callable[[InboxContext], InboxQuery | None]:
    """Reply drafts (签发): with the unit leader to sign off, or sent back to the clerk."""

    def source(ctx: InboxContext) -> InboxQuery | None:
        if not ctx.scope.unit_ids:
            return None
        qs = fn(ctx.user).filter(case__closed_at__isnull=True).order_by()
        return InboxQuery(
            qs, case="case", deadline="assignment__deadline", unit="assignment__organization_id"
        )

    source.__name__ = f"drafts_{fn.__name__}"
    return source


register_inbox_source(
    "to_sign_off", _("答复稿待签发"), _drafts(reply_drafts_to_sign_off), order=13, icon="pen", urgency="soon"
)
register_inbox_source("sent_back", _("答复稿被退回"), _drafts(reply_drafts_sent_back), order=14, icon="reply")
register_inbox_source("to_review", _("待审查受理"), staff_to_review, order=30, icon="inbox")
register_inbox_source("to_assign", _("待交办"), staff_to_assign, order=32, icon="send")
register_inbox_source(
    "requests", _("待审批的延期和退回申请"), staff_requests, order=34, icon="hourglass-split", urgency="soon"
)
register_inbox_source("replies", _("答复待测评"), staff_replies, order=36, icon="clipboard-check")
register_inbox_source("to_rate", _("待测评的答复"), to_rate, order=50, icon="star-half", urgency="soon")


# --- the home page ---------------------------------------------------------------------------------------


def inbox_todos(user: Any) -> list[Any]:
    """The home page's to-do items: the inbox's counts, each linking to the inbox with that reason."""
    from renda.web.todo import TodoItem, Urgency

    result = inbox_for(user)
    url = reverse("cases:inbox")
    urgency = {"overdue": Urgency.OVERDUE, "soon": Urgency.SOON}
    return [
        TodoItem(
            title=r.label,
            count=r.count,
            url=f"{url}?reason={r.code}",
            urgency=urgency.get(r.urgency, Urgency.NORMAL),
            icon=r.icon,
        )
        for r in result.reasons
        if r.count
    ]
