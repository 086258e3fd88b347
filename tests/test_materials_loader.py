"""The YAML loader and the error type shared by every kind of material."""

import pytest

from closereading.materials import MaterialsError, Problem, Problems, load_yaml, parse_yaml


def test_lines_are_remembered():
    data = parse_yaml("- id: a\n  prompt: p\n- id: b\n  prompt: q\n", "x.yml")
    assert data.lines == [1, 3]
    assert data[1].line == 3 and data[1].line_of("prompt") == 4


def test_yes_no_stay_text_and_paragraph_ids_stay_strings():
    data = parse_yaml("options: [Yes, No, on, off]\nanswer: true\nparagraph: 1.10\nn: 3\n")
    assert data["options"] == ["Yes", "No", "on", "off"]
    assert data["answer"] is True
    assert data["paragraph"] == "1.10"
    assert data["n"] == 3


def test_syntax_error_names_file_and_line():
    with pytest.raises(MaterialsError) as info:
        parse_yaml("- id: a\n  prompt: [unclosed\n- id: b\n", "materials/quizzes/x.yml")
    msg = str(info.value)
    assert msg.startswith("materials/quizzes/x.yml, line ")
    assert "YAML syntax error" in msg
    assert info.value.problems[0].line in (2, 3)


def test_duplicate_key_is_an_error():
    with pytest.raises(MaterialsError, match=r"x.yml, line 3: the key 'id' appears twice"):
        parse_yaml("- id: a\n  prompt: p\n  id: b\n", "x.yml")


def test_missing_file(tmp_path):
    with pytest.raises(MaterialsError, match="missing.yml: file not found"):
        load_yaml(tmp_path / "missing.yml")


def test_not_utf8(tmp_path):
    path = tmp_path / "latin.yml"
    path.write_bytes(b"note: caf\xe9\n")
    with pytest.raises(MaterialsError, match="latin.yml: not UTF-8 text"):
        load_yaml(path)


def test_problem_names_file_line_item_and_field():
    p = Problem("materials/quizzes/01.yml", "is required", item="q1", field="answer", line=7)
    assert str(p) == "materials/quizzes/01.yml, line 7, item 'q1', field 'answer': is required"


def test_problems_are_raised_together_and_render_briefly():
    problems = Problems()
    problems.add("a.yml", "first")
    problems.add("b.yml", "second", item="x", field="y")
    with pytest.raises(MaterialsError) as info:
        problems.raise_if_any()
    assert str(info.value) == ("2 problems in the materials:\n  - a.yml: first\n"
                               "  - b.yml, item 'x', field 'y': second")
    rendered = info.value._render_traceback_()
    assert rendered[0].startswith("MaterialsError: 2 problems") and len(rendered) == 2


def _with_base(base):
    """The course's loader rebuilt on ``base`` (PyYAML's pure-Python or libyaml parser)."""
    import yaml
    from closereading import materials as M

    class Loader(base):
        pass
    Loader.yaml_implicit_resolvers = M._Loader.yaml_implicit_resolvers
    Loader.yaml_constructors = M._Loader.yaml_constructors
    return Loader


def _deep(x):
    """A value with the lines each map and list remembers, for comparing two parses."""
    if isinstance(x, dict):
        return ("map", x.line, dict(x.lines), {k: _deep(v) for k, v in x.items()})
    if isinstance(x, list):
        return ("list", x.line, list(x.lines), [_deep(v) for v in x])
    return x


def test_the_fast_parser_reads_every_materials_file_as_the_pure_one_does():
    """The course parses its materials on libyaml where PyYAML has it (seven times faster
    in every learner's kernel); a file must mean the same, with the same lines, either way."""
    import yaml
    from closereading import materials as M
    from closereading.paths import materials_dir
    assert M._Loader.__mro__[1] is yaml.CSafeLoader   # the fast one is in use here
    files = sorted(materials_dir().rglob("*.yml"))
    assert len(files) >= 20
    for path in files:
        text = path.read_text(encoding="utf-8")
        fast = yaml.load(text, Loader=_with_base(yaml.CSafeLoader))  # noqa: S506
        pure = yaml.load(text, Loader=_with_base(yaml.SafeLoader))  # noqa: S506
        assert _deep(fast) == _deep(pure), path


@pytest.mark.parametrize("text", ["a: 1\nb: [1, 2\nc: 3\n", "a:\n  - x\n - y\n",
                                  "a: 1\na: 2\n", "on: yes\nx: 1.5\nok: true\n"])
def test_the_fast_parser_reports_errors_and_values_as_the_pure_one_does(text):
    import yaml

    def parse(base):
        try:
            return "ok", _deep(yaml.load(text, Loader=_with_base(base)))  # noqa: S506
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            return "error", mark.line + 1
        except Exception as exc:  # noqa: BLE001 - the duplicate-key error of the course
            return type(exc).__name__, getattr(exc, "line", None)
    assert parse(yaml.CSafeLoader) == parse(yaml.SafeLoader)
