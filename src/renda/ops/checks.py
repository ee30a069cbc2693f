"""A misspelt metrics address list is a start-up error, not a 500 at the first scrape."""

from __future__ import annotations

import ipaddress
from typing import Any

from django.conf import settings
from django.core.checks import Error


def metrics_settings(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    errors = []
    for entry in getattr(settings, "RENDA_METRICS_ALLOWED_IPS", []) or []:
        try:
            ipaddress.ip_network(str(entry).strip(), strict=False)
        except ValueError:
            errors.append(
                Error(
                    f"RENDA_METRICS_ALLOWED_IPS: {entry!r} is not an address or network.",
                    hint="e.g. 10.0.0.5 or 10.0.0.0/24, separated by commas",
                    id="renda.ops.E001",
                )
            )
    token = getattr(settings, "RENDA_METRICS_TOKEN", "") or ""
    if token and len(token) < 24:
        errors.append(Error("RENDA_METRICS_TOKEN is shorter than 24 characters.", id="renda.ops.E002"))
    return errors
