"""YAML (and JSON) to plain Python data, safely, remembering the line of every field.

PyYAML composes the node graph; construction is ours so that duplicate keys are refused,
only the standard scalar tags are accepted (``!!python/object`` and friends never run),
alias expansion and nesting are bounded, and each field path maps to its source line.
"""

from __future__ import annotations

from typing import Any

import yaml
from yaml.constructor import SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:
    from yaml import CSafeLoader as _Loader
except ImportError:  # pragma: no cover - PyYAML without libyaml
    from yaml import SafeLoader as _Loader  # type: ignore[assignment]

Path = tuple[str | int, ...]
SAFE_TAGS = frozenset(f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "timestamp", "map", "seq"))
MAX_DEPTH = 40
MAX_NODES = 50_000


class YamlProblem(Exception):
    """A problem at a 1-based line of the YAML text."""

    def __init__(self, message: str, line: int | None, path: Path = (), first_line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.path = path
        self.first_line = first_line


class _Builder:
    def __init__(self) -> None:
        self.lines: dict[Path, int] = {}
        self.scalars = SafeConstructor()
        self.count = 0
        self.block_scalars: set[Path] = set()

    def build(self, node: Node, path: Path, depth: int) -> Any:
        self.count += 1
        line = node.start_mark.line + 1
        if depth > MAX_DEPTH:
            raise YamlProblem(f"nested more than {MAX_DEPTH} levels deep", line, path)
        if self.count > MAX_NODES:
            raise YamlProblem(f"more than {MAX_NODES} values (alias expansion?)", line, path)
        if node.tag not in SAFE_TAGS:
            raise YamlProblem(f"YAML tag {node.tag!r} is not allowed: articles hold plain data only",
                              line, path)
        self.lines.setdefault(path, line)
        if isinstance(node, MappingNode):
            result: dict[str, Any] = {}
            for key_node, value_node in node.value:
                if not isinstance(key_node, ScalarNode):
                    raise YamlProblem("a key must be plain text", key_node.start_mark.line + 1, path)
                key = str(self.scalars.construct_object(key_node))
                key_line = key_node.start_mark.line + 1
                if key in result:
                    raise YamlProblem(f"duplicate key {key!r}", key_line, path + (key,),
                                      first_line=self.lines[path + (key,)])
                self.lines[path + (key,)] = key_line
                if isinstance(value_node, ScalarNode) and value_node.style in ("|", ">"):
                    self.block_scalars.add(path + (key,))
                result[key] = self.build(value_node, path + (key,), depth + 1)
            return result
        if isinstance(node, SequenceNode):
            return [self.build(item, path + (i,), depth + 1) for i, item in enumerate(node.value)]
        try:
            return self.scalars.construct_object(node)
        except ValueError as exc:
            raise YamlProblem(f"{node.value!r} is not a valid value: {exc}", line, path) from None


def load_yaml(text: str) -> tuple[Any, dict[Path, int], set[Path]]:
    """Parse one YAML document: (data, line of each field path, paths of block scalars)."""
    try:
        node = yaml.compose(text, Loader=_Loader)
    except yaml.MarkedYAMLError as exc:
        # an unclosed quote is found at the end of the text: point at where it opened
        opened = exc.context and "quoted scalar" in exc.context
        mark = (exc.context_mark if opened else None) or exc.problem_mark or exc.context_mark
        problem = " ".join(p for p in (exc.context, exc.problem) if p) or "invalid YAML"
        raise YamlProblem(f"invalid YAML: {problem}", mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(f"invalid YAML: {exc}", None) from None
    if node is None:
        return None, {}, set()
    builder = _Builder()
    try:
        data = builder.build(node, (), 0)
    except yaml.constructor.ConstructorError as exc:
        mark = exc.problem_mark
        raise YamlProblem(f"invalid YAML value: {exc.problem}", mark.line + 1 if mark else None) from None
    return data, builder.lines, builder.block_scalars
