"""Forms of filing review and appointments. They carry input to the services, which validate it
again and name the field of every refusal (``apply_service_error`` puts it next to that field)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.models import Organization

from .models.filings import AppointmentKind, Filing, FilingOutcome, RequesterKind

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
DATE_ERRORS = {"invalid": _("日期格式不正确,请按“年-月-日”填写。")}


def _date(label: Any, *, required: bool = True) -> forms.DateField:
    errors = dict(DATE_ERRORS)
    errors["required"] = _("请填写%(label)s。") % {"label": label}
    return forms.DateField(label=label, widget=DATE, required=required, error_messages=errors)


def _required(label: Any) -> dict[str, Any]:
    return {"required": _("请填写%(label)s。") % {"label": label}}


class FilingForm(forms.Form):
    filing_body = forms.ModelChoiceField(
        label=_("报备机关"), queryset=Organization.objects.none(), empty_label=_("请选择"),
        error_messages={"required": _("请选择报备机关。"), "invalid_choice": _("请选择列表中的机关。")},
    )  # fmt: skip
    title = forms.CharField(label=_("文件名称"), max_length=200, error_messages=_required(_("文件名称")))
    document_number = forms.CharField(label=_("文号"), max_length=60, error_messages=_required(_("文号")))
    published_on = _date(_("公布日期"))
    effective_on = _date(_("施行日期"), required=False)
    document = forms.FileField(label=_("规范性文件文本(PDF或.docx)"), required=False)
    report = forms.FileField(label=_("备案报告(PDF或.docx)"), required=False)
    explanation = forms.FileField(label=_("起草说明(PDF或.docx)"), required=False)
    text = forms.CharField(
        label=_("正文(可空:从文件文本中读取;扫描件请粘贴全文)"), required=False,
        widget=forms.Textarea(attrs={"rows": 6}), max_length=200_000,
    )  # fmt: skip
    previous = forms.ModelChoiceField(
        label=_("修订前的版本(可空)"), queryset=Filing.objects.none(), required=False, empty_label=_("无"),
        error_messages={"invalid_choice": _("请选择列表中的文件。")},
    )  # fmt: skip

    def __init__(self, *args: Any, bodies: Any, previous: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["filing_body"].queryset = bodies
        self.fields["previous"].queryset = previous
        self.fields["previous"].label_from_instance = lambda f: f"{f.document_number} {f.title}"
        if bodies.count() == 1:
            self.fields["filing_body"].initial = bodies.first().pk


class DecideForm(forms.Form):
    outcome = forms.ChoiceField(
        label=_("审查结论"), choices=[("", _("请选择")), *FilingOutcome.choices],
        error_messages={"required": _("请选择审查结论。")},
    )  # fmt: skip
    opinion = forms.CharField(
        label=_("审查意见(予以备案以外须填写)"), required=False, max_length=5000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )  # fmt: skip
    publish = forms.BooleanField(label=_("予以备案后在文件库公开"), required=False, initial=True)


class SupplementForm(forms.Form):
    file = forms.FileField(label=_("补正材料(PDF或.docx)"), required=False)
    text = forms.CharField(
        label=_("修改后的正文(可空)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        max_length=200_000,
    )


class ReviewRequestForm(forms.Form):
    requester_kind = forms.ChoiceField(
        label=_("提出人类别"), choices=[("", _("请选择")), *RequesterKind.choices],
        error_messages={"required": _("请选择提出人类别。")},
    )  # fmt: skip
    requester_name = forms.CharField(
        label=_("姓名或单位名称"), max_length=100, error_messages=_required(_("姓名或单位名称"))
    )
    requester_phone = forms.CharField(label=_("联系电话(可空,不公开)"), max_length=20, required=False)
    document_title = forms.CharField(
        label=_("建议审查的文件名称"), max_length=200, error_messages=_required(_("建议审查的文件名称"))
    )
    content = forms.CharField(
        label=_("审查建议及理由"), max_length=5000, widget=forms.Textarea(attrs={"rows": 6}),
        error_messages=_required(_("审查建议及理由")),
    )  # fmt: skip
    captcha = forms.CharField(label=_("验证码"), max_length=10, required=False)


class TrackForm(forms.Form):
    number = forms.CharField(label=_("查询编号"), max_length=30, error_messages=_required(_("查询编号")))
    code = forms.CharField(label=_("查询码"), max_length=20, error_messages=_required(_("查询码")))


class AnswerForm(forms.Form):
    answer = forms.CharField(
        label=_("研究处理情况及反馈"), max_length=5000, widget=forms.Textarea(attrs={"rows": 5}),
        error_messages=_required(_("研究处理情况及反馈")),
    )  # fmt: skip
    transferred_to = forms.CharField(
        label=_("移送机关(移送有权机关处理时填写)"), max_length=120, required=False
    )


class SpecialReviewForm(forms.Form):
    theme = forms.CharField(label=_("审查主题"), max_length=200, error_messages=_required(_("审查主题")))
    description = forms.CharField(
        label=_("审查重点"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )
    started_on = _date(_("开始日期"))
    filings = forms.ModelMultipleChoiceField(
        label=_("纳入审查的文件"), queryset=Filing.objects.none(), required=False,
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip

    def __init__(self, *args: Any, filings: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["filings"].queryset = filings
        self.fields["filings"].label_from_instance = lambda f: f"{f.document_number} {f.title}"


class FinishForm(forms.Form):
    conclusion = forms.CharField(
        label=_("审查结论"), max_length=5000, widget=forms.Textarea(attrs={"rows": 4}),
        error_messages=_required(_("审查结论")),
    )  # fmt: skip
    finished_on = _date(_("完成日期"))


class SettingForm(forms.Form):
    legal_committee = forms.ModelChoiceField(
        label=_("负责备案审查的工作机构(空:本级全体工作人员)"), queryset=Organization.objects.none(),
        required=False, empty_label=_("不指定"), error_messages={"invalid_choice": _("请选择列表中的机构。")},
    )  # fmt: skip
    filing_days = forms.IntegerField(label=_("公布后报送备案期限(日)"), min_value=1, max_value=365)
    review_days = forms.IntegerField(label=_("主动审查期限(日)"), min_value=1, max_value=365)
    request_answer_days = forms.IntegerField(label=_("审查建议反馈期限(日)"), min_value=1, max_value=365)
    correction_days = forms.IntegerField(label=_("纠正期限(日)"), min_value=1, max_value=365)
    exam_pass_mark = forms.IntegerField(label=_("任前法律考试合格分"), min_value=1, max_value=1000)
    exam_full_mark = forms.IntegerField(label=_("任前法律考试满分"), min_value=1, max_value=1000)

    def __init__(self, *args: Any, committees: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["legal_committee"].queryset = committees


class AppointmentForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=AppointmentKind.choices)
    person_name = forms.CharField(label=_("姓名"), max_length=50, error_messages=_required(_("姓名")))
    gender = forms.ChoiceField(label=_("性别"), choices=[("", _("请选择")), ("男", _("男")), ("女", _("女"))],
                               error_messages={"required": _("请选择性别。")})  # fmt: skip
    birth_date = _date(_("出生日期"))
    education = forms.CharField(label=_("学历"), max_length=30, error_messages=_required(_("学历")))
    party = forms.CharField(label=_("政治面貌"), max_length=30, error_messages=_required(_("政治面貌")))
    post = forms.CharField(label=_("拟任(免)职务"), max_length=120, error_messages=_required(_("职务")))
    employer = forms.CharField(label=_("任职机关"), max_length=120, error_messages=_required(_("任职机关")))
    nominating_body = forms.ModelChoiceField(
        label=_("提请机关"), queryset=Organization.objects.none(), empty_label=_("请选择"),
        error_messages={"required": _("请选择提请机关。"), "invalid_choice": _("请选择列表中的机关。")},
    )  # fmt: skip
    nominated_on = _date(_("提请日期"))
    reason = forms.CharField(
        label=_("提请理由"), required=False, max_length=5000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args: Any, bodies: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["nominating_body"].queryset = bodies


class ExamForm(forms.Form):
    exam_date = _date(_("考试日期"))
    score = forms.DecimalField(
        label=_("考试成绩"), max_digits=5, decimal_places=1,
        error_messages={"required": _("请填写考试成绩。"), "invalid": _("请填写考试成绩(数字)。")},
    )  # fmt: skip


class StatementForm(forms.Form):
    statement_on = _date(_("供职发言日期"))
    statement = forms.CharField(
        label=_("供职发言"), max_length=20_000, widget=forms.Textarea(attrs={"rows": 6}),
        error_messages=_required(_("供职发言")),
    )  # fmt: skip


class AgendaForm(forms.Form):
    agenda_item = forms.ChoiceField(
        label=_("会议议程(人事任免)"), choices=(), error_messages={"required": _("请选择会议议程。")}
    )

    def __init__(self, *args: Any, items: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].choices = [("", _("请选择")), *items]


class OathForm(forms.Form):
    oath_date = _date(_("宣誓日期"))
    witnesses = forms.CharField(label=_("监誓人"), max_length=200, error_messages=_required(_("监誓人")))
    recording = forms.FileField(label=_("宣誓记录(照片、PDF或.docx)"), required=False)


class WithdrawForm(forms.Form):
    reason = forms.CharField(label=_("撤回理由"), max_length=500, error_messages=_required(_("撤回理由")))
