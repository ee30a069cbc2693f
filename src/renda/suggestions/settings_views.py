"""设置: a congress's own configuration of suggestions (categories, exclusion reasons, motion minimum).

Thin: the forms parse, ``services.suggestion_setting_update`` validates and writes (with its audit
event); a service error is shown on the field or the row it names and what was typed is kept.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from renda.cases.selectors import percent_places
from renda.cases.services import case_setting_update
from renda.core.choices import Role
from renda.core.errors import PermissionDeniedError, ValidationFailed
from renda.core.models import Congress
from renda.core.scopes import working_congress, working_congresses

from . import forms as f
from . import services
from .models import Category, ExclusionReason

SETTINGS_ROLES = (Role.STAFF, Role.SYSTEM_ADMIN)


def settings_congresses(user: Any) -> list[Congress]:
    """The congresses whose suggestion settings the user may change (staff and system administrators)."""
    return working_congresses(user, *SETTINGS_ROLES)


def _congress(request: HttpRequest) -> tuple[Congress, list[Congress]]:
    wanted = request.POST.get("congress") or request.GET.get("congress")
    congress = working_congress(
        request.user, *SETTINGS_ROLES, wanted=wanted, message=_("只有本级人大工作人员可以修改建议办理参数。")
    )
    return congress, settings_congresses(request.user)


def _place(formset: Any, index: list[int], exc: ValidationFailed, prefix: str) -> None:
    """Show a service error on the row and field it names (``categories.2.name``)."""
    placed = False
    for name, message in exc.fields.items():
        parts = name.split(".")
        if len(parts) == 3 and parts[0] == prefix and parts[1].isdigit() and int(parts[1]) < len(index):
            form = formset.forms[index[int(parts[1])]]
            field = parts[2] if parts[2] in form.fields and parts[2] != "id" else None
            form.add_error(field, message)
            placed = True
    if not placed:
        formset._non_form_errors = formset.error_class([exc.message])


@login_required
@require_http_methods(["GET", "POST"])
def suggestion_settings(request: HttpRequest) -> HttpResponse:
    congress, allowed = _congress(request)
    services.suggestion_config_ensure(congress=congress)
    setting = services.suggestion_setting(congress.pk)
    section = request.POST.get("section", "") if request.method == "POST" else ""
    data = request.POST if section else None
    motion = f.MotionSettingForm(
        data if section == "motion" else None, initial={"motion_min_cosigners": setting.motion_min_cosigners}
    )
    rates = f.PercentSettingForm(
        data if section == "percent" else None, initial={"percent_places": percent_places(congress.pk)}
    )
    # a bound formset takes no initial rows: what was posted is what is shown and saved
    categories = (
        f.CategoryFormSet(data, prefix="cat")
        if section == "categories"
        else f.CategoryFormSet(
            prefix="cat",
            initial=[
                {"id": c.pk, "name": c.name, "sort_order": c.sort_order, "is_active": c.is_active}
                for c in Category.objects.filter(congress=congress)
            ],
        )
    )
    exclusions = (
        f.ExclusionFormSet(data, prefix="exc")
        if section == "exclusions"
        else f.ExclusionFormSet(
            prefix="exc",
            initial=[
                {
                    "id": r.pk,
                    "code": r.code,
                    "label": r.label,
                    "sort_order": r.sort_order,
                    "is_active": r.is_active,
                }
                for r in ExclusionReason.objects.filter(congress=congress)
            ],
        )
    )
    status = 200
    if request.method == "POST":
        status = 400
        try:
            if section == "motion" and motion.is_valid():
                services.suggestion_setting_update(
                    actor=request.user,
                    congress=congress,
                    motion_min_cosigners=motion.cleaned_data["motion_min_cosigners"],
                )
                messages.success(request, _("议案附议人数下限已保存。"))
                status = 302
            elif section == "percent" and rates.is_valid():
                try:
                    case_setting_update(
                        actor=request.user,
                        congress=congress,
                        percent_places=rates.cleaned_data["percent_places"],
                    )
                    messages.success(request, _("比率小数位数已保存。"))
                    status = 302
                except ValidationFailed as exc:
                    rates.add_error("percent_places", exc.message)
            elif section == "categories" and categories.is_valid():
                rows, index = f.formset_rows(categories, "name")
                try:
                    services.suggestion_setting_update(actor=request.user, congress=congress, categories=rows)
                    messages.success(request, _("建议分类已保存。"))
                    status = 302
                except ValidationFailed as exc:
                    _place(categories, index, exc, "categories")
            elif section == "exclusions" and exclusions.is_valid():
                rows, index = f.formset_rows(exclusions, "label")
                try:
                    services.suggestion_setting_update(
                        actor=request.user, congress=congress, exclusion_reasons=rows
                    )
                    messages.success(request, _("不予立案理由已保存。"))
                    status = 302
                except ValidationFailed as exc:
                    _place(exclusions, index, exc, "exclusion_reasons")
            elif section not in ("motion", "percent", "categories", "exclusions"):
                messages.error(request, _("未知的设置项。"))
                status = 302
        except PermissionDeniedError as exc:
            raise PermissionDenied(exc.message) from None
        except ValidationFailed as exc:  # the motion minimum
            motion.add_error(
                "motion_min_cosigners" if "motion_min_cosigners" in exc.fields else None, exc.message
            )
        if status == 302:
            return redirect(f"{reverse('suggestions:settings')}?congress={congress.pk}")
    return render(
        request,
        "suggestions/settings.html",
        {
            "congress": congress,
            "congresses": allowed,
            "motion": motion,
            "rates": rates,
            "categories": categories,
            "exclusions": exclusions,
            "section": section,
        },
        status=status,
    )
