"""Forms of the meeting pages: they parse; the services validate and write."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.models import Organization, Term, User
from renda.documents.uploads import UploadField

from . import agenda as agenda_registry
from .choices import SESSION_KINDS, LeaveDecider, MeetingKind, MeetingState, MemberRole, PresidiumRole

DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"]


class FilterForm(forms.Form):
    q = forms.CharField(label=_("搜索"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("会议类别"), required=False, choices=[("", _("全部类别")), *MeetingKind.choices]
    )
    state = forms.ChoiceField(
        label=_("状态"), required=False, choices=[("", _("全部状态")), *MeetingState.choices]
    )
    year = forms.IntegerField(label=_("年度"), required=False, min_value=2000, max_value=2100)
    mine = forms.BooleanField(label=_("只看我参加的"), required=False)


class MeetingForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("会议类别"), choices=[c for c in MeetingKind.choices if c[0] not in SESSION_KINDS]
    )
    organization = forms.ModelChoiceField(
        label=_("召开机构"), queryset=Organization.objects.none(), required=False, empty_label=_("(不限)"),
        help_text=_("专门委员会会议须选择委员会"),
    )  # fmt: skip
    term = forms.ModelChoiceField(label=_("届次"), queryset=Term.objects.none(), empty_label=None)
    number = forms.IntegerField(
        label=_("会次"), required=False, min_value=1, max_value=999, help_text=_("不填则自动取本届下一次")
    )
    title = forms.CharField(label=_("会议名称"), max_length=200)
    starts_at = forms.DateTimeField(label=_("开始时间"), widget=DATETIME, input_formats=DATETIME_FORMATS)
    ends_at = forms.DateTimeField(label=_("结束时间"), widget=DATETIME, input_formats=DATETIME_FORMATS)
    place = forms.CharField(label=_("地点"), max_length=120)
    chair = forms.ModelChoiceField(
        label=_("主持人"), queryset=User.objects.none(), required=False, empty_label=_("(未定)")
    )
    description = forms.CharField(
        label=_("会议说明"), required=False, widget=forms.Textarea(attrs={"rows": 3}), max_length=5000
    )

    def __init__(self, *args: Any, congress: Any, editing: bool = False, **kwargs: Any):
        super().__init__(*args, **kwargs)
        from renda.core.choices import CONGRESS_BODY_KINDS

        self.fields["organization"].queryset = Organization.objects.filter(
            congress=congress, kind__in=CONGRESS_BODY_KINDS, is_active=True
        )
        self.fields["term"].queryset = Term.objects.filter(congress=congress)
        current = Term.objects.filter(congress=congress, is_current=True).first()
        if current and not self.is_bound:
            self.fields["term"].initial = current.pk
        self.fields["chair"].queryset = (
            User.objects.filter(
                is_active=True,
                memberships__is_active=True,
                memberships__organization__congress=congress,
                memberships__role__in=["leader", "deputy"],
            )
            .distinct()
            .order_by("full_name")
        )
        self.fields["chair"].label_from_instance = lambda u: u.display_name
        if editing:
            for name in ("kind", "organization", "term", "number"):
                del self.fields[name]


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=_("取消原因"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("将通知全体参会人员和列席人员"),
    )  # fmt: skip


class PostponeForm(forms.Form):
    starts_at = forms.DateTimeField(label=_("新的开始时间"), widget=DATETIME, input_formats=DATETIME_FORMATS)
    ends_at = forms.DateTimeField(label=_("新的结束时间"), widget=DATETIME, input_formats=DATETIME_FORMATS)
    reason = forms.CharField(
        label=_("延期原因"), max_length=300, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("将通知全体参会人员和列席人员;原有的请假失效"),
    )  # fmt: skip


class DelegationForm(forms.Form):
    name = forms.CharField(label=_("代表团名称"), max_length=100)
    head = forms.ModelChoiceField(
        label=_("团长"), queryset=User.objects.none(), required=False, empty_label=_("(未定)")
    )
    deputy_head = forms.ModelChoiceField(
        label=_("副团长"), queryset=User.objects.none(), required=False, empty_label=_("(未定)")
    )

    def __init__(self, *args: Any, users: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        for name in ("head", "deputy_head"):
            self.fields[name].queryset = users if users is not None else User.objects.none()
            self.fields[name].label_from_instance = lambda u: u.display_name


class PresidiumForm(forms.Form):
    user = forms.ModelChoiceField(
        label=_("主席团成员"), queryset=User.objects.none(), empty_label=_("请选择")
    )
    role = forms.ChoiceField(label=_("职务"), choices=PresidiumRole.choices, initial=PresidiumRole.MEMBER)

    def __init__(self, *args: Any, users: Any = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = users if users is not None else User.objects.none()
        self.fields["user"].label_from_instance = lambda u: u.display_name


class SessionMeetingForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("会议类别"), choices=[c for c in MeetingKind.choices if c[0] in SESSION_KINDS]
    )
    delegation = forms.IntegerField(label=_("代表团"), required=False, widget=forms.Select)
    title = forms.CharField(label=_("会议名称"), max_length=200)
    starts_at = forms.DateTimeField(label=_("开始时间"), widget=DATETIME, input_formats=DATETIME_FORMATS)
    ends_at = forms.DateTimeField(label=_("结束时间"), widget=DATETIME, input_formats=DATETIME_FORMATS)
    place = forms.CharField(label=_("地点"), max_length=120)

    def __init__(self, *args: Any, session: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = [("", _("(主席团会议不选)"))] + [(d.pk, d.name) for d in session.delegations.all()]
        self.fields["delegation"].widget = forms.Select(choices=choices)


class MemberForm(forms.Form):
    user = forms.ModelChoiceField(label=_("人员"), queryset=User.objects.none(), empty_label=_("请选择"))
    role = forms.ChoiceField(label=_("身份"), choices=MemberRole.choices, initial=MemberRole.MEMBER)
    capacity = forms.CharField(label=_("职务或列席身份"), required=False, max_length=120)

    def __init__(self, *args: Any, congress: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["user"].queryset = (
            User.objects.filter(
                is_active=True, memberships__is_active=True, memberships__organization__congress=congress
            )
            .exclude(memberships__role__in=["system_admin", "security_admin", "audit_admin", "citizen"])
            .distinct()
            .order_by("full_name")
        )
        self.fields["user"].label_from_instance = lambda u: u.display_name


class AgendaForm(forms.Form):
    kind = forms.ChoiceField(label=_("议程类别"), choices=())
    title = forms.CharField(label=_("议题"), max_length=300)
    subject = forms.ChoiceField(label=_("关联事项"), required=False, choices=())
    presenter = forms.CharField(label=_("汇报人"), required=False, max_length=120)
    notes = forms.CharField(
        label=_("说明"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )

    def __init__(self, *args: Any, user: Any, meeting: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = agenda_registry.kind_choices()
        subjects: list[tuple[str, str]] = [("", _("(无)"))]
        for kind in agenda_registry.agenda_kinds():
            options = agenda_registry.subject_choices_for(kind.code, user, meeting)
            if options:
                subjects.append((str(kind.label), options))  # type: ignore[arg-type]
        self.fields["subject"].choices = subjects
        if len(subjects) == 1:
            del self.fields["subject"]


class DocumentForm(forms.Form):
    title = forms.CharField(
        label=_("文件名称"), required=False, max_length=200, help_text=_("不填则使用文件名")
    )
    agenda_item = forms.TypedChoiceField(
        label=_("所属议程"), required=False, coerce=int, empty_value=None, choices=()
    )
    file = UploadField(label=_("文件"), max_mb=30)

    def __init__(self, *args: Any, meeting: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["agenda_item"].choices = [("", _("(全体会议文件)"))] + [
            (item.pk, f"{item.order}. {item.title}") for item in meeting.agenda.all()
        ]


class LeaveForm(forms.Form):
    reason = forms.CharField(label=_("请假事由"), max_length=500, widget=forms.Textarea(attrs={"rows": 2}))


class DecideForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("审批"), choices=[("1", _("准假")), ("0", _("不准假"))], coerce=lambda v: v == "1"
    )
    note = forms.CharField(label=_("审批意见"), required=False, max_length=300)


class DeskSignInForm(forms.Form):
    user = forms.ModelChoiceField(label=_("签到人员"), queryset=User.objects.none(), empty_label=_("请选择"))

    def __init__(self, *args: Any, meeting: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        signed = meeting.attendances.values("user_id")
        self.fields["user"].queryset = (
            User.objects.filter(meeting_seats__meeting=meeting).exclude(pk__in=signed).order_by("full_name")
        )
        self.fields["user"].label_from_instance = lambda u: u.display_name


class MinutesForm(forms.Form):
    summary = forms.CharField(
        label=_("会议纪要正文"), required=False, widget=forms.Textarea(attrs={"rows": 6}), max_length=20000
    )

    def __init__(self, *args: Any, meeting: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.items = list(meeting.agenda.all())
        for item in self.items:
            self.fields[f"item_{item.pk}"] = forms.CharField(
                label=f"{item.order}. {item.title}", required=False, max_length=10000,
                widget=forms.Textarea(attrs={"rows": 3}), initial=item.minutes_text,
            )  # fmt: skip
        if not self.is_bound:
            self.fields["summary"].initial = meeting.minutes_summary

    def item_texts(self) -> dict[int, str]:
        return {item.pk: self.cleaned_data.get(f"item_{item.pk}", "") for item in self.items}


class KindSettingForm(forms.Form):
    kind = forms.ChoiceField(label=_("会议类别"), choices=MeetingKind.choices)
    quorum_numerator = forms.IntegerField(label=_("法定人数分子"), min_value=1, max_value=100, initial=1)
    quorum_denominator = forms.IntegerField(label=_("法定人数分母"), min_value=1, max_value=100, initial=2)
    quorum_strict = forms.BooleanField(label=_("须超过该比例(过半数)"), required=False, initial=True)
    leave_decider = forms.ChoiceField(label=_("请假审批人"), choices=LeaveDecider.choices)


class YearForm(forms.Form):
    year = forms.IntegerField(label=_("年度"), min_value=2000, max_value=2100)
