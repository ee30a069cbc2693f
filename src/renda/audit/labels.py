"""Chinese labels of audit action codes, for the audit viewer.

``ACTION_LABELS`` maps an action code (``Event.action``) to its Chinese name; codes written on
cases are named in ``renda.cases.labels`` and looked up there too. Add the label of a new action
here when you add the ``record_event`` call.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

ACTION_LABELS: dict[str, Any] = {
    # the audit trail itself (renda.audit)
    "audit.read": gettext_lazy("查阅审计日志"),
    "audit.export": gettext_lazy("导出审计日志"),
    "audit.verify": gettext_lazy("校验审计日志"),
    "audit.anchor": gettext_lazy("写入审计日志锚点"),
    "audit.rekey": gettext_lazy("重新计算审计链签名"),
    # bulk exports (renda.audit.services.record_export, called by the export views)
    "user.export": gettext_lazy("导出用户列表"),
    "user_initial_password.export": gettext_lazy("下载导入用户的初始密码"),
    "deputy_register.export": gettext_lazy("导出代表名册"),
    "deputy_ranking.export": gettext_lazy("导出代表履职积分排名"),
    "deputy_voter_codes.export": gettext_lazy("导出述职测评码"),
    "suggestion.export": gettext_lazy("导出代表建议登记表"),
    "suggestion_statistics.export": gettext_lazy("导出代表建议统计"),
    "liaison_station.export": gettext_lazy("导出代表联络站"),
    "opinion.export": gettext_lazy("导出社情民意登记表"),
    "opinion_statistics.export": gettext_lazy("导出社情民意统计"),
    # deputies (renda.deputies.record_services)
    "deputy_voter_rating.submit": gettext_lazy("选民测评代表述职"),
    "deputy_exit_warning.open": gettext_lazy("生成代表退出预警"),
}


def action_label(code: str) -> str:
    """The Chinese name of an action code; an unknown code still reads as Chinese."""
    found = ACTION_LABELS.get(code)
    if found is None:
        from renda.cases.labels import ACTION_LABELS as CASE_LABELS

        found = CASE_LABELS.get(code)
    return str(found) if found is not None else _("其他操作")
