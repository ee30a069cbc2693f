"""Password policy (等保): length, three character classes, not the username; and no password that
is guessed first (common, keyboard walks, repeats, the user's own name, pinyin or phone)."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _


class PasswordPolicyValidator:
    def __init__(self, min_length: int | None = None):
        self._min_length = min_length

    def min_length(self) -> int:
        if self._min_length is not None:
            return self._min_length
        try:
            from renda.security.models import SecurityPolicy

            return SecurityPolicy.current().password_min_length
        except Exception:  # noqa: BLE001 - before migrations the default applies
            return 10

    def validate(self, password: str, user: Any = None) -> None:
        errors = []
        length = self.min_length()
        if len(password) < length:
            errors.append(
                ValidationError(_("密码至少 %(n)d 位。") % {"n": length}, code="password_too_short")
            )
        classes = sum(bool(re.search(p, password)) for p in (r"[a-z]", r"[A-Z]", r"[0-9]", r"[^A-Za-z0-9]"))
        if classes < 3:
            errors.append(
                ValidationError(
                    _("密码须包含大写字母、小写字母、数字、符号中的至少三类。"), code="password_too_simple"
                )
            )
        username = getattr(user, "username", "") or ""
        if username and username.lower() in password.lower():
            errors.append(ValidationError(_("密码不能包含用户名。"), code="password_contains_username"))
        if errors:
            raise ValidationError(errors)

    def get_help_text(self) -> str:
        return _("至少 %(n)d 位,包含大写字母、小写字母、数字、符号中的至少三类,且不含用户名。") % {
            "n": self.min_length()
        }


# --- common and pattern passwords ------------------------------------------------------------------

DATA_DIR = Path(__file__).resolve().parent / "data"
CHINESE_LIST = DATA_DIR / "common-passwords-zh.txt"
# Read back the letters people swap in ("P@ssw0rd" is "password").
LEET = str.maketrans(
    {
        "@": "a",
        "4": "a",
        "0": "o",
        "1": "i",
        "!": "i",
        "3": "e",
        "$": "s",
        "5": "s",
        "7": "t",
        "8": "b",
        "9": "g",
        "|": "l",
        "+": "t",
    }
)
LEET_L = str.maketrans({"1": "l", "!": "l"})
# Digits, years and punctuation people put before or after a word ("Password123!", "2026Admin").
_AFFIX = re.compile(r"^[\W\d_]+|[\W\d_]+$")
# Rows, columns and zigzags of the keyboard, the alphabet and the digits: a password walking them is
# guessed early ("qwerty", "123456", "1qaz2wsx", "1q2w3e4r", "qazwsxedc").
KEYBOARD_SEQUENCES = (
    "01234567890",
    "qwertyuiop",
    "asdfghjkl",
    "zxcvbnm",
    "abcdefghijklmnopqrstuvwxyz",
    "1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik,9ol.0p;/",
    "qazwsxedcrfvtgbyhnujmikolp",
    "1q2w3e4r5t6y7u8i9o0p",
    "q1w2e3r4t5y6u7i8o9p0",
    "qawsedrftgyhujikolp",
    "1a2s3d4f5g6h7j8k9l",
    "!@#$%^&*()",
    "1!2@3#4$5%6^7&8*9(0)",
)
MIN_WORD = 4  # shorter cores ("abc", "qq") are left to the other rules


@lru_cache(maxsize=1)
def common_passwords() -> frozenset[str]:
    """Django's list of 20,000 common passwords plus the Chinese sites' list shipped here."""
    from django.contrib.auth.password_validation import CommonPasswordValidator

    words = {word.lower() for word in CommonPasswordValidator().passwords}
    for line in CHINESE_LIST.read_text(encoding="utf-8").splitlines():
        line = line.strip().lower()
        if line and not line.startswith("#"):
            words.add(line)
    return frozenset(words)


def _forms(password: str) -> set[str]:
    """The password as a guesser would try it: lower-cased, leet read back, affixes stripped."""
    lower = password.strip().lower()
    core = _AFFIX.sub("", lower)
    forms = {lower, core, lower.translate(LEET), core.translate(LEET), core.translate(LEET_L).translate(LEET)}
    forms.add(re.sub(r"[^a-z]", "", lower))  # "Renda@2026demo" is "rendademo"
    forms.add(re.sub(r"^[\W_]+|[\W_]+$", "", lower))  # "Qq123456#" is "qq123456"
    return {f for f in forms if f}


def is_common(password: str) -> bool:
    words = common_passwords()
    lower = password.strip().lower()
    if lower in words:
        return True
    return any(form in words for form in _forms(password) if len(form) >= MIN_WORD)


def _runs(text: str) -> list[tuple[int, int]]:
    """(start, end) of every maximal stretch of ``text`` (length ≥ 3) that walks a keyboard sequence."""
    found: list[tuple[int, int]] = []
    sequences = [*KEYBOARD_SEQUENCES, *(s[::-1] for s in KEYBOARD_SEQUENCES)]
    n = len(text)
    for start in range(n):
        best = start
        for seq in sequences:
            end = start + 1
            while end < n and text[start : end + 1] in seq:
                end += 1
            best = max(best, end)
        if best - start >= 3 and not any(s <= start and best <= e for s, e in found):
            found.append((start, best))
    return found


def keyboard_pattern(password: str) -> bool:
    """A walk of five or more keys, or walks of three or more making up two thirds of the password."""
    text = password.lower()
    if not text:
        return False
    runs = _runs(text)
    if any(end - start >= 5 for start, end in runs):
        return True
    covered = {i for start, end in runs for i in range(start, end)}
    return len(covered) * 3 >= len(text) * 2


def repeated_pattern(password: str) -> bool:
    """Four of one character in a row, a block typed twice or more, or very few distinct characters."""
    text = password.lower()
    if not text:
        return False
    if re.search(r"(.)\1{3,}", text):
        return True
    for size in range(1, len(text) // 2 + 1):
        if len(text) % size == 0 and text[:size] * (len(text) // size) == text:
            return True
    return len(set(text)) < max(4, len(text) // 3)


def _pinyin_forms(name: str) -> set[str]:
    from pypinyin import Style, lazy_pinyin

    syllables = [s.lower() for s in lazy_pinyin(name, style=Style.NORMAL) if s.isascii() and s.isalpha()]
    if not syllables:
        return set()
    forms = {"".join(syllables)}
    if len(syllables) >= 2:
        forms.add("".join(syllables[1:]) + syllables[0])  # given name first: "weizhang"
        forms.add(syllables[0] + "".join(s[0] for s in syllables[1:]))  # "zhangw"
    if len(syllables) >= 3:
        forms.add("".join(syllables[1:]))  # a given name of two characters alone: "weiming"
    return {f for f in forms if len(f) >= MIN_WORD}


def personal_parts(user: Any) -> list[str]:
    """What of the user a password must not contain: name, pinyin of the name, phone (the username
    as typed is PasswordPolicyValidator's rule; see contains_personal)."""
    if user is None:
        return []
    parts: list[str] = []
    name = (getattr(user, "full_name", "") or "").strip()
    if len(name) >= 2:
        parts.append(name.lower())
        parts.extend(sorted(_pinyin_forms(name)))
    phone = re.sub(r"\D", "", getattr(user, "phone", "") or "")
    if len(phone) >= 6:
        # Any six digits in a row of the number ("13812345678" → "345678", "138123" …).
        parts.extend(phone[i : i + 6] for i in range(len(phone) - 5))
    return parts


def contains_personal(password: str, user: Any) -> bool:
    lower = password.lower()
    forms = {lower, lower.translate(LEET), lower.translate(LEET_L).translate(LEET)}
    if any(part in form for part in personal_parts(user) for form in forms):
        return True
    # The username with letters swapped for symbols ("W@ngF4ng" for wangfang); as typed it is
    # refused by PasswordPolicyValidator already.
    username = (getattr(user, "username", "") or "").strip().lower() if user is not None else ""
    return len(username) >= 3 and username not in lower and any(username in form for form in forms)


class WeakPasswordValidator:
    """Refuses the passwords guessed first: common ones (Django's list and the Chinese sites' list,
    case-insensitive, leet read back, digits, years and punctuation around stripped), walks of the
    keyboard, repeated characters, and the user's name (and its pinyin), username or phone."""

    def validate(self, password: str, user: Any = None) -> None:
        errors = []
        if is_common(password):
            errors.append(
                ValidationError(
                    _("这个密码太常见,很容易被猜中(换大小写、把字母换成符号、在前后加数字或年份都不算)。"),
                    code="password_too_common",
                )
            )
        if keyboard_pattern(password):
            errors.append(
                ValidationError(
                    _("密码不能以键盘上相连的按键或连续的数字、字母为主(如 qwerty、123456、1qaz2wsx)。"),
                    code="password_keyboard_pattern",
                )
            )
        if repeated_pattern(password):
            errors.append(
                ValidationError(
                    _("密码不能由重复的字符或片段组成(如 aaaa、1111、abcabc)。"), code="password_repeated"
                )
            )
        if contains_personal(password, user):
            errors.append(
                ValidationError(_("密码不能包含您的姓名(含拼音)、用户名或手机号。"), code="password_personal")
            )
        if errors:
            raise ValidationError(errors)

    def get_help_text(self) -> str:
        return _("不能是常见密码,不能是键盘上相连的按键或重复的字符,不能含有姓名、拼音、用户名或手机号。")
