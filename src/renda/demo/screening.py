"""The demo county's sensitive-word list: a few neutral examples (advertising, personal data).

Deterministic and idempotent; called by the demo loader (``DEMO_EXTENSIONS``). A word staff removed
or edited is left as they left it.
"""

from __future__ import annotations

from django.db import transaction

from renda.core.models import Congress

from .units import COUNTY_CONGRESS

DEMO_WORDS: list[tuple[str, str, str]] = [
    ("加微信", "ad", "引流广告"),
    ("加我微信", "ad", "引流广告"),
    ("代开发票", "ad", "违法广告"),
    ("刷单", "ad", "违法广告"),
    ("兼职日结", "ad", "招聘广告"),
    ("贷款秒批", "ad", "金融广告"),
    ("身份证号", "personal", "可能含公民身份号码,公开前核对"),
    ("银行卡号", "personal", "可能含银行账户,公开前核对"),
    ("家庭住址", "personal", "可能含住址,公开前核对"),
    ("赌博", "other", ""),
]


def load_screening_demo() -> dict[str, int]:
    from renda.analytics.models_screening import SensitiveWord
    from renda.analytics.screening import invalidate

    congress = Congress.objects.filter(name=COUNTY_CONGRESS).first()
    if congress is None:
        return {"sensitive_words": 0}
    created = 0
    with transaction.atomic():
        for word, category, note in DEMO_WORDS:
            _w, made = SensitiveWord.objects.get_or_create(
                congress=congress, word=word, defaults={"category": category, "note": note}
            )
            created += int(made)
    invalidate(congress.pk)
    return {"sensitive_words": created}
