"""Request-wide middleware: request context, content security policy, security enforcement."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .context import client_ip, reset_current_ip, set_current_ip

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; "
    "connect-src 'self'; frame-ancestors 'none'; base-uri 'self'; form-action 'self'; object-src 'none'"
)


class RequestContextMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = set_current_ip(client_ip(request))
        try:
            return self.get_response(request)
        finally:
            reset_current_ip(token)


class ContentSecurityPolicyMiddleware:
    """Only our own origin may serve scripts, styles, fonts and images."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault("Permissions-Policy", "geolocation=(), microphone=(), camera=()")
        return response


class RejectNulInputMiddleware:
    """Refuse query strings and form fields that carry NUL characters (a 400, never a database error).

    No real input contains NUL; PostgreSQL cannot store it, and a search or filter that passes one to
    the database would otherwise fail with a server error. Multipart forms are left to the forms,
    whose fields already refuse NUL.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        field = self._field_with_nul(request)
        if field is not None:
            from django.utils.translation import gettext as _

            message = _("请求中含有无效字符。")
            if request.path.startswith("/api/"):
                from django.http import JsonResponse

                fields = {field: _("不能包含控制字符。")} if field else {}
                return JsonResponse({"code": "invalid", "message": message, "fields": fields}, status=400)
            return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def _field_with_nul(request: HttpRequest) -> str | None:
        """The name of the first field holding a NUL ("" for the path), or None."""
        if "\x00" in request.path:
            return ""
        sources = [request.GET]
        content_type = request.META.get("CONTENT_TYPE", "")
        if request.method == "POST" and content_type.startswith("application/x-www-form-urlencoded"):
            sources.append(request.POST)
        for source in sources:
            for key, values in source.lists():
                if "\x00" in key or any("\x00" in v for v in values):
                    return key.replace("\x00", "")
        return None
