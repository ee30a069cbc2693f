"""交办单位推荐: which unit should lead a case and which should help, with the words that decided.

The model is a TF-IDF centroid per unit (Rocchio) over jieba words, our own small code (scikit-learn is not
a dependency and a centroid is a few dictionaries): every past case is a vector (1 + log tf) × idf,
L2-normalised; a unit's lead centroid is the sum of the vectors of the cases it led (主办 or 分别办理) plus
its responsibilities text (职能) and names as a prior worth ``PRIOR_WEIGHT`` cases, normalised and cut to its
``KEEP`` heaviest words. A unit without history — a new one — is proposed from its responsibilities alone.
Co-handlers (协办) have their own centroids, learned from the 协办 assignments. A case's score for a unit is
the cosine of its vector with the centroid, plus ``MENTION_BONUS`` when the text names the unit (by its
name, short name, the automatic abbreviations of ``renda.core.unitnames`` or the aliases staff list). The
reason shown is the words with the largest share of the score ("依据:路灯、照明").

Training reads every assigned case of a congress and stores the model in ``RoutingModel`` (one row per
congress); it runs as a django-tasks task after ``RETRAIN_EVERY`` new assignments and on demand.
"""

from __future__ import annotations

import math
import re
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django import forms

from renda.core.unitnames import automatic_aliases, core_name, mentions

PRIOR_WEIGHT = 2.0
KEEP = 400
MENTION_BONUS = 0.25
CO_MIN_SCORE = 0.12
RETRAIN_EVERY = 20
# The generic parts of unit names (县政府信息中心, 县人民政府办公室): no evidence of what a unit handles.
NAME_STOP = frozenset(
    "中心 综合 政府 县政府 人民政府 委员会 办公室 管理 服务 事务 人民 县级 有限公司 公司 分局 管理局".split()
)
_WORD = re.compile(r"[\u4e00-\u9fff]|[a-zA-Z]{2,}")
_DIGITS = re.compile(r"^[\d.%]+$")


_KEEP: dict[str, bool] = {}  # token → is a content word (the vocabulary is small beside the token count)


def content_words(tokens: Iterable[str]) -> list[str]:
    """The content words among search tokens: two characters or more, no number, no boilerplate."""
    from .topics import STOP_WORDS

    out = []
    for t in tokens:
        keep = _KEEP.get(t)
        if keep is None:
            keep = len(t) >= 2 and bool(_WORD.search(t)) and not _DIGITS.match(t) and t not in STOP_WORDS
            if len(_KEEP) < 500_000:
                _KEEP[t] = keep
        if keep:
            out.append(t)
    return out


def words(text: str) -> list[str]:
    """The content words of a text: its search tokens (``segment.tokens``: jieba ``cut_for_search`` with the
    user dictionary, the same tokens the search index stores, so training can read them from the index)."""
    from .segment import tokens

    return content_words(tokens(text or ""))


@dataclass
class UnitInfo:
    id: int
    name: str
    names: list[str] = field(default_factory=list)  # every name it is written by
    responsibilities: str = ""
    # A township or subdistrict: a text naming it says where, not who handles it — its name is no evidence.
    area: bool = False


@dataclass
class TrainingCase:
    text: str
    leads: tuple[int, ...]
    co_handlers: tuple[int, ...] = ()
    tokens: list[str] | None = None  # already segmented (the search index's tokens), else ``words(text)``


@dataclass(frozen=True)
class UnitSuggestion:
    unit_id: int
    name: str
    score: float
    words: tuple[str, ...]
    mentioned: str = ""  # the unit's name as the text writes it, when it does

    @property
    def reason(self) -> str:
        from django.utils.translation import gettext as _

        parts = []
        if self.mentioned:
            parts.append(_("提及“%(name)s”") % {"name": self.mentioned})
        if self.words:
            parts.append("、".join(self.words))
        return _("依据:%(why)s") % {"why": ";".join(parts)} if parts else _("依据:单位职能")


@dataclass(frozen=True)
class Proposal:
    leads: tuple[UnitSuggestion, ...]
    co_handlers: tuple[UnitSuggestion, ...]


def _normalise(vec: dict[str, float], keep: int | None = None) -> dict[str, float]:
    if keep is not None and len(vec) > keep:
        vec = dict(sorted(vec.items(), key=lambda kv: -kv[1])[:keep])
    norm = math.sqrt(sum(v * v for v in vec.values()))
    return {k: v / norm for k, v in vec.items()} if norm else {}


class Model:
    """The trained model: idf, centroids, the units' names. ``payload()`` / ``from_payload`` store it."""

    def __init__(self, idf: dict[str, float], n_docs: int, lead: dict[int, dict[str, float]],
                 co: dict[int, dict[str, float]], units: dict[int, UnitInfo], counts: dict[int, int]):  # fmt: skip
        self.idf, self.n_docs, self.lead, self.co, self.units, self.counts = (
            idf,
            n_docs,
            lead,
            co,
            units,
            counts,
        )

    def default_idf(self) -> float:
        return math.log((self.n_docs + 1) / 1) + 1

    def vector(self, tokens: Iterable[str]) -> dict[str, float]:
        tf = Counter(tokens)
        default = self.default_idf()
        return _normalise({t: (1 + math.log(c)) * self.idf.get(t, default) for t, c in tf.items()})

    def prior(self, unit: UnitInfo) -> dict[str, float]:
        names = (
            []
            if unit.area
            else [t for t in words(" ".join(core_name(n) for n in unit.names)) if t not in NAME_STOP]
        )
        return self.vector(words(unit.responsibilities) + names)

    def with_units(self, units: Iterable[UnitInfo]) -> Model:
        """The model for today's units: a unit trained without history or created since gets its prior."""
        current = {u.id: u for u in units}
        lead = {uid: c for uid, c in self.lead.items() if uid in current}
        for uid, unit in current.items():
            if uid not in lead or not self.counts.get(uid):
                lead[uid] = self.prior(unit)
        co = {uid: c for uid, c in self.co.items() if uid in current}
        return Model(self.idf, self.n_docs, lead, co, current, self.counts)

    def _rank(self, q: dict[str, float], centroids: dict[int, dict[str, float]], named: dict[int, str],
              exclude: set[int], limit: int, min_score: float = 0.0) -> list[UnitSuggestion]:  # fmt: skip
        scored = []
        for uid, c in centroids.items():
            if uid in exclude or uid not in self.units:
                continue
            contrib = {t: w * c[t] for t, w in q.items() if t in c}
            score = sum(contrib.values()) + (MENTION_BONUS if uid in named else 0.0)
            if score <= min_score:
                continue
            top = tuple(t for t, _v in sorted(contrib.items(), key=lambda kv: (-kv[1], kv[0]))[:4] if _v > 0)
            scored.append(UnitSuggestion(uid, self.units[uid].name, round(score, 4), top, named.get(uid, "")))
        scored.sort(key=lambda s: (-s.score, s.unit_id))
        return scored[:limit]

    def propose(self, text: str, *, limit: int = 3) -> Proposal:
        q = self.vector(words(text))
        named = mentions(text, {uid: u.names for uid, u in self.units.items() if not u.area})
        leads = self._rank(q, self.lead, named, set(), limit)
        first = {leads[0].unit_id} if leads else set()
        co = self._rank(q, self.co, {}, first, 2, CO_MIN_SCORE) if self.co else []
        return Proposal(tuple(leads), tuple(co))

    def payload(self) -> dict[str, Any]:
        return {
            "n_docs": self.n_docs,
            "idf": self.idf,
            "lead": {str(k): v for k, v in self.lead.items()},
            "co": {str(k): v for k, v in self.co.items()},
            "counts": {str(k): v for k, v in self.counts.items()},
        }

    @classmethod
    def from_payload(cls, payload: dict[str, Any], units: Iterable[UnitInfo]) -> Model:
        return cls(
            payload.get("idf", {}),
            int(payload.get("n_docs", 0)),
            {int(k): v for k, v in payload.get("lead", {}).items()},
            {int(k): v for k, v in payload.get("co", {}).items()},
            {},
            {int(k): v for k, v in payload.get("counts", {}).items()},
        ).with_units(units)


def train(cases: Iterable[TrainingCase], units: Iterable[UnitInfo]) -> Model:
    """Train on past assignments (any iterable: the benchmark streams a million cases through it)."""
    units = {u.id: u for u in units}
    docs: list[tuple[Counter, tuple[int, ...], tuple[int, ...]]] = []
    df: Counter = Counter()
    for case in cases:
        tf = Counter(content_words(case.tokens) if case.tokens is not None else words(case.text))
        if not tf or not case.leads:
            continue
        df.update(tf.keys())
        docs.append((tf, case.leads, case.co_handlers))
    n = len(docs)
    idf = {t: math.log((n + 1) / (d + 1)) + 1 for t, d in df.items()}
    lead: dict[int, dict[str, float]] = {}
    co: dict[int, dict[str, float]] = {}
    counts: Counter = Counter()
    for tf, leads, cos in docs:
        vec = _normalise({t: (1 + math.log(c)) * idf[t] for t, c in tf.items()})
        for uid, target in [(u, lead) for u in leads] + [(u, co) for u in cos]:
            acc = target.setdefault(uid, {})
            for t, w in vec.items():
                acc[t] = acc.get(t, 0.0) + w
        counts.update(leads)
    model = Model(idf, n, {}, {}, units, dict(counts))
    for uid, unit in units.items():
        acc = lead.get(uid, {})
        if unit.responsibilities or unit.names:
            for t, w in model.prior(unit).items():
                acc[t] = acc.get(t, 0.0) + PRIOR_WEIGHT * w
        if acc:
            lead[uid] = acc
    model.lead = {uid: _normalise(v, KEEP) for uid, v in lead.items()}
    model.co = {uid: _normalise(v, KEEP) for uid, v in co.items()}
    used = {t for c in (*model.lead.values(), *model.co.values()) for t in c}
    model.idf = {t: round(v, 4) for t, v in idf.items() if t in used}
    return model


# --- the database side -------------------------------------------------------------------------------


def units_of(congress_id: int) -> list[UnitInfo]:
    """The active handling units of a congress with their names, aliases and responsibilities."""
    from renda.core.choices import HANDLING_UNIT_KINDS, OrganizationKind
    from renda.core.models import Organization

    from .models import UnitProfile

    orgs = list(
        Organization.objects.filter(
            congress_id=congress_id, is_active=True, kind__in=list(HANDLING_UNIT_KINDS)
        )
    )
    profiles = {p.organization_id: p for p in UnitProfile.objects.filter(organization__in=orgs)}
    out = []
    for o in orgs:
        p = profiles.get(o.pk)
        names = automatic_aliases(o.name, o.short_name)
        if p is not None:
            names += [a for a in p.alias_list() if a not in names]
        area = o.kind in (OrganizationKind.TOWNSHIP, OrganizationKind.SUBDISTRICT)
        out.append(UnitInfo(o.pk, o.name, names, p.responsibilities if p else "", area))
    return out


def training_cases(
    congress_id: int, *, exclude_case_ids: Iterable[int] = ()
) -> Iterator[tuple[int, TrainingCase]]:
    """(case id, the case's text and units) for every assigned case of the congress, in id order; the tokens
    come from the search index (``SearchEntry.segmented``) where the case is indexed, so nothing is segmented
    twice."""
    from renda.cases.choices import AssignmentRole
    from renda.cases.models import Assignment, Case

    from .models import SearchEntry

    excluded = set(exclude_case_ids)
    rows = (
        Assignment.objects.filter(case__congress_id=congress_id)
        .order_by("case_id", "id")
        .values_list("case_id", "organization_id", "role")
    )
    units: dict[int, tuple[list[int], list[int]]] = {}
    for case_id, org_id, role in rows.iterator(chunk_size=5000):
        leads, cos = units.setdefault(case_id, ([], []))
        (cos if role == AssignmentRole.CO_HANDLER else leads).append(org_id)
    ids = sorted(set(units) - excluded)
    for start in range(0, len(ids), 2000):
        chunk = ids[start : start + 2000]
        indexed = dict(
            SearchEntry.objects.filter(source__startswith="case:", object_id__in=chunk).values_list(
                "object_id", "segmented"
            )
        )
        for pk, title, body in (
            Case.objects.filter(pk__in=chunk).order_by("pk").values_list("pk", "title", "body")
        ):
            leads, cos = units[pk]
            seg = indexed.get(pk)
            yield pk, TrainingCase(
                f"{title}\n{body}", tuple(dict.fromkeys(leads)), tuple(dict.fromkeys(cos)),
                seg.split() if seg else None,
            )  # fmt: skip


def retrain(congress_id: int) -> dict[str, Any]:
    """Train the congress's model on all its past assignments and store it."""
    from renda.core import clock

    from .models import RoutingModel

    started = time.perf_counter()
    units = units_of(congress_id)
    cases = [c for _pk, c in training_cases(congress_id)]
    model = train(cases, units)
    seconds = time.perf_counter() - started
    assignments = sum(len(c.leads) + len(c.co_handlers) for c in cases)
    RoutingModel.objects.update_or_create(
        congress_id=congress_id,
        defaults={"trained_at": clock.now(), "cases": model.n_docs, "assignments": assignments,
                  "seconds": round(seconds, 3), "payload": model.payload(), "queued": False},
    )  # fmt: skip
    _CACHE.pop(congress_id, None)
    return {"congress": congress_id, "cases": model.n_docs, "assignments": assignments, "seconds": seconds}


_CACHE: dict[int, tuple[Any, Model]] = {}


def model_for(congress_id: int) -> Model:
    """The stored model with today's units (trained now when the congress has none yet)."""
    from .models import RoutingModel

    row = RoutingModel.objects.filter(congress_id=congress_id).only("trained_at").first()
    if row is None:
        retrain(congress_id)
        row = RoutingModel.objects.only("trained_at").get(congress_id=congress_id)
    units = units_of(congress_id)
    key = (row.trained_at, tuple((u.id, u.responsibilities, tuple(u.names)) for u in units))
    cached = _CACHE.get(congress_id)
    if cached and cached[0] == key:
        return cached[1]
    payload = RoutingModel.objects.values_list("payload", flat=True).get(pk=row.pk)
    model = Model.from_payload(payload, units)
    _CACHE[congress_id] = (key, model)
    return model


def propose_for_case(case: Any) -> Proposal:
    return model_for(case.congress_id).propose(f"{case.title}\n{case.body}")


def assignments_since_training(congress_id: int) -> int:
    from renda.cases.models import Assignment

    from .models import RoutingModel

    row = RoutingModel.objects.filter(congress_id=congress_id).only("trained_at").first()
    qs = Assignment.objects.filter(case__congress_id=congress_id)
    if row is not None:
        qs = qs.filter(assigned_at__gt=row.trained_at)
    return qs.count()


# --- services: staff keep each unit's responsibilities and aliases, and retrain on demand ----------


def can_manage(actor: Any, congress_id: int) -> bool:
    from renda.core.choices import Role
    from renda.core.scopes import scope_of

    return bool(getattr(actor, "is_authenticated", False)) and scope_of(actor).has_in(congress_id, Role.STAFF)


def save_unit_profile(*, actor: Any, organization: Any, responsibilities: str, aliases: str) -> Any:
    """Staff of the unit's congress set its 职能 and 别名; audited; the model is retrained after commit."""
    from django.db import transaction
    from django.utils.translation import gettext as _

    from renda.audit.services import record_event
    from renda.core.errors import PermissionDeniedError, ValidationFailed

    from .models import UnitProfile

    if not can_manage(actor, organization.congress_id):
        raise PermissionDeniedError(_("您没有维护该单位职能的权限。"))
    responsibilities = (responsibilities or "").strip()
    aliases = (aliases or "").strip()
    if len(responsibilities) > 5000:
        raise ValidationFailed(_("职能不能超过5000字。"), field="responsibilities")
    if len(aliases) > 2000:
        raise ValidationFailed(_("别名不能超过2000字。"), field="aliases")
    with transaction.atomic():
        profile, _created = UnitProfile.objects.select_for_update().get_or_create(organization=organization)
        before = {"responsibilities": profile.responsibilities, "aliases": profile.aliases}
        profile.responsibilities, profile.aliases, profile.updated_by = responsibilities, aliases, actor
        for alias in profile.alias_list():
            if len(alias) > 40:
                raise ValidationFailed(_("每个别名不能超过40字:%(a)s") % {"a": alias[:40]}, field="aliases")
        profile.save()
        record_event(
            actor=actor, action="routing.unit_profile", target=organization, congress=organization.congress,
            before=before, after={"responsibilities": responsibilities, "aliases": aliases},
        )  # fmt: skip
        transaction.on_commit(lambda: enqueue_retrain(organization.congress_id))
    return profile


def request_retrain(*, actor: Any, congress: Any) -> None:
    """立即重新训练: staff queue a retraining of their congress's model."""
    from django.db import transaction
    from django.utils.translation import gettext as _

    from renda.audit.services import record_event
    from renda.core.errors import PermissionDeniedError

    if not can_manage(actor, congress.pk):
        raise PermissionDeniedError(_("您没有重新训练交办推荐模型的权限。"))
    record_event(actor=actor, action="routing.retrain", target=congress, congress=congress)
    transaction.on_commit(lambda: enqueue_retrain(congress.pk))


def enqueue_retrain(congress_id: int) -> None:
    from .tasks import retrain_routing_task

    retrain_routing_task.enqueue(congress_id)


def _assignment_saved(sender: Any, instance: Any, created: bool = False, **kwargs: Any) -> None:
    """After ``RETRAIN_EVERY`` new assignments of a congress since the last training: retrain, queued once
    (``RoutingModel.queued``). A congress without a model is trained at its first proposal instead."""
    if not created or kwargs.get("raw"):
        return
    from django.db import transaction

    congress_id = getattr(instance.case, "congress_id", None)
    if congress_id is not None:
        transaction.on_commit(lambda: _maybe_queue(congress_id))


def _maybe_queue(congress_id: int) -> None:
    from .models import RoutingModel

    if not RoutingModel.objects.filter(congress_id=congress_id, queued=False).exists():
        return
    if assignments_since_training(congress_id) < RETRAIN_EVERY:
        return
    if RoutingModel.objects.filter(congress_id=congress_id, queued=False).update(queued=True):
        enqueue_retrain(congress_id)


# --- the assign form: the proposal pre-selected, with its reason -------------------------------------


def decorate_assign_form(form: Any, case: Any) -> Any:
    """Pre-select the proposed lead unit (and strong co-handlers) and show why, above the unit fields."""
    from django.utils.translation import gettext_lazy as _

    try:
        proposal = propose_for_case(case)
    except Exception:  # the proposal is a help: the form works without it
        import logging

        logging.getLogger(__name__).exception("routing proposal failed for case %s", case.pk)
        return form
    allowed = set(form.fields["lead"].queryset.values_list("pk", flat=True))
    leads = [s for s in proposal.leads if s.unit_id in allowed]
    cos = [
        s
        for s in proposal.co_handlers
        if s.unit_id in allowed and (not leads or s.unit_id != leads[0].unit_id)
    ]
    if not leads:
        return form
    form.fields["lead"].initial = leads[0].unit_id
    strong = [s.unit_id for s in cos if s.score >= max(CO_MIN_SCORE, 0.5 * leads[0].score)]
    if strong:
        form.fields["co_handlers"].initial = strong
    hint = forms.Field(label=_("推荐承办单位"), required=False, widget=ProposalWidget(leads, cos))
    fields = {"routing": hint}
    fields.update(form.fields)
    form.fields = fields
    return form


class ProposalWidget(forms.Widget):
    """Shows the proposal (no input): each unit with its score and the words that decided."""

    def __init__(self, leads: list[UnitSuggestion], cos: list[UnitSuggestion]) -> None:
        super().__init__()
        self.leads, self.cos = leads, cos

    def render(self, name: str, value: Any, attrs: Any = None, renderer: Any = None) -> str:
        from django.template.loader import render_to_string

        dom_id = (attrs or {}).get("id") or self.attrs.get("id") or f"id_{name}"
        return render_to_string(
            "analytics/_routing_proposal.html", {"leads": self.leads, "cos": self.cos, "id": dom_id}
        )

    def value_from_datadict(self, data: Any, files: Any, name: str) -> None:
        return None


def install_assign_hook() -> None:
    """Wrap the engine's assign action (``renda.cases.actions``) so its form carries the proposal."""
    import dataclasses

    from renda.cases import actions as case_actions

    original = case_actions._ENGINE_ACTIONS.get("assign")
    if original is None or getattr(original.form, "_routing", False):
        return

    def form(ctx: Any, target: Any, data: Any = None, files: Any = None) -> Any:
        built = original.form(ctx, target, data, files)
        if data is None and built is not None and "lead" in built.fields:
            return decorate_assign_form(built, ctx.case)
        return built

    form._routing = True  # type: ignore[attr-defined]
    case_actions.register_engine_action(dataclasses.replace(original, form=form))


def install() -> None:
    from django.apps import apps
    from django.db.models.signals import post_save

    install_assign_hook()
    post_save.connect(
        _assignment_saved, sender=apps.get_model("cases.Assignment"), dispatch_uid="routing:retrain"
    )
