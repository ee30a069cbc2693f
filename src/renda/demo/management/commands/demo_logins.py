"""``manage.py demo_logins``: the demo accounts, their password and the admins' current TOTP codes."""

from __future__ import annotations

import time
import unicodedata
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from renda.demo import ACCOUNTS, ADMIN_ACCOUNTS, demo_loaded


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))


def table(headers: list[str], rows: list[list[str]]) -> str:
    widths = [max(_width(row[i]) for row in [headers, *rows]) for i in range(len(headers))]
    rule = "+" + "+".join("-" * (w + 2) for w in widths) + "+"
    lines = [rule, "| " + " | ".join(_pad(h, w) for h, w in zip(headers, widths, strict=True)) + " |", rule]
    for row in rows:
        lines.append("| " + " | ".join(_pad(c, w) for c, w in zip(row, widths, strict=True)) + " |")
    lines.append(rule)
    return "\n".join(lines)


def current_code(hex_key: str, *, step: int = 30, t0: int = 0, digits: int = 6) -> str:
    from django_otp.oath import TOTP

    totp = TOTP(bytes.fromhex(hex_key), step=step, t0=t0, digits=digits)
    return f"{totp.token():0{digits}d}"


class Command(BaseCommand):
    help = "列出演示账号(角色、用户名、密码、可见范围)和三个管理员账号当前的两步验证码。"

    def handle(self, *args: Any, **options: Any) -> None:
        if not demo_loaded():
            self.stdout.write(self.style.WARNING("尚未加载示例数据。请先运行:python manage.py load_demo"))
            return
        from django_otp.plugins.otp_totp.models import TOTPDevice

        from renda.core.models import User

        password = settings.RENDA["DEMO_PASSWORD"]
        present = set(
            User.objects.filter(username__in=[a.username for a in ACCOUNTS]).values_list(
                "username", flat=True
            )
        )
        sample = User.objects.filter(username__in=present).order_by("username").first()
        if sample is not None and not sample.check_password(password):
            self.stdout.write(
                self.style.WARNING(
                    "演示账号的密码不是当前的演示密码(示例数据是用旧的演示密码加载的)。"
                    "请重建数据库后再运行 make run(SQLite:删除 var/renda.sqlite3)。"
                )
            )
        rows = [
            [a.label, a.username, password if a.username in present else "(未创建)", a.sees] for a in ACCOUNTS
        ]
        # Further demo logins created by the domain demos (more deputies and unit clerks).
        from renda.core.models import Membership

        extra = (
            Membership.objects.filter(
                is_active=True, user__username__regex=r"^(deputy[4-9]|unitclerk[3-9]|townstaff)$"
            )
            .select_related("user", "organization")
            .order_by("user__username")
        )
        for m in extra:
            rows.append(
                [f"{m.get_role_display()}({m.organization.short_name or m.organization.name})", m.user.username,
                 password, m.user.display_name]
            )  # fmt: skip
        self.stdout.write("演示账号(密码相同,首次登录无须修改):")
        self.stdout.write(table(["角色", "用户名", "密码", "可见范围"], rows))

        self.stdout.write("")
        self.stdout.write("管理员账号须两步验证。把下列密钥加入任一验证器应用(TOTP,6位,30秒),")
        self.stdout.write("或直接使用此处显示的当前验证码:")
        devices = {
            d.user.username: d
            for d in TOTPDevice.objects.filter(
                user__username__in=[a.username for a in ADMIN_ACCOUNTS]
            ).select_related("user")
        }
        totp_rows = []
        for account in ADMIN_ACCOUNTS:
            device = devices.get(account.username)
            if device is None:
                totp_rows.append([account.label, account.username, account.totp_base32, "(未创建验证器)"])
                continue
            import base64

            secret = base64.b32encode(bytes.fromhex(device.key)).decode()
            code = current_code(device.key, step=device.step, t0=device.t0, digits=device.digits)
            totp_rows.append([account.label, account.username, secret, code])
        self.stdout.write(table(["角色", "用户名", "密钥(Base32)", "当前验证码"], totp_rows))
        remaining = 30 - int(time.time()) % 30
        self.stdout.write(
            f"验证码每 30 秒变化一次(当前验证码还剩 {remaining} 秒)。这些密钥是公开的,切勿在生产环境使用演示账号。"
        )
