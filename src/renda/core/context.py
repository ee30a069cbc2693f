"""Per-request context (client address) available to services without passing the request around."""

from __future__ import annotations

from contextvars import ContextVar
from functools import lru_cache

from python_ipware import IpWare

FORWARDED_FOR = "HTTP_X_FORWARDED_FOR"

_current_ip: ContextVar[str | None] = ContextVar("renda_current_ip", default=None)


def current_ip() -> str | None:
    return _current_ip.get()


def set_current_ip(ip: str | None):
    return _current_ip.set(ip)


def reset_current_ip(token) -> None:
    _current_ip.reset(token)


@lru_cache(maxsize=8)
def _resolver(proxy_count: int, proxies: tuple[str, ...]) -> IpWare:
    # Only the header our own proxies write: python-ipware's default list also reads X-Real-IP,
    # Client-IP, CF-Connecting-IP … which a client reaching the proxy can send as it likes.
    if proxies:
        return IpWare(precedence=(FORWARDED_FOR,), proxy_list=list(proxies))
    return IpWare(precedence=(FORWARDED_FOR,), proxy_count=proxy_count)


def client_ip_resolver() -> IpWare:
    """The python-ipware resolver for the configured proxies (raises ValueError when misconfigured)."""
    from django.conf import settings

    proxies = tuple(p.strip() for p in getattr(settings, "TRUSTED_PROXIES", None) or [])
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 1))
    return _resolver(count, proxies)


def client_ip(request) -> str | None:
    """The client's address: REMOTE_ADDR, or behind a proxy (``BEHIND_PROXY``) the address the
    nearest trusted proxy saw.

    Each proxy appends the address it received the request from to X-Forwarded-For, and the app sees
    the last proxy as REMOTE_ADDR; so the chain ``X-Forwarded-For + REMOTE_ADDR`` ends with the
    trusted proxies, and the entry just before them is the client. Entries further left were written
    by the client and are ignored. python-ipware picks that entry, either ``TRUSTED_PROXY_COUNT`` hops
    from the end or after the hops matching ``TRUSTED_PROXIES``; when the chain is shorter or the hops
    do not match (a request that did not come through the proxies), the address is REMOTE_ADDR.
    """
    from django.conf import settings

    remote = request.META.get("REMOTE_ADDR") or None
    if not getattr(settings, "BEHIND_PROXY", False) or not remote:
        return remote
    forwarded = request.META.get(FORWARDED_FOR, "")
    resolver = client_ip_resolver()
    hops = len(resolver.engine.proxy_list) or (resolver.engine.proxy_count or 0)
    if not isinstance(forwarded, str) or not forwarded.strip() or hops < 1:
        return remote
    # Only the last entries were written by our proxies; what comes before is the client's and is not
    # even parsed (an unbalanced quote there must not swallow the entries our proxies appended).
    written_by_proxies = forwarded.rsplit(",", hops)[-hops:]
    chain = ", ".join([*written_by_proxies, remote])
    ip, trusted = resolver.get_client_ip({FORWARDED_FOR: chain}, strict=False)
    return str(ip) if ip is not None and trusted else remote
