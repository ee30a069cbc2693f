from django.db import models
from django.utils.translation import gettext_lazy as _


class BudgetType(models.TextChoices):
    GENERAL = "general", _("一般公共预算")
    FUND = "fund", _("政府性基金预算")
    STATE_CAPITAL = "state_capital", _("国有资本经营预算")
    SOCIAL_INSURANCE = "social_insurance", _("社会保险基金预算")


class CodeScheme(models.TextChoices):
    FUNCTION = "function", _("功能分类")
    ECONOMIC = "economic", _("经济分类")


class AmountUnit(models.TextChoices):
    YUAN = "yuan", _("元")
    TEN_THOUSAND = "wan", _("万元")
