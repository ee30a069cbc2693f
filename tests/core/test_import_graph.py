"""The foundation knows no domain: nothing under ``renda.core`` imports a domain app, the shell or
the demo (the demo county is its own app at the top, ``renda.demo``)."""

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
