"""The shell's page-only forms: user and organisation filters and editors (the import checks stay in
``renda.core.forms``, next to the service they feed)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.utils.translation import gettext_lazy as _

from renda.core.choices import OrganizationKind
from renda.core.forms import BUSINESS_ROLES, validate_mobile
from renda.core.models import Congress, Organization
from renda.core.selectors import account_organizations


class OrganizationChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Organization) -> str:
        return f"{obj.congress.name} · {obj.name}" if self.show_congress else obj.name

    show_congress = False


# --- users -------------------------------------------------------------------------------------


class UserCreateForm(forms.Form):
    organization = OrganizationChoiceField(
        label=_("所属机构"), queryset=Organization.objects.none(), empty_label=_("请选择")
    )
    role = forms.ChoiceField(label=_("角色"), choices=BUSINESS_ROLES)
    title = forms.CharField(label=_("职务"), max_length=60, required=False)
    username = forms.CharField(
        label=_("用户名"),
        max_length=150,
        validators=[UnicodeUsernameValidator()],
        help_text=_("登录时使用,可用字母、数字和 @ . + - _,创建后不能修改。"),
    )
    full_name = forms.CharField(label=_("姓名"), max_length=50)
    phone = forms.CharField(label=_("手机号"), max_length=20, required=False, validators=[validate_mobile])
    email = forms.EmailField(label=_("邮箱"), required=False)

    def __init__(self, *args: Any, user: Any, **kwargs: Any):
        super().__init__(*args, **kwargs)
        qs = account_organizations(user)
        field = self.fields["organization"]
        field.queryset = qs
        field.show_congress = len({o.congress_id for o in qs}) > 1


class UserEditForm(forms.Form):
    full_name = forms.CharField(label=_("姓名"), max_length=50)
    phone = forms.CharField(label=_("手机号"), max_length=20, required=False, validators=[validate_mobile])
    email = forms.EmailField(label=_("邮箱"), required=False)


# --- organisations -----------------------------------------------------------------------------


class OrganizationForm(forms.Form):
    name = forms.CharField(label=_("名称"), max_length=120)
    short_name = forms.CharField(label=_("简称"), max_length=40, required=False)
    kind = forms.ChoiceField(label=_("类别"), choices=OrganizationKind.choices)
    parent = forms.ModelChoiceField(
        label=_("上级机构"), queryset=Organization.objects.none(), required=False, empty_label=_("(无)")
    )
    responsible_person = forms.CharField(label=_("负责人"), max_length=50, required=False)
    phone = forms.CharField(label=_("联系电话"), max_length=30, required=False)
    address = forms.CharField(label=_("地址"), max_length=200, required=False)
    sort_order = forms.IntegerField(label=_("排序"), min_value=0, max_value=100000, initial=100)

    def __init__(self, *args: Any, congress: Congress, instance: Organization | None = None, **kwargs: Any):
        super().__init__(*args, **kwargs)
        parents = Organization.objects.filter(congress=congress, is_active=True).order_by(
            "sort_order", "name"
        )
        if instance is not None:
            parents = parents.exclude(pk=instance.pk)
        self.fields["parent"].queryset = parents
        self.fields["sort_order"].help_text = _("数字越小越靠前。")

    def changes_for(self, org: Organization) -> dict[str, Any]:
        """Only the fields whose value differs from ``org`` (what ``organization_update`` receives)."""
        data = self.cleaned_data
        changes: dict[str, Any] = {}
        for name in self.fields:
            value = data.get(name)
            current = getattr(org, name)
            if name == "parent":
                if (value.pk if value else None) != org.parent_id:
                    changes[name] = value
            elif value != current:
                changes[name] = value if value is not None else ""
        return changes
