"""``/metrics``: the Prometheus exposition, for the monitoring server only.

Answered when the request carries ``Authorization: Bearer <RENDA_METRICS_TOKEN>`` or comes from an
address in ``RENDA_METRICS_ALLOWED_IPS`` (addresses or networks; the client address as
``renda.core.context.client_ip`` computes it behind the proxy). With neither setting the endpoint
does not exist (404); a request that matches neither is refused (403).
"""

from __future__ import annotations

import hmac
import ipaddress

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse
from django.views.decorators.http import require_GET
from prometheus_client import CONTENT_TYPE_LATEST

from renda.core.context import client_ip

from .metrics import exposition


def _networks() -> list[ipaddress.IPv4Network | ipaddress.IPv6Network]:
    return [ipaddress.ip_network(entry.strip(), strict=False) for entry in settings.RENDA_METRICS_ALLOWED_IPS]


def _token_ok(request: HttpRequest, token: str) -> bool:
    scheme, _sep, given = request.headers.get("Authorization", "").partition(" ")
    return bool(token) and scheme.lower() == "bearer" and hmac.compare_digest(given.strip(), token)


def _address_ok(request: HttpRequest) -> bool:
    networks = _networks()
    if not networks:
        return False
    try:
        address = ipaddress.ip_address(client_ip(request) or "")
    except ValueError:
        return False
    return any(address in network for network in networks)


@require_GET
def metrics(request: HttpRequest) -> HttpResponse:
    token = settings.RENDA_METRICS_TOKEN
    if not token and not settings.RENDA_METRICS_ALLOWED_IPS:
        raise Http404
    if not (_token_ok(request, token) or _address_ok(request)):
        return HttpResponse("forbidden\n", status=403, content_type="text/plain; charset=utf-8")
    response = HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
    response["Cache-Control"] = "no-store"
    return response
