"""The Renda REST API (``/api/v1/``): one NinjaAPI, one router per app, JSON errors everywhere."""

from __future__ import annotations

from typing import Any

from ninja import NinjaAPI
from ninja.renderers import JSONRenderer

from .auth import DEFAULT_AUTH
from .errors import install_exception_handlers
from .routers import audit, congresses, me, memberships, organizations, tokens, users

DESCRIPTION = """\
Renda 人大履职平台的 REST 接口。

**认证**:在请求头中携带个人 API 令牌 `Authorization: Bearer <令牌>`(在“API 令牌”页面创建,
令牌全文只显示一次);网页自身的调用使用登录会话,修改类请求须带 `X-CSRFToken`。

**错误**:一律返回 JSON `{"code": "稳定的错误代码", "message": "中文说明", "fields": {"字段": "中文说明"}}`。

**分页**:列表接口接受 `?page=1&page_size=50`(每页最多 200 条),返回 `count`、`page`、`page_size`、`results`。

**范围**:每个接口只返回调用者可见范围内的数据;不存在或无权查看的单个对象一律答复 404。
"""

ERROR_RESPONSES = {
    "400": "请求数据有误(code 为 invalid 时 fields 指出各字段的问题)",
    "401": "未登录或令牌无效、已过期、已撤销",
    "403": "没有权限,或 CSRF 校验失败",
    "404": "对象不存在或不在可见范围内",
}


class ChineseJSONRenderer(JSONRenderer):
    json_dumps_params = {"ensure_ascii": False}


class RendaAPI(NinjaAPI):
    def get_openapi_schema(self, *, path_prefix: str | None = None, path_params: Any = None) -> Any:
        schema = super().get_openapi_schema(path_prefix=path_prefix, path_params=path_params)
        components = schema.setdefault("components", {})
        components.setdefault("schemas", {})["Error"] = {
            "title": "Error",
            "type": "object",
            "description": "错误",
            "required": ["code", "message", "fields"],
            "properties": {
                "code": {"type": "string", "description": "稳定的错误代码,如 invalid、not_found"},
                "message": {"type": "string", "description": "中文错误说明"},
                "fields": {
                    "type": "object",
                    "additionalProperties": {"type": "string"},
                    "description": "出错的字段及其中文说明",
                },
            },
        }
        ref = {"content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}}}
        for operations in schema.get("paths", {}).values():
            for operation in operations.values():
                responses = operation.setdefault("responses", {})
                for status, description in ERROR_RESPONSES.items():
                    responses.setdefault(status, {"description": description, **ref})
        return schema


api = RendaAPI(
    title="Renda API",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api:api-v1",
    auth=DEFAULT_AUTH,
    renderer=ChineseJSONRenderer(),
    docs_url=None,  # the documentation page is our own (no CDN assets): renda.api.views.docs
)
install_exception_handlers(api)

api.add_router("/me", me.router)
api.add_router("/tokens", tokens.router)
api.add_router("/congresses", congresses.router)
api.add_router("/organizations", organizations.router)
api.add_router("/users", users.router)
api.add_router("/memberships", memberships.router)
api.add_router("/audit", audit.router)

# Domain apps expose ``<app>/api.py`` with a ninja ``router``; it is mounted at ``/<prefix>``.
DOMAIN_ROUTERS = [
    ("/cases", "renda.cases.api"),
    ("/inbox", "renda.cases.inbox_api"),
    ("/suggestions", "renda.suggestions.api"),
    ("/deputies", "renda.deputies.api"),
    ("/liaison", "renda.liaison.api"),
    ("/elections", "renda.elections.api"),
    ("/portal", "renda.portal.api"),
    ("/notifications", "renda.notifications.api"),
    ("/meetings", "renda.meetings.api"),
    ("/voting", "renda.voting.api"),
    ("/oversight", "renda.oversight.api"),
    ("/livelihood", "renda.livelihood.api"),
    ("/legislation", "renda.legislation.api"),
    ("/tasks", "renda.tasks.api"),
    ("/budget", "renda.budget.api"),
    ("/compliance", "renda.compliance.api"),
    ("/search", "renda.analytics.api"),
]


def _mount_domain_routers() -> None:
    from importlib import import_module
    from importlib.util import find_spec

    from django.apps import apps

    for prefix, module_name in DOMAIN_ROUTERS:
        app_name = module_name.rsplit(".", 1)[0]
        if not apps.is_installed(app_name) or find_spec(module_name) is None:
            continue
        router = getattr(import_module(module_name), "router", None)
        if router is not None:
            api.add_router(prefix, router)


_mount_domain_routers()
