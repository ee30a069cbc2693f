"""Identity numbers (公民身份号码, GB 11643-1999): check digit, encryption at rest, keyed hash, mask.

The number is stored encrypted with Fernet (AES-128-CBC + HMAC-SHA256). The key is derived with
HKDF-SHA256 from ``settings.RENDA_FIELD_KEY``, a key of its own (never ``SECRET_KEY``, never derived
from another key; production refuses to start without it). A second, separately derived
key makes an HMAC of the normalised number: equal numbers give equal hashes, so uniqueness and
search work without decrypting anything.

Changing the key makes stored numbers unreadable: rotate with a migration that decrypts with the
old key and re-encrypts with the new one.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import hmac
import re
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from renda.core import clock

WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
CHECK_CHARS = "10X98765432"
_ID_RE = re.compile(r"^\d{17}[\dX]$")


def normalise(value: str) -> str:
    return (value or "").strip().replace(" ", "").upper()


def check_digit(first17: str) -> str:
    total = sum(int(c) * w for c, w in zip(first17, WEIGHTS, strict=True))
    return CHECK_CHARS[total % 11]


def id_number_problem(value: str) -> str | None:
    """None when ``value`` is a valid 18-digit identity number, else a Chinese explanation."""
    number = normalise(value)
    if not _ID_RE.match(number):
        return _("身份证号应为18位,前17位是数字,最后一位是数字或X。")
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return _("身份证号中的出生日期无效。")
    if born.year < 1900 or born > clock.today():  # noqa: DTZ011 - a calendar date, zone-free
        return _("身份证号中的出生日期无效。")
    if check_digit(number[:17]) != number[17]:
        return _("身份证号校验位错误,请核对。")
    return None


def birth_date_of(value: str) -> dt.date | None:
    number = normalise(value)
    if id_number_problem(number):
        return None
    return dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))


def gender_of(value: str) -> str | None:
    number = normalise(value)
    if id_number_problem(number):
        return None
    return "male" if int(number[16]) % 2 else "female"


def _master_secret() -> bytes:
    """``settings.RENDA_FIELD_KEY``, a key of its own: never SECRET_KEY or another key, never derived
    from one. Production refuses to start without it (renda/security/checks.py)."""
    key = getattr(settings, "RENDA_FIELD_KEY", "") or ""
    if not key:
        raise ImproperlyConfigured("RENDA_FIELD_KEY is not set: identity numbers cannot be encrypted.")
    return key.encode()


def _derive(secret: bytes, info: bytes) -> bytes:
    return HKDF(algorithm=hashes.SHA256(), length=32, salt=b"renda.deputies", info=info).derive(secret)


@lru_cache(maxsize=4)
def _fernet(secret: bytes) -> Fernet:
    return Fernet(base64.urlsafe_b64encode(_derive(secret, b"id-number-encryption")))


@lru_cache(maxsize=4)
def _hash_key(secret: bytes) -> bytes:
    return _derive(secret, b"id-number-hash")


def encrypt(value: str) -> str:
    number = normalise(value)
    if not number:
        return ""
    return _fernet(_master_secret()).encrypt(number.encode()).decode()


def decrypt(token: str) -> str:
    if not token:
        return ""
    try:
        return _fernet(_master_secret()).decrypt(token.encode()).decode()
    except InvalidToken:
        return ""


def keyed_hash(value: str) -> str:
    number = normalise(value)
    if not number:
        return ""
    return hmac.new(_hash_key(_master_secret()), number.encode(), hashlib.sha256).hexdigest()


def mask(value: str) -> str:
    """6201**********1234: the region prefix and the last four only."""
    number = normalise(value)
    if not number:
        return ""
    if len(number) < 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]
