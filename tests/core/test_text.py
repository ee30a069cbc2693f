"""The one text validator: strip, control characters, length, with the field's Chinese label."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from renda.core.errors import ValidationFailed
from renda.core.text import (
    clean_text,
    has_control_characters,
    reject_control_characters,
    require_text,
    text_problem,
)


def test_strips_and_accepts_chinese_text_with_line_breaks():
    assert clean_text("  关于路灯的建议\n第二行\t续 ", label="标题") == "关于路灯的建议\n第二行\t续"
    assert clean_text(2026, label="年度") == "2026"


@pytest.mark.parametrize("empty", [None, "", "   ", "\n\t"])
def test_required_text_names_the_field(empty):
    with pytest.raises(ValidationFailed) as err:
        clean_text(empty, field="title", label="标题")
    assert err.value.message == "请填写标题。"
    assert err.value.field == "title" and err.value.fields == {"title": "请填写标题。"}
    assert clean_text(empty, label="说明", required=False) == ""


@pytest.mark.parametrize("bad", ["a\x00b", "路灯\x07", "\x1b[31m红", "x\x7fy", "y\x85z"])
def test_control_characters_are_refused(bad):
    assert has_control_characters(bad)
    with pytest.raises(ValidationFailed) as err:
        clean_text(bad, field="body", label="内容")
    assert err.value.message == "内容不能包含控制字符。"
    with pytest.raises(ValidationError):
        reject_control_characters(bad)


def test_line_breaks_tabs_and_unusual_but_printable_text_are_not_control_characters():
    for fine in ["第一行\r\n第二行", "甲\t乙", "\u202e反向", "表情😀", "全角１２３"]:
        assert not has_control_characters(fine)
        reject_control_characters(fine)


def test_length_limits_count_characters_and_say_how_many():
    assert clean_text("水" * 40, label="名称", max_length=40) == "水" * 40
    with pytest.raises(ValidationFailed) as err:
        clean_text("水" * 41, field="name", label="名称", max_length=40)
    assert err.value.message == "名称不能超过40个字(现有41个字)。"
    with pytest.raises(ValidationFailed) as err:
        clean_text("短", field="reason", label="理由", min_length=5)
    assert err.value.message == "理由不能少于5个字。"
    # min_length is about text that was given: optional empty text passes
    assert clean_text("", label="理由", required=False, min_length=5) == ""


def test_text_problem_reports_without_raising():
    assert text_problem(" 好 ", label="标题") == ("好", None)
    assert text_problem("", label="标题") == ("", "请填写标题。")
    assert text_problem("", label="标题", required=False) == ("", None)


def test_require_text_is_the_engines_shorthand():
    assert require_text(" 已办理 ", "text", "答复内容", 10) == "已办理"
    with pytest.raises(ValidationFailed) as err:
        require_text("", "text", "答复内容")
    assert err.value.message == "请填写答复内容。" and err.value.field == "text"


def test_the_services_use_it(db):
    """The copies are gone: the case engine, suggestions, deputies' records and liaison call this one."""
    import inspect

    from renda.cases.services import _common
    from renda.deputies import meeting_services, record_services
    from renda.liaison.services import config
    from renda.suggestions import services

    assert _common.require_text is require_text
    for module in (record_services, meeting_services, config):
        assert module.clean_text is clean_text
    assert services.text_problem is text_problem
    assert "strip()" not in inspect.getsource(config.check_text)
