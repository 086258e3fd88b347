"""Loading the course materials (YAML) with errors that name the file, item and field.

Teachers edit ``materials/`` by hand, so every problem found there is reported as a
:class:`Problem` naming the file, the line, the item (a question id, an annotation number)
and the field, and all problems found in one pass are raised together in one
:class:`MaterialsError`. In a notebook the error shows as its message alone, without a
deep traceback.

The YAML dialect is YAML 1.1 as PyYAML reads it, with two changes that protect teachers
from surprises:

* only ``true`` and ``false`` are booleans (``yes``, ``no``, ``on`` and ``off`` stay
  strings, so an option "No" is not turned into ``False``);
* numbers with a decimal point stay strings, so a paragraph id written ``1.6`` stays
  ``"1.6"`` (and ``1.10`` does not become ``1.1``).

Mappings and lists keep the line of each entry (``.line`` and ``.lines``) for messages.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable

import yaml

from closereading.paths import materials_dir, repo_root


@dataclass(frozen=True)
class Problem:
    file: str
    message: str
    item: str | None = None
    field: str | None = None
    line: int | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.line:
            where.append(f"line {self.line}")
        if self.item is not None:
            where.append(f"item {self.item!r}")
        if self.field is not None:
            where.append(f"field {self.field!r}")
        return ", ".join(where) + ": " + self.message


class MaterialsError(ValueError):
    """One or more problems in the materials, each naming file, item and field."""

    def __init__(self, problems: Problem | Iterable[Problem]):
        self.problems = [problems] if isinstance(problems, Problem) else list(problems)
        super().__init__(self._message())

    def _message(self) -> str:
        if len(self.problems) == 1:
            return str(self.problems[0])
        lines = [f"{len(self.problems)} problems in the materials:"]
        lines += [f"  - {p}" for p in self.problems]
        return "\n".join(lines)

    def _render_traceback_(self):  # IPython shows this instead of a deep traceback
        return [f"{type(self).__name__}: {self}",
                "Fix what is named above in the file, save it and run the cell again."]


class Problems:
    """Collects problems during validation, then raises them together."""

    def __init__(self):
        self.items: list[Problem] = []

    def add(self, file, message, *, item=None, field=None, line=None) -> None:
        self.items.append(Problem(display_path(file), message, item, field, line))

    def __bool__(self) -> bool:
        return bool(self.items)

    def raise_if_any(self) -> None:
        if self.items:
            raise MaterialsError(self.items)


def load_each(load, names) -> dict:
    """``{name: load(name)}`` for every name; the problems of all of them in one error."""
    result, problems = {}, []
    for name in names:
        try:
            result[name] = load(name)
        except MaterialsError as exc:
            problems += exc.problems
    if problems:
        raise MaterialsError(problems)
    return result


def display_path(path) -> str:
    """A path as a teacher would recognise it: relative to the repository where possible."""
    path = Path(path)
    for base in (repo_root(), Path.cwd()):
        try:
            return path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return str(path)


# ---------------------------------------------------------------------------------------
# YAML with line numbers


class YMap(dict):
    """A mapping from YAML that remembers the line of itself and of each key."""
    line: int | None = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.lines: dict[Any, int] = {}

    def line_of(self, key) -> int | None:
        return self.lines.get(key, self.line)


class YList(list):
    """A list from YAML that remembers the line of itself and of each entry."""
    line: int | None = None

    def __init__(self, *args):
        super().__init__(*args)
        self.lines: list[int] = []

    def line_of(self, index: int) -> int | None:
        return self.lines[index] if 0 <= index < len(self.lines) else self.line


class _Loader(getattr(yaml, "CSafeLoader", yaml.SafeLoader)):  # type: ignore[misc]
    """PyYAML's safe loader, on libyaml's parser where PyYAML has it (about seven times
    faster: the materials are parsed in every learner's kernel), with the course's
    resolvers and line-keeping constructors below."""


# Booleans: YAML 1.2 spellings only; no implicit floats.
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers
            if tag not in ("tag:yaml.org,2002:bool", "tag:yaml.org,2002:float")]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}
_Loader.add_implicit_resolver("tag:yaml.org,2002:bool",
                              re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
                              list("tTfF"))


class _DuplicateKey(Exception):
    def __init__(self, key, line):
        self.key, self.line = key, line


def _construct_map(loader: _Loader, node: yaml.MappingNode) -> YMap:
    loader.flatten_mapping(node)
    result = YMap()
    result.line = node.start_mark.line + 1
    for key_node, value_node in node.value:
        key = loader.construct_object(key_node, deep=True)
        if key in result:
            raise _DuplicateKey(key, key_node.start_mark.line + 1)
        result[key] = loader.construct_object(value_node, deep=True)
        result.lines[key] = key_node.start_mark.line + 1
    return result


def _construct_list(loader: _Loader, node: yaml.SequenceNode) -> YList:
    result = YList(loader.construct_object(child, deep=True) for child in node.value)
    result.line = node.start_mark.line + 1
    result.lines = [child.start_mark.line + 1 for child in node.value]
    return result


_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _construct_map)
_Loader.add_constructor(yaml.resolver.BaseResolver.DEFAULT_SEQUENCE_TAG, _construct_list)


def parse_yaml(text: str, path="<yaml>") -> Any:
    """Parse YAML text; errors become a MaterialsError naming the file and line."""
    name = display_path(path)
    try:
        return yaml.load(text, Loader=_Loader)  # noqa: S506 - a SafeLoader subclass
    except _DuplicateKey as exc:
        raise MaterialsError(Problem(name, f"the key {exc.key!r} appears twice in one "
                                           "entry", line=exc.line)) from None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = " ".join(x for x in (exc.context, exc.problem) if x)
        raise MaterialsError(Problem(name, f"YAML syntax error: {what}", line=line)) from None
    except yaml.YAMLError as exc:
        raise MaterialsError(Problem(name, f"YAML syntax error: {exc}")) from None


def load_yaml(path) -> Any:
    """Read and parse a YAML file (UTF-8)."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise MaterialsError(Problem(display_path(path), "file not found")) from None
    except UnicodeDecodeError as exc:
        raise MaterialsError(Problem(display_path(path), f"not UTF-8 text ({exc.reason} at "
                                                         f"byte {exc.start})")) from None
    except OSError as exc:
        raise MaterialsError(Problem(display_path(path), f"cannot read ({exc.strerror})")) from None
    return parse_yaml(text, path)


def materials_file(*parts: str) -> Path:
    return materials_dir().joinpath(*parts)


# ---------------------------------------------------------------------------------------
# Small field checks shared by every loader


def require_str(entry: YMap, key: str, problems: Problems, file, item, *, optional=False):
    value = entry.get(key)
    if value is None:
        if not optional:
            problems.add(file, "is required", item=item, field=key, line=entry.line)
        return None
    if isinstance(value, bool) or not isinstance(value, (str, int)):
        problems.add(file, f"should be text, not {type(value).__name__}", item=item,
                     field=key, line=entry.line_of(key))
        return None
    value = str(value).strip()
    if not value and not optional:
        problems.add(file, "is empty", item=item, field=key, line=entry.line_of(key))
        return None
    return value


def require_list(entry: YMap, key: str, problems: Problems, file, item, *, optional=False):
    value = entry.get(key)
    if value is None:
        if not optional:
            problems.add(file, "is required", item=item, field=key, line=entry.line)
        return None
    if not isinstance(value, list):
        problems.add(file, f"should be a list, not {type(value).__name__}", item=item,
                     field=key, line=entry.line_of(key))
        return None
    return value


def unknown_keys(entry: YMap, allowed: Iterable[str], problems: Problems, file, item) -> None:
    allowed = set(allowed)
    for key in entry:
        if key not in allowed:
            problems.add(file, f"unknown field (known fields: {', '.join(sorted(allowed))})",
                         item=item, field=str(key), line=entry.line_of(key))
