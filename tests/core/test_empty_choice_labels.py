"""No select in the interface offers Django's default empty choice "---------": a filter says
"全部…", a form says "请选择"."""

from __future__ import annotations

import importlib
import pkgutil

from django import forms

import renda


def _form_classes():
    for info in pkgutil.walk_packages(renda.__path__, "renda."):
        if not info.name.endswith(".forms"):
            continue
        module = importlib.import_module(info.name)
        for value in vars(module).values():
            if (
                isinstance(value, type)
                and issubclass(value, forms.BaseForm)
                and value.__module__ == module.__name__
            ):
                yield value


def test_no_model_choice_field_keeps_the_dashes():
    offenders = [
        f"{cls.__module__}.{cls.__name__}.{name}"
        for cls in _form_classes()
        for name, field in cls.base_fields.items()
        if isinstance(field, forms.ModelChoiceField)
        and not isinstance(field, forms.ModelMultipleChoiceField)
        and field.empty_label == "---------"
    ]
    assert offenders == []
