"""System checks of the audit chain's configuration."""

from __future__ import annotations

from typing import Any

from django.core import checks
from django.core.exceptions import ImproperlyConfigured


@checks.register(checks.Tags.security)
def audit_chain_configured(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    from . import chain

    try:
        chain.scheme().mac(chain.KEY_ID, "check")
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="renda.audit.E001")]
    return []
