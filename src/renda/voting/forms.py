"""Forms of the voting pages."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from . import rules
from .choices import OptionSet, VoteMethod


class VoteCreateForm(forms.Form):
    title = forms.CharField(label=_("表决事项"), max_length=200)
    method = forms.ChoiceField(label=_("表决方式"), choices=VoteMethod.choices)
    option_set = forms.ChoiceField(label=_("选项"), choices=OptionSet.choices)
    rule_code = forms.ChoiceField(label=_("通过规则"), choices=())
    may_change = forms.BooleanField(label=_("结束前可以改票"), required=False)
    seats = forms.IntegerField(label=_("应选名额"), min_value=0, max_value=99, required=False)
    candidates = forms.CharField(
        label=_("候选人"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("选举时填写,每行一人"),
    )
    allow_write_in = forms.BooleanField(label=_("允许另选他人"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["rule_code"].choices = rules.rule_choices()

    def service_kwargs(self) -> dict[str, Any]:
        d = self.cleaned_data
        return {
            "title": d["title"],
            "method": d["method"],
            "option_set": d["option_set"],
            "rule_code": d["rule_code"],
            "may_change": d["may_change"],
            "seats": d.get("seats") or 0,
            "allow_write_in": d["allow_write_in"],
            "candidates": [line for line in (d.get("candidates") or "").splitlines() if line.strip()],
        }


class PaperEntryForm(forms.Form):
    sheet_code = forms.CharField(label=_("选票编号"), max_length=20)
    member = forms.TypedChoiceField(label=_("代表"), coerce=int, required=False, choices=())
    choice = forms.MultipleChoiceField(label=_("选择"), required=False, widget=forms.CheckboxSelectMultiple)
    write_in = forms.CharField(label=_("另选人"), max_length=50, required=False)

    def __init__(self, *args: Any, vote: Any, members: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["choice"].choices = vote.options()
        if vote.is_secret:
            del self.fields["member"]
        else:
            self.fields["member"].choices = [("", "—")] + [
                (m["id"], m["name"]) for m in members if not m["voted"]
            ]
            self.fields["member"].required = True
        if not vote.allow_write_in:
            del self.fields["write_in"]

    def choices_list(self) -> list[str]:
        out = list(self.cleaned_data.get("choice") or [])
        if self.cleaned_data.get("write_in"):
            out.append("w:" + self.cleaned_data["write_in"])
        return out


class PaperIssueForm(forms.Form):
    member = forms.TypedChoiceField(label=_("代表"), coerce=int, choices=())

    def __init__(self, *args: Any, members: list[dict[str, Any]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["member"].choices = [("", "—")] + [
            (m["id"], m["name"]) for m in members if not m["voted"]
        ]
