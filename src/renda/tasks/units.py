"""Unit names as notices write them (县政府办 / 县人民政府办公室 / 县卫健局) matched to the congress's
organisations. Collective names (各乡镇党委, 县直各部门单位) name no one organisation: they stay as
written on the task and are not assigned."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

COLLECTIVE_RE = re.compile(r"^(各|县直各|有关|相关)|各有关|各级")
PREFIX_RE = re.compile(r"^(示例县|本县|县级|县)")


def _core(name: str) -> str:
    name = re.sub(r"\s+", "", name or "")
    name = PREFIX_RE.sub("", name)
    return name.replace("人民", "").replace("常务委员会", "常委会")


def _subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


@dataclass(frozen=True)
class Resolution:
    written: str
    organization: Any | None  # the Organization, or None
    collective: bool = False


def is_collective(name: str) -> bool:
    return bool(COLLECTIVE_RE.search(name or ""))


def resolve(names: Iterable[str], organizations: Iterable[Any]) -> list[Resolution]:
    """Each written name → the one organisation it names (exact, short name, then abbreviation)."""
    orgs = list(organizations)
    cores = [(o, _core(o.name), _core(getattr(o, "short_name", "") or "")) for o in orgs]
    out: list[Resolution] = []
    for written in names:
        written = (written or "").strip()
        if not written:
            continue
        if is_collective(written):
            out.append(Resolution(written, None, collective=True))
            continue
        core = _core(written)
        exact = [o for o, c, s in cores if o.name == written or c == core or (s and s == core)]
        if len(exact) == 1:
            out.append(Resolution(written, exact[0]))
            continue
        starts = [o for o, c, _s in cores if c.startswith(core) and len(core) >= 3]
        if len(starts) == 1:
            out.append(Resolution(written, starts[0]))
            continue
        abbrev = [
            o
            for o, c, _s in cores
            if len(core) >= 2 and c[:1] == core[:1] and c[-1:] == core[-1:] and _subsequence(core, c)
        ]
        if len(abbrev) > 1:  # the shortest full name, if it alone is shortest
            abbrev.sort(key=lambda o: len(o.name))
            if len(abbrev[0].name) == len(abbrev[1].name):
                abbrev = []
        out.append(Resolution(written, abbrev[0] if abbrev else None))
    return out
