"""What the class wrote, and who is who, in the class report: a page per learner, a page
per paragraph with every response side by side, the heat map of the annotations (told
without colour, notes on click), the anonymised report, what the class found hard, and the
files whose recorded results disagree with their answers (edited by hand, or graded under
an earlier key)."""

import dataclasses
import json
import re

import pytest

from closereading import quiz
from closereading import report as R
from closereading import submission as S
from closereading.quiz import progress as P
from closereading.quiz import regrade as RG

BANK = quiz.load_banks()
Q = next(q for q in BANK if q.type == "single" and q.notebook.startswith("01"))
W1, W2 = [o for o in Q.options if o != Q.answer][:2]
KEY = RG.key_fingerprint(Q)
OLD_KEY = RG.key_fingerprint(dataclasses.replace(Q, answer=W1))   # the key before a correction
QUOTE_A = "respect each other"        # in paragraph 1.2
QUOTE_B = "equal members"


def store_of(tmp_path, login, questions=None, reading=None, annotations=None,
             discussion=None):
    store = P.Store(tmp_path / "stores" / login / "progress.json")
    store.path.parent.mkdir(parents=True, exist_ok=True)
    store.path.write_text(json.dumps({
        "format": P.FORMAT, "version": 2, "questions": questions or {},
        "reading": reading or {}, "annotations": annotations or {},
        "discussion": discussion or {}}))
    return store


def note(i, quote, text, kind="rhetoric"):
    return {"id": i, "quote": quote, "occurrence": 1, "kind": kind, "note": text}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return build_class(tmp_path_factory.mktemp("pages"))


def build_class(tmp):
    """Five learners (two named Chen Wei, one 王芳), their answers, responses, annotations
    and a discussion answer; one file edited by hand, one graded under an older key; the
    report and the anonymised report of them."""
    subs = tmp / "subs"
    checked = lambda *answers: {**_checks(*answers), "key": KEY}   # noqa: E731
    people = {
        "ada": ("Ada <b>Lovelace</b>", "S1", {Q.id: checked(Q.answer)},
                {"1.2": {"text": "Ada reads <script>x</script> equality", "saved": True}},
                {"1.2": {"items": [note(1, QUOTE_A, "Ada's note"),
                                   note(2, QUOTE_B, "Ada again"),
                                   note(3, QUOTE_A, "Ada's second look", "gloss")],
                         "next": 4}},
                {"01-harmonious-world/1": {"text": "Ada's discussion answer"}}),
        "chen1": ("Chen Wei", "", {Q.id: checked(W1, Q.answer)},
                  {"1.2": {"text": "Chen one responds", "saved": True},
                   "1.3": {"text": "", "saved": False, "revealed": True}},
                  {"1.2": {"items": [note(1, QUOTE_A, "Chen one's note")], "next": 2}}, {}),
        "chen2": ("Chen Wei", "", {Q.id: checked(W2, W1)},
                  {"1.3": {"text": "", "saved": False, "revealed": True}}, {}, {}),
        "wangf": ("王芳", "", {Q.id: {**_checks(W1), "correct": True, "first_try": True,
                                     "response": W1, "key": OLD_KEY}},
                  {"1.2": {"text": "我的回应", "saved": True}}, {}, {}),
        "edit": ("Eve", "E5", {}, {}, {}, {}),
    }
    import os
    for login, (name, sid, qs, rd, an, di) in people.items():
        store = store_of(tmp, login, qs, rd, an, di)
        os.environ["JUPYTERHUB_USER"] = login
        try:
            S.export(name, folder=subs, student_id=sid, store=store)
        finally:
            del os.environ["JUPYTERHUB_USER"]
    eve = next(subs.glob("*eve*"))
    data = json.loads(eve.read_text())
    for e in data["questions"]:           # every question set to right by hand
        e.update(answered=True, correct=True, first_try=True, attempts=1)
    eve.write_text(json.dumps(data))
    out = tmp / "report"
    page, loaded = R.write_report([subs], out)
    anon = tmp / "anon"
    R.write_report([subs], anon, R.Options(anonymise=True))
    return {"out": out, "anon": anon, "loaded": loaded, "subs": subs}


def _checks(*answers):
    rec = P.fresh_record()
    for a in answers:
        rec = P.after_check(rec, a, a == Q.answer)
    return rec


def read(path) -> str:
    return path.read_text(encoding="utf-8")


def test_every_name_gets_its_own_readable_file_and_page(built):
    names = sorted(p.name for p in built["subs"].iterdir())
    assert names == ["closereading-submission-ada-b-lovelace-b-ada.json",
                     "closereading-submission-chen-wei-chen1.json",
                     "closereading-submission-chen-wei-chen2.json",
                     "closereading-submission-eve-edit.json",
                     "closereading-submission-wangf.json"]
    pages = sorted(p.name for p in (built["out"] / "learners").iterdir())
    assert pages == ["ada-b-lovelace-b-ada.html", "chen-wei-chen1.html", "chen-wei-chen2.html",
                     "eve-edit.html", "learner-wangf.html"]
    assert len(built["loaded"].accepted) == 5 and built["loaded"].rejected == []


def test_a_learners_page_shows_what_they_answered_and_wrote(built):
    html = read(built["out"] / "learners" / "ada-b-lovelace-b-ada.html")
    assert "<h1>Ada &lt;b&gt;Lovelace&lt;/b&gt; (S1)</h1>" in html
    assert "login ada" in html and "<script>" not in html
    assert "Ada reads &lt;script&gt;x&lt;/script&gt; equality" in html
    assert "Ada&#x27;s note" in html and "Ada&#x27;s discussion answer" in html
    assert "right at the first try" in html
    chen = read(built["out"] / "learners" / "chen-wei-chen1.html")
    assert "right at attempt 2" in chen and "shares the name with 1 other learner" in chen
    assert "told apart by login \u2018chen1\u2019" in chen
    assert '<a href="../index.html">Back to the class report</a>' in chen


def test_a_paragraph_page_sets_every_response_side_by_side(built):
    html = read(built["out"] / "paragraphs" / "1.2.html")
    cards = re.findall(r'<section class="card"><h3><a href="../learners/([^"]+)">', html)
    assert sorted(cards) == ["ada-b-lovelace-b-ada.html", "chen-wei-chen1.html",
                             "learner-wangf.html"]
    assert "Responses (3 of 5 learners)" in html and "我的回应" in html
    assert ">Chen Wei (chen1)</a></h3>" in html   # a shared name: the login tells them apart
    assert "No response from: " in html and "Eve (E5)" in html
    assert "The reading prompt:" in html
    other = read(built["out"] / "paragraphs" / "1.3.html")
    assert "2 of them opened the course\u2019s notes without writing a response first" in other


def test_the_heat_map_counts_learners_in_words_and_shapes_not_colour_alone(built):
    html = read(built["out"] / "heatmap.html")
    # "respect each other": Ada and Chen one; "equal members": Ada alone
    buttons = re.findall(r'<button type="button" class="count" popovertarget="([^"]+)" '
                         r'aria-label="(\d) learners? annotated this passage: show their '
                         r'notes">(\d)</button>', html)
    assert [(b[1], b[2]) for b in buttons] == [("2", "2"), ("1", "1")]
    assert f'<mark class="h2" title="2 learners">{QUOTE_A}</mark>' in html   # 2 of 5: 40%
    assert f'<mark class="h1" title="1 learner">{QUOTE_B}</mark>' in html
    first = buttons[0][0]
    pop = re.search(rf'<div popover id="{first}".*?</div>', html).group(0)
    assert "Ada &lt;b&gt;Lovelace&lt;/b&gt; (S1)" in pop and "Chen one&#x27;s note" in pop
    assert "Ada again" not in pop and "Ada&#x27;s second look" in pop   # one learner, twice
    assert "dotted" in html and "double" in html     # the legend says it in words
    assert "<script" not in html


def test_the_anonymised_report_names_no_one(built):
    texts = [read(p) for p in built["anon"].rglob("*.html")]
    assert len(texts) == 1 + 5 + len(list((built["anon"] / "paragraphs").iterdir())) + 1
    for text in texts:
        for secret in ("Lovelace", "Chen Wei", "王芳", "Eve", "chen1", "wangf", "S1",
                       "closereading-submission"):
            assert secret not in text, secret
    index = read(built["anon"] / "index.html")
    assert "Learner 1" in index and "Learner 5" in index and "(anonymised)" in index
    assert sorted(p.name for p in (built["anon"] / "learners").iterdir()) == [
        f"learner-{i}.html" for i in range(1, 6)]


def test_what_the_class_found_hard(built):
    html = read(built["out"] / "index.html")
    hard = html[html.index('<h2 id="hard">'):html.index("<h2>Completion per notebook</h2>")]
    assert '<td><a href="paragraphs/1.3.html">1.3</a></td><td class="n">2</td>' in hard
    number = list(BANK.ids).index(Q.id) + 1
    row = re.search(rf"<tr><td>Q{number}</td>.*?</tr>", hard).group(0)
    # wrong at the first try: Chen one (W1), Chen two (W2, then W1), 王芳 (W1, right only
    # under the old key); Eve's file says answered, with no answer at all
    assert '<td class="n">3 of 5</td>' in row
    assert f"\u201c{W1}\u201d (3)" in row and f"\u201c{W2}\u201d (1)" in row


def test_files_whose_records_disagree_are_named_and_graded_by_their_answers(built):
    html = read(built["out"] / "index.html")
    trust = html[html.index('<h2 id="trust">'):html.index("<h3>Who is who</h3>")]
    eve = re.search(r"<tr><td><a href=\"learners/eve-edit.html\">.*?</tr>", trust).group(0)
    assert "closereading-submission-eve-edit.json" in eve
    assert "that no key explains: the file was edited by hand" in eve
    wang = re.search(r"<tr><td><a href=\"learners/learner-wangf.html\">.*?</tr>", trust).group(0)
    assert "1 graded under an earlier answer key" in wang
    changed = trust[trust.index("What the corrected answer key changed"):]
    assert "learner-wangf.html" in changed and "eve-edit" not in changed
    assert "<td>right at the first try</td><td>not right</td>" in changed
    assert "ada-b-lovelace" not in trust and "chen-wei" not in trust
    rows = {r["Login"]: r for r in __import__("csv").DictReader(
        (built["out"] / "grades.csv").open(encoding="utf-8"))}
    assert rows["edit"]["01 quiz (%)"] == "0.0" and rows["wangf"]["01 quiz (%)"] == "0.0"
    assert float(rows["ada"]["01 quiz (%)"]) > 0


def test_bob_with_and_without_an_id_is_one_learner_the_latest_kept(tmp_path):
    store = store_of(tmp_path, "bob")
    first = S.export("Bob", folder=tmp_path / "a", store=store)
    second = S.export("Bob", folder=tmp_path / "b", student_id="77", store=store)
    data = json.loads(first.read_text())
    data["exported_at"] = "2026-01-01T00:00:00Z"
    first.write_text(json.dumps(data))
    loaded = R.load([tmp_path / "a", tmp_path / "b"])
    assert [s.path for s in loaded.accepted] == [second]
    (path, reason), = loaded.rejected
    assert path == str(first) and "the same progress store" in reason
    assert f"kept this file, exported {json.loads(second.read_text())['exported_at']}" in \
        dict(loaded.identity_notes)[str(second)]


def test_two_logins_are_never_one_learner_even_from_one_store(tmp_path):
    store = store_of(tmp_path, "shared")
    import os
    paths = []
    for login in ("ann", "ben"):
        os.environ["JUPYTERHUB_USER"] = login
        try:
            paths.append(S.export("Same Name", folder=tmp_path / login, store=store))
        finally:
            del os.environ["JUPYTERHUB_USER"]
    loaded = R.load([tmp_path / "ann", tmp_path / "ben"])
    assert len(loaded.accepted) == 2 and loaded.rejected == []
