"""Schemathesis against the API's own OpenAPI document, bounded: every operation, as staff and as a
deputy, with generated valid and invalid input — no 5xx, and every response's status code, content
type and body match what the document says."""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from renda.api.services import api_token_create
from tests.factories import build_world

pytestmark = pytest.mark.django_db

# Bounded for CI: a few examples per operation and role (RENDA_FUZZ_EXAMPLES raises it locally).
EXAMPLES = int(os.environ.get("RENDA_FUZZ_EXAMPLES", "3"))
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture
def secrets(db) -> dict[str, str]:
    """Personal API tokens of the county's staff member and of a deputy."""
    world = build_world()
    return {
        role: api_token_create(actor=world.county.users[role], name="模糊测试")[1]
        for role in ("staff", "deputy")
    }


@pytest.fixture
def connection_kept():
    """Requests made through the WSGI app end with ``close_old_connections``, which would close the
    test's own connection on PostgreSQL; Django's test client disconnects it the same way."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


def test_every_operation_keeps_its_document(secrets, connection_kept):
    from renda.wsgi import application

    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)
    failures: list[str] = []
    operations = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        operations += 1

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
            phases=[Phase.explicit, Phase.generate],
        )
        def run(case):
            for role in ("staff", "deputy"):
                response = case.call(headers={"Authorization": f"Bearer {secrets[role]}"})
                case.validate_response(response, checks=CHECKS)

        try:
            run()
        except (Exception, BaseExceptionGroup) as exc:  # one line a failing operation, all reported at once
            failures.append(f"{operation.label}: {str(exc).strip().splitlines()[0][:300]}")
    assert operations > 100
    assert not failures, "\n".join(failures)
