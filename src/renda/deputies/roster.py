"""Importing a roster (代表名册) from Excel, all or nothing, and exporting the register.

Rosters come in each congress's own layout (姓名 / 政党 / 性别 / 民族 / 出生年月 / 职务 / 备注 …), so
the import maps the uploaded headings to ``FIELDS`` first (``renda.documents.mapping``: synonyms,
the user's confirmation, the mapping remembered per congress). Then ``check_roster(actor, term,
table)`` reads every row, checks it alone, against the other rows and against the database, and
writes nothing; ``roster_import(actor, term, check)`` creates the people and their mandates in one
transaction (a person already registered at another level, found by their identity number, gets a
new mandate: 五级代表).

Only the name is required. What a roster lacks (identity number, occupation category, election
date …) stays empty, to be filled in later; such deputies are 信息不完整 (``completeness``).
Values are read as rosters write them: Chinese dates (``1963年11月``, with an age in brackets, Excel
dates and serial numbers), parties by full name or abbreviation (``民进``, ``中国致公党``), names with
full-width spaces (``王　芳``) or an annotation (``李明（女，回族）``), posts on several lines, and
``连任`` in the remarks.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from renda.audit.services import record_event
from renda.core.choices import OrganizationKind
from renda.core.errors import ConflictError, ValidationFailed
from renda.core.models import Organization, Term
from renda.documents import mapping as colmap
from renda.documents.excel import Column, Table
from renda.documents.values import one_line, parse_date, split_brackets, squeeze

from . import identity
from .choices import (
    GRASSROOTS_CATEGORIES,
    PARTY_CHOICES,
    Education,
    Gender,
    OccupationCategory,
    party_of,
)
from .models import Deputy, DeputyGroup, DeputyMandate
from .record_services import ensure_manages

COLUMNS = [
    Column("full_name", "姓名", required=True, width=10),
    Column("id_number", "身份证号", width=22),
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
    Column("occupation_category", "职业构成", width=14),
    Column("is_grassroots", "基层代表", width=8),
    Column("is_reelected", "连任", width=6),
    Column("nominated_by_committee", "常委会建议连任人选", width=8),
    Column("is_standing_committee_member", "常委会组成人员", width=8),
    Column("is_full_time", "专职", width=6),
    Column("has_legal_practice", "法治实践经验", width=8),
    Column("holds_leadership_post", "担任领导职务", width=8),
    Column("no_fixed_income", "无固定收入", width=8),
    Column("started_on", "当选日期", width=12),
    Column("remarks", "备注", width=16),
]
HEADER = {c.key: c.header for c in COLUMNS}
YES = {"是", "Y", "y", "1", "yes", "√", "true", "TRUE", "✓"}
NO = {"否", "N", "n", "0", "no", "", "false", "FALSE", "×"}
IMPORT_KIND = "deputy_roster"

# The headings real rosters use for each field (compared without spaces; a heading containing one
# of these also matches, e.g. “现工作单位及职务”).
SYNONYMS: dict[str, tuple[str, ...]] = {
    "full_name": ("代表姓名", "姓　名", "名字"),
    "id_number": ("身份证号码", "公民身份号码", "身份证", "身份证件号码", "证件号码"),
    "gender": ("男女",),
    "ethnicity": ("民族成分", "族别"),
    "birth_date": ("出生年月", "生日", "出生年月日", "出生时间", "出生年份", "出生"),
    "party": ("党派", "政党", "政治面貌(党派)", "党派面貌"),
    "education": ("学历", "文化", "学历学位", "最高学历"),
    "occupation": (
        "工作单位及职务",
        "职务",
        "单位职务",
        "工作单位",
        "单位及职务",
        "工作单位和职务",
        "现任职务",
        "现工作单位及职务",
        "职务或职业",
        "职业",
    ),
    "phone": ("电话", "手机", "手机号码", "联系方式", "电话号码"),
    "constituency": ("选区名称", "选举单位", "所在选区", "选区(选举单位)"),
    "delegation": ("所在代表团",),
    "group": ("所在代表小组", "小组"),
    "station": ("代表联络站", "联络站(点)", "所在联络站"),
    "occupation_category": ("代表构成", "构成", "代表结构", "职业类别", "代表类别"),
    "is_grassroots": ("是否基层代表",),
    "is_reelected": ("是否连任", "连任代表"),
    "is_standing_committee_member": ("是否常委会组成人员",),
    "started_on": ("当选时间", "当选日期(年月日)"),
    "remarks": ("说明", "其他", "备　注"),
}
MULTIPLE = {"occupation": "", "remarks": "；"}
FIELDS = [
    colmap.Field(
        key=c.key,
        label=c.header,
        synonyms=SYNONYMS.get(c.key, ()),
        required=c.key == "full_name",
        multiple=c.key in MULTIPLE,
        joiner=MULTIPLE.get(c.key, ""),
        labelled=c.key == "remarks",
    )
    for c in COLUMNS
]

GENDER_WORDS = {"男": Gender.MALE, "男性": Gender.MALE, "女": Gender.FEMALE, "女性": Gender.FEMALE}
CATEGORY_WORDS = {
    "工人": OccupationCategory.WORKER, "一线工人": OccupationCategory.WORKER, "农民工": OccupationCategory.WORKER,
    "农民": OccupationCategory.FARMER, "牧民": OccupationCategory.FARMER, "农牧民": OccupationCategory.FARMER,
    "农民(牧民)": OccupationCategory.FARMER, "农民（牧民）": OccupationCategory.FARMER,
    "专业技术人员": OccupationCategory.TECHNICAL, "专技人员": OccupationCategory.TECHNICAL,
    "党政领导干部": OccupationCategory.CIVIL_SERVANT, "党政干部": OccupationCategory.CIVIL_SERVANT,
    "领导干部": OccupationCategory.CIVIL_SERVANT,
    "企业负责人": OccupationCategory.BUSINESS, "企业管理人员": OccupationCategory.BUSINESS,
    "解放军和武警": OccupationCategory.MILITARY, "解放军": OccupationCategory.MILITARY,
    "武警": OccupationCategory.MILITARY, "军人": OccupationCategory.MILITARY,
    "其他": OccupationCategory.OTHER, "其它": OccupationCategory.OTHER,
}  # fmt: skip
REELECTED_WORDS = {"连任": True, "是": True, "新任": False, "新当选": False, "否": False, "首次当选": False}


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
    birth_day_unknown: bool
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
    started_on: dt.date | None
    remarks: str = ""

    @property
    def id_masked(self) -> str:
        return identity.mask(self.id_number)

    @property
    def category_label(self) -> str:
        return str(OccupationCategory(self.occupation_category).label) if self.occupation_category else ""

    @property
    def gender_label(self) -> str:
        return str(Gender(self.gender).label) if self.gender else ""

    @property
    def party_label(self) -> str:
        from .choices import PoliticalAffiliation

        return str(PoliticalAffiliation(self.party).label) if self.party else ""

    @property
    def birth_text(self) -> str:
        if self.birth_date is None:
            return ""
        return f"{self.birth_date:%Y-%m}" if self.birth_day_unknown else f"{self.birth_date:%Y-%m-%d}"

    @property
    def missing(self) -> list[str]:
        """What this row leaves to be filled in later (the deputy will be 信息不完整)."""
        checks = [
            (_("身份证号"), not self.id_number), (_("性别"), not self.gender), (_("民族"), not self.ethnicity),
            (_("出生日期"), self.birth_date is None), (_("政治面貌"), not self.party),
            (_("职业构成"), not self.occupation_category), (_("当选日期"), self.started_on is None),
        ]  # fmt: skip
        return [str(label) for label, lacking in checks if lacking]


@dataclass
class RosterCheck:
    rows: list[RosterRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[RowError] = field(default_factory=list)
    total: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)

    @property
    def incomplete(self) -> int:
        return sum(1 for r in self.rows if r.missing)

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
    parsed = parse_date(text)
    return parsed.date if parsed else None


def _education(text: str) -> str | None:
    """文化程度 as rosters write it (大学, 本科, 研究生, 中专 …); None when not recognised."""
    t = squeeze(text)
    by_label = _labels(Education)
    if t in by_label:
        return by_label[t]
    for words, value in (
        (("博士",), Education.DOCTORATE),
        (("硕士", "研究生"), Education.MASTER),
        (("专科", "大专"), Education.COLLEGE),
        (("本科", "大学", "学士"), Education.BACHELOR),
        (("高中", "中专", "中技", "职高", "技校", "中职", "中师"), Education.SECONDARY),
        (("初中", "小学", "初小", "高小"), Education.JUNIOR),
    ):
        if any(w in t for w in words):
            return value
    return None


def _ethnicity(text: str) -> str:
    t = squeeze(text)
    if t and not t.endswith("族") and len(t) <= 4:
        t += "族"
    return t


def _reelected_in(remarks: str) -> bool:
    """``连任`` in the remarks (not ``非连任``/``不连任``/``未连任``)."""
    i = remarks.find("连任")
    while i >= 0:
        if i == 0 or remarks[i - 1] not in "非不未无":
            return True
        i = remarks.find("连任", i + 1)
    return False


def parse_name(text: str) -> tuple[str, str, str, list[str]]:
    """(name, gender, ethnicity, other notes) of ``李明（女，回族）`` / ``王　芳``: spaces removed, the
    bracketed annotation read for gender and ethnicity; dots of minority names made one kind."""
    bare, notes = split_brackets(one_line(text, joiner=""))
    name = squeeze(bare)
    for dot in "•・．.‧∙":
        name = name.replace(dot, "·")
    gender = ethnicity = ""
    other: list[str] = []
    for note in notes:
        if note in GENDER_WORDS:
            gender = GENDER_WORDS[note]
        elif note.endswith("族") and 2 <= len(note) <= 6:
            ethnicity = note
        else:
            other.append(note)
    return name, gender, ethnicity, other


def station_choices(term: Term) -> list[Organization]:
    congress = term.congress
    ids = [congress.pk, *congress.ancestors()]
    return list(
        Organization.objects.filter(kind=OrganizationKind.LIAISON_STATION, is_active=True)
        .filter(congress_id__in=ids + list(congress.descendants().values_list("pk", flat=True)))
        .order_by("congress__path", "sort_order", "name")
    )


_ID_LIKE = re.compile(r"(?<![0-9Xx])([0-9]{17}[0-9Xx]|[0-9]{15})(?![0-9Xx])")


def mask_sample(value: str) -> str:
    """A cell shown as a sample on the mapping page: identity numbers masked wherever they appear
    (whoever imports may not be someone who sees numbers in full)."""
    return _ID_LIKE.sub(lambda m: identity.mask(m.group(0)), value)


def roster_mapping_save(*, actor: Any, term: Term, headings: list[str], mapping: list[str]) -> None:
    """Remember the confirmed column mapping of this layout for the term's congress."""
    ensure_manages(actor, term.congress)
    colmap.remember(actor=actor, congress=term.congress, kind=IMPORT_KIND, headings=headings, mapping=mapping)


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
    categories = {**_labels(OccupationCategory), **CATEGORY_WORDS}
    # Identity numbers already seated in this congress and term, and people already registered.
    hashes_in_file: dict[str, int] = {}
    names_in_file: dict[str, int] = {}
    prepared: list[tuple[Any, str, str]] = []
    for row in table.rows:
        number = identity.normalise(squeeze(row.get("id_number")))
        h = identity.keyed_hash(number) if number else ""
        prepared.append((row, number, h))
    all_hashes = [h for _r, _n, h in prepared if h]
    active = DeputyMandate.objects.active().filter(congress=congress, term=term)
    seated = set(
        active.filter(deputy__id_number_hash__in=all_hashes).values_list("deputy__id_number_hash", flat=True)
    )
    seated_names = set(active.values_list("deputy__full_name", flat=True))
    for row, number, h in prepared:
        n = row.number
        errors: list[RowError] = []

        def err(key: str, message: str, n: int = n, errors: list[RowError] = errors) -> None:
            errors.append(RowError(n, HEADER[key], message))

        name, name_gender, name_ethnicity, _notes = parse_name(row.get("full_name"))
        if not name:
            err("full_name", _("必填。"))
        elif len(name) > 50:
            err("full_name", _("不能超过50个字。"))
        birth: dt.date | None = None
        birth_day_unknown = False
        gender = ""
        if number:
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
        g_text = squeeze(row.get("gender"))
        g_value = GENDER_WORDS.get(g_text) or (g_text if g_text in Gender.values else None)
        if g_text and g_value is None:
            err("gender", _("应填“男”或“女”。"))
        elif g_value and name_gender and g_value != name_gender:
            err("gender", _("与姓名后括号中注明的性别不一致。"))
        elif (g_value or name_gender) and gender and (g_value or name_gender) != gender:
            err("gender", _("与身份证号中的性别不一致。"))
        else:
            gender = gender or g_value or name_gender
        b_text = row.get("birth_date")
        if b_text:
            parsed = parse_date(b_text)
            if parsed is None:
                err(
                    "birth_date",
                    _("无法识别的日期“%(v)s”,可写作 1963年11月、1963-11-07 或 1963.11。") % {"v": b_text},
                )
            elif birth and (
                (parsed.date.year, parsed.date.month) != (birth.year, birth.month)
                or (parsed.day_known and parsed.date != birth)
            ):
                err("birth_date", _("与身份证号中的出生日期不一致。"))
            elif birth is None:
                birth, birth_day_unknown = parsed.date, not parsed.day_known
        ethnicity = _ethnicity(row.get("ethnicity")) or name_ethnicity
        if name_ethnicity and ethnicity != name_ethnicity:
            err("ethnicity", _("与姓名后括号中注明的民族不一致。"))
        p_text = row.get("party")
        party = party_of(p_text) if p_text else ""
        if party is None:
            err("party", _("无法识别的政治面貌“%(v)s”,可填:%(c)s,或其简称(中共、民革、民盟、民建、民进、农工党、致公党、九三学社、台盟、无)。")
                % {"v": p_text, "c": "、".join(str(label) for _v, label in PARTY_CHOICES)})  # fmt: skip
            party = ""
        e_text = row.get("education")
        education = _education(e_text) if e_text else ""
        if education is None:
            err("education",
                _("文化程度无效,可填:%(v)s。") % {"v": "、".join(str(x) for x in Education.labels)})  # fmt: skip
            education = ""
        category_text = squeeze(row.get("occupation_category"))
        category = ""
        if category_text:
            if category_text not in categories:
                err("occupation_category",
                    _("职业构成无效,可填:%(v)s。") % {"v": "、".join(str(x) for x in OccupationCategory.labels)})  # fmt: skip
            else:
                category = categories[category_text]
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
            "nominated_by_committee",
            "is_standing_committee_member",
            "is_full_time",
            "has_legal_practice",
            "holds_leadership_post",
            "no_fixed_income",
        ):
            text = squeeze(row.get(key))
            if text in YES:
                flags[key] = True
            elif text in NO:
                flags[key] = False
            else:
                err(key, _("应填“是”或“否”。"))
        remarks = one_line(row.get("remarks"), joiner="；")
        r_text = squeeze(row.get("is_reelected"))
        if r_text in REELECTED_WORDS or r_text in YES or r_text in NO:
            reelected = REELECTED_WORDS.get(r_text, r_text in YES) or (not r_text and _reelected_in(remarks))
        else:
            err("is_reelected", _("应填“是”或“否”(也可填“连任”或“新任”)。"))
            reelected = False
        if flags.get("is_standing_committee_member") and not congress.has_standing_committee:
            err("is_standing_committee_member", _("乡镇人大不设常务委员会。"))
        s_text = row.get("started_on")
        started = _date(s_text) if s_text else None
        if s_text and started is None:
            err("started_on", _("无法识别的日期“%(v)s”,可写作 2021-01-12 或 2021年1月12日。") % {"v": s_text})
        elif started is not None and not (term.start_year - 1 <= started.year <= term.end_year):
            err(
                "started_on",
                _("不在本届任期(%(a)s—%(b)s年)内。") % {"a": term.start_year, "b": term.end_year},
            )
        phone = squeeze(row.get("phone"))
        if len(phone) > 20:
            err("phone", _("不能超过20个字符。"))
        occupation = one_line(row.get("occupation"))
        constituency = one_line(row.get("constituency"), joiner="")
        delegation = one_line(row.get("delegation"), joiner="")
        for key, value, limit in (
            ("occupation", occupation, 120),
            ("constituency", constituency, 100),
            ("delegation", delegation, 100),
            ("ethnicity", ethnicity, 20),
            ("remarks", remarks, 1000),
        ):
            if len(value) > limit:
                err(key, _("不能超过%(n)s个字。") % {"n": limit})
        if name and not number:
            if name in names_in_file:
                result.warnings.append(RowError(n, HEADER["full_name"], _("与第 %(r)s 行同名,且都没有身份证号,请核对是否重复。") % {"r": names_in_file[name]}))  # fmt: skip
            elif name in seated_names:
                result.warnings.append(RowError(n, HEADER["full_name"], _("本届已登记同名代表“%(n)s”,请核对是否重复导入。") % {"n": name}))  # fmt: skip
            names_in_file.setdefault(name, n)
        if errors:
            result.errors.extend(errors)
            continue
        result.rows.append(
            RosterRow(
                number=n,
                full_name=name,
                id_number=number,
                id_hash=h,
                gender=gender,
                ethnicity=ethnicity,
                birth_date=birth,
                birth_day_unknown=birth_day_unknown,
                party=party,
                education=education,
                occupation=occupation,
                phone=phone,
                constituency=constituency,
                delegation=delegation,
                group=group,
                station=station,
                occupation_category=category,
                is_grassroots=flags["is_grassroots"]
                if row.get("is_grassroots")
                else category in GRASSROOTS_CATEGORIES,
                is_reelected=reelected,
                nominated_by_committee=flags["nominated_by_committee"],
                is_standing_committee_member=flags["is_standing_committee_member"],
                is_full_time=flags["is_full_time"],
                has_legal_practice=flags["has_legal_practice"],
                holds_leadership_post=flags["holds_leadership_post"],
                has_fixed_income=not flags["no_fixed_income"],
                started_on=started,
                remarks=remarks,
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
        hashes = [r.id_hash for r in check.rows if r.id_hash]
        if (
            DeputyMandate.objects.active()
            .filter(congress=congress, term=term, deputy__id_number_hash__in=hashes)
            .exists()
        ):
            raise ConflictError(_("名册中有代表在本届已经登记,请重新上传检查。"), field="file")
        existing = dict(Deputy.objects.filter(id_number_hash__in=hashes).values_list("id_number_hash", "pk"))
        people: dict[int, int] = {}  # row number → deputy pk
        new_rows = [r for r in check.rows if not r.id_hash or r.id_hash not in existing]
        new_people = [
            Deputy(
                full_name=r.full_name,
                gender=r.gender,
                ethnicity=r.ethnicity,
                birth_date=r.birth_date,
                birth_day_unknown=r.birth_day_unknown,
                party=r.party,
                education=r.education,
                occupation=r.occupation,
                phone=r.phone,
                id_number_encrypted=identity.encrypt(r.id_number) if r.id_number else "",
                id_number_hash=r.id_hash,
                has_fixed_income=r.has_fixed_income,
            )  # fmt: skip
            for r in new_rows
        ]
        created = Deputy.objects.bulk_create(new_people, batch_size=1000)
        for r, person in zip(new_rows, created, strict=True):
            if person.pk is None:  # a backend that returns no keys from a bulk insert
                person.save()
            people[r.number] = person.pk
        for r in check.rows:
            if r.number not in people:
                people[r.number] = existing[r.id_hash]
        mandates = [
            DeputyMandate(
                deputy_id=people[r.number],
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
                remarks=r.remarks,
            )  # fmt: skip
            for r in check.rows
        ]
        DeputyMandate.objects.bulk_create(mandates, batch_size=1000)
        record_event(
            actor=actor,
            action="deputy_roster.import",
            target=term,
            congress=congress,
            after={"mandates": len(mandates), "new_people": len(new_people), "incomplete": check.incomplete},
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
        "农民(牧民)", "是", "否", "否", "否", "否", "否", "否", "否", f"{term.start_year}-01-12", "",
    ]  # fmt: skip
    return [example]
