"""``manage.py restore FILE``: replace the database and the attachments with a backup's."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from renda.audit.services import verify_chain
from renda.core.backup import BackupError, restore_backup, verify_backup


class Command(BaseCommand):
    help = "从备份文件还原数据库与附件(先完整校验备份文件;会替换现有全部数据)"

    def add_arguments(self, parser):
        parser.add_argument("path", help="备份文件(.rbk)")
        parser.add_argument("--check", action="store_true", help="只校验备份文件是否完整,不还原")
        parser.add_argument("--yes", action="store_true", help="不再询问,直接替换现有数据")
        parser.add_argument(
            "--supersede-newer-anchors",
            action="store_true",
            help="晚于备份的审计锚点移入 superseded-restore 文件夹(还原较早的备份时需要)",
        )

    def handle(self, *args, **options):
        try:
            if options["check"]:
                archive = verify_backup(options["path"])
                total = sum(archive.manifest["counts"].values())
                self.stdout.write(
                    self.style.SUCCESS(
                        f"备份文件完整:生成于 {archive.header['created_at']},{total} 条记录,"
                        f"附件 {len(archive.manifest['files'])} 个。"
                    )
                )
                return
            if not options["yes"]:
                answer = input("还原会替换本数据库的全部数据和附件。输入 yes 继续:")
                if answer.strip().lower() != "yes":
                    raise CommandError("已取消,没有改动任何数据。")
            report = restore_backup(
                options["path"],
                supersede_newer_anchors=options["supersede_newer_anchors"],
                progress=(lambda m: self.stdout.write(m)) if options["verbosity"] > 1 else None,
            )
        except BackupError as exc:
            raise CommandError(exc.message) from exc
        self.stdout.write(
            self.style.SUCCESS(
                f"还原完成:备份生成于 {report.created_at},还原记录 {report.rows} 条、附件 {report.files} 个。"
            )
        )
        if report.newer_anchors:
            self.stdout.write(
                f"晚于备份的 {len(report.newer_anchors)} 个审计锚点已移入 superseded-restore 文件夹。"
            )
        chain = verify_chain()
        if not chain.ok:
            raise CommandError(f"还原后审计日志校验未通过:{chain.reason}")
        self.stdout.write(f"审计日志完整:已校验 {chain.checked} 条记录。")
