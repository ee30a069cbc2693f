"""The elections of the demo county (示例县): a by-election (补选) of the current term, run through
``renda.elections`` services from start to finish, at its own past dates (the demo clock).

Story: a deputy of 城关镇第3选区 left the county in spring 2026; the standing committee set a
by-election for 16 June 2026. The election committee registers 60 voters (one of them a migrant with
the certificate of her home constituency), publishes the register on 27 May, decides an appeal
(a young man omitted, upheld and registered), two people are nominated (one by the party committee,
one jointly by 12 voters), the final list is published on 9 June, two tellers count 52 ballots and
the winner is reviewed and seated in the deputies register. Idempotent: skipped once it exists.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db import transaction
from django.utils import timezone

from .suggestions import demo_clock
from .units import COUNTY_CONGRESS

NAME = "示例县第十八届人大代表补选(城关镇第3选区)"
DAY = dt.date(2026, 6, 16)
SURNAMES = "王李张刘陈杨赵黄周吴徐孙胡朱高林何郭马罗"
GIVEN = ["建华", "秀英", "志强", "桂兰", "海燕", "国庆", "玉梅", "春生", "丽娟", "德明", "晓东", "红霞"]


def _id(seq: int, born: dt.date, male: bool) -> str:
    from renda.deputies.identity import check_digit

    first17 = f"620102{born:%Y%m%d}{(seq % 400) * 2 + (1 if male else 0):03d}"
    return first17 + check_digit(first17)


def load_elections_demo() -> dict[str, int]:
    from renda.core.models import Congress, Term, User
    from renda.elections import ballot, candidates, records, register, review, services
    from renda.elections.models import Election

    counts: Counter = Counter({"elections": 0, "voters": 0})
    county = Congress.objects.filter(name=COUNTY_CONGRESS).first()
    staff = User.objects.filter(username="staff").first()
    leader = User.objects.filter(username="leader").first()
    term = Term.objects.filter(congress=county, is_current=True).first() if county else None
    if county is None or staff is None or leader is None or term is None:
        return dict(counts)
    if Election.objects.filter(congress=county, name=NAME).exists():
        return dict(counts)
    zone = timezone.get_default_timezone()

    def at(day: dt.date, hour: int = 10) -> dt.datetime:
        return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)), zone)

    with demo_clock() as clock, transaction.atomic():
        clock.set(at(dt.date(2026, 4, 20)))
        election = services.election_create(actor=staff, congress=county, term=term, name=NAME, election_day=DAY,
                                             kind="by_election")  # fmt: skip
        services.committee_member_add(actor=staff, election=election, full_name="王建国", post="chair",
                                      appointed_on=dt.date(2026, 4, 18), appointed_by="示例县人大常委会", user=leader)  # fmt: skip
        services.committee_member_add(actor=staff, election=election, full_name="李明", post="member",
                                      appointed_on=dt.date(2026, 4, 18), appointed_by="示例县人大常委会", user=staff)  # fmt: skip
        c = services.constituency_save(actor=staff, election=election, name="城关镇第3选区", kind="township",
                                       area="城关镇东关社区、西关社区", population=3200, seats=1)  # fmt: skip
        clock.set(at(dt.date(2026, 5, 12)))
        voters = []
        for i in range(60):
            name = SURNAMES[i % len(SURNAMES)] + GIVEN[i % len(GIVEN)]
            born = dt.date(1950 + i % 50, 1 + i % 12, 1 + i % 27)
            extra = (
                {"is_migrant": True, "migrant_certificate": "甘肃省某县城关镇第2选区选民资格证明"}
                if i == 7
                else {}
            )
            voters.append(register.voter_add(actor=staff, election=election, constituency=c, full_name=name,
                                             id_number=_id(i, born, i % 2 == 0), address=f"城关镇东关社区{i + 1}号",
                                             **extra))  # fmt: skip
        register.voter_exclude(
            actor=staff, voter=voters[59], reason="deprived", note="(2025)示刑初字第12号判决"
        )
        counts["voters"] = 59
        clock.set(at(dt.date(2026, 5, 27)))
        register.register_publish(actor=staff, election=election)
        clock.set(at(dt.date(2026, 5, 29)))
        appeal = register.appeal_file(actor=staff, election=election, constituency=c, appellant="郭晓东", kind="omitted",
                                      subject_name="郭晓东", claim="本人今年3月年满十八周岁,户籍在东关社区,名单上没有。")  # fmt: skip
        clock.set(at(dt.date(2026, 5, 31)))
        register.appeal_decide(actor=staff, appeal=appeal, decision="upheld", decision_text="经核实户籍,符合登记条件,予以补登。",
                               id_number=_id(77, dt.date(2008, 3, 2), True), address="城关镇东关社区88号")  # fmt: skip
        clock.set(at(dt.date(2026, 5, 31), 15))
        first = candidates.candidate_nominate(
            actor=staff, election=election, constituency=c, full_name="马玉梅", gender="female",
            birth_date=dt.date(1982, 4, 9), party="cpc", occupation="城关镇东关社区党委书记", occupation_category="farmer",
            nominator_kind="party", nominating_body="中共示例县城关镇委员会", id_number=_id(201, dt.date(1982, 4, 9), False),
        )  # fmt: skip
        candidates.candidate_nominate(
            actor=staff, election=election, constituency=c, full_name="孙德明", gender="male",
            birth_date=dt.date(1975, 10, 2), party="masses", occupation="示例县东关农机合作社技术员",
            occupation_category="technical", nominator_kind="voters",
            signer_id_numbers=[v.id_number for v in voters[:12]], id_number=_id(202, dt.date(1975, 10, 2), True),
        )  # fmt: skip
        clock.set(at(dt.date(2026, 6, 1)))
        candidates.preliminary_publish(actor=staff, election=election)
        clock.set(at(dt.date(2026, 6, 4), 16))
        second = election.candidates.exclude(pk=first.pk).get()
        records.consultation_record(
            actor=staff, constituency=c, form="consultation", held_on=dt.date(2026, 6, 4),
            participants="东关社区、西关社区各选民小组组长及选民代表", participant_count=26,
            summary="两个选民小组分别酝酿讨论后集中协商,较多数选民同意两名初步候选人均列为正式候选人。",
            outcomes={first.pk: "supported", second.pk: "supported"},
            notes={second.pk: "联名推荐的选民代表介绍了其在农机合作社的工作"},
        )  # fmt: skip
        clock.set(at(dt.date(2026, 6, 9)))
        candidates.final_publish(actor=staff, election=election,
                                 formal_ids=list(election.candidates.values_list("pk", flat=True)))  # fmt: skip
        ballot.station_save(actor=staff, constituency=c, name="东关社区投票站")
        box = ballot.station_save(actor=staff, constituency=c, name="流动票箱", kind="mobile")
        ballot.proxy_register(
            actor=staff, principal=voters[3], proxy=voters[4], written_on=dt.date(2026, 6, 12)
        )
        clock.set(at(DAY, 9))
        station = c.stations.get(name="东关社区投票站")
        rnd = ballot.round_open(actor=staff, constituency=c)
        ballot.station_ballots(actor=staff, station=station, issued=48, returned=47)
        ballot.station_ballots(actor=staff, station=box, issued=5, returned=5)
        other = rnd.candidates.exclude(pk=first.pk).get()
        votes = {first.pk: 34, other.pk: 17}
        clock.set(at(DAY, 18))
        ballot.tally_enter(actor=staff, round=rnd, teller=1, voted=52, ballots_cast=52, votes=votes)
        ballot.tally_enter(actor=leader, round=rnd, teller=2, voted=52, ballots_cast=52, votes=votes)
        clock.set(at(dt.date(2026, 6, 17)))
        ballot.results_publish(actor=staff, election=election)
        clock.set(at(dt.date(2026, 6, 24)))
        first.refresh_from_db()
        review.candidate_review(
            actor=staff, candidate=first, state="confirmed", note="经审查,选举符合法律规定,代表资格有效。"
        )
        records.review_report_save(
            actor=staff, election=election, adopted_on=dt.date(2026, 6, 24),
            text="示例县人大常委会代表资格审查委员会对城关镇第3选区补选产生的代表马玉梅的资格进行了审查。"
                 "该选区登记选民60名,参加投票52人,超过选民半数,选举有效;马玉梅获得34票,超过所投选票的半数,"
                 "当选。选举程序符合选举法的规定,确认马玉梅的代表资格有效。",
        )  # fmt: skip
        counts["elections"] = 1
    clock.release()
    return dict(counts)
