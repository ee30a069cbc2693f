from django.core.management.base import BaseCommand, CommandError

from renda.audit.services import chain_pending, verify_chain


class Command(BaseCommand):
    help = "校验审计日志的哈希链(HMAC)、链头与锚点,报告第一处不符并以非零状态退出"

    def handle(self, *args, **options):
        chained = chain_pending()  # events recorded write-behind and committed: chain them first
        if chained:
            self.stdout.write(f"已将 {chained} 条待入链的审计记录写入哈希链")
        report = verify_chain()
        if report.ok:
            self.stdout.write(
                self.style.SUCCESS(
                    f"审计日志完整:已校验 {report.checked} 条记录,与 {report.anchors_checked} 个锚点一致"
                )
            )
            return
        where = f"第一处不符在事件 #{report.broken_event_id}" if report.broken_event_id else "链尾"
        raise CommandError(f"审计日志被篡改:{where}:{report.reason}(此前 {report.checked} 条完好)")
