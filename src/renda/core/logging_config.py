"""The ``LOGGING`` setting: plain text for development, one JSON object per line for production.

``LOG_JSON=true`` switches every handler to python-json-logger's ``JsonFormatter`` (fields ``time``,
``level``, ``logger``, ``message``, ``request_id`` and whatever ``extra=`` a call passes, exceptions as
``exc_info``); journald, logrotate or a log shipper then read one record per line. Either way every
record carries the request id of the request it was written in (``renda.core.request_id``), "-"
outside a request (the worker, management commands).

``LOG_REQUESTS`` (default: on with JSON, off for plain text, where ``runserver`` prints its own) writes
one ``renda.request`` line per request. The ASGI server's own loggers (``uvicorn``, ``uvicorn.error``)
go through the same handler, so a production log has one format.
"""

from __future__ import annotations

import logging
from typing import Any

from .request_id import current_request_id

JSON_FIELDS = ["asctime", "levelname", "name", "message", "request_id", "process"]
TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"


class RequestIdFilter(logging.Filter):
    """Adds ``record.request_id`` (never drops a record)."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not getattr(record, "request_id", None):
            record.request_id = current_request_id() or "-"
        return True


def logging_settings(*, json: bool, level: str = "", access_log: bool | None = None) -> dict[str, Any]:
    """The dictConfig for Django's ``LOGGING``. ``level`` (``LOG_LEVEL``) sets the root logger (default
    WARNING) and Renda's own loggers (default INFO)."""
    if access_log is None:
        access_log = json
    formatter: dict[str, Any]
    if json:
        formatter = {
            "()": "pythonjsonlogger.json.JsonFormatter",
            "fmt": JSON_FIELDS,
            "rename_fields": {"asctime": "time", "levelname": "level", "name": "logger"},
            "datefmt": "%Y-%m-%dT%H:%M:%S%z",
            "json_ensure_ascii": False,
        }
    else:
        formatter = {"format": TEXT_FORMAT}
    handler = ["console"]
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {"request_id": {"()": "renda.core.logging_config.RequestIdFilter"}},
        "formatters": {"renda": formatter},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "formatter": "renda",
                "filters": ["request_id"],
            }
        },
        "root": {"handlers": handler, "level": level or "WARNING"},
        "loggers": {
            "renda": {"handlers": handler, "level": level or "INFO", "propagate": False},
            "renda.request": {
                "handlers": handler,
                "level": "INFO" if access_log else "WARNING",
                "propagate": False,
            },
            "uvicorn": {"handlers": handler, "level": level or "INFO", "propagate": False},
            "uvicorn.error": {"handlers": handler, "level": level or "INFO", "propagate": False},
        },
    }
