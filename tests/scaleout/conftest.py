"""The scale-out tests run real processes against PostgreSQL (DATABASE_URL); skipped on SQLite."""

from __future__ import annotations

import pytest

from .stack import Template, admin_url, is_postgres


def pytest_collection_modifyitems(config, items):
    if is_postgres(admin_url()):
        return
    skip = pytest.mark.skip(reason="扩展测试需要 PostgreSQL(设置 DATABASE_URL=postgres://…)")
    for item in items:
        if "tests/scaleout/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def template():
    """A database migrated once per session, cloned by each test (migrating takes about a minute)."""
    tpl = Template(admin_url()).build()
    yield tpl
    tpl.drop()
