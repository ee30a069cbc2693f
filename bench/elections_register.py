#!/usr/bin/env python
"""Benchmark (not a test) of the voter register at county scale: a generated file of 600,000 voters
in 250 constituencies imported through the real path (``renda.elections.register``: read the file,
check every row — identity check digit, age on election day, constituency, duplicates in the file and
against the register by keyed hash — then write all or nothing with each number encrypted), then
the duplicate check of a second file against the full register, the printable list of every
constituency (PDF), and the results roll-up.

    .venv/bin/python bench/elections_register.py                 # 600,000 voters, SQLite file in bench/.data
    .venv/bin/python bench/elections_register.py --rows 60000    # a tenth
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/bench_elections .venv/bin/python bench/elections_register.py --create-db --drop-db
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "src"), str(ROOT)]

CONSTITUENCIES = 250


def _id(seq: int) -> str:
    from renda.deputies.identity import check_digit

    born = dt.date(1940, 1, 1) + dt.timedelta(days=seq // 450)
    first17 = f"620102{born:%Y%m%d}{(seq % 450) * 2 + 1:03d}"
    return first17 + check_digit(first17)


def _csv(path: Path, start: int, rows: int) -> None:
    with open(path, "w", encoding="utf-8") as fh:
        fh.write("序号,姓名,公民身份号码,选区,现住址\n")
        for i in range(start, start + rows):
            fh.write(f"{i},选民{i},{_id(i)},第{i % CONSTITUENCIES + 1}选区,示例县某村{i % 900}号\n")


def _ms(values: list[float]) -> tuple[float, float]:
    ordered = sorted(values)
    return statistics.median(ordered), ordered[int(0.95 * (len(ordered) - 1))]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=600_000)
    parser.add_argument("--create-db", action="store_true")
    parser.add_argument("--drop-db", action="store_true")
    args = parser.parse_args(argv)
    from bench import common

    data = ROOT / "bench" / ".data"
    data.mkdir(exist_ok=True)
    url = os.environ.get("DATABASE_URL", "")
    if not url:
        db = data / f"bench-elections-{args.rows}.sqlite3"
        db.unlink(missing_ok=True)
        url = f"sqlite:///{db}"
        os.environ["DATABASE_URL"] = url
    elif args.create_db:
        common.prepare_database(url, create=True, fresh=True)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "renda.settings")
    os.environ.setdefault("DEBUG", "false")
    os.environ.setdefault("SECRET_KEY", "bench-only-not-secret-" + "x" * 40)
    os.environ.setdefault("RENDA_FIELD_KEY", "bench-only-field-key-" + "y" * 40)
    os.environ.setdefault("RENDA_AUDIT_KEY", "bench-only-audit-key-" + "z" * 40)
    os.environ.setdefault("ALLOWED_HOSTS", "testserver,localhost")
    os.environ.setdefault("MEDIA_ROOT", str(data / "media"))
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.MEDIA_ROOT = str(data / "media")
    call_command("migrate", verbosity=0)
    from renda.core import clock
    from renda.core.choices import OrganizationKind, Role
    from renda.core.models import Congress, Membership, Organization, Term, User
    from renda.documents import mapping as colmap
    from renda.elections import ballot, register, services
    from renda.elections.models import Constituency, Election

    print(f"database: {common.describe(url)}; {args.rows} voters in {CONSTITUENCIES} constituencies")
    congress = Congress.objects.create(name="基准县人大", region_name="基准县", level="county")
    term = Term.objects.create(congress=congress, number=19, start_year=2026, end_year=2031)
    office = Organization.objects.create(
        congress=congress, name="基准县人大常委会办公室", kind=OrganizationKind.CONGRESS_OFFICE
    )
    staff = User.objects.create_user(username="bench_staff", password="x" * 20)
    Membership.objects.create(user=staff, organization=office, role=Role.STAFF)
    day = clock.today() + dt.timedelta(days=60)
    election = services.election_create(
        actor=staff, congress=congress, term=term, name="基准选举", election_day=day
    )
    Constituency.objects.bulk_create([
        Constituency(election=election, name=f"第{i}选区", kind="village", population=args.rows * 13 // 10 // CONSTITUENCIES,
                     seats=1 + i % 3, sort_order=i)
        for i in range(1, CONSTITUENCIES + 1)
    ])  # fmt: skip
    source = data / "voters.csv"
    t0 = time.perf_counter()
    _csv(source, 0, args.rows)
    print(f"file generated in {time.perf_counter() - t0:.1f} s ({source.stat().st_size / 1e6:.0f} MB)")
    t0 = time.perf_counter()
    sheet = register.read_file(source)
    mapping = colmap.suggest(sheet.headings, register.FIELDS)
    read_s = time.perf_counter() - t0
    job = register.register_import_start(actor=staff, election=election, source=source, file_name="voters.csv",
                                         mapping=mapping, headings=sheet.headings)  # fmt: skip
    t0 = time.perf_counter()
    state = register.run_register_import(job.pk)
    total_s = time.perf_counter() - t0
    job.refresh_from_db()
    assert state == "done" and job.created_count == args.rows, (state, job.message)
    lines = [f"| register import (read, check, encrypt, write) | {args.rows} | {total_s:.1f} s | {args.rows / total_s:,.0f} rows/s |",
             f"| of which reading and mapping the CSV (measured apart) | {args.rows} | {read_s:.1f} s | {args.rows / read_s:,.0f} rows/s |"]  # fmt: skip
    # A second file: 10 % already registered elsewhere (duplicates), checked against the full register.
    dup_rows = max(args.rows // 10, 1000)
    dup = data / "voters2.csv"
    _csv(dup, args.rows - dup_rows // 10, dup_rows)
    table, _skipped = colmap.apply_mapping(register.read_file(dup), mapping, register.FIELDS)
    t0 = time.perf_counter()
    check = register.check_table(election, table)
    dup_s = time.perf_counter() - t0
    dup_times = [dup_s]
    dups = sum(1 for e in check.errors if "一人只能在一个选区登记" in e.message)
    lines.append(
        f"| duplicate check of a second file against the register | {dup_rows} | {dup_s:.1f} s | {dup_rows / dup_s:,.0f} rows/s ({dups} duplicates named) |"
    )
    for _ in range(2):  # two more runs of the duplicate check: a median and a 95th percentile of three
        t0 = time.perf_counter()
        register.check_table(election, table)
        dup_times.append(time.perf_counter() - t0)
    med, p95 = _ms([x * 1000 for x in dup_times])
    lines.append(f"| duplicate check, three runs | {dup_rows} | median {med:.0f} ms, p95 {p95:.0f} ms | |")
    times = []
    for c in election.constituencies.all()[:CONSTITUENCIES]:
        t0 = time.perf_counter()
        register.register_pdf(election, c)
        times.append((time.perf_counter() - t0) * 1000)
    med, p95 = _ms(times)
    lines.append(
        f"| PDF list of one constituency (~{args.rows // CONSTITUENCIES} names), all {len(times)} | — | median {med:.0f} ms, p95 {p95:.0f} ms | total {sum(times) / 1000:.1f} s |"
    )
    xlsx = []
    for c in list(election.constituencies.all())[:50]:
        t0 = time.perf_counter()
        register.register_xlsx(election, c)
        xlsx.append((time.perf_counter() - t0) * 1000)
    med, p95 = _ms(xlsx)
    lines.append(
        f"| Excel list of one constituency (masked), 50 of them | — | median {med:.0f} ms, p95 {p95:.0f} ms | |"
    )
    # Published, and one decided vote per constituency (two agreeing tallies), for the roll-ups.
    from renda.elections import public
    from renda.elections.models import Candidate, Round, Tally

    today = clock.today()
    Election.objects.filter(pk=election.pk).update(
        register_published_on=today, preliminary_published_on=today, final_published_on=today,
        results_published_on=today, state="reviewing",
    )  # fmt: skip
    items = list(election.constituencies.all())
    Candidate.objects.bulk_create([
        Candidate(election=election, constituency=c, full_name=f"{c.name}候选人{k}", gender="female" if k % 2 else "male",
                  occupation_category="farmer", nominator_kind="party", nominating_body="基准县委", stage="formal")
        for c in items for k in range(c.seats + 1)
    ])  # fmt: skip
    Round.objects.bulk_create([Round(constituency=c, number=1, seats=c.seats, state="decided", voters=args.rows // CONSTITUENCIES,
                                     voted=args.rows // CONSTITUENCIES * 9 // 10, ballots_cast=args.rows // CONSTITUENCIES * 9 // 10)
                               for c in items])  # fmt: skip
    rounds = {r.constituency_id: r for r in Round.objects.filter(constituency__election=election)}
    tallies, through = [], Round.candidates.through
    links = []
    for c in items:
        cands = list(c.candidates.order_by("pk"))
        r = rounds[c.pk]
        votes = {str(x.pk): r.voted - 10 * i for i, x in enumerate(cands)}
        links += [through(round_id=r.pk, candidate_id=x.pk) for x in cands]
        tallies += [Tally(round=r, teller=t, entered_by=staff, voted=r.voted, ballots_cast=r.ballots_cast, votes=votes)
                    for t in (1, 2)]  # fmt: skip
        Candidate.objects.filter(pk__in=[x.pk for x in cands[: c.seats]]).update(
            elected_round=r, elected_votes=r.voted
        )
    through.objects.bulk_create(links)
    Tally.objects.bulk_create(tallies)
    roll = []
    for _ in range(5):
        t0 = time.perf_counter()
        ballot.results(Election.objects.get(pk=election.pk))
        roll.append((time.perf_counter() - t0) * 1000)
    med, p95 = _ms(roll)
    lines.append(
        f"| results roll-up of {CONSTITUENCIES} constituencies (one decided vote each) | — | median {med:.0f} ms, p95 {p95:.0f} ms | |"
    )
    pages = []
    for c in items[:50]:
        t0 = time.perf_counter()
        public.masked(public.public_register(Election.objects.get(pk=election.pk), c)[:100])
        pages.append((time.perf_counter() - t0) * 1000)
    med, p95 = _ms(pages)
    lines.append(
        f"| public register page (100 masked names), 50 constituencies | — | median {med:.0f} ms, p95 {p95:.0f} ms | |"
    )
    print("| measurement | rows | time | rate |\n|---|---|---|---|")
    print("\n".join(lines))
    if args.drop_db and url.startswith("postgres"):
        from django.db import connections

        connections.close_all()
        common.drop_database(url)
    return 0


if __name__ == "__main__":
    sys.exit(main())
