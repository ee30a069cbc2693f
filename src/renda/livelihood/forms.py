"""Forms of the livelihood pages (every message in Chinese, naming the field)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.choices import HANDLING_UNIT_KINDS, OrganizationKind
from renda.core.models import Organization

from .choices import ProposerKind, TieRule


def _req(label: Any) -> dict[str, Any]:
    return {"required": _("请填写%(label)s。") % {"label": label}}


class ProgrammeForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100, error_messages={
        "required": _("请填写年度。"), "invalid": _("年度须为四位数字。"),
        "min_value": _("年度须在2000到2100之间。"), "max_value": _("年度须在2000到2100之间。")})  # fmt: skip
    title = forms.CharField(label=_("名称(可空)"), max_length=200, required=False)
    seats = forms.IntegerField(label=_("票决项目数"), min_value=1, max_value=50, initial=10,
                               error_messages={"required": _("请填写票决项目数。")})  # fmt: skip
    shortlist_size = forms.IntegerField(label=_("候选项目数"), min_value=2, max_value=100, initial=15,
                                        error_messages={"required": _("请填写候选项目数。")})  # fmt: skip
    pass_rule = forms.ChoiceField(label=_("通过规则"), choices=())
    tie_rule = forms.ChoiceField(label=_("票数相同时"), choices=TieRule.choices)
    collect_starts_on = forms.DateField(label=_("征集开始日期"), required=False,
                                        widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip
    collect_ends_on = forms.DateField(label=_("征集截止日期"), required=False,
                                      widget=forms.DateInput(attrs={"type": "date"}))  # fmt: skip

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        from renda.voting.rules import rule_choices

        if editing:
            del self.fields["year"]

        choices = [
            c for c in rule_choices() if c[0] in ("majority_present", "majority_all", "two_thirds_all")
        ]
        self.fields["pass_rule"].choices = choices
        self.fields["pass_rule"].initial = "majority_present"


class ProposalForm(forms.Form):
    """Staff record a proposal (station / government / deputy); a deputy proposes in their own name."""

    title = forms.CharField(label=_("项目名称"), max_length=50, error_messages=_req(_("项目名称")))
    description = forms.CharField(label=_("项目内容"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4}),
                                  error_messages=_req(_("项目内容")))  # fmt: skip
    proposer_kind = forms.ChoiceField(label=_("提出方"), choices=ProposerKind.choices, required=False)
    proposer_name = forms.CharField(label=_("提出人"), max_length=100, required=False)
    station = forms.ModelChoiceField(label=_("代表联络站"), queryset=Organization.objects.none(), required=False,
                                     empty_label=_("请选择"))  # fmt: skip
    responsible_unit = forms.ModelChoiceField(label=_("建议责任单位"), queryset=Organization.objects.none(),
                                              required=False, empty_label=_("请选择"))  # fmt: skip
    budget = forms.DecimalField(label=_("计划投资(万元)"), required=False, min_value=0, max_digits=12,
                                decimal_places=2, error_messages={"invalid": _("计划投资应为数字(万元)。")})  # fmt: skip

    def __init__(
        self, *args: Any, congress_id: int, staff: bool, stations: list | None = None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        orgs = Organization.objects.filter(congress_id=congress_id, is_active=True)
        self.fields["station"].queryset = orgs.filter(kind=OrganizationKind.LIAISON_STATION)
        self.fields["responsible_unit"].queryset = orgs.filter(kind__in=HANDLING_UNIT_KINDS)
        if not staff:
            dropped = ["proposer_kind", "responsible_unit", "budget"]
            if stations:
                self.fields["station"].queryset = orgs.filter(pk__in=[s.pk for s in stations])
                self.fields["station"].required = True
                self.fields["proposer_name"].label = _("提出人(群众或代表姓名)")
            else:
                dropped += ["station", "proposer_name"]
            for name in dropped:
                del self.fields[name]


class PublicProposalForm(forms.Form):
    title = forms.CharField(label=_("项目名称"), max_length=50, error_messages=_req(_("项目名称")),
                            help_text=_("如:城关镇老旧小区加装电梯"))  # fmt: skip
    description = forms.CharField(label=_("项目内容"), max_length=3000, widget=forms.Textarea(attrs={"rows": 5}),
                                  error_messages=_req(_("项目内容")),
                                  help_text=_("写明要办的实事、地点和受益群众。"))  # fmt: skip
    name = forms.CharField(label=_("姓名(可空)"), max_length=50, required=False)
    phone = forms.CharField(label=_("联系电话(可空)"), max_length=20, required=False)
    captcha = forms.CharField(
        label=_("验证码"), max_length=3, error_messages={"required": _("请填写验证码。")}
    )


class ScreenForm(forms.Form):
    decision = forms.ChoiceField(label=_("甄别结果"), choices=[("shortlist", _("列入候选项目")),
                                                             ("reject", _("不列入候选"))],
                                 widget=forms.RadioSelect, error_messages={"required": _("请选择甄别结果。")})  # fmt: skip
    responsible_unit = forms.ModelChoiceField(label=_("责任单位"), queryset=Organization.objects.none(),
                                              required=False, empty_label=_("请选择"))  # fmt: skip
    budget = forms.DecimalField(label=_("计划投资(万元)"), required=False, min_value=0, max_digits=12,
                                decimal_places=2, error_messages={"invalid": _("计划投资应为数字(万元)。")})  # fmt: skip
    note = forms.CharField(
        label=_("甄别意见"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, congress_id: int, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["responsible_unit"].queryset = Organization.objects.filter(
            congress_id=congress_id, is_active=True, kind__in=HANDLING_UNIT_KINDS
        )


class ProjectsChoiceForm(forms.Form):
    """The presidium's agreement, or its decision among tied projects."""

    projects = forms.ModelMultipleChoiceField(label=_("项目"), queryset=None, widget=forms.CheckboxSelectMultiple,
                                              error_messages={"required": _("请选择项目。")})  # fmt: skip
    on = forms.DateField(label=_("主席团会议日期"), widget=forms.DateInput(attrs={"type": "date"}),
                         error_messages={"required": _("请填写主席团会议日期。")})  # fmt: skip
    note = forms.CharField(label=_("主席团意见"), max_length=2000, widget=forms.Textarea(attrs={"rows": 2}),
                           error_messages={"required": _("请填写主席团意见。")})  # fmt: skip

    def __init__(self, *args: Any, queryset: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["projects"].queryset = queryset
        self.fields["projects"].label_from_instance = lambda p: p.title
