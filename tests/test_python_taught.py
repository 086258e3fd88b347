"""The Python that notebook 00 teaches covers the Python the exercises use (issue 24).

00's "Python for this course" promises that the exercises use only what it shows. Here
"what it shows" is read from 00's worked examples themselves (its code cells tagged
``example``), as constructs: the statements and expressions (``for``, ``if``, a list
comprehension, slicing, a dict ...), the operators, and the functions and methods called.
Every exercise's starting code and reference solution is parsed the same way, and so is
every piece of code in backticks in a task or a hint that reads as Python (a hint that
says "use `enumerate`" asks for a construct too). Each construct used must be one that 00
shows; the message names the exercise, the construct and its line.
"""

import ast
import json
import re
from pathlib import Path

import pytest

from closereading import exercises as E

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "00-start-here.ipynb"

OPS = {ast.Add: "+", ast.Sub: "-", ast.Mult: "*", ast.Div: "/", ast.FloorDiv: "//",
       ast.Mod: "%", ast.Pow: "**", ast.Eq: "==", ast.NotEq: "!=", ast.Lt: "<", ast.Gt: ">",
       ast.LtE: "<=", ast.GtE: ">=", ast.In: "in", ast.NotIn: "not in", ast.Is: "is",
       ast.IsNot: "is not", ast.And: "and", ast.Or: "or", ast.Not: "not",
       ast.USub: "a negative number"}
NAMES = {ast.FunctionDef: "def", ast.Return: "return", ast.For: "for", ast.If: "if",
         ast.ListComp: "a list comprehension", ast.DictComp: "a dict comprehension",
         ast.SetComp: "a set comprehension", ast.GeneratorExp: "a generator expression",
         ast.Lambda: "lambda", ast.Dict: "a dict", ast.List: "a list",
         ast.Tuple: "a pair (tuple)", ast.While: "while", ast.Break: "break",
         ast.Continue: "continue", ast.IfExp: "x if c else y", ast.Try: "try",
         ast.With: "with", ast.Set: "a set", ast.JoinedStr: "an f-string",
         ast.Starred: "*unpacking", ast.Assert: "assert", ast.Global: "global",
         ast.ClassDef: "class", ast.Yield: "yield", ast.Pass: "pass"}
# Nodes that carry no construct of their own (their parts are classified instead).
NEUTRAL = (ast.Module, ast.Expr, ast.Constant, ast.Name, ast.expr_context, ast.arguments,
           ast.arg, ast.alias, ast.Assign, ast.Attribute, ast.operator, ast.cmpop,
           ast.boolop, ast.unaryop, ast.comprehension, ast.keyword, ast.Slice,
           ast.FormattedValue, ast.Pass)
# The course's own modules that a task names for the learner to run (``context.record()``
# shows the record): calling them is not Python to learn. `stats`, whose functions the
# learner's code calls, is not among them: 00 shows `stats.words` and `stats.sentences`.
COURSE_MODULES = {"context", "text", "quiz", "exercises", "reading", "course", "views",
                  "excerpts", "explorers", "plots"}


def constructs(tree: ast.AST) -> dict[str, int]:
    """Each construct used in a tree of Python, with the first line that uses it. A call of
    a function that the same code defines is not a construct (it is the learner's own)."""
    own = {n.name for n in ast.walk(tree) if isinstance(n, ast.FunctionDef)}
    found: dict[str, int] = {}
    for node in ast.walk(tree):
        names = []
        if isinstance(node, ast.Subscript):
            names.append("slicing" if isinstance(node.slice, ast.Slice) else "indexing")
        elif isinstance(node, ast.Call):
            f = node.func
            if isinstance(f, ast.Name) and f.id not in own:
                names.append(f"{f.id}()")
            elif isinstance(f, ast.Attribute) and not (
                    isinstance(f.value, ast.Name) and f.value.id in COURSE_MODULES):
                names.append(f".{f.attr}()")
            if node.keywords:
                names.append("a keyword argument")
        elif isinstance(node, (ast.BinOp, ast.BoolOp, ast.UnaryOp)):
            names.append(OPS.get(type(node.op), type(node.op).__name__))
        elif isinstance(node, ast.Compare):
            names += [OPS.get(type(op), type(op).__name__) for op in node.ops]
        elif isinstance(node, ast.AugAssign):
            names.append(OPS.get(type(node.op), "?") + "=")
        elif isinstance(node, ast.ImportFrom):
            names.append(f"from {node.module} import")
        elif isinstance(node, ast.Import):
            names += [f"import {a.name}" for a in node.names]
        elif not isinstance(node, NEUTRAL):
            names.append(NAMES.get(type(node), type(node).__name__))
        for name in names:
            found.setdefault(name, getattr(node, "lineno", 0))
    return found


def taught() -> dict[str, int]:
    """What 00's worked examples show: construct -> the number of the example cell."""
    nb = json.loads(NOTEBOOK.read_text(encoding="utf-8"))
    shown: dict[str, int] = {}
    examples = [c for c in nb["cells"] if c["cell_type"] == "code"
                and "example" in c.get("metadata", {}).get("tags", [])]
    assert examples, "notebook 00 has no worked examples (code cells tagged 'example')"
    for i, cell in enumerate(examples, 1):
        for name in constructs(ast.parse("".join(cell["source"]))):
            shown.setdefault(name, i)
    return shown


def code_spans(text: str) -> list[ast.AST]:
    """The pieces of code in backticks of a task or a hint that read as Python; a piece
    that opens a block (``for i in range(n):``) is completed with ``pass``."""
    trees = []
    for span in re.findall(r"`([^`]+)`", text):
        for candidate in (span, span + "\n    pass"):
            try:
                trees.append(ast.parse(candidate))
                break
            except SyntaxError:
                continue
    return trees


EXERCISES = [ex for found in E.load_all().values() for ex in found]


def used(ex) -> list[tuple[str, str, int]]:
    """(where, construct, line) for everything an exercise asks a learner to write or
    read: its starter, its solution, and the code in its task and hints."""
    out = []
    for where, code in (("starter", ex.starter), ("solution", ex.solution)):
        out += [(where, c, line) for c, line in constructs(ast.parse(code)).items()]
    for where, text in [("task", ex.task)] + [(f"hint {i}", h) for i, h in
                                               enumerate(ex.hints, 1)]:
        for tree in code_spans(text):
            out += [(where, c, 0) for c in constructs(tree)]
    return out


@pytest.mark.parametrize("ex", EXERCISES, ids=lambda ex: f"{ex.notebook[:2]}-{ex.id}")
def test_every_construct_an_exercise_uses_is_one_notebook_00_shows(ex):
    shown = taught()
    missing = sorted({f"{c} ({where}" + (f", line {line})" if line else ")")
                      for where, c, line in used(ex) if c not in shown})
    assert not missing, (f"{ex.notebook}, exercise {ex.id!r} uses what notebook 00's "
                         f"'Python for this course' does not show: {', '.join(missing)}. "
                         f"Show it in a worked example of 00 (a code cell tagged "
                         f"'example'), or write the exercise without it.")


def test_what_00_promises_in_words_is_what_it_shows():
    """The list of the first paragraph matches the examples: each kind named there is
    shown by an example cell."""
    shown = taught()
    for name in ("for", "if", "range()", "a dict", "a list comprehension", "def", "return",
                 "slicing", "indexing", ".words()", ".sentences()", ".get()", ".items()",
                 "a pair (tuple)", "+=", "and", "not in", "set()", ".join()", ".append()",
                 ".count()"):
        assert name in shown, name


def test_the_scan_sees_what_a_beginner_is_not_taught():
    """Planted: a solution written with the constructs issue 24 found (enumerate, any,
    next, lambda, a generator expression, Counter) is refused, each named."""
    code = ("from collections import Counter\n"
            "def f(text, word):\n"
            "    ws = list(enumerate(text))\n"
            "    first = next((w for w in ws if any(x for x in w)), None)\n"
            "    return max(ws, key=lambda p: p[0]), Counter(ws)\n")
    found = constructs(ast.parse(code))
    shown = taught()
    refused = {c for c in found if c not in shown}
    assert {"from collections import", "enumerate()", "next()", "any()", "lambda",
            "a generator expression", "Counter()", "max()", "a keyword argument",
            "list()"} <= refused
    assert "def" not in refused and "return" not in refused


def test_code_in_a_hint_counts_too():
    trees = code_spans("Loop with `for i, w in enumerate(words):` and use `words[i:j]`.")
    names = set().union(*(constructs(t) for t in trees))
    assert {"for", "enumerate()", "slicing", "a pair (tuple)"} <= names


def test_a_function_the_solution_defines_is_not_a_construct():
    code = "def helper(x):\n    return x\n\ndef f(t):\n    return helper(t)\n"
    assert "helper()" not in constructs(ast.parse(code))
