"""Forms of deliberation opinions: they parse and name the field; the services validate and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.choices import HANDLING_UNIT_KINDS
from renda.core.models import Organization

from . import ratingrules_opinions as rules
from .models.opinions import OpinionInstrument, OpinionReportKind

COUNT_ERRORS = {
    "required": _("请填写票数。"),
    "invalid": _("票数须为整数。"),
    "min_value": _("票数不能小于0。"),
}


class StyledForm(forms.Form):
    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)


class OpinionCreateForm(StyledForm):
    report_kind = forms.ChoiceField(
        label=_("报告类别"), choices=[("", _("请选择"))] + list(OpinionReportKind.choices),
        error_messages={"required": _("请选择报告类别。")},
    )  # fmt: skip
    report_title = forms.CharField(
        label=_("审议的报告"), max_length=200, error_messages={"required": _("请填写审议的报告名称。")}
    )
    reporting_body = forms.ModelChoiceField(
        label=_("报告机关"), queryset=Organization.objects.none(), empty_label=_("请选择"),
        error_messages={"required": _("请选择报告机关。"), "invalid_choice": _("请选择列表中的机关。")},
    )  # fmt: skip
    responsible_committee = forms.ModelChoiceField(
        label=_("负责的委员会"), queryset=Organization.objects.none(), required=False, empty_label=_("(无)")
    )
    meeting = forms.ModelChoiceField(
        label=_("审议的常委会会议"), queryset=None, required=False, empty_label=_("(未关联会议)")
    )
    deliberated_on = forms.DateField(
        label=_("审议日期(可空,取会议日期)"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("审议日期格式不正确。")},
    )  # fmt: skip
    remarks = forms.CharField(
        label=_("组成人员审议发言摘要"), required=False, widget=forms.Textarea(attrs={"rows": 4})
    )
    text = forms.CharField(
        label=_("审议意见正文(可稍后整理)"), required=False, widget=forms.Textarea(attrs={"rows": 6})
    )

    def __init__(self, *args: Any, congress: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        from renda.core.choices import OrganizationKind
        from renda.meetings.choices import MeetingKind
        from renda.meetings.models import Meeting

        orgs = Organization.objects.filter(congress=congress, is_active=True).order_by("sort_order", "name")
        self.fields["reporting_body"].queryset = orgs.filter(kind__in=list(HANDLING_UNIT_KINDS))
        self.fields["responsible_committee"].queryset = orgs.filter(
            kind__in=[OrganizationKind.COMMITTEE, OrganizationKind.CONGRESS_OFFICE]
        )
        self.fields["meeting"].queryset = Meeting.objects.filter(
            congress=congress, kind=MeetingKind.STANDING_COMMITTEE
        ).order_by("-starts_at")


class TextForm(StyledForm):
    text = forms.CharField(
        label=_("审议意见正文"), widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={"required": _("请填写审议意见正文。")},
    )  # fmt: skip


class ApproveForm(StyledForm):
    letter_number = forms.CharField(label=_("交办函文号(可空)"), max_length=60, required=False)


class AssignForm(StyledForm):
    """Field names as the engine's assignment (``deadline``, ``note``); the lead is the reporting body."""

    deadline = forms.DateField(
        label=_("报告期限(可空,按默认期限)"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("报告期限格式不正确。")},
    )  # fmt: skip
    note = forms.CharField(label=_("交办说明"), required=False, max_length=500)


class CommentForm(StyledForm):
    comment = forms.CharField(
        label=_("委员会意见"), widget=forms.Textarea(attrs={"rows": 5}),
        error_messages={"required": _("请填写委员会对研究处理情况报告的意见。")},
    )  # fmt: skip


class CountsForm(StyledForm):
    """A paper ballot or a show of hands, counted by staff."""

    members = forms.IntegerField(label=_("全体组成人员(人)"), min_value=1, error_messages={**COUNT_ERRORS, "required": _("请填写全体组成人员人数。"), "min_value": _("全体组成人员人数须大于0。")})  # fmt: skip
    present = forms.IntegerField(label=_("出席(人)"), min_value=0, error_messages={**COUNT_ERRORS, "required": _("请填写出席人数。")})  # fmt: skip
    ballots = forms.IntegerField(
        label=_("收回选票(张,可空)"), min_value=0, required=False, error_messages=COUNT_ERRORS
    )
    satisfied = forms.IntegerField(label=_("满意(票)"), min_value=0, error_messages=COUNT_ERRORS)
    basically = forms.IntegerField(label=_("基本满意(票)"), min_value=0, error_messages=COUNT_ERRORS)
    dissatisfied = forms.IntegerField(label=_("不满意(票)"), min_value=0, error_messages=COUNT_ERRORS)
    blank = forms.IntegerField(label=_("弃权或无效(票)"), min_value=0, initial=0, error_messages=COUNT_ERRORS)
    note = forms.CharField(label=_("说明(可空)"), required=False, max_length=300)

    def counts(self) -> rules.Counts:
        d = self.cleaned_data
        return rules.Counts(
            satisfied=d["satisfied"], basically=d["basically"], dissatisfied=d["dissatisfied"],
            blank=d["blank"], members=d["members"], present=d["present"],
        )  # fmt: skip


class CircularForm(StyledForm):
    instrument = forms.ChoiceField(
        label=_("建议启动的监督方式"), choices=[("", _("请选择"))] + list(OpinionInstrument.choices),
        error_messages={"required": _("请选择建议启动的监督方式。")},
    )  # fmt: skip
    text = forms.CharField(
        label=_("通报内容"),
        widget=forms.Textarea(attrs={"rows": 6}),
        error_messages={"required": _("请填写通报内容。")},
    )


class SettingForm(StyledForm):
    compile_working_days = forms.IntegerField(
        label=_("会后整理审议意见的工作日数"), min_value=1, max_value=60
    )
    report_months = forms.IntegerField(label=_("报告研究处理情况的期限(月)"), min_value=1, max_value=12)
    rehandle_months = forms.IntegerField(label=_("继续整改后再次报告的期限(月)"), min_value=1, max_value=12)


class RuleForm(StyledForm):
    rule_code = forms.ChoiceField(label=_("测评规则"), choices=())
    pass_at = forms.DecimalField(label=_("通过线(%)"), required=False, min_value=1, max_value=100, initial=80)
    escalate_below = forms.DecimalField(
        label=_("通报线(%)"), required=False, min_value=1, max_value=100, initial=60
    )
    count_basically = forms.BooleanField(label=_("基本满意计入满意率"), required=False, initial=True)
    basically_passes = forms.BooleanField(
        label=_("全体组成人员规则:基本满意视为通过"), required=False, initial=True
    )
    effective_from = forms.DateField(label=_("起用日期"), widget=forms.DateInput(attrs={"type": "date"}))
    note = forms.CharField(label=_("修订说明"), required=False, max_length=300)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["rule_code"].choices = rules.rating_rule_choices()


class VoteCreateForm(StyledForm):
    method = forms.ChoiceField(
        label=_("表决方式"),
        choices=[("secret", _("无记名表决")), ("roll_call", _("记名表决"))],
        initial="secret",
    )
