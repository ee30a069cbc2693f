"""The election, its committee, its parameters and targets, its constituencies and their seats."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from renda.audit.services import record_event
from renda.core.choices import CongressLevel
from renda.core.errors import ConflictError, ValidationFailed
from renda.core.models import Congress, Term

from . import law
from .access import ensure_runs, ensure_staff
from .choices import STATE_ORDER, CommitteePost, ConstituencyKind, ElectionKind, ElectionLevel
from .models import Constituency, Election, ElectionCommitteeMember, ElectionSetting


def _text(value: Any, field: str, label: str, limit: int, *, required: bool = True) -> str:
    text = str(value or "").strip()
    if required and not text:
        raise ValidationFailed(_("请填写%(l)s。") % {"l": label}, field=field)
    if len(text) > limit:
        raise ValidationFailed(_("%(l)s不能超过%(n)s个字。") % {"l": label, "n": limit}, field=field)
    return text


def _clean_params(params: dict[str, Any] | None) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in (params or {}).items():
        if value in (None, ""):
            continue
        try:
            out[key] = law.check_param(key, value)
        except (ValueError, ZeroDivisionError):
            raise ValidationFailed(
                _("参数“%(k)s”的值无效。") % {"k": law.LAW.get(key, (0, key))[1]}, field=key
            ) from None
    if int(out.get("seats_min", 1)) > int(out.get("seats_max", 3)) or int(out.get("seats_min", 1)) < 1:
        raise ValidationFailed(_("每一选区最少名额不能大于最多名额,且至少为1名。"), field="seats_min")
    return out


def _clean_targets(targets: dict[str, Any] | None) -> dict[str, int]:
    out: dict[str, int] = {}
    for key, value in (targets or {}).items():
        if key not in law.TARGETS or value in (None, ""):
            continue
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = -1
        if not 0 <= number <= 100:
            raise ValidationFailed(_("比例应为0到100之间的整数。"), field=key)
        out[key] = number
    return out


def election_create(
    *,
    actor: Any,
    congress: Congress,
    term: Term,
    name: str,
    election_day: dt.date,
    kind: str = ElectionKind.GENERAL,
    params: dict[str, Any] | None = None,
    targets: dict[str, Any] | None = None,
) -> Election:
    """An election of ``congress``'s deputies to ``term`` (the new term; a by-election: the current)."""
    ensure_staff(actor, congress.pk)
    if congress.level not in (CongressLevel.COUNTY, CongressLevel.TOWNSHIP):
        raise ValidationFailed(_("只有县、乡两级人民代表大会代表由选民直接选举。"), field="congress")
    if term.congress_id != congress.pk:
        raise ValidationFailed(_("届次必须属于该人大。"), field="term")
    if kind not in ElectionKind.values:
        raise ValidationFailed(_("选举类别无效。"), field="kind")
    if not isinstance(election_day, dt.date):
        raise ValidationFailed(_("请填写选举日。"), field="election_day")
    name = _text(name, "name", _("名称"), 120)
    level = ElectionLevel.COUNTY if congress.level == CongressLevel.COUNTY else ElectionLevel.TOWNSHIP
    with transaction.atomic():
        election = Election.objects.create(
            congress=congress, term=term, name=name, level=level, kind=kind, election_day=election_day,
            params=_clean_params(params), targets={**law.target_defaults(), **_clean_targets(targets)},
            created_by=actor,
        )  # fmt: skip
        record_event(actor=actor, action="election.create", target=election, congress=congress,
                     after={"name": name, "election_day": election_day, "kind": kind, "term": term.pk})  # fmt: skip
    return election


def election_configure(
    *,
    actor: Any,
    election: Election,
    election_day: dt.date | None = None,
    params: dict[str, Any] | None = None,
    targets: dict[str, Any] | None = None,
) -> Election:
    """Change election day, the election's own statutory numbers and the composition targets."""
    ensure_runs(actor, election)
    with transaction.atomic():
        locked = Election.objects.select_for_update(of=("self",)).get(pk=election.pk)
        before = {"election_day": locked.election_day, "params": locked.params, "targets": locked.targets}
        if election_day is not None:
            if locked.register_published_on and election_day != locked.election_day:
                raise ConflictError(_("选民名单已经公布,不能再改动选举日。"), field="election_day")
            locked.election_day = election_day
        if params is not None:
            locked.params = _clean_params(params)
        if targets is not None:
            locked.targets = {**law.target_defaults(), **_clean_targets(targets)}
        locked.save(update_fields=["election_day", "params", "targets"])
        record_event(actor=actor, action="election.configure", target=locked, before=before,
                     after={"election_day": locked.election_day, "params": locked.params, "targets": locked.targets})  # fmt: skip
    return locked


def election_setting_update(*, actor: Any, congress: Congress, params: dict[str, Any]) -> ElectionSetting:
    """The congress's own values of the law's numbers (for all its elections)."""
    ensure_staff(actor, congress.pk)
    cleaned = _clean_params(params)
    with transaction.atomic():
        setting, _created = ElectionSetting.objects.get_or_create(congress=congress)
        before = dict(setting.params)
        setting.params = cleaned
        setting.save(update_fields=["params", "updated_at"])
        record_event(actor=actor, action="election_setting.update", target=setting, congress=congress,
                     before=before, after=cleaned)  # fmt: skip
    return setting


def election_advance(*, actor: Any, election: Election, state: str) -> Election:
    """Move the election to a later stage (never back)."""
    ensure_runs(actor, election)
    if state not in STATE_ORDER:
        raise ValidationFailed(_("阶段无效。"), field="state")
    with transaction.atomic():
        locked = Election.objects.select_for_update(of=("self",)).get(pk=election.pk)
        if STATE_ORDER.index(state) <= STATE_ORDER.index(locked.state):
            raise ConflictError(_("选举只能进入下一阶段。"), field="state")
        before = locked.state
        locked.state = state
        locked.save(update_fields=["state"])
        record_event(actor=actor, action="election.advance", target=locked, before={"state": before},
                     after={"state": state})  # fmt: skip
    return locked


def committee_member_add(
    *,
    actor: Any,
    election: Election,
    full_name: str,
    post: str = CommitteePost.MEMBER,
    appointed_on: dt.date,
    appointed_by: str = "",
    user: Any = None,
) -> ElectionCommitteeMember:
    """A member of the election committee, appointed by the standing committee (staff record it)."""
    ensure_staff(actor, election.congress_id)
    if post not in CommitteePost.values:
        raise ValidationFailed(_("职务无效。"), field="post")
    if not isinstance(appointed_on, dt.date):
        raise ValidationFailed(_("请填写任命日期。"), field="appointed_on")
    full_name = _text(full_name, "full_name", _("姓名"), 50)
    with transaction.atomic():
        if post == CommitteePost.CHAIR and election.committee.filter(post=CommitteePost.CHAIR).exists():
            raise ConflictError(_("选举委员会已有主任。"), field="post")
        member = ElectionCommitteeMember.objects.create(
            election=election, full_name=full_name, post=post, appointed_on=appointed_on,
            appointed_by=_text(appointed_by, "appointed_by", _("任命机关"), 100, required=False), user=user,
        )  # fmt: skip
        record_event(actor=actor, action="election_committee.add", target=election,
                     after={"full_name": full_name, "post": post, "appointed_on": appointed_on})  # fmt: skip
    return member


def committee_member_remove(*, actor: Any, member: ElectionCommitteeMember) -> None:
    ensure_staff(actor, member.election.congress_id)
    with transaction.atomic():
        record_event(actor=actor, action="election_committee.remove", target=member.election,
                     before={"full_name": member.full_name, "post": member.post})  # fmt: skip
        member.delete()


# --- constituencies and seats ---------------------------------------------------------------------


def _seats_ok(seats: Any, params: dict[str, Any]) -> int:
    try:
        number = int(seats)
    except (TypeError, ValueError):
        number = -1
    lo, hi = int(params["seats_min"]), int(params["seats_max"])
    if not lo <= number <= hi:
        raise ValidationFailed(
            _("每一选区应选代表%(a)s至%(b)s名(选举法)。") % {"a": lo, "b": hi}, field="seats"
        )
    return number


def _population_ok(population: Any) -> int:
    try:
        number = int(population)
    except (TypeError, ValueError):
        number = 0
    if number <= 0:
        raise ValidationFailed(_("人口数应为正整数。"), field="population")
    return number


def constituency_save(
    *,
    actor: Any,
    election: Election,
    name: str,
    kind: str,
    population: int,
    seats: int,
    area: str = "",
    sort_order: int = 100,
    constituency: Constituency | None = None,
) -> Constituency:
    """Create (or, with ``constituency``, change) a constituency with its population and seats."""
    ensure_runs(actor, election)
    if constituency is not None and constituency.election_id != election.pk:
        raise ValidationFailed(_("选区不属于该选举。"), field="constituency")
    if election.register_published_on and constituency is None:
        raise ConflictError(_("选民名单已经公布,不能再增设选区。"), field="name")
    if (
        constituency is None
        and election.kind == ElectionKind.BY_ELECTION
        and election.constituencies.exists()
    ):
        raise ConflictError(_("补选在出缺代表原选区进行,只设一个选区。"), field="name")
    params = law.params_of(election)
    name = _text(name, "name", _("选区名称"), 100)
    if kind not in ConstituencyKind.values:
        raise ValidationFailed(_("请选择划分依据。"), field="kind")
    values = {
        "name": name, "kind": kind, "population": _population_ok(population), "seats": _seats_ok(seats, params),
        "area": _text(area, "area", _("所辖范围"), 200, required=False), "sort_order": int(sort_order or 100),
    }  # fmt: skip
    with transaction.atomic():
        try:
            with transaction.atomic():
                if constituency is None:
                    obj = Constituency.objects.create(election=election, **values)
                    before = None
                else:
                    obj = Constituency.objects.select_for_update(of=("self",)).get(pk=constituency.pk)
                    before = {k: getattr(obj, k) for k in values}
                    for k, v in values.items():
                        setattr(obj, k, v)
                    obj.save()
        except IntegrityError:
            raise ConflictError(_("本次选举已有同名选区。"), field="name") from None
        record_event(actor=actor, action="constituency.save", target=obj, congress=election.congress,
                     before=before, after=values)  # fmt: skip
    return obj


def allocate(populations: list[int], total_seats: int, lo: int, hi: int) -> list[int]:
    """Seats for each population so that each seat stands for about the same number of people,
    every constituency between ``lo`` and ``hi``: start from the nearest whole quota, then give a
    seat to the constituency with the most people per seat (or take one from the fewest) until
    the total is reached."""
    n = len(populations)
    if n == 0:
        return []
    if not lo * n <= total_seats <= hi * n:
        raise ValidationFailed(
            _("%(n)s个选区、每区%(a)s至%(b)s名,代表总名额应在%(x)s至%(y)s名之间。")
            % {"n": n, "a": lo, "b": hi, "x": lo * n, "y": hi * n},
            field="total_seats",
        )
    whole = sum(populations)
    seats = [min(hi, max(lo, round(p * total_seats / whole))) for p in populations]
    while sum(seats) < total_seats:
        i = max((i for i in range(n) if seats[i] < hi), key=lambda i: (populations[i] / seats[i], -i))
        seats[i] += 1
    while sum(seats) > total_seats:
        i = min((i for i in range(n) if seats[i] > lo), key=lambda i: (populations[i] / (seats[i] - 1), i))
        seats[i] -= 1
    return seats


def seats_allocate(*, actor: Any, election: Election, total_seats: int) -> list[Constituency]:
    """Allocate ``total_seats`` over the election's constituencies by population."""
    ensure_runs(actor, election)
    if election.register_published_on:
        raise ConflictError(_("选民名单已经公布,不能再调整名额。"), field="total_seats")
    params = law.params_of(election)
    try:
        total = int(total_seats)
    except (TypeError, ValueError):
        raise ValidationFailed(_("请填写代表总名额。"), field="total_seats") from None
    with transaction.atomic():
        items = list(
            Constituency.objects.select_for_update(of=("self",))
            .filter(election=election)
            .order_by("sort_order", "pk")
        )
        if not items:
            raise ValidationFailed(_("请先划分选区。"), field="total_seats")
        seats = allocate(
            [c.population for c in items], total, int(params["seats_min"]), int(params["seats_max"])
        )
        for c, s in zip(items, seats, strict=True):
            c.seats = s
        Constituency.objects.bulk_update(items, ["seats"])
        record_event(actor=actor, action="constituency.allocate", target=election,
                     after={"total_seats": total, "seats": {c.name: c.seats for c in items}})  # fmt: skip
    return items


@dataclass
class SeatRow:
    constituency: Constituency
    per_seat: float
    deviation: float  # percent from the average population per seat
    flagged: bool


def seat_table(election: Election) -> tuple[list[SeatRow], dict[str, Any]]:
    """Each constituency's population per seat and its deviation from the average; out-of-range
    ones flagged (tolerance ``seat_deviation_pct``)."""
    params = law.params_of(election)
    items = list(election.constituencies.all())
    population = sum(c.population for c in items)
    seats = sum(c.seats for c in items)
    average = population / seats if seats else 0
    tolerance = float(params["seat_deviation_pct"])
    rows = []
    for c in items:
        per_seat = c.population / c.seats if c.seats else 0
        dev = (per_seat - average) * 100 / average if average else 0
        rows.append(SeatRow(c, round(per_seat, 1), round(dev, 1), abs(dev) > tolerance))
    summary = {"population": population, "seats": seats, "average": round(average, 1), "tolerance": tolerance,
               "flagged": sum(1 for r in rows if r.flagged), "count": len(items)}  # fmt: skip
    return rows, summary
