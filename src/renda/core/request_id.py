"""A request id on every request: taken from ``X-Request-ID`` when the proxy in front sent a sane one
(nginx sets ``$request_id``), generated otherwise; answered in the response's ``X-Request-ID`` and
attached to every log record written while the request runs (``renda.core.logging_config``).

The middleware also writes one access-log line per request (logger ``renda.request``: method, path,
route, status, duration, user id), so that with ``LOG_JSON=true`` the app's log alone answers
"what happened to request X" and nginx's access log can be joined to it by the same id.
"""

from __future__ import annotations

import contextvars
import logging
import re
import time
import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
META_KEY = "HTTP_X_REQUEST_ID"
# What a proxy or a client may hand us: letters, digits and -_.:@ (uuid, nginx's hex, a trace id).
_SANE = re.compile(r"^[A-Za-z0-9._:@-]{8,128}$")

_request_id: contextvars.ContextVar[str] = contextvars.ContextVar("renda_request_id", default="")
access_logger = logging.getLogger("renda.request")


def current_request_id() -> str:
    """The id of the request being served in this context ("" outside a request)."""
    return _request_id.get()


def incoming_or_new(value: str | None) -> str:
    if value and _SANE.match(value):
        return value
    return uuid.uuid4().hex


class RequestIdMiddleware:
    """First in ``MIDDLEWARE``: everything after it (and its log records) sees the id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = incoming_or_new(request.META.get(META_KEY))
        request.request_id = request_id  # type: ignore[attr-defined]
        token = _request_id.set(request_id)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[HEADER] = request_id
            self._log(request, response.status_code, time.perf_counter() - started)
            return response
        finally:
            _request_id.reset(token)

    @staticmethod
    def _log(request: HttpRequest, status: int, seconds: float) -> None:
        if not access_logger.isEnabledFor(logging.INFO):
            return
        match = getattr(request, "resolver_match", None)
        user = getattr(request, "user", None)
        user_id = user.pk if user is not None and getattr(user, "is_authenticated", False) else None
        access_logger.info(
            "%s %s %s",
            request.method,
            request.path,
            status,
            extra={
                "method": request.method,
                "path": request.path,
                "route": match.view_name if match else "",
                "status": status,
                "duration_ms": round(seconds * 1000, 1),
                "user_id": user_id,
            },
        )
