"""Forms of the liaison pages: they parse; the services validate and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.cases.choices import RatingValue
from renda.core.choices import OrganizationKind
from renda.core.models import Organization

from .choices import WEEKDAYS, Channel, RecurrenceKind


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
    station = forms.ModelChoiceField(
        empty_label=_("请选择"), label=_("联络站"), queryset=Organization.objects.none(), required=False
    )
    topic = forms.ChoiceField(label=_("分类"), choices=(), required=False)
    township = forms.ModelChoiceField(
        empty_label=_("请选择"),
        label=_("所在乡镇(街道)"),
        queryset=Organization.objects.none(),
        required=False,
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


class ProfileForm(StyledForm):
    address = forms.CharField(label=_("地址"), max_length=400)
    latitude = forms.CharField(label=_("纬度"), required=False, max_length=30)
    longitude = forms.CharField(label=_("经度"), required=False, max_length=30)
    keeper_name = forms.CharField(label=_("联络员"), required=False, max_length=100)
    keeper_phone = forms.CharField(label=_("联络电话"), required=False, max_length=60)
    opening_hours = forms.CharField(label=_("开放时间"), required=False, max_length=400)
    township = forms.ModelChoiceField(
        empty_label=_("请选择"),
        label=_("所在乡镇(街道)"),
        queryset=Organization.objects.none(),
        required=False,
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
    station = forms.ModelChoiceField(
        empty_label=_("请选择"), label=_("联络站"), queryset=Organization.objects.none()
    )
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
    station = forms.ModelChoiceField(
        empty_label=_("请选择"), label=_("联络站"), queryset=Organization.objects.none()
    )
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
    station = forms.ModelChoiceField(
        empty_label=_("请选择"), label=_("联络站"), queryset=Organization.objects.none()
    )
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


# --- settings (staff) ----------------------------------------------------------------------------------

SETTING_NUMBER_FIELDS: list[tuple[str, Any, int, int]] = [
    ("notice_days", _("接待日提前公告天数"), 0, 60),
    ("generate_days_ahead", _("按规则生成接待日的天数"), 1, 366),
    ("remind_days_before", _("提前提醒值班代表天数"), 0, 30),
    ("submit_limit", _("同一地址提交次数上限(0为不限)"), 0, 10000),
    ("submit_window_minutes", _("提交限流时段(分钟)"), 1, 10000),
    ("duplicate_window_minutes", _("重复提交合并时段(分钟,0为不合并)"), 0, 10000),
    ("body_max_length", _("意见内容字数上限"), 50, 10000),
    ("reply_working_days", _("转办答复期限(工作日)"), 1, 365),
    ("rehandle_working_days", _("重新办理期限(工作日)"), 1, 365),
]


def _lines(value: str) -> list[str]:
    return [line.strip() for line in (value or "").splitlines() if line.strip()]


class SettingForm(StyledForm):
    """The congress's liaison settings: lists one item per line, ``代码|名称`` for coded lists."""

    topics = forms.CharField(
        label=_("意见分类"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("每行一个分类,群众提交意见时从中选择。"),
    )
    exclusions = forms.CharField(
        label=_("不予受理情形"),
        widget=forms.Textarea(attrs={"rows": 5}),
        required=False,
        help_text=_("每行一项:代码|名称|告知群众的说明(说明可空)。代码用英文字母、数字或下划线。"),
    )
    checklist = forms.CharField(
        label=_("“六有”检查项"),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
        help_text=_("每行一项:代码|名称。"),
    )
    sensitive_words = forms.CharField(
        label=_("敏感词"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("每行一个;含有这些词的意见不能提交。"),
    )
    require_name = forms.BooleanField(label=_("提交意见须留姓名"), required=False)
    require_phone = forms.BooleanField(label=_("提交意见须留手机号"), required=False)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name, label, low, high in SETTING_NUMBER_FIELDS:
            message = _("“%(label)s”须为%(low)s到%(high)s之间的整数。") % {
                "label": label,
                "low": low,
                "high": high,
            }
            self.fields[name] = forms.IntegerField(
                label=label,
                min_value=low,
                max_value=high,
                error_messages={
                    "required": _("请填写“%(label)s”。") % {"label": label},
                    "invalid": message,
                    "min_value": message,
                    "max_value": message,
                },
                widget=forms.NumberInput(attrs={"min": low, "max": high}),
            )
        self.style()

    def clean_topics(self) -> list[str]:
        items = _lines(self.cleaned_data.get("topics", ""))
        if not items:
            raise forms.ValidationError(_("“意见分类”至少要有一项。"))
        too_long = [t for t in items if len(t) > 40]
        if too_long:
            raise forms.ValidationError(
                _("“意见分类”每项不能超过40个字:%(t)s") % {"t": "、".join(too_long[:3])}
            )
        return list(dict.fromkeys(items))

    def clean_sensitive_words(self) -> list[str]:
        items = _lines(self.cleaned_data.get("sensitive_words", ""))
        if any(len(w) > 40 for w in items):
            raise forms.ValidationError(_("“敏感词”每个不能超过40个字。"))
        return list(dict.fromkeys(items))

    def _coded(self, name: str, label: Any, *, with_reason: bool) -> list[dict[str, str]]:
        import re

        items: list[dict[str, str]] = []
        seen: set[str] = set()
        for number, line in enumerate(_lines(self.cleaned_data.get(name, "")), start=1):
            parts = [p.strip() for p in line.replace("|", "|").split("|")]
            code = parts[0] if parts else ""
            title = parts[1] if len(parts) > 1 else ""
            if not code or not title:
                raise forms.ValidationError(
                    _("“%(label)s”第%(n)s行须写成“代码|名称”。") % {"label": label, "n": number}
                )
            if not re.fullmatch(r"[A-Za-z0-9_]{1,40}", code):
                raise forms.ValidationError(
                    _("“%(label)s”第%(n)s行的代码只能用英文字母、数字或下划线(至多40个)。")
                    % {"label": label, "n": number}
                )
            if code in seen:
                raise forms.ValidationError(
                    _("“%(label)s”第%(n)s行的代码“%(c)s”重复了。") % {"label": label, "n": number, "c": code}
                )
            if len(title) > 60:
                raise forms.ValidationError(
                    _("“%(label)s”第%(n)s行的名称不能超过60个字。") % {"label": label, "n": number}
                )
            seen.add(code)
            item = {"code": code, "label": title}
            if with_reason:
                reason = "|".join(parts[2:]).strip()
                if len(reason) > 500:
                    raise forms.ValidationError(
                        _("“%(label)s”第%(n)s行的说明不能超过500个字。") % {"label": label, "n": number}
                    )
                if reason:
                    item["public_reason"] = reason
            items.append(item)
        if not items:
            raise forms.ValidationError(_("“%(label)s”至少要有一项。") % {"label": label})
        return items

    def clean_exclusions(self) -> list[dict[str, str]]:
        return self._coded("exclusions", _("不予受理情形"), with_reason=True)

    def clean_checklist(self) -> list[dict[str, str]]:
        return self._coded("checklist", _("“六有”检查项"), with_reason=False)

    @staticmethod
    def initial_from(setting: Any) -> dict[str, Any]:
        data: dict[str, Any] = {name: getattr(setting, name) for name, *_rest in SETTING_NUMBER_FIELDS}
        data.update(
            require_name=setting.require_name,
            require_phone=setting.require_phone,
            topics="\n".join(setting.topics or []),
            sensitive_words="\n".join(setting.sensitive_words or []),
            exclusions="\n".join(
                "|".join(x for x in (e.get("code", ""), e.get("label", ""), e.get("public_reason", "")) if x)
                for e in setting.exclusions or []
            ),
            checklist="\n".join(f"{c.get('code', '')}|{c.get('label', '')}" for c in setting.checklist or []),
        )
        return data


# --- registering phone and letter opinions (staff, keepers) ---------------------------------------------


class RegisterForm(StyledForm):
    channel = forms.ChoiceField(
        label=_("来源渠道"),
        choices=[(Channel.PHONE, Channel.PHONE.label), (Channel.LETTER, Channel.LETTER.label)],
        error_messages={
            "required": _("请选择来源渠道(电话或来信)。"),
            "invalid_choice": _("请选择来源渠道(电话或来信)。"),
        },
    )
    station = forms.ModelChoiceField(
        empty_label=_("请选择"),
        label=_("联络站"),
        queryset=Organization.objects.none(),
        error_messages={"required": _("请选择联络站。"), "invalid_choice": _("请选择联络站。")},
    )
    topic = forms.ChoiceField(
        label=_("分类"),
        choices=(),
        error_messages={"required": _("请选择分类。"), "invalid_choice": _("请选择分类。")},
    )
    township = forms.ModelChoiceField(
        empty_label=_("请选择"),
        label=_("所在乡镇(街道,可空)"),
        queryset=Organization.objects.none(),
        required=False,
        error_messages={"invalid_choice": _("请选择列表中的乡镇(街道)。")},
    )
    title = forms.CharField(label=_("标题"), max_length=200, required=False)
    body = forms.CharField(
        label=_("意见内容"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000, required=False
    )
    submitter_name = forms.CharField(label=_("反映人姓名(可空)"), max_length=200, required=False)
    submitter_phone = forms.CharField(label=_("反映人手机号(不公开,可空)"), max_length=40, required=False)

    def __init__(self, *args: Any, stations: Any, townships: Any, topics: list[str], **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["station"].queryset = stations
        self.fields["township"].queryset = townships
        self.fields["topic"].choices = [("", _("请选择"))] + [(t, t) for t in topics]
