"""Forms of the deputies pages: filters and the entry forms (services do the checking that matters)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.models import Organization

from .choices import (
    GENERATED_KINDS,
    MEETING_KINDS,
    PARTY_CHOICES,
    ActivityKind,
    Attendance,
    Education,
    FundKind,
    Gender,
    MandateEndReason,
    OccupationCategory,
    StandingCommitteePosition,
)
from .models import DeputyGroup

YES_NO = [("", _("全部")), ("1", _("是")), ("0", _("否"))]


class MandateForm(forms.Form):
    full_name = forms.CharField(label=_("姓名"), max_length=50)
    id_number = forms.CharField(label=_("身份证号"), max_length=18, required=False,
                                help_text=_("留空则不修改"))  # fmt: skip
    gender = forms.ChoiceField(
        label=_("性别"), choices=[("", _("—(待补录)")), *Gender.choices], required=False
    )
    ethnicity = forms.CharField(label=_("民族"), max_length=20, required=False)
    birth_date = forms.DateField(
        label=_("出生日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    party = forms.ChoiceField(
        label=_("政治面貌"), choices=[("", _("—(待补录)")), *PARTY_CHOICES], required=False
    )
    education = forms.ChoiceField(
        label=_("文化程度"), choices=[("", "—"), *Education.choices], required=False
    )
    occupation = forms.CharField(label=_("工作单位及职务"), max_length=120, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=20, required=False)
    has_fixed_income = forms.BooleanField(label=_("有固定收入"), required=False)
    constituency = forms.CharField(label=_("选区"), max_length=100, required=False)
    delegation = forms.CharField(label=_("代表团"), max_length=100, required=False)
    group = forms.TypedChoiceField(label=_("代表小组"), required=False, coerce=int, empty_value=None)
    station = forms.TypedChoiceField(label=_("联络站"), required=False, coerce=int, empty_value=None)
    occupation_category = forms.ChoiceField(
        label=_("职业构成"), choices=[("", _("—(待补录)")), *OccupationCategory.choices], required=False
    )
    is_grassroots = forms.BooleanField(label=_("基层代表"), required=False)
    is_reelected = forms.BooleanField(label=_("连任代表"), required=False)
    nominated_by_committee = forms.BooleanField(label=_("常委会(主席团)建议连任人选"), required=False)
    is_standing_committee_member = forms.BooleanField(label=_("常委会组成人员"), required=False)
    is_full_time = forms.BooleanField(label=_("专职"), required=False)
    has_legal_practice = forms.BooleanField(label=_("有法治实践经验"), required=False)
    holds_leadership_post = forms.BooleanField(label=_("担任领导职务"), required=False)
    sc_position = forms.ChoiceField(label=_("常委会职务"), choices=[("", "—"), *StandingCommitteePosition.choices],
                                    required=False)  # fmt: skip
    started_on = forms.DateField(
        label=_("当选日期"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    remarks = forms.CharField(label=_("备注"), required=False, max_length=1000,
                              widget=forms.Textarea(attrs={"rows": 2}))  # fmt: skip

    def __init__(self, *args: Any, congress: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["group"].choices = [
            ("", "—"),
            *((g.pk, g.name) for g in DeputyGroup.objects.filter(congress=congress)),
        ]
        from .roster import station_choices
        from .selectors import current_term

        term = current_term(congress)
        self.fields["station"].choices = [
            ("", "—"),
            *((s.pk, s.name) for s in (station_choices(term) if term else [])),
        ]


class MandateEndForm(forms.Form):
    ended_on = forms.DateField(label=_("终止日期"), widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.ChoiceField(label=_("终止原因"), choices=MandateEndReason.choices)
    note = forms.CharField(label=_("说明"), max_length=300, required=False)


class ActivityForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("活动类别"), choices=[c for c in ActivityKind.choices if c[0] not in GENERATED_KINDS]
    )
    title = forms.CharField(label=_("活动名称"), max_length=200)
    occurred_on = forms.DateField(label=_("活动日期"), widget=forms.DateInput(attrs={"type": "date"}))
    organiser = forms.CharField(label=_("组织单位"), max_length=120, required=False)
    organised_by_committee = forms.BooleanField(label=_("常委会组织的活动"), required=False)
    place = forms.CharField(label=_("地点"), max_length=120, required=False)
    hours = forms.DecimalField(
        label=_("学时(培训)"), required=False, min_value=0, max_value=999, decimal_places=1
    )
    is_initial_training = forms.BooleanField(label=_("初任培训"), required=False)
    description = forms.CharField(label=_("内容"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class SelfReportForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("活动类别"),
        choices=[
            c for c in ActivityKind.choices if c[0] not in GENERATED_KINDS and c[0] not in MEETING_KINDS
        ],
    )
    title = forms.CharField(label=_("活动名称"), max_length=200)
    occurred_on = forms.DateField(label=_("活动日期"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("地点"), max_length=120, required=False)
    description = forms.CharField(
        label=_("活动情况"), required=False, widget=forms.Textarea(attrs={"rows": 3})
    )


class SignInForm(forms.Form):
    attendance = forms.ChoiceField(label=_("出席情况"), choices=Attendance.choices)


class FundForm(forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=FundKind.choices)
    occurred_on = forms.DateField(label=_("日期"), widget=forms.DateInput(attrs={"type": "date"}))
    amount = forms.DecimalField(
        label=_("金额(元)"), min_value=0, max_value=10_000_000, decimal_places=2, required=False
    )
    note = forms.CharField(label=_("说明"), max_length=300, required=False)


class VoterReportForm(forms.Form):
    scheduled_on = forms.DateField(label=_("述职日期"), widget=forms.DateInput(attrs={"type": "date"}))
    place = forms.CharField(label=_("地点"), max_length=120, required=False)
    codes = forms.IntegerField(label=_("手机测评码数量"), min_value=0, max_value=2000, initial=50)


class VoterReportRecordForm(forms.Form):
    report = forms.CharField(label=_("述职报告"), widget=forms.Textarea(attrs={"rows": 5}))
    paper_satisfied = forms.IntegerField(label=_("纸质:满意"), min_value=0, max_value=100000, initial=0)
    paper_basically = forms.IntegerField(label=_("纸质:基本满意"), min_value=0, max_value=100000, initial=0)
    paper_dissatisfied = forms.IntegerField(label=_("纸质:不满意"), min_value=0, max_value=100000, initial=0)


class MeetingRequestForm(forms.Form):
    organ = forms.TypedChoiceField(label=_("约见机关"), coerce=int)
    organ_head = forms.CharField(label=_("约见负责人"), max_length=60, required=False)
    title = forms.CharField(label=_("约见事项"), max_length=200)
    body = forms.CharField(label=_("约见事由"), widget=forms.Textarea(attrs={"rows": 4}))

    def __init__(self, *args: Any, congress: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from renda.core.choices import HANDLING_UNIT_KINDS

        organs = Organization.objects.filter(
            congress=congress, kind__in=list(HANDLING_UNIT_KINDS), is_active=True
        )
        self.fields["organ"].choices = [(o.pk, o.name) for o in organs]
