"""The shared form rendering (``bs`` filter, ``core/_field.html``, ``core/_form_errors.html``):
radio and checkbox groups in Bootstrap 5 ``form-check`` markup, errors next to the field and in a
summary at the top of the form, the file input's "choose again" notice."""

from __future__ import annotations

import re

from django import forms
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.loader import render_to_string
from lxml import html as lxml_html

from renda.cases.forms import RateForm
from renda.cases.policies import ThreeLevelScale
from renda.core.templatetags.renda import bs
from renda.liaison.forms import RuleForm
from renda.security.forms import PolicyForm


class Sample(forms.Form):
    title = forms.CharField(label="标题", max_length=10)
    agree = forms.BooleanField(label="同意", required=False)
    roles = forms.MultipleChoiceField(
        label="角色",
        choices=[("a", "人大常委会代表工作委员会工作人员"), ("b", "承办单位经办人"), ("c", "人大领导")],
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    file = forms.FileField(label="附件")


def tree(markup: str):
    return lxml_html.fragment_fromstring(markup, create_parent="div")


def test_radio_select_is_one_form_check_per_option_inline():
    doc = tree(bs(RateForm(scale=ThreeLevelScale())["value"]))
    wrapper = doc[0]
    assert wrapper.tag == "div" and wrapper.get("role") == "radiogroup"
    assert "form-check-input" not in (wrapper.get("class") or "")
    checks = wrapper.findall("div")
    assert [c.get("class") for c in checks] == ["form-check form-check-inline"] * 3
    for check in checks:
        radio, label = check[0], check[1]
        assert radio.get("type") == "radio" and radio.get("class") == "form-check-input"
        assert label.tag == "label" and label.get("class") == "form-check-label"
        assert label.get("for") == radio.get("id")
    assert [c[1].text for c in checks] == ["满意", "基本满意", "不满意"]


def test_checkbox_group_with_long_labels_stacks_and_keeps_choices():
    form = Sample(data={"roles": ["b"]})
    doc = tree(bs(form["roles"]))
    checks = doc[0].findall("div")
    assert [c.get("class") for c in checks] == ["form-check"] * 3
    boxes = [c[0] for c in checks]
    assert all(b.get("class") == "form-check-input" and b.get("type") == "checkbox" for b in boxes)
    assert [b.get("checked") is not None for b in boxes] == [False, True, False]


def test_twelve_months_sit_inline():
    class Months(forms.Form):
        months = RuleForm.base_fields["months"]

    doc = tree(bs(Months()["months"]))
    assert len(doc[0].findall("div")) == 12
    assert {c.get("class") for c in doc[0].findall("div")} == {"form-check form-check-inline"}


def test_invalid_group_marks_every_option_and_points_at_its_message():
    form = RateForm(data={"comment": "好"}, scale=ThreeLevelScale())
    assert not form.is_valid()
    out = render_to_string("core/_field.html", {"field": form["value"]})
    doc = tree(out)
    fieldset = doc.find(".//fieldset")
    assert fieldset.find("legend").text_content().strip() == "测评意见"
    radios = doc.findall(".//input")
    assert radios and all("is-invalid" in r.get("class") for r in radios)
    feedback = doc.find(".//div[@id='id_value_error']")
    assert "invalid-feedback" in feedback.get("class") and feedback.text_content().strip()


def test_single_checkbox_is_a_form_check():
    doc = tree(render_to_string("core/_field.html", {"field": Sample()["agree"]}))
    check = doc.find(".//div[@class='form-check']")
    assert check[0].get("class") == "form-check-input" and check[1].get("class") == "form-check-label"


def test_every_form_with_radios_or_checkboxes_renders_form_check_markup():
    """Security policy, liaison rule, suggestions rating: no wrapper carries form-check-input."""
    for field in (
        PolicyForm()["two_factor_roles"],
        RateForm(scale=ThreeLevelScale())["value"],
        Sample()["roles"],
    ):
        out = render_to_string("core/_field.html", {"field": field})
        assert not re.search(r'<div[^>]*class="[^"]*form-check-input', out), out
        assert out.count('class="form-check-label"') == len(field.field.choices)


def test_summary_links_every_error_to_its_field_and_keeps_typed_text():
    form = Sample(data={"title": "一二三四五六七八九十十一", "roles": ["x"]})
    assert not form.is_valid()
    summary = tree(render_to_string("core/_form_errors.html", {"form": form}))
    alert = summary.find(".//div[@role='alert']")
    assert alert is not None and alert.get("data-renda-error-summary") is not None
    links = {a.get("href"): a.text for a in alert.findall(".//a")}
    assert links == {"#id_title": "标题", "#id_roles_0": "角色", "#id_file": "附件"}
    field = tree(render_to_string("core/_field.html", {"field": form["title"]}))
    box = field.find(".//input")
    assert box.get("value") == "一二三四五六七八九十十一" and "is-invalid" in box.get("class")


def test_file_input_says_choose_again_when_the_form_was_refused():
    upload = SimpleUploadedFile("a.pdf", b"%PDF-1.4")
    refused = Sample(data={"title": ""}, files={"file": upload})
    assert not refused.is_valid()
    assert "请重新选择文件" in render_to_string("core/_field.html", {"field": refused["file"]})
    fresh = Sample()
    assert "请重新选择文件" not in render_to_string("core/_field.html", {"field": fresh["file"]})
