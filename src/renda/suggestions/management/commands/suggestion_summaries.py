"""Fold the marked congress × year groups into the suggestion statistics' summary rows, or rebuild them
all (``--rebuild``: after a bulk load or to repair)."""

import time

from django.core.management.base import BaseCommand

from renda.suggestions import summary


class Command(BaseCommand):
    help = "汇总代表建议统计:合并待汇总的年度(--rebuild 全部重建)。"

    def add_arguments(self, parser):
        parser.add_argument("--rebuild", action="store_true", help="全部重建汇总行")

    def handle(self, *args, **options):
        started = time.perf_counter()
        if options["rebuild"]:
            rows = summary.rebuild_all()
            self.stdout.write(
                f"已重建 {rows['groups']} 个汇总组、{rows['unit_rows']} 个承办单位汇总行,"
                f"用时 {time.perf_counter() - started:.1f} 秒。"
            )
        else:
            groups = summary.fold_marks()
            self.stdout.write(f"已汇总 {groups} 个年度组,用时 {time.perf_counter() - started:.1f} 秒。")
