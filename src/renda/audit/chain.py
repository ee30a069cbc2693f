"""The keyed hash of the audit chain: HMAC-SHA256, or HMAC-SM3 when 国密 is configured.

The key is ``settings.RENDA_AUDIT_KEY`` (from the environment in production, never in the
database), the algorithm ``settings.RENDA_AUDIT_HASH`` (``"sha256"``, the default, or ``"sm3"``).
SM3 comes from ``cryptography`` (already a dependency; its wheels carry OpenSSL, whose SM3 is
checked against the GB/T 32905 vectors in our tests). Each kind of message carries its own prefix,
so a MAC computed for one purpose (an event, the chain head, an anchor file) is never valid for
another.
"""

from __future__ import annotations

import hashlib
import hmac
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

ALGORITHMS = ("sha256", "sm3")
EVENT = b"renda-audit-event\n"
HEAD = b"renda-audit-head\n"
ANCHOR = b"renda-audit-anchor\n"
KEY_ID = b"renda-audit-key-id\n"


@dataclass(frozen=True)
class Scheme:
    """How hashes are computed: an algorithm and a key (``key=None``: the unkeyed SHA-256 of
    chains written before the chain was keyed)."""

    algorithm: str
    key: bytes | None

    @property
    def label(self) -> str:
        return f"hmac-{self.algorithm}" if self.key is not None else "sha256-unkeyed"

    def mac(self, purpose: bytes, message: str) -> str:
        data = message.encode("utf-8")
        if self.key is None:
            return hashlib.sha256(data).hexdigest()
        data = purpose + data
        if self.algorithm == "sha256":
            return hmac.new(self.key, data, hashlib.sha256).hexdigest()
        from cryptography.hazmat.primitives import hashes
        from cryptography.hazmat.primitives import hmac as crypto_hmac

        h = crypto_hmac.HMAC(self.key, hashes.SM3())
        h.update(data)
        return h.finalize().hex()

    def key_id(self) -> str:
        """A public fingerprint of the key (which key signed an anchor), revealing nothing of it."""
        return self.mac(KEY_ID, self.algorithm)[:16] if self.key is not None else ""


LEGACY = Scheme("sha256", None)


def algorithm() -> str:
    value = (getattr(settings, "RENDA_AUDIT_HASH", "") or "sha256").strip().lower()
    if value not in ALGORITHMS:
        raise ImproperlyConfigured(f"RENDA_AUDIT_HASH must be one of {', '.join(ALGORITHMS)}, not {value!r}")
    return value


def scheme(key: str | None = None, algo: str | None = None) -> Scheme:
    """The scheme in force (or one with another key or algorithm, for re-keying)."""
    key = settings.RENDA_AUDIT_KEY if key is None else key
    if not key:
        raise ImproperlyConfigured("RENDA_AUDIT_KEY is not set: the audit chain cannot be written or checked")
    return Scheme(algo or algorithm(), key.encode("utf-8"))


def same(a: str, b: str) -> bool:
    return hmac.compare_digest(a.encode(), b.encode())
