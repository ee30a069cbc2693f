"""Anchors: signed digests of the chain head, written outside the database.

Every day the job ``audit.anchor`` (``renda.audit.jobs``) checks the whole chain and writes one
file to ``settings.RENDA_AUDIT_ANCHOR_DIR`` naming the newest event (id, hash, time) and the number
of events up to it, signed with an HMAC under the audit key (the chain's own algorithm). The files
are published on the portal (``/portal/audit-anchors/``), where anyone may keep a copy.

``verify_chain`` checks the chain against every anchor: an anchored event that is gone (a deleted
tail, even with the head row put back), a different hash at an anchored id (a row rewritten and the
chain re-hashed, even with the key), or a different count up to it (a row deleted and the chain
re-linked) are reported. Anchor files that were edited or forged fail their signature, and each
anchor's ``audit.anchor`` event in the chain names its file, so a deleted file is noticed too.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.conf import settings
from django.utils.dateparse import parse_datetime

from renda.core import clock

from . import chain

FORMAT = "renda-audit-anchor/1"
FIELDS = ("format", "algorithm", "key_id", "event_id", "hash", "event_count", "event_time", "anchored_at")
SUPERSEDED_PREFIX = "superseded-"


@dataclass(frozen=True)
class Anchor:
    name: str
    event_id: int
    hash: str
    event_count: int
    event_time: str
    anchored_at: str
    algorithm: str
    key_id: str
    signature: str
    problem: str = ""  # why the file is not a valid anchor under the current key ("" = valid)

    @property
    def valid(self) -> bool:
        return not self.problem

    @property
    def anchored(self) -> dt.datetime | None:
        return parse_datetime(self.anchored_at) if self.anchored_at else None

    @property
    def event_moment(self) -> dt.datetime | None:
        return parse_datetime(self.event_time) if self.event_time else None

    def as_dict(self) -> dict[str, Any]:
        return {
            "format": FORMAT,
            "algorithm": self.algorithm,
            "key_id": self.key_id,
            "event_id": self.event_id,
            "hash": self.hash,
            "event_count": self.event_count,
            "event_time": self.event_time,
            "anchored_at": self.anchored_at,
            "signature": self.signature,
        }


def anchor_dir() -> Path:
    return Path(settings.RENDA_AUDIT_ANCHOR_DIR)


def _body(data: dict[str, Any]) -> str:
    return json.dumps({k: data[k] for k in FIELDS}, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def sign(data: dict[str, Any], scheme: chain.Scheme | None = None) -> str:
    return (scheme or chain.scheme()).mac(chain.ANCHOR, _body(data))


def _parse(name: str, text: str, scheme: chain.Scheme) -> Anchor:
    try:
        data = json.loads(text)
        anchor = Anchor(
            name=name,
            event_id=int(data["event_id"]),
            hash=str(data["hash"]),
            event_count=int(data["event_count"]),
            event_time=str(data["event_time"]),
            anchored_at=str(data["anchored_at"]),
            algorithm=str(data["algorithm"]),
            key_id=str(data["key_id"]),
            signature=str(data["signature"]),
        )
        if data.get("format") != FORMAT:
            raise ValueError(data.get("format"))
    except (ValueError, KeyError, TypeError):
        return Anchor(name, 0, "", 0, "", "", "", "", "", problem="unreadable")
    if anchor.key_id != scheme.key_id() or anchor.algorithm != scheme.label:
        return _with_problem(anchor, "other_key")
    if not chain.same(sign(anchor.as_dict(), scheme), anchor.signature):
        return _with_problem(anchor, "bad_signature")
    return anchor


def _with_problem(anchor: Anchor, problem: str) -> Anchor:
    from dataclasses import replace

    return replace(anchor, problem=problem)


def read_anchors(scheme: chain.Scheme | None = None) -> list[Anchor]:
    """Every anchor file in the anchor folder (not the superseded ones), oldest event first."""
    scheme = scheme or chain.scheme()
    folder = anchor_dir()
    if not folder.is_dir():
        return []
    found = []
    for path in sorted(folder.glob("anchor-*.json")):
        try:
            text = path.read_text(encoding="utf-8")
        except OSError:
            text = ""
        found.append(_parse(path.name, text, scheme))
    return sorted(found, key=lambda a: (a.event_id, a.name))


def anchor_file_exists(name: str) -> bool:
    """Whether the file an ``audit.anchor`` event names is still there (or was put aside by a re-key)."""
    if not name or "/" in name or "\\" in name:
        return False
    folder = anchor_dir()
    if (folder / name).is_file():
        return True
    return any((sub / name).is_file() for sub in folder.glob(f"{SUPERSEDED_PREFIX}*") if sub.is_dir())


def write_anchor_file(*, event_id: int, event_hash: str, event_count: int, event_time: str) -> Anchor:
    """Write one signed anchor file (never overwriting one) and return it."""
    scheme = chain.scheme()
    now = clock.now()
    data: dict[str, Any] = {
        "format": FORMAT,
        "algorithm": scheme.label,
        "key_id": scheme.key_id(),
        "event_id": event_id,
        "hash": event_hash,
        "event_count": event_count,
        "event_time": event_time,
        "anchored_at": now.isoformat(timespec="seconds"),
    }
    data["signature"] = sign(data, scheme)
    folder = anchor_dir()
    folder.mkdir(parents=True, exist_ok=True)
    name = f"anchor-{now:%Y%m%dT%H%M%S}-{event_id}.json"
    tmp = folder / f".{name}.{secrets.token_hex(4)}.tmp"
    tmp.write_text(json.dumps(data, ensure_ascii=False, indent=2, sort_keys=True) + "\n", encoding="utf-8")
    try:
        os.link(tmp, folder / name)  # fails if the name exists: an anchor is never overwritten
    finally:
        tmp.unlink(missing_ok=True)
    return _parse(name, (folder / name).read_text(encoding="utf-8"), scheme)


def supersede_anchors() -> str:
    """Put the current anchors aside (after a re-key they no longer match the hashes); return the folder."""
    folder = anchor_dir()
    if not folder.is_dir():
        return ""
    files = list(folder.glob("anchor-*.json"))
    if not files:
        return ""
    target = folder / f"{SUPERSEDED_PREFIX}{clock.now():%Y%m%dT%H%M%S}"
    target.mkdir()
    for path in files:
        path.rename(target / path.name)
    return target.name


def published_anchors(limit: int | None = None) -> list[Anchor]:
    """The valid anchors, newest first, for the public page."""
    anchors = [a for a in read_anchors() if a.valid]
    anchors.reverse()
    return anchors[:limit] if limit else anchors
