"""System checks that refuse to run a production deployment on keys it does not own.

Registered without the ``deploy`` tag, so they run on ``check``, ``check --deploy``, ``runserver``,
``migrate`` and every management command; ``renda.wsgi`` runs them before it serves a request
(gunicorn and any WSGI server do not run system checks of their own). In development (``DEBUG=true``)
the keys come from ``var/local-keys.env`` (generated once); only equal keys are an error there.
"""

from __future__ import annotations

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

KEY_SETTINGS = ("SECRET_KEY", "RENDA_FIELD_KEY", "RENDA_AUDIT_KEY")
KEY_PURPOSES = {
    "SECRET_KEY": "sessions and signed values",
    "RENDA_FIELD_KEY": "encryption of personal identity numbers",
    "RENDA_AUDIT_KEY": "the audit chain's HMAC",
}
# Below this length a key is not a key (Django's own deploy check asks 50 for SECRET_KEY).
MIN_KEY_LENGTH = 32
TAG = "renda_keys"


def _value(name: str) -> str:
    try:
        value = getattr(settings, name, "")
    except ImproperlyConfigured:  # Django refuses to hand out an empty SECRET_KEY
        return ""
    return value if isinstance(value, str) else ""


@checks.register(TAG, checks.Tags.security)
def check_keys(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    errors: list[checks.CheckMessage] = []
    production = not getattr(settings, "DEVELOPMENT", False)
    if production:
        for number, name in enumerate(KEY_SETTINGS, start=1):
            value = _value(name)
            if not value:
                errors.append(
                    checks.Error(
                        f"{name} is not set: with DEBUG=false the deployment needs a key of its own for "
                        f"{KEY_PURPOSES[name]}.",
                        hint=f"Set {name} in the environment to a random value of at least "
                        f"{MIN_KEY_LENGTH} characters, e.g. `python -c 'import secrets; "
                        f"print(secrets.token_urlsafe(48))'`, and keep it with the deployment's secrets.",
                        id=f"renda.E00{number}",
                    )
                )
            elif len(value) < MIN_KEY_LENGTH:
                errors.append(
                    checks.Error(
                        f"{name} is shorter than {MIN_KEY_LENGTH} characters.",
                        hint=f"Set {name} to a random value of at least {MIN_KEY_LENGTH} characters.",
                        id="renda.E004",
                    )
                )
    seen: dict[str, str] = {}
    for name in KEY_SETTINGS:
        value = _value(name)
        if not value:
            continue
        if value in seen:
            errors.append(
                checks.Error(
                    f"{name} is the same as {seen[value]}: each key must be a key of its own, never "
                    "shared with or derived from another.",
                    hint=f"Give {name} a new random value.",
                    id="renda.E005",
                )
            )
        else:
            seen[value] = name
    if getattr(settings, "BEHIND_PROXY", False):
        errors.extend(_proxy_errors())
    return errors


def _proxy_errors() -> list[checks.CheckMessage]:
    from renda.core.context import client_ip_resolver

    try:
        client_ip_resolver()
    except (ValueError, TypeError) as exc:
        return [
            checks.Error(
                f"TRUSTED_PROXIES or TRUSTED_PROXY_COUNT is not valid: {exc}",
                hint="TRUSTED_PROXIES lists addresses or networks (10.0.0.5, 10.0.0.0/8), separated by "
                "commas; TRUSTED_PROXY_COUNT is the number of reverse proxies in front of the app.",
                id="renda.E006",
            )
        ]
    return []


def refuse_to_start() -> None:
    """Raise ``ImproperlyConfigured`` when the checks above find an error (for WSGI servers)."""
    errors = [m for m in checks.run_checks(tags=[TAG]) if m.is_serious()]
    if errors:
        raise ImproperlyConfigured("; ".join(f"{m.id}: {m.msg}" for m in errors))
