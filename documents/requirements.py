"""What a template of each kind must keep (issue 12, point 2), as data.

documents/data/template_requirements.yml lists, per kind, the context variables a template must
use ("totals.total|words" means printed through the `words` filter) and, for contracts, one
marker per clause of domain.md §5: a Jinja comment ``{# clause: data_handover #}`` placed in
that clause, which prints nothing. An upload missing any of them is refused with the list.
"""
from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import yaml
from flask_babel import gettext as _
from jinja2 import nodes
from jinja2.sandbox import SandboxedEnvironment

REQUIREMENTS_FILE = Path(__file__).parent / "data" / "template_requirements.yml"
CLAUSE_MARKER = re.compile(r"\{#-?[pr]?\s*clause:\s*([a-z_]+)\s*-?#\}")


def _flatten(items: list) -> list[dict]:
    """YAML anchors put shared lists inside lists; one flat list of entries."""
    flat: list[dict] = []
    for item in items:
        flat.extend(_flatten(item) if isinstance(item, list) else [item])
    return flat


@cache
def requirements() -> dict[str, dict[str, list[dict]]]:
    """Kind -> {"variables": [{name, label}], "clauses": [{key, label}]}."""
    data = yaml.safe_load(REQUIREMENTS_FILE.read_text(encoding="utf-8"))
    return {kind: {"variables": _flatten(spec.get("variables", [])),
                   "clauses": _flatten(spec.get("clauses", []))}
            for kind, spec in data.items() if not kind.startswith("_")}


def clause_marker(key: str) -> str:
    """The marker a template puts in a clause."""
    return "{# clause: %s #}" % key


def _dotted(node: nodes.Node) -> str | None:
    """'party_a.name' for the expression party_a.name (or party_a['name']), else None."""
    parts: list[str] = []
    while isinstance(node, (nodes.Getattr, nodes.Getitem)):
        if isinstance(node, nodes.Getattr):
            parts.append(node.attr)
        elif isinstance(node.arg, nodes.Const) and isinstance(node.arg.value, str):
            parts.append(node.arg.value)
        else:
            return None
        node = node.node
    if not isinstance(node, nodes.Name):
        return None
    return ".".join([node.name, *reversed(parts)])


def used(sources: dict[str, list[str]], env: SandboxedEnvironment) -> tuple[set[str], set[str]]:
    """The variables (with "name|filter" for filtered ones) and clause markers of a template's
    patched parts."""
    names: set[str] = set()
    clauses: set[str] = set()
    for lines in sources.values():
        text = "\n".join(lines)
        clauses.update(CLAUSE_MARKER.findall(text))
        tree = env.parse(text)
        for node in tree.find_all((nodes.Name, nodes.Getattr, nodes.Getitem)):
            if name := _dotted(node):
                names.add(name)
        for node in tree.find_all(nodes.Filter):
            if name := _dotted(node.node):
                names.add(f"{name}|{node.name}")
    return names, clauses


def missing(kind: str, sources: dict[str, list[str]], env: SandboxedEnvironment) -> list[str]:
    """One line per required variable or clause marker the template lacks."""
    spec = requirements().get(kind, {"variables": [], "clauses": []})
    names, clauses = used(sources, env)
    problems = [_("Mẫu thiếu “%(label)s”: cần dùng biến “{{ %(name)s }}”.", label=item["label"],
                  name=item["name"])
                for item in spec["variables"] if item["name"] not in names]
    problems += [_("Mẫu thiếu điều khoản “%(label)s”: cần đánh dấu “%(marker)s” trong điều "
                   "khoản đó.", label=item["label"], marker=clause_marker(item["key"]))
                 for item in spec["clauses"] if item["key"] not in clauses]
    return problems
