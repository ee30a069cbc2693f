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


class PublicationForm(StyledForm):
    """预决算公开登记: the approval and publication dates of one year's budget or final accounts."""

    year = forms.IntegerField(
        label=_("预算年度"), min_value=2000, max_value=2100,
        error_messages={"required": _("请填写预算年度。"), "invalid": _("“预算年度”应为四位年份。"),
                        "min_value": _("“预算年度”应为四位年份。"), "max_value": _("“预算年度”应为四位年份。")},
    )  # fmt: skip
    kind = forms.ChoiceField(label=_("类别"), choices=())
    department = forms.ModelChoiceField(
        label=_("部门"), queryset=None, required=False, empty_label=_("本级政府(财政部门公开)")
    )
    approved_on = forms.DateField(
        label=_("批准日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("人民代表大会(决算为常委会)批准或财政部门批复的日期;部门留空时按本级政府的批准日期计算。"),
        error_messages={"invalid": _("请填写正确的日期。")},
    )  # fmt: skip
    published_on = forms.DateField(
        label=_("公开日期"), required=False, widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": _("请填写正确的日期。")},
    )  # fmt: skip
    url = forms.URLField(label=_("公开网址"), required=False, max_length=500, assume_scheme="https",
                         error_messages={"invalid": _("请填写有效的网址。")})  # fmt: skip
    note = forms.CharField(label=_("备注"), required=False, max_length=200)

    def __init__(self, *args: Any, congress: Any = None, **kwargs: Any):
        from renda.core.models import Organization

        from .models import Publication

        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Publication.Kind.choices
        self.fields["department"].queryset = Organization.objects.filter(congress=congress).order_by(
            "sort_order", "name"
        )
        self.style()


class PublicationUploadForm(StyledForm):
    file = forms.FileField(
        label=_("预决算公开情况表(Excel)"), error_messages={"required": _("请选择要导入的Excel文件。")}
    )

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs["accept"] = ".xlsx"
