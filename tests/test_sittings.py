"""Times a learner can keep (issue 27): the rates of course.yml with their basis, and every
notebook longer than a sitting split into sittings, marked in the notebook and in the
course map, each within the limit and within round_to of its estimate."""

import json

import pytest

from closereading import course, timing
from closereading.course import load_course
from closereading.paths import notebooks_dir

RATES = timing.load_rates()
NOTEBOOKS = load_course().notebooks


@pytest.mark.parametrize("nb", NOTEBOOKS, ids=lambda nb: nb.id)
def test_a_long_notebook_is_split_into_sittings_that_fit(nb):
    est = timing.estimate(nb.id, RATES)
    assert abs(nb.minutes - est.minutes) <= RATES["round_to"], est.explain()
    if est.minutes <= timing.SITTING_LIMIT:
        assert nb.sittings == () and est.sittings == ()
        return
    assert len(est.sittings) == len(nb.sittings) >= 2, (
        f"notebook {nb.id} takes {est.minutes:.0f} minutes: mark sittings in it "
        f"(Markdown cells tagged 'sitting') and list them in course.yml; {est.explain()}")
    for given, part in zip(nb.sittings, est.sittings):
        assert part.minutes <= timing.SITTING_LIMIT, est.explain()
        assert abs(given - part.minutes) <= RATES["round_to"], est.explain()
    assert sum(p.minutes for p in est.sittings) == pytest.approx(est.minutes)


@pytest.mark.parametrize("nb", [nb for nb in NOTEBOOKS if nb.sittings], ids=lambda nb: nb.id)
def test_the_markers_in_the_notebook_agree_with_course_yml(nb):
    markers = timing.sitting_markers(nb.id)
    n = len(nb.sittings)
    assert markers == [(k, n, m) for k, m in enumerate(nb.sittings, 1)]
    cells = json.loads((notebooks_dir() / nb.file).read_text(encoding="utf-8"))["cells"]
    first = next(i for i, c in enumerate(cells) if timing.is_sitting_marker(c))
    # the first marker comes before the first task: only the opening comes before it
    assert all("quiz.ask(" not in "".join(c["source"]) and "reading.passage(" not in
               "".join(c["source"]) for c in cells[:first])


def test_the_course_map_and_the_header_show_the_sittings():
    nb = load_course().notebook("01")
    shown = course.course_map().text
    assert f"{nb.file}: {nb.title} (sub-section 1; about {nb.minutes} minutes, in three sittings" in shown
    assert "in three sittings (85, 85 and 40 minutes)" in course.header("01").text
    assert "in" not in load_course().notebook("00").time_text()[len("about 70 minutes"):]


def test_the_rates_have_their_basis_stated():
    from closereading.materials import load_yaml, materials_file
    raw = (materials_file("course.yml")).read_text(encoding="utf-8")
    block = raw[raw.index("timing:"):raw.index("notebooks:")]
    for rate in timing.RATES:
        line = next(ln for ln in block.splitlines() if ln.strip().startswith(f"{rate}:"))
        assert "#" in line, f"the rate {rate} has no basis beside it"
    assert RATES["references"] == ["brysbaert-2019"]
    assert "Brysbaert (2019)" in block and "not yet been measured on learners" in \
        " ".join(load_yaml(materials_file("course.yml"))["timing"]["method"].split())


def test_a_sitting_split_changes_nothing_but_where_the_minutes_fall(tmp_path, monkeypatch):
    """The estimate of a notebook is the sum of its sittings, whatever the markers."""
    import shutil
    from closereading.paths import repo_root
    nb = load_course().notebook("04")
    before = timing.estimate("04", RATES)
    folder = tmp_path / "repo"
    shutil.copytree(repo_root() / "notebooks", folder / "notebooks")
    path = folder / "notebooks" / nb.file
    data = json.loads(path.read_text(encoding="utf-8"))
    data["cells"] = [c for c in data["cells"] if not timing.is_sitting_marker(c)]
    path.write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr("closereading.paths.notebooks_dir", lambda: folder / "notebooks")
    after = timing.estimate("04", RATES)
    assert after.sittings == ()
    assert after.counts == before.counts
    # the markers' own words are all that is lost
    assert 0 < before.words - after.words < 60
