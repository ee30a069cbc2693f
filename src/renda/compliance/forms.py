"""The settings form of one rule: one field per parameter, typed from the seeds' default value."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .registry import Rule

PARAM_LABELS: dict[str, Any] = {
    "min_share": _("最低比例(%)"),
    "min_rise": _("最低提高幅度(百分点)"),
    "min_count": _("最少次数"),
    "initial_rate": _("初任培训参加率(%)"),
    "chair_month": _("主任接待代表的月份"),
    "county_min": _("县级代表每人每年最低经费(元)"),
    "township_min": _("乡镇代表每人每年最低经费(元)"),
    "absences": _("缺席次数上限"),
    "min_receptions": _("每月最少接待次数"),
    "start_months": _("年初会议月份"),
    "middle_months": _("年中会议月份"),
    "exclude_names_containing": _("不计入的机构名称关键词"),
    "min_contact_share": _("答复前沟通比例(%)"),
    "accept_stated_reason": _("接受说明理由的未沟通答复"),
    "min_public_share": _("公开比例(%)"),
    "min_supervised_share": _("督办比例(%)"),
    "min_rated_share": _("测评比例(%)"),
    "min_circulars": _("最少通报次数"),
    "min_resolution_rate": _("最低实际解决率(%)"),
    "max_unsolved_after_dissatisfied": _("不满意后仍未解决的上限(件)"),
    "min_members": _("每个工作机构最少人数"),
}


def param_label(key: str) -> Any:
    if key in PARAM_LABELS:
        return PARAM_LABELS[key]
    if "share" in key or "rate" in key:
        return _("比例(%)")
    if "count" in key or key.startswith("min"):
        return _("最低数量")
    if key.startswith("max"):
        return _("最高数量")
    return _("参数")


class RuleSettingForm(forms.Form):
    enabled = forms.BooleanField(label=_("启用这条检查"), required=False)

    def __init__(self, rule_obj: Rule, current: dict[str, Any], enabled: bool, **kwargs: Any) -> None:
        initial = {"enabled": enabled}
        super().__init__(initial=initial, **kwargs)
        self.rule_obj = rule_obj
        for key, default in rule_obj.params.items():
            label = param_label(key)
            value = current.get(key, default)
            safe = str(label).replace("%", "%%")  # Django formats field messages with %
            messages = {
                "required": _("请填写“%(f)s”。") % {"f": safe},
                "invalid": _("“%(f)s”必须是数字。") % {"f": safe},
                "min_value": _("“%(f)s”不能小于0。") % {"f": safe},
                "max_value": _("“%(f)s”是百分比,不能大于100。") % {"f": safe},
            }
            percent = "share" in key or "rate" in key
            if isinstance(default, bool):
                field: forms.Field = forms.BooleanField(label=label, required=False)
            elif isinstance(default, int):
                field = forms.IntegerField(label=label, min_value=0, max_value=100 if percent else None,
                                           error_messages=messages)  # fmt: skip
            elif isinstance(default, float):
                field = forms.FloatField(label=label, min_value=0, max_value=100 if percent else None,
                                         error_messages=messages)  # fmt: skip
            elif isinstance(default, list):
                field = forms.CharField(label=label, required=False, help_text=_("多个值用逗号分隔"))
                value = ",".join(str(v) for v in value)
            else:
                field = forms.CharField(label=label, required=False)
            self.fields[f"p_{key}"] = field
            self.initial[f"p_{key}"] = value

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for key, default in self.rule_obj.params.items():
            name = f"p_{key}"
            if isinstance(default, list) and name in data:
                parts = [p.strip() for p in str(data[name]).replace(",", ",").split(",") if p.strip()]
                if default and all(isinstance(v, int) for v in default):
                    try:
                        parts = [int(p) for p in parts]
                    except ValueError:
                        self.add_error(name, _("“%(f)s”必须是用逗号分隔的整数。") % {"f": param_label(key)})
                        continue
                    if key.endswith("months") and any(not 1 <= p <= 12 for p in parts):
                        self.add_error(name, _("“%(f)s”的月份必须在1到12之间。") % {"f": param_label(key)})
                        continue
                data[name] = parts
            if key == "chair_month" and isinstance(data.get(name), int) and not 1 <= data[name] <= 12:
                self.add_error(name, _("“%(f)s”必须在1到12之间。") % {"f": param_label(key)})
        return data

    def params(self) -> dict[str, Any]:
        return {key: self.cleaned_data[f"p_{key}"] for key in self.rule_obj.params}
