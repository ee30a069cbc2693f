"""The voter register (选民登记): import with column mapping, by hand, exclusions, publication,
appeals (申诉) and their decisions.

Nobody is registered twice in one election: identity numbers are checked with their GB 11643
check digit, stored encrypted (``renda.deputies.identity``: Fernet under a key derived from
``RENDA_FIELD_KEY``) and compared by a keyed hash (HMAC) with a unique constraint per election, so
a second registration in another constituency is refused by the database even if a check is
bypassed. An import is all or nothing: every row is checked first (name, identity number, age on
election day, constituency, duplicates in the file and in the register) and one error anywhere
leaves the register untouched, with a report naming the row, the field and the rule.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import hmac
import io
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import IntegrityError, connection, transaction
from django.utils.translation import gettext as _
from openpyxl.cell import WriteOnlyCell

from renda.audit.services import record_event
from renda.core import clock
from renda.core.errors import ConflictError, ValidationFailed
from renda.deputies import identity
from renda.documents import mapping as colmap
from renda.documents.excel import Table
from renda.documents.imports import import_dir
from renda.documents.values import squeeze

from . import law
from .access import ensure_runs
from .choices import (
    AppealDecision,
    AppealKind,
    ExclusionReason,
    ImportState,
    RemovalReason,
    VoterSource,
    VoterStatus,
)
from .models import Appeal, Constituency, Election, RegisterImport, Voter
from .timetable import appeal_window, dates

logger = logging.getLogger("renda.elections")

IMPORT_KIND = "voter_register"
MAX_ROWS = 1_000_000
FIELDS = [
    colmap.Field("full_name", "姓名", ("选民姓名", "名字"), required=True),
    colmap.Field(
        "id_number", "身份证号", ("公民身份号码", "身份证号码", "身份证", "证件号码"), required=True
    ),
    colmap.Field("constituency", "选区", ("选区名称", "所在选区", "登记选区"), required=True),
    colmap.Field("gender", "性别", ("男女",)),
    colmap.Field("address", "住址", ("现住址", "家庭住址", "居住地址", "地址", "户籍地址")),
    colmap.Field(
        "migrant_certificate", "原选区选民资格证明", ("选民资格证明", "流动人口证明", "外来人员证明")
    ),
]
LABELS = {f.key: f.label for f in FIELDS}
GENDER_WORDS = {"男": "male", "女": "female", "男性": "male", "女性": "female"}


def age_on(birth: dt.date, day: dt.date) -> int:
    """Full years of age on ``day`` (a birthday on 29 February counts on 1 March)."""
    years = day.year - birth.year
    if (day.month, day.day) < (birth.month, birth.day):
        years -= 1
    return years


def parse_id(number: str) -> tuple[str | None, dt.date | None, str]:
    """(problem, birth date, gender) of a normalised identity number in one pass (the import checks
    hundreds of thousands): the format, the birth date, the GB 11643 check digit. The messages are
    those of ``renda.deputies.identity.id_number_problem``; a birth date after election day shows
    as under age."""
    if not identity._ID_RE.match(number):
        return _("身份证号应为18位,前17位是数字,最后一位是数字或X。"), None, ""
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return _("身份证号中的出生日期无效。"), None, ""
    if born.year < 1900:
        return _("身份证号中的出生日期无效。"), None, ""
    if identity.check_digit(number[:17]) != number[17]:
        return _("身份证号校验位错误,请核对。"), None, ""
    return None, born, "male" if int(number[16]) % 2 else "female"


def _identity(
    number: str, election_day: dt.date, params: dict[str, Any]
) -> tuple[str | None, dt.date | None]:
    """(problem, birth date) of an identity number for this election."""
    problem = identity.id_number_problem(number)
    if problem:
        return problem, None
    birth = identity.birth_date_of(number)
    assert birth is not None
    minimum = int(params["voting_age"])
    if age_on(birth, election_day) < minimum:
        return (
            _("选举日(%(d)s)未满%(n)s周岁,没有选举权。") % {"d": election_day.isoformat(), "n": minimum},
            birth,
        )
    return None, birth


# --- by hand -------------------------------------------------------------------------------------


def _unpublished_or_appeal(election: Election, *, via_appeal: bool) -> None:
    published = Election.objects.filter(pk=election.pk, register_published_on__isnull=False).exists()
    if published and not via_appeal:
        raise ConflictError(_("选民名单已经公布,此后的变更须通过申诉处理决定。"), field="full_name")


def voter_add(
    *,
    actor: Any,
    election: Election,
    constituency: Constituency,
    full_name: str,
    id_number: str,
    address: str = "",
    migrant_certificate: str = "",
    is_migrant: bool = False,
    source: str = VoterSource.MANUAL,
) -> Voter:
    """Register one voter by hand (or by an appeal's decision)."""
    ensure_runs(actor, election)
    _unpublished_or_appeal(election, via_appeal=source == VoterSource.APPEAL)
    if constituency.election_id != election.pk:
        raise ValidationFailed(_("选区不属于该选举。"), field="constituency")
    params = law.params_of(election)
    name = squeeze(full_name)
    if not name:
        raise ValidationFailed(_("请填写姓名。"), field="full_name")
    if len(name) > 50:
        raise ValidationFailed(_("姓名不能超过50个字。"), field="full_name")
    number = identity.normalise(id_number)
    problem, birth = _identity(number, election.election_day, params)
    if problem:
        raise ValidationFailed(problem, field="id_number")
    certificate = (migrant_certificate or "").strip()
    if is_migrant and not certificate:
        raise ValidationFailed(
            _("外来人员须凭原选区的选民资格证明登记,请填写证明。"), field="migrant_certificate"
        )
    h = identity.keyed_hash(number)
    with transaction.atomic():
        other = (
            Voter.objects.filter(election=election, id_number_hash=h).select_related("constituency").first()
        )
        if other is not None:
            raise ConflictError(
                _("该公民已在“%(c)s”登记为选民,不能重复登记。") % {"c": other.constituency.name},
                field="id_number",
            )
        try:
            with transaction.atomic():
                voter = Voter.objects.create(
                    election=election, constituency=constituency, full_name=name,
                    gender=identity.gender_of(number) or "", birth_date=birth,
                    id_number_encrypted=identity.encrypt(number), id_number_hash=h,
                    address=(address or "").strip()[:200], is_migrant=bool(is_migrant or certificate),
                    migrant_certificate=certificate[:200], source=source,
                )  # fmt: skip
        except IntegrityError:
            raise ConflictError(_("该公民已登记为选民,不能重复登记。"), field="id_number") from None
        record_event(actor=actor, action="voter.add", target=voter, congress=election.congress,
                     after={"constituency": constituency.name, "full_name": name, "source": source,
                            "id_number": identity.mask(number)})  # fmt: skip
    return voter


def voter_remove(*, actor: Any, voter: Voter, reason: str, note: str = "", via_appeal: bool = False) -> Voter:
    """Take a voter off the register (deceased, moved, wrongly listed; the row stays as history)."""
    election = voter.election
    ensure_runs(actor, election)
    _unpublished_or_appeal(election, via_appeal=via_appeal or reason == RemovalReason.APPEAL)
    if reason not in RemovalReason.values:
        raise ValidationFailed(_("请选择除名原因。"), field="reason")
    with transaction.atomic():
        locked = Voter.objects.select_for_update(of=("self",)).get(pk=voter.pk)
        if locked.status == VoterStatus.REMOVED:
            raise ConflictError(_("该选民已经除名。"), field="reason")
        before = locked.status
        locked.status, locked.removal_reason, locked.status_note = (
            VoterStatus.REMOVED,
            reason,
            (note or "")[:300],
        )
        locked.save(update_fields=["status", "removal_reason", "status_note"])
        record_event(actor=actor, action="voter.remove", target=locked, congress=election.congress,
                     before={"status": before}, after={"status": locked.status, "reason": reason, "note": note})  # fmt: skip
    return locked


def voter_exclude(*, actor: Any, voter: Voter, reason: str, note: str) -> Voter:
    """Not listed: deprived of political rights by law, or certified unable to exercise them."""
    election = voter.election
    ensure_runs(actor, election)
    _unpublished_or_appeal(election, via_appeal=False)
    if reason not in ExclusionReason.values:
        raise ValidationFailed(_("请选择不列入名单的原因。"), field="reason")
    note = (note or "").strip()
    if not note:
        raise ValidationFailed(_("请注明依据(判决书或确认文书)。"), field="note")
    with transaction.atomic():
        locked = Voter.objects.select_for_update(of=("self",)).get(pk=voter.pk)
        before = locked.status
        locked.status, locked.exclusion_reason, locked.status_note = VoterStatus.EXCLUDED, reason, note[:300]
        locked.save(update_fields=["status", "exclusion_reason", "status_note"])
        record_event(actor=actor, action="voter.exclude", target=locked, congress=election.congress,
                     before={"status": before}, after={"status": locked.status, "reason": reason, "note": note})  # fmt: skip
    return locked


# --- reading an import file ------------------------------------------------------------------------


class FileProblem(Exception):
    pass


def read_csv(data: bytes) -> colmap.RawSheet:
    """A CSV file (UTF-8 with or without BOM, else GB18030 as Chinese Excel writes it)."""
    if b"\x00" in data[:4096]:
        raise FileProblem(_("文件不是文本格式的CSV文件。"))
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - gb18030 decodes almost anything
        raise FileProblem(_("无法识别文件的文字编码,请另存为UTF-8编码的CSV文件。"))
    reader = csv.reader(io.StringIO(text))
    rows: list[tuple[int, list[str]]] = []
    headings: list[str] | None = None
    for number, cells in enumerate(reader, start=1):
        cells = [c.strip() for c in cells]
        if not any(cells):
            continue
        if headings is None:
            headings = [c or _("第%(n)s列") % {"n": i + 1} for i, c in enumerate(cells)]
            header_row = number
            continue
        rows.append((number, cells))
        if len(rows) > MAX_ROWS:
            raise FileProblem(_("一次最多导入 %(n)s 行,请拆分文件。") % {"n": MAX_ROWS})
    if headings is None:
        raise FileProblem(_("文件是空的。"))
    return colmap.RawSheet(headings=headings, rows=rows, header_row=header_row)


def read_file(path: str | Path) -> colmap.RawSheet:
    path = Path(path)
    if path.suffix.lower() == ".csv":
        return read_csv(path.read_bytes())
    try:
        return colmap.read_sheet(str(path), FIELDS, max_rows=MAX_ROWS)
    except colmap.ExcelError as exc:
        raise FileProblem(str(exc)) from None


# --- checking and importing ------------------------------------------------------------------------


@dataclass
class RowError:
    row: int
    field: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "field": self.field, "message": self.message}


@dataclass
class CheckedVoter:
    number: int
    constituency_id: int
    full_name: str
    id_number: str
    id_hash: str
    gender: str
    birth_date: dt.date
    address: str
    certificate: str


@dataclass
class RegisterCheck:
    rows: list[CheckedVoter] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    total: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def check_table(
    election: Election, table: Table, *, progress: Callable[[int], None] | None = None, every: int = 5000
) -> RegisterCheck:
    """Check every row against the law, the file and the register; write nothing."""
    params = law.params_of(election)
    day = election.election_day
    result = RegisterCheck(total=len(table.rows))
    if not table.rows:
        result.errors.append(RowError(0, "", _("文件中没有数据行。")))
        return result
    constituencies = {c.name: c.pk for c in election.constituencies.all()}
    names = {c.pk: c.name for c in election.constituencies.all()}
    registered = dict(
        Voter.objects.filter(election=election).values_list("id_number_hash", "constituency_id")
    )
    seen: dict[str, tuple[int, str]] = {}
    minimum = int(params["voting_age"])
    key = identity._hash_key(identity._master_secret())

    def keyed(number: str) -> str:
        return hmac.new(key, number.encode(), hashlib.sha256).hexdigest()

    for i, row in enumerate(table.rows, start=1):
        n = row.number
        errors = result.errors
        before = len(errors)
        name = squeeze(row.get("full_name"))
        if not name:
            errors.append(RowError(n, LABELS["full_name"], _("必填。")))
        elif len(name) > 50:
            errors.append(RowError(n, LABELS["full_name"], _("不能超过50个字。")))
        c_name = squeeze(row.get("constituency"))
        c_id = constituencies.get(c_name)
        if c_id is None:
            errors.append(RowError(n, LABELS["constituency"],
                                   _("本次选举没有名为“%(c)s”的选区。") % {"c": c_name} if c_name else _("必填。")))  # fmt: skip
        number = identity.normalise(row.get("id_number"))
        h = ""
        birth = None
        gender = ""
        if not number:
            errors.append(RowError(n, LABELS["id_number"], _("必填。")))
        else:
            problem, birth, gender = parse_id(number)
            if problem:
                errors.append(RowError(n, LABELS["id_number"], problem))
            else:
                assert birth is not None
                if age_on(birth, day) < minimum:
                    errors.append(RowError(n, LABELS["id_number"],
                                           _("选举日(%(d)s)未满%(a)s周岁,没有选举权。") % {"d": day.isoformat(), "a": minimum}))  # fmt: skip
                h = keyed(number)
                if h in seen:
                    first_row, first_c = seen[h]
                    errors.append(RowError(n, LABELS["id_number"],
                                           _("与第 %(r)s 行(%(c)s)是同一公民,一人只能在一个选区登记。") % {"r": first_row, "c": first_c}))  # fmt: skip
                elif h in registered:
                    errors.append(RowError(n, LABELS["id_number"],
                                           _("该公民已在“%(c)s”登记为选民,一人只能在一个选区登记。") % {"c": names.get(registered[h], "")}))  # fmt: skip
                else:
                    seen[h] = (n, c_name)
        g_text = squeeze(row.get("gender"))
        if g_text and g_text not in GENDER_WORDS:
            errors.append(RowError(n, LABELS["gender"], _("应填“男”或“女”。")))
        elif g_text and gender and GENDER_WORDS[g_text] != gender:
            errors.append(RowError(n, LABELS["gender"], _("与身份证号中的性别不一致。")))
        address = " ".join((row.get("address") or "").split())
        if len(address) > 200:
            errors.append(RowError(n, LABELS["address"], _("不能超过200个字。")))
        certificate = " ".join((row.get("migrant_certificate") or "").split())
        if len(certificate) > 200:
            errors.append(RowError(n, LABELS["migrant_certificate"], _("不能超过200个字。")))
        if len(errors) == before and birth is not None and c_id is not None:
            result.rows.append(
                CheckedVoter(n, c_id, name, number, h, gender or "", birth, address, certificate)
            )
        if progress is not None and i % every == 0:
            progress(i)
    if progress is not None:
        progress(len(table.rows))
    return result


def write_checked(*, actor: Any, election: Election, check: RegisterCheck, file_name: str = "") -> int:
    """Write every checked row in one transaction (all or nothing); one audit event."""
    ensure_runs(actor, election)
    if not check.ok:
        raise ValidationFailed(_("导入文件有错误,未导入任何选民。"), field="file")
    if election.register_published_on:
        raise ConflictError(_("选民名单已经公布,不能再导入名册。"), field="file")
    encrypt = identity.encrypt
    ops = connection.ops
    now = ops.adapt_datetimefield_value(clock.now())
    table = Voter._meta.db_table
    names = ["election_id", "constituency_id", "full_name", "gender", "birth_date", "id_number_encrypted",
             "id_number_hash", "address", "is_migrant", "migrant_certificate", "status", "exclusion_reason",
             "removal_reason", "status_note", "source", "created_at"]  # fmt: skip
    quote = ops.quote_name
    # Fixed table and column names; every value is bound.
    columns = ", ".join(quote(n) for n in names)
    marks = ", ".join(["%s"] * len(names))
    sql = f"INSERT INTO {quote(table)} ({columns}) VALUES ({marks})"  # noqa: S608
    with transaction.atomic():
        try:
            # One prepared statement executed for every row (the ORM's bulk_create compiles a
            # statement per ~60 rows on SQLite): the same table, the same constraints.
            with transaction.atomic(), connection.cursor() as cursor:
                batch: list[tuple[Any, ...]] = []
                for r in check.rows:
                    batch.append((
                        election.pk, r.constituency_id, r.full_name, r.gender, ops.adapt_datefield_value(r.birth_date),
                        encrypt(r.id_number),
                        r.id_hash, r.address, bool(r.certificate), r.certificate, VoterStatus.ELIGIBLE.value, "", "",
                        "", VoterSource.IMPORT.value, now,
                    ))  # fmt: skip
                    if len(batch) >= 5000:
                        cursor.executemany(sql, batch)
                        batch = []
                if batch:
                    cursor.executemany(sql, batch)
        except IntegrityError:
            # Someone registered one of these people meanwhile: the unique key refuses, nothing stays.
            raise ConflictError(
                _("名册中有公民在检查之后已被登记,未导入任何选民,请重新导入。"), field="file"
            ) from None
        record_event(actor=actor, action="voter_register.import", target=election, congress=election.congress,
                     after={"voters": len(check.rows), "file": file_name})  # fmt: skip
    return len(check.rows)


def register_import_start(
    *, actor: Any, election: Election, source: Path, file_name: str, mapping: list[str], headings: list[str]
) -> RegisterImport:
    """Keep the checked upload and queue the import (the worker runs ``run_register_import``)."""
    import secrets

    from .tasks import register_import_task

    ensure_runs(actor, election)
    if election.register_published_on:
        raise ConflictError(_("选民名单已经公布,不能再导入名册。"), field="file")
    problems = colmap.check_mapping(mapping, headings, FIELDS)
    if problems:
        raise ValidationFailed(problems[0], field="mapping")
    suffix = ".csv" if str(source).lower().endswith(".csv") else ".xlsx"
    stored = f"voters-{secrets.token_hex(16)}{suffix}"
    Path(source).replace(import_dir() / stored)
    with transaction.atomic():
        job = RegisterImport.objects.create(
            election=election,
            file_name=file_name[:200],
            stored_name=stored,
            mapping=list(mapping),
            created_by=actor,
        )
        colmap.remember(
            actor=actor, congress=election.congress, kind=IMPORT_KIND, headings=headings, mapping=mapping
        )
        transaction.on_commit(lambda: register_import_task.enqueue(job.pk))
    return job


MAX_REPORTED = 2000


def run_register_import(import_id: int) -> str:
    """The background import: read, check (progress saved as it goes), then write all or nothing."""
    job = RegisterImport.objects.select_related("election", "created_by").get(pk=import_id)
    if job.state not in (ImportState.QUEUED,):
        return job.state
    path = import_dir() / job.stored_name
    election = job.election

    def save(**values: Any) -> None:
        RegisterImport.objects.filter(pk=job.pk).update(**values)

    try:
        save(state=ImportState.CHECKING)
        sheet = read_file(path)
        table, _skipped = colmap.apply_mapping(sheet, job.mapping, FIELDS)
        save(total=len(table.rows))
        check = check_table(election, table, progress=lambda n: save(processed=n))
        if not check.ok:
            save(
                state=ImportState.REFUSED, error_count=len(check.errors),
                errors=[e.as_dict() for e in check.errors[:MAX_REPORTED]], finished_at=clock.now(),
                message=_("共 %(t)s 行,发现 %(e)s 处错误,未导入任何选民。") % {"t": check.total, "e": len(check.errors)},
            )  # fmt: skip
            with transaction.atomic():
                record_event(actor=job.created_by, action="voter_register.import_refused", target=election,
                             congress=election.congress, after={"file": job.file_name, "errors": len(check.errors)})  # fmt: skip
            return ImportState.REFUSED
        save(state=ImportState.WRITING)
        count = write_checked(actor=job.created_by, election=election, check=check, file_name=job.file_name)
        save(state=ImportState.DONE, created_count=count, finished_at=clock.now(),
             message=_("已导入 %(n)s 名选民。") % {"n": count})  # fmt: skip
        return ImportState.DONE
    except (FileProblem, ValidationFailed, ConflictError) as exc:
        message = str(getattr(exc, "message", exc))
        save(state=ImportState.REFUSED, finished_at=clock.now(), message=message[:300],
             errors=[{"row": 0, "field": "", "message": message}], error_count=1)  # fmt: skip
        return ImportState.REFUSED
    except Exception:
        logger.exception("voter register import %s failed", import_id)
        save(state=ImportState.FAILED, finished_at=clock.now(), message=_("导入出错,未导入任何选民。"))
        raise
    finally:
        path.unlink(missing_ok=True)


# --- publication and appeals -------------------------------------------------------------------


def register_publish(*, actor: Any, election: Election) -> Election:
    """Publish the register (by constituency, names only) no later than N days before election day."""
    ensure_runs(actor, election)
    params = law.params_of(election)
    latest = dates(election.election_day, params)["register_publish"]
    today = clock.today()
    with transaction.atomic():
        locked = Election.objects.select_for_update(of=("self",)).get(pk=election.pk)
        if locked.register_published_on:
            raise ConflictError(_("选民名单已经公布。"), field="register")
        if today > latest:
            raise ValidationFailed(
                _("选民名单应在选举日的%(n)s日以前(最迟%(d)s)公布,已超过法定期限,请先调整选举日。")
                % {"n": params["register_publish_days"], "d": latest.isoformat()},
                field="register",
            )
        if not Voter.objects.filter(election=locked, status=VoterStatus.ELIGIBLE).exists():
            raise ValidationFailed(_("选民名单是空的。"), field="register")
        locked.register_published_on = today
        if locked.state == "preparing":
            locked.state = "registering"
        locked.save(update_fields=["register_published_on", "state"])
        election.register_published_on, election.state = locked.register_published_on, locked.state
        counts = {
            c.name: c.voters.filter(status=VoterStatus.ELIGIBLE).count() for c in locked.constituencies.all()
        }
        record_event(
            actor=actor, action="voter_register.publish", target=locked, after={"on": today, "voters": counts}
        )
    return locked


def register_pdf(election: Election, constituency: Constituency) -> bytes:
    """The published list of one constituency: names only (and the masked identity number)."""
    from reportlab.lib.units import mm
    from reportlab.platypus import Table as PdfTable
    from reportlab.platypus import TableStyle

    from renda.documents.pdf import FONT, PdfDocument

    doc = PdfDocument(title=f"{constituency.name}选民名单")
    doc.title(f"{election.name}\n{constituency.name}选民名单")
    voters = list(
        constituency.voters.filter(status=VoterStatus.ELIGIBLE)
        .order_by("pk")
        .values_list("full_name", flat=True)
    )
    per_row = 6
    cells = [voters[i : i + per_row] for i in range(0, len(voters), per_row)] or [["—"]]
    for row in cells:
        row.extend([""] * (per_row - len(row)))
    table = PdfTable(cells, colWidths=[26 * mm] * per_row)
    table.setStyle(
        TableStyle([("FONT", (0, 0), (-1, -1), FONT, 11), ("GRID", (0, 0), (-1, -1), 0.3, "#999999")])
    )
    doc.story.append(table)
    doc.paragraph(
        _("共 %(n)s 名选民。对名单有不同意见的,可以自公布之日起%(d)s日内向选举委员会提出申诉。")
        % {"n": len(voters), "d": law.params_of(election)["appeal_days"]}
    )
    published = election.register_published_on
    doc.signature(f"{election.name}选举委员会", published.isoformat() if published else "")
    return doc.to_bytes()


def appeal_file(
    *,
    actor: Any,
    election: Election,
    constituency: Constituency,
    appellant: str,
    kind: str,
    subject_name: str,
    claim: str,
    voter: Voter | None = None,
    filed_on: dt.date | None = None,
) -> Appeal:
    """Record an appeal against the published register (within N days of publication)."""
    ensure_runs(actor, election)
    if not election.register_published_on:
        raise ConflictError(_("选民名单尚未公布,还不能提出申诉。"), field="claim")
    if constituency.election_id != election.pk:
        raise ValidationFailed(_("选区不属于该选举。"), field="constituency")
    if kind not in AppealKind.values:
        raise ValidationFailed(_("请选择申诉事项。"), field="kind")
    if kind != AppealKind.OMITTED and voter is None:
        raise ValidationFailed(_("请选择名单上涉及的选民。"), field="voter")
    if voter is not None and voter.constituency_id != constituency.pk:
        raise ValidationFailed(_("该选民不在此选区。"), field="voter")
    params = law.params_of(election)
    filed = filed_on or clock.today()
    first, last = appeal_window(election, params)
    if not first <= filed <= last:
        raise ValidationFailed(
            _("申诉应在选民名单公布之日起%(n)s日内(%(a)s至%(b)s)提出。")
            % {"n": params["appeal_days"], "a": first.isoformat(), "b": last.isoformat()},
            field="filed_on",
        )
    appellant = squeeze(appellant)
    subject = squeeze(subject_name) or (voter.full_name if voter else "")
    claim = (claim or "").strip()
    for key, value, label in (("appellant", appellant, _("申诉人")), ("subject_name", subject, _("涉及人员姓名")),
                              ("claim", claim, _("申诉内容"))):  # fmt: skip
        if not value:
            raise ValidationFailed(_("请填写%(l)s。") % {"l": label}, field=key)
    with transaction.atomic():
        appeal = Appeal.objects.create(
            election=election, constituency=constituency, appellant=appellant[:50], kind=kind, voter=voter,
            subject_name=subject[:50], claim=claim[:4000], filed_on=filed,
            due_on=filed + dt.timedelta(days=int(params["appeal_decision_days"])),
        )  # fmt: skip
        record_event(actor=actor, action="appeal.file", target=appeal, congress=election.congress,
                     after={"kind": kind, "subject": subject, "filed_on": filed, "due_on": appeal.due_on})  # fmt: skip
    return appeal


def appeal_decide(
    *,
    actor: Any,
    appeal: Appeal,
    decision: str,
    decision_text: str,
    id_number: str = "",
    address: str = "",
) -> Appeal:
    """Decide an appeal (within N days of filing); an upheld one amends the register at once:
    the omitted person is registered, the wrongly listed one is removed."""
    election = appeal.election
    ensure_runs(actor, election)
    if decision not in (AppealDecision.UPHELD, AppealDecision.REJECTED):
        raise ValidationFailed(_("请选择处理决定。"), field="decision")
    text = (decision_text or "").strip()
    if not text:
        raise ValidationFailed(_("请写明决定理由。"), field="decision_text")
    # A decision after the due day is still recorded (the appellant is owed one), marked late.
    today = clock.today()
    with transaction.atomic():
        locked = Appeal.objects.select_for_update(of=("self",)).get(pk=appeal.pk)
        if locked.decision:
            raise ConflictError(_("该申诉已经作出处理决定。"), field="decision")
        amendment: dict[str, Any] = {}
        if decision == AppealDecision.UPHELD:
            if locked.kind == AppealKind.OMITTED:
                voter = voter_add(actor=actor, election=election, constituency=locked.constituency,
                                  full_name=locked.subject_name, id_number=id_number, address=address,
                                  source=VoterSource.APPEAL)  # fmt: skip
                locked.voter = voter
                amendment = {"added": voter.pk}
            elif locked.kind == AppealKind.WRONGLY_LISTED:
                assert locked.voter is not None
                voter_remove(
                    actor=actor, voter=locked.voter, reason=RemovalReason.APPEAL, note=text, via_appeal=True
                )
                amendment = {"removed": locked.voter_id}
            elif locked.voter is not None and address:
                Voter.objects.filter(pk=locked.voter_id).update(address=address.strip()[:200])
                amendment = {"address": locked.voter_id}
        locked.decision, locked.decision_text, locked.decided_on, locked.decided_by = (
            decision,
            text,
            today,
            actor,
        )
        locked.save(update_fields=["decision", "decision_text", "decided_on", "decided_by", "voter"])
        record_event(actor=actor, action="appeal.decide", target=locked, congress=election.congress,
                     after={"decision": decision, "decided_on": today, "late": today > locked.due_on, **amendment})  # fmt: skip
    return locked


# --- export ------------------------------------------------------------------------------------------

EXPORT_HEADERS = ["序号", "姓名", "性别", "出生日期", "身份证号", "住址", "备注"]
EXPORT_WIDTHS = [7, 12, 6, 12, 22, 36, 18]


def _text_cell(ws: Any, value: str) -> Any:
    """Text that could read as a formula is written as a text cell (formula injection)."""
    if value[:1] in ("=", "+", "-", "@"):
        cell = WriteOnlyCell(ws, value=value)
        cell.data_type = "s"
        return cell
    return value


def register_xlsx(election: Election, constituency: Constituency | None = None) -> tuple[bytes, int]:
    """The register as an Excel workbook to print: one sheet per constituency (or only ``one``),
    the eligible voters in register order, identity numbers masked; A4, the title and header rows
    repeated on every page, fitted to the page width, page numbers in the footer. (bytes, rows)."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook(write_only=True)
    items = [constituency] if constituency is not None else list(election.constituencies.all())
    rows = 0
    decrypt, mask = identity.decrypt, identity.mask
    for c in items:
        ws = wb.create_sheet(c.name[:31])
        for i, width in enumerate(EXPORT_WIDTHS):
            ws.column_dimensions["ABCDEFG"[i]].width = width
        ws.print_title_rows = "1:2"
        ws.page_setup.orientation = "portrait"
        ws.page_setup.paperSize = "9"  # A4
        ws.page_setup.fitToWidth = 1
        ws.page_setup.fitToHeight = 0
        ws.sheet_properties.pageSetUpPr.fitToPage = True
        ws.print_options.gridLines = True
        ws.print_options.horizontalCentered = True
        ws.oddFooter.center.text = "第 &P 页,共 &N 页"
        ws.freeze_panes = "A3"
        title = WriteOnlyCell(ws, value=f"{election.name} {c.name}选民名单")
        title.font = Font(bold=True, size=14)
        ws.append([title])
        head = []
        for h in EXPORT_HEADERS:
            cell = WriteOnlyCell(ws, value=h)
            cell.font = Font(bold=True)
            cell.alignment = Alignment(horizontal="center")
            head.append(cell)
        ws.append(head)
        qs = (
            Voter.objects.filter(constituency=c, status=VoterStatus.ELIGIBLE)
            .order_by("pk")
            .values_list("full_name", "gender", "birth_date", "id_number_encrypted", "address", "is_migrant")
        )
        genders = {"male": "男", "female": "女"}
        for n, (name, gender, born, encrypted, address, migrant) in enumerate(
            qs.iterator(chunk_size=5000), 1
        ):
            ws.append([n, _text_cell(ws, name), genders.get(gender, ""), born.isoformat() if born else "",
                       mask(decrypt(encrypted)), _text_cell(ws, address), "外来人员" if migrant else ""])  # fmt: skip
            rows += 1
    if not items:
        wb.create_sheet(_("选民名单"))
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue(), rows
