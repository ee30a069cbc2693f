from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core import clock
from renda.liaison.forms import StyledForm

from .choices import AmountUnit


class UploadForm(StyledForm):
    year = forms.IntegerField(
        label=_("预算年度"), min_value=2000, max_value=2100,
        error_messages={"required": _("请填写预算年度。"), "invalid": _("“预算年度”应为四位年份。"),
                        "min_value": _("“预算年度”应为四位年份。"), "max_value": _("“预算年度”应为四位年份。")},
    )  # fmt: skip
    unit = forms.ChoiceField(label=_("金额单位"), choices=AmountUnit.choices, initial=AmountUnit.TEN_THOUSAND)
    file = forms.FileField(
        label=_("预算执行表(Excel)"), error_messages={"required": _("请选择要导入的Excel文件。")}
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".xlsx"
        self.fields["year"].initial = clock.today().year
