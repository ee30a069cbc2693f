"""The demo county's people, drawn from a seeded random generator: the same plan on every run.

The plan is computed in memory, without the database, so that the loader can compare it with what
is already stored and create only what is missing (which makes ``load_demo`` idempotent).
"""

from __future__ import annotations

import datetime
import random
from dataclasses import dataclass, field

from .names import ETHNICITIES, FEMALE_GIVEN, MALE_GIVEN, MINORITY_SURNAMES, SURNAMES, TIBETAN_GIVEN
from .units import (
    DEPT_STEMS,
    OCCUPATIONS,
    OFFICES,
    PRODUCTS,
    SESSIONS,
    STATIONED_TOWNSHIPS,
    TOWNSHIPS,
    VILLAGE_STEMS,
    VILLAGE_SUFFIXES,
)

DEMO_SEED = 20210112

# County deputies per township (200 in all; the county seat elects the most).
COUNTY_SEATS = [36, 22, 20, 18, 18, 16, 14, 12, 12, 12, 10, 10]
TOWNSHIP_SEATS = 50  # deputies of each township congress
SHARED_PER_TOWNSHIP = 5  # county deputies of a township who also sit in its township congress
STANDING_COMMITTEE_MEMBERS = 15
FULL_TIME_MEMBERS = 5
TOWNSHIP_GROUPS = ["第一代表小组", "第二代表小组", "第三代表小组"]

COUNTY_CATEGORY_WEIGHTS = {
    "worker": 8,
    "farmer": 24,
    "technical": 16,
    "civil_servant": 30,
    "business": 10,
    "military": 2,
    "other": 10,
}
TOWNSHIP_CATEGORY_WEIGHTS = {
    "worker": 6,
    "farmer": 46,
    "technical": 14,
    "civil_servant": 16,
    "business": 9,
    "other": 9,
}
GRASSROOTS = {"worker", "farmer", "technical"}
PHONE_PREFIXES = ["133", "135", "136", "138", "139", "150", "151", "177", "180", "187", "189", "193"]

COUNTY_STARTED = datetime.date(SESSIONS[0][1], SESSIONS[0][2], SESSIONS[0][3])
TOWNSHIP_STARTED = datetime.date(2021, 1, 6)


@dataclass
class PersonPlan:
    full_name: str
    gender: str
    ethnicity: str
    birth_date: datetime.date
    party: str
    education: str
    occupation: str
    phone: str

    @property
    def key(self) -> tuple[str, datetime.date]:
        return (self.full_name, self.birth_date)


@dataclass
class MandatePlan:
    person: PersonPlan
    level: str  # "county" or "township"
    township_index: int
    constituency: str
    delegation: str
    group: str
    category: str
    is_reelected: bool
    is_standing_committee_member: bool = False
    is_full_time: bool = False

    @property
    def is_grassroots(self) -> bool:
        return self.category in GRASSROOTS

    @property
    def started_on(self) -> datetime.date:
        return COUNTY_STARTED if self.level == "county" else TOWNSHIP_STARTED


@dataclass
class DemoPlan:
    persons: list[PersonPlan] = field(default_factory=list)
    mandates: list[MandatePlan] = field(default_factory=list)
    # The persons the demo deputy logins are linked to (deputy, deputy2, deputy3).
    login_deputies: list[PersonPlan] = field(default_factory=list)
    station_people: list[tuple[str, str]] = field(default_factory=list)  # (responsible person, phone)


def station_for(township_index: int) -> int:
    """Index of the station serving a township (the last two share their neighbours')."""
    if township_index < STATIONED_TOWNSHIPS:
        return township_index
    return STATIONED_TOWNSHIPS - 1 - (township_index - STATIONED_TOWNSHIPS)


def county_group_name(township: str) -> str:
    return f"{township}代表小组"


class _Generator:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.names: set[str] = set()
        self.phones: set[str] = set()
        self._surnames = [s for s, _ in SURNAMES]
        self._surname_weights = [w for _, w in SURNAMES]

    def weighted(self, table: dict[str, int] | list[tuple[str, int]]) -> str:
        items = list(table.items()) if isinstance(table, dict) else table
        return self.rng.choices([k for k, _ in items], weights=[w for _, w in items])[0]

    def phone(self) -> str:
        while True:
            number = self.rng.choice(PHONE_PREFIXES) + f"{self.rng.randrange(10**8):08d}"
            if number not in self.phones:
                self.phones.add(number)
                return number

    def name(self, gender: str, ethnicity: str) -> str:
        for _ in range(200):
            if ethnicity == "藏族" and self.rng.random() < 0.5:
                first, second = self.rng.sample(TIBETAN_GIVEN, 2)
                candidate = first + second
            else:
                if ethnicity in MINORITY_SURNAMES and self.rng.random() < 0.6:
                    surname = self.rng.choice(MINORITY_SURNAMES[ethnicity])
                else:
                    surname = self.rng.choices(self._surnames, weights=self._surname_weights)[0]
                pool = FEMALE_GIVEN if gender == "female" else MALE_GIVEN
                length = 2 if self.rng.random() < 0.72 else 1
                candidate = surname + "".join(self.rng.choice(pool) for _ in range(length))
            if candidate not in self.names:
                self.names.add(candidate)
                return candidate
        raise RuntimeError("demo name space exhausted")  # pragma: no cover

    def village(self, township: str) -> str:
        stem = "".join(self.rng.sample(VILLAGE_STEMS, 2))
        return f"{township}{stem}{self.rng.choice(VILLAGE_SUFFIXES)}"

    def occupation(self, category: str, township: str, street: str, level: str) -> str:
        if level == "township" and category == "civil_servant":
            category = "township_civil_servant"
        template = self.rng.choice(OCCUPATIONS[category])
        head = "乡长" if township.endswith("乡") else "镇长"
        return template.format(
            village=self.village(township),
            township=township,
            township_head=head,
            street=street,
            dept=self.rng.choice(DEPT_STEMS),
            office=self.rng.choice(OFFICES),
            product=self.rng.choice(PRODUCTS),
        )

    def person(self, category: str, township: str, street: str, level: str = "county") -> PersonPlan:
        rng = self.rng
        gender = "female" if rng.random() < 0.3 else "male"
        ethnicity = self.weighted(ETHNICITIES)
        full_name = self.name(gender, ethnicity)
        birth = datetime.date(rng.randint(1962, 1996), rng.randint(1, 12), rng.randint(1, 28))
        if category == "civil_servant" or category == "military":
            party = "cpc"
            education = rng.choices(["master", "bachelor", "college"], weights=[2, 7, 2])[0]
        else:
            party = self.weighted(
                {
                    "cpc": 45,
                    "cpc_probationary": 2,
                    "masses": 38,
                    # the eight democratic parties, each its own value (6 in all)
                    "capd": 2,
                    "cdl": 2,
                    "jiusan": 1,
                    "cndca": 1,
                    "non_party": 6,
                    "cyl": 3,
                }
            )
            if category == "technical":
                education = rng.choices(["master", "bachelor", "college"], weights=[1, 6, 3])[0]
            elif category == "farmer" or category == "worker":
                education = rng.choices(["college", "secondary", "junior"], weights=[2, 5, 4])[0]
            else:
                education = rng.choices(["bachelor", "college", "secondary"], weights=[4, 4, 3])[0]
        return PersonPlan(
            full_name=full_name,
            gender=gender,
            ethnicity=ethnicity,
            birth_date=birth,
            party=party,
            education=education,
            occupation=self.occupation(category, township, street, level),
            phone=self.phone(),
        )


def build_plan(seed: int = DEMO_SEED) -> DemoPlan:
    gen = _Generator(seed)
    rng = gen.rng
    plan = DemoPlan()

    county_by_township: list[list[MandatePlan]] = []
    for index, (township, street) in enumerate(TOWNSHIPS):
        mandates: list[MandatePlan] = []
        seats = COUNTY_SEATS[index]
        constituencies = (seats + 1) // 2
        for seat in range(seats):
            category = gen.weighted(COUNTY_CATEGORY_WEIGHTS)
            person = gen.person(category, township, street)
            plan.persons.append(person)
            mandates.append(
                MandatePlan(
                    person=person,
                    level="county",
                    township_index=index,
                    constituency=f"{township}第{seat % constituencies + 1}选区",
                    delegation=f"{township}代表团",
                    group=county_group_name(township),
                    category=category,
                    is_reelected=rng.random() < 0.35,
                )
            )
        county_by_township.append(mandates)
        plan.mandates.extend(mandates)

    # Standing committee members: mostly leading cadres, one chair and four vice-chairs full time.
    county_mandates = [m for ms in county_by_township for m in ms]
    cadres = [m for m in county_mandates if m.category == "civil_servant"]
    chosen = rng.sample(cadres, STANDING_COMMITTEE_MEMBERS)
    titles = ["示例县人大常委会主任"] + ["示例县人大常委会副主任"] * 4
    for position, mandate in enumerate(chosen):
        mandate.is_standing_committee_member = True
        if position < FULL_TIME_MEMBERS:
            mandate.is_full_time = True
            mandate.person.occupation = titles[position]
        else:
            mandate.person.occupation = "示例县人大常委会委员、" + mandate.person.occupation

    # Township congresses: some county deputies of the township also sit there (two mandates).
    for index, (township, street) in enumerate(TOWNSHIPS):
        eligible = [m for m in county_by_township[index] if not m.is_standing_committee_member]
        shared = rng.sample(eligible, SHARED_PER_TOWNSHIP)
        constituencies = TOWNSHIP_SEATS // 3
        people: list[tuple[PersonPlan, str]] = [(m.person, m.category) for m in shared]
        for _ in range(TOWNSHIP_SEATS - SHARED_PER_TOWNSHIP):
            category = gen.weighted(TOWNSHIP_CATEGORY_WEIGHTS)
            person = gen.person(category, township, street, "township")
            plan.persons.append(person)
            people.append((person, category))
        for seat, (person, category) in enumerate(people):
            plan.mandates.append(
                MandatePlan(
                    person=person,
                    level="township",
                    township_index=index,
                    constituency=f"第{seat % constituencies + 1}选区",
                    delegation="",
                    group=TOWNSHIP_GROUPS[seat % len(TOWNSHIP_GROUPS)],
                    category=category,
                    is_reelected=rng.random() < 0.3,
                )
            )

    # Logins: the first is a county deputy of the county seat who also sits in its township
    # congress; the other two are county deputies of the same group (to co-sign).
    seat_town = county_by_township[0]
    township_persons = {
        id(m.person) for m in plan.mandates if m.level == "township" and m.township_index == 0
    }
    ordinary = [m for m in seat_town if not m.is_standing_committee_member]
    two_level = [m.person for m in ordinary if id(m.person) in township_persons]
    one_level = [m.person for m in ordinary if id(m.person) not in township_persons]
    plan.login_deputies = [two_level[0], one_level[0], one_level[1]]

    for _ in range(STATIONED_TOWNSHIPS):
        gender = "female" if rng.random() < 0.4 else "male"
        plan.station_people.append((gen.name(gender, "汉族"), gen.phone()))
    return plan
