"""The scale-out tests run real processes against PostgreSQL (DATABASE_URL). They are a CI stage of
their own (``RENDA_SCALEOUT=1``), not part of ``make test``: they start servers, workers, PgBouncer and
a second PostgreSQL cluster, which must not share the machine with the parallel suite."""

from __future__ import annotations

import os

import pytest

from .stack import Template, admin_url, is_postgres


def pytest_collection_modifyitems(config, items):
    if is_postgres(admin_url()) and os.environ.get("RENDA_SCALEOUT") == "1":
        return
    skip = pytest.mark.skip(
        reason="扩展测试需要 PostgreSQL 并设置 RENDA_SCALEOUT=1(DATABASE_URL=postgres://…)"
    )
    for item in items:
        if "tests/scaleout/" in str(item.fspath).replace("\\", "/"):
            item.add_marker(skip)


@pytest.fixture(scope="session")
def template():
    """A database migrated once per session, cloned by each test (migrating takes about a minute)."""
    tpl = Template(admin_url()).build()
    yield tpl
    tpl.drop()
