"""Prometheus metrics of the app (prometheus_client).

Per request (``renda.ops.middleware.MetricsMiddleware``): ``renda_http_requests_total`` and the
latency histogram ``renda_http_request_duration_seconds``, labelled by method and URL pattern (the
route, never the raw path, so the number of series stays bounded). Per failed sign-in (Django's
``user_login_failed`` signal, which ``authenticate`` sends for a wrong password):
``renda_login_failures_total``.

Several server processes on one host (systemd instances of ``renda-app@.service``) share their
counters through ``PROMETHEUS_MULTIPROC_DIR`` (prometheus_client's multiprocess mode): the scrape of
any one process answers the sum of all. Without it each process counts its own.

What the database knows — queue depth and age, overdue cases, recent failed sign-ins — is read at
scrape time by :class:`renda.ops.collectors.DatabaseCollector`, so it is the same whichever process
answers and survives restarts.
"""

from __future__ import annotations

import os
from typing import Any

from prometheus_client import REGISTRY, CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.multiprocess import MultiProcessCollector

REQUESTS = Counter(
    "renda_http_requests_total",
    "HTTP requests answered, by method, URL pattern and status code.",
    ["method", "route", "status"],
)
LATENCY = Histogram(
    "renda_http_request_duration_seconds",
    "Time from the request reaching the app to its response headers, by method and URL pattern.",
    ["method", "route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
LOGIN_FAILURES = Counter(
    "renda_login_failures_total",
    "Sign-in attempts refused for wrong credentials (Django's user_login_failed).",
)


def multiprocess_dir() -> str:
    return os.environ.get("PROMETHEUS_MULTIPROC_DIR", "")


def _count_login_failure(sender: Any, credentials: Any = None, request: Any = None, **kwargs: Any) -> None:
    LOGIN_FAILURES.inc()


def connect_signals() -> None:
    from django.contrib.auth.signals import user_login_failed

    user_login_failed.connect(_count_login_failure, dispatch_uid="renda.ops.login_failures")


class _ThisProcess:
    """The default registry's metrics (this process's counters, its CPU and memory)."""

    def collect(self) -> Any:
        yield from REGISTRY.collect()


def exposition() -> bytes:
    """The text the scrape receives: the request metrics (summed over the host's processes in
    multiprocess mode) and the database's figures."""
    from .collectors import DatabaseCollector

    registry = CollectorRegistry(auto_describe=False)
    if multiprocess_dir():
        MultiProcessCollector(registry)
    else:
        registry.register(_ThisProcess())  # type: ignore[arg-type]
    registry.register(DatabaseCollector())  # type: ignore[arg-type]
    return generate_latest(registry)
