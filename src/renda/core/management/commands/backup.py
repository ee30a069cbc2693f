"""``manage.py backup``: the database and the attachments in one encrypted, consistent file."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from renda.core.backup import BackupError, create_backup, describe, new_key, prune_backups


class Command(BaseCommand):
    help = "备份数据库与附件(一份加密文件,二者一致);--keep N 只保留最新的 N 份"

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=str(getattr(settings, "RENDA_BACKUP_DIR", settings.BASE_DIR / "var" / "backups")),
            help="备份文件存放的文件夹(默认 RENDA_BACKUP_DIR)",
        )
        parser.add_argument("--keep", type=int, default=0, help="备份后只保留最新的 N 份(0 = 全部保留)")
        parser.add_argument("--new-key", action="store_true", help="只生成一个新的随机备份密钥并打印")

    def handle(self, *args, **options):
        if options["new_key"]:
            self.stdout.write(new_key())
            return
        verbose = options["verbosity"] > 1
        try:
            report = create_backup(
                Path(options["output"]), progress=(lambda m: self.stdout.write(m)) if verbose else None
            )
        except BackupError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(self.style.SUCCESS(describe(report)))
        self.stdout.write(str(report.path))
        if report.missing_files:
            self.stderr.write(
                f"有 {len(report.missing_files)} 个附件在存储中找不到,未能备份:"
                + "、".join(report.missing_files[:10])
            )
        if options["keep"]:
            for gone in prune_backups(Path(options["output"]), options["keep"]):
                self.stdout.write(f"已删除较早的备份 {gone.name}")
