"""Personal API tokens of the caller: list, create (secret shown once), revoke."""

from datetime import datetime

from django.shortcuts import get_object_or_404
from ninja import Field, Router, Schema, Status

from renda.api.auth import require_session
from renda.api.models import ApiToken
from renda.api.schemas import DateTimeIn, ErrorOut, Id, InputSchema, text
from renda.api.services import api_token_create, api_token_revoke

router = Router(tags=["令牌"])

TokenName = text(100, min_length=1, description="令牌名称,如“数据同步脚本”")


class TokenOut(Schema):
    id: int = Field(..., description="编号")
    name: str = Field(..., description="名称")
    prefix: str = Field(..., description="令牌的前 8 个字符,用于辨认")
    status: str = Field(..., description="状态:active 有效、expired 已过期、revoked 已撤销")
    created_at: datetime = Field(..., description="创建时间")
    last_used_at: datetime | None = Field(None, description="最近使用时间")
    expires_at: datetime | None = Field(None, description="过期时间")
    revoked_at: datetime | None = Field(None, description="撤销时间")


class TokenCreateIn(InputSchema):
    name: TokenName
    expires_at: DateTimeIn | None = Field(
        None,
        description="过期时间,不晚于安全策略的令牌有效期(默认 90 天);空为策略允许的最长期限;不带时区时按北京时间",
    )


class TokenCreatedOut(Schema):
    token: TokenOut
    secret: str = Field(..., description="令牌全文,只在创建时返回这一次,请立即妥善保存")


@router.get("", response=list[TokenOut], summary="我的令牌")
def list_tokens(request):
    """当前用户的全部 API 令牌(不含密钥)。"""
    return list(ApiToken.objects.visible_to(request.auth))


@router.post("", response={201: TokenCreatedOut, 400: ErrorOut, 403: ErrorOut}, summary="创建令牌")
def create_token(request, payload: TokenCreateIn):
    """创建一个 API 令牌(只能在登录的网页会话中,不能用令牌创建令牌)。返回的 secret 只出现这一次,
    服务器只保存其摘要。"""
    require_session(request)
    token, secret = api_token_create(actor=request.auth, name=payload.name, expires_at=payload.expires_at)
    return Status(201, {"token": token, "secret": secret})


@router.delete("/{id}", response={204: None, 404: ErrorOut}, summary="撤销令牌")
def revoke_token(request, id: Id):
    """撤销自己的一个令牌;撤销后立即不能再使用。"""
    token = get_object_or_404(ApiToken.objects.visible_to(request.auth), pk=id)
    api_token_revoke(actor=request.auth, token=token)
    return Status(204, None)
