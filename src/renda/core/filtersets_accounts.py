"""The one filter chains of the users and organisations lists. The users list: the page (``user_list``), its Excel export and
``GET /api/v1/users`` all filter through :class:`UserFilterSet` (it lives in ``core`` because the API
must not import ``renda.web``; it uses only core models).

The field names are the page's query parameters; ``active`` reads ``1``/``0`` (the page's select) and
``true``/``false`` (the API's) alike.
"""

from __future__ import annotations

from typing import Any

import django_filters
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.forms import HiddenInput
from django.utils.translation import gettext_lazy as _

from .choices import OrganizationKind, Role
from .filtersets import RendaFilterSet, SearchFilter
from .forms import ACTIVE_CHOICES
from .models import Congress, Membership, Organization, User

ACTIVE_ALIASES = {"true": "1", "false": "0", "on": "1", "off": "0"}


class ActiveField(django_filters.fields.ChoiceField):
    """启用/停用: ``1``/``0`` from the page's select, ``true``/``false`` from the API."""

    def to_python(self, value: Any) -> str:
        value = str(super().to_python(value)).strip()
        return ACTIVE_ALIASES.get(value.lower(), value)


class ActiveFilter(django_filters.ChoiceFilter):
    field_class = ActiveField

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("choices", [c for c in ACTIVE_CHOICES if c[0]])
        kwargs.setdefault("empty_label", ACTIVE_CHOICES[0][1])
        kwargs.setdefault("field_name", "is_active")
        super().__init__(*args, **kwargs)

    def filter(self, qs: QuerySet, value: Any) -> QuerySet:
        if value in ("1", "0"):
            return qs.filter(**{self.field_name: value == "1"})
        return qs


class OrganizationChoiceField(django_filters.fields.ModelChoiceField):
    """An organisation, named with its congress when the choices span several congresses."""

    show_congress = False

    def label_from_instance(self, obj: Organization) -> str:
        return f"{obj.congress.name} · {obj.name}" if self.show_congress else obj.name


class OrganizationFilter(django_filters.ModelChoiceFilter):
    field_class = OrganizationChoiceField


def _keep(qs: QuerySet, _name: str, _value: Any) -> QuerySet:
    # organisation, congress and role are applied together (one membership): UserFilterSet.filter_queryset
    return qs


class UserFilterSet(RendaFilterSet):
    q = SearchFilter(label=_("搜索"), method="search")
    congress = django_filters.ModelChoiceFilter(
        label=_("人大"), queryset=Congress.objects.none(), empty_label=_("全部人大"), method=_keep
    )
    organization = OrganizationFilter(
        label=_("所属机构"), queryset=Organization.objects.none(), empty_label=_("全部机构"), method=_keep
    )
    role = django_filters.ChoiceFilter(
        label=_("角色"), choices=Role.choices, empty_label=_("全部角色"), method=_keep
    )
    active = ActiveFilter(label=_("状态"))

    class Meta:
        model = User
        fields: list[str] = []

    def setup(self) -> None:
        orgs = (
            Organization.objects.visible_to(self.user)
            .select_related("congress")
            .order_by("congress__path", "sort_order", "name")
        )
        self.filters["organization"].queryset = orgs
        self.filters["congress"].queryset = Congress.objects.visible_to(self.user).order_by("path")
        field = self.form.fields["organization"]
        field.show_congress = len({o.congress_id for o in orgs}) > 1
        self.form.fields["q"].widget.attrs.update({"placeholder": _("用户名、姓名或手机号")})

    def search(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        return qs.filter(
            Q(username__icontains=value) | Q(full_name__icontains=value) | Q(phone__icontains=value)
        )

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        held = Q()
        if data.get("organization") is not None:
            held &= Q(organization=data["organization"])
        if data.get("congress") is not None:
            held &= Q(organization__congress=data["congress"])
        if data.get("role"):
            held &= Q(role=data["role"])
        if held:
            # the same active membership holds the organisation, the congress and the role
            queryset = queryset.filter(
                Exists(Membership.objects.filter(held, user_id=OuterRef("pk"), is_active=True))
            )
        return queryset


class OrganizationFilterSet(RendaFilterSet):
    """The one filter chain of the organisations list: the page (``organization_list``, drawn as a
    tree: the matches are kept with their ancestors) and ``GET /api/v1/organizations``."""

    congress = django_filters.ModelChoiceFilter(
        label=_("人大"), queryset=Congress.objects.none(), empty_label=None, field_name="congress"
    )
    kind = django_filters.ChoiceFilter(
        label=_("类别"), choices=OrganizationKind.choices, empty_label=_("全部类别"), field_name="kind"
    )
    parent = django_filters.ModelChoiceFilter(
        label=_("上级机构"), queryset=Organization.objects.none(), field_name="parent", widget=HiddenInput
    )
    q = SearchFilter(label=_("搜索"), method="search")
    active = ActiveFilter(label=_("状态"))

    class Meta:
        model = Organization
        fields: list[str] = []

    def setup(self) -> None:
        self.filters["congress"].queryset = Congress.objects.visible_to(self.user).order_by("path")
        self.filters["parent"].queryset = Organization.objects.visible_to(self.user)
        self.form.fields["q"].widget.attrs.update({"placeholder": _("机构名称或简称")})

    def search(self, qs: QuerySet, _name: str, value: str) -> QuerySet:
        return qs.filter(Q(name__icontains=value) | Q(short_name__icontains=value))
