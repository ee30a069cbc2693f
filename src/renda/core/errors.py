"""Errors that services raise: a stable code and a Chinese message, mapped to HTTP by pages and API."""

from __future__ import annotations

from typing import Any


class RendaError(Exception):
    """Base error: ``code`` is stable (the API returns it), ``message`` is shown to people."""

    code = "error"
    status = 400

    def __init__(self, message: str, *, code: str | None = None, field: str | None = None, **extra: Any):
        super().__init__(message)
        self.message = str(message)
        if code:
            self.code = code
        self.field = field
        self.extra = extra


class ValidationFailed(RendaError):
    code = "invalid"
    status = 400

    def __init__(
        self, message: str, *, field: str | None = None, fields: dict[str, str] | None = None, **kw: Any
    ):
        super().__init__(message, field=field, **kw)
        self.fields = dict(fields or {})
        if field and field not in self.fields:
            self.fields[field] = self.message


class PermissionDeniedError(RendaError):
    code = "permission_denied"
    status = 403


class NotFoundError(RendaError):
    code = "not_found"
    status = 404


class ConflictError(RendaError):
    """Someone else changed the record first (optimistic locking), or the state does not allow it."""

    code = "conflict"
    status = 409
