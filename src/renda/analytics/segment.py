"""Chinese segmentation with jieba: its dictionary loads at first use, the user dictionary on top."""

from __future__ import annotations

import logging
import re
import threading

import jieba

_lock = threading.Lock()
_tokenizer: jieba.Tokenizer | None = None
_WORD = re.compile(r"[\w]", re.UNICODE)

jieba.setLogLevel(logging.WARNING)


def user_dictionary_words() -> list[str]:
    """The staff's words plus the names of the organisations (乡镇、单位) — read from the database."""
    from renda.core.models import Organization

    from .models import UserWord

    words = set(UserWord.objects.values_list("word", flat=True))
    for name, short in Organization.objects.values_list("name", "short_name"):
        words.update(w for w in (name, short) if w)
    return sorted(words)


def tokenizer() -> jieba.Tokenizer:
    global _tokenizer
    with _lock:
        if _tokenizer is None:
            tok = jieba.Tokenizer()
            tok.initialize()
            for word in user_dictionary_words():
                tok.add_word(word, freq=200000)
            _tokenizer = tok
        return _tokenizer


def reset() -> None:
    """Forget the loaded dictionary (after the user dictionary changed): reloaded at next use."""
    global _tokenizer
    with _lock:
        _tokenizer = None


def add_word(word: str) -> None:
    tokenizer().add_word(word, freq=200000)


def tokens(text: str) -> list[str]:
    """The search tokens of ``text``, lower-cased, without punctuation or spaces."""
    if not text:
        return []
    return [t.lower() for t in tokenizer().cut_for_search(text) if _WORD.search(t)]


def query_tokens(text: str) -> list[str]:
    """The distinct tokens of a query, in order; whole words only (no sub-word expansion)."""
    seen: list[str] = []
    for t in tokenizer().cut(text or ""):
        t = t.strip().lower()
        if t and _WORD.search(t) and t not in seen:
            seen.append(t)
    return seen
