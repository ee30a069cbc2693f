"""Installing from the offline bundle with the network off.

The bundle is built beforehand on a connected machine (``scripts/build-offline-bundle DIR``, a few
minutes: it downloads and builds the wheelhouse); this test then runs ``install-offline`` inside a
network namespace of its own with no network at all (``unshare -n``: not even the registry's
address resolves), so pip can only read the wheelhouse (``--no-index``) and npm only the bundle's
cache (``--offline``). The installed copy must then pass ``manage.py check`` and ``collectstatic``.

    scripts/build-offline-bundle /tmp/renda-offline
    RENDA_OFFLINE_BUNDLE=/tmp/renda-offline .venv/bin/pytest tests/ops/test_offline_install.py
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

BUNDLE = os.environ.get("RENDA_OFFLINE_BUNDLE", "")

pytestmark = pytest.mark.skipif(
    not BUNDLE, reason="set RENDA_OFFLINE_BUNDLE to a bundle made by scripts/build-offline-bundle"
)


def _offline(cmd: list[str], **kwargs) -> subprocess.CompletedProcess:
    """``cmd`` with no network: a fresh network namespace (root), else proxies that lead nowhere."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "VIRTUAL_ENV", "UV_"))}
    if shutil.which("unshare") and os.geteuid() == 0:
        cmd = ["unshare", "--net", "--", *cmd]
    else:
        dead = "http://127.0.0.1:9"
        env.update(HTTP_PROXY=dead, HTTPS_PROXY=dead, http_proxy=dead, https_proxy=dead)
        env.update(npm_config_registry=dead + "/", PIP_INDEX_URL=dead + "/simple")
    env.update(kwargs.pop("env", {}))
    return subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=900, **kwargs)


def test_the_network_is_really_off():
    probe = _offline(["python3", "-c", "import socket; socket.create_connection(('pypi.org', 443), 5)"])
    assert probe.returncode != 0


def test_install_from_the_bundle_with_the_network_off(tmp_path: Path):
    bundle = Path(BUNDLE)
    for part in ("wheels", "npm-cache", "renda-src.tar.gz", "requirements-offline.txt", "install-offline"):
        assert (bundle / part).exists(), part
    target = tmp_path / "renda"
    done = _offline([str(bundle / "install-offline"), str(target)])
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "installed: Django 5.2" in done.stdout
    python = target / ".venv" / "bin" / "python"
    # every locked production package is there, in the locked version
    freeze = subprocess.run([str(python), "-m", "pip", "freeze"], capture_output=True, text=True).stdout
    installed = {
        canonicalize_name(n): v for n, _s, v in (line.partition("==") for line in freeze.splitlines())
    }
    pins = 0
    for line in (bundle / "requirements-offline.txt").read_text().splitlines():
        if not line or line.startswith(("#", " ")):
            continue
        requirement = Requirement(line)
        if requirement.marker is not None and not requirement.marker.evaluate():
            continue  # e.g. colorama on Windows only
        (spec,) = requirement.specifier
        assert installed.get(canonicalize_name(requirement.name)) == spec.version, requirement
        pins += 1
    assert pins >= 30
    assert (target / "node_modules" / "htmx.org" / "dist" / "htmx.min.js").exists()
    assert (target / "node_modules" / "echarts" / "dist" / "echarts.min.js").exists()
    # the installed copy runs: system checks (every app, model and URL imported), static files
    env = {"DATABASE_URL": f"sqlite:///{tmp_path / 'offline.sqlite3'}", "DEBUG": "true"}
    for args in (["check"], ["collectstatic", "--noinput"]):
        run = _offline([str(python), "manage.py", *args], cwd=target, env=env)
        assert run.returncode == 0, (args, run.stdout[-2000:], run.stderr[-2000:])
    assert (target / "var" / "static" / "vendor" / "htmx" / "htmx.min.js").exists()
