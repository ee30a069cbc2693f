"""Security enforcement on every request: forced password change, expiry, two-factor, one session."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse


class SecurityEnforcementMiddleware:
    """Forced password change, password expiry, required two-factor, one session per account.

    To be completed by the security work.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)
