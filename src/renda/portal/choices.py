"""Channels and states of portal articles, as constants."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    NEWS = "news", _("人大要闻")
    NOTICE = "notice", _("通知公告")
    GAZETTE = "gazette", _("常委会公报")
    RULES = "rules", _("工作制度")
    REPORT = "report", _("办理工作报告")


class ArticleState(models.TextChoices):
    DRAFT = "draft", _("草稿")
    IN_REVIEW = "in_review", _("待审核")
    PUBLISHED = "published", _("已发布")
    UNPUBLISHED = "unpublished", _("已撤回")


# The open data licence: a constant (no setting), documented in docs/open-data.md.
LICENCE_NAME = "CC BY 4.0"
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.zh-hans"
LICENCE_TEXT = _("本站开放数据按知识共享署名 4.0 国际许可协议(CC BY 4.0)发布,使用时请注明来源。")

ATTACHMENT_MAX_MB = 20
COVER_MAX_MB = 5
COVER_EXTENSIONS = {".png", ".jpg", ".jpeg", ".gif"}
