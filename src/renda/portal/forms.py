"""Forms of the staff editor (the service re-checks and sanitises everything)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from renda.documents.uploads import UploadField

from .choices import ATTACHMENT_MAX_MB, COVER_EXTENSIONS, COVER_MAX_MB, Channel


class ArticleForm(forms.Form):
    congress = forms.ModelChoiceField(queryset=None, label=_("人大"), empty_label=None)
    channel = forms.ChoiceField(label=_("栏目"), choices=Channel.choices)
    title = forms.CharField(label=_("标题"), max_length=200)
    summary = forms.CharField(
        label=_("摘要"), max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    body = forms.CharField(
        label=_("正文"),
        required=False,
        max_length=200_000,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=_("可使用 HTML:段落、加粗、列表、小标题、表格、链接;其余标签会被清除。"),
    )
    cover = UploadField(
        label=_("封面图片"),
        required=False,
        max_mb=COVER_MAX_MB,
        allowed=COVER_EXTENSIONS,
        help_text=_("PNG、JPG 或 GIF,不超过5MB"),
    )
    remove_cover = forms.BooleanField(label=_("删除现有封面"), required=False)
    version = forms.IntegerField(required=False, widget=forms.HiddenInput, min_value=1, max_value=2**31)

    def __init__(self, *args: Any, congresses: list[Any], editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        from renda.core.models import Congress

        self.fields["congress"].queryset = Congress.objects.filter(pk__in=[c.pk for c in congresses])
        if editing:
            self.fields["congress"].disabled = True
        else:
            del self.fields["remove_cover"]
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            if isinstance(field.widget, forms.CheckboxInput):
                css = "form-check-input"
            field.widget.attrs.setdefault("class", css)
            field.error_messages["required"] = _("请填写%(f)s。") % {"f": field.label}


class AttachmentForm(forms.Form):
    file = UploadField(
        label=_("附件"),
        max_mb=ATTACHMENT_MAX_MB,
        help_text=_("PDF、Word(.docx)、Excel(.xlsx) 或图片,不超过20MB"),
    )
    file.error_messages["required"] = _("请选择要上传的文件。")
    file.widget.attrs["class"] = "form-control"


class PublishForm(forms.Form):
    publish_at = forms.DateTimeField(
        label=_("定时发布"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local", "class": "form-control"}),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M:%S"],
        help_text=_("留空则立即发布"),
    )
    publish_at.error_messages["invalid"] = _("定时发布时间格式不正确。")
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def clean_publish_at(self) -> Any:
        value = self.cleaned_data.get("publish_at")
        if value is not None:
            if timezone.is_naive(value):
                value = timezone.make_aware(value)
            if not 2000 <= value.year <= 2999:
                raise forms.ValidationError(_("定时发布时间超出范围。"))
        return value


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("理由"),
        max_length=500,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control"}),
    )
    version = forms.IntegerField(required=False, widget=forms.HiddenInput)
