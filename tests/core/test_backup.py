"""Backup and restore: the demo backed up, destroyed and restored, every record and file back and the
audit chain still verifying; a changed, cut or wrongly keyed file refused before anything is touched."""

from __future__ import annotations

import hashlib
import io

import pytest
from django.apps import apps
from django.core import serializers
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, transaction

from renda.audit.services import record_event, verify_chain
from renda.core import backup
from renda.core.backup import BackupError, backed_up_models, create_backup, restore_backup, verify_backup

pytestmark = pytest.mark.django_db(transaction=True)

KEY = "test-backup-key-0123456789-abcdefghijklmnopqrstuvwxyz"


@pytest.fixture
def stores(settings, tmp_path):
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.RENDA_BACKUP_KEY = KEY
    return tmp_path


def _digest_everything() -> dict[str, str]:
    """Every row of every backed-up model, serialised in primary-key order, as one digest a model."""
    out = {}
    for model in backed_up_models():
        rows = list(model._base_manager.order_by("pk"))
        if rows:
            out[model._meta.label_lower] = hashlib.sha256(
                serializers.serialize("json", rows).encode()
            ).hexdigest()
    return out


def _attach_files() -> dict[str, bytes]:
    """A real attachment on a case, stored through its field's storage."""
    from django.contrib.auth import get_user_model

    from renda.cases.models import Attachment, Case

    case = Case.objects.order_by("pk").first()
    data = b"%PDF-1.4 renda backup test\n" + bytes(range(256))
    att = Attachment(
        case=case,
        original_name="办理方案.pdf",
        content_type="application/pdf",
        size=len(data),
        uploaded_by=get_user_model().objects.order_by("pk").first(),
    )
    att.file.save("办理方案.pdf", ContentFile(data), save=False)
    att.save()
    return {att.file.name: data}


def _all_files() -> dict[str, bytes]:
    """Every file named by a file field of any row, read through the field's storage."""
    found = {}
    for model in backed_up_models():
        for f in backup._file_fields(model):
            for name in model._base_manager.exclude(**{f.attname: ""}).values_list(f.attname, flat=True):
                with f.storage.open(name, "rb") as fh:
                    found[name] = fh.read()
    return found


def test_backup_destroy_restore_gives_back_every_record_and_file(stores):
    from django.core.files.storage import default_storage

    call_command("load_demo", verbosity=0)  # the whole demo county, every app's records
    _attach_files()
    files = _all_files()
    assert len(files) > 10
    before = _digest_everything()
    assert before and sum(1 for _ in before) > 50
    report = create_backup(stores / "backups")
    assert report.rows > 1000 and report.files == len(files) and not report.missing_files
    assert report.path.stat().st_mode & 0o777 == 0o600
    # nothing of the database is readable in the file
    raw = report.path.read_bytes()
    assert b'"engine"' not in raw and b'"model"' not in raw and "人大常委会办公室".encode() not in raw

    # destroy: every table emptied, the attachments deleted
    tables = connection.introspection.django_table_names(only_existing=True, include_views=False)
    from django.core.management.color import no_style

    with transaction.atomic(), connection.cursor() as cur:
        for sql in connection.ops.sql_flush(no_style(), tables, allow_cascade=True):
            cur.execute(sql)
    for name in files:
        default_storage.delete(name)
    assert apps.get_model("audit", "Event").objects.count() == 0

    result = restore_backup(report.path)
    assert result.rows == report.rows and result.files == len(files)
    assert _digest_everything() == before
    for name, data in files.items():
        with default_storage.open(name, "rb") as fh:
            assert fh.read() == data
    chain = verify_chain()
    assert chain.ok, chain.reason
    # the restored database goes on: a new event chains onto the restored head, and new rows get new ids
    record_event(actor=None, action="backup.restore", target_repr=report.path.name)
    assert verify_chain().ok
    from renda.core.models import Congress

    c = Congress.objects.order_by("pk").last()
    new = Congress.objects.create(name="还原后新建的人大", level=c.level, parent=c.parent)
    assert new.pk > c.pk


def test_a_changed_cut_or_wrongly_keyed_file_is_refused_before_anything_is_touched(stores):
    from renda.core.models import Congress
    from tests.factories import build_world

    build_world()
    report = create_backup(stores / "b")
    counts = Congress.objects.count()
    data = report.path.read_bytes()

    changed = stores / "changed.rbk"
    mid = len(data) // 2
    changed.write_bytes(data[:mid] + bytes([data[mid] ^ 1]) + data[mid + 1 :])
    with pytest.raises(BackupError, match="无法解密"):
        restore_backup(changed)

    cut = stores / "cut.rbk"
    cut.write_bytes(data[: len(data) - 40])
    with pytest.raises(BackupError, match="不完整|无法解密"):
        verify_backup(cut)

    with pytest.raises(BackupError, match="无法解密"):
        verify_backup(report.path, secret="another-key")

    other = stores / "other.rbk"
    other.write_bytes(b"PK\x03\x04 not a backup")
    with pytest.raises(BackupError, match="不是 Renda 的备份文件"):
        verify_backup(other)
    assert Congress.objects.count() == counts


def test_no_key_no_backup(stores, settings):
    settings.RENDA_BACKUP_KEY = ""
    with pytest.raises(BackupError, match="RENDA_BACKUP_KEY"):
        create_backup(stores / "b")


def test_encryption_round_trip_across_chunk_edges():
    for size in (0, 1, backup.CHUNK - 1, backup.CHUNK, backup.CHUNK + 1, 3 * backup.CHUNK + 7):
        plain = bytes((i * 7) % 251 for i in range(size))
        out = io.BytesIO()
        w = backup.EncryptingWriter(out, b"k")
        w.write(plain[: size // 3])
        w.write(plain[size // 3 :])
        w.finish()
        out.seek(0)
        assert io.BufferedReader(backup.DecryptingReader(out, b"k")).read() == plain
    # a chunk dropped or two swapped is refused
    out = io.BytesIO()
    w = backup.EncryptingWriter(out, b"k")
    w.write(b"x" * (2 * backup.CHUNK + 5))
    w.finish()
    blob = out.getvalue()
    head, step = len(backup.MAGIC) + 20, 4 + backup.CHUNK + 16
    first, second = blob[head : head + step], blob[head + step : head + 2 * step]
    swapped = blob[:head] + second + first + blob[head + 2 * step :]
    with pytest.raises(BackupError):
        io.BufferedReader(backup.DecryptingReader(io.BytesIO(swapped), b"k")).read()


def test_newer_anchors_make_restore_ask_and_are_kept_aside(stores, settings):
    from renda.audit.services import anchor_write
    from tests.factories import build_world

    build_world()
    report = create_backup(stores / "b")
    record_event(actor=None, action="backup.test", target_repr="after the backup")
    assert anchor_write() is not None
    with pytest.raises(BackupError, match="晚于这份备份"):
        restore_backup(report.path)
    result = restore_backup(report.path, supersede_newer_anchors=True)
    assert result.newer_anchors
    assert verify_chain().ok


def test_commands(stores, capsys):
    from tests.factories import build_world

    build_world()
    out_dir = stores / "cmd"
    for _ in range(3):
        call_command("backup", output=str(out_dir), keep=2)
    kept = sorted(out_dir.glob("*.rbk"))
    assert len(kept) == 2
    call_command("restore", str(kept[-1]), check=True)
    assert "备份文件完整" in capsys.readouterr().out
    call_command("restore", str(kept[-1]), yes=True)
    assert "审计日志完整" in capsys.readouterr().out
    with pytest.raises(CommandError, match="不是 Renda 的备份文件"):
        (out_dir / "x.rbk").write_bytes(b"nope")
        call_command("restore", str(out_dir / "x.rbk"), yes=True)
