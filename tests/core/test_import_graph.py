"""The foundation knows no domain: nothing under ``renda.core`` imports a domain app, the shell
(``renda.web``) or the demo (the demo county is its own app at the top, ``renda.demo``). The domain
apps import the shell only to register with it (menu, to-do, figures)."""

from __future__ import annotations

import ast
from pathlib import Path

import renda.core

DOMAINS = {
    "cases", "suggestions", "deputies", "liaison", "portal", "meetings", "oversight", "legislation",
    "elections", "tasks", "budget", "analytics", "demo", "web",
}  # fmt: skip


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module)
    return found


def test_core_imports_no_domain_app():
    root = Path(renda.core.__file__).parent
    offenders = []
    for path in sorted(root.rglob("*.py")):
        if "migrations" in path.parts:
            continue
        for name in _imports(path):
            parts = name.split(".")
            if parts[0] == "renda" and len(parts) > 1 and parts[1] in DOMAINS:
                offenders.append(f"{path.relative_to(root)}: {name}")
    assert not offenders, offenders


# What a domain app may import from the shell: its registries, nothing else (not its views or forms).
WEB_REGISTRIES = {"renda.web.navigation", "renda.web.todo", "renda.web.figures", "renda.web.dashboard"}


def test_core_imports_neither_the_shell_nor_the_demo():
    root = Path(renda.core.__file__).parent
    offenders = [
        f"{path.relative_to(root)}: {name}"
        for path in sorted(root.rglob("*.py"))
        for name in _imports(path)
        if name.split(".")[:2] in (["renda", "web"], ["renda", "demo"])
    ]
    assert not offenders, offenders


def test_domain_apps_import_the_shell_only_for_its_registries():
    src = Path(renda.core.__file__).parents[1]
    web = src / "web"
    offenders = []
    for path in sorted(src.rglob("*.py")):
        if web in path.parents or (src / "demo") in path.parents:
            continue
        for name in _imports(path):
            if (name == "renda.web" or name.startswith("renda.web.")) and name not in WEB_REGISTRIES:
                offenders.append(f"{path.relative_to(src)}: {name}")
    assert not offenders, offenders


def test_nothing_in_the_app_imports_the_demo():
    src = Path(renda.core.__file__).parents[1]
    demo = src / "demo"
    offenders = [
        str(path.relative_to(src))
        for path in sorted(src.rglob("*.py"))
        if demo not in path.parents
        and any(n == "renda.demo" or n.startswith("renda.demo.") for n in _imports(path))
    ]
    assert not offenders, offenders
