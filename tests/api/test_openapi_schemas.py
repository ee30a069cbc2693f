"""Every schema of the OpenAPI document has a name of its own.

Two pydantic classes with the same name (``SuggestionOut`` of the staff API and of the portal) end
up as one component: one of the two operations is then documented with the other's schema.
"""

from __future__ import annotations

import types
import typing
from collections import defaultdict

import pydantic
import pytest

pytestmark = pytest.mark.django_db


def _models_in(annotation, seen: set[type]) -> None:
    if isinstance(annotation, type) and issubclass(annotation, pydantic.BaseModel):
        if annotation in seen:
            return
        seen.add(annotation)
        for field in annotation.model_fields.values():
            _models_in(field.annotation, seen)
        return
    origin = typing.get_origin(annotation)
    if origin is typing.Annotated:
        _models_in(typing.get_args(annotation)[0], seen)
        return
    if origin is not None or isinstance(annotation, types.UnionType):
        for arg in typing.get_args(annotation):
            _models_in(arg, seen)


def api_models() -> set[type]:
    from renda.api.api import api

    seen: set[type] = set()
    for _prefix, router in api._routers:
        for path_view in router.path_operations.values():
            for operation in path_view.operations:
                for model in getattr(operation, "models", []) or []:
                    _models_in(model, seen)
                for model in (getattr(operation, "response_models", None) or {}).values():
                    _models_in(model, seen)
    return seen


def test_the_walk_finds_the_schemas_of_both_apps():
    names = {m.__name__ for m in api_models()}
    assert {"SuggestionOut", "PublicSuggestionOut", "UserOut", "MembershipOut"} <= names


def test_no_two_schemas_share_a_name():
    by_name: dict[str, set[str]] = defaultdict(set)
    for model in api_models():
        if model.__name__ in {"NinjaResponseSchema"} or model.__module__.startswith("ninja."):
            continue  # ninja's own wrappers never reach the document under that name
        by_name[model.__name__].add(f"{model.__module__}.{model.__qualname__}")
    clashes = {name: sorted(where) for name, where in by_name.items() if len(where) > 1}
    assert clashes == {}
