"""Importing a roster (代表名册) from Excel, all or nothing, and exporting the register.

``check_roster(actor, term, table)`` reads every row, checks it alone, against the other rows and
against the database, and writes nothing; ``roster_import(actor, term, check)`` then creates the
people and their mandates in one transaction (a person already registered at another level, found
by their identity number, gets a new mandate: 五级代表).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from renda.audit.services import record_event
from renda.core.choices import OrganizationKind
from renda.core.errors import ConflictError, ValidationFailed
from renda.core.models import Organization, Term
from renda.documents.excel import Column, Table

from . import identity
from .choices import GRASSROOTS_CATEGORIES, Education, Gender, OccupationCategory, PoliticalAffiliation
from .models import Deputy, DeputyGroup, DeputyMandate
from .record_services import ensure_manages

COLUMNS = [
    Column("full_name", "姓名", required=True, width=10),
    Column("id_number", "身份证号", required=True, width=22),
    Column("gender", "性别", width=6),
    Column("ethnicity", "民族", width=8),
    Column("birth_date", "出生日期", width=12),
    Column("party", "政治面貌", width=12),
    Column("education", "文化程度", width=12),
    Column("occupation", "工作单位及职务", width=28),
    Column("phone", "联系电话", width=14),
    Column("constituency", "选区", width=16),
    Column("delegation", "代表团", width=12),
    Column("group", "代表小组", width=16),
    Column("station", "联络站", width=22),
    Column("occupation_category", "职业构成", required=True, width=14),
    Column("is_grassroots", "基层代表", width=8),
    Column("is_reelected", "连任", width=6),
    Column("nominated_by_committee", "常委会建议连任人选", width=8),
    Column("is_standing_committee_member", "常委会组成人员", width=8),
    Column("is_full_time", "专职", width=6),
    Column("has_legal_practice", "法治实践经验", width=8),
    Column("holds_leadership_post", "担任领导职务", width=8),
    Column("no_fixed_income", "无固定收入", width=8),
    Column("started_on", "当选日期", required=True, width=12),
]
HEADER = {c.key: c.header for c in COLUMNS}
YES = {"是", "Y", "y", "1", "yes", "√", "true", "TRUE"}
NO = {"否", "N", "n", "0", "no", "", "false", "FALSE"}


@dataclass
class RowError:
    row: int
    column: str
    message: str


@dataclass
class RosterRow:
    number: int
    full_name: str
    id_number: str
    id_hash: str
    gender: str
    ethnicity: str
    birth_date: dt.date | None
    party: str
    education: str
    occupation: str
    phone: str
    constituency: str
    delegation: str
    group: DeputyGroup | None
    station: Organization | None
    occupation_category: str
    is_grassroots: bool
    is_reelected: bool
    nominated_by_committee: bool
    is_standing_committee_member: bool
    is_full_time: bool
    has_legal_practice: bool
    holds_leadership_post: bool
    has_fixed_income: bool
    started_on: dt.date

    @property
    def id_masked(self) -> str:
        return identity.mask(self.id_number)

    @property
    def category_label(self) -> str:
        return str(OccupationCategory(self.occupation_category).label)


@dataclass
class RosterCheck:
    rows: list[RosterRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    total: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    def errors_by_row(self) -> list[tuple[int, list[RowError]]]:
        grouped: dict[int, list[RowError]] = {}
        for err in self.errors:
            grouped.setdefault(err.row, []).append(err)
        return sorted(grouped.items())


def _labels(choices: Any) -> dict[str, str]:
    out: dict[str, str] = {}
    for value, label in choices.choices:
        out[str(label)] = value
        out[value] = value
    return out


def _date(text: str) -> dt.date | None:
    text = text.strip().replace("/", "-").replace(".", "-").replace("年", "-").replace("月", "-").rstrip("日")
    if not text:
        return None
    try:
        return dt.date.fromisoformat(
            text[:10] if len(text) >= 10 else "-".join(p.zfill(2) for p in text.split("-"))
        )
    except ValueError:
        return None


def station_choices(term: Term) -> list[Organization]:
    congress = term.congress
    ids = [congress.pk, *congress.ancestors()]
    return list(
        Organization.objects.filter(kind=OrganizationKind.LIAISON_STATION, is_active=True)
        .filter(congress_id__in=ids + list(congress.descendants().values_list("pk", flat=True)))
        .order_by("congress__path", "sort_order", "name")
    )


def check_roster(*, actor: Any, term: Term, table: Table) -> RosterCheck:
    """Check every row; write nothing."""
    congress = term.congress
    ensure_manages(actor, congress)
    result = RosterCheck(total=len(table.rows))
    if not table.rows:
        result.errors.append(RowError(0, "", _("文件中没有数据行。")))
        return result
    groups = {g.name: g for g in DeputyGroup.objects.filter(congress=congress, is_active=True)}
    stations = {s.name: s for s in station_choices(term)}
    genders, parties, educations, categories = (
        _labels(Gender),
        _labels(PoliticalAffiliation),
        _labels(Education),
        _labels(OccupationCategory),
    )
    # Identity numbers already seated in this congress and term, and people already registered.
    hashes_in_file: dict[str, int] = {}
    prepared: list[tuple[Any, str, str]] = []
    for row in table.rows:
        number = identity.normalise(row.get("id_number"))
        h = identity.keyed_hash(number) if number else ""
        prepared.append((row, number, h))
    all_hashes = [h for _r, _n, h in prepared if h]
    seated = set(
        DeputyMandate.objects.active()
        .filter(congress=congress, term=term, deputy__id_number_hash__in=all_hashes)
        .values_list("deputy__id_number_hash", flat=True)
    )
    for row, number, h in prepared:
        n = row.number
        errors: list[RowError] = []

        def err(key: str, message: str, n: int = n, errors: list[RowError] = errors) -> None:
            errors.append(RowError(n, HEADER[key], message))

        name = row.get("full_name")
        if not name:
            err("full_name", _("必填。"))
        elif len(name) > 50:
            err("full_name", _("不能超过50个字。"))
        birth: dt.date | None = None
        gender = ""
        if not number:
            err("id_number", _("必填。"))
        else:
            problem = identity.id_number_problem(number)
            if problem:
                err("id_number", problem)
            else:
                birth = identity.birth_date_of(number)
                gender = identity.gender_of(number) or ""
                if h in hashes_in_file:
                    err("id_number", _("与第 %(r)s 行的身份证号重复。") % {"r": hashes_in_file[h]})
                elif h in seated:
                    err("id_number", _("该身份证号在本届已登记为代表。"))
                hashes_in_file.setdefault(h, n)
        g_text = row.get("gender")
        if g_text:
            if g_text not in genders:
                err("gender", _("应填“男”或“女”。"))
            elif gender and genders[g_text] != gender:
                err("gender", _("与身份证号中的性别不一致。"))
            else:
                gender = genders[g_text]
        elif not gender:
            err("gender", _("必填。"))
        b_text = row.get("birth_date")
        if b_text:
            b = _date(b_text)
            if b is None:
                err("birth_date", _("日期格式应为 2021-01-12。"))
            elif birth and b != birth:
                err("birth_date", _("与身份证号中的出生日期不一致。"))
        party = row.get("party") or str(PoliticalAffiliation.MASSES.label)
        if party not in parties:
            err(
                "party",
                _("政治面貌无效,可填:%(v)s。")
                % {"v": "、".join(str(x) for x in PoliticalAffiliation.labels)},
            )
        education = row.get("education")
        if education and education not in educations:
            err(
                "education",
                _("文化程度无效,可填:%(v)s。") % {"v": "、".join(str(x) for x in Education.labels)},
            )
        category = row.get("occupation_category")
        if not category:
            err("occupation_category", _("必填。"))
        elif category not in categories:
            err(
                "occupation_category",
                _("职业构成无效,可填:%(v)s。") % {"v": "、".join(str(x) for x in OccupationCategory.labels)},
            )
        group = None
        if row.get("group"):
            group = groups.get(row.get("group"))
            if group is None:
                err("group", _("本级人大没有名为“%(g)s”的代表小组。") % {"g": row.get("group")})
        station = None
        if row.get("station"):
            station = stations.get(row.get("station"))
            if station is None:
                err("station", _("没有名为“%(s)s”的代表联络站。") % {"s": row.get("station")})
        flags: dict[str, bool] = {}
        for key in (
            "is_grassroots",
            "is_reelected",
            "nominated_by_committee",
            "is_standing_committee_member",
            "is_full_time",
            "has_legal_practice",
            "holds_leadership_post",
            "no_fixed_income",
        ):
            text = row.get(key)
            if text in YES:
                flags[key] = True
            elif text in NO:
                flags[key] = False
            else:
                err(key, _("应填“是”或“否”。"))
        if flags.get("is_standing_committee_member") and not congress.has_standing_committee:
            err("is_standing_committee_member", _("乡镇人大不设常务委员会。"))
        started = _date(row.get("started_on"))
        if not row.get("started_on"):
            err("started_on", _("必填。"))
        elif started is None:
            err("started_on", _("日期格式应为 2021-01-12。"))
        elif not (term.start_year - 1 <= started.year <= term.end_year):
            err(
                "started_on",
                _("不在本届任期(%(a)s—%(b)s年)内。") % {"a": term.start_year, "b": term.end_year},
            )
        phone = row.get("phone")
        if len(phone) > 20:
            err("phone", _("不能超过20个字符。"))
        for key, limit in (
            ("occupation", 120),
            ("constituency", 100),
            ("delegation", 100),
            ("ethnicity", 20),
        ):
            if len(row.get(key)) > limit:
                err(key, _("不能超过%(n)s个字。") % {"n": limit})
        if errors:
            result.errors.extend(errors)
            continue
        cat_value = categories[category]
        result.rows.append(
            RosterRow(
                number=n,
                full_name=name,
                id_number=number,
                id_hash=h,
                gender=gender,
                ethnicity=row.get("ethnicity") or "汉族",
                birth_date=birth,
                party=parties[party],
                education=educations.get(education, ""),
                occupation=row.get("occupation"),
                phone=phone,
                constituency=row.get("constituency"),
                delegation=row.get("delegation"),
                group=group,
                station=station,
                occupation_category=cat_value,
                is_grassroots=flags["is_grassroots"]
                if row.get("is_grassroots")
                else cat_value in GRASSROOTS_CATEGORIES,
                is_reelected=flags["is_reelected"],
                nominated_by_committee=flags["nominated_by_committee"],
                is_standing_committee_member=flags["is_standing_committee_member"],
                is_full_time=flags["is_full_time"],
                has_legal_practice=flags["has_legal_practice"],
                holds_leadership_post=flags["holds_leadership_post"],
                has_fixed_income=not flags["no_fixed_income"],
                started_on=started,  # type: ignore[arg-type]
            )  # fmt: skip
        )
    return result


def roster_import(*, actor: Any, term: Term, check: RosterCheck) -> list[DeputyMandate]:
    """Create every row's person (or reuse them) and mandate in one transaction; one audit event."""
    congress = term.congress
    ensure_manages(actor, congress)
    if not check.ok:
        raise ValidationFailed(_("导入文件有错误,未导入任何代表。"), field="file")
    with transaction.atomic():
        hashes = [r.id_hash for r in check.rows]
        if (
            DeputyMandate.objects.active()
            .filter(congress=congress, term=term, deputy__id_number_hash__in=hashes)
            .exists()
        ):
            raise ConflictError(_("名册中有代表在本届已经登记,请重新上传检查。"), field="file")
        existing = dict(Deputy.objects.filter(id_number_hash__in=hashes).values_list("id_number_hash", "pk"))
        new_people = [
            Deputy(
                full_name=r.full_name,
                gender=r.gender,
                ethnicity=r.ethnicity,
                birth_date=r.birth_date,
                party=r.party,
                education=r.education,
                occupation=r.occupation,
                phone=r.phone,
                id_number_encrypted=identity.encrypt(r.id_number),
                id_number_hash=r.id_hash,
                has_fixed_income=r.has_fixed_income,
            )  # fmt: skip
            for r in check.rows
            if r.id_hash not in existing
        ]
        Deputy.objects.bulk_create(new_people, batch_size=1000)
        existing.update(Deputy.objects.filter(id_number_hash__in=hashes).values_list("id_number_hash", "pk"))
        mandates = [
            DeputyMandate(
                deputy_id=existing[r.id_hash],
                congress=congress,
                term=term,
                constituency=r.constituency,
                delegation=r.delegation,
                group=r.group,
                station=r.station,
                occupation_category=r.occupation_category,
                is_grassroots=r.is_grassroots,
                is_reelected=r.is_reelected,
                nominated_by_committee=r.nominated_by_committee,
                is_standing_committee_member=r.is_standing_committee_member,
                is_full_time=r.is_full_time,
                has_legal_practice=r.has_legal_practice,
                holds_leadership_post=r.holds_leadership_post,
                started_on=r.started_on,
            )  # fmt: skip
            for r in check.rows
        ]
        DeputyMandate.objects.bulk_create(mandates, batch_size=1000)
        record_event(
            actor=actor,
            action="deputy_roster.import",
            target=term,
            congress=congress,
            after={"mandates": len(mandates), "new_people": len(new_people)},
        )
    return mandates


def template_rows(term: Term) -> list[list[str]]:
    """Two example rows for the downloadable template."""
    group = DeputyGroup.objects.filter(congress=term.congress).order_by("sort_order").first()
    station = next(iter(station_choices(term)), None)
    first17 = "62010219850315231"
    example = [
        "张三", first17 + identity.check_digit(first17), "男", "汉族", "1985-03-15", "中共党员", "大学本科", "某村党支部书记",
        "13800000000", "第1选区", "", group.name if group else "", station.name if station else "",
        "农民(牧民)", "是", "否", "否", "否", "否", "否", "否", "否", f"{term.start_year}-01-12",
    ]  # fmt: skip
    return [example]
