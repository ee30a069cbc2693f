from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SuggestionsConfig(AppConfig):
    name = "renda.suggestions"
    label = "suggestions"
    verbose_name = _("代表建议和议案")
