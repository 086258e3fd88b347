"""The command line at its edges (issue 14): `--top` obeyed, refused when negative and
harmless when huge; a loop of symbolic links and a file name too long for the system give
a one-line message and exit status 1, never a traceback."""

import json
import os
import subprocess
import sys

import pytest

from closereading import cli

TEXT = ("Peace and trade. Peace and order. Peace, trade and order again.\n\n"
        "Order comes after peace; trade comes after order.\n")


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def plain(tmp_path):
    path = tmp_path / "plain.txt"
    path.write_text(TEXT, encoding="utf-8")
    return path


def top_line(out):
    """The one line of top words of the only section ("  1: word n, word n")."""
    lines = [line for line in out.splitlines() if line.startswith("  1: ")]
    assert len(lines) == 1, out
    return lines[0][len("  1: "):]


def assert_one_line_error(code, out, err, *fragments):
    assert code == 1 and out == ""
    assert err.startswith("closereading stats: error: "), err
    assert len(err.splitlines()) == 1 and "Traceback" not in err
    for fragment in fragments:
        assert fragment in err


def test_top_limits_the_top_words(plain, capsys):
    # Worked by hand: order 4, peace 4, trade 3, comes 2, again 1 ("and" and "after" are
    # stopwords); ties in alphabetical order.
    code, out, err = run(capsys, "stats", str(plain), "--top", "2")
    assert code == 0 and err == ""
    assert top_line(out) == "order 4, peace 4"
    code, out, _ = run(capsys, "stats", str(plain), "--top", "1")
    assert top_line(out) == "order 4"
    code, out, _ = run(capsys, "stats", str(plain))   # the default is 10: every word here
    assert top_line(out) == "order 4, peace 4, trade 3, comes 2, again 1"


def test_top_zero_prints_no_words(plain, capsys):
    code, out, err = run(capsys, "stats", str(plain), "--top", "0")
    assert code == 0 and top_line(out) == "(none)"


def test_huge_top_prints_every_word(plain, capsys):
    code, out, err = run(capsys, "stats", str(plain), "--top", "9" * 40)
    assert code == 0 and err == ""
    assert top_line(out) == "order 4, peace 4, trade 3, comes 2, again 1"


@pytest.mark.parametrize("value", ["-1", "-999999999999999999999"])
def test_negative_top_is_a_one_line_error(plain, capsys, value):
    code, out, err = run(capsys, "stats", str(plain), "--top", value)
    assert_one_line_error(code, out, err, "--top must be 0 or more")


def test_top_that_is_not_a_number_is_a_usage_error(plain, capsys):
    code, out, err = run(capsys, "stats", str(plain), "--top", "many")
    assert code == 2 and "Traceback" not in err and "invalid int value" in err


def test_a_loop_of_symbolic_links(tmp_path, capsys):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    os.symlink(b, a)
    os.symlink(a, b)
    code, out, err = run(capsys, "stats", str(a))
    assert_one_line_error(code, out, err, "a.txt: cannot read the file",
                          "symbolic links")


def test_a_symbolic_link_to_itself(tmp_path, capsys):
    me = tmp_path / "me.txt"
    os.symlink(me, me)
    code, out, err = run(capsys, "stats", str(me))
    assert_one_line_error(code, out, err, "me.txt: cannot read the file")


def test_a_300_character_file_name(tmp_path, capsys):
    name = "x" * 296 + ".txt"
    code, out, err = run(capsys, "stats", str(tmp_path / name))
    assert_one_line_error(code, out, err, name, "cannot read the file",
                          "File name too long")


def test_a_folder_is_still_named_as_a_folder(tmp_path, capsys):
    code, out, err = run(capsys, "stats", str(tmp_path))
    assert_one_line_error(code, out, err, "is a folder, not a text file")


def test_a_symbolic_link_to_a_good_file_is_read(plain, tmp_path, capsys):
    link = tmp_path / "link.txt"
    os.symlink(plain, link)
    code, out, err = run(capsys, "stats", str(link), "--json")
    assert code == 0 and json.loads(out)["tokens"] == 19


def test_the_installed_command_gives_no_traceback_either(tmp_path):
    # The same checks through a real process: exit status and stderr as a user sees them.
    a = tmp_path / "loop.txt"
    os.symlink(a, a)
    for argv in ([str(a)], [str(tmp_path / ("y" * 300))], ["--top", "-5"]):
        done = subprocess.run([sys.executable, "-m", "closereading", "stats", *argv],
                              capture_output=True, text=True, timeout=120)
        assert done.returncode == 1, (argv, done.stderr)
        assert "Traceback" not in done.stderr and len(done.stderr.splitlines()) == 1
