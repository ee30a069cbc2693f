"""Deputies at province size: 200,000 mandates in 100 county congresses and 5,000,000 activity
participations (× --scale). Measures a deputy's record page, a congress's ranking, the composition
statistics and a 5,000-row roster import (check + import, rolled back after each run)."""

from __future__ import annotations

import datetime as dt
import random
import time
from typing import Any

from bench.common import Context, Inserter, Measurement, fetch, next_id, reset_sequences
from bench.common import measure as timed

MARK = "基准代表省人大"
FULL_MANDATES = 200_000
FULL_PARTICIPATIONS = 5_000_000
COUNTIES = 100
KINDS = ["plenary", "sc_meeting", "inspection", "research", "law_enforcement", "reception", "group_activity",
         "training", "voter_report", "mediation", "charity", "suggestion_submitted", "suggestion_cosigned"]  # fmt: skip
POINTS = {"plenary": 10, "sc_meeting": 5, "inspection": 4, "research": 4, "law_enforcement": 5, "reception": 3,
          "group_activity": 2, "training": 3, "voter_report": 5, "mediation": 2, "charity": 2,
          "suggestion_submitted": 5, "suggestion_cosigned": 2}  # fmt: skip


def populate(ctx: Context) -> None:
    from renda.core.models import Congress
    from renda.deputies.models import DeputyMandate

    n_m = max(int(FULL_MANDATES * ctx.scale), COUNTIES * 10)
    n_p = max(int(FULL_PARTICIPATIONS * ctx.scale), n_m)
    province = Congress.objects.filter(name=MARK).first()
    if province is not None:
        have = DeputyMandate.objects.filter(congress__parent=province).count()
        if abs(have - n_m) <= n_m * 0.05:
            print(f"  reusing {have:,} mandates")
            _context(ctx)
            return
        raise SystemExit("the bench database holds another deputies scale: run with --fresh")
    _generate(n_m, n_p)
    _context(ctx)


def _generate(n_m: int, n_p: int) -> None:
    from django.db import transaction

    from renda.core.choices import CongressLevel, OrganizationKind, Role
    from renda.core.models import Congress, Membership, Organization, Term, User
    from renda.deputies import points
    from renda.deputies.models import Deputy, DeputyGroup, DeputyMandate
    from renda.deputies.records import Activity, ActivityParticipation

    r = random.Random(20240601)  # noqa: S311 - test data
    t0 = time.perf_counter()
    with transaction.atomic():
        province = Congress.objects.create(name=MARK, region_name="基准省", level=CongressLevel.PROVINCE)
        counties, terms, groups = [], [], {}
        for i in range(COUNTIES):
            c = Congress.objects.create(
                name=f"基准县{i:03d}人大",
                region_name=f"基准县{i:03d}",
                level=CongressLevel.COUNTY,
                parent=province,
            )
            counties.append(c)
            terms.append(
                Term.objects.create(congress=c, number=18, start_year=2021, end_year=2026, is_current=True)
            )
            groups[c.pk] = [
                DeputyGroup.objects.create(congress=c, name=f"第{g + 1}代表小组", sort_order=g).pk
                for g in range(20)
            ]
        org = Organization.objects.create(
            congress=counties[0], name="基准县000人大代表工委", kind=OrganizationKind.COMMITTEE
        )
        user = User.objects.create_user(username="bench_dep_staff", password="x" * 20)
        Membership.objects.create(user=user, organization=org, role=Role.STAFF)
        per = n_m // COUNTIES
        d0 = next_id(Deputy)
        cats = ["worker", "farmer", "technical", "civil_servant", "business", "other"]
        Inserter(Deputy, ["full_name", "gender", "ethnicity", "birth_date", "party", "education", "occupation", "phone",
                          "has_fixed_income"]).insert(
            (d0 + k, f"代表{k}", "female" if k % 3 == 0 else "male", "汉族" if k % 7 else "回族",
             dt.date(1955 + k % 45, 1 + k % 12, 1 + k % 28), "cpc" if k % 2 else "masses", "bachelor", "单位", "",
             bool(k % 5)) for k in range(per * COUNTIES)
        )  # fmt: skip
        m0 = next_id(DeputyMandate)
        mandate_rows = []
        for ci, c in enumerate(counties):
            for j in range(per):
                k = ci * per + j
                mandate_rows.append((m0 + k, d0 + k, c.pk, terms[ci].pk, f"第{j % 40 + 1}选区", "", groups[c.pk][j % 20],
                                     None, cats[k % 6], k % 6 < 3, k % 4 == 0, k % 12 == 0, j < 40, j < 25, j < 8,
                                     k % 9 == 0, "", dt.date(2021, 1, 12)))  # fmt: skip
        Inserter(DeputyMandate, ["deputy_id", "congress_id", "term_id", "constituency", "delegation", "group_id",
                                 "station_id", "occupation_category", "is_grassroots", "is_reelected",
                                 "nominated_by_committee", "is_standing_committee_member", "is_full_time",
                                 "has_legal_practice", "holds_leadership_post", "sc_position", "started_on"]).insert(mandate_rows)  # fmt: skip
        print(f"  {len(mandate_rows):,} mandates in {time.perf_counter() - t0:.1f} s")
        # Activities: ~ one per 20 participations, spread over the counties and the years 2021–2025.
        n_act = max(n_p // 20, COUNTIES * 20)
        a0 = next_id(Activity)
        acts = []
        for k in range(n_act):
            c = counties[k % COUNTIES]
            kind = KINDS[k % len(KINDS)]
            day = dt.date(2021, 1, 1) + dt.timedelta(days=r.randrange(0, 5 * 365))
            acts.append((a0 + k, c.pk, kind, f"活动{k}", day, "", kind == "sc_meeting", "", "", 0, False, ""))
        Inserter(Activity, ["congress_id", "kind", "title", "occurred_on", "organiser", "organised_by_committee", "place",
                            "description", "hours", "is_initial_training", "source_key"]).insert(acts)  # fmt: skip
        by_county: dict[int, list[tuple[int, str, int]]] = {}
        for a in acts:
            by_county.setdefault(a[1], []).append((a[0], a[2], a[4].year))
        p0 = next_id(ActivityParticipation)

        def rows():
            k = 0
            for ci, c in enumerate(counties):
                c_acts = by_county[c.pk]
                # at most half the (activity, mandate) pairs of the county, so that drawing distinct
                # pairs at random always ends (at --scale 0.002 a county has 10 mandates)
                quota = min(n_p // COUNTIES, len(c_acts) * per // 2)
                seen: set[tuple[int, int]] = set()
                while len(seen) < quota:
                    aid, kind, year = c_acts[r.randrange(len(c_acts))]
                    mid = m0 + ci * per + r.randrange(per)
                    if (aid, mid) in seen:
                        continue
                    seen.add((aid, mid))
                    absent = kind == "plenary" and r.random() < 0.03
                    yield (p0 + k, aid, mid, "sign_in", "verified", "absent_without_leave" if absent else "present",
                           year, -10 if absent else POINTS[kind], "")  # fmt: skip
                    k += 1

        n = Inserter(ActivityParticipation, ["activity_id", "mandate_id", "source", "verification", "attendance", "year",
                                             "points", "note"]).insert(rows())  # fmt: skip
        print(f"  {n:,} participations in {time.perf_counter() - t0:.1f} s")
        reset_sequences([Deputy, DeputyMandate, Activity, ActivityParticipation])
        from django.db import connection

        with connection.cursor() as cur:
            # the rebuild's joins need the planner to know the new rows (PostgreSQL: > 20 s a county
            # without it)
            cur.execute("ANALYZE")
        print(f"  ANALYZE done at {time.perf_counter() - t0:.1f} s")
        for c in counties:
            points.rebuild_balances(c.pk)
        print(f"  balances rebuilt in {time.perf_counter() - t0:.1f} s")


def _context(ctx: Context) -> None:
    from renda.core.models import Congress, User
    from renda.deputies.models import DeputyMandate
    from renda.deputies.records import ActivityParticipation

    county = Congress.objects.get(name="基准县000人大")
    busiest = (
        ActivityParticipation.objects.filter(mandate__congress=county).values("mandate_id").order_by()
    ).first()["mandate_id"]
    ctx.data["dep"] = {"county": county, "mandate": DeputyMandate.objects.get(pk=busiest),
                       "staff": User.objects.get(username="bench_dep_staff")}  # fmt: skip
    s = ctx.data.setdefault("summary", {})
    s["deputy mandates in the database"] = f"{DeputyMandate.objects.count():,}"
    s["activity participations in the database"] = f"{ActivityParticipation.objects.count():,}"


def _roster_table(n: int) -> Any:
    from renda.deputies.identity import check_digit
    from renda.documents.excel import Row, Table

    rows = []
    for k in range(n):
        first = f"110105{1960 + k % 40}{1 + k % 12:02d}{1 + k % 28:02d}{k % 1000:03d}"
        rows.append(Row(number=k + 2, values={
            "full_name": f"导入代表{k}", "id_number": first + check_digit(first), "gender": "", "ethnicity": "汉族",
            "birth_date": "", "party": "群众", "education": "", "occupation": "", "phone": "", "constituency": "第1选区",
            "delegation": "", "group": "第1代表小组", "station": "", "occupation_category": "农民(牧民)",
            "is_grassroots": "", "is_reelected": "否", "nominated_by_committee": "", "is_standing_committee_member": "",
            "is_full_time": "", "has_legal_practice": "", "holds_leadership_post": "", "no_fixed_income": "",
            "started_on": "2021-01-12"}))  # fmt: skip
    return Table(rows=rows)


def measure(ctx: Context) -> list[Measurement]:
    from django.db import transaction
    from django.test import Client

    from renda.deputies import roster, selectors

    d = ctx.data["dep"]
    county, mandate, staff = d["county"], d["mandate"], d["staff"]
    client = Client()
    client.force_login(staff)
    repeat = ctx.repeat

    def page(url: str):
        def run():
            resp = client.get(url, secure=True)
            assert resp.status_code == 200, (url, resp.status_code)
            return resp

        return run

    out = [
        timed("deputy record page", page(f"/deputies/{mandate.pk}/"), repeat=repeat, bare=lambda: (
            fetch("SELECT year, points, activities, absences FROM deputies_pointbalance WHERE mandate_id = %s ORDER BY year", [mandate.pk]),
            fetch("SELECT p.year, a.kind, COUNT(*) FROM deputies_activityparticipation p JOIN deputies_activity a ON a.id = p.activity_id "
                  "WHERE p.mandate_id = %s AND p.verification = 'verified' GROUP BY p.year, a.kind", [mandate.pk]),
            fetch("SELECT p.id, a.occurred_on, a.title FROM deputies_activityparticipation p JOIN deputies_activity a ON a.id = p.activity_id "
                  "WHERE p.mandate_id = %s ORDER BY a.occurred_on DESC LIMIT 200", [mandate.pk]),
        )),
        timed("ranking of a congress (page)", page(f"/deputies/ranking/?congress={county.pk}&year=2023"), repeat=repeat,
              bare=lambda: fetch(
                  "SELECT m.id, d.full_name, COALESCE(b.points, 0) p FROM deputies_deputymandate m JOIN deputies_deputy d ON d.id = m.deputy_id "
                  "LEFT JOIN deputies_pointbalance b ON b.mandate_id = m.id AND b.year = 2023 WHERE m.congress_id = %s AND m.ended_on IS NULL "
                  "ORDER BY p DESC", [county.pk]),
              rows=lambda resp: resp.content.count(b"<tr>") - 1),
        timed("composition statistics (selector)", lambda: selectors.composition(county, selectors.current_term(county)),
              repeat=repeat, bare=lambda: fetch(
                  "SELECT COUNT(*), SUM(CASE WHEN m.is_grassroots THEN 1 ELSE 0 END), SUM(CASE WHEN d.gender = 'female' THEN 1 ELSE 0 END), "
                  "SUM(CASE WHEN m.is_reelected THEN 1 ELSE 0 END) FROM deputies_deputymandate m "
                  "JOIN deputies_deputy d ON d.id = m.deputy_id WHERE m.congress_id = %s AND m.ended_on IS NULL", [county.pk])),
        timed("composition page (with R13/R14/R22/R23)", page(f"/deputies/composition/?congress={county.pk}"), repeat=repeat),
    ]  # fmt: skip
    term = selectors.current_term(county)
    table = _roster_table(5000)

    def import_5000():
        with transaction.atomic():
            check = roster.check_roster(actor=staff, term=term, table=table)
            assert check.ok, check.errors[:3]
            created = roster.roster_import(actor=staff, term=term, check=check)
            transaction.set_rollback(True)
        return created

    out.append(timed("roster import, 5,000 rows (check + import)", import_5000, repeat=max(3, repeat // 5),
                     rows=len, note="rolled back after each run"))  # fmt: skip
    return out
