"""Backups: the database and the attachments in one encrypted file, consistent with each other.

``create_backup`` reads every row of every model in one read-only transaction (a snapshot: on
PostgreSQL ``REPEATABLE READ``, on SQLite the snapshot a read transaction holds), gathers the files
named by the file fields of those same rows and the audit chain's anchor files, and writes them as a
tar stream through an AES-256-GCM encryption in chunks (``RENDA_BACKUP_KEY``): every chunk is
authenticated with its position, so a changed, reordered or cut file is refused, never half read.

``restore_backup`` first reads the whole file once to prove it whole (every chunk, the manifest's
counts and SHA-256 digests), refuses a backup whose migrations differ from the database's, and only
then replaces every table in one transaction (PostgreSQL ``TRUNCATE``, SQLite ``DELETE``, rows loaded
raw, sequences reset), writes the files back, puts back the anchors and rebuilds derived indexes.

The format is the engine's own Django serialisation (JSON lines), so a backup taken on SQLite
restores on PostgreSQL and back: the way a county moves its data to a bigger server.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import io
import json
import os
import secrets
import struct
import tarfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.management.color import no_style
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, models, transaction
from django.db.migrations.recorder import MigrationRecorder
from django.db.models import signals
from django.dispatch import Signal

from renda.core import clock
from renda.core.errors import RendaError

MAGIC = b"RENDABK1"
FORMAT = "renda-backup/1"
CHUNK = 1 << 20  # plaintext bytes per encrypted chunk
ROWS_PER_MEMBER = 5000
FINAL_FLAG = 0x80000000
# Rows not worth keeping: signed-in sessions (users sign in again) and the derived search index
# (rebuilt after a restore from the rows it indexes).
SKIPPED_MODELS = {"sessions.session", "analytics.searchentry"}
SUFFIX = ".rbk"

# Sent after a restore has committed: apps rebuild what they derive from the rows (search index).
restored = Signal()


class LosslessEncoder(DjangoJSONEncoder):
    """Django's encoder cuts times to milliseconds; a backup keeps every microsecond (the audit
    chain's hashes cover them)."""

    def default(self, o: Any) -> Any:
        if isinstance(o, dt.datetime | dt.time):
            return o.isoformat()
        return super().default(o)


class BackupError(RendaError):
    """A backup or restore refused, with the reason in Chinese."""


# ---------------------------------------------------------------------------------------------------
# Encryption: AES-256-GCM in chunks, each authenticated with the file header, its index and whether
# it is the last one.


def _key(secret: str | None = None) -> bytes:
    value = secret if secret is not None else str(getattr(settings, "RENDA_BACKUP_KEY", "") or "")
    if not value:
        raise BackupError("未设置备份密钥 RENDA_BACKUP_KEY:备份文件必须加密保存,请在环境变量中设置后再试。")
    return value.encode()


def _derive(secret: bytes, salt: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=salt, info=b"renda-backup-v1").derive(secret)


class EncryptingWriter(io.RawIOBase):
    """A write-only stream that encrypts what is written, one authenticated chunk per ``CHUNK``."""

    def __init__(self, out: IO[bytes], secret: bytes) -> None:
        self._out = out
        self._salt = secrets.token_bytes(16)
        self._prefix = secrets.token_bytes(4)
        self._header = MAGIC + self._salt + self._prefix
        self._aead = AESGCM(_derive(secret, self._salt))
        self._buffer = bytearray()
        self._index = 0
        self._finished = False
        out.write(self._header)

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        view = bytes(data)
        self._buffer += view
        while len(self._buffer) > CHUNK:
            self._emit(bytes(self._buffer[:CHUNK]), final=False)
            del self._buffer[:CHUNK]
        return len(view)

    def _emit(self, plain: bytes, *, final: bool) -> None:
        nonce = self._prefix + struct.pack(">Q", self._index)
        flag = len(plain) | (FINAL_FLAG if final else 0)
        aad = self._header + struct.pack(">QI", self._index, flag)
        sealed = self._aead.encrypt(nonce, plain, aad)
        self._out.write(struct.pack(">I", flag))
        self._out.write(sealed)
        self._index += 1

    def finish(self) -> None:
        if not self._finished:
            self._emit(bytes(self._buffer), final=True)
            self._buffer.clear()
            self._finished = True


class DecryptingReader(io.RawIOBase):
    """Reads what ``EncryptingWriter`` wrote; any change, reordering or truncation raises."""

    def __init__(self, src: IO[bytes], secret: bytes) -> None:
        self._src = src
        header = src.read(len(MAGIC) + 20)
        if len(header) < len(MAGIC) + 20 or not header.startswith(MAGIC):
            raise BackupError("这不是 Renda 的备份文件(文件头不符)。")
        salt, self._prefix = header[len(MAGIC) : len(MAGIC) + 16], header[len(MAGIC) + 16 :]
        self._header = header
        self._aead = AESGCM(_derive(secret, salt))
        self._plain = b""
        self._pos = 0
        self._index = 0
        self._done = False

    def readable(self) -> bool:
        return True

    def _next(self) -> None:
        raw = self._src.read(4)
        if len(raw) < 4:
            raise BackupError("备份文件不完整:文件在结尾之前中断。")
        (flag,) = struct.unpack(">I", raw)
        size = flag & ~FINAL_FLAG
        sealed = self._src.read(size + 16)
        if len(sealed) < size + 16:
            raise BackupError("备份文件不完整:文件在结尾之前中断。")
        nonce = self._prefix + struct.pack(">Q", self._index)
        aad = self._header + struct.pack(">QI", self._index, flag)
        try:
            self._plain = self._aead.decrypt(nonce, sealed, aad)
        except Exception as exc:  # cryptography's InvalidTag
            raise BackupError("备份文件无法解密:密钥不对,或文件已被改动。") from exc
        self._pos = 0
        self._index += 1
        if flag & FINAL_FLAG:
            self._done = True
            if self._src.read(1):
                raise BackupError("备份文件在结尾之后还有多余内容,已拒绝。")

    def readinto(self, buffer: Any) -> int:
        while self._pos >= len(self._plain):
            if self._done:
                return 0
            self._next()
        n = min(len(buffer), len(self._plain) - self._pos)
        buffer[:n] = self._plain[self._pos : self._pos + n]
        self._pos += n
        return n


# ---------------------------------------------------------------------------------------------------
# What is backed up


def backed_up_models() -> list[type[models.Model]]:
    """Every concrete, managed model with a table, parents before children, m2m tables included."""
    found: list[type[models.Model]] = []
    for model in apps.get_models(include_auto_created=True):
        meta = model._meta
        if meta.proxy or not meta.managed or meta.label_lower in SKIPPED_MODELS:
            continue
        found.append(model)
    return sorted(found, key=lambda m: m._meta.label_lower)


def _file_fields(model: type[models.Model]) -> list[models.FileField]:
    return [f for f in model._meta.local_concrete_fields if isinstance(f, models.FileField)]


def _applied_migrations() -> dict[str, list[str]]:
    applied: dict[str, list[str]] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        applied.setdefault(app, []).append(name)
    return {app: sorted(names) for app, names in sorted(applied.items())}


def _anchor_dir() -> Path:
    return Path(getattr(settings, "RENDA_AUDIT_ANCHOR_DIR", settings.BASE_DIR / "var" / "audit-anchors"))


@contextlib.contextmanager
def _snapshot() -> Iterator[None]:
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cur:
                cur.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        yield


def _add(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size = len(data)
    info.mtime = int(clock.now().timestamp())
    info.mode = 0o600
    tar.addfile(info, io.BytesIO(data))


@dataclass
class BackupReport:
    path: Path
    rows: int = 0
    models: int = 0
    files: int = 0
    file_bytes: int = 0
    missing_files: list[str] = field(default_factory=list)
    anchors: int = 0
    size: int = 0
    last_event_id: int | None = None


def create_backup(
    out_dir: Path | str, *, secret: str | None = None, progress: Callable[[str], None] | None = None
) -> BackupReport:
    """Write one encrypted backup file into ``out_dir``; returns what it holds."""
    key = _key(secret)
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    stamp = clock.now().strftime("%Y%m%d-%H%M%S")
    path = out_dir / f"renda-{stamp}-{secrets.token_hex(3)}{SUFFIX}"
    partial = path.with_suffix(".partial")
    report = BackupReport(path=path)
    say = progress or (lambda _msg: None)
    manifest: dict[str, Any] = {"format": FORMAT, "members": {}, "counts": {}, "files": {}, "anchors": []}
    try:
        with open(partial, "wb") as raw, _snapshot():
            os.chmod(partial, 0o600)
            writer = EncryptingWriter(raw, key)
            with tarfile.open(fileobj=writer, mode="w|", format=tarfile.PAX_FORMAT) as tar:
                header = {
                    "format": FORMAT,
                    "created_at": clock.now().isoformat(),
                    "engine": connection.vendor,
                    "migrations": _applied_migrations(),
                }
                _add(tar, "header.json", json.dumps(header, ensure_ascii=False).encode())
                wanted_files: dict[str, Any] = {}
                for model in backed_up_models():
                    label = model._meta.label_lower
                    fields = _file_fields(model)
                    count, part = 0, 0
                    rows = model._base_manager.order_by("pk").iterator(chunk_size=2000)
                    batch: list[models.Model] = []

                    # Only the model's own columns: many-to-many rows travel as the rows of their
                    # own (auto-created) through tables, with their ids, never twice.
                    own = [f.name for f in model._meta.local_fields if not f.primary_key]

                    def flush(
                        batch: list[models.Model], part: int, label: str = label, own: list[str] = own
                    ) -> None:
                        data = serializers.serialize("jsonl", batch, cls=LosslessEncoder, fields=own).encode()
                        name = f"data/{label}/{part:05d}.jsonl"
                        _add(tar, name, data)
                        manifest["members"][name] = hashlib.sha256(data).hexdigest()

                    for obj in rows:
                        batch.append(obj)
                        for f in fields:
                            name = getattr(obj, f.attname)
                            if name:
                                wanted_files.setdefault(str(name), f.storage)
                        if len(batch) >= ROWS_PER_MEMBER:
                            flush(batch, part)
                            count += len(batch)
                            part += 1
                            batch = []
                    if batch:
                        flush(batch, part)
                        count += len(batch)
                    if count:
                        manifest["counts"][label] = count
                        report.models += 1
                        report.rows += count
                        say(f"{model._meta.verbose_name}:{count} 条")
                event_model = apps.get_model("audit", "Event")
                report.last_event_id = (
                    event_model._base_manager.order_by("-pk").values_list("pk", flat=True).first()
                )
                manifest["last_event_id"] = report.last_event_id
                for name, storage in sorted(wanted_files.items()):
                    try:
                        with storage.open(name, "rb") as fh:
                            data = fh.read()
                    except (FileNotFoundError, OSError):
                        report.missing_files.append(name)
                        continue
                    _add(tar, f"files/{name}", data)
                    manifest["files"][name] = hashlib.sha256(data).hexdigest()
                    report.files += 1
                    report.file_bytes += len(data)
                anchors = _anchor_dir()
                if anchors.is_dir():
                    for p in sorted(anchors.glob("*.json")):
                        data = p.read_bytes()
                        _add(tar, f"anchors/{p.name}", data)
                        manifest["anchors"].append(p.name)
                        manifest["members"][f"anchors/{p.name}"] = hashlib.sha256(data).hexdigest()
                        report.anchors += 1
                manifest["missing_files"] = report.missing_files
                _add(tar, "manifest.json", json.dumps(manifest, ensure_ascii=False).encode())
            writer.finish()
        partial.replace(path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    report.size = path.stat().st_size
    return report


def prune_backups(out_dir: Path | str, keep: int) -> list[Path]:
    """Delete all but the newest ``keep`` backup files in ``out_dir``; returns the deleted ones."""
    files = sorted(Path(out_dir).glob(f"renda-*{SUFFIX}"), key=lambda p: p.name, reverse=True)
    gone = files[max(keep, 1) :]
    for p in gone:
        p.unlink()
    return gone


# ---------------------------------------------------------------------------------------------------
# Reading and restoring


@dataclass
class Archive:
    header: dict[str, Any]
    manifest: dict[str, Any]


def _members(path: Path, key: bytes) -> Iterator[tuple[str, bytes]]:
    with open(path, "rb") as raw:
        reader = io.BufferedReader(DecryptingReader(raw, key), buffer_size=CHUNK)
        try:
            with tarfile.open(fileobj=reader, mode="r|") as tar:
                for info in tar:
                    if not info.isfile():
                        continue
                    fh = tar.extractfile(info)
                    yield info.name, fh.read() if fh is not None else b""
        except tarfile.TarError as exc:
            raise BackupError("备份文件内容损坏,无法读取。") from exc


def verify_backup(path: Path | str, *, secret: str | None = None) -> Archive:
    """Read the whole file once: every chunk authenticated, every member's digest and count checked."""
    key = _key(secret)
    header: dict[str, Any] | None = None
    manifest: dict[str, Any] | None = None
    digests: dict[str, str] = {}
    files: dict[str, str] = {}
    counts: dict[str, int] = {}
    for name, data in _members(Path(path), key):
        if name == "header.json":
            header = json.loads(data)
        elif name == "manifest.json":
            manifest = json.loads(data)
        elif name.startswith("files/"):
            files[name[len("files/") :]] = hashlib.sha256(data).hexdigest()
        else:
            digests[name] = hashlib.sha256(data).hexdigest()
            if name.startswith("data/"):
                label = name.split("/")[1]
                counts[label] = counts.get(label, 0) + data.count(b"\n")
    if header is None or manifest is None or header.get("format") != FORMAT:
        raise BackupError("备份文件缺少文件头或清单,不能还原。")
    if digests != manifest["members"] or files != manifest["files"]:
        raise BackupError("备份文件与其清单不符(内容或数字摘要不一致),不能还原。")
    if counts != manifest["counts"]:
        raise BackupError("备份文件中的记录数与清单不符,不能还原。")
    return Archive(header=header, manifest=manifest)


@contextlib.contextmanager
def _model_signals_muted() -> Iterator[None]:
    """A raw restore is not a chain of saves: no receiver (indexing, notifications) may run."""
    muted = [
        signals.pre_save,
        signals.post_save,
        signals.pre_delete,
        signals.post_delete,
        signals.m2m_changed,
    ]
    saved = [(s, s.receivers[:]) for s in muted]
    for s in muted:
        s.receivers = []
        s.sender_receivers_cache.clear()
    try:
        yield
    finally:
        for s, receivers in saved:
            s.receivers = receivers
            s.sender_receivers_cache.clear()


@dataclass
class RestoreReport:
    rows: int = 0
    files: int = 0
    anchors_restored: int = 0
    newer_anchors: list[str] = field(default_factory=list)
    created_at: str = ""
    counts: dict[str, int] = field(default_factory=dict)


def _newer_anchors(last_event_id: int | None) -> list[Path]:
    folder = _anchor_dir()
    newer = []
    if not folder.is_dir():
        return newer
    for p in sorted(folder.glob("*.json")):
        try:
            event_id = int(json.loads(p.read_text()).get("event_id") or 0)
        except (ValueError, OSError):
            continue
        if last_event_id is None or event_id > last_event_id:
            newer.append(p)
    return newer


def restore_backup(
    path: Path | str,
    *,
    secret: str | None = None,
    supersede_newer_anchors: bool = False,
    progress: Callable[[str], None] | None = None,
) -> RestoreReport:
    """Replace the whole database and the attachments with the backup's (after proving it whole)."""
    key = _key(secret)
    path = Path(path)
    say = progress or (lambda _msg: None)
    archive = verify_backup(path, secret=secret)
    say("备份文件完整,校验通过。")
    if archive.header["migrations"] != _applied_migrations():
        raise BackupError(
            "备份与本数据库的数据库结构版本(迁移)不一致:请用生成备份时的同一版本程序还原,再升级。"
        )
    newer = _newer_anchors(archive.manifest.get("last_event_id"))
    if newer and not supersede_newer_anchors:
        raise BackupError(
            f"有 {len(newer)} 个审计锚点晚于这份备份(如 {newer[0].name}):还原会丢失备份之后的审计记录。"
            "确需还原,请加 --supersede-newer-anchors,这些锚点将移入 superseded-restore 文件夹留存。"
        )
    report = RestoreReport(
        created_at=archive.header.get("created_at", ""), counts=dict(archive.manifest["counts"])
    )
    storages: dict[str, Any] = {}
    for model in backed_up_models():
        for f in _file_fields(model):
            storages.setdefault(model._meta.label_lower, f.storage)
    default_storage = next(iter(storages.values()), None)
    restored_models = backed_up_models()
    with _model_signals_muted(), transaction.atomic():
        tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
        for sql in connection.ops.sql_flush(no_style(), tables, reset_sequences=True, allow_cascade=True):
            with connection.cursor() as cur:
                cur.execute(sql)
        with connection.constraint_checks_disabled():
            for name, data in _members(path, key):
                if name.startswith("data/"):
                    text = data.decode()
                    for obj in serializers.deserialize("jsonl", text, ignorenonexistent=False):
                        obj.save()
                        report.rows += 1
                    say(f"已还原 {name.split('/')[1]}")
                elif name.startswith("files/") and default_storage is not None:
                    stored = name[len("files/") :]
                    if default_storage.exists(stored):
                        default_storage.delete(stored)
                    saved = default_storage.save(stored, ContentFile(data))
                    if saved != stored:
                        raise BackupError(f"附件 {stored} 无法按原名写回。")
                    report.files += 1
                elif name.startswith("anchors/"):
                    folder = _anchor_dir()
                    folder.mkdir(parents=True, exist_ok=True)
                    target = folder / name[len("anchors/") :]
                    if not target.exists():
                        target.write_bytes(data)
                        report.anchors_restored += 1
        connection.check_constraints()
        for sql in connection.ops.sequence_reset_sql(no_style(), restored_models):
            with connection.cursor() as cur:
                cur.execute(sql)
    if newer:
        target = _anchor_dir() / f"superseded-restore-{clock.now():%Y%m%dT%H%M%S}"
        target.mkdir(parents=True, exist_ok=True)
        for p in newer:
            p.replace(target / p.name)
        report.newer_anchors = [p.name for p in newer]
    _rebuild_derived()
    return report


def _rebuild_derived() -> None:
    """Indexes kept outside the backed-up rows are built again from the rows: each app that keeps one
    (the search index of ``renda.analytics``) listens to ``restored``."""
    restored.send(sender=restore_backup)


def describe(report: BackupReport) -> str:
    size = report.size / (1 << 20)
    return (
        f"备份完成:{report.path.name}({size:.1f} MB),{report.models} 类数据共 {report.rows} 条记录,"
        f"附件 {report.files} 个,审计锚点 {report.anchors} 个。"
    )


def new_key() -> str:
    """A fresh random backup key, for the operator to keep in the environment and in a safe."""
    return secrets.token_urlsafe(48)


__all__ = [
    "BackupError",
    "create_backup",
    "describe",
    "new_key",
    "prune_backups",
    "restore_backup",
    "verify_backup",
]
