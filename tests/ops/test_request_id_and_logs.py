"""Request ids and structured logs: the id is taken from the proxy or made, answered in the response,
and carried by every log record written while the request runs; LOG_JSON switches to one JSON object
per line."""

from __future__ import annotations

import io
import json
import logging
import logging.config
import os
import subprocess
import sys
from pathlib import Path

import pytest

from renda.core.logging_config import logging_settings
from renda.core.request_id import current_request_id, incoming_or_new

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def captured():
    """Applies the project's LOGGING (JSON) to a buffer, and restores the test run's logging after."""
    buffer = io.StringIO()
    config = logging_settings(json=True, level="INFO", access_log=True)
    config["handlers"]["console"]["stream"] = "ext://tests.ops.test_request_id_and_logs._STREAM"
    globals()["_STREAM"] = buffer
    saved = {name: logging.getLogger(name).handlers[:] for name in ("renda", "renda.request", "")}
    logging.config.dictConfig(config)
    yield buffer
    for name, handlers in saved.items():
        logging.getLogger(name).handlers = handlers


def _records(buffer: io.StringIO) -> list[dict]:
    return [json.loads(line) for line in buffer.getvalue().splitlines() if line.strip()]


def test_a_sane_incoming_id_is_kept_and_a_bad_one_replaced():
    assert incoming_or_new("0f9c2a7b1e3d4c5f8a9b0c1d2e3f4a5b") == "0f9c2a7b1e3d4c5f8a9b0c1d2e3f4a5b"
    for bad in ("", "short", "has space in it", "a" * 200, "inject\nline", "<script>alert(1)</script>"):
        made = incoming_or_new(bad)
        assert made != bad and len(made) == 32 and made.isalnum()


@pytest.mark.django_db
def test_the_response_answers_the_proxys_id_and_logs_carry_it(client, captured):
    response = client.get("/healthz", HTTP_X_REQUEST_ID="nginx-4f1c9e7a2b")
    assert response.status_code == 200
    assert response["X-Request-ID"] == "nginx-4f1c9e7a2b"
    access = [r for r in _records(captured) if r["logger"] == "renda.request"]
    assert len(access) == 1
    line = access[0]
    assert line["request_id"] == "nginx-4f1c9e7a2b"
    assert line["method"] == "GET" and line["path"] == "/healthz" and line["status"] == 200
    assert line["route"] == "healthz" and line["duration_ms"] >= 0 and line["level"] == "INFO"
    assert line["user_id"] is None
    assert current_request_id() == ""  # reset once the request is answered


@pytest.mark.django_db
def test_each_request_gets_its_own_id_when_none_is_sent(client, captured):
    first = client.get("/healthz")["X-Request-ID"]
    second = client.get("/healthz")["X-Request-ID"]
    assert first != second and len(first) == 32
    assert [r["request_id"] for r in _records(captured) if r["logger"] == "renda.request"] == [first, second]


@pytest.mark.django_db
def test_records_written_inside_a_view_carry_the_id_and_the_signed_in_user(
    client, captured, twin_counties, settings
):
    from tests.factories import PASSWORD

    staff = twin_counties.county.users["staff"]
    response = client.post(
        "/login/",
        {"username": staff.username, "password": "wrong-password"},
        HTTP_X_REQUEST_ID="req-0001-login",
    )
    assert response.status_code in (200, 400)
    client.post(
        "/login/", {"username": staff.username, "password": PASSWORD}, HTTP_X_REQUEST_ID="req-0002-ok"
    )
    client.get("/", HTTP_X_REQUEST_ID="req-0003-home")
    by_id = {}
    for record in _records(captured):
        by_id.setdefault(record["request_id"], []).append(record)
    home = [r for r in by_id["req-0003-home"] if r["logger"] == "renda.request"][0]
    assert home["user_id"] == staff.pk and home["status"] == 200
    assert by_id["req-0001-login"][-1]["path"] == "/login/"


def test_an_exception_is_one_json_line_with_its_traceback(captured):
    log = logging.getLogger("renda.test")
    try:
        raise ValueError("坏的输入")
    except ValueError:
        log.exception("处理失败", extra={"case_id": 42})
    (record,) = [r for r in _records(captured) if r["logger"] == "renda.test"]
    assert record["message"] == "处理失败" and record["case_id"] == 42 and record["request_id"] == "-"
    assert "ValueError: 坏的输入" in record["exc_info"] and record["level"] == "ERROR"
    assert len(captured.getvalue().strip().splitlines()) == 1


def test_log_json_setting_switches_the_real_settings():
    """A fresh interpreter with LOG_JSON=true logs JSON through the settings' LOGGING; without, text."""
    code = (
        "import django, logging; django.setup(); "
        "logging.getLogger('renda.jobs').warning('队列已满 %s', 3, extra={'queue': 'default'})"
    )
    base = {**os.environ, "DJANGO_SETTINGS_MODULE": "renda.settings", "PYTHONPATH": str(ROOT / "src")}
    out = subprocess.run(
        [sys.executable, "-c", code],
        env={**base, "LOG_JSON": "true"},
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert out.returncode == 0, out.stderr
    record = json.loads(out.stderr.strip().splitlines()[-1])
    assert record["message"] == "队列已满 3" and record["queue"] == "default"
    assert record["logger"] == "renda.jobs" and record["level"] == "WARNING" and record["request_id"] == "-"
    text = subprocess.run(
        [sys.executable, "-c", code],
        env={**base, "LOG_JSON": "false"},
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert text.returncode == 0, text.stderr
    line = text.stderr.strip().splitlines()[-1]
    assert "WARNING renda.jobs [-] 队列已满 3" in line and not line.startswith("{")
