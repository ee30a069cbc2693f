"""Forms of the election pages (the services check the rules; these only read the input)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.deputies.choices import Gender, OccupationCategory, PoliticalAffiliation

from . import law
from .choices import (
    AppealDecision,
    AppealKind,
    CommitteePost,
    ConstituencyKind,
    ConsultationForm,
    ConsultationOutcome,
    CourtOutcome,
    ElectionKind,
    ExclusionReason,
    NominatorKind,
    RemovalReason,
    ReviewState,
    StationKind,
)

DATE = forms.DateInput(attrs={"type": "date"})


class ElectionForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=120)
    term = forms.ChoiceField(label=_("选举产生的届次"))
    kind = forms.ChoiceField(label=_("类别"), choices=ElectionKind.choices)
    election_day = forms.DateField(label=_("选举日"), widget=DATE)

    def __init__(self, *args: Any, terms: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.terms = {str(t.pk): t for t in terms}
        self.fields["term"].choices = [(str(t.pk), f"{t.congress.name}第{t.number}届({t.start_year}—{t.end_year})")
                                       for t in terms]  # fmt: skip


class SettingsForm(forms.Form):
    election_day = forms.DateField(label=_("选举日"), widget=DATE)

    def __init__(self, *args: Any, params: dict[str, Any], targets: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, (default, label, _kind) in law.LAW.items():
            self.fields[f"p_{key}"] = forms.CharField(
                label=label, required=False, initial=params.get(key, default), max_length=10,
                help_text=_("法定默认值:%(v)s") % {"v": default},
            )  # fmt: skip
        for key, (default, label, _kind) in law.TARGETS.items():
            self.fields[f"t_{key}"] = forms.IntegerField(
                label=f"{label}(%)",
                required=False,
                min_value=0,
                max_value=100,
                initial=targets.get(key, default),
            )

    def params(self) -> dict[str, Any]:
        return {
            k: self.cleaned_data.get(f"p_{k}")
            for k in law.LAW
            if self.cleaned_data.get(f"p_{k}") not in (None, "")
        }

    def targets(self) -> dict[str, Any]:
        return {
            k: self.cleaned_data.get(f"t_{k}")
            for k in law.TARGETS
            if self.cleaned_data.get(f"t_{k}") is not None
        }


class CommitteeForm(forms.Form):
    full_name = forms.CharField(label=_("姓名"), max_length=50)
    post = forms.ChoiceField(label=_("职务"), choices=CommitteePost.choices)
    appointed_on = forms.DateField(label=_("任命日期"), widget=DATE)
    appointed_by = forms.CharField(label=_("任命机关"), max_length=100, required=False)
    username = forms.CharField(
        label=_("登录账号(用户名,选填)"), max_length=150, required=False,
        help_text=_("填写后,该组成人员登录即可办理本次选举事务(菜单“代表工作—换届选举”)。"),
    )  # fmt: skip

    def clean_username(self) -> Any:
        from django.contrib.auth import get_user_model

        name = (self.cleaned_data.get("username") or "").strip()
        if not name:
            return None
        user = get_user_model().objects.filter(username=name, is_active=True).first()
        if user is None:
            raise forms.ValidationError(_("没有用户名为“%(u)s”的有效账号。") % {"u": name})
        return user


class ConstituencyForm(forms.Form):
    name = forms.CharField(label=_("选区名称"), max_length=100)
    kind = forms.ChoiceField(label=_("划分依据"), choices=ConstituencyKind.choices)
    area = forms.CharField(label=_("所辖范围"), max_length=200, required=False)
    population = forms.IntegerField(label=_("人口数"), min_value=1)
    seats = forms.IntegerField(label=_("应选代表名额"))


class AllocateForm(forms.Form):
    total_seats = forms.IntegerField(label=_("代表总名额"), min_value=1)


class VoterForm(forms.Form):
    constituency = forms.ChoiceField(label=_("选区"))
    full_name = forms.CharField(label=_("姓名"), max_length=50)
    id_number = forms.CharField(label=_("身份证号"), max_length=18)
    address = forms.CharField(label=_("住址"), max_length=200, required=False)
    is_migrant = forms.BooleanField(label=_("外来人员(在现居住地登记)"), required=False)
    migrant_certificate = forms.CharField(label=_("原选区选民资格证明"), max_length=200, required=False)


class VoterActForm(forms.Form):
    action = forms.ChoiceField(
        choices=[("remove", _("除名")), ("exclude", _("不列入名单"))], widget=forms.HiddenInput
    )
    removal_reason = forms.ChoiceField(label=_("除名原因"), choices=RemovalReason.choices, required=False)
    exclusion_reason = forms.ChoiceField(
        label=_("不列入原因"), choices=ExclusionReason.choices, required=False
    )
    note = forms.CharField(label=_("依据或说明"), max_length=300, required=False)


class ImportUploadForm(forms.Form):
    file = forms.FileField(label=_("选民名册文件(Excel .xlsx 或 CSV)"))


class AppealForm(forms.Form):
    constituency = forms.ChoiceField(label=_("选区"))
    appellant = forms.CharField(label=_("申诉人"), max_length=50)
    kind = forms.ChoiceField(label=_("申诉事项"), choices=AppealKind.choices)
    subject_name = forms.CharField(label=_("涉及人员姓名"), max_length=50)
    voter_id_number = forms.CharField(
        label=_("名单上涉及选民的身份证号(漏登时不填)"), max_length=18, required=False
    )
    claim = forms.CharField(label=_("申诉内容"), widget=forms.Textarea(attrs={"rows": 3}), max_length=4000)


class AppealDecideForm(forms.Form):
    decision = forms.ChoiceField(label=_("处理决定"), choices=[c for c in AppealDecision.choices if c[0]])
    decision_text = forms.CharField(
        label=_("决定理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )
    id_number = forms.CharField(label=_("补登选民的身份证号(漏登成立时填写)"), max_length=18, required=False)
    address = forms.CharField(label=_("住址"), max_length=200, required=False)


class NominationForm(forms.Form):
    constituency = forms.ChoiceField(label=_("选区"))
    full_name = forms.CharField(label=_("姓名"), max_length=50)
    gender = forms.ChoiceField(label=_("性别"), choices=Gender.choices)
    birth_date = forms.DateField(label=_("出生日期"), widget=DATE, required=False)
    party = forms.ChoiceField(label=_("政治面貌"), choices=PoliticalAffiliation.choices)
    occupation = forms.CharField(label=_("工作单位及职务"), max_length=120, required=False)
    occupation_category = forms.ChoiceField(label=_("职业构成"), choices=OccupationCategory.choices)
    id_number = forms.CharField(label=_("身份证号(选填)"), max_length=18, required=False)
    is_reelected = forms.BooleanField(label=_("连任"), required=False)
    nominated_by_committee = forms.BooleanField(label=_("常委会(主席团)建议的连任人选"), required=False)
    is_working_body_head = forms.BooleanField(label=_("常委会工作部门负责人"), required=False)
    is_township_chair = forms.BooleanField(label=_("乡镇人大主席"), required=False)
    nominator_kind = forms.ChoiceField(label=_("推荐方式"), choices=NominatorKind.choices)
    nominating_body = forms.CharField(
        label=_("推荐的政党、人民团体(或领衔人)"), max_length=100, required=False
    )
    signer_id_numbers = forms.CharField(
        label=_("联名选民(每行一人:姓名或身份证号)"), required=False, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("按选民名单核对;本选区有同名选民的,在姓名后空一格写上身份证号。"),
    )  # fmt: skip


class StationForm(forms.Form):
    constituency = forms.ChoiceField(label=_("选区"))
    name = forms.CharField(label=_("名称"), max_length=100)
    kind = forms.ChoiceField(label=_("类别"), choices=StationKind.choices)


class BallotsForm(forms.Form):
    ballots_issued = forms.IntegerField(label=_("发出选票"), min_value=0)
    ballots_returned = forms.IntegerField(label=_("收回选票"), min_value=0)


class ProxyForm(forms.Form):
    principal_id_number = forms.CharField(label=_("委托人身份证号"), max_length=18)
    proxy_id_number = forms.CharField(label=_("受托人身份证号"), max_length=18)
    written_on = forms.DateField(label=_("书面委托日期"), widget=DATE)


class TallyForm(forms.Form):
    teller = forms.ChoiceField(label=_("计票人"), choices=[("1", _("计票人一")), ("2", _("计票人二"))])
    voted = forms.IntegerField(label=_("投票人数"), min_value=0)
    ballots_cast = forms.IntegerField(label=_("收回选票数"), min_value=0)

    def __init__(self, *args: Any, candidates: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        for c in candidates:
            self.fields[f"c_{c.pk}"] = forms.IntegerField(
                label=_("%(n)s得票") % {"n": c.full_name}, min_value=0
            )

    def votes(self) -> dict[int, int]:
        return {c.pk: self.cleaned_data[f"c_{c.pk}"] for c in self.candidates}


class ReviewForm(forms.Form):
    state = forms.ChoiceField(
        label=_("审查结论"), choices=[c for c in ReviewState.choices if c[0] != "pending"]
    )
    note = forms.CharField(label=_("审查意见"), max_length=300, required=False)


class CongressSettingsForm(forms.Form):
    """The congress's own values of the law's numbers: empty means the law's default."""

    def __init__(self, *args: Any, current: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for key, (default, label, kind) in law.LAW.items():
            initial = current.get(key, "")
            help_text = _("法定默认值:%(v)s;不填即按法定默认值。") % {"v": default}
            if kind == "int":
                self.fields[key] = forms.IntegerField(
                    label=label, required=False, min_value=0, max_value=1000, initial=initial, help_text=help_text,
                    error_messages={
                        "invalid": _("“%(l)s”应为整数。") % {"l": label},
                        "min_value": _("“%(l)s”不能小于0。") % {"l": label},
                        "max_value": _("“%(l)s”不能大于1000。") % {"l": label},
                    },
                )  # fmt: skip
            else:
                self.fields[key] = forms.CharField(
                    label=label, required=False, max_length=10, initial=initial,
                    help_text=help_text + str(_("写作分数,如 1/3、1/2。")),
                )  # fmt: skip

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        for key, (_default, label, kind) in law.LAW.items():
            value = data.get(key)
            if kind == "fraction" and value not in (None, ""):
                try:
                    data[key] = law.check_param(key, value)
                except (ValueError, ZeroDivisionError):
                    self.add_error(key, _("“%(l)s”应写作0到10之间的分数或整数,如 1/3。") % {"l": label})
        lo, hi = data.get("seats_min"), data.get("seats_max")
        lo = law.LAW["seats_min"][0] if lo in (None, "") else lo
        hi = law.LAW["seats_max"][0] if hi in (None, "") else hi
        if "seats_min" not in self.errors and "seats_max" not in self.errors:
            if lo < 1:
                self.add_error("seats_min", _("“每一选区最少应选名额”至少为1名。"))
            elif lo > hi:
                self.add_error("seats_min", _("“每一选区最少应选名额”不能大于“最多应选名额”。"))
        margin_lo, margin_hi = data.get("margin_min"), data.get("margin_max")
        if "margin_min" not in self.errors and "margin_max" not in self.errors:
            a = law.fraction(margin_lo or law.LAW["margin_min"][0])
            b = law.fraction(margin_hi or law.LAW["margin_max"][0])
            if a > b:
                self.add_error("margin_min", _("差额的最小比例不能大于最大比例。"))
        return data

    def params(self) -> dict[str, Any]:
        """Only the values that differ from the law (the rest follow the law if it changes)."""
        out = {}
        for key, (default, _label, _kind) in law.LAW.items():
            value = self.cleaned_data.get(key)
            if value not in (None, "") and str(value) != str(default):
                out[key] = value
        return out


class ConsultationRecordForm(forms.Form):
    form = forms.ChoiceField(label=_("形式"), choices=ConsultationForm.choices)
    held_on = forms.DateField(label=_("日期"), widget=DATE)
    participants = forms.CharField(label=_("参加人员"), max_length=300,
                                   help_text=_("如:第一选民小组组长、选民代表"))  # fmt: skip
    participant_count = forms.IntegerField(label=_("参加人数"), min_value=1)
    summary = forms.CharField(label=_("情况和意见"), required=False, max_length=4000,
                              widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip

    def __init__(self, *args: Any, candidates: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        for c in candidates:
            self.fields[f"o_{c.pk}"] = forms.ChoiceField(
                label=_("%(n)s:意见") % {"n": c.full_name},
                choices=[("", _("(未讨论)")), *ConsultationOutcome.choices], required=False,
            )  # fmt: skip
            self.fields[f"n_{c.pk}"] = forms.CharField(
                label=_("%(n)s:说明") % {"n": c.full_name}, required=False, max_length=300
            )

    def outcomes(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(f"o_{c.pk}", "") for c in self.candidates}

    def notes(self) -> dict[int, str]:
        return {c.pk: self.cleaned_data.get(f"n_{c.pk}", "") for c in self.candidates}


class ReviewReportForm(forms.Form):
    adopted_on = forms.DateField(label=_("审查日期"), widget=DATE)
    text = forms.CharField(label=_("报告正文"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000)
    file = forms.FileField(label=_("签署的报告文件(PDF、Word或图片,可选)"), required=False)


class CourtFileForm(forms.Form):
    filed_on = forms.DateField(label=_("起诉日期"), widget=DATE)
    court = forms.CharField(label=_("受理的人民法院"), max_length=100)


class CourtJudgeForm(forms.Form):
    judged_on = forms.DateField(label=_("判决日期"), widget=DATE)
    outcome = forms.ChoiceField(label=_("判决结果"), choices=[c for c in CourtOutcome.choices if c[0]])
    judgment = forms.CharField(label=_("判决要旨"), widget=forms.Textarea(attrs={"rows": 2}), max_length=4000)
    id_number = forms.CharField(
        label=_("补登选民的身份证号(判决应登记时填写)"), max_length=18, required=False
    )


class ByElectionForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=120)
    election_day = forms.DateField(label=_("选举日"), widget=DATE)
    constituency = forms.CharField(label=_("选区(出缺代表原选区)"), max_length=100)
    kind = forms.ChoiceField(label=_("划分依据"), choices=ConstituencyKind.choices)
    area = forms.CharField(label=_("所辖范围"), max_length=200, required=False)
    population = forms.IntegerField(label=_("人口数"), min_value=1)
