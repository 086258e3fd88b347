"""Cost in proportion to the text, whatever its shape (issue 13).

For each shape of text (short paragraphs, one paragraph, single newlines, no sentence
punctuation, very long tokens, base64, binary-like text that is valid UTF-8), the time
for a text and for one 4x longer are measured in one run: everything a teacher's own text
goes through (the parser, the command line, every statistic, the KWIC and frequency
explorers) must take at most 8x as long on the longer text. A step whose cost grows with
the square of the text gives 16x; 8x leaves room for a noisy machine. The sizes make such
a step plain (seconds, then minutes) while the whole test runs in seconds.

This is a ratio, not a timing: no number of seconds is asserted.
"""

import time

import pytest

from closereading import bench, stats, text

WORDS = 2000          # the shorter text; the longer one has 4x as many
FACTOR = 4
LIMIT = 8.0
REPEAT = 3


def best_times(*texts: str) -> list[float]:
    """The processor time of the pipeline on each text: the best of REPEAT runs, taken in
    turn, so that a burst of load from other programs hits every text alike. Processor
    time, not wall time: time spent waiting for a core shared with others is not ours."""
    best = [float("inf")] * len(texts)
    for _ in range(REPEAT):
        for i, raw in enumerate(texts):
            start = time.process_time()
            bench.stats_pipeline(raw)
            best[i] = min(best[i], time.process_time() - start)
    return best


@pytest.fixture(scope="module", autouse=True)
def warm():
    bench.stats_pipeline(bench.shaped_text("short paragraphs", 200))   # imports, caches


@pytest.mark.parametrize("shape", bench.SHAPES)
def test_four_times_the_text_takes_at_most_eight_times_as_long(shape):
    short = bench.shaped_text(shape, WORDS)
    long = bench.shaped_text(shape, FACTOR * WORDS)
    assert 3.5 * len(short) < len(long) < 4.5 * len(short)
    t_short, t_long = best_times(short, long)
    ratio = t_long / t_short
    print(f"\n{shape}: {len(short):,} characters {t_short:.3f} s, {len(long):,} characters "
          f"{t_long:.3f} s: {ratio:.1f}x")
    assert ratio <= LIMIT, (f"{shape}: 4x the text took {ratio:.1f}x as long "
                            f"({t_short:.3f} s, then {t_long:.3f} s)")


def test_the_shapes_are_what_they_say():
    made = {shape: bench.shaped_text(shape, 3000) for shape in bench.SHAPES}
    assert made == {shape: bench.shaped_text(shape, 3000) for shape in bench.SHAPES}
    assert "\n\n" in made["short paragraphs"]
    assert "\n" not in made["one paragraph"]
    lines = made["single newlines"].split("\n")
    assert len(lines) > 100 and all(0 < len(line) <= bench.LINE_WIDTH for line in lines)
    assert not set(".!?") & set(made["no punctuation"])
    assert max(map(len, made["long tokens"].split())) >= 2000
    assert set(made["base64"]) <= set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
                                      "0123456789+/=\n")
    binary = made["binary-like"]
    assert binary.encode("utf-8").decode("utf-8") == binary
    assert {"\x00", "\r", "\x0b", "\x85", "."} <= set(binary)
    for shape in ("one paragraph", "single newlines"):
        # The same words as the short paragraphs, only laid out differently.
        assert stats.words(made[shape]) == stats.words(made["short paragraphs"])
    with pytest.raises(ValueError, match="unknown shape"):
        bench.shaped_text("poem", 10)


def test_the_linear_parser_and_splitter_give_the_results_of_the_rules():
    raw = "First line\nsecond line.\n\n\nNext  block\r\nends here. Mr. Smith left. e.g. this\n"
    blocks = text._blocks(raw)
    assert [(b.line, b.start, b.text) for b in blocks] == [
        (1, 0, "First line\nsecond line."),
        (5, 26, "Next  block\r\nends here. Mr. Smith left. e.g. this")]
    assert all(raw[b.start:b.start + len(b.text)] == b.text for b in blocks)
    assert stats.sentences("He met J. Smith. Then Prof. Li spoke!! And U.S. aid? yes. End.") == [
        "He met J. Smith.", "Then Prof. Li spoke!!", "And U.S. aid? yes.", "End."]
    # A word longer than any abbreviation before a full stop ends the sentence, however
    # long it is; a run of marks without a space after it ends nothing.
    assert stats.sentences("x" * 5000 + ". Next") == ["x" * 5000 + ".", "Next"]
    assert stats.sentences("a" + "." * 5000 + "b c") == ["a" + "." * 5000 + "b c"]
    assert stats.sentences("Sixty.  \n  Next") == ["Sixty.", "Next"]
