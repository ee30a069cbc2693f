"""Sending a stored file to a reader whose access a view has already checked.

No uploaded file is reachable by its stored path: ``MEDIA_URL`` is not routed by the app, and the
web server must not serve ``MEDIA_ROOT`` either. Each kind of file has its own view that finds the
object through the reader's scope (answering 404 for missing and forbidden alike) and then calls
``file_response``. How the bytes travel is ``settings.RENDA_FILE_SERVING``:

- ``"django"`` (default): the app streams the file (``FileResponse``);
- ``"nginx"``: the app answers with ``X-Accel-Redirect: RENDA_FILE_INTERNAL_URL + stored name`` and
  nginx sends the file from an ``internal`` location (see ``docs/security.md``);
- ``"apache"``: the app answers with ``X-Sendfile: <absolute path>`` (mod_xsendfile).

Every answer carries the original name in ``Content-Disposition`` (RFC 6266 / 5987), ``nosniff``,
a sandboxing ``Content-Security-Policy`` and, unless the file is public, ``private, no-store``.
"""

from __future__ import annotations

import os
from typing import Any
from urllib.parse import quote

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.http import FileResponse, Http404, HttpResponse
from django.utils.translation import gettext as _

from .uploads import content_type_for

MODES = ("django", "nginx", "apache")


def content_disposition(name: str, *, inline: bool = False) -> str:
    """``attachment`` (or ``inline``) with an ASCII fallback and the original (Chinese) name."""
    kind = "inline" if inline else "attachment"
    name = name or "file"
    ext = os.path.splitext(name)[1]
    ascii_ok = name.isascii() and all(c.isprintable() and c not in '"\\;' for c in name)
    fallback = name if ascii_ok else kind + (ext if ext.isascii() and ext.isprintable() else "")
    return f"{kind}; filename=\"{fallback}\"; filename*=UTF-8''{quote(name, safe='')}"


def serving_mode() -> str:
    mode = str(getattr(settings, "RENDA_FILE_SERVING", "django") or "django").lower()
    if mode not in MODES:
        raise ImproperlyConfigured(f"RENDA_FILE_SERVING must be one of {', '.join(MODES)}, not {mode!r}")
    return mode


def file_response(
    field_file: Any,
    *,
    name: str,
    content_type: str = "",
    inline: bool = False,
    public: bool = False,
) -> HttpResponse:
    """The response that delivers ``field_file`` (a FieldFile) under its original ``name``."""
    if not field_file or not field_file.name:
        raise Http404(_("文件不存在。"))
    storage = field_file.storage
    stored = field_file.name
    try:
        exists = storage.exists(stored)
    except Exception:  # noqa: BLE001 - a suspicious stored name is simply not there
        exists = False
    if not exists:
        raise Http404(_("文件不存在。"))
    ctype = content_type or content_type_for(name)
    mode = serving_mode()
    response: HttpResponse
    if mode == "django":
        try:
            handle = field_file.open("rb")
        except (FileNotFoundError, ValueError, OSError):
            raise Http404(_("文件不存在。")) from None
        response = FileResponse(handle, content_type=ctype)
    elif mode == "nginx":
        prefix = str(getattr(settings, "RENDA_FILE_INTERNAL_URL", "/_protected_media/"))
        response = HttpResponse(content_type=ctype)
        response["X-Accel-Redirect"] = prefix.rstrip("/") + "/" + quote(stored.lstrip("/"))
    else:
        response = HttpResponse(content_type=ctype)
        response["X-Sendfile"] = storage.path(stored)
    response["Content-Disposition"] = content_disposition(name, inline=inline)
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; sandbox"
    response["Cache-Control"] = "public, max-age=60" if public else "private, no-store"
    return response
