"""Forms of area `plans`: each step's fields with Chinese messages, and ``perform`` calling its service.

The page and the API validate with the same form (``forms_plans.ACTIONS``); the service checks again.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.choices import HANDLING_UNIT_KINDS, OrganizationKind
from renda.core.models import Organization

from . import services_plans as svc
from .models.plans import (
    ActivityKind,
    EvaluationKind,
    Instrument,
    ItemStatus,
    MemberCapacity,
)

DATE = {"type": "date"}


def _req(label: Any) -> dict[str, Any]:
    return {"required": _("请填写%(f)s。") % {"f": label}}


def _choose(label: Any) -> dict[str, Any]:
    return {
        "required": _("请选择%(f)s。") % {"f": label},
        "invalid_choice": _("请从列表中选择%(f)s。") % {"f": label},
    }


def _date(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, widget=forms.DateInput(attrs=DATE),
        error_messages={**_req(label), "invalid": _("%(f)s的日期格式不正确。") % {"f": label}},
    )  # fmt: skip


def _text(label: Any, required: bool = True, rows: int = 0, max_length: int = 300) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(
        label=label, required=required, max_length=max_length, widget=widget,
        error_messages={**_req(label), "max_length": _("%(f)s不能超过%(n)s个字。") % {"f": label, "n": max_length}},
    )  # fmt: skip


def _org(label: Any, required: bool = True) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(
        label=label, queryset=Organization.objects.none(), required=required, empty_label=_("请选择"),
        error_messages=_choose(label),
    )  # fmt: skip


def _meeting(label: Any) -> forms.ModelChoiceField:
    from renda.meetings.models import Meeting

    return forms.ModelChoiceField(
        label=label, queryset=Meeting.objects.none(), required=False, empty_label=_("(不关联)"),
        error_messages=_choose(label),
    )  # fmt: skip


def committees(congress_id: int) -> Any:
    return Organization.objects.filter(
        congress_id=congress_id, is_active=True, kind__in=list(svc.COMMITTEE_KINDS)
    ).order_by("sort_order", "name")


def bodies(congress_id: int) -> Any:
    return Organization.objects.filter(
        congress_id=congress_id, is_active=True, kind__in=list(HANDLING_UNIT_KINDS)
    ).order_by("sort_order", "name")


def departments_qs(congress_id: int) -> Any:
    return bodies(congress_id).filter(kind=OrganizationKind.GOVERNMENT_DEPARTMENT)


class PlanForm(forms.Form):
    """Bound to the congress the new record belongs to; fields ending in committee/body/meeting get
    that congress's choices."""

    def __init__(self, *args: Any, congress_id: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.congress_id = congress_id
        from renda.meetings.models import Meeting

        for name, field in self.fields.items():
            if not isinstance(field, forms.ModelChoiceField):
                continue
            if name == "committee":
                field.queryset = committees(congress_id)
            elif name == "department":
                field.queryset = departments_qs(congress_id)
            elif name in ("body", "unit"):
                field.queryset = bodies(congress_id)
            elif name == "meeting" or name.endswith("_meeting"):
                field.queryset = Meeting.objects.filter(congress_id=congress_id).order_by("-starts_at")

    def perform(self, actor: Any, obj: Any) -> Any:  # pragma: no cover - interface
        raise NotImplementedError


# --- the plan ---------------------------------------------------------------------------------------------


class PlanCreateForm(PlanForm):
    year = forms.IntegerField(
        label=_("年度"), min_value=2000, max_value=2100,
        error_messages={**_req(_("年度")), "invalid": _("年度须为四位数字。"),
                        "min_value": _("年度须在2000到2100之间。"), "max_value": _("年度须在2000到2100之间。")},
    )  # fmt: skip
    title = _text(_("标题"), max_length=200)
    summary = _text(_("说明"), required=False, rows=3, max_length=5000)

    def perform(self, actor: Any, obj: Any) -> Any:
        return svc.plan_create(actor=actor, congress=obj, **self.cleaned_data)


class PlanItemForm(PlanForm):
    instrument = forms.ChoiceField(
        label=_("监督方式"), choices=Instrument.choices, error_messages=_choose(_("监督方式"))
    )
    title = _text(_("事项"))
    laws = _text(_("检查的法律法规(执法检查必填)"), required=False)
    committee = _org(_("责任委员会"))
    body = _org(_("监督对象"), required=False)
    planned_month = forms.IntegerField(
        label=_("计划月份"), required=False, min_value=1, max_value=12,
        error_messages={"invalid": _("计划月份须为整数。"), "min_value": _("计划月份须在1到12之间。"),
                        "max_value": _("计划月份须在1到12之间。")},
    )  # fmt: skip
    target_meeting = _meeting(_("拟提请会议"))

    def perform(self, actor: Any, obj: Any) -> Any:
        return svc.plan_item_add(actor=actor, plan=obj, **self.cleaned_data)


class PlanAdoptForm(PlanForm):
    adopted_on = _date(_("通过日期"))
    meeting = _meeting(_("主任会议"))
    meeting_name = _text(_("或填写会议名称"), required=False, max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from renda.meetings.choices import MeetingKind

        self.fields["meeting"].queryset = self.fields["meeting"].queryset.filter(
            kind=MeetingKind.CHAIRPERSONS
        )

    def perform(self, actor: Any, obj: Any) -> Any:
        return svc.plan_adopt(actor=actor, plan=obj, **self.cleaned_data)


class PlanPublishForm(PlanForm):
    def perform(self, actor: Any, obj: Any) -> Any:
        return svc.plan_publish(actor=actor, plan=obj)


class ItemStatusForm(PlanForm):
    item = forms.IntegerField(widget=forms.HiddenInput)
    status = forms.ChoiceField(label=_("状态"), choices=ItemStatus.choices, error_messages=_choose(_("状态")))
    note = _text(_("备注(取消须填写原因)"), required=False)

    def perform(self, actor: Any, obj: Any) -> Any:
        item = obj.items.filter(pk=self.cleaned_data["item"]).first()
        if item is None:
            raise svc.ValidationFailed(str(_("请选择计划事项。")), field="item")
        return svc.plan_item_set_status(
            actor=actor, item=item, status=self.cleaned_data["status"], note=self.cleaned_data["note"]
        )


# --- rectification (shared by the instruments) -------------------------------------------------------------


class RectificationForm(PlanForm):
    title = _text(_("整改事项"), max_length=200)
    body = _text(_("问题和整改要求"), rows=3, max_length=5000)
    unit = _org(_("整改单位"))
    deadline = _date(_("整改期限"))


class InspectionRectificationForm(RectificationForm):
    def perform(self, actor: Any, obj: Any) -> Any:
        return svc.inspection_rectification_add(actor=actor, inspection=obj, **self.cleaned_data)


class EvaluationRectificationForm(RectificationForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].required = False
        self.fields["unit"].label = _("整改单位(默认为被评议部门)")

    def perform(self, actor: Any, obj: Any) -> Any:
        return svc.evaluation_rectification_add(actor=actor, evaluation=obj, **self.cleaned_data)


class InquiryRectificationForm(EvaluationRectificationForm):
    def perform(self, actor: Any, obj: Any) -> Any:
        return svc.inquiry_rectification_add(actor=actor, inquiry=obj, **self.cleaned_data)


# --- inspection ---------------------------------------------------------------------------------------------


class InspectionCreateForm(PlanForm):
    year = PlanCreateForm.base_fields["year"]
    law = _text(_("检查的法律法规"), max_length=200)
    articles = _text(_("重点条款"), required=False)
    committee = _org(_("牵头委员会"))
    body = _org(_("被检查单位"), required=False)
    starts_on = _date(_("开始日期"), required=False)
    ends_on = _date(_("结束日期"), required=False)
    plan_item = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def perform(self, actor: Any, obj: Any) -> Any:
        from .models.plans import PlanItem

        data = dict(self.cleaned_data)
        pk = data.pop("plan_item", None)
        item = PlanItem.objects.filter(pk=pk, plan__congress_id=obj.pk).first() if pk else None
        return svc.inspection_create(actor=actor, congress=obj, plan_item=item, **data)


class InspectionMemberForm(PlanForm):
    name = _text(_("姓名"), max_length=50)
    capacity = forms.ChoiceField(
        label=_("身份"), choices=MemberCapacity.choices, error_messages=_choose(_("身份"))
    )

    def perform(self, actor: Any, obj: Any) -> Any:
        return svc.inspection_member_add(actor=actor, inspection=obj, **self.cleaned_data)


class InspectionVisitForm(PlanForm):
    visited_on = _date(_("检查日期"))
    place = _text(_("检查地点"), max_length=200)
    notes = _text(_("情况"), required=False, rows=2, max_length=5000)

    def perform(self, actor: Any, obj: Any) -> Any:
        return svc.inspection_visit_add(actor=actor, inspection=obj, **self.cleaned_data)


class InspectionFindingsForm(PlanForm):
    findings = _text(_("发现的问题"), rows=4, max_length=20000)

    def perform(self, actor: Any, obj: Any) -> Any:
        return svc.inspection_findings(actor=actor, inspection=obj, **self.cleaned_data)


class InspectionReportForm(PlanForm):
    report = _text(_("执法检查报告"), rows=5, max_length=50000)
    reported_on = _date(_("报告日期"))
    meeting = _meeting(_("常委会会议"))

    def perform(self, actor: Any, obj: Any) -> Any:
        return svc.inspection_report(actor=actor, inspection=obj, **self.cleaned_data)


class CloseForm(PlanForm):
    def perform(self, actor: Any, obj: Any) -> Any:
        return {
            "inspection": svc.inspection_close,
            "inquiry": svc.inquiry_close,
        }[obj._meta.model_name](actor=actor, **{obj._meta.model_name: obj})


# --- evaluation --------------------------------------------------------------------------------------------


class EvaluationCreateForm(PlanForm):
    year = PlanCreateForm.base_fields["year"]
    kind = forms.ChoiceField(
        label=_("类别"), choices=EvaluationKind.choices, error_messages=_choose(_("类别"))
    )
    department = _org(_("被评议部门(述职人所在单位)"))
    appointee_name = _text(_("述职人(述职评议)"), required=False, max_length=50)
    appointee_post = _text(_("职务(述职评议)"), required=False, max_length=100)
    appointee_user = forms.ModelChoiceField(
        label=_("述职人的账号(如有)"), queryset=None, required=False, empty_label=_("(无)"),
        error_messages=_choose(_("述职人的账号")),
    )  # fmt: skip

    def perform(self, actor: Any, obj: Any) -> Any:
        return svc.evaluation_create(actor=actor, congress=obj, **self.cleaned_data)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        from renda.core.models import User

        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = bodies(self.congress_id)
        self.fields["appointee_user"].queryset = (
            User.objects.filter(
                is_active=True, memberships__is_active=True,
                memberships__organization__congress_id=self.congress_id,
                memberships__organization__kind__in=list(HANDLING_UNIT_KINDS),
            )
            .distinct()
            .order_by("full_name", "username")
        )  # fmt: skip


class SelfReportForm(PlanForm):
    text = _text(_("自查报告/述职报告"), rows=6, max_length=50000)

    def perform(self, actor: Any, obj: Any) -> Any:
        return svc.evaluation_self_report(actor=actor, evaluation=obj, text=self.cleaned_data["text"])


class ActivityForm(PlanForm):
    kind = forms.ChoiceField(label=_("方式"), choices=ActivityKind.choices, error_messages=_choose(_("方式")))
    held_on = _date(_("日期"))
    participants = forms.IntegerField(
        label=_("参加人数"), min_value=0, max_value=100000,
        error_messages={**_req(_("参加人数")), "invalid": _("参加人数须为整数。"),
                        "min_value": _("参加人数不能为负数。"), "max_value": _("参加人数过大。")},
    )  # fmt: skip
    summary = _text(_("情况和意见"), rows=3, max_length=10000)

    def perform(self, actor: Any, obj: Any) -> Any:
        return svc.evaluation_activity_add(actor=actor, evaluation=obj, **self.cleaned_data)


class OpenScoringForm(PlanForm):
    meeting_on = _date(_("评议日期"))
    meeting = _meeting(_("评议会议"))

    def perform(self, actor: Any, obj: Any) -> Any:
        return svc.evaluation_open_scoring(actor=actor, evaluation=obj, **self.cleaned_data)


SCORE_ERRORS = {
    "required": _("请填写分数。"),
    "invalid": _("分数须为0到100之间的整数。"),
    "min_value": _("分数须在0到100之间。"),
    "max_value": _("分数须在0到100之间。"),
}


class PaperScoreForm(PlanForm):
    sheet_number = _text(_("测评表编号"), max_length=30)
    rater_name = _text(_("测评人"), max_length=50)
    score = forms.IntegerField(
        label=_("分数(0–100)"), min_value=0, max_value=100, error_messages=SCORE_ERRORS
    )

    def perform(self, actor: Any, obj: Any) -> Any:
        return svc.evaluation_score_enter(actor=actor, evaluation=obj, **self.cleaned_data)


class ScoreForm(forms.Form):
    score = forms.IntegerField(
        label=_("分数(0–100)"), min_value=0, max_value=100, error_messages=SCORE_ERRORS
    )

    def perform(self, actor: Any, obj: Any) -> Any:
        return svc.evaluation_score_cast(actor=actor, evaluation=obj, score=self.cleaned_data["score"])


class CloseScoringForm(PlanForm):
    def perform(self, actor: Any, obj: Any) -> Any:
        return svc.evaluation_close_scoring(actor=actor, evaluation=obj)


class EvaluationPublishForm(PlanForm):
    result_note = _text(_("评议意见"), rows=4, max_length=20000)

    def perform(self, actor: Any, obj: Any) -> Any:
        return svc.evaluation_publish(actor=actor, evaluation=obj, **self.cleaned_data)


# --- inquiry, interpellation, investigation -----------------------------------------------------------------


class InquiryCreateForm(PlanForm):
    year = PlanCreateForm.base_fields["year"]
    topic = _text(_("询问主题"), max_length=200)
    body = _org(_("被询问单位"))
    meeting = _meeting(_("询问会议"))

    def perform(self, actor: Any, obj: Any) -> Any:
        return svc.inquiry_create(actor=actor, congress=obj, **self.cleaned_data)


class QuestionForm(PlanForm):
    asker_name = _text(_("提问人"), max_length=50)
    asker_capacity = forms.ChoiceField(
        label=_("提问人身份"), choices=[(MemberCapacity.MEMBER, MemberCapacity.MEMBER.label),
                                      (MemberCapacity.DEPUTY, _("人大代表"))],
        error_messages=_choose(_("提问人身份")),
    )  # fmt: skip
    question = _text(_("问题"), rows=3, max_length=5000)
    answerer = _text(_("应询人"), required=False, max_length=100)

    def perform(self, actor: Any, obj: Any) -> Any:
        return svc.inquiry_question_add(actor=actor, inquiry=obj, **self.cleaned_data)


class AnswerForm(PlanForm):
    question = forms.IntegerField(widget=forms.HiddenInput)
    answerer = _text(_("应询人"), max_length=100)
    answer = _text(_("回答"), rows=3, max_length=10000)

    def perform(self, actor: Any, obj: Any) -> Any:
        q = obj.questions.filter(pk=self.cleaned_data["question"]).first()
        if q is None:
            raise svc.ValidationFailed(str(_("请选择问题。")), field="question")
        return svc.inquiry_answer(
            actor=actor,
            question=q,
            answerer=self.cleaned_data["answerer"],
            answer=self.cleaned_data["answer"],
        )


class InterpellationCreateForm(PlanForm):
    subject = _text(_("质询案"), max_length=200)
    body = _org(_("受质询机关"))
    questions = _text(_("质询的问题和内容"), rows=4, max_length=20000)
    at_plenary = forms.BooleanField(label=_("在代表大会会议期间提出"), required=False)

    def perform(self, actor: Any, obj: Any) -> Any:
        return svc.interpellation_create(actor=actor, congress=obj, **self.cleaned_data)


class SignForm(PlanForm):
    def perform(self, actor: Any, obj: Any) -> Any:
        return svc.interpellation_sign(actor=actor, interpellation=obj)


class AdmitForm(PlanForm):
    def perform(self, actor: Any, obj: Any) -> Any:
        return svc.interpellation_admit(actor=actor, interpellation=obj)


class RejectForm(PlanForm):
    reason = _text(_("不予受理理由"))

    def perform(self, actor: Any, obj: Any) -> Any:
        return svc.interpellation_reject(actor=actor, interpellation=obj, reason=self.cleaned_data["reason"])


class InterpellationAnswerForm(PlanForm):
    answer = _text(_("答复"), rows=4, max_length=20000)
    answered_on = _date(_("答复日期"))
    meeting = _meeting(_("答复会议"))
    satisfied = forms.IntegerField(label=_("满意人数"), min_value=0, error_messages={**_req(_("满意人数")), "invalid": _("满意人数须为整数。"), "min_value": _("满意人数不能为负数。")})  # fmt: skip
    dissatisfied = forms.IntegerField(label=_("不满意人数"), min_value=0, error_messages={**_req(_("不满意人数")), "invalid": _("不满意人数须为整数。"), "min_value": _("不满意人数不能为负数。")})  # fmt: skip

    def perform(self, actor: Any, obj: Any) -> Any:
        return svc.interpellation_answer(actor=actor, interpellation=obj, **self.cleaned_data)


class InvestigationCreateForm(PlanForm):
    question = _text(_("调查的特定问题"), max_length=200)
    committee_name = _text(_("调查委员会"), max_length=100)
    chair_name = _text(_("主任委员"), max_length=50)
    committee_members = _text(_("委员"), required=False, rows=2, max_length=2000)
    mandate = _text(_("调查任务和权限"), rows=3, max_length=10000)
    established_on = _date(_("成立日期"))

    def perform(self, actor: Any, obj: Any) -> Any:
        return svc.investigation_create(actor=actor, congress=obj, **self.cleaned_data)


class HearingForm(PlanForm):
    held_on = _date(_("日期"))
    witness = _text(_("陈述人"), max_length=100)
    summary = _text(_("情况"), rows=3, max_length=10000)

    def perform(self, actor: Any, obj: Any) -> Any:
        return svc.investigation_hearing_add(actor=actor, investigation=obj, **self.cleaned_data)


class InvestigationReportForm(PlanForm):
    report = _text(_("调查报告"), rows=5, max_length=50000)
    reported_on = _date(_("报告日期"))

    def perform(self, actor: Any, obj: Any) -> Any:
        return svc.investigation_report(actor=actor, investigation=obj, **self.cleaned_data)


class ResolveForm(PlanForm):
    resolution = _text(_("决议"), rows=4, max_length=20000)
    resolved_on = _date(_("决议日期"))
    meeting = _meeting(_("决议会议"))

    def perform(self, actor: Any, obj: Any) -> Any:
        return svc.investigation_resolve(actor=actor, investigation=obj, **self.cleaned_data)


# The steps of each record, by code: (label, form). The page and the API look them up here.
ACTIONS: dict[str, dict[str, tuple[Any, type[forms.Form]]]] = {
    "plan": {
        "add_item": (_("增加事项"), PlanItemForm),
        "adopt": (_("主任会议通过"), PlanAdoptForm),
        "publish": (_("在门户公开"), PlanPublishForm),
        "item_status": (_("更新事项状态"), ItemStatusForm),
    },
    "inspection": {
        "member": (_("增加检查组成员"), InspectionMemberForm),
        "visit": (_("登记检查行程"), InspectionVisitForm),
        "findings": (_("记录发现的问题"), InspectionFindingsForm),
        "report": (_("报告常委会"), InspectionReportForm),
        "rectification": (_("提出整改事项"), InspectionRectificationForm),
        "close": (_("整改完成,结束检查"), CloseForm),
    },
    "evaluation": {
        "self_report": (_("登记自查报告/述职报告"), SelfReportForm),
        "activity": (_("登记走访视察、问卷调查"), ActivityForm),
        "open_scoring": (_("召开评议会议,开始测评"), OpenScoringForm),
        "paper": (_("录入纸质测评表"), PaperScoreForm),
        "close_scoring": (_("结束测评并排名"), CloseScoringForm),
        "publish": (_("公开评议结果"), EvaluationPublishForm),
        "rectification": (_("提出整改事项"), EvaluationRectificationForm),
    },
    "inquiry": {
        "question": (_("登记问题"), QuestionForm),
        "answer": (_("记录回答"), AnswerForm),
        "rectification": (_("提出跟踪整改事项"), InquiryRectificationForm),
        "close": (_("结束询问"), CloseForm),
    },
    "interpellation": {
        "sign": (_("联名"), SignForm),
        "admit": (_("受理,交受质询机关"), AdmitForm),
        "reject": (_("不予受理"), RejectForm),
        "answer": (_("记录答复和满意度"), InterpellationAnswerForm),
    },
    "investigation": {
        "hearing": (_("登记调查"), HearingForm),
        "report": (_("提出调查报告"), InvestigationReportForm),
        "resolve": (_("作出决议"), ResolveForm),
    },
}

CREATE_FORMS: dict[str, type[PlanForm]] = {
    "plan": PlanCreateForm,
    "inspection": InspectionCreateForm,
    "evaluation": EvaluationCreateForm,
    "inquiry": InquiryCreateForm,
    "interpellation": InterpellationCreateForm,
    "investigation": InvestigationCreateForm,
}
