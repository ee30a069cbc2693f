"""Unit names as people write them (县政府办 / 县人民政府办公室 / 县卫健局 / 卫生健康局) matched to the
congress's organisations. Collective names (各乡镇党委, 县直各部门单位) name no one organisation: they stay
as written and are not assigned. Shared by the tasks app (notices) and the routing model (analytics)."""

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


def core_name(name: str) -> str:
    """The name without the county prefix, spaces and 人民 (县人民政府办公室 → 政府办公室)."""
    return _core(name)


def resolve(
    names: Iterable[str], organizations: Iterable[Any], aliases: dict[int, Iterable[str]] | None = None
) -> list[Resolution]:
    """Each written name → the one organisation it names (exact, short name, a staff alias, then
    abbreviation). ``aliases``: organisation id → the names staff listed for it."""
    orgs = list(organizations)
    cores = [(o, _core(o.name), _core(getattr(o, "short_name", "") or "")) for o in orgs]
    alias_cores = {
        _core(a): o for o in orgs for a in (aliases or {}).get(getattr(o, "pk", None), ()) if a and _core(a)
    }
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
        if not exact and core in alias_cores:
            out.append(Resolution(written, alias_cores[core]))
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


SUFFIXES = ("委员会", "中心", "公司", "局", "委", "办", "院", "所", "站", "队", "馆", "会", "部", "社")


def automatic_aliases(name: str, short_name: str = "") -> list[str]:
    """The names a unit is written by without anyone listing them: with and without the county prefix,
    the short name, and the usual abbreviation of a four-character body (卫生健康局 → 卫健局)."""
    found: list[str] = []

    def add(x: str) -> None:
        x = re.sub(r"\s+", "", x or "")
        if len(x) >= 2 and x not in found:
            found.append(x)

    add(name)
    add(short_name)
    core = _core(name)
    add(core)
    if core and not core.startswith("县"):
        add("县" + core)
    for suffix in SUFFIXES:
        if core.endswith(suffix) and len(core) > len(suffix):
            body = core[: -len(suffix)].replace("和", "").replace("与", "")
            short = body[0] + body[2] if len(body) == 4 else body[0] + body[4] if len(body) == 6 else ""
            if short:  # 卫生健康 → 卫健, 住房城乡建设 → 住建
                add(short + suffix)
                add("县" + short + suffix)
            break
    return found


def mentions(text: str, names: dict[int, Iterable[str]]) -> dict[int, str]:
    """The units ``text`` names (organisation id → the longest of its names found in it)."""
    out: dict[int, str] = {}
    if not text:
        return out
    for org_id, written in names.items():
        best = ""
        for n in written:
            if len(n) >= 3 and n in text and len(n) > len(best):
                best = n
        if best:
            out[org_id] = best
    return out
