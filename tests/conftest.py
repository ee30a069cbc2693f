"""Shared fixtures: a small realistic tenancy built through the real models and services."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _fast_passwords(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def twin_counties(db):
    """A city congress with two sibling counties, each with its bodies, units, a station and one user per role."""
    from tests.factories import build_world

    return build_world()
