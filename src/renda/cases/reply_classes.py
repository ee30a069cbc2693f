"""答复类别 as units and congresses write them, read into the engine's letters A–D.

The engine stores ``ReplyClass`` letters (``cases.choices``): A 已解决或采纳, B 正在解决或列入计划,
C 因条件限制暂不能解决, D 留作参考. Units' letters and congresses' circulars write the same classes as
甲类 / 乙类 / 丙类 / 丁类, A类 / B类, or in words (已解决, 正在解决, 列入计划解决, 因条件限制或其他原因无法解决,
留作参考 …). ``normalize_reply_class`` is the one reader of such text: the reply service, the API
schemas (``ReplyClassInput``) and every importer call it, so a form accepted in one place is accepted
everywhere, and anything else gets the same Chinese message listing what is accepted.
"""

from __future__ import annotations

import re
import unicodedata
from typing import Annotated, Any

from django.utils.translation import gettext as _
from pydantic import BeforeValidator, WithJsonSchema

from renda.core.errors import ValidationFailed

from .choices import ReplyClass

# The written forms of each class, after ``_clean`` (NFKC, no spaces, upper case, 類 → 类).
WRITTEN: dict[str, tuple[str, ...]] = {
    ReplyClass.A: (
        "甲", "甲类", "已解决", "解决", "已经解决", "已采纳", "采纳", "已解决或采纳", "已解决或已采纳",
        "解决或采纳", "已采纳解决", "问题已解决",
    ),
    ReplyClass.B: (
        "乙", "乙类", "正在解决", "列入计划解决", "已列入计划解决", "列入计划", "列入计划逐步解决",
        "正在解决或列入计划", "正在解决或列入计划解决", "正在解决或已列入计划解决", "计划解决",
    ),
    ReplyClass.C: (
        "丙", "丙类", "因条件限制或其他原因无法解决", "因条件限制或其它原因无法解决", "因条件限制暂不能解决",
        "因条件限制暂时不能解决", "因条件限制无法解决", "暂不能解决", "暂时不能解决", "无法解决",
        "条件限制暂不能解决",
    ),
    ReplyClass.D: ("丁", "丁类", "留作参考", "作为参考", "参考", "留作参考意见"),
}  # fmt: skip

# What the message lists, per class (the most common forms, not every synonym).
SHOWN: dict[str, str] = {
    ReplyClass.A: "A、A类、甲类、已解决、已采纳",
    ReplyClass.B: "B、B类、乙类、正在解决、列入计划解决",
    ReplyClass.C: "C、C类、丙类、因条件限制或其他原因无法解决",
    ReplyClass.D: "D、D类、丁类、留作参考",
}

_LOOKUP: dict[str, str] = {}
for _letter, _forms in WRITTEN.items():
    for _form in (_letter, f"{_letter}类", *_forms):
        _LOOKUP[_form] = str(_letter)
# A letter (or 甲乙丙丁) followed by its own description: "A类(已解决)", "B 正在解决", "A 已解决或采纳".
_PREFIXED = re.compile(r"^([ABCD甲乙丙丁])类?[、.:\-—–()\[\]【】]*(.*?)[()\[\]【】.。]*$")
_STEMS = {"甲": "A", "乙": "B", "丙": "C", "丁": "D"}


def _clean(value: Any) -> str:
    text = unicodedata.normalize("NFKC", str(value)).strip().upper()
    text = text.replace("類", "类").replace("採", "采").replace("決", "决")
    return re.sub(r"\s+", "", text)


def accepted_forms() -> str:
    """The Chinese list of accepted forms, for messages and documentation."""
    return ";".join(f"{letter}类:{SHOWN[letter]}" for letter in ReplyClass.values)


def reply_class_error(value: Any) -> str:
    shown = str(value).strip()[:40]
    return _("答复类别“%(v)s”无法识别。可填写 %(forms)s。") % {"v": shown, "forms": accepted_forms()}


def parse_reply_class(value: Any) -> str | None:
    """The letter A–D for a written form, or None when it is not one."""
    if value is None:
        return None
    text = _clean(value)
    if not text:
        return None
    if text in _LOOKUP:
        return _LOOKUP[text]
    labels = {_clean(label): str(letter) for letter, label in ReplyClass.choices}
    if text in labels:
        return labels[text]
    match = _PREFIXED.match(text)
    if match:
        letter = _STEMS.get(match.group(1), match.group(1))
        rest = match.group(2)
        if not rest or _LOOKUP.get(rest) == letter or _clean(ReplyClass(letter).label).endswith(rest):
            return letter
    return None


def normalize_reply_class(value: Any, *, field: str = "classification") -> str:
    """The letter A–D for ``value`` (any accepted written form); ``ValidationFailed`` with the list of
    accepted forms otherwise."""
    letter = parse_reply_class(value)
    if letter is None:
        if value is None or not _clean(value):
            raise ValidationFailed(
                _("请填写答复类别。可填写 %(forms)s。") % {"forms": accepted_forms()}, field=field
            )
        raise ValidationFailed(reply_class_error(value), field=field)
    return letter


def _validate(value: Any) -> str:
    letter = parse_reply_class(value)
    if letter is None:
        raise ValueError(reply_class_error(value))
    return letter


# The API's input type: any accepted written form in, the letter out; documented as text with examples.
ReplyClassInput = Annotated[
    str,
    BeforeValidator(_validate),
    WithJsonSchema(
        {
            "type": "string",
            "description": "答复类别。A 已解决或采纳、B 正在解决或列入计划、C 因条件限制暂不能解决、D 留作参考;"
            "也接受甲类/乙类/丙类/丁类、A类、已解决、正在解决、列入计划解决、因条件限制或其他原因无法解决、留作参考等写法",
            "examples": ["A", "甲类", "已解决", "列入计划解决"],
        }
    ),
]
