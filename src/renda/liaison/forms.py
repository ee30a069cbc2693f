"""Forms of the liaison pages: they parse; the services validate and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.cases.choices import RatingValue, ReplyClass
from renda.core.choices import HANDLING_UNIT_KINDS, OrganizationKind
from renda.core.models import Organization

from .choices import WEEKDAYS, Channel, OpinionState, RecurrenceKind


class StyledForm(forms.Form):
    """Bootstrap classes on every widget (no template tags needed)."""

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.style()

    def style(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple | forms.RadioSelect):
                css = "form-check-input"
            elif isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select | forms.SelectMultiple):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs.setdefault("class", css)


class OpinionForm(StyledForm):
    station = forms.ModelChoiceField(label=_("联络站"), queryset=Organization.objects.none(), required=False)
    topic = forms.ChoiceField(label=_("分类"), choices=(), required=False)
    township = forms.ModelChoiceField(
        label=_("所在乡镇(街道)"), queryset=Organization.objects.none(), required=False
    )
    title = forms.CharField(label=_("标题"), max_length=200, required=False)
    body = forms.CharField(
        label=_("意见内容"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000, required=False
    )
    submitter_name = forms.CharField(label=_("姓名"), max_length=200, required=False)
    submitter_phone = forms.CharField(label=_("手机号(不公开,用于短信告知)"), max_length=40, required=False)
    captcha = forms.CharField(label=_("验证码"), max_length=10, required=False)

    def __init__(self, *args: Any, stations: Any, townships: Any, topics: list[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = stations
        self.fields["township"].queryset = townships
        self.fields["topic"].choices = [("", _("请选择"))] + [(t, t) for t in topics]


class TrackForm(StyledForm):
    tracking_number = forms.CharField(label=_("查询码"), max_length=40)


class RateForm(StyledForm):
    tracking_number = forms.CharField(label=_("查询码"), max_length=40)
    code = forms.CharField(label=_("评价码"), max_length=20)
    value = forms.ChoiceField(
        label=_("评价"),
        choices=[
            (RatingValue.SATISFIED, _("满意")),
            (RatingValue.BASICALLY, _("基本满意")),
            (RatingValue.DISSATISFIED, _("不满意")),
        ],
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("意见(可选)"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )


class OpinionFilterForm(StyledForm):
    q = forms.CharField(label=_("搜索"), required=False, max_length=100)
    state = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态"))] + list(OpinionState.choices)
    )
    channel = forms.ChoiceField(
        label=_("渠道"), required=False, choices=[("", _("全部渠道"))] + list(Channel.choices)
    )
    station = forms.ModelChoiceField(
        label=_("联络站"), queryset=Organization.objects.none(), required=False, empty_label=_("全部联络站")
    )
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)

    def __init__(self, *args: Any, stations: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = stations


class ScreenForm(StyledForm):
    exclusion_code = forms.ChoiceField(label=_("不予受理情形"), choices=())
    public_reason = forms.CharField(
        label=_("告知群众的说明"), widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )

    def __init__(self, *args: Any, exclusions: list[dict[str, str]], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["exclusion_code"].choices = [(e["code"], e["label"]) for e in exclusions]


class RouteForm(StyledForm):
    unit = forms.ModelChoiceField(label=_("办理单位"), queryset=Organization.objects.none())
    deadline = forms.DateField(
        label=_("办理期限(可空,按默认)"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("转办说明"), required=False, max_length=500)

    def __init__(self, *args: Any, congress_id: int, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = Organization.objects.filter(
            congress_id=congress_id, is_active=True, kind__in=list(HANDLING_UNIT_KINDS)
        ).order_by("sort_order", "name")


class AnswerForm(StyledForm):
    answer = forms.CharField(
        label=_("当场答复内容"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10000
    )


class TakeUpForm(StyledForm):
    title = forms.CharField(label=_("建议标题(可改)"), max_length=200, required=False)


class UnitReplyForm(StyledForm):
    classification = forms.ChoiceField(label=_("答复类别"), choices=ReplyClass.choices)
    text = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 5}), max_length=20000)
    signing_leader = forms.CharField(label=_("签发领导"), max_length=100)


class ProfileForm(StyledForm):
    address = forms.CharField(label=_("地址"), max_length=400)
    latitude = forms.CharField(label=_("纬度"), required=False, max_length=30)
    longitude = forms.CharField(label=_("经度"), required=False, max_length=30)
    keeper_name = forms.CharField(label=_("联络员"), required=False, max_length=100)
    keeper_phone = forms.CharField(label=_("联络电话"), required=False, max_length=60)
    opening_hours = forms.CharField(label=_("开放时间"), required=False, max_length=400)
    township = forms.ModelChoiceField(
        label=_("所在乡镇(街道)"), queryset=Organization.objects.none(), required=False
    )
    introduction = forms.CharField(
        label=_("简介"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=10000
    )
    is_public = forms.BooleanField(label=_("在门户公开"), required=False)

    def __init__(self, *args: Any, congress_id: int, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["township"].queryset = Organization.objects.filter(
            congress_id=congress_id, kind__in=[OrganizationKind.TOWNSHIP, OrganizationKind.SUBDISTRICT]
        )


class ChecklistForm(StyledForm):
    code = forms.CharField(max_length=40, widget=forms.HiddenInput)
    is_met = forms.BooleanField(label=_("已达标"), required=False)
    checked_on = forms.DateField(
        label=_("核查日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    note = forms.CharField(label=_("说明"), required=False, max_length=600)


class DayForm(StyledForm):
    station = forms.ModelChoiceField(label=_("联络站"), queryset=Organization.objects.none())
    date = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    start_time = forms.TimeField(label=_("开始时间"), widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("结束时间"), widget=forms.TimeInput(attrs={"type": "time"}))
    theme = forms.CharField(label=_("主题"), required=False, max_length=200)
    deputies = forms.ModelMultipleChoiceField(label=_("值班代表"), queryset=None, required=False)
    publish = forms.BooleanField(label=_("立即公布"), required=False)

    def __init__(self, *args: Any, stations: Any, deputies: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = stations
        self.fields["deputies"].queryset = deputies


class RuleForm(StyledForm):
    station = forms.ModelChoiceField(label=_("联络站"), queryset=Organization.objects.none())
    kind = forms.ChoiceField(label=_("规则"), choices=RecurrenceKind.choices)
    day = forms.IntegerField(label=_("每月几号"), required=False, min_value=1, max_value=31)
    weekday = forms.TypedChoiceField(
        label=_("星期"), choices=[("", "—")] + WEEKDAYS, coerce=int, required=False, empty_value=None
    )
    week_of_month = forms.TypedChoiceField(
        label=_("第几周"),
        choices=[("", "—"), (1, "1"), (2, "2"), (3, "3"), (4, "4"), (-1, _("最后一周"))],
        coerce=int,
        required=False,
        empty_value=None,
    )
    months = forms.TypedMultipleChoiceField(
        label=_("月份"),
        choices=[(m, f"{m}月") for m in range(1, 13)],
        coerce=int,
        widget=forms.CheckboxSelectMultiple,
    )
    start_time = forms.TimeField(label=_("开始时间"), widget=forms.TimeInput(attrs={"type": "time"}))
    end_time = forms.TimeField(label=_("结束时间"), widget=forms.TimeInput(attrs={"type": "time"}))
    deputies = forms.ModelMultipleChoiceField(label=_("值班代表"), queryset=None, required=False)

    def __init__(self, *args: Any, stations: Any, deputies: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = stations
        self.fields["deputies"].queryset = deputies


class ReceptionForm(StyledForm):
    station = forms.ModelChoiceField(label=_("联络站"), queryset=Organization.objects.none())
    received_at = forms.DateTimeField(
        label=_("接待时间"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    deputies = forms.ModelMultipleChoiceField(label=_("接待代表"), queryset=None)
    visitor_name = forms.CharField(label=_("来访人(可空)"), required=False, max_length=100)
    visitor_phone = forms.CharField(label=_("来访人电话(不公开,可空)"), required=False, max_length=40)
    visitor_count = forms.IntegerField(label=_("来访人数"), min_value=1, max_value=1000, initial=1)
    summary = forms.CharField(label=_("接待情况"), widget=forms.Textarea(attrs={"rows": 3}), max_length=20000)
    issue_title = forms.CharField(label=_("反映的问题(标题,可空)"), required=False, max_length=200)
    issue_body = forms.CharField(
        label=_("问题内容"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=20000
    )
    issue_topic = forms.ChoiceField(label=_("分类"), choices=(), required=False)

    def __init__(self, *args: Any, stations: Any, deputies: Any, topics: list[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = stations
        self.fields["deputies"].queryset = deputies
        self.fields["issue_topic"].choices = [("", _("请选择"))] + [(t, t) for t in topics]
