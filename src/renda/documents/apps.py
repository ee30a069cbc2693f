from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentsConfig(AppConfig):
    name = "renda.documents"
    label = "documents"
    verbose_name = _("文档与导入")
