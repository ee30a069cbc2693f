"""The shared face of list filters (django-filter, as NetBox's ``netbox/filtersets.py``).

Each list has one :class:`RendaFilterSet` in ``<app>/filtersets.py``; the page renders its ``form``
(field names and Chinese labels are the query parameters people bookmark), the API passes its query
parameters to it (``renda.api.filters``) and the export filters with it, so the three give the same
rows for the same query. Visibility comes first: the caller hands in ``Model.objects.visible_to(user)``
(or the list's selector) as ``queryset``, and the filter set narrows it down.

Invalid input never widens or breaks a list: the page shows the error next to the field (and filters by
the fields that are valid), the API answers 400 with the fields' messages (:meth:`RendaFilterSet.
validated_qs`).
"""

from __future__ import annotations

from typing import Any, ClassVar

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .errors import ValidationFailed
from .text import reject_control_characters


class SearchFilter(django_filters.CharFilter):
    """The free-text search box: stripped, control characters refused, matched by ``method``."""

    def __init__(self, *args: Any, max_length: int = 100, **kwargs: Any) -> None:
        kwargs.setdefault("validators", [reject_control_characters])
        super().__init__(*args, max_length=max_length, **kwargs)


class IntegerFilter(django_filters.NumberFilter):
    """A whole number (a year, a count): ``1.5`` and ``1e309`` are refused, not rounded."""

    field_class = forms.IntegerField


class FlagInput(forms.CheckboxInput):
    """A check box that reads ``0``, ``false`` and ``off`` as unticked (Django's reads only ``false``)."""

    def value_from_datadict(self, data: Any, files: Any, name: str) -> bool:
        value = data.get(name)
        if isinstance(value, str) and value.strip().lower() in ("", "0", "false", "off", "no"):
            return False
        return super().value_from_datadict(data, files, name)


class FlagFilter(django_filters.Filter):
    """A check box ("仅超期"): ticked narrows the list, unticked (or absent) does not filter.

    ``on``, ``true`` and ``1`` tick it, ``false``, ``0`` and empty leave it unticked (Django's
    ``BooleanField``), so the page's check box and the API's ``true``/``false`` mean the same."""

    field_class = forms.BooleanField

    def __init__(self, *args: Any, method: str | None = None, **kwargs: Any) -> None:
        # django-filter would call a ``method`` for False too (it skips only empty values): keep our own
        kwargs.setdefault("widget", FlagInput)
        super().__init__(*args, **kwargs)
        self.flag_method = method

    def filter(self, qs: QuerySet, value: Any) -> QuerySet:
        if not value:
            return qs
        if self.flag_method:
            return getattr(self.parent, self.flag_method)(qs, self.field_name, value)
        return super().filter(qs, value)


class RendaFilterSet(django_filters.FilterSet):
    """A filter set bound to a user (the choices of a field — the user's categories, stations, units —
    depend on who asks) and with one ``sort`` order chosen among ``SORTS``.

    Subclasses set ``SORTS`` (key → ``order_by`` arguments; the first key is the default) and may
    override :meth:`setup` to give the fields their per-user choices."""

    SORTS: ClassVar[dict[str, tuple[str, ...]]] = {}

    def __init__(
        self, data: Any = None, queryset: QuerySet | None = None, *, user: Any, **kwargs: Any
    ) -> None:
        # Always bound: no query string is an empty one (nothing filtered, the default sort and defaults).
        super().__init__(data if data is not None else {}, queryset, **kwargs)
        self.user = user
        self.setup()

    def setup(self) -> None:
        """Per-user choices of the fields (querysets of model choices); called before the form is built."""

    def filter_queryset(self, queryset: QuerySet) -> QuerySet:
        queryset = super().filter_queryset(queryset)
        return self.sort(queryset)

    def sort(self, queryset: QuerySet) -> QuerySet:
        if not self.SORTS:
            return queryset
        chosen = self.form.cleaned_data.get("sort")
        default = next(iter(self.SORTS))
        return queryset.order_by(*self.SORTS.get(chosen or default, self.SORTS[default]))

    def field_errors(self) -> dict[str, str]:
        """The invalid fields and their first Chinese message."""
        return {name: str(errors[0]) for name, errors in self.form.errors.items()}

    def validated_qs(self) -> QuerySet:
        """The filtered rows, or :class:`ValidationFailed` naming every invalid field (the API's 400)."""
        errors = self.field_errors()
        if errors:
            if len(errors) == 1:
                ((name, message),) = errors.items()
                label = self.form.fields[name].label if name in self.form.fields else name
                text = _("筛选条件“%(f)s”:%(m)s") % {"f": label, "m": message}
            else:
                text = _("筛选条件有误,请检查标出的字段。")
            raise ValidationFailed(text, fields=errors)
        return self.qs


def sort_filter(sorts: dict[str, Any]) -> django_filters.ChoiceFilter:
    """The ``sort`` field of a list: its choices are ``(key, label)``; the order is applied by
    :meth:`RendaFilterSet.sort`, not by the filter itself."""
    return django_filters.ChoiceFilter(
        label=gettext_lazy("排序"),
        choices=list(sorts.items()),
        method=lambda qs, _name, _value: qs,
        empty_label=None,
    )
