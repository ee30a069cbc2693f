"""Chinese names of audit events: one registry for every action code and every target type.

The codes (``auth.login``, ``case.transition``) and ``core.user#3`` stay what the audit chain,
the exports and the API carry; screens show these labels instead. **Every code passed to
``record_event`` anywhere in the source must have an entry in ``ACTION_LABELS``** — a test
(``tests/audit/test_labels.py``) reads the source and fails on a code without a label, so a new
event action is added here together with its service.

Targets read as "用户 张三" or "代表建议 JY2026-0032": the type's name comes from
``TARGET_TYPE_LABELS`` (else the model's ``verbose_name``), the object's name from the event's
``target_repr``, or from a namer an app registers for its own type (``register_target_namer``:
the case engine names a case by its kind and number, without the audit app importing it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
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
    "case_inbox.export": gettext_lazy("导出我的待办"),
    # deputies (renda.deputies.record_services)
    "deputy_voter_rating.submit": gettext_lazy("选民测评代表述职"),
    "deputy_exit_warning.open": gettext_lazy("生成代表退出预警"),
    # imports (renda.documents)
    "import_mapping.save": gettext_lazy("保存导入列对应关系"),
    # sign-in and sessions (renda.security)
    "auth.login": gettext_lazy("登录"),
    "auth.login_failed": gettext_lazy("登录失败"),
    "auth.lockout": gettext_lazy("账号被锁定"),
    "auth.logout": gettext_lazy("退出登录"),
    "auth.timeout": gettext_lazy("会话超时退出"),
    "auth.2fa_enrolled": gettext_lazy("绑定两步验证"),
    "auth.2fa_verified": gettext_lazy("两步验证通过"),
    "auth.2fa_failed": gettext_lazy("两步验证失败"),
    "security.policy_update": gettext_lazy("修改安全策略"),
    "security.unlock": gettext_lazy("解除锁定"),
    "security.totp_reset": gettext_lazy("重置两步验证"),
    "api_token.create": gettext_lazy("创建接口令牌"),
    "api_token.revoke": gettext_lazy("吊销接口令牌"),
    "api_token.revoke_all": gettext_lazy("吊销账号的全部接口令牌"),
    # congresses, organisations, users (renda.core)
    "congress.create": gettext_lazy("新建人大"),
    "term.create": gettext_lazy("新建届次"),
    "session.create": gettext_lazy("新建会议"),
    "organization.create": gettext_lazy("新建机构"),
    "organization.update": gettext_lazy("修改机构"),
    "organization.activate": gettext_lazy("启用机构"),
    "organization.deactivate": gettext_lazy("停用机构"),
    "user.create": gettext_lazy("新建用户"),
    "user.update": gettext_lazy("修改用户"),
    "user.activate": gettext_lazy("启用用户"),
    "user.deactivate": gettext_lazy("停用用户"),
    "user.password_reset": gettext_lazy("重置密码"),
    "user.password_change": gettext_lazy("修改密码"),
    "permission.grant": gettext_lazy("授予角色"),
    "permission.revoke": gettext_lazy("撤销角色"),
    "demo.load": gettext_lazy("加载示例数据"),
    # the case engine (renda.cases)
    "case.create": gettext_lazy("创建"),
    "case.party_add": gettext_lazy("增加当事人"),
    "case.transition": gettext_lazy("状态变更"),
    "case.assign": gettext_lazy("交办"),
    "assignment.sign": gettext_lazy("承办单位签收"),
    "assignment.plan": gettext_lazy("提交办理工作方案"),
    "assignment.contact": gettext_lazy("与提出人沟通"),
    "assignment.progress": gettext_lazy("报告办理进展"),
    "assignment.co_opinion": gettext_lazy("送达协办意见"),
    "case.reply": gettext_lazy("答复"),
    "reply_draft.submit": gettext_lazy("起草答复稿并送签"),
    "reply_draft.update": gettext_lazy("修改答复稿"),
    "reply_draft.resubmit": gettext_lazy("修改答复稿后重新送签"),
    "reply_draft.sign_off": gettext_lazy("签发答复"),
    "reply_draft.send_back": gettext_lazy("退回答复稿"),
    "case.rate": gettext_lazy("满意度测评"),
    "case.mark_key": gettext_lazy("重点督办设置"),
    "case.supervise": gettext_lazy("督办"),
    "case.publish": gettext_lazy("公开"),
    "case.withhold": gettext_lazy("设为不公开"),
    "case.attach": gettext_lazy("上传附件"),
    "extension.request": gettext_lazy("申请延期"),
    "extension.decide": gettext_lazy("延期审批"),
    "return.request": gettext_lazy("申请退回"),
    "return.decide": gettext_lazy("退回审批"),
    "calendar.set": gettext_lazy("设置工作日历"),
    "case_setting.update": gettext_lazy("修改办理期限参数"),
    # deputies' suggestions (renda.suggestions)
    "suggestion.create": gettext_lazy("起草建议"),
    "suggestion.update": gettext_lazy("修改建议"),
    "suggestion.cosigner_invite": gettext_lazy("邀请附议"),
    "suggestion.cosigner_respond": gettext_lazy("附议答复"),
    "suggestion.review": gettext_lazy("审查"),
    "suggestion.merged_in": gettext_lazy("并入其他建议"),
    "suggestion.allow_public": gettext_lazy("取消不公开"),
    "suggestion_setting.update": gettext_lazy("修改建议办理参数"),
    # electronic voting (renda.voting)
    "vote.create": gettext_lazy("新建表决"),
    "vote.open": gettext_lazy("开始表决"),
    "vote.close": gettext_lazy("结束表决"),
    "vote.cast": gettext_lazy("投票"),
    "vote.change": gettext_lazy("改票"),
    "vote.cast_refused": gettext_lazy("投票被拒绝"),
    "vote.paper_issue": gettext_lazy("发放纸质选票"),
    "vote.paper_enter": gettext_lazy("录入纸质选票"),
    "vote.paper_count": gettext_lazy("纸质选票两人录入一致并计入"),
    "vote.paper_refused": gettext_lazy("纸质选票录入被拒绝"),
    "vote_receipts.export": gettext_lazy("导出表决回执码"),
    # constituents' opinions, stations and reception days (renda.liaison)
    "opinion.submit": gettext_lazy("群众提交意见"),
    "opinion.merge_duplicate": gettext_lazy("合并重复意见"),
    "opinion.take_up": gettext_lazy("代表转为建议"),
    "opinion.rate": gettext_lazy("群众评价答复"),
    "liaison_setting.update": gettext_lazy("修改联络站工作参数"),
    "station.update": gettext_lazy("修改联络站信息"),
    "station.checklist": gettext_lazy("联络站建设达标评定"),
    "reception_rule.create": gettext_lazy("新建接待日规则"),
    "reception_rule.deactivate": gettext_lazy("停用接待日规则"),
    "reception_day.create": gettext_lazy("安排接待日"),
    "reception_day.generate": gettext_lazy("按规则生成接待日"),
    "reception_day.publish": gettext_lazy("公布接待日"),
    "reception_day.cancel": gettext_lazy("取消接待日"),
    "reception.record": gettext_lazy("登记接待情况"),
    # deputies and their records (renda.deputies)
    "deputy.create": gettext_lazy("新建代表"),
    "deputy_group.create": gettext_lazy("新建代表小组"),
    "deputy_mandate.create": gettext_lazy("登记代表资格"),
    "deputy_mandate.update": gettext_lazy("修改代表资格"),
    "deputy_mandate.end": gettext_lazy("终止代表资格"),
    "deputy_roster.import": gettext_lazy("导入代表名册"),
    # elections (renda.elections)
    "election.create": gettext_lazy("创建选举"),
    "election.configure": gettext_lazy("设置选举日、法定参数和代表结构目标"),
    "election.advance": gettext_lazy("选举进入下一阶段"),
    "election_setting.update": gettext_lazy("设置本级选举法定参数"),
    "election_committee.add": gettext_lazy("增加选举委员会组成人员"),
    "election_committee.remove": gettext_lazy("移除选举委员会组成人员"),
    "constituency.save": gettext_lazy("保存选区"),
    "constituency.allocate": gettext_lazy("分配代表名额"),
    "voter.add": gettext_lazy("登记选民"),
    "voter.remove": gettext_lazy("选民除名"),
    "voter.exclude": gettext_lazy("选民不列入名单"),
    "voter_register.import": gettext_lazy("导入选民名册"),
    "voter_register.import_refused": gettext_lazy("选民名册导入未通过检查"),
    "voter_register.publish": gettext_lazy("公布选民名单"),
    "voter_register.export": gettext_lazy("打印选民名单"),
    "appeal.file": gettext_lazy("登记选民名单申诉"),
    "appeal.decide": gettext_lazy("处理选民名单申诉"),
    "candidate.nominate": gettext_lazy("推荐代表候选人"),
    "candidate.withdraw": gettext_lazy("撤回代表候选人"),
    "candidate_list.preliminary": gettext_lazy("公布初步代表候选人名单"),
    "candidate.preliminary_vote": gettext_lazy("录入预选结果"),
    "candidate_list.final": gettext_lazy("公布正式代表候选人名单"),
    "polling_station.save": gettext_lazy("保存投票站"),
    "polling_station.ballots": gettext_lazy("登记发出和收回选票"),
    "proxy.register": gettext_lazy("登记委托投票"),
    "round.open": gettext_lazy("开始投票轮次"),
    "round.tally": gettext_lazy("录入计票结果"),
    "round.decide": gettext_lazy("确定选举结果"),
    "election.results_publish": gettext_lazy("公布选举结果"),
    "candidate.review": gettext_lazy("代表资格审查"),
    "consultation.record": gettext_lazy("记录酝酿、讨论、协商"),
    "review_report.save": gettext_lazy("保存代表资格审查报告"),
    "court_case.file": gettext_lazy("登记选民名单起诉"),
    "court_case.judge": gettext_lazy("登记人民法院判决"),
    "election.by_election": gettext_lazy("因代表出缺发起补选"),
    "round.hold": gettext_lazy("选票数核对不符,暂缓确定结果"),
    "deputy_activity.create": gettext_lazy("登记履职活动"),
    "deputy_activity.attach": gettext_lazy("活动添加参加代表"),
    "deputy_activity.sign_in": gettext_lazy("活动签到"),
    "deputy_activity.self_report": gettext_lazy("代表自报履职"),
    "deputy_participation.attendance": gettext_lazy("登记出席情况"),
    "deputy_participation.remove": gettext_lazy("移除参加记录"),
    "deputy_participation.verify": gettext_lazy("审核自报履职"),
    "deputy_point_rules.update": gettext_lazy("修改履职积分规则"),
    "deputy_ranking.create": gettext_lazy("生成履职排名"),
    "deputy_ranking.publish": gettext_lazy("公布履职排名"),
    "deputy_ranking.unpublish": gettext_lazy("撤回履职排名"),
    "deputy_fund.create": gettext_lazy("登记履职经费"),
    "deputy_voter_report.schedule": gettext_lazy("安排向选民述职"),
    "deputy_voter_report.record": gettext_lazy("登记述职情况"),
    "deputy_exit_warning.follow_up": gettext_lazy("跟进履职预警"),
    # the portal (renda.portal)
    "article.create": gettext_lazy("新建文章"),
    "article.update": gettext_lazy("修改文章"),
    "article.submit": gettext_lazy("文章送审"),
    "article.return": gettext_lazy("文章退回修改"),
    "article.publish": gettext_lazy("发布文章"),
    "article.unpublish": gettext_lazy("撤下文章"),
    "article.attachment_add": gettext_lazy("添加文章附件"),
    "article.attachment_remove": gettext_lazy("删除文章附件"),
    # meetings and attendance (renda.meetings)
    "meeting.create": gettext_lazy("新建会议"),
    "meeting.update": gettext_lazy("修改会议"),
    "meeting.schedule": gettext_lazy("发出会议通知"),
    "meeting.open": gettext_lazy("宣布开会"),
    "meeting.close": gettext_lazy("宣布闭会"),
    "meeting.publish": gettext_lazy("公开会议文件"),
    "meeting.unpublish": gettext_lazy("撤回公开的会议文件"),
    "meeting.minutes_update": gettext_lazy("编写会议纪要"),
    "meeting.member_add": gettext_lazy("添加参会人员"),
    "meeting.member_remove": gettext_lazy("移出参会人员"),
    "meeting.agenda_add": gettext_lazy("添加会议议程"),
    "meeting.agenda_remove": gettext_lazy("删除会议议程"),
    "meeting.agenda_move": gettext_lazy("调整议程顺序"),
    "meeting.document_add": gettext_lazy("上传会议文件"),
    "meeting.document_remove": gettext_lazy("删除会议文件"),
    "meeting.sign_in": gettext_lazy("会议签到"),
    "meeting.sign_in_undo": gettext_lazy("撤销会议签到"),
    "meeting.leave_request": gettext_lazy("会议请假"),
    "meeting.leave_approve": gettext_lazy("批准会议请假"),
    "meeting.leave_refuse": gettext_lazy("不准会议请假"),
    "meeting.leave_withdraw": gettext_lazy("撤回会议请假"),
    "meeting.attendance_announce": gettext_lazy("通报会议出席情况"),
    "meeting.attendance_report": gettext_lazy("印发年度出席情况报告"),
    "meeting.kind_setting_update": gettext_lazy("修改会议类别设置"),
    "meeting.export": gettext_lazy("导出会议列表"),
    "search.word_add": gettext_lazy("添加检索词典词语"),
    "search.word_delete": gettext_lazy("删除检索词典词语"),
    "search.rebuild": gettext_lazy("重建检索索引"),
    "screening.word_add": gettext_lazy("添加敏感词"),
    "screening.word_edit": gettext_lazy("修改敏感词"),
    "screening.word_deactivate": gettext_lazy("停用敏感词"),
    "screening.word_activate": gettext_lazy("启用敏感词"),
    "screening.import": gettext_lazy("导入敏感词"),
    "screening.flag": gettext_lazy("提交内容命中敏感词"),
    "screening.review": gettext_lazy("复核敏感词命中"),
    "screening.publish_confirm": gettext_lazy("确认公开含敏感词的内容"),
    "budget.import": gettext_lazy("导入预算执行数据"),
    "budget.inquiry": gettext_lazy("就预算预警向财政局发出询问"),
    "budget.warning_setting": gettext_lazy("修改预算预警规则"),
    "budget.publication": gettext_lazy("登记预决算公开情况"),
    "routing.retrain": gettext_lazy("重新训练交办单位推荐模型"),
    "routing.unit_profile": gettext_lazy("修改承办单位职能和别名"),
    "meeting.cancel": gettext_lazy("取消会议"),
    "meeting.postpone": gettext_lazy("会议延期"),
    "meeting.document_publish": gettext_lazy("公开会议文件"),
    "meeting.document_unpublish": gettext_lazy("撤回公开的会议文件"),
    "meeting.members_add_roll": gettext_lazy("全体代表列入大会名单"),
    "meeting.delegations_build": gettext_lazy("按代表团生成代表团名单"),
    "meeting.delegation_save": gettext_lazy("保存代表团"),
    "meeting.delegation_member_add": gettext_lazy("代表团增加代表"),
    "meeting.delegation_member_remove": gettext_lazy("代表团移除代表"),
    "meeting.presidium_add": gettext_lazy("增加主席团成员"),
    "meeting.presidium_remove": gettext_lazy("移除主席团成员"),
    # livelihood projects (renda.livelihood)
    "livelihood.programme_create": gettext_lazy("新建民生实事票决"),
    "livelihood.programme_update": gettext_lazy("修改民生实事票决设置"),
    "livelihood.stage": gettext_lazy("民生实事进入下一阶段"),
    "livelihood.propose": gettext_lazy("征集民生实事候选项目"),
    "livelihood.screen": gettext_lazy("筛选民生实事候选项目"),
    "livelihood.presidium": gettext_lazy("记录主席团审议意见"),
    "livelihood.major": gettext_lazy("标记重大民生议案"),
    "livelihood.ballot_create": gettext_lazy("设立民生实事票决"),
    "livelihood.ballot_result": gettext_lazy("记录民生实事票决结果"),
    "livelihood.tie_resolve": gettext_lazy("处理民生实事票数相同"),
    "livelihood.inspection": gettext_lazy("记录代表视察民生实事"),
    "livelihood.evaluation_create": gettext_lazy("设立民生实事满意度测评"),
    "livelihood.evaluated": gettext_lazy("记录民生实事满意度测评结果"),
    "livelihood.export": gettext_lazy("导出民生实事候选项目"),
    # task decomposition (renda.tasks)
    "task.notice_create": gettext_lazy("登记任务通知"),
    "task.create": gettext_lazy("分解任务"),
    "task.settings": gettext_lazy("修改任务分解设置"),
    "task.export": gettext_lazy("导出分解任务"),
    "task_summary.export": gettext_lazy("导出任务落实情况汇总"),
    "task.stalled": gettext_lazy("提醒停滞任务"),
    "compliance.check_run": gettext_lazy("重新进行制度落实检查"),
    "compliance_check.export": gettext_lazy("导出制度落实检查报告"),
    "compliance_matrix.export": gettext_lazy("导出下级人大制度落实对比"),
    "meeting_attendance.export": gettext_lazy("导出会议出席情况"),
    "meeting_documents.export": gettext_lazy("导出会议议程或纪要"),
    # compliance checks (renda.compliance)
    "compliance.rule_setting_update": gettext_lazy("修改制度落实检查参数"),
}

# The prefixes the viewer's filter offers ("全部登录与会话操作").
ACTION_GROUP_LABELS: dict[str, Any] = {
    "auth.": gettext_lazy("登录与会话"),
    "security.": gettext_lazy("安全管理"),
    "user.": gettext_lazy("用户"),
    "permission.": gettext_lazy("角色授权"),
    "organization.": gettext_lazy("机构"),
    "case.": gettext_lazy("案件办理"),
    "assignment.": gettext_lazy("承办单位办理"),
    "suggestion.": gettext_lazy("代表建议"),
    "opinion.": gettext_lazy("社情民意"),
    "reception": gettext_lazy("接待日与接待"),
    "deputy": gettext_lazy("代表与履职"),
    "article.": gettext_lazy("门户文章"),
    "meeting": gettext_lazy("会议与考勤"),
}

# Names of target types where the model's verbose_name is not the word a user expects.
TARGET_TYPE_LABELS: dict[str, Any] = {
    "core.user": gettext_lazy("用户"),
    "core.membership": gettext_lazy("角色"),
    "cases.case": gettext_lazy("案件"),
    "voting.vote": gettext_lazy("表决"),
}

TargetNamer = Callable[[list[str]], dict[str, str]]
_NAMERS: dict[str, TargetNamer] = {}


def action_label(code: str) -> str:
    """The Chinese name of an action code; an unknown code still reads as Chinese."""
    found = ACTION_LABELS.get(code)
    return str(found) if found is not None else _("其他操作")


def action_choices() -> list[tuple[str, Any]]:
    """Choices for a filter: the groups (a prefix) first, then every action by its label."""
    groups = [(prefix, _("全部:%(g)s") % {"g": label}) for prefix, label in ACTION_GROUP_LABELS.items()]
    actions = sorted(((code, str(label)) for code, label in ACTION_LABELS.items()), key=lambda c: c[0])
    return [(_("按类别"), groups), (_("按操作"), actions)]


def target_type_choices(types: Iterable[str]) -> list[tuple[str, str]]:
    """Choices for a filter of the target types that occur, by their Chinese names."""
    return sorted(((t, target_type_label(t)) for t in set(types) if t), key=lambda c: (c[1], c[0]))


def target_type_label(target_type: str) -> str:
    if not target_type:
        return ""
    found = TARGET_TYPE_LABELS.get(target_type)
    if found is not None:
        return str(found)
    try:
        return str(apps.get_model(target_type)._meta.verbose_name)
    except (LookupError, ValueError):
        return _("其他对象")


def register_target_namer(target_type: str, namer: TargetNamer) -> None:
    """An app names the targets of its own type: ``namer(ids) -> {id: "代表建议 JY2026-0032"}``
    (one query for a page of events). The name replaces "type + target_repr"."""
    _NAMERS[target_type] = namer


def target_labels(events: Iterable[Any]) -> dict[int, str]:
    """``{event.pk: "用户 张三"}`` for a page of events, asking each registered namer once."""
    events = list(events)
    wanted: dict[str, set[str]] = {}
    for e in events:
        if e.target_type in _NAMERS and e.target_id:
            wanted.setdefault(e.target_type, set()).add(str(e.target_id))
    named: dict[tuple[str, str], str] = {}
    for target_type, ids in wanted.items():
        for pk, name in _NAMERS[target_type](sorted(ids)).items():
            named[(target_type, str(pk))] = name
    out: dict[int, str] = {}
    for e in events:
        out[e.pk] = named.get((e.target_type, str(e.target_id))) or target_label(e)
    return out


def target_label(event: Any) -> str:
    """ "用户 张三", or "用户(编号 3)" when the object had no name; "" for an event without target."""
    if not event.target_type:
        return ""
    kind = target_type_label(event.target_type)
    if event.target_repr:
        return f"{kind} {event.target_repr}"
    if event.target_id:
        return _("%(kind)s(编号 %(id)s)") % {"kind": kind, "id": event.target_id}
    return kind


# Keys that events write into ``before`` / ``after`` beside model fields.
FIELD_LABELS: dict[str, Any] = {
    "filters": gettext_lazy("筛选条件"),
    "rows": gettext_lazy("行数"),
    "state": gettext_lazy("状态"),
    "roles": gettext_lazy("角色"),
    "role": gettext_lazy("角色"),
    "reason": gettext_lazy("理由"),
    "comment": gettext_lazy("意见"),
    "count": gettext_lazy("数量"),
    "mapping": gettext_lazy("列对应关系"),
    "headings": gettext_lazy("表头"),
    "ok": gettext_lazy("结果"),
    "checked": gettext_lazy("已核验条数"),
}


def field_label(target_type: str, key: str) -> str:
    """The Chinese name of a key of an event's change record: the target model's field
    ``verbose_name`` when it has such a field, else ``FIELD_LABELS``, else "字段"."""
    if not key:
        return ""
    if key in FIELD_LABELS:
        return str(FIELD_LABELS[key])
    try:
        model = apps.get_model(target_type) if "." in (target_type or "") else None
        name = model._meta.get_field(key).verbose_name if model is not None else None
    except (LookupError, ValueError, FieldDoesNotExist):
        name = None
    if name and any("\u4e00" <= ch <= "\u9fff" for ch in str(name)):
        return str(name)
    return _("字段")
