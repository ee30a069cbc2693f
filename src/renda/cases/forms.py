"""The engine's step forms: one per step, used by the case page and (for JSON) by the API.

Forms parse and keep what was typed; the services decide. A form that needs the case (the units
of its congress, the rating scale of its kind) takes it as a keyword argument.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from renda.core.choices import HANDLING_UNIT_KINDS, Role
from renda.core.models import Organization, User
from renda.documents.uploads import UploadField

from .choices import ContactMode, ContactPhase, ReplyClass, SupervisionMode
from .services._common import settings_for
from .services.config import SETTING_LIMITS

# The form checks a file's structure; the service then applies the congress's own size limit.
CASE_FILE_MAX_MB = SETTING_LIMITS["attachment_max_mb"]

DATE = forms.DateInput(attrs={"type": "date"})
DATETIME = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
FILE_HELP = _("PDF、Word(.docx)、Excel(.xlsx)或图片")


def handling_units(congress_id: int) -> Any:
    """The active units of a congress that may be given a case (the choices of every unit field)."""
    return Organization.objects.filter(
        congress_id=congress_id, is_active=True, kind__in=list(HANDLING_UNIT_KINDS)
    ).order_by("sort_order", "name")


def leaders_of(congress_id: int) -> Any:
    return (
        User.objects.filter(
            memberships__organization__congress_id=congress_id,
            memberships__role=Role.LEADER,
            memberships__is_active=True,
            is_active=True,
        )
        .distinct()
        .order_by("full_name", "pk")
    )


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organization) -> str:
        return obj.name


class UnitsChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj: Organization) -> str:
        return obj.name


class LeaderChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: User) -> str:
        return obj.display_name


def _attach_file_field(congress_id: int | None, label: Any) -> UploadField:
    field = UploadField(label=label, required=False, max_mb=CASE_FILE_MAX_MB, help_text=FILE_HELP)
    if congress_id:
        field.max_mb = settings_for(congress_id).attachment_max_mb
    return field


class AssignForm(forms.Form):
    lead = UnitChoiceField(
        empty_label=_("请选择"), label=_("主办单位"), queryset=Organization.objects.none(), required=False
    )
    co_handlers = UnitsChoiceField(label=_("协办单位"), queryset=Organization.objects.none(), required=False)
    separate = UnitsChoiceField(
        label=_("分别办理单位"),
        queryset=Organization.objects.none(),
        required=False,
        help_text=_("由两个以上单位分别办理、分别答复时选择,此时不选主办和协办单位"),
    )
    deadline = forms.DateField(
        label=_("办理期限"), required=False, widget=DATE, help_text=_("空为自交办起三个月")
    )
    note = forms.CharField(label=_("交办意见"), required=False, max_length=500)

    def __init__(self, *args: Any, congress_id: int, **kwargs: Any):
        super().__init__(*args, **kwargs)
        units = handling_units(congress_id)
        for name in ("lead", "co_handlers", "separate"):
            self.fields[name].queryset = units


class PlanForm(forms.Form):
    text = forms.CharField(
        label=_("办理工作方案"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000
    )
    responsible_person = forms.CharField(label=_("责任人"), max_length=50, required=False)
    planned_finish = forms.DateField(label=_("计划完成日期"), required=False, widget=DATE)


class ContactForm(forms.Form):
    contacted_at = forms.DateTimeField(label=_("沟通时间"), widget=DATETIME)
    mode = forms.ChoiceField(label=_("沟通方式"), choices=ContactMode.choices)
    phase = forms.ChoiceField(label=_("沟通阶段"), choices=ContactPhase.choices)
    unit_person = forms.CharField(label=_("单位沟通人"), max_length=100)
    counterpart = forms.CharField(label=_("沟通对象"), max_length=100)
    summary = forms.CharField(label=_("沟通内容"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)

    def __init__(self, *args: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        from renda.core import clock

        self.fields["contacted_at"].initial = clock.now().replace(second=0, microsecond=0)


class ProgressForm(forms.Form):
    text = forms.CharField(label=_("进展情况"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    percent_done = forms.IntegerField(label=_("完成进度(%)"), min_value=0, max_value=100, required=False)


class OpinionForm(forms.Form):
    opinion = forms.CharField(label=_("协办意见"), widget=forms.Textarea(attrs={"rows": 4}), max_length=10000)


FINAL_CHOICES = [
    ("", _("按类别(A、D为最终答复)")),
    ("1", _("最终答复")),
    ("0", _("阶段性答复,继续跟踪落实")),
]


def _co_handler_opinion_missing(assignment: Any) -> bool:
    from .services.handling import missing_co_handler_opinions

    if assignment is None or getattr(assignment, "pk", None) is None:
        return False
    if not getattr(assignment.case.policy, "co_handler_opinion_before_reply", False):
        return False
    return bool(missing_co_handler_opinions(assignment))


class ReplyClassField(forms.ChoiceField):
    """A–D on the page (a select); the API may send a unit's written form (甲类, 已解决 …), read into
    its letter by the one normaliser, with its Chinese message listing the accepted forms."""

    def to_python(self, value: Any) -> str:
        from .reply_classes import parse_reply_class, reply_class_error

        text = super().to_python(value)
        if text in ("", None) or text in ReplyClass.values:
            return text
        letter = parse_reply_class(text)
        if letter is None:
            raise forms.ValidationError(reply_class_error(text))
        return letter


class ReplyForm(forms.Form):
    classification = ReplyClassField(label=_("答复类别"), choices=ReplyClass.choices)
    text = forms.CharField(label=_("答复内容"), widget=forms.Textarea(attrs={"rows": 6}), max_length=20000)
    signing_leader = forms.CharField(label=_("签发领导"), max_length=50)
    is_final = forms.ChoiceField(label=_("答复性质"), choices=FINAL_CHOICES, required=False)
    reason_without_contact = forms.CharField(
        label=_("未经沟通即答复的理由"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        help_text=_("尚未记录与提出人沟通的,须说明理由"),
    )
    reason_without_co_handler = forms.CharField(
        label=_("未待协办意见即答复的理由"),
        widget=forms.Textarea(attrs={"rows": 2}),
        required=False,
        max_length=2000,
        help_text=_("协办单位尚未送达协办意见的,须说明理由"),
    )
    attachment = UploadField(
        label=_("答复函附件"), required=False, max_mb=CASE_FILE_MAX_MB, help_text=FILE_HELP
    )

    def __init__(
        self,
        *args: Any,
        congress_id: int | None = None,
        assignment: Any = None,
        drafting: bool = False,
        **kwargs: Any,
    ):
        """``assignment``: the reply's assignment; the reason for replying without a co-handler's opinion
        is asked only while one is missing (where the kind waits for them). ``drafting``: the clerk's
        draft (答复稿), whose signing leader is the unit leader who signs it off."""
        super().__init__(*args, **kwargs)
        self.fields["attachment"] = _attach_file_field(congress_id, _("答复函附件"))
        if drafting:
            del self.fields["signing_leader"]
        if not _co_handler_opinion_missing(assignment):
            self.fields["reason_without_co_handler"].widget = forms.HiddenInput()

    def clean_is_final(self) -> bool | None:
        return {"1": True, "0": False, "true": True, "false": False}.get(
            str(self.cleaned_data.get("is_final") or "").lower()
        )


class RateForm(forms.Form):
    """The rating on the kind's own scale: its choices (满意 / 基本满意 / 不满意), or a percentage."""

    comment = forms.CharField(
        label=_("意见和建议"), widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=2000
    )

    def __init__(self, *args: Any, scale: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = list(scale.choices())
        if choices:
            value: forms.Field = forms.ChoiceField(
                label=_("测评意见"), choices=choices, widget=forms.RadioSelect
            )
        else:
            value = forms.DecimalField(
                label=_("满意率(%)"), min_value=0, max_value=100, decimal_places=2, max_digits=5
            )
        self.fields = {"value": value, **self.fields}


class KeyForm(forms.Form):
    is_key = forms.BooleanField(label=_("列为重点督办"), required=False)
    supervising_leader = LeaderChoiceField(
        empty_label=_("请选择"), label=_("督办领导"), queryset=User.objects.none(), required=False
    )

    def __init__(self, *args: Any, congress_id: int, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["supervising_leader"].queryset = leaders_of(congress_id)


class SuperviseForm(forms.Form):
    mode = forms.ChoiceField(label=_("督办方式"), choices=SupervisionMode.choices)
    notes = forms.CharField(label=_("督办情况"), widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    visited_at = forms.DateTimeField(
        label=_("督办时间"), widget=DATETIME, required=False, help_text=_("空为现在")
    )


class ReasonForm(forms.Form):
    reason = forms.CharField(label=_("理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=300)


class ExtensionForm(forms.Form):
    requested_deadline = forms.DateField(label=_("申请延至"), widget=DATE)
    reason = forms.CharField(label=_("延期理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class ReturnForm(forms.Form):
    reason = forms.CharField(label=_("退回理由"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    suggested_unit = UnitChoiceField(
        empty_label=_("不建议"),
        label=_("建议改由单位"),
        queryset=Organization.objects.none(),
        required=False,
    )

    def __init__(self, *args: Any, congress_id: int, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["suggested_unit"].queryset = handling_units(congress_id)


class AttachForm(forms.Form):
    file = UploadField(label=_("附件"), required=False, max_mb=CASE_FILE_MAX_MB, help_text=FILE_HELP)

    def __init__(self, *args: Any, congress_id: int | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["file"] = _attach_file_field(congress_id, _("附件"))

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if not upload:
            raise forms.ValidationError(_("请选择要上传的文件。"))
        return upload


APPROVE_CHOICES = [("1", _("同意")), ("0", _("不同意"))]


def _approve(value: Any) -> bool:
    return str(value).lower() in ("1", "true")


class DecideForm(forms.Form):
    approve = forms.TypedChoiceField(
        label=_("审批"), choices=APPROVE_CHOICES, coerce=_approve, widget=forms.RadioSelect
    )
    note = forms.CharField(label=_("审批意见"), required=False, max_length=500, help_text=_("不同意时必填"))


class DecideReturnForm(DecideForm):
    reassign_to = UnitChoiceField(
        empty_label=_("暂不改交"),
        label=_("同意后改由单位办理"),
        queryset=Organization.objects.none(),
        required=False,
    )
    deadline = forms.DateField(
        label=_("新的办理期限"), required=False, widget=DATE, help_text=_("空为自今日起三个月")
    )

    def __init__(self, *args: Any, congress_id: int, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["reassign_to"].queryset = handling_units(congress_id)
