"""Notebook 08 end to end on passages that are not the course's (issue 27): for each
fixture, a learner's whole capstone is saved through the course's own functions (passage,
lenses, a response to every paragraph, annotations, commentary, self-assessment), the
notebook is executed in a fresh kernel on that progress file, its outputs are checked, and
nbval re-runs the executed copy and compares every output, so the notebook is
deterministic on that passage too. The committed notebook (an empty progress file) is
checked by the ordinary nbval run of every notebook.

The fixtures (tests/fixtures/capstone/) were written for these tests: an invented
statement of a foreign ministry, an invented treaty preamble, and an invented statement in
Chinese."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from closereading import capstone as C
from closereading.execution import normalize, notebook_client
from closereading.paths import notebooks_dir
from closereading.quiz import progress as P

FIXTURES = Path(__file__).parent / "fixtures" / "capstone"
NOTEBOOK = notebooks_dir() / "08-your-own-reading.ipynb"

MINISTRY_COMMENTARY = """\
The statement of Norland's ministry is built as a sequence of denials that turn into
warnings. In P3 the ministry says "We do not seek confrontation, and we will never threaten
the use of force against any state", and then, in the same paragraph, "no government
should mistake restraint for weakness". The first sentence speaks in the first person
plural, the second in the third person about an unnamed government: the denial is
Norland's, the warning is addressed to someone the text never names. Read with the lens
of Subject, the passage is almost entirely about Norland; the other party appears only as
"its neighbour" in P6 and as "both sides" in P4.

The modality of the passage separates what Norland does from what others should do. The
counts beside Part III show "should" four times and "will" four times in a short text,
and the words before "should" are "neighbours", "government", "activities" and "sea": the
obligations fall on others, or on nobody in particular, as in the passives of P4 ("should
be notified in advance", "should be reported"). Part III does the same on a larger scale,
where the word before "should" is most often "countries", as in "countries should trust
each other" (1.5). The count cannot tell us whether the obligations are fair; it shows
only where the grammar puts them.

The denial has a close model in Part III, which says "China does not seek regional
hegemony or sphere of influence" (5.1). Both texts deny an intention that no one in the
text has claimed for them, which suggests that each answers a fear it prefers not to
state. Both also call the speaking state "a responsible member", Norland in P6 and China
in 4.1, and both promise to "continue" what they describe as already done.

The keyness table is led by place names, "norland" and "shoals", which tells us the topic
rather than the voice; the keyness of "could" and "commission" is more telling, since they
belong to the proposal of P5, the only paragraph that offers something concrete: a joint
commission meeting twice a year. That proposal is the claim a reader could check: did the
commission meet, and did the incidents of P1 stop?

What the passage asserts (a century of rights, a record of restraint) cannot be judged from
the text alone. A reader would need the history of the shoals, the neighbour's own
statements, and the record of the channels "agreed in 2009". Without them, the commentary
can say how the statement positions Norland, not whether its account is true.
"""

TREATY_COMMENTARY = """\
The preamble never has a main verb until its last line: "Have agreed as follows" in P10
closes a sentence that began with "The High Contracting Parties" in P3. Every paragraph in
between is a participle, "Conscious", "Recalling", "Convinced", "Recognising",
"Determined", "Desiring", and each one adds a reason before the agreement is reached.
"""


def fill(store, path: Path, commentary: str) -> C.Passage:
    """A learner's whole capstone on one passage, through the course's functions."""
    text, name = C.read_file(str(path))
    passage = C.set_passage(C.make_passage(text, source="file", origin=name), store)
    passage = C.set_lenses(["subject", "modality", "denial"], store)
    for pid, body in passage.paragraphs:
        first = " ".join(body.split()[:6])
        C.save_response(passage, pid, f"The paragraph opens with \"{first}\" and I notice "
                                      "who is the subject and what the verbs promise.", store)
        C.tick_lenses(passage, pid, ["subject"], store)
    pid, body = passage.paragraphs[-1]
    C.add_annotation(passage, pid, " ".join(body.split()[:4]), "structure",
                     "The last paragraph opens like this.", store)
    C.save_commentary(passage, commentary, store)
    C.save_self_assessment(passage, {c.id: 3 for c in C.load_settings().rubric.criteria},
                           {"wording": "the first paragraph"}, "the comparison", store)
    return passage


def execute_on(tmp_path: Path, progress: Path) -> Path:
    folder = tmp_path / "run"
    folder.mkdir()
    target = folder / NOTEBOOK.name
    shutil.copy(NOTEBOOK, target)
    nb = nbformat.read(target, as_version=4)
    env = {"CLOSEREADING_PROGRESS": str(progress), "CLOSEREADING_EDITION": "student",
           "PYTHONHASHSEED": "0"}
    saved = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        notebook_client(nb, folder, record_timing=False).execute()
    finally:
        for k, v in saved.items():
            os.environ.pop(k, None) if v is None else os.environ.__setitem__(k, v)
    normalize(nb)
    nbformat.write(nb, target)
    return target


def outputs_text(path: Path) -> str:
    nb = nbformat.read(path, as_version=4)
    parts = []
    for cell in nb.cells:
        for out in cell.get("outputs", []):
            data = out.get("data", {})
            parts.append(data.get("text/plain", "") + data.get("text/html", "")
                         + out.get("text", ""))
            assert out.get("output_type") != "error", out
            assert out.get("name") != "stderr", out
    return "\n".join(parts)


def run_nbval(path: Path, progress: Path) -> subprocess.CompletedProcess:
    env = dict(os.environ, CLOSEREADING_PROGRESS=str(progress), CLOSEREADING_EDITION="student",
               PYTHONHASHSEED="0", CLOSEREADING_NBVAL_KERNEL="current")
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:xdist",
         "--nbval", "--nbval-current-env", "--rootdir", str(path.parent), str(path)],
        cwd=path.parent, env=env, capture_output=True, text=True, timeout=600)


@pytest.mark.parametrize("fixture, commentary, expected", [
    ("ministry-statement.txt", MINISTRY_COMMENTARY,
     ["Keyness against Part III", "norland", "Subject and modality", "[P6]",
      "within the 400 to 600 the rubric asks", "Paragraphs of Part III cited: 1.5, 4.1, 5.1",
      "Secure (3)"]),
    ("treaty-preamble.txt", TREATY_COMMENTARY,
     ["Keyness against Part III", "basin", "[P10]", "short of the 400 to 600",
      "Subject, modality and denial: what do you notice?"]),
], ids=["ministry-statement", "treaty-preamble"])
def test_notebook_08_runs_end_to_end_on_a_passage_and_under_nbval(tmp_path, fixture,
                                                                  commentary, expected):
    progress = tmp_path / "progress.json"
    store = P.Store(progress)
    passage = fill(store, FIXTURES / fixture, commentary)
    executed = execute_on(tmp_path, progress)
    shown = outputs_text(executed)
    for words in expected:
        assert words in shown, words
    for pid, body in passage.paragraphs:
        assert f"[{pid}]" in shown
    # every paragraph's response is in the notebook's static face
    assert shown.count("and I notice who is the subject") >= len(passage.paragraphs)
    result = run_nbval(executed, progress)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert " passed" in result.stdout and "failed" not in result.stdout


def test_notebook_08_on_a_chinese_passage_says_what_works(tmp_path):
    progress = tmp_path / "progress.json"
    store = P.Store(progress)
    text, name = C.read_file(str(FIXTURES / "chinese-statement.txt"))
    C.set_passage(C.make_passage(text, source="file", origin=name), store)
    shown = outputs_text(execute_on(tmp_path, progress))
    assert "written mostly in Chinese or Japanese characters" in shown
    assert "What does not: every count of words" in shown
    assert "Characters (letters and digits)" in shown and "Keyness against" not in shown


def test_the_committed_notebook_holds_no_passage():
    """Executed on an empty progress file: the course commits no text but Part III."""
    shown = outputs_text(NOTEBOOK)
    assert "No passage yet" in shown and "[P1]" not in shown
