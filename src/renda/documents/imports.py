"""Keeping an uploaded import file on the server between preview and confirmation.

The file is saved under ``MEDIA_ROOT/imports/`` with a random name; only that name goes into the
session (under a key per import kind), so a confirmation can never be pointed at another file or
carry rows through hidden fields. ``discard`` removes both.
"""

from __future__ import annotations

import re
import secrets
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile

_TOKEN_RE = re.compile(r"^[0-9a-f]{32}$")


def import_dir() -> Path:
    path = Path(settings.MEDIA_ROOT) / "imports"
    path.mkdir(parents=True, exist_ok=True)
    return path


def _session_key(kind: str) -> str:
    return f"renda_import_{kind}"


def stash(request: Any, kind: str, upload: UploadedFile) -> str:
    """Save ``upload`` server-side and remember it in the session; returns the token."""
    discard(request, kind)
    token = secrets.token_hex(16)
    with open(import_dir() / f"{token}.xlsx", "wb") as fh:
        for chunk in upload.chunks():
            fh.write(chunk)
    request.session[_session_key(kind)] = {"token": token, "name": Path(upload.name or "").name[:200]}
    return token


def stashed(request: Any, kind: str) -> tuple[Path, str] | None:
    """The stashed file of this session (path, original name), if it still exists."""
    data = request.session.get(_session_key(kind))
    if not isinstance(data, dict):
        return None
    token = str(data.get("token", ""))
    if not _TOKEN_RE.match(token):
        return None
    path = import_dir() / f"{token}.xlsx"
    if not path.is_file():
        return None
    return path, str(data.get("name", ""))


def discard(request: Any, kind: str) -> None:
    found = stashed(request, kind)
    if found is not None:
        found[0].unlink(missing_ok=True)
    request.session.pop(_session_key(kind), None)
