"""Build the demo county in the database: idempotent, deterministic, one transaction.

The loader is the bootstrap: it runs before any account exists, so it writes rows with the models
directly instead of through the services (which need an acting administrator). It records one
audit event, ``demo.load``, when it created anything.
"""

from __future__ import annotations

import datetime
import time
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import models, transaction

from renda.audit.services import record_event
from renda.core import clock
from renda.core.choices import CongressLevel, OrganizationKind
from renda.core.models import Congress, Membership, Organization, Session, Term, User

from .accounts import ACCOUNTS, TOTP_DEVICE_NAME
from .names import FIXED_PEOPLE
from .plan import TOWNSHIP_GROUPS, DemoPlan, build_plan, county_group_name, station_for
from .units import (
    CITY_CONGRESS,
    COMMITTEES,
    CONGRESS_OFFICE,
    COUNTY_CONGRESS,
    DEPARTMENTS,
    GOVERNMENT,
    SESSIONS,
    SIBLING_CONGRESS,
    STANDING_COMMITTEE,
    STATIONED_TOWNSHIPS,
    SUPERVISED,
    TERM_END,
    TERM_NUMBER,
    TERM_START,
    TOWNSHIPS,
)


def township_congress_name(township: str) -> str:
    return f"{township}人大"


def station_name(township: str) -> str:
    return f"{township}人大代表联络站"


def demo_loaded() -> bool:
    return Congress.objects.filter(name=COUNTY_CONGRESS).exists()


@dataclass
class LoadResult:
    created: Counter = field(default_factory=Counter)
    seconds: float = 0.0
    skipped: bool = False

    @property
    def changed(self) -> bool:
        return sum(self.created.values()) > 0


class _Loader:
    def __init__(self, plan: DemoPlan) -> None:
        self.plan = plan
        self.created: Counter = Counter()
        self.orgs: dict[tuple[int, str], Organization] = {}

    # --- helpers -------------------------------------------------------------------------------

    def _get_or_create(self, model: type[models.Model], label: str, defaults: dict[str, Any], **lookup: Any):
        obj, created = model.objects.get_or_create(defaults=defaults, **lookup)
        if created:
            self.created[label] += 1
        return obj

    def congress(
        self, name: str, region: str, level: str, parent: Congress | None, code: str = ""
    ) -> Congress:
        return self._get_or_create(
            Congress,
            "congresses",
            {"region_name": region, "level": level, "parent": parent, "region_code": code},
            name=name,
        )

    def term(self, congress: Congress) -> Term:
        return self._get_or_create(
            Term,
            "terms",
            {"start_year": TERM_START, "end_year": TERM_END, "is_current": True},
            congress=congress,
            number=TERM_NUMBER,
        )

    def sessions(self, term: Term, *, township: bool = False) -> None:
        for number, year, month, day, days in SESSIONS:
            # Township congresses meet a few days before the county congress.
            start = datetime.date(year, month, day) - datetime.timedelta(days=6 if township else 0)
            end = start + datetime.timedelta(days=(1 if township else days - 1))
            self._get_or_create(
                Session, "sessions", {"start_date": start, "end_date": end}, term=term, number=number
            )

    def org(
        self,
        congress: Congress,
        name: str,
        kind: str,
        *,
        parent: Organization | None = None,
        short_name: str = "",
        sort_order: int = 100,
        **extra: Any,
    ) -> Organization:
        org = self._get_or_create(
            Organization,
            "organizations",
            {"kind": kind, "parent": parent, "short_name": short_name, "sort_order": sort_order, **extra},
            congress=congress,
            name=name,
        )
        self.orgs[(congress.pk, name)] = org
        return org

    # --- the tree ------------------------------------------------------------------------------

    def build_tenancy(self) -> None:
        city = self.congress(CITY_CONGRESS, "示例市", CongressLevel.CITY, None, "620700")
        self.city = city
        self.sessions(self.term(city))
        city_sc = self.org(city, "示例市人大常务委员会", OrganizationKind.STANDING_COMMITTEE, sort_order=1)
        self.org(city, "示例市人大常委会办公室", OrganizationKind.CONGRESS_OFFICE, sort_order=2)
        self.org(
            city,
            "示例市人大常委会代表工作委员会",
            OrganizationKind.COMMITTEE,
            parent=city_sc,
            short_name="代表工委",
            sort_order=3,
        )
        self.org(city, "示例市人民政府", OrganizationKind.GOVERNMENT, short_name="市政府", sort_order=10)

        county = self.congress(COUNTY_CONGRESS, "示例县", CongressLevel.COUNTY, city, "620721")
        self.county = county
        self.county_term = self.term(county)
        self.sessions(self.county_term)
        sc = self.org(
            county,
            STANDING_COMMITTEE[0],
            OrganizationKind.STANDING_COMMITTEE,
            short_name=STANDING_COMMITTEE[1],
            sort_order=1,
            address="示例县城关镇人民路1号",
            phone="0936-6612001",
        )
        self.org(
            county,
            CONGRESS_OFFICE[0],
            OrganizationKind.CONGRESS_OFFICE,
            short_name=CONGRESS_OFFICE[1],
            sort_order=2,
            address="示例县城关镇人民路1号",
            phone="0936-6612002",
        )
        for position, (name, short) in enumerate(COMMITTEES):
            self.org(
                county,
                name,
                OrganizationKind.COMMITTEE,
                parent=sc,
                short_name=short,
                sort_order=10 + position,
            )
        government = self.org(
            county,
            GOVERNMENT[0],
            OrganizationKind.GOVERNMENT,
            short_name=GOVERNMENT[1],
            sort_order=100,
            address="示例县城关镇人民路8号",
            phone="0936-6612100",
        )
        for position, name in enumerate(DEPARTMENTS):
            self.org(
                county,
                name,
                OrganizationKind.GOVERNMENT_DEPARTMENT,
                parent=government,
                short_name=name.removeprefix("县"),
                sort_order=200 + position,
                phone=f"0936-66{13 + position // 10}{position % 10}{position:02d}",
            )
        for position, (name, short, kind) in enumerate(SUPERVISED):
            self.org(county, name, kind, short_name=short, sort_order=150 + position)

        self.townships: list[Organization] = []
        self.stations: list[Organization] = []
        self.township_congresses: list[Congress] = []
        self.township_terms: list[Term] = []
        for position, (township, street) in enumerate(TOWNSHIPS):
            self.townships.append(
                self.org(
                    county,
                    township,
                    OrganizationKind.TOWNSHIP,
                    short_name=township,
                    sort_order=400 + position,
                    address=f"示例县{township}{street}1号",
                )
            )
            tcongress = self.congress(
                township_congress_name(township), f"示例县{township}", CongressLevel.TOWNSHIP, county
            )
            self.township_congresses.append(tcongress)
            self.org(tcongress, f"{township}人大主席团", OrganizationKind.PRESIDIUM, sort_order=1)
            tterm = self.term(tcongress)
            self.township_terms.append(tterm)
            self.sessions(tterm, township=True)
        for position in range(STATIONED_TOWNSHIPS):
            township, street = TOWNSHIPS[position]
            person, phone = self.plan.station_people[position]
            self.stations.append(
                self.org(
                    county,
                    station_name(township),
                    OrganizationKind.LIAISON_STATION,
                    short_name=f"{township}联络站",
                    sort_order=600 + position,
                    address=f"示例县{township}{street}{12 + position * 3}号便民服务中心二楼",
                    responsible_person=person,
                    phone=phone,
                )
            )

        sibling = self.congress(SIBLING_CONGRESS, "邻县", CongressLevel.COUNTY, city, "620722")
        self.sibling = sibling
        self.sessions(self.term(sibling))
        sibling_sc = self.org(
            sibling, "邻县人大常务委员会", OrganizationKind.STANDING_COMMITTEE, sort_order=1
        )
        self.org(sibling, "邻县人大常委会办公室", OrganizationKind.CONGRESS_OFFICE, sort_order=2)
        self.org(
            sibling,
            "邻县人大常委会代表工作委员会",
            OrganizationKind.COMMITTEE,
            parent=sibling_sc,
            short_name="代表工委",
            sort_order=3,
        )
        sibling_gov = self.org(sibling, "邻县人民政府", OrganizationKind.GOVERNMENT, sort_order=100)
        for position, name in enumerate(["县教育局", "县交通运输局", "县卫生健康局"]):
            self.org(
                sibling,
                name,
                OrganizationKind.GOVERNMENT_DEPARTMENT,
                parent=sibling_gov,
                sort_order=200 + position,
            )

    # --- deputies ------------------------------------------------------------------------------

    def build_deputies(self) -> None:
        from renda.deputies.models import Deputy, DeputyGroup, DeputyMandate

        county = self.county
        groups: dict[tuple[int, str], DeputyGroup] = {}
        for position, township in enumerate(self.townships):
            name = county_group_name(township.name)
            groups[(county.pk, name)] = self._get_or_create(
                DeputyGroup,
                "deputy_groups",
                {"area": township, "sort_order": position + 1},
                congress=county,
                name=name,
            )
            tcongress = self.township_congresses[position]
            for order, group_name in enumerate(TOWNSHIP_GROUPS):
                groups[(tcongress.pk, group_name)] = self._get_or_create(
                    DeputyGroup,
                    "deputy_groups",
                    {"sort_order": order + 1},
                    congress=tcongress,
                    name=group_name,
                )

        # Persons: keyed by (name, birth date), which the plan keeps unique.
        keys = {p.key for p in self.plan.persons}
        names = {k[0] for k in keys}
        existing = {
            (d.full_name, d.birth_date): d.pk
            for d in Deputy.objects.filter(full_name__in=names).only("pk", "full_name", "birth_date")
        }
        missing = [p for p in self.plan.persons if p.key not in existing]
        if missing:
            Deputy.objects.bulk_create(
                [
                    Deputy(
                        full_name=p.full_name,
                        gender=p.gender,
                        ethnicity=p.ethnicity,
                        birth_date=p.birth_date,
                        party=p.party,
                        education=p.education,
                        occupation=p.occupation,
                        phone=p.phone,
                    )
                    for p in missing
                ],
                batch_size=500,
            )
            self.created["deputies"] += len(missing)
            existing = {
                (d.full_name, d.birth_date): d.pk
                for d in Deputy.objects.filter(full_name__in=names).only("pk", "full_name", "birth_date")
            }
        self.deputy_ids = existing

        congress_ids = [county.pk, *(c.pk for c in self.township_congresses)]
        present = set(
            DeputyMandate.objects.filter(congress_id__in=congress_ids, ended_on__isnull=True).values_list(
                "deputy_id", "congress_id", "term_id"
            )
        )
        new: list[DeputyMandate] = []
        for m in self.plan.mandates:
            if m.level == "county":
                congress, term = county, self.county_term
            else:
                congress = self.township_congresses[m.township_index]
                term = self.township_terms[m.township_index]
            deputy_id = existing[m.person.key]
            if (deputy_id, congress.pk, term.pk) in present:
                continue
            present.add((deputy_id, congress.pk, term.pk))
            new.append(
                DeputyMandate(
                    deputy_id=deputy_id,
                    congress=congress,
                    term=term,
                    constituency=m.constituency,
                    delegation=m.delegation,
                    group=groups[(congress.pk, m.group)],
                    station=self.stations[station_for(m.township_index)],
                    occupation_category=m.category,
                    is_grassroots=m.is_grassroots,
                    is_reelected=m.is_reelected,
                    is_standing_committee_member=m.is_standing_committee_member,
                    is_full_time=m.is_full_time,
                    started_on=m.started_on,
                )
            )
        if new:
            DeputyMandate.objects.bulk_create(new, batch_size=500)
            self.created["mandates"] += len(new)

    # --- accounts ------------------------------------------------------------------------------

    def build_accounts(self) -> None:
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from renda.deputies.models import Deputy

        congresses = {c.name: c for c in Congress.objects.filter(name__in={a.congress for a in ACCOUNTS})}
        existing = {u.username: u for u in User.objects.filter(username__in=[a.username for a in ACCOUNTS])}
        password_hash: str | None = None
        now = clock.now()
        for account in ACCOUNTS:
            deputy = None
            if account.deputy_index is not None:
                person = self.plan.login_deputies[account.deputy_index]
                deputy = Deputy.objects.get(pk=self.deputy_ids[person.key])
            user = existing.get(account.username)
            if user is None:
                if password_hash is None:
                    # One hash for the shared demo password: hashing it a dozen times would cost
                    # seconds and protect nothing, since the password is printed for everyone.
                    password_hash = make_password(settings.RENDA["DEMO_PASSWORD"])
                user = User.objects.create(
                    username=account.username,
                    full_name=deputy.full_name if deputy else FIXED_PEOPLE[account.username],
                    phone=deputy.phone if deputy else "",
                    password=password_hash,
                    must_change_password=False,
                    password_changed_at=now,
                )
                self.created["users"] += 1
            organization = Organization.objects.get(
                congress=congresses[account.congress], name=account.organization
            )
            self._get_or_create(
                Membership,
                "memberships",
                {"title": account.title},
                user=user,
                organization=organization,
                role=account.role,
            )
            if (
                deputy is not None
                and deputy.user_id is None
                and not Deputy.objects.filter(user=user).exists()
            ):
                deputy.user = user
                deputy.save(update_fields=["user"])
                self.created["deputy_links"] += 1
            if account.totp_base32:
                self._get_or_create(
                    TOTPDevice,
                    "totp_devices",
                    {"key": account.totp_hex, "confirmed": True},
                    user=user,
                    name=TOTP_DEVICE_NAME,
                )


def load_demo(*, if_empty: bool = False) -> LoadResult:
    """Create whatever of the demo county is missing; return what was created and how long it took."""
    started = time.monotonic()
    if if_empty and demo_loaded():
        return LoadResult(skipped=True, seconds=time.monotonic() - started)
    plan = build_plan()
    with transaction.atomic():
        loader = _Loader(plan)
        loader.build_tenancy()
        loader.build_deputies()
        loader.build_accounts()
        if loader.created:
            record_event(
                actor=None,
                actor_name="load_demo",
                action="demo.load",
                target=loader.county,
                congress=loader.county,
                after=dict(sorted(loader.created.items())),
            )
    return LoadResult(created=loader.created, seconds=time.monotonic() - started)
