"""Suggestions at province size: 50,000 deputies and 1,000,000 suggestions over ten years (at scale 1),
with their assignments, plans, contacts, replies and ratings, then the pages and selectors people wait for.

The congresses, units and the few users who take the measurements are made through the ORM; the bulk
(deputies, cases, suggestions and their handling) by raw SQL inserts (``bench.common.Inserter``), one year
at a time so memory stays flat.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import time
from typing import Any

from bench.common import Context, Inserter, Measurement, fetch, next_id, reset_sequences, table_rows
from bench.common import measure as timed

from .textgen import TextGen

FULL_DEPUTIES = 50_000
FULL_SUGGESTIONS = 1_000_000
YEARS = 10
CITIES = 12
COUNTIES_PER_CITY = 8
UNITS = {"province": 40, "city": 25, "county": 20}
UNIT_NAMES = [
    "教育局",
    "交通运输局",
    "住房和城乡建设局",
    "卫生健康委员会",
    "农业农村局",
    "生态环境局",
    "人力资源和社会保障局",
    "民政局",
    "财政局",
    "自然资源局",
    "水利局",
    "公安局",
    "市场监督管理局",
    "城市管理局",
    "文化和旅游局",
    "发展和改革委员会",
    "工业和信息化局",
    "商务局",
    "应急管理局",
    "医疗保障局",
    "退役军人事务局",
    "林业局",
    "体育局",
    "统计局",
    "审计局",
    "司法局",
    "科技局",
    "乡村振兴局",
    "供销合作社",
    "电力公司",
    "自来水公司",
    "燃气公司",
    "邮政管理局",
    "气象局",
    "税务局",
    "人民法院",
    "人民检察院",
    "数据局",
    "信访局",
    "粮食和物资储备局",
]
MARK = "基准测试省人大"
TZ = dt.timezone(dt.timedelta(hours=8))


def _at(day: dt.date, r: random.Random) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(r.randint(8, 17), r.randint(0, 59)), tzinfo=TZ)


# --- the data -------------------------------------------------------------------------------------------------


def populate(ctx: Context) -> None:
    from renda.cases.models import Case

    n_sugg = int(FULL_SUGGESTIONS * ctx.scale)
    have = Case.objects.filter(kind="suggestion", congress__path__startswith=_province_path()).count()
    if have and abs(have - n_sugg) <= n_sugg * 0.05:
        print(f"  reusing {have:,} suggestions already in the database")
        _load_context(ctx)
        return
    if have:
        raise SystemExit("the bench database holds another scale: run with --fresh")
    t0 = time.perf_counter()
    world = _skeleton(ctx)
    print(f"  skeleton (congresses, units, users) in {time.perf_counter() - t0:.1f} s")
    _deputies(ctx, world)
    _suggestions(ctx, world, n_sugg)
    _load_context(ctx)


def _province_path() -> str:
    from renda.core.models import Congress

    found = Congress.objects.filter(name=MARK).values_list("path", flat=True).first()
    return found or "/nothing/"


def _skeleton(ctx: Context) -> dict[str, Any]:
    from renda.cases.calendar import seed_national_calendar
    from renda.core.choices import CongressLevel, OrganizationKind, Role
    from renda.core.models import Congress, Membership, Organization, Session, Term, User

    seed_national_calendar()
    this_year = dt.date.today().year
    first_year = this_year - YEARS + 1
    province = Congress.objects.create(name=MARK, region_name="基准省", level=CongressLevel.PROVINCE)
    congresses = [province]
    for i in range(1, CITIES + 1):
        city = Congress.objects.create(
            name=f"基准第{i}市人大", region_name=f"第{i}市", level=CongressLevel.CITY, parent=province
        )
        congresses.append(city)
        for j in range(1, COUNTIES_PER_CITY + 1):
            congresses.append(
                Congress.objects.create(
                    name=f"基准第{i}市第{j}县人大",
                    region_name=f"第{i}市第{j}县",
                    level=CongressLevel.COUNTY,
                    parent=city,
                )
            )
    units: dict[int, list[int]] = {}
    offices: dict[int, int] = {}
    terms: dict[int, list[Term]] = {}
    sessions: dict[tuple[int, int], int] = {}
    for c in congresses:
        Organization.objects.create(
            congress=c, name=f"{c.name}常委会", kind=OrganizationKind.STANDING_COMMITTEE
        )
        offices[c.pk] = Organization.objects.create(
            congress=c, name=f"{c.name}常委会办公室", kind=OrganizationKind.CONGRESS_OFFICE
        ).pk
        prefix = c.region_name
        orgs = Organization.objects.bulk_create(
            [
                Organization(
                    congress=c, name=f"{prefix}{name}", kind=OrganizationKind.GOVERNMENT_DEPARTMENT,
                    responsible_person=f"{name[:2]}负责人",
                )
                for name in UNIT_NAMES[: UNITS[c.level]]
            ]
        )  # fmt: skip
        units[c.pk] = [o.pk for o in orgs]
        terms[c.pk] = []
        start = first_year
        number = 14
        while start <= this_year:
            end = start + 4
            term = Term.objects.create(
                congress=c,
                number=number,
                start_year=start,
                end_year=end,
                is_current=start <= this_year <= end,
            )
            terms[c.pk].append(term)
            for k, year in enumerate(range(start, min(end, this_year) + 1), start=1):
                sessions[(c.pk, year)] = Session.objects.create(
                    term=term, number=k, start_date=dt.date(year, 1, 10), end_date=dt.date(year, 1, 13)
                ).pk
            start, number = end + 1, number + 1

    def user(username: str, org_id: int, role: str) -> User:
        u = User.objects.create_user(username=username, password="bench-Passw0rd!", full_name=username)
        Membership.objects.create(user=u, organization_id=org_id, role=role)
        return u

    city1 = congresses[1]
    county1 = congresses[2]
    user("bench_staff_province", offices[province.pk], Role.STAFF)
    user("bench_leader_province", offices[province.pk], Role.LEADER)
    user("bench_staff_city", offices[city1.pk], Role.STAFF)
    user("bench_clerk", units[county1.pk][0], Role.UNIT_CLERK)
    return {
        "congresses": congresses,
        "units": units,
        "terms": terms,
        "sessions": sessions,
        "first_year": first_year,
        "this_year": this_year,
        "busy_unit": units[county1.pk][0],
    }


def _deputies(ctx: Context, world: dict[str, Any]) -> None:
    from django.contrib.auth.hashers import make_password

    from renda.core.models import User
    from renda.deputies.models import Deputy, DeputyMandate

    t0 = time.perf_counter()
    n = max(int(FULL_DEPUTIES * ctx.scale), len(world["congresses"]) * 5)
    congresses = world["congresses"]
    weights = [0.04] + [
        0.02 if c.level == "city" else 0.72 / (CITIES * COUNTIES_PER_CITY) for c in congresses[1:]
    ]
    r = random.Random(7)
    gen = TextGen(11)
    password = make_password("bench-not-used")
    uid, did, mid = next_id(User), next_id(Deputy), next_id(DeputyMandate)
    users_ins = Inserter(User, ["username", "password", "full_name", "is_active"])
    dep_ins = Inserter(Deputy, ["full_name", "gender", "user_id", "occupation"])
    man_ins = Inserter(DeputyMandate, ["deputy_id", "congress_id", "term_id", "started_on"])
    users, deps, mandates = [], [], []
    by_congress: dict[int, list[tuple[int, int, dict[int, int]]]] = {c.pk: [] for c in congresses}
    for i in range(n):
        c = r.choices(congresses, weights)[0]
        name = gen.name()
        users.append((uid + i, f"bd{uid + i}", password, name, True))
        deps.append(
            (
                did + i,
                name,
                r.choice(("male", "female")),
                uid + i,
                r.choice(("农民", "教师", "医生", "企业职工", "社区工作者")),
            )
        )
        per_term = {}
        for k, term in enumerate(world["terms"][c.pk]):
            per_term[term.pk] = mid
            mandates.append((mid, did + i, c.pk, term.pk, dt.date(term.start_year, 1, 12)))
            mid += 1
            del k
        by_congress[c.pk].append((uid + i, did + i, per_term))
    from django.db import transaction

    with transaction.atomic():
        users_ins.insert(users)
        dep_ins.insert(deps)
        man_ins.insert(mandates)
    reset_sequences([User, Deputy, DeputyMandate])
    world["deputies"] = by_congress
    print(f"  {n:,} deputies with {len(mandates):,} mandates in {time.perf_counter() - t0:.1f} s")


def _suggestions(ctx: Context, world: dict[str, Any], n_total: int) -> None:
    from django.db import transaction

    from renda.cases.models import Assignment, Case, Contact, HandlingPlan, Rating, Reply
    from renda.core.models import User
    from renda.suggestions.models import Suggestion

    staff_id = User.objects.get(username="bench_staff_province").pk
    clerk_id = User.objects.get(username="bench_clerk").pk
    congresses = [c for c in world["congresses"] if world["deputies"][c.pk]]
    weights = [len(world["deputies"][c.pk]) for c in congresses]
    r = random.Random(42)
    gen = TextGen(99)
    ids = {m: next_id(m) for m in (Case, Suggestion, Assignment, HandlingPlan, Contact, Reply, Rating)}
    ins = {
        Case: Inserter(Case, [
            "congress_id", "kind", "year", "serial", "number", "title", "body", "state", "created_by_id", "created_at",
            "submitted_at", "assigned_at", "closed_at", "due_at", "is_key", "is_public", "published_at", "term_id",
            "session_id", "rehandle_count", "dissatisfied_count", "needs_follow_up",
        ]),
        Suggestion: Inserter(Suggestion, ["case_id", "type", "lead_mandate_id", "lead_user_id", "session_id", "created_at"]),
        Assignment: Inserter(Assignment, [
            "case_id", "organization_id", "role", "state", "deadline", "round", "assigned_at", "assigned_by_id",
            "signed_at", "signed_by_id", "replied_at", "opinion", "opinion_sent_at",
        ]),
        HandlingPlan: Inserter(HandlingPlan, ["assignment_id", "text", "responsible_person", "submitted_by_id", "submitted_at"]),
        Contact: Inserter(Contact, [
            "assignment_id", "contacted_at", "mode", "phase", "unit_person", "counterpart", "summary", "recorded_by_id",
            "recorded_at",
        ]),
        Reply: Inserter(Reply, [
            "case_id", "assignment_id", "round", "classification", "text", "signing_leader", "is_final",
            "reason_without_contact", "replied_by_id", "replied_at",
        ]),
        Rating: Inserter(Rating, ["reply_id", "case_id", "rater_id", "value", "outcome", "comment", "rated_at"]),
    }  # fmt: skip
    today = dt.date.today()
    serials: dict[tuple[int, int], int] = {}
    per_year = n_total // YEARS
    total_rows = 0
    for year in range(world["first_year"], world["this_year"] + 1):
        t0 = time.perf_counter()
        rows: dict[Any, list] = {m: [] for m in ins}
        last = year == world["this_year"]
        for _ in range(per_year):
            c = r.choices(congresses, weights)[0]
            user_id, _dep, per_term = r.choice(world["deputies"][c.pk])
            term = next(t for t in world["terms"][c.pk] if t.start_year <= year <= t.end_year)
            mandate = per_term[term.pk]
            at_session = r.random() < 0.7
            if at_session:
                submitted = _at(dt.date(year, 1, r.randint(10, 13)), r)
            else:
                submitted = _at(
                    dt.date(year, 1, 1)
                    + dt.timedelta(
                        days=r.randint(
                            20, 300 if not last else max(20, (today - dt.date(year, 1, 1)).days - 5)
                        )
                    ),
                    r,
                )
            key = (c.pk, year)
            serials[key] = serials.get(key, 0) + 1
            serial = serials[key]
            title, body, topic = gen.suggestion()
            case_id = ids[Case]
            ids[Case] += 1
            x = r.random()
            state = "closed"
            assigned_at = closed_at = due_at = published = None
            is_key = r.random() < 0.02
            rehandle = dissatisfied = 0
            follow = False
            if x < 0.01:
                state = "withdrawn"
            elif x < 0.04:
                state = "refused"
            elif x < 0.06:
                state = "merged"
            elif last and x < 0.08:
                state = "submitted"
            if state == "closed":
                assigned_at = submitted + dt.timedelta(days=r.randint(10, 30))
                deadline = (assigned_at + dt.timedelta(days=91)).date()
                due_at = deadline
                units = world["units"][c.pk]
                lead = (
                    world["busy_unit"]
                    if c.pk == world["congresses"][2].pk and r.random() < 0.2
                    else r.choice(units)
                )
                a_id = ids[Assignment]
                ids[Assignment] += 1
                open_now = last and r.random() < 0.15
                co = r.random() < 0.3
                if co:
                    co_unit = r.choice([u for u in units if u != lead])
                    rows[Assignment].append((ids[Assignment], case_id, co_unit, "co_handler", "replied" if not open_now else "handling",
                                             deadline, 1, assigned_at, staff_id, assigned_at + dt.timedelta(days=2), None,
                                             None, "同意主办单位的办理意见。", assigned_at + dt.timedelta(days=25)))  # fmt: skip
                    ids[Assignment] += 1
                if open_now:
                    state = r.choice(("assigned", "handling", "handling"))
                    a_state = "pending_sign" if state == "assigned" else "handling"
                    rows[Assignment].append((a_id, case_id, lead, "lead", a_state, deadline, 1, assigned_at, staff_id,
                                             assigned_at + dt.timedelta(days=2) if a_state == "handling" else None,
                                             clerk_id if a_state == "handling" else None, None, "", None))  # fmt: skip
                else:
                    signed = assigned_at + dt.timedelta(days=r.randint(1, 5))
                    rows[HandlingPlan].append(
                        (
                            ids[HandlingPlan],
                            a_id,
                            "成立工作专班,明确责任人和时间节点,限期办理。",
                            "办公室主任",
                            clerk_id,
                            signed + dt.timedelta(days=3),
                        )
                    )
                    ids[HandlingPlan] += 1
                    late = r.random() < 0.08
                    replied = assigned_at + dt.timedelta(
                        days=r.randint(92, 140) if late else r.randint(30, 85)
                    )
                    contact = r.random() < 0.92
                    if contact:
                        when = replied - dt.timedelta(days=r.randint(3, 20))
                        rows[Contact].append((ids[Contact], a_id, when, r.choice(("phone", "face_to_face", "on_site")), "before",
                                              "承办科室负责人", "领衔代表", gen.contact(), clerk_id, when))  # fmt: skip
                        ids[Contact] += 1
                    cls = r.choices("ABCD", (45, 30, 15, 10))[0]
                    final = cls in "AD"
                    replies = [(cls, replied, final, "" if contact else "代表外出,电话未能联系上。", 1)]
                    rated = replied + dt.timedelta(days=r.randint(5, 20))
                    v = r.choices(("satisfied", "basically", "dissatisfied"), (75, 20, 5))[0]
                    ratings = [(v, rated)]
                    a_round = 1
                    if v == "dissatisfied":
                        dissatisfied, rehandle, is_key, a_round = 1, 1, True, 2
                        cls2 = r.choice("AB")
                        replies.append(
                            (cls2, rated + dt.timedelta(days=r.randint(15, 30)), cls2 == "A", "", 2)
                        )
                        ratings.append(("satisfied", replies[-1][1] + dt.timedelta(days=7)))
                        cls, final = cls2, cls2 == "A"
                    if not final:
                        if r.random() < 0.4:
                            later = ratings[-1][1] + dt.timedelta(days=r.randint(100, 300))
                            replies.append(("A", later, True, "", a_round))
                            ratings.append(("satisfied", later + dt.timedelta(days=7)))
                        else:
                            follow = True
                    last_time = ratings[-1][1]
                    if last_time.date() > today:
                        follow, state = True, "following"
                    state = "following" if follow else "closed"
                    closed_at = None if follow else last_time
                    rows[Assignment].append((a_id, case_id, lead, "lead", "handling" if follow else "closed", deadline, a_round,
                                             assigned_at, staff_id, signed, clerk_id, replies[-1][1], "", None))  # fmt: skip
                    for (rc, rt, rf, reason, rnd), (rv, rat) in zip(replies, ratings, strict=False):
                        reply_id = ids[Reply]
                        ids[Reply] += 1
                        rows[Reply].append(
                            (
                                reply_id,
                                case_id,
                                a_id,
                                rnd,
                                rc,
                                gen.reply(rc, topic),
                                "局长",
                                rf,
                                reason,
                                clerk_id,
                                rt,
                            )
                        )
                        if rat.date() <= today:
                            outcome = "rehandle" if rv == "dissatisfied" else "pass"
                            rows[Rating].append(
                                (ids[Rating], reply_id, case_id, user_id, rv, outcome, "", rat)
                            )
                            ids[Rating] += 1
                    published = replies[0][1] + dt.timedelta(days=10) if r.random() < 0.9 else None
            rows[Case].append((
                case_id, c.pk, "suggestion", year, serial, f"JY{year}-{serial:05d}", title, body, state, user_id, submitted,
                submitted, assigned_at, closed_at, due_at, is_key, published is not None, published, term.pk,
                world["sessions"].get((c.pk, year)) if at_session else None, rehandle, dissatisfied, follow,
            ))  # fmt: skip
            rows[Suggestion].append((
                ids[Suggestion], case_id, r.choices(("suggestion", "criticism", "opinion", "motion"), (90, 4, 4, 2))[0],
                mandate, user_id, world["sessions"].get((c.pk, year)) if at_session else None, submitted,
            ))  # fmt: skip
            ids[Suggestion] += 1
        with transaction.atomic():
            for model in (Case, Suggestion, Assignment, HandlingPlan, Contact, Reply, Rating):
                total_rows += ins[model].insert(rows[model])
        print(
            f"  {year}: {per_year:,} suggestions, {sum(len(v) for v in rows.values()):,} rows in {time.perf_counter() - t0:.1f} s",
            flush=True,
        )
    reset_sequences(list(ins))
    from django.db import connection

    from renda.cases.services.summary import backfill_summaries

    t0 = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("ANALYZE")  # the backfill's lookups need the planner to know the new rows
    with transaction.atomic():
        backfill_summaries(kind="suggestion")
    print(f"  summary columns (first/latest reply, rating, on time) in {time.perf_counter() - t0:.1f} s")
    t0 = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("ANALYZE")
    print(f"  {total_rows:,} rows in all; ANALYZE in {time.perf_counter() - t0:.1f} s")


def _load_context(ctx: Context) -> None:
    from renda.cases.models import Case
    from renda.core.models import Congress, User

    province = Congress.objects.get(name=MARK)
    city = Congress.objects.filter(parent=province).order_by("pk").first()
    county = Congress.objects.filter(parent=city).order_by("pk").first()
    year = dt.date.today().year - 1
    sample = (
        Case.objects.filter(kind="suggestion", congress=county, state="closed", rehandle_count__gt=0)
        .order_by("pk")
        .values_list("pk", flat=True)
        .first()
    ) or Case.objects.filter(kind="suggestion", congress=county, state="closed").values_list(
        "pk", flat=True
    ).first()
    users = {u.username: u for u in User.objects.filter(username__startswith="bench_")}
    from django.db.models import Count

    from renda.suggestions.models import Suggestion

    busiest = (
        Suggestion.objects.filter(case__congress=county).values("lead_user_id").annotate(n=Count("id"))
        .order_by("-n").values_list("lead_user_id", flat=True).first()
    )  # fmt: skip
    ctx.data.update(province=province, city=city, county=county, year=year, sample_case=sample, users=users,
                    deputy=User.objects.get(pk=busiest))  # fmt: skip
    n = Case.objects.filter(kind="suggestion", congress__path__startswith=province.path).count()
    ctx.data.setdefault("summary", {})["suggestions in the database"] = f"{n:,}"


# --- the measurements ------------------------------------------------------------------------------------------


def measure(ctx: Context) -> list[Measurement]:
    from django.test import Client

    from renda.suggestions.documents import register_xlsx
    from renda.suggestions.models import Suggestion
    from renda.suggestions.statistics import StatsScope, suggestion_statistics

    d = ctx.data
    users = d["users"]
    clients = {}
    for name in ("bench_staff_province", "bench_staff_city", "bench_clerk"):
        c = Client()
        c.force_login(users[name])
        clients[name] = c
    clients["deputy"] = Client()
    clients["deputy"].force_login(d["deputy"])

    def page(client: Client, url: str, params: dict | None = None):
        def run():
            resp = client.get(url, params or {}, secure=True)
            assert resp.status_code == 200, (url, resp.status_code)
            return resp

        return run

    city_ids = tuple(d["city"].descendants().values_list("pk", flat=True))
    in_city = ", ".join(["%s"] * len(city_ids))
    prov_ids = tuple(d["province"].descendants().values_list("pk", flat=True))
    in_prov = ", ".join(["%s"] * len(prov_ids))
    suggestion_pk = Suggestion.objects.get(case_id=d["sample_case"]).pk
    busy_unit = users["bench_clerk"].memberships.first().organization_id
    out = []
    repeat = ctx.repeat

    out += _floor(ctx, clients)
    out.append(timed(
        "unit to-do: inbox (page)", page(clients["bench_clerk"], "/cases/inbox/", {"kind": "suggestion"}), repeat=repeat,
        bare=lambda: fetch(
            "SELECT a.id, a.deadline, a.state, c.number, c.title FROM cases_assignment a JOIN cases_case c ON c.id = a.case_id "
            "WHERE a.organization_id = %s AND a.state IN ('pending_sign', 'handling') AND c.kind = 'suggestion' "
            "AND c.closed_at IS NULL ORDER BY a.deadline LIMIT 20",
            [busy_unit],
        ),
        rows=table_rows,
    ))  # fmt: skip
    out.append(timed(
        "case page (staff, 2 rounds)", page(clients["bench_staff_province"], f"/cases/{d['sample_case']}/"), repeat=repeat,
        bare=lambda: (
            fetch("SELECT c.*, s.* FROM cases_case c JOIN suggestions_suggestion s ON s.case_id = c.id WHERE s.id = %s", [suggestion_pk]),
            fetch("SELECT * FROM cases_assignment WHERE case_id = %s", [d["sample_case"]]),
            fetch("SELECT * FROM cases_reply WHERE case_id = %s ORDER BY replied_at", [d["sample_case"]]),
        ),
    ))  # fmt: skip
    out.append(timed(
        "case API (staff)", page(clients["bench_staff_province"], f"/api/v1/cases/{d['sample_case']}"), repeat=repeat,
        bare=lambda: (
            fetch("SELECT c.* FROM cases_case c WHERE c.id = %s", [d["sample_case"]]),
            fetch("SELECT a.*, o.name FROM cases_assignment a JOIN core_organization o ON o.id = a.organization_id "
                  "WHERE a.case_id = %s", [d["sample_case"]]),
        ),
    ))  # fmt: skip
    latest_class = "c.latest_reply_class"
    out.append(timed(
        "filtered list: closed, class A (city)", page(clients["bench_staff_city"], "/suggestions/", {"state": "closed", "reply_class": "A"}),
        repeat=repeat,
        bare=lambda: (
            fetch(f"SELECT s.id, c.number, c.title, c.state FROM suggestions_suggestion s JOIN cases_case c ON c.id = s.case_id "
                  f"WHERE c.congress_id IN ({in_city}) AND c.state = 'closed' AND {latest_class} = 'A' "
                  f"ORDER BY c.created_at DESC, s.id DESC LIMIT 20", city_ids),
            fetch(f"SELECT COUNT(*) FROM suggestions_suggestion s JOIN cases_case c ON c.id = s.case_id "
                  f"WHERE c.congress_id IN ({in_city}) AND c.state = 'closed' AND {latest_class} = 'A'", city_ids),
        ),
        rows=table_rows,
    ))  # fmt: skip
    out.append(timed(
        "whole list, newest first (province)", page(clients["bench_staff_province"], "/suggestions/"), repeat=repeat,
        bare=lambda: (
            fetch(f"SELECT s.id, c.number, c.title, c.state FROM suggestions_suggestion s JOIN cases_case c ON c.id = s.case_id "
                  f"WHERE c.congress_id IN ({in_prov}) AND c.state <> 'draft' "
                  f"ORDER BY c.created_at DESC, s.id DESC LIMIT 20", prov_ids),
            fetch(f"SELECT COUNT(*) FROM cases_case c WHERE c.congress_id IN ({in_prov}) AND c.kind = 'suggestion' "
                  f"AND c.state <> 'draft'", prov_ids),
        ),
        rows=table_rows,
    ))  # fmt: skip
    out.append(timed(
        "a deputy's own list", page(clients["deputy"], "/suggestions/"), repeat=repeat,
        bare=lambda: fetch(
            "SELECT s.id, c.number, c.title, c.state FROM suggestions_suggestion s JOIN cases_case c ON c.id = s.case_id "
            "WHERE s.lead_user_id = %s ORDER BY c.created_at DESC, s.id DESC LIMIT 20", [d["deputy"].pk]),
        rows=table_rows,
    ))  # fmt: skip
    out.append(timed(
        "Chinese text search 停车 (city)", page(clients["bench_staff_city"], "/suggestions/", {"q": "停车"}), repeat=max(3, repeat // 4),
        bare=lambda: (
            fetch(f"SELECT s.id, c.number, c.title FROM suggestions_suggestion s JOIN cases_case c ON c.id = s.case_id "
                  f"WHERE c.congress_id IN ({in_city}) AND (c.title LIKE %s OR c.body LIKE %s) "
                  f"ORDER BY c.created_at DESC, s.id DESC LIMIT 20", (*city_ids, "%停车%", "%停车%")),
            fetch(f"SELECT COUNT(*) FROM cases_case c WHERE c.congress_id IN ({in_city}) AND c.kind = 'suggestion' "
                  f"AND (c.title LIKE %s OR c.body LIKE %s)", (*city_ids, "%停车%", "%停车%")),
        ),
        rows=table_rows,
        note="icontains over title and body: pg_trgm GIN indexes on PostgreSQL, a scan on SQLite",
    ))  # fmt: skip
    if os.environ.get("BENCH_LISTS_ONLY"):  # the lists, pages and floor only (issue 18's list half)
        return out + _query_growth(ctx, clients)
    scope = StatsScope(congress=d["province"], year=d["year"])
    out.append(timed(
        f"yearly statistics {d['year']} (province selector)", lambda: suggestion_statistics(scope), repeat=max(3, repeat // 4),
        bare=lambda: fetch(
            f"SELECT c.congress_id, c.state, COUNT(*) FROM cases_case c WHERE c.kind = 'suggestion' AND c.year = %s "
            f"AND c.congress_id IN ({in_prov}) GROUP BY c.congress_id, c.state", (d["year"], *prov_ids)),
        rows=lambda report: report.total.counts.received,
        note="bare SQL counts cases by state only; the selector also finds each case's first and latest reply and rating",
    ))  # fmt: skip
    out.append(timed(
        f"yearly statistics {d['year']} (province page)",
        page(clients["bench_staff_province"], "/suggestions/stats/", {"congress": d["province"].pk, "year": d["year"]}),
        repeat=max(3, repeat // 4),
    ))  # fmt: skip
    city_scope = StatsScope(congress=d["city"])
    city_cases = (
        Suggestion.objects.filter(case__congress_id__in=city_ids).exclude(case__state="draft").count()
    )
    out.append(timed(
        "Excel register export, 10,000 rows (city)", lambda: register_xlsx(city_scope, limit=10_000), repeat=max(3, repeat // 5),
        bare=lambda: fetch(
            f"SELECT c.number, c.title, c.state, c.submitted_at, c.assigned_at, c.due_at, c.closed_at, s.type, d.full_name, "
            f"(SELECT r.classification FROM cases_reply r WHERE r.case_id = c.id ORDER BY r.replied_at LIMIT 1), "
            f"(SELECT r.classification FROM cases_reply r WHERE r.case_id = c.id ORDER BY r.replied_at DESC LIMIT 1), "
            f"(SELECT g.value FROM cases_rating g WHERE g.case_id = c.id ORDER BY g.rated_at DESC LIMIT 1), "
            f"(SELECT o.name FROM cases_assignment a JOIN core_organization o ON o.id = a.organization_id WHERE a.case_id = c.id "
            f"AND a.role = 'lead' LIMIT 1) "
            f"FROM cases_case c JOIN suggestions_suggestion s ON s.case_id = c.id "
            f"JOIN deputies_deputymandate m ON m.id = s.lead_mandate_id JOIN deputies_deputy d ON d.id = m.deputy_id "
            f"WHERE c.congress_id IN ({in_city}) AND c.state <> 'draft' ORDER BY c.congress_id, c.year, c.serial LIMIT 10000",
            city_ids),
        rows=lambda content: min(10_000, city_cases),
    ))  # fmt: skip
    out += _query_growth(ctx, clients)
    return out


def _floor(ctx: Context, clients: dict[str, Any]) -> list[Measurement]:
    """The fixed cost of a signed-in page: a page with nothing on it (the 404 page, through every
    middleware), and whether a GET writes the session row (the idle timer's last activity)."""
    import logging

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = clients["bench_staff_city"]
    logging.getLogger("django.request").setLevel(logging.ERROR)  # no "Not Found" line per run

    def empty():
        resp = client.get("/no-such-page/", secure=True)
        assert resp.status_code == 404, resp.status_code
        return resp

    empty()
    with CaptureQueriesContext(connection) as q:
        empty()
    writes = [
        x["sql"] for x in q.captured_queries if x["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    ]
    ctx.data.setdefault("summary", {})["writes per signed-in GET"] = (
        f"{len(writes)} ({', '.join(w[:40] for w in writes) or 'none'})"
    )
    return [
        timed("signed-in empty page (404)", empty, repeat=max(ctx.repeat, 20), bare=lambda: fetch("SELECT 1"))
    ]


def _query_growth(ctx: Context, clients: dict[str, Any]) -> list[Measurement]:
    """Does a page's query count grow with the rows it shows? Compare a small and a large result."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    checks = [
        ("list page: 1 row vs 20 rows", "bench_staff_city", "/suggestions/", {"q": "JY0000-99999"}, {}),
        ("stats page: county vs province", "bench_staff_province", "/suggestions/stats/",
         {"congress": ctx.data["county"].pk}, {"congress": ctx.data["province"].pk}),
    ]  # fmt: skip
    found = ctx.data.setdefault("summary", {})
    for label, who, url, small, large in checks:
        counts = []
        for params in (small, large):
            with CaptureQueriesContext(connection) as q:
                clients[who].get(url, params, secure=True)
            counts.append(len(q.captured_queries))
        found[f"query count, {label}"] = f"{counts[0]} → {counts[1]}" + (
            " (grows!)" if counts[1] > counts[0] + 2 else " (constant)"
        )
    return []
