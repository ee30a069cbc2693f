"""Forms of the `reports` area: thin, the services validate; a service's error shows on its field."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.choices import HANDLING_UNIT_KINDS, OrganizationKind
from renda.core.models import Organization
from renda.documents.uploads import UploadField

from .models.reports import (
    DecisionBody,
    Frequency,
    MatterCategory,
    ReportMode,
    ResolutionKind,
)

DATE = forms.DateInput(format="%Y-%m-%d", attrs={"type": "date"})
DATE_ERRORS = {"invalid": _("请填写正确的日期(年-月-日)。"), "required": _("请填写日期。")}


def _date_field(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(label=label, widget=DATE, required=required, error_messages=DATE_ERRORS)


class ObligationForm(forms.Form):
    title = forms.CharField(label=_("报告事项"), max_length=120)
    reporting_body = forms.ModelChoiceField(label=_("报告机关"), queryset=Organization.objects.none())
    recipient = forms.CharField(label=_("报告对象"), max_length=120, initial=_("县人大常委会"))
    frequency = forms.ChoiceField(label=_("报告周期"), choices=Frequency.choices)
    due_month = forms.IntegerField(
        label=_("截止月份"), min_value=1, max_value=12,
        help_text=_("自报告周期开始起算的第几个月:每年报告填1–12;半年报告填7表示半年结束后的次月。"),
    )  # fmt: skip
    due_day = forms.IntegerField(
        label=_("截止日"), min_value=1, max_value=31, help_text=_("填31表示该月最后一天。")
    )
    remind_days = forms.IntegerField(label=_("提前提醒天数"), min_value=0, max_value=90, initial=15)
    mode = forms.ChoiceField(label=_("报告方式"), choices=ReportMode.choices)
    rule_code = forms.ChoiceField(
        label=_("对应制度检查"), required=False,
        choices=[("", _("无"))] + [(c, c) for c in ("R03", "R04", "R05", "R06", "R07", "R08")],
    )  # fmt: skip
    basis = forms.CharField(label=_("依据"), max_length=300, required=False)
    is_active = forms.BooleanField(label=_("启用"), required=False, initial=True)

    def __init__(self, *args: Any, congress: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if congress is not None:
            self.fields["reporting_body"].queryset = Organization.objects.filter(
                congress=congress, kind__in=HANDLING_UNIT_KINDS, is_active=True
            ).order_by("kind", "name")


class ReceiveForm(forms.Form):
    file = UploadField(label=_("报告文件"), help_text=_("PDF、Word(.docx)格式,不超过20MB。"))
    received_on = _date_field(_("收到日期"), required=False)


class ScheduleForm(forms.Form):
    meeting = forms.ModelChoiceField(label=_("会议"), queryset=Organization.objects.none(),
                                     empty_label=_("请选择会议"))  # fmt: skip
    presenter = forms.CharField(label=_("汇报人"), max_length=120, required=False)

    def __init__(self, *args: Any, meetings: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if meetings is not None:
            self.fields["meeting"].queryset = meetings
        self.fields["meeting"].error_messages["required"] = _("请选择会议。")


class DeliberateForm(forms.Form):
    deliberated_on = _date_field(_("审议日期"))
    summary = forms.CharField(label=_("审议情况"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class MatterListCreateForm(forms.Form):
    year = forms.IntegerField(label=_("清单年度"), min_value=2000, max_value=2100)
    submitted_by = forms.ModelChoiceField(
        label=_("提出机关"), queryset=Organization.objects.none(), empty_label=None
    )

    def __init__(self, *args: Any, congress: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if congress is not None:
            self.fields["submitted_by"].queryset = Organization.objects.filter(
                congress=congress, kind=OrganizationKind.GOVERNMENT, is_active=True
            )


class MatterForm(forms.Form):
    title = forms.CharField(label=_("事项名称"), max_length=200)
    category = forms.ChoiceField(label=_("类别"), choices=MatterCategory.choices)
    decision_body = forms.ChoiceField(label=_("决定机关"), choices=DecisionBody.choices)
    planned_quarter = forms.TypedChoiceField(
        label=_("计划提请季度"), required=False, coerce=int, empty_value=None,
        choices=[("", _("未定")), (1, _("第一季度")), (2, _("第二季度")), (3, _("第三季度")), (4, _("第四季度"))],
    )  # fmt: skip
    description = forms.CharField(
        label=_("事项说明"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class CommentForm(forms.Form):
    comments = forms.CharField(
        label=_("常委会意见"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000
    )


class DateForm(forms.Form):
    day = _date_field(_("日期"))


class MatterReportForm(forms.Form):
    reported_on = _date_field(_("报告日期"))
    summary = forms.CharField(label=_("报告情况"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class ProgressForm(forms.Form):
    reported_on = _date_field(_("报告日期"))
    text = forms.CharField(label=_("落实情况"), widget=forms.Textarea(attrs={"rows": 4}), max_length=5000)


class ResolutionForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=ResolutionKind.choices)
    adopted_by = forms.ChoiceField(label=_("通过机关"), choices=DecisionBody.choices)
    title = forms.CharField(label=_("标题"), max_length=200)
    number = forms.CharField(label=_("文号"), max_length=60, required=False, help_text=_("留空则自动编号。"))
    adopted_on = _date_field(_("通过日期"))
    text = forms.CharField(label=_("正文"), widget=forms.Textarea(attrs={"rows": 10}))
