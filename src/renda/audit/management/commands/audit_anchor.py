from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from renda.audit.services import ChainBroken, anchor_write


class Command(BaseCommand):
    help = "校验审计链并立即写一个锚点(平时由每日任务 audit.anchor 完成)"

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                anchor = anchor_write()
        except ChainBroken as exc:
            raise CommandError(str(exc)) from None
        if anchor is None:
            self.stdout.write("审计日志为空,未写锚点")
            return
        self.stdout.write(
            self.style.SUCCESS(f"已写入锚点 {anchor.name}:事件 #{anchor.event_id},共 {anchor.event_count} 条")
        )
