"""Property-based fuzzing of what reads untrusted input: the reading layer
(closereading.safeio), the progress store, export, the class report and stats.

Properties, over arbitrary bytes and arbitrary JSON (lone surrogates, huge and odd
numbers, deep nesting, many keys included):

* never a traceback: each call returns, or refuses with the one error type it documents;
* never a hang past a bound: every example has a deadline (Hypothesis fails one that
  takes longer);
* never a write outside the output folder: the report and export change nothing beside
  the folder they were given;
* never a record lost from a store that was valid before: a valid store keeps every
  record through hostile updates, and a damaged file is moved aside byte for byte.

Budget: ``make test`` runs each property a few dozen times (the ``quick`` budget);
``make fuzz`` sets ``CLOSEREADING_FUZZ=long`` for over 100,000 examples in all and writes
the count per property and the time to ``build/fuzz.json``.
"""

import json
import os
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings, strategies as st

from closereading import cli, report as R, safeio, submission as S, text as T
from closereading.quiz import progress as P

LONG = os.environ.get("CLOSEREADING_FUZZ", "") == "long"
ROOT = Path(__file__).resolve().parent.parent

# Examples per property: (quick, long). The long budgets add up to over 100,000.
BUDGET = {
    "bytes": (40, 43_000),
    "json": (40, 26_000),
    "store_bytes": (20, 12_000),
    "store_updates": (10, 4_000),
    "export": (10, 3_000),
    "stats": (20, 10_000),
    "read_one": (10, 2_000),
    "report": (3, 200),
}
DEADLINE_MS = {"report": 30_000, "read_one": 5_000, "export": 5_000, "store_updates": 5_000}
COUNTS: dict[str, int] = {}


def budget(name: str):
    quick, long = BUDGET[name]
    return settings(max_examples=long if LONG else quick,
                    deadline=DEADLINE_MS.get(name, 2_000),
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                           HealthCheck.function_scoped_fixture,
                                           HealthCheck.filter_too_much],
                    derandomize=not LONG, database=None)


def counted(name: str) -> None:
    COUNTS[name] = COUNTS.get(name, 0) + 1


@pytest.fixture(scope="module", autouse=True)
def fuzz_figures():
    start = time.perf_counter()
    yield
    if LONG:
        out = ROOT / "build" / "fuzz.json"
        out.parent.mkdir(exist_ok=True)
        previous = json.loads(out.read_text()) if out.exists() else {}
        counts = {**previous.get("examples", {}), **COUNTS}
        out.write_text(json.dumps({"examples": counts, "total": sum(counts.values()),
                                   "seconds": round(time.perf_counter() - start, 1)},
                                  indent=1) + "\n")


# ---------------------------------------------------------------------------------------
# Strategies

SURROGATES = st.sampled_from(["\ud800", "\udbff", "\udc00", "\udfff", "\ud83d"])
ODD_TEXT = st.one_of(
    st.text(max_size=30),
    st.builds(lambda a, s, b: a + s + b, st.text(max_size=8), SURROGATES, st.text(max_size=8)),
    st.sampled_from(["=1+1", " =cmd|' /C calc'!A0", "@SUM(A1)", "\t-2", "<script>x</script>",
                     "$\\frac{1}{0}$", "../../etc/passwd", "\x00", "\u202e", "nb/ex"]),
)
NUMBERS = st.one_of(st.integers(), st.integers(min_value=-10**60, max_value=10**60),
                    st.floats(allow_nan=False, allow_infinity=False), st.booleans(), st.none())
JSON = st.recursive(NUMBERS | ODD_TEXT,
                    lambda inner: st.lists(inner, max_size=6)
                    | st.dictionaries(ODD_TEXT, inner, max_size=6),
                    max_leaves=40)


def as_json_text(value) -> str:
    return json.dumps(value)   # ASCII escapes: a lone surrogate is written \udXXX


@st.composite
def hostile_json_text(draw) -> str:
    """JSON text, often valid, with hostile tweaks: big numbers, deep nesting, many keys,
    constants JSON does not allow, truncation."""
    text = as_json_text(draw(JSON))
    tweak = draw(st.sampled_from(["none", "none", "bignum", "deep", "keys", "nan", "cut",
                                  "bom"]))
    if tweak == "bignum":
        text = f'{{"n": {"9" * draw(st.integers(30, 6000))}, "v": {text}}}'
    elif tweak == "deep":
        n = draw(st.integers(50, 3000))
        text = "[" * n + text + "]" * n
    elif tweak == "keys":
        n = draw(st.integers(1, 30_000))
        text = "{" + ",".join(f'"k{i}": 0' for i in range(n)) + "}"
    elif tweak == "nan":
        text = f'[{draw(st.sampled_from(["NaN", "Infinity", "-Infinity", "1e999"]))}, {text}]'
    elif tweak == "cut" and len(text) > 1:
        text = text[:draw(st.integers(0, len(text) - 1))]
    elif tweak == "bom":
        text = "\ufeff" + text
    return text


def files_outside(root: Path, out: Path) -> dict:
    return {p: (p.stat().st_mtime_ns, p.stat().st_size) for p in root.rglob("*")
            if not p.is_relative_to(out) and not p.is_dir()}


# ---------------------------------------------------------------------------------------
# The reading layer


def _check_loaded(value) -> None:
    """What safeio.loads returns can be written as UTF-8 and holds no lone surrogate."""
    json.dumps(value, ensure_ascii=False).encode("utf-8")
    assert safeio.depth_of(json.dumps(value)) <= safeio.MAX_DEPTH


@budget("bytes")
@given(st.binary(max_size=400))
def test_any_bytes_load_or_are_refused_with_a_reason(raw):
    counted("bytes")
    try:
        value = safeio.loads(raw)
    except ValueError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    _check_loaded(value)


@budget("json")
@given(hostile_json_text())
def test_any_json_loads_within_bounds_or_is_refused(text):
    counted("json")
    try:
        value = safeio.loads(text.encode("utf-8", "surrogatepass"), max_keys=2_000)
    except ValueError as exc:
        assert str(exc) and "\n" not in str(exc)
        return
    _check_loaded(value)


# ---------------------------------------------------------------------------------------
# The store


@budget("store_bytes")
@given(st.one_of(st.binary(max_size=300), hostile_json_text().map(
    lambda t: t.encode("utf-8", "surrogatepass"))))
def test_any_store_file_is_read_or_moved_aside_whole(tmp_path_factory, raw):
    counted("store_bytes")
    path = tmp_path_factory.mktemp("store") / "progress.json"
    path.write_bytes(raw)
    store = P.Store(path)
    records = store.records()
    assert isinstance(records, dict)
    aside = path.with_name("progress.json.damaged-1")
    if aside.exists():   # moved aside: the bytes kept exactly
        assert aside.read_bytes() == raw and store.warnings
    else:
        assert path.read_bytes() == raw
    store.update("q-new", lambda r: P.after_check(r, "a", True))
    assert P.Store(path).records()["q-new"]["correct"]


# Records a store could hold: within the reading layer's bounds (P._unsavable).
VALID_RECORDS = st.dictionaries(
    st.text(min_size=1, max_size=12),
    st.builds(lambda resp, ok: P.after_check(P.fresh_record(), resp, ok), JSON,
              st.booleans()).filter(lambda rec: P._unsavable("k", rec) is None),
    max_size=6)


@budget("store_updates")
@given(VALID_RECORDS, st.lists(st.tuples(ODD_TEXT, JSON, st.booleans()), max_size=4),
       st.lists(st.tuples(ODD_TEXT, JSON), max_size=3))
def test_a_valid_store_loses_no_record_through_hostile_updates(tmp_path_factory, before,
                                                               answers, others):
    counted("store_updates")
    path = tmp_path_factory.mktemp("store") / "progress.json"
    path.write_text(json.dumps({"format": P.FORMAT, "version": 2, "questions": before}))
    store = P.Store(path)
    for key, response, correct in answers:
        store.update(key, lambda r: P.after_check(r, response, correct))
    for key, value in others:
        store.update(key, lambda r: {"value": value}, kind="later-kind")
    after = P.Store(path).records()
    changed = {key for key, _, _ in answers}
    for key, rec in before.items():
        if key not in changed:
            assert after[key] == P.clean_record(rec)
    saved = {key for key, response, correct in answers
             if P._unsavable(key, P.after_check(P.fresh_record(), response, correct)) is None}
    assert saved <= set(after)
    assert not path.with_name("progress.json.damaged-1").exists()
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]


# ---------------------------------------------------------------------------------------
# Export


@budget("export")
@given(VALID_RECORDS, st.dictionaries(ODD_TEXT, JSON, max_size=4), ODD_TEXT)
def test_export_writes_valid_utf8_only_in_its_folder(tmp_path_factory, questions, later,
                                                     name):
    counted("export")
    root = tmp_path_factory.mktemp("export")
    path = root / "progress.json"
    path.write_text(json.dumps({"format": P.FORMAT, "version": 2, "questions": questions,
                                "later-kind": later}))
    store = P.Store(path)
    out = root / "out"
    before = files_outside(root, out)
    try:
        written = S.export(name, out / "mine.json", store=store)
    except S.SubmissionError as exc:
        assert "\n" not in str(exc)
        return
    finally:
        def others(files):   # the store may record the name typed (identity)
            return {p: v for p, v in files.items() if not p.name.startswith("progress.json")}
        assert others(files_outside(root, out)) == others(before)
    data = json.loads(written.read_bytes().decode("utf-8"))
    assert data["format"] == S.FORMAT
    assert sorted(p.name for p in out.iterdir()) == ["mine.json"]


# ---------------------------------------------------------------------------------------
# The report


@pytest.fixture(scope="module")
def base_submission(tmp_path_factory):
    from closereading import quiz
    path = tmp_path_factory.mktemp("base") / "progress.json"
    store = P.Store(path)
    for q in list(quiz.load_banks())[:5]:
        store.update(q.id, lambda r: P.after_check(r, "x", False))
    store.update("01-harmonious-world/count-should",
                 lambda r: {"status": "correct", "attempts": 1, "correct": True},
                 kind="exercises")
    return S.collect("Ada", "s1", store=store)


PATHS = [("name",), ("id",), ("login",), ("learner",), ("exported_at",),
         ("questions", 0, "response"), ("questions", 1, "wrong"), ("questions", 2),
         ("records", "exercises"), ("records", "reading"), ("records", "annotations"),
         ("records", "later-kind"), ("course_version",), ("questions",)]


def mutate(sub: dict, where: tuple, value) -> dict:
    sub = json.loads(json.dumps(sub))
    target = sub
    for step in where[:-1]:
        target = target[step]
    target[where[-1]] = value
    return sub


@budget("read_one")
@given(st.sampled_from(PATHS), JSON, st.sampled_from(["", "bignum", "deep", "keys"]))
def test_any_mutated_submission_is_read_or_left_out_with_a_reason(
        tmp_path_factory, base_submission, where, value, tweak):
    counted("read_one")
    text = as_json_text(mutate(base_submission, where, value))
    if tweak == "bignum":
        text = text.replace('"name":', f'"big": {"7" * 5000}, "name":', 1)
    elif tweak == "deep":
        text = text.replace('"name":', f'"deep": {"[" * 500 + "]" * 500}, "name":', 1)
    elif tweak == "keys":
        text = text.replace('"name":', '"many": {' + ",".join(
            f'"k{i}": 1' for i in range(2_100)) + '}, "name":', 1)
    path = tmp_path_factory.mktemp("sub") / "a.json"
    path.write_text(text, encoding="ascii")
    sub, reason = R.read_one(path)
    assert (sub is None) != (reason is None)
    if reason is not None:
        assert reason and "\n" not in reason


@budget("report")
@given(st.lists(st.tuples(st.sampled_from(PATHS), JSON), min_size=1, max_size=3))
def test_the_report_never_fails_and_writes_only_in_its_folder(tmp_path_factory,
                                                              base_submission, changes):
    counted("report")
    root = tmp_path_factory.mktemp("report")
    inputs = root / "in"
    inputs.mkdir()
    for i, (where, value) in enumerate(changes):
        sub = mutate(base_submission, where, value)
        sub["id"] = f"s{i}" if where != ("id",) else sub["id"]
        (inputs / f"{i}.json").write_text(as_json_text(sub), encoding="ascii")
    out = root / "out"
    before = files_outside(root, out)
    page, loaded = R.write_report([inputs], out)
    assert files_outside(root, out) == before
    html = page.read_text(encoding="utf-8")
    assert html.endswith("</html>\n") and "<script" not in html
    assert not [p for p in out.iterdir() if p.name.startswith(safeio.Staging.PREFIX)]
    assert len(loaded.accepted) + len(loaded.rejected) == len(changes)


# ---------------------------------------------------------------------------------------
# stats


@budget("stats")
@given(st.one_of(st.binary(max_size=600),
                 st.text(max_size=600).map(lambda t: t.encode("utf-8")),
                 st.lists(st.text(max_size=80), max_size=8).map(
                     lambda ls: "\n".join(f"-- {x}" if i % 2 else x
                                          for i, x in enumerate(ls)).encode("utf-8"))))
def test_stats_answers_or_says_why_in_one_line(tmp_path_factory, capsys, raw):
    counted("stats")
    path = tmp_path_factory.mktemp("stats") / "text.txt"
    path.write_bytes(raw)
    code = cli.main(["stats", str(path), "--json"])
    out, err = capsys.readouterr()
    if code == 0:
        assert json.loads(out)["tokens"] > 0 and err == ""
    else:
        assert code == 1 and out == ""
        assert err.startswith("closereading stats: error: ") and len(err.splitlines()) == 1
        assert "unexpected" not in err, err
