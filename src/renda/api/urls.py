"""``/api/v1/``: the token page, the documentation page, the NinjaAPI, and a JSON 404 for the rest."""

from __future__ import annotations

import functools
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse
from django.urls import URLPattern, URLResolver, include, path, re_path
from django.utils.translation import gettext as _

from . import views
from .api import api
from .errors import METHOD_NOT_ALLOWED, json_error

app_name = "api"


def _json_method_not_allowed(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """ninja answers an unsupported method with a bare 405; answer our JSON error instead."""

    @functools.wraps(view)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        response = view(request, *args, **kwargs)
        if response.status_code == 405 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            allow = response.get("Allow", "")
            response = json_error(METHOD_NOT_ALLOWED, _("不支持该请求方法。"), 405)
            if allow:
                response["Allow"] = allow
        return response

    return wrapped


def _ninja_patterns() -> list[URLPattern | URLResolver]:
    patterns, _app, _namespace = api.urls
    result: list[URLPattern | URLResolver] = []
    for pattern in patterns:
        if isinstance(pattern, URLPattern):
            pattern = URLPattern(
                pattern.pattern,
                _json_method_not_allowed(pattern.callback),
                pattern.default_args,
                pattern.name,
            )
        result.append(pattern)
    return result


urlpatterns = [
    path("", views.root, name="root"),
    path("docs", views.docs, name="docs"),
    path("tokens/manage/", views.token_manage, name="token_manage"),
    path("tokens/manage/<int:token_id>/revoke/", views.token_revoke, name="token_revoke"),
    path("", include((_ninja_patterns(), "ninja"), namespace=api.urls_namespace.split(":")[-1])),
    re_path(r"^.*$", views.not_found, name="not_found"),
]
