"""Forms of screening: the word form, the import upload, and the publish step's confirmation."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from .models_screening import WordCategory


class WordForm(forms.Form):
    word = forms.CharField(label=_("敏感词"), max_length=50)
    category = forms.ChoiceField(label=_("类别"), choices=WordCategory.choices, initial=WordCategory.OTHER)
    note = forms.CharField(label=_("说明"), max_length=200, required=False)


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("词表文件"),
        help_text=_("txt每行一个词(可加“,类别,说明”);xlsx第一列词语、第二列类别、第三列说明。"),
    )
    default_category = forms.ChoiceField(
        label=_("未注明类别时归入"), choices=WordCategory.choices, initial=WordCategory.OTHER
    )


class PublishForm(forms.Form):
    """The publish step: when the public text matches the list, staff must tick 仍然公开."""

    confirm_sensitive = forms.BooleanField(label=_("仍然公开"), required=False)

    def __init__(self, data: Any = None, *, case: Any = None, **kwargs: Any):
        super().__init__(data, **kwargs)
        words: list[str] = []
        if case is not None:
            from .screening import public_matches

            words = list(dict.fromkeys(m.word for m in public_matches(case)))
        if words:
            self.fields["confirm_sensitive"].help_text = _(
                "公开内容含敏感词:%(w)s。请先修改;确认无误后勾选此项仍然公开(将记录确认人和时间)。"
            ) % {"w": "、".join(words)}
        else:
            del self.fields["confirm_sensitive"]


def publish_form(ctx: Any, target: Any, data: Any = None, files: Any = None) -> PublishForm:
    return PublishForm(data, case=ctx.case)
