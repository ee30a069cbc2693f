"""The API's error format and its stable codes.

Every error under ``/api/v1/`` answers JSON ``{"code", "message", "fields"}``: ``code`` is one of the
constants below (or the code of a :class:`renda.core.errors.RendaError`), ``message`` is Chinese,
``fields`` maps a field name to a Chinese message (empty when the error is not about a field).
"""

from __future__ import annotations

import json
import logging
from typing import TYPE_CHECKING, Any

from django.core.exceptions import (
    ObjectDoesNotExist,
    PermissionDenied,
    RequestDataTooBig,
    SuspiciousOperation,
    TooManyFieldsSent,
)
from django.http import Http404, HttpRequest, HttpResponse
from django.http.multipartparser import MultiPartParserError
from django.utils.translation import gettext as _
from ninja.errors import AuthenticationError, AuthorizationError, HttpError, Throttled
from ninja.errors import ValidationError as NinjaValidationError

from renda.core.errors import RendaError

if TYPE_CHECKING:
    from ninja import NinjaAPI

logger = logging.getLogger("renda.api")

# --- stable codes ------------------------------------------------------------------------------

INVALID = "invalid"  # input does not validate; ``fields`` names each field
INVALID_JSON = "invalid_json"  # the body is not JSON (or not UTF-8)
UNAUTHENTICATED = "unauthenticated"  # no, wrong, expired or revoked credentials
CSRF_FAILED = "csrf_failed"  # session call without a valid CSRF token
PERMISSION_DENIED = "permission_denied"  # signed in, but the role does not allow it
NOT_FOUND = "not_found"  # no such object, or outside the caller's scope
METHOD_NOT_ALLOWED = "method_not_allowed"
CONFLICT = "conflict"  # changed by someone else first, or the state does not allow it
REQUEST_TOO_LARGE = "request_too_large"
THROTTLED = "throttled"
BAD_REQUEST = "bad_request"
SERVER_ERROR = "server_error"

ALL_CODES = (
    INVALID,
    INVALID_JSON,
    UNAUTHENTICATED,
    CSRF_FAILED,
    PERMISSION_DENIED,
    NOT_FOUND,
    METHOD_NOT_ALLOWED,
    CONFLICT,
    REQUEST_TOO_LARGE,
    THROTTLED,
    BAD_REQUEST,
    SERVER_ERROR,
)


def error_body(code: str, message: str, fields: dict[str, str] | None = None) -> dict[str, Any]:
    return {"code": code, "message": str(message), "fields": {k: str(v) for k, v in (fields or {}).items()}}


def json_error(code: str, message: str, status: int, fields: dict[str, str] | None = None) -> HttpResponse:
    """A JSON error response outside ninja (URL not found, method not allowed)."""
    return HttpResponse(
        json.dumps(error_body(code, message, fields), ensure_ascii=False),
        status=status,
        content_type="application/json; charset=utf-8",
    )


# --- pydantic errors in Chinese -----------------------------------------------------------------

# Where a value came from, as ninja reports it in ``loc[0]``.
_SOURCES = {"body", "query", "path", "header", "cookie", "form", "file"}


def _ctx(error: dict[str, Any], key: str, default: Any = "") -> Any:
    return (error.get("ctx") or {}).get(key, default)


def translate_error(error: dict[str, Any]) -> str:
    """One pydantic error (type, ctx, msg) as a Chinese sentence."""
    kind = error.get("type", "")
    if kind == "missing":
        return _("缺少必填字段。")
    if kind in ("int_parsing", "int_type", "int_from_float"):
        return _("应为整数。")
    if kind in ("float_parsing", "float_type", "decimal_parsing", "decimal_type", "finite_number"):
        return _("应为数字。")
    if kind in ("decimal_max_digits", "decimal_max_places", "decimal_whole_digits"):
        return _("数字位数超出范围。")
    if kind in ("string_type", "string_unicode", "string_sub_type"):
        return _("应为文本。")
    if kind in ("bool_parsing", "bool_type"):
        return _("应为布尔值(true 或 false)。")
    if kind == "string_too_short":
        if _ctx(error, "min_length", 1) == 1:
            return _("不能为空。")
        return _("不能少于 %(n)s 个字符。") % {"n": _ctx(error, "min_length")}
    if kind == "string_too_long":
        return _("不能超过 %(n)s 个字符。") % {"n": _ctx(error, "max_length")}
    if kind == "string_pattern_mismatch":
        return _("格式不正确。")
    if kind in ("greater_than_equal", "greater_than"):
        bound = _ctx(error, "ge", _ctx(error, "gt"))
        return (
            _("不能小于 %(n)s。") % {"n": bound}
            if kind == "greater_than_equal"
            else _("必须大于 %(n)s。") % {"n": bound}
        )
    if kind in ("less_than_equal", "less_than"):
        bound = _ctx(error, "le", _ctx(error, "lt"))
        return (
            _("不能大于 %(n)s。") % {"n": bound}
            if kind == "less_than_equal"
            else _("必须小于 %(n)s。") % {"n": bound}
        )
    if kind in ("enum", "literal_error"):
        expected = _ctx(error, "expected")
        if expected:
            return _("取值无效,可选值:%(v)s。") % {"v": expected}
        return _("取值无效。")
    if kind in ("datetime_parsing", "datetime_type", "datetime_from_date_parsing", "datetime_object_invalid"):
        return _("日期时间格式不正确,应为 ISO 8601 格式,如 2026-01-31T09:00:00+08:00。")
    if kind in ("date_parsing", "date_type", "date_from_datetime_parsing", "date_from_datetime_inexact"):
        return _("日期格式不正确,应为 YYYY-MM-DD。")
    if kind in ("timezone_aware", "timezone_naive"):
        return _("日期时间须带时区,如 +08:00。")
    if kind in ("list_type", "tuple_type", "set_type", "iterable_type"):
        return _("应为列表。")
    if kind in ("model_type", "model_attributes_type", "dict_type", "mapping_type", "dataclass_type"):
        return _("格式不正确,应为对象。")
    if kind == "extra_forbidden":
        return _("不允许的字段。")
    if kind in ("too_long", "too_short"):
        return _("元素个数不符合要求。")
    if kind in ("json_invalid", "json_type"):
        return _("JSON 格式不正确。")
    if kind in ("uuid_parsing", "uuid_type"):
        return _("编号格式不正确。")
    if kind == "value_error":
        message = str(error.get("msg", ""))
        return message.removeprefix("Value error, ") or _("格式不正确。")
    return _("格式不正确。")


def field_name(loc: tuple[Any, ...] | list[Any], *, single_body_param: bool = True) -> str:
    """The field a ninja error location points at, dotted (``parent``, ``items.0.name``).

    ninja reports ``("body", "payload", "name")`` for a body schema, ``("query", "page")`` for a
    query parameter; the source and the handler's parameter name are not part of the field.
    """
    parts = list(loc)
    source = parts.pop(0) if parts and parts[0] in _SOURCES else ""
    if source == "body" and single_body_param and parts:
        parts.pop(0)  # the handler's payload argument
    if not parts:
        return "body" if source == "body" else (source or "__all__")
    return ".".join(str(p) for p in parts)


def validation_fields(errors: list[dict[str, Any]]) -> dict[str, str]:
    fields: dict[str, str] = {}
    for error in errors:
        name = field_name(error.get("loc") or ())
        fields.setdefault(name, translate_error(error))
    return fields


# --- handlers -----------------------------------------------------------------------------------


def install_exception_handlers(api: NinjaAPI) -> None:
    def respond(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
        return api.create_response(request, body, status=status)

    def on_renda_error(request: HttpRequest, exc: RendaError) -> HttpResponse:
        fields = dict(getattr(exc, "fields", {}) or {})
        if exc.field and exc.field not in fields:
            fields[exc.field] = exc.message
        return respond(request, exc.status, error_body(exc.code, exc.message, fields))

    def on_validation(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        fields = validation_fields(list(exc.errors))
        if len(fields) == 1:
            ((name, msg),) = fields.items()
            message = _("字段“%(f)s”:%(m)s") % {"f": name, "m": msg}
        else:
            message = _("提交的数据有误,请检查标出的字段。")
        return respond(request, 400, error_body(INVALID, message, fields))

    def on_authentication(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        message = exc.message if exc.message != "Unauthorized" else _("请先登录,或提供有效的 API 令牌。")
        response = respond(request, 401, error_body(UNAUTHENTICATED, message))
        response["WWW-Authenticate"] = 'Bearer realm="renda"'
        return response

    def on_authorization(request: HttpRequest, exc: AuthorizationError) -> HttpResponse:
        return respond(request, 403, error_body(PERMISSION_DENIED, _("您没有执行此操作的权限。")))

    def on_throttled(request: HttpRequest, exc: Throttled) -> HttpResponse:
        return respond(request, 429, error_body(THROTTLED, _("请求过于频繁,请稍后再试。")))

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        status = exc.status_code
        if status == 400 and isinstance(exc.__cause__, Exception):
            # ninja could not parse the body: not JSON, not UTF-8, nested too deep …
            return respond(
                request,
                400,
                error_body(
                    INVALID_JSON,
                    _("请求体不是有效的 JSON(须为 UTF-8 编码)。"),
                    {"body": _("JSON 格式不正确。")},
                ),
            )
        if status == 403 and "CSRF" in str(exc):
            return respond(request, 403, error_body(CSRF_FAILED, _("CSRF 校验失败,请刷新页面后重试。")))
        code, message = status_codes().get(status, (BAD_REQUEST, _("请求无效。")))
        return respond(request, status, error_body(code, message))

    def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(request, 404, error_body(NOT_FOUND, _("对象不存在或您无权访问。")))

    def on_permission_denied(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
        message = str(exc) or _("您没有执行此操作的权限。")
        return respond(request, 403, error_body(PERMISSION_DENIED, message))

    def on_too_big(request: HttpRequest, exc: Exception) -> HttpResponse:
        return respond(request, 413, error_body(REQUEST_TOO_LARGE, _("请求内容过大。")))

    def on_suspicious(request: HttpRequest, exc: SuspiciousOperation) -> HttpResponse:
        return respond(request, 400, error_body(BAD_REQUEST, _("请求无效。")))

    def on_bad_multipart(request: HttpRequest, exc: MultiPartParserError) -> HttpResponse:
        # multipart/form-data without a boundary, or a body cut off: the client's fault, not ours.
        return respond(
            request,
            400,
            error_body(
                BAD_REQUEST,
                _("上传的表单数据格式不正确(multipart/form-data 缺少 boundary 或内容不完整)。"),
                {"body": _("表单数据格式不正确。")},
            ),
        )

    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("API 处理 %s %s 时出错", request.method, request.path, exc_info=exc)
        return respond(request, 500, error_body(SERVER_ERROR, _("服务器内部错误,请稍后再试或联系管理员。")))

    api.add_exception_handler(Exception, on_unexpected)
    api.add_exception_handler(RendaError, on_renda_error)
    api.add_exception_handler(NinjaValidationError, on_validation)
    api.add_exception_handler(HttpError, on_http_error)
    api.add_exception_handler(AuthenticationError, on_authentication)
    api.add_exception_handler(AuthorizationError, on_authorization)
    api.add_exception_handler(Throttled, on_throttled)
    api.add_exception_handler(Http404, on_not_found)
    api.add_exception_handler(ObjectDoesNotExist, on_not_found)
    api.add_exception_handler(PermissionDenied, on_permission_denied)
    api.add_exception_handler(RequestDataTooBig, on_too_big)
    api.add_exception_handler(TooManyFieldsSent, on_too_big)
    api.add_exception_handler(SuspiciousOperation, on_suspicious)
    api.add_exception_handler(MultiPartParserError, on_bad_multipart)


def status_codes() -> dict[int, tuple[str, str]]:
    return {
        400: (BAD_REQUEST, _("请求无效。")),
        401: (UNAUTHENTICATED, _("请先登录,或提供有效的 API 令牌。")),
        403: (PERMISSION_DENIED, _("您没有执行此操作的权限。")),
        404: (NOT_FOUND, _("对象不存在或您无权访问。")),
        405: (METHOD_NOT_ALLOWED, _("不支持该请求方法。")),
        409: (CONFLICT, _("操作冲突,请刷新后重试。")),
        413: (REQUEST_TOO_LARGE, _("请求内容过大。")),
        429: (THROTTLED, _("请求过于频繁,请稍后再试。")),
    }
