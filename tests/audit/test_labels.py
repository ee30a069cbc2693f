"""Every audit action has a Chinese name (one registry, ``renda.audit.labels``), and the viewer
shows names, not codes: "登录", "用户 张三", "代表建议 JY2026-0001" instead of ``auth.login`` and
``core.user#3``. The codes stay in the export."""

from __future__ import annotations

import ast
import re
from pathlib import Path

from django.urls import reverse

import renda
from renda.audit.labels import ACTION_LABELS, action_label, target_label
from renda.audit.models import Event
from renda.audit.services import record_event
from renda.core.choices import Role
from renda.core.services import user_update
from tests.core.conftest import login, world  # noqa: F401  (fixtures)

SRC = Path(renda.__file__).parent
CODE = re.compile(r"^[a-z][a-z0-9_]*\.[a-z0-9_]+$")


def _name(func: ast.expr) -> str | None:
    return func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None


def _strings(node: ast.expr):
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        yield node.value
    elif isinstance(node, ast.IfExp):
        yield from _strings(node.body)
        yield from _strings(node.orelse)
    elif isinstance(node, ast.BoolOp):
        for value in node.values:
            yield from _strings(value)


def action_codes_in_source() -> tuple[dict[str, str], list[str]]:
    """Every action code passed to ``record_event`` — directly, or through a function that
    forwards its own ``action`` parameter to it (``audit``, ``_audit``, ``sign_out`` …) — with where
    it is written; and the places where the code is computed and cannot be read."""
    trees = {p: ast.parse(p.read_text(encoding="utf-8")) for p in sorted(SRC.rglob("*.py"))}
    # function name -> index of its ``action`` parameter among the positional ones (or None)
    forwarders: dict[str, int | None] = {"record_event": None}
    changed = True
    while changed:
        changed = False
        for tree in trees.values():
            for fn in ast.walk(tree):
                if not isinstance(fn, ast.FunctionDef) or fn.name in forwarders:
                    continue
                params = [a.arg for a in fn.args.posonlyargs + fn.args.args]
                if "action" not in params + [a.arg for a in fn.args.kwonlyargs]:
                    continue
                for call in ast.walk(fn):
                    if isinstance(call, ast.Call) and _name(call.func) in forwarders:
                        passed = [k.value for k in call.keywords if k.arg == "action"]
                        if any(isinstance(v, ast.Name) and v.id == "action" for v in passed):
                            forwarders[fn.name] = params.index("action") if "action" in params else None
                            changed = True
                            break
    codes: dict[str, str] = {}
    computed: list[str] = []
    for path, tree in trees.items():
        where = path.relative_to(SRC.parent)
        for node in ast.walk(tree):
            if isinstance(node, ast.FunctionDef) and node.name in forwarders:
                kw = dict(zip([a.arg for a in node.args.kwonlyargs], node.args.kw_defaults, strict=True))
                pos = [a.arg for a in node.args.posonlyargs + node.args.args]
                defaults = dict(
                    zip(pos[len(pos) - len(node.args.defaults) :], node.args.defaults, strict=True)
                )
                default = kw.get("action") or defaults.get("action")
                for code in _strings(default) if default is not None else ():
                    codes.setdefault(code, f"{where}:{node.lineno}")
            if not isinstance(node, ast.Call) or _name(node.func) not in forwarders:
                continue
            values = [k.value for k in node.keywords if k.arg == "action"]
            index = forwarders[_name(node.func)]
            if index is not None and len(node.args) > index:
                values.append(node.args[index])
            for value in values:
                found = list(_strings(value))
                if found:
                    for code in found:
                        codes.setdefault(code, f"{where}:{node.lineno}")
                elif not (isinstance(value, ast.Name) and value.id == "action"):
                    computed.append(f"{where}:{node.lineno}: {ast.unparse(value)}")
    return codes, computed


def test_every_action_code_in_the_source_has_a_chinese_label():
    codes, computed = action_codes_in_source()
    assert not computed, f"write action codes as literals so they can be labelled: {computed}"
    # the reader finds what it should (not vacuous): direct, positional, default and conditional codes
    assert {"auth.login", "case.rate", "auth.logout", "auth.timeout", "user.deactivate"} <= set(codes)
    assert len(codes) >= 100
    malformed = sorted(c for c in codes if not CODE.match(c))
    assert not malformed, malformed
    missing = {code: where for code, where in sorted(codes.items()) if code not in ACTION_LABELS}
    assert not missing, f"add these to renda/audit/labels.py ACTION_LABELS: {missing}"
    for code in codes:
        label = action_label(code)
        assert label and not re.search(r"[a-z]", label), (code, label)


def test_unknown_code_still_reads_as_chinese():
    assert action_label("nobody.knows") == "其他操作"


def test_viewer_shows_names_not_codes(world, login):  # noqa: F811
    staff, deputy = world[Role.STAFF], world[Role.DEPUTY]
    user_update(actor=staff, user=deputy, full_name="赵代表二")
    record_event(actor=staff, action="auth.login", target=staff)
    client = login(world[Role.AUDIT_ADMIN])
    html = client.get(reverse("audit:event_list")).content.decode()
    table = html[html.index('id="event-table"') :]
    assert "登录" in table and "修改用户" in table and "授予角色" in table
    assert "用户 赵代表二" in table
    for code in ("auth.login", "user.update", "permission.grant", "core.user", "core.membership"):
        assert f">{code}" not in table and f"{code}#" not in table, code
    event = Event.objects.get(action="user.update")
    detail = client.get(reverse("audit:event_detail", args=[event.pk])).content.decode()
    assert "修改用户" in detail and "用户 赵代表二" in detail
    assert "core.user#" not in detail and ">user.update<" not in detail
    # the filter offers names; the codes are its values
    form = client.get(reverse("audit:event_list")).context["form"]
    assert ("auth.", "全部:登录与会话") in dict(form.fields["action"].choices)["按类别"]
    assert ("core.user", "用户") in form.fields["target_type"].choices


def test_event_without_name_reads_type_and_number(db):
    event = Event(target_type="core.user", target_id="3", target_repr="")
    assert target_label(event) == "用户(编号 3)"
    assert target_label(Event(target_type="", target_id="", target_repr="")) == ""


def test_change_record_keys_read_in_chinese_with_the_code_beside(db):
    from renda.audit.labels import field_label

    assert field_label("audit.event", "filters") == "筛选条件"
    assert field_label("core.user", "no_such_field") == "字段"
    assert field_label("", "") == ""
