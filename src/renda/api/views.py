"""Pages under ``/api/v1/``: the API root, the documentation page, the personal token page."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from renda.core.errors import RendaError
from renda.core.text import has_control_characters

from .api import api
from .errors import NOT_FOUND, json_error
from .models import ApiToken
from .services import api_token_create, api_token_revoke

HTTP_METHODS = ("get", "post", "put", "patch", "delete")


@csrf_exempt
def not_found(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
    """Any other address under /api/v1/ answers the JSON error, whatever the method."""
    return json_error(NOT_FOUND, _("接口不存在。"), 404)


@require_http_methods(["GET", "HEAD"])
def root(request: HttpRequest) -> HttpResponse:
    return JsonResponse(
        {
            "title": api.title,
            "version": api.version,
            "openapi": reverse("api:api-v1:openapi-json"),
            "docs": reverse("api:docs"),
            "tokens": reverse("api:token_manage"),
        },
        json_dumps_params={"ensure_ascii": False},
    )


def _schema_type(schema: dict[str, Any], components: dict[str, Any]) -> str:
    if not schema:
        return ""
    if "$ref" in schema:
        return schema["$ref"].rsplit("/", 1)[-1]
    if "anyOf" in schema:
        return " | ".join(_schema_type(s, components) for s in schema["anyOf"])
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return _schema_type(schema["allOf"][0], components)
    if schema.get("type") == "array":
        return f"[{_schema_type(schema.get('items', {}), components)}]"
    if "enum" in schema:
        return " / ".join(str(v) for v in schema["enum"])
    return str(schema.get("type", ""))


def _properties(name: str, components: dict[str, Any]) -> list[dict[str, Any]]:
    schema = components.get(name, {})
    required = set(schema.get("required", []))
    return [
        {
            "name": field,
            "type": _schema_type(prop, components),
            "required": field in required,
            "description": prop.get("description", ""),
        }
        for field, prop in schema.get("properties", {}).items()
    ]


@require_http_methods(["GET", "HEAD"])
def docs(request: HttpRequest) -> HttpResponse:
    """A plain documentation page built from the OpenAPI document (no assets from other hosts)."""
    schema = api.get_openapi_schema(path_prefix=reverse("api:root"))
    components = schema.get("components", {}).get("schemas", {})
    groups: dict[str, list[dict[str, Any]]] = {}
    for route, operations in schema.get("paths", {}).items():
        for method, op in operations.items():
            if method not in HTTP_METHODS:
                continue
            body_ref = ""
            body = op.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
            if body:
                body_ref = _schema_type(body, components)
            responses = []
            for status, resp in op.get("responses", {}).items():
                resp_schema = resp.get("content", {}).get("application/json", {}).get("schema", {})
                responses.append(
                    {
                        "status": status,
                        "description": resp.get("description", ""),
                        "type": _schema_type(resp_schema, components),
                    }
                )
            tag = (op.get("tags") or [_("其他")])[0]
            groups.setdefault(tag, []).append(
                {
                    "id": op.get("operationId", ""),
                    "method": method.upper(),
                    "path": route,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "parameters": [
                        {
                            "name": p.get("name"),
                            "in": p.get("in"),
                            "required": p.get("required", False),
                            "type": _schema_type(p.get("schema", {}), components),
                            "description": p.get("description") or p.get("schema", {}).get("description", ""),
                        }
                        for p in op.get("parameters", [])
                    ],
                    "body": body_ref,
                    "body_fields": _properties(body_ref, components) if body_ref in components else [],
                    "responses": responses,
                }
            )
    return render(
        request,
        "api/docs.html",
        {
            "api": api,
            "description": schema.get("info", {}).get("description", ""),
            "groups": sorted(groups.items()),
            "openapi_url": reverse("api:api-v1:openapi-json"),
        },
    )


# --- personal API tokens (the signed-in user's own) ----------------------------------------------


class TokenForm(forms.Form):
    name = forms.CharField(
        label=gettext_lazy("名称"),
        max_length=100,
        help_text=gettext_lazy("写明用途,如“数据同步脚本”。"),
    )
    expires_on = forms.DateField(
        label=gettext_lazy("有效期至"),
        required=False,
        help_text=gettext_lazy("当天 24 时失效;留空为安全策略允许的最长期限(默认 90 天)。"),
        widget=forms.DateInput(attrs={"type": "date"}),
    )

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        if has_control_characters(name) or any(ch in name for ch in "\t\r\n"):
            raise forms.ValidationError(_("不能包含控制字符。"))
        return name

    def expires_at(self) -> datetime | None:
        day = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        return timezone.make_aware(datetime.combine(day + timedelta(days=1), time.min))


@never_cache
@login_required
@require_http_methods(["GET", "HEAD", "POST"])
def token_manage(request: HttpRequest) -> HttpResponse:
    secret = None
    created = None
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created, secret = api_token_create(
                actor=request.user, name=form.cleaned_data["name"], expires_at=form.expires_at()
            )
        except RendaError as exc:
            target = (
                exc.field
                if exc.field in form.fields
                else ("expires_on" if exc.field == "expires_at" else None)
            )
            form.add_error(target, exc.message)
        else:
            form = TokenForm()
    tokens = ApiToken.objects.visible_to(request.user)
    return render(
        request,
        "api/tokens.html",
        {"form": form, "tokens": tokens, "secret": secret, "created": created},
        status=400 if request.method == "POST" and form.errors else 200,
    )


@login_required
@require_POST
def token_revoke(request: HttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken.objects.visible_to(request.user), pk=token_id)
    api_token_revoke(actor=request.user, token=token)
    messages.success(request, _("令牌“%(name)s”已撤销。") % {"name": token.name})
    return redirect("api:token_manage")
