"""Budgets under the congress's review: budget lines (年初预算 and 调整预算) per year and their
execution per month, with the national function / economic classification codes as data."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import BudgetType, CodeScheme


class ClassificationCode(models.Model):
    """A code of the national classification lists (功能分类 / 经济分类), 类 (3 digits) or 款 (5)."""

    scheme = models.CharField(_("分类"), max_length=16, choices=CodeScheme.choices)
    code = models.CharField(_("编码"), max_length=16)
    name = models.CharField(_("名称"), max_length=100)

    class Meta:
        ordering = ["scheme", "code"]
        constraints = [models.UniqueConstraint(fields=["scheme", "code"], name="budget_code_unique")]
        verbose_name = _("科目编码")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    @property
    def level_label(self) -> str:
        return str(_("类")) if len(self.code) <= 3 else str(_("款"))


class BudgetLine(models.Model):
    """One project of one department in one year's budget of one type, amounts in yuan."""

    congress = models.ForeignKey("core.Congress", on_delete=models.CASCADE, related_name="budget_lines")
    year = models.PositiveIntegerField(_("预算年度"))
    budget_type = models.CharField(_("预算类型"), max_length=20, choices=BudgetType.choices)
    department = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, related_name="budget_lines", verbose_name=_("部门")
    )
    function_code = models.ForeignKey(
        ClassificationCode, on_delete=models.PROTECT, related_name="+", verbose_name=_("功能分类")
    )
    economic_code = models.ForeignKey(
        ClassificationCode, on_delete=models.PROTECT, related_name="+", null=True, blank=True,
        verbose_name=_("经济分类"),
    )  # fmt: skip
    project = models.CharField(_("项目"), max_length=200)
    is_key_project = models.BooleanField(_("重点项目"), default=False)
    # 转移支付: funds passed down from a higher level (or to the townships), watched for idle money.
    is_transfer = models.BooleanField(_("转移支付"), default=False)
    budgeted = models.DecimalField(_("年初预算(元)"), max_digits=16, decimal_places=2, default=0)
    adjusted = models.DecimalField(
        _("调整后预算(元)"), max_digits=16, decimal_places=2, null=True, blank=True
    )

    class Meta:
        ordering = ["congress", "-year", "department__sort_order", "department__name", "project"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "year", "budget_type", "department", "function_code", "economic_code",
                        "project"],
                name="budget_line_unique",
                nulls_distinct=False,
            )
        ]  # fmt: skip
        indexes = [
            models.Index(fields=["congress", "year"]),
            models.Index(fields=["congress", "year", "department"], name="budget_line_dept_idx"),
        ]
        verbose_name = _("预算项目")

    def __str__(self) -> str:
        return f"{self.year} {self.project}"

    @property
    def current_budget(self):  # noqa: ANN201
        """The budget in force: the adjusted one when there is one, else the one passed at the start."""
        return self.adjusted if self.adjusted is not None else self.budgeted

    @property
    def adjustment(self):  # noqa: ANN201
        return (self.adjusted - self.budgeted) if self.adjusted is not None else 0


class Execution(models.Model):
    """What a budget line spent in one month (元), as the finance bureau reported it."""

    line = models.ForeignKey(BudgetLine, on_delete=models.CASCADE, related_name="executions")
    month = models.PositiveSmallIntegerField(_("月份"))
    amount = models.DecimalField(_("本月支出(元)"), max_digits=16, decimal_places=2)
    batch = models.ForeignKey("ImportBatch", on_delete=models.SET_NULL, null=True, related_name="executions")

    class Meta:
        ordering = ["line", "month"]
        constraints = [models.UniqueConstraint(fields=["line", "month"], name="budget_execution_unique")]
        verbose_name = _("月度执行")

    def __str__(self) -> str:
        return f"{self.line} {self.month}"


class ImportBatch(models.Model):
    """One confirmed import: the months it covered and what it changed against the earlier data."""

    congress = models.ForeignKey("core.Congress", on_delete=models.CASCADE, related_name="budget_imports")
    year = models.PositiveIntegerField(_("预算年度"))
    months = models.JSONField(_("月份"), default=list)
    filename = models.CharField(_("文件名"), max_length=255, blank=True)
    rows = models.PositiveIntegerField(_("行数"), default=0)
    replaced = models.BooleanField(_("替换了已有数据"), default=False)
    differences = models.JSONField(_("差异"), default=list)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(_("导入时间"))

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("导入记录")

    def __str__(self) -> str:
        return f"{self.year} {self.filename}"


class WarningSetting(models.Model):
    """A congress's own thresholds for one warning rule (``warnings.RULES`` gives the defaults)."""

    congress = models.ForeignKey(
        "core.Congress", on_delete=models.CASCADE, related_name="budget_warning_settings"
    )
    rule = models.CharField(_("规则"), max_length=32)
    enabled = models.BooleanField(_("启用"), default=True)
    params = models.JSONField(_("参数"), default=dict)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["congress", "rule"], name="budget_warning_setting_unique")
        ]
        verbose_name = _("预警规则设置")

    def __str__(self) -> str:
        return self.rule


class Publication(models.Model):
    """预决算公开: when a budget (or final accounts) of one year was approved and when it was published,
    for the government as a whole (``department`` empty) or for one department. 《预算法》第十四条:
    within 20 days of approval; the number of days is the warning rule's parameter."""

    class Kind(models.TextChoices):
        BUDGET = "budget", _("预算")
        FINAL = "final", _("决算")

    congress = models.ForeignKey(
        "core.Congress", on_delete=models.CASCADE, related_name="budget_publications"
    )
    year = models.PositiveIntegerField(_("预算年度"))
    kind = models.CharField(_("类别"), max_length=10, choices=Kind.choices, default=Kind.BUDGET)
    department = models.ForeignKey(
        "core.Organization", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("部门"),
    )  # fmt: skip
    approved_on = models.DateField(_("批准日期"), null=True, blank=True)
    published_on = models.DateField(_("公开日期"), null=True, blank=True)
    url = models.URLField(_("公开网址"), max_length=500, blank=True)
    note = models.CharField(_("备注"), max_length=200, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_at = models.DateTimeField(_("登记时间"), null=True)

    class Meta:
        ordering = ["congress", "-year", "kind", "department__sort_order", "department__name"]
        constraints = [
            models.UniqueConstraint(
                fields=["congress", "year", "kind", "department"], name="budget_publication_unique",
                nulls_distinct=False,
            )
        ]  # fmt: skip
        verbose_name = _("预决算公开")

    def __str__(self) -> str:
        return f"{self.year} {self.get_kind_display()}"
