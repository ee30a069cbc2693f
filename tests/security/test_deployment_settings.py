"""The deployment refuses to run on keys it does not own, and visitors never see Django's technical
error pages (settings, URL patterns, tracebacks): the app's own Chinese 400/403/404/500 pages."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError
from django.test import Client
from django.urls import include, path

from renda.deputies import identity
from renda.security.checks import check_keys

ROOT = Path(__file__).resolve().parents[2]
KEYS = {
    "SECRET_KEY": "s" * 20 + "-secret-key-of-its-own-0123456789",
    "RENDA_FIELD_KEY": "f" * 20 + "-field-key-of-its-own-0123456789",
    "RENDA_AUDIT_KEY": "a" * 20 + "-audit-key-of-its-own-0123456789",
}
TECHNICAL_WORDS = ("URLconf", "SECRET_KEY", "DEBUG = True", "Traceback", "INSTALLED_APPS", "urlpatterns")


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    """Run ``code`` in a fresh interpreter with the make-run environment plus ``env``: pytest-django
    forces settings.DEBUG off in this process, so the real configuration is only seen from outside."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if k not in (*KEYS, "DEBUG", "DEBUG_PAGES", "DJANGO_SETTINGS_MODULE")
    }
    clean.update(
        DJANGO_SETTINGS_MODULE="renda.settings",
        PYTHONPATH=str(ROOT / "src"),
        ALLOWED_HOSTS="testserver,renda.example",
        **env,
    )
    return subprocess.run(  # noqa: S603 - our own interpreter and code
        [sys.executable, "-c", code], cwd=ROOT, env=clean, capture_output=True, text=True, timeout=120
    )


def production(settings, **keys: str) -> None:
    settings.DEVELOPMENT = False
    for name in KEYS:
        setattr(settings, name, keys.get(name, ""))


class TestKeysOfTheirOwn:
    @pytest.mark.parametrize(
        ("missing", "error_id"),
        [("SECRET_KEY", "renda.E001"), ("RENDA_FIELD_KEY", "renda.E002"), ("RENDA_AUDIT_KEY", "renda.E003")],
    )
    def test_each_missing_key_is_an_error_in_production(self, settings, missing, error_id):
        production(settings, **{k: v for k, v in KEYS.items() if k != missing})
        errors = check_keys()
        assert [e.id for e in errors] == [error_id]
        assert errors[0].is_serious() and missing in errors[0].msg
        with pytest.raises(SystemCheckError, match=error_id):
            call_command("check", "--deploy")

    def test_equal_keys_are_an_error(self, settings):
        production(settings, **{**KEYS, "RENDA_AUDIT_KEY": KEYS["RENDA_FIELD_KEY"]})
        errors = check_keys()
        assert [e.id for e in errors] == ["renda.E005"]
        assert "RENDA_AUDIT_KEY" in errors[0].msg and "RENDA_FIELD_KEY" in errors[0].msg
        with pytest.raises(SystemCheckError, match="renda.E005"):
            call_command("check", "--deploy")

    def test_equal_keys_are_an_error_in_development_too(self, settings):
        settings.RENDA_FIELD_KEY = settings.SECRET_KEY
        assert [e.id for e in check_keys()] == ["renda.E005"]

    def test_short_key_is_an_error(self, settings):
        production(settings, **{**KEYS, "RENDA_FIELD_KEY": "short"})
        assert [e.id for e in check_keys()] == ["renda.E004"]

    def test_keys_of_their_own_pass(self, settings):
        production(settings, **KEYS)
        assert check_keys() == []

    def test_development_keys_are_generated_and_distinct(self, settings):
        assert settings.DEVELOPMENT
        values = [getattr(settings, name) for name in KEYS]
        assert all(values) and len(set(values)) == 3
        assert check_keys() == []

    def test_start_up_refuses_without_keys(self):
        """The real processes: check --deploy, migrate and the WSGI application all refuse."""
        for command in (["check", "--deploy"], ["migrate", "--plan"]):
            done = run_python(
                "from django.core.management import execute_from_command_line as run; "
                f"run(['manage.py', *{command!r}])",
                DEBUG="false",
            )
            assert done.returncode != 0, command
            for error_id in ("renda.E001", "renda.E002", "renda.E003"):
                assert error_id in done.stderr, (command, done.stderr)
            assert "Planned operations" not in done.stdout
        done = run_python("import renda.wsgi", DEBUG="false")
        assert done.returncode != 0
        assert "ImproperlyConfigured" in done.stderr and "RENDA_AUDIT_KEY is not set" in done.stderr

    def test_production_starts_with_keys_of_its_own(self):
        done = run_python(
            "import django; django.setup(); import renda.wsgi; print('started')", DEBUG="false", **KEYS
        )
        assert done.stdout.strip() == "started", done.stderr


class TestFieldKey:
    NUMBER = "110101199003071234"

    def test_identity_numbers_use_the_field_key_only(self, settings):
        before = identity.keyed_hash(self.NUMBER)
        token = identity.encrypt(self.NUMBER)
        settings.SECRET_KEY = "another-secret-key-that-must-not-matter-0123456789"
        assert identity.keyed_hash(self.NUMBER) == before
        assert identity.decrypt(token) == identity.normalise(self.NUMBER)
        settings.RENDA_FIELD_KEY = "another-field-key-0123456789-0123456789"
        assert identity.keyed_hash(self.NUMBER) != before
        assert identity.decrypt(token) == ""

    def test_no_fallback_to_the_secret_key(self, settings, monkeypatch):
        monkeypatch.setenv("RENDA_FIELD_KEY", "from-the-environment-but-not-the-setting")
        settings.RENDA_FIELD_KEY = ""
        with pytest.raises(ImproperlyConfigured):
            identity.encrypt(self.NUMBER)
        with pytest.raises(ImproperlyConfigured):
            identity.keyed_hash(self.NUMBER)


def _boom(request):
    raise RuntimeError("secret internals of the view")


def _forbidden(request):
    from django.core.exceptions import PermissionDenied

    raise PermissionDenied


def _bad(request):
    from django.core.exceptions import SuspiciousOperation

    raise SuspiciousOperation("internal detail of the bad request")


urlpatterns = [
    path("boom/", _boom),
    path("forbidden/", _forbidden),
    path("bad/", _bad),
    path("", include("renda.urls")),
]


class TestErrorPages:
    def test_make_run_configuration_has_no_technical_pages(self):
        """`make run` (DEBUG=true, the default): Django's DEBUG is off unless DEBUG_PAGES=true."""
        code = (
            "import django; django.setup()\n"
            "from django.conf import settings; from django.test import Client\n"
            "print(settings.DEBUG, settings.DEVELOPMENT, settings.SESSION_COOKIE_SECURE, settings.SECURE_SSL_REDIRECT)\n"
            "response = Client().get('/no-such-page/')\n"
            "print(response.status_code)\n"
            "print(response.content.decode().replace('\\n', ' '))\n"
        )
        done = run_python(code, DEBUG="true", DATABASE_URL="sqlite:///:memory:")
        lines = done.stdout.split("\n")
        assert lines[0] == "False True False False", done.stderr
        assert lines[1] == "404"
        assert "页面不存在" in lines[2] and "renda.css" in lines[2]
        for word in TECHNICAL_WORDS:
            assert word not in lines[2]
        asked = run_python(
            "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
            DEBUG="true",
            DEBUG_PAGES="true",
        )
        assert asked.stdout.strip() == "True", asked.stderr
        never = run_python(
            "import django; django.setup(); from django.conf import settings; print(settings.DEBUG)",
            DEBUG="false",
            DEBUG_PAGES="true",
            **KEYS,
        )
        assert never.stdout.strip() == "False", never.stderr

    @pytest.mark.django_db
    def test_404_is_the_chinese_page(self, client):
        response = client.get("/no-such-page/")
        html = response.content.decode()
        assert response.status_code == 404
        assert "页面不存在" in html and "返回首页" in html
        for word in TECHNICAL_WORDS:
            assert word not in html

    @pytest.mark.urls(__name__)
    def test_500_400_403_are_the_chinese_pages(self, db):
        client = Client(raise_request_exception=False)
        cases = {
            "/boom/": (500, "系统出错"),
            "/bad/": (400, "请求有误"),
            "/forbidden/": (403, "没有访问权限"),
        }
        for url, (status, title) in cases.items():
            response = client.get(url)
            html = response.content.decode()
            assert response.status_code == status, url
            assert title in html and "人大履职平台" in html and "/static/renda/css/renda.css" in html, url
            assert "secret internals" not in html and "internal detail" not in html
            for word in TECHNICAL_WORDS:
                assert word not in html

    @pytest.mark.django_db
    def test_refused_csrf_check_is_the_chinese_page(self):
        client = Client(enforce_csrf_checks=True)
        response = client.post("/login/", {"username": "x", "password": "y"})
        html = response.content.decode()
        assert response.status_code == 403
        assert "页面已过期" in html and "CSRF verification failed" not in html
