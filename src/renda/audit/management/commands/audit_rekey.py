import os

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from renda.audit import chain
from renda.audit.services import ChainBroken, RekeyRefused, anchor_write, chain_rekey


class Command(BaseCommand):
    help = (
        "一次性重新计算审计链的 HMAC:从未加密钥的旧格式升级(--from legacy,默认),"
        "或更换密钥/算法(--from sha256|sm3,原密钥取自 --old-key-env 指定的环境变量)。"
        "先按原格式完整校验,校验不通过则不做任何改动;完成后写一个新锚点。"
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", default="legacy", choices=["legacy", *chain.ALGORITHMS])
        parser.add_argument("--old-key-env", default="", help="存放原审计密钥的环境变量名(更换密钥时)")

    def handle(self, *args, source, old_key_env, **options):
        old_key = None
        if old_key_env:
            old_key = os.environ.get(old_key_env, "")
            if not old_key:
                raise CommandError(f"环境变量 {old_key_env} 为空")
        try:
            result = chain_rekey(source=source, old_key=old_key)
        except RekeyRefused as exc:
            raise CommandError(exc.message) from None
        self.stdout.write(
            self.style.SUCCESS(
                f"已将 {result.events} 条审计记录由 {result.source} 重新计算为 {result.target}"
            )
        )
        if result.superseded:
            self.stdout.write(f"原有锚点已移至 {result.superseded}/")
        try:
            with transaction.atomic():
                anchor = anchor_write()
        except ChainBroken as exc:
            raise CommandError(str(exc)) from None
        if anchor is not None:
            self.stdout.write(f"已写入新锚点 {anchor.name}")
