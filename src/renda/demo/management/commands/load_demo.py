"""``manage.py load_demo``: build the demo county (示例县), idempotently."""

from __future__ import annotations

import logging
from importlib import import_module
from typing import Any

from django.core.management.base import BaseCommand

from renda.demo import load_demo

# Each domain app's demo data, loaded after the county exists ("module:function", each idempotent).
DEMO_EXTENSIONS = [
    "renda.demo.liaison:load_liaison_demo",
    "renda.demo.suggestions:load_suggestions_demo",
    "renda.demo.portal:load_portal_demo",
    "renda.demo.records:load_records_demo",
    "renda.demo.meetings:load_meetings_demo",
    "renda.demo.elections:load_elections_demo",
    "renda.demo.voting:load_voting_demo",
    "renda.demo.livelihood:load_livelihood_demo",
    "renda.demo.oversight_filings:load_oversight_filings_demo",
    "renda.demo.oversight_opinions:load_oversight_opinions_demo",
    "renda.demo.tasks:load_tasks_demo",
    "renda.demo.legislation:load_legislation_demo",
    "renda.demo.oversight_plans:load_oversight_plans_demo",
    "renda.demo.oversight_reports:load_oversight_reports_demo",
    "renda.demo.budget:load_budget_demo",
    "renda.demo.screening:load_screening_demo",
]

LABELS = {
    "budget_lines": "预算项目",
    "budget_imports": "预算执行导入",
    "supervision_plans": "监督工作计划",
    "plan_items": "监督计划事项",
    "inspections": "执法检查",
    "rectifications": "整改事项",
    "evaluations": "工作评议",
    "evaluation_scores": "评议测评分",
    "inquiries": "专题询问",
    "interpellations": "质询案",
    "report_obligations": "法定报告事项",
    "statutory_reports": "法定报告",
    "major_matters": "重大事项",
    "resolutions": "决议决定",
    "congresses": "人大",
    "terms": "届",
    "sessions": "会议次",
    "organizations": "机构",
    "deputy_groups": "代表小组",
    "deputies": "代表",
    "mandates": "代表资格",
    "users": "账号",
    "memberships": "任职",
    "deputy_links": "代表账号关联",
    "totp_devices": "两步验证器",
    "profiles": "联络站档案",
    "checklist": "六有清单项",
    "rules": "接待日规则",
    "days": "接待日",
    "suggestions": "代表建议",
    "published": "公开建议",
    "township_users": "乡镇人大账号",
    "township_suggestions": "乡镇代表建议",
    "articles": "门户文章",
    "register_edits": "代表信息补充",
    "activities": "履职活动",
    "participations": "活动参加记录",
    "self_reports": "代表自报",
    "voter_reports": "述职",
    "meeting_requests": "约见",
    "funds": "经费与关爱记录",
    "exit_warnings": "退出预警",
    "rankings": "积分通报",
    "meetings": "会议",
    "opinions": "审议意见",
    "opinion_ratings": "审议意见满意度测评",
    "votes": "表决",
    "ballots": "选票",
    "sign_ins": "会议签到",
    "leave_requests": "会议请假",
    "attendance_reports": "出席情况年度报告",
    "elections": "选举",
    "task_notices": "任务通知",
    "tasks": "分解任务",
    "voters": "选民",
    "livelihood_programmes": "民生实事票决",
    "livelihood_projects": "民生实事候选项目",
    "livelihood_inspections": "代表视察",
    "filings": "备案文件",
    "review_requests": "审查建议",
    "special_reviews": "专项审查",
    "appointments": "人事任免",
    "legislation": "立法计划、项目和意见",
}


class Command(BaseCommand):
    help = "加载示例数据:示例市、示例县(含12个乡镇人大)、邻县,约800名代表和各角色的演示账号。可重复运行。"

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--if-empty",
            action="store_true",
            help="示例县人大已存在时直接跳过(用于启动脚本)。",
        )
        parser.add_argument(
            "--core-only",
            action="store_true",
            help="只建人大、机构、代表和账号,不加载建议、门户、联络站、履职等业务示例(测试用,更快)。",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        result = load_demo(if_empty=options["if_empty"])
        if result.skipped:
            self.stdout.write("示例数据已存在,已跳过(--if-empty)。")
            return
        if not result.changed:
            self.stdout.write(
                self.style.SUCCESS(f"示例数据已是完整的,未作任何更改(用时 {result.seconds:.1f} 秒)。")
            )
        else:
            parts = [f"{LABELS.get(k, k)} {v}" for k, v in sorted(result.created.items()) if v]
            self.stdout.write(
                self.style.SUCCESS(
                    f"已加载示例数据(用时 {result.seconds:.1f} 秒):新建 " + "、".join(parts) + "。"
                )
            )
        # The demo sends hundreds of notifications; the logging SMS sender need not print each one.
        logging.getLogger("renda.notifications").setLevel(logging.WARNING)
        for spec in [] if options.get("core_only") else DEMO_EXTENSIONS:
            module_name, func_name = spec.split(":")
            try:
                module = import_module(module_name)
            except ModuleNotFoundError:
                continue
            counts = getattr(module, func_name)() or {}
            created = {k: v for k, v in counts.items() if v}
            if created:
                self.stdout.write(
                    "  新建 " + "、".join(f"{LABELS.get(k, k)} {v}" for k, v in created.items())
                )
        self.stdout.write("运行 python manage.py demo_logins 查看演示账号。")
