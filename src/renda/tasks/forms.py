from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.liaison.forms import StyledForm

from .choices import IssuerKind, TaskState


class NoticeForm(StyledForm):
    title = forms.CharField(label=_("通知标题"), max_length=200,
                            error_messages={"required": _("请填写通知标题。")})  # fmt: skip
    issuer_kind = forms.ChoiceField(
        label=_("发文机关类别"), choices=IssuerKind.choices, initial=IssuerKind.PARTY_COMMITTEE
    )
    issuer = forms.CharField(
        label=_("发文机关"), max_length=100, error_messages={"required": _("请填写发文机关。")}
    )
    document_number = forms.CharField(label=_("文号"), max_length=60, required=False)
    issued_on = forms.DateField(label=_("印发日期"), widget=forms.DateInput(attrs={"type": "date"}),
                                error_messages={"required": _("请填写印发日期。"), "invalid": _("请填写有效的日期。")})  # fmt: skip
    text = forms.CharField(
        label=_("通知正文(粘贴全文,按“(牵头单位:……;配合单位:……)”识别任务)"),
        widget=forms.Textarea(attrs={"rows": 10}), required=False, max_length=200_000,
    )  # fmt: skip


class TaskFilterForm(StyledForm):
    q = forms.CharField(
        label=_("搜索"), required=False, widget=forms.TextInput(attrs={"placeholder": _("任务、单位")})
    )
    state = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部"))] + list(TaskState.choices)
    )
    flag = forms.ChoiceField(
        label=_("提醒"), required=False,
        choices=[("", _("全部")), ("overdue", _("已超期")), ("stalled", _("停滞无进展"))],
    )  # fmt: skip


class SettingForm(StyledForm):
    stall_days = forms.IntegerField(label=_("多少天无进展视为停滞"), min_value=1, max_value=365)
    deadline_days = forms.IntegerField(label=_("未写时限的任务默认多少天完成"), min_value=1, max_value=1000)


class UploadForm(StyledForm):
    file = forms.FileField(
        label=_("任务表(Excel)"), error_messages={"required": _("请选择要导入的Excel文件。")}
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".xlsx"
