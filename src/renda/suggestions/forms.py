"""Forms of the suggestion pages: they parse and keep what was typed; services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.cases.choices import ReplyClass
from renda.cases.services._common import settings_for
from renda.cases.services.config import SETTING_LIMITS
from renda.core.choices import HANDLING_UNIT_KINDS
from renda.core.models import Congress, Organization, Session
from renda.documents.uploads import UploadField

from .choices import ReviewOutcome, SuggestionState, SuggestionType
from .models import Category, ExclusionReason, Suggestion
from .statistics import MEASURE_LABELS

# The form checks a file's structure; the service then applies the congress's own size limit.
CASE_FILE_MAX_MB = SETTING_LIMITS["attachment_max_mb"]


class SuggestionForm(forms.Form):
    title = forms.CharField(label=_("标题"), max_length=200)
    type = forms.ChoiceField(
        label=_("类型"), choices=SuggestionType.choices, initial=SuggestionType.SUGGESTION
    )
    category = forms.ModelChoiceField(
        empty_label=_("请选择"), label=_("分类"), queryset=Category.objects.none(), required=False
    )
    session = forms.ModelChoiceField(
        label=_("提出于会议"), queryset=Session.objects.none(), required=False, empty_label=_("闭会期间")
    )
    body = forms.CharField(label=_("建议内容"), widget=forms.Textarea(attrs={"rows": 10}), max_length=20000)
    by_delegation = forms.BooleanField(label=_("以代表团(代表小组)名义提出"), required=False)
    delegation_name = forms.CharField(label=_("代表团(代表小组)名称"), max_length=100, required=False)
    not_public = forms.BooleanField(label=_("申请不公开"), required=False)
    not_public_reason = forms.CharField(label=_("不公开理由"), max_length=300, required=False)
    reason = forms.CharField(
        label=_("修改理由"), max_length=300, required=False, help_text=_("退回修改后重新提交时必填")
    )
    attachment = UploadField(
        label=_("附件"),
        required=False,
        max_mb=CASE_FILE_MAX_MB,
        help_text=_("PDF、Word(.docx)、Excel(.xlsx)或图片,单个文件不超过20MB"),
    )

    def __init__(self, *args: Any, congress_id: int, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["attachment"].max_mb = settings_for(congress_id).attachment_max_mb
        self.fields["category"].queryset = Category.objects.filter(congress_id=congress_id, is_active=True)
        self.fields["session"].queryset = Session.objects.filter(
            term__congress_id=congress_id
        ).select_related("term__congress")


class InviteForm(forms.Form):
    mandates = forms.MultipleChoiceField(label=_("邀请附议代表"), choices=(), required=True)

    def __init__(self, *args: Any, choices: list[tuple[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["mandates"].choices = choices


class ReviewForm(forms.Form):
    outcome = forms.ChoiceField(label=_("审查结果"), choices=ReviewOutcome.choices)
    note = forms.CharField(label=_("审查意见"), widget=forms.Textarea(attrs={"rows": 3}), required=False)
    exclusion_reason = forms.ModelChoiceField(
        empty_label=_("请选择"),
        label=_("不予立案理由"),
        queryset=ExclusionReason.objects.none(),
        required=False,
    )
    merge_into = forms.ModelChoiceField(
        empty_label=_("请选择"), label=_("并入建议"), queryset=Suggestion.objects.none(), required=False
    )
    category = forms.ModelChoiceField(
        empty_label=_("请选择"), label=_("分类"), queryset=Category.objects.none(), required=False
    )

    def __init__(self, *args: Any, suggestion: Suggestion, **kwargs: Any):
        super().__init__(*args, **kwargs)
        cid = suggestion.case.congress_id
        self.fields["exclusion_reason"].queryset = ExclusionReason.objects.filter(
            congress_id=cid, is_active=True
        )
        self.fields["category"].queryset = Category.objects.filter(congress_id=cid, is_active=True)
        self.fields["merge_into"].queryset = (
            Suggestion.objects.filter(
                case__congress_id=cid,
                case__state__in=[
                    SuggestionState.SUBMITTED,
                    SuggestionState.ACCEPTED,
                    SuggestionState.ASSIGNED,
                    SuggestionState.HANDLING,
                ],
            )
            .exclude(pk=suggestion.pk)
            .select_related("case")
        )
        self.fields["merge_into"].label_from_instance = lambda s: f"{s.case.number} {s.case.title}"


class FilterForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False, max_length=100)
    state = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *SuggestionState.choices]
    )
    type = forms.ChoiceField(
        label=_("类型"), required=False, choices=[("", _("全部类型")), *SuggestionType.choices]
    )
    category = forms.ModelChoiceField(
        label=_("分类"), queryset=Category.objects.none(), required=False, empty_label=_("全部分类")
    )
    session = forms.ModelChoiceField(
        label=_("会议"), queryset=Session.objects.none(), required=False, empty_label=_("全部会议")
    )
    unit = forms.ModelChoiceField(
        label=_("承办单位"),
        queryset=Organization.objects.none(),
        required=False,
        empty_label=_("全部承办单位"),
    )
    reply_class = forms.ChoiceField(
        label=_("答复类别"), required=False, choices=[("", _("全部答复类别")), *ReplyClass.choices]
    )
    rating = forms.ChoiceField(
        label=_("测评结果"),
        required=False,
        choices=[
            ("", _("全部测评")),
            ("satisfied", _("满意")),
            ("basically", _("基本满意")),
            ("dissatisfied", _("不满意")),
        ],
    )
    overdue = forms.BooleanField(label=_("仅超期"), required=False)
    key = forms.BooleanField(label=_("仅重点"), required=False)
    congress = forms.ModelChoiceField(
        label=_("人大"), queryset=Congress.objects.none(), required=False, empty_label=_("全部人大")
    )
    year = forms.IntegerField(
        label=_("年度"),
        required=False,
        min_value=1949,
        max_value=2100,
        error_messages={"invalid": _("年度须为四位数字。"), "min_value": _("年度须在1949到2100之间。"),
                        "max_value": _("年度须在1949到2100之间。")},
    )  # fmt: skip
    stat = forms.ChoiceField(
        label=_("统计口径"), required=False, choices=[("", _("全部")), *MEASURE_LABELS.items()]
    )
    sort = forms.ChoiceField(
        label=_("排序"),
        required=False,
        choices=[
            ("new", _("最新")),
            ("old", _("最早")),
            ("number", _("编号")),
            ("due", _("期限")),
            ("state", _("状态")),
        ],
    )

    def __init__(self, *args: Any, congress_ids: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        ids = list(congress_ids)
        self.fields["category"].queryset = Category.objects.filter(congress_id__in=ids)
        self.fields["session"].queryset = Session.objects.filter(term__congress_id__in=ids).select_related(
            "term__congress"
        )
        self.fields["unit"].queryset = Organization.objects.filter(
            congress_id__in=ids, kind__in=list(HANDLING_UNIT_KINDS)
        )
        self.fields["congress"].queryset = Congress.objects.filter(pk__in=ids).order_by("path")


# --- a congress's own configuration (the settings page) ------------------------------------------------------


class MotionSettingForm(forms.Form):
    motion_min_cosigners = forms.IntegerField(
        label=_("议案附议人数下限"),
        min_value=0,
        max_value=500,
        help_text=_("县级人大代表十人以上联名可以提出议案;以代表团名义提出的不受此限"),
        error_messages={
            "required": _("请填写议案附议人数下限。"),
            "invalid": _("议案附议人数下限须为整数。"),
            "min_value": _("议案附议人数下限须在0到500之间。"),
            "max_value": _("议案附议人数下限须在0到500之间。"),
        },
    )


class PercentSettingForm(forms.Form):
    """How many decimals the congress's rates show (its circulars print 6.25 % or 6.3 %)."""

    percent_places = forms.TypedChoiceField(
        label=_("比率保留小数位数"),
        coerce=int,
        choices=[(1, _("一位小数(如 6.3%)")), (2, _("两位小数(如 6.25%)"))],
        help_text=_("统计页、导出表格、办理情况报告、接口和制度落实体检中的各项比率均按四舍五入保留此位数"),
        error_messages={
            "required": _("请选择比率保留的小数位数。"),
            "invalid_choice": _("请选择一位或两位小数。"),
        },
    )


class CategoryRowForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    name = forms.CharField(label=_("名称"), max_length=40, required=False)
    sort_order = forms.IntegerField(label=_("排序"), min_value=0, max_value=32767, required=False)
    is_active = forms.BooleanField(label=_("启用"), required=False, initial=True)


class ExclusionRowForm(forms.Form):
    id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    code = forms.CharField(
        label=_("代码"), max_length=30, required=False, help_text=_("新增时可留空,由系统生成;保存后不能修改")
    )
    label = forms.CharField(label=_("理由"), max_length=100, required=False)
    sort_order = forms.IntegerField(label=_("排序"), min_value=0, max_value=32767, required=False)
    is_active = forms.BooleanField(label=_("启用"), required=False, initial=True)


CategoryFormSet = forms.formset_factory(CategoryRowForm, extra=3, max_num=200, absolute_max=300)
ExclusionFormSet = forms.formset_factory(ExclusionRowForm, extra=2, max_num=100, absolute_max=200)


def formset_rows(formset: Any, text_field: str) -> tuple[list[dict[str, Any]], list[int]]:
    """The rows to send to the service (existing rows, and new rows someone typed in), with the index
    of the form each came from so that a service error lands on the right row."""
    rows: list[dict[str, Any]] = []
    index: list[int] = []
    for i, form in enumerate(formset.forms):
        d = form.cleaned_data
        if not d or (not d.get("id") and not str(d.get(text_field) or "").strip()):
            continue
        rows.append(dict(d))
        index.append(i)
    return rows, index
