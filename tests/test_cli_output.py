"""The command line's output, whole and exact, on a small file worked by hand (issue 14:
written to kill the mutants `make mutation` found alive in cli.py; see tests/MUTANTS.md).

The file has 2 paragraphs, 4 sentences and 20 words: "Peace and trade." (3) "Peace and
order." (3) "Peace, trade and order again." (5) | "Über order comes after peace; trade comes
after order." (9). Types: peace, and, trade, order, again, über, comes, after (8), so the
type-token ratio is 8/20 = 0.40 and the mean sentence length 20/4 = 5.0."""

import json

import pytest

from closereading import cli

TEXT = ("Peace and trade. Peace and order. Peace, trade and order again.\n\n"
        "\u00dcber order comes after peace; trade comes after order.\n")

TABLE = """\
Section  Title       Paragraphs  Words  Types   TTR  Sentences  Words/sentence
-------  ----------  ----------  -----  -----  ----  ---------  --------------
1        Whole text           2     20      8  0.40          4             5.0
all      Whole text           2     20      8  0.40          4             5.0"""

EXPECTED_TEXT = f"""\
plain (plain.txt)

{TABLE}

Top words (stopwords left out: 111 words from the course list):
  1: order 4, peace 4, trade 3, comes 2, again 1, \u00fcber 1

Readability (whole text): Flesch reading ease 79.1, Flesch-Kincaid grade 3.5 (syllables estimated)

Words are counted by the course's tokenizer; see closereading.stats.RULES.
"""

EXPECTED_JSON = {
    "source": "plain.txt", "title": "plain", "tokens": 20, "types": 8, "sentences": 4,
    "sections": [{"id": "1", "title": "Whole text", "paragraphs": 2, "tokens": 20,
                  "types": 8, "sentences": 4,
                  "frequencies": {"order": 4, "peace": 4, "and": 3, "trade": 3, "after": 2,
                                  "comes": 2, "again": 1, "\u00fcber": 1}}]}


@pytest.fixture
def plain(tmp_path, monkeypatch):
    path = tmp_path / "plain.txt"
    path.write_text(TEXT, encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("COLUMNS", "80")
    return path


def run(capsys, *argv):
    code = cli.main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_text_output_whole(plain, capsys):
    assert run(capsys, "stats", "plain.txt") == (0, EXPECTED_TEXT, "")


def test_the_json_output_whole(plain, capsys):
    code, out, err = run(capsys, "stats", "plain.txt", "--json")
    assert (code, err) == (0, "")
    # one space of indent, and "über" written as itself (not \\u00fc)
    assert out == json.dumps(EXPECTED_JSON, ensure_ascii=False, indent=1) + "\n"
    assert '\n "source": "plain.txt",' in out and "\u00fcber" in out


def test_the_course_text_named_by_its_path_keeps_its_name(capsys):
    from closereading.paths import source_path
    code, out, _ = run(capsys, "stats", str(source_path()), "--json")
    data = json.loads(out)
    assert data["source"] == source_path().name
    assert data["title"] == "III. China's Foreign Policies for Pursuing Peaceful Development"


def test_a_section_without_sentences_or_words_reads_zero(capsys):
    data = {"title": "t", "source": "s", "tokens": 2, "types": 1, "sentences": 0,
            "sections": [{"id": "1", "title": "Empty", "paragraphs": 1, "tokens": 0,
                          "types": 0, "sentences": 0, "frequencies": {}},
                         {"id": "2", "title": "Two", "paragraphs": 1, "tokens": 2,
                          "types": 1, "sentences": 0, "frequencies": {"ok": 2}}]}

    class Doc:
        paragraphs = []
    out = cli.render_text(data, Doc(), 5)
    lines = out.splitlines()
    assert lines[4].split()[-3:] == ["0.00", "0", "0.0"]      # section 1: no division by 0
    assert lines[5].split()[-3:] == ["0.50", "0", "0.0"]      # section 2
    assert lines[6].split()[-3:] == ["0.50", "0", "0.0"]      # the whole text
    assert "  1: (none)" in lines and "  2: ok 2" in lines
    assert "Readability" not in out


def test_without_a_stopword_list_every_word_is_a_top_word(plain, capsys, monkeypatch):
    from closereading import stats

    def broken():
        raise stats.StopwordsError("stop.txt, line 1: 'two words'")
    monkeypatch.setattr(stats, "load_stopwords", broken)
    code, out, _ = run(capsys, "stats", "plain.txt", "--top", "3")
    assert "Top words (stopwords left out: 0 words from the course list):" in out
    assert "  1: order 4, peace 4, and 3" in out


def test_a_long_title_is_shortened_to_40_characters(tmp_path, capsys, monkeypatch):
    path = tmp_path / "t.txt"
    path.write_text("-- " + "Abcdefghij " * 6 + "\n\nSome words here.\n", encoding="utf-8")
    code, out, _ = run(capsys, "stats", str(path))
    row = next(line for line in out.splitlines() if line.startswith("1 "))
    from closereading import stats
    short = stats.short_title(("Abcdefghij " * 6).strip(), 40)
    assert len(short) <= 40 and short in row and stats.short_title(short, 41) == short


def test_the_help_texts(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")
    code, out, _ = run(capsys, "--help")
    assert code == 0
    assert out.startswith("usage: closereading [-h] COMMAND ...\n\nTools of the close-reading "
                          "course on Part III of China's Peaceful Development\n(2011).\n")
    assert "    stats     summary statistics of the course text or of a plain-text file\n" in out
    code, out, _ = run(capsys, "stats", "--help")
    assert out == """\
usage: closereading stats [-h] [--json] [--top N] [PATH]

Print the summary statistics (words, types, sentences, top words, readability)
of each section of the course text, or of PATH, a plain-text UTF-8 file; lines
starting with '-- ' divide it into sections.

positional arguments:
  PATH        a plain-text file (default: the course text)

options:
  -h, --help  show this help message and exit
  --json      print one JSON object with a list 'sections', each with id,
              title, tokens, types, sentences and frequencies
  --top N     how many top words to print per section (text output; default
              10)
"""


def test_exact_error_messages(tmp_path, capsys, monkeypatch):
    long = tmp_path / ("z" * 300)
    assert run(capsys, "stats", str(long)) == (
        1, "", f"closereading stats: error: {long}: cannot read the file (File name too "
               "long)\n")
    assert run(capsys, "stats", "--top", "-3") == (
        1, "", "closereading stats: error: --top must be 0 or more (it is -3)\n")
    from closereading import text

    def unreadable():
        raise OSError(5, "Input/output error")
    monkeypatch.setattr(text, "load", unreadable)
    assert run(capsys, "stats") == (
        1, "", "closereading stats: error: cannot read the course text: [Errno 5] "
               "Input/output error\n")


def test_a_loop_found_only_when_resolving_is_one_line_too(tmp_path, capsys, monkeypatch):
    from pathlib import Path
    path = tmp_path / "f.txt"
    path.write_text("Some words.", encoding="utf-8")

    def loop(self, strict=False):
        raise RuntimeError(f"Symlink loop from '{self}'")
    monkeypatch.setattr(Path, "resolve", loop)
    assert run(capsys, "stats", str(path)) == (
        1, "", f"closereading stats: error: {path}: cannot read the file (Symlink loop from "
               f"'{path}')\n")


def test_the_default_top_is_ten(tmp_path, capsys):
    path = tmp_path / "many.txt"
    words = [f"w{chr(97 + i)}" for i in range(12)]
    path.write_text(" ".join(w for i, w in enumerate(words) for _ in range(12 - i)) + ".",
                    encoding="utf-8")
    code, out, _ = run(capsys, "stats", str(path))
    line = next(x for x in out.splitlines() if x.startswith("  1: "))
    assert line == "  1: " + ", ".join(f"{w} {12 - i}" for i, w in enumerate(words[:10]))
