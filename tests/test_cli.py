"""The command line `closereading stats [PATH] [--json]`: output on the course text and on
a teacher's own file, and clear errors (a message and a non-zero exit, no traceback)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from closereading import cli, safeio, stats


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_course_text_as_text(capsys):
    code, out, err = run(capsys, "stats")
    assert code == 0 and err == ""
    assert out.startswith("III. China's Foreign Policies for Pursuing Peaceful Development")
    assert "Whole text" in out and "1414" in out
    assert "3: security 19" in out
    assert "Flesch reading ease" in out


def test_course_text_as_json(capsys):
    code, out, err = run(capsys, "stats", "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert [s["id"] for s in data["sections"]] == ["0", "1", "2", "3", "4", "5"]
    for section in data["sections"]:
        assert {"id", "title", "tokens", "types", "sentences", "frequencies"} <= set(section)
        assert sum(section["frequencies"].values()) == section["tokens"]
        assert len(section["frequencies"]) == section["types"]
        counts = list(section["frequencies"].values())
        assert counts == sorted(counts, reverse=True)
    assert data["sections"][3]["frequencies"]["security"] == 19
    assert data["tokens"] == len(stats.course_corpus()) == 1414
    assert data["sentences"] == sum(s["sentences"] for s in data["sections"])


def test_another_file_with_headings(tmp_path, capsys):
    path = tmp_path / "mine.txt"
    path.write_text("An opening paragraph. It has two sentences.\n\n-- First part\n\n"
                    "Peace, peace and more peace!\n\n-- Second part\n\nThe end.\n",
                    encoding="utf-8")
    code, out, err = run(capsys, "stats", str(path), "--json")
    assert code == 0 and err == ""
    data = json.loads(out)
    assert data["source"] == "mine.txt"
    assert [(s["id"], s["title"], s["tokens"], s["sentences"]) for s in data["sections"]] == [
        ("0", "Before the first heading", 7, 2), ("1", "First part", 5, 1),
        ("2", "Second part", 2, 1)]
    assert data["sections"][1]["frequencies"] == {"peace": 3, "and": 1, "more": 1}


def test_another_file_without_headings_is_one_section(tmp_path, capsys):
    path = tmp_path / "plain.txt"
    path.write_text("Über alles: a test.\n\nAnd a second paragraph -- with a dash.",
                    encoding="utf-8")
    code, out, err = run(capsys, "stats", str(path), "--json")
    data = json.loads(out)
    assert code == 0 and len(data["sections"]) == 1
    assert data["sections"][0]["title"] == "Whole text"
    assert data["sections"][0]["tokens"] == 11 and data["sections"][0]["frequencies"]["über"] == 1
    code, out, err = run(capsys, "stats", str(path))
    assert code == 0 and "Whole text" in out


@pytest.mark.parametrize("content,message", [
    (b"", "the file is empty"),
    (b"  \n\n\t\n", "the file is empty"),
    (b"!!! ... ---", "the file has no words to count"),
    (b"caf\xe9 au lait", "is not valid UTF-8"),
    (b"-- A heading alone\n", "has no paragraph after it"),
])
def test_bad_files_give_a_message_and_exit_1(tmp_path, capsys, content, message):
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    code, out, err = run(capsys, "stats", str(path))
    assert code == 1 and out == ""
    assert err.startswith("closereading stats: error: ") and message in err
    assert "Traceback" not in err and len(err.splitlines()) == 1


def test_missing_file_and_folder(tmp_path, capsys):
    code, out, err = run(capsys, "stats", str(tmp_path / "nope.txt"))
    assert code == 1 and "nope.txt: no such file" in err
    code, out, err = run(capsys, "stats", str(tmp_path))
    assert code == 1 and "is a folder, not a text file" in err


def test_unreadable_file(tmp_path, capsys, monkeypatch):
    path = tmp_path / "locked.txt"
    path.write_text("words", encoding="utf-8")

    def refuse(*args, **kwargs):
        raise PermissionError(13, "Permission denied")
    monkeypatch.setattr(safeio.os, "open", refuse)
    code, out, err = run(capsys, "stats", str(path))
    assert code == 1 and "permission denied" in err


def test_usage_errors_exit_2(capsys):
    assert run(capsys, "stats", "--nonsense")[0] == 2
    assert run(capsys)[0] == 2
    assert run(capsys, "frobnicate")[0] == 2
    code, out, err = run(capsys, "stats", "--help")
    assert code == 0 and "--json" in out


def test_python_dash_m_and_the_console_script(tmp_path):
    out = subprocess.run([sys.executable, "-m", "closereading", "stats", "--json"],
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert len(json.loads(out.stdout)["sections"]) == 6
    missing = subprocess.run([sys.executable, "-m", "closereading", "stats",
                              str(tmp_path / "none.txt")], capture_output=True, text=True,
                             timeout=120)
    assert missing.returncode == 1 and "Traceback" not in missing.stderr
    script = Path(sys.executable).with_name("closereading")   # from the editable install
    assert script.exists(), "the console script is missing: reinstall the package (make lab)"
    out = subprocess.run([str(script), "stats"], capture_output=True, text=True, timeout=120)
    assert out.returncode == 0 and "Whole text" in out.stdout


def test_the_course_capture_named_by_path_is_parsed_as_the_course_text(capsys):
    from closereading.paths import source_path
    code, by_path, _ = run(capsys, "stats", str(source_path()), "--json")
    code_default, default, _ = run(capsys, "stats", "--json")
    assert code == code_default == 0
    assert json.loads(by_path)["sections"] == json.loads(default)["sections"]
