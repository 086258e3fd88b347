"""Every text box whose words a button then uses sends them once, when it loses focus,
not at every key (closereading/controls.py: otherwise a click can reach a busy kernel
before the last letters; tests/browser/test_keyboard.py shows it in JupyterLab)."""

import ipywidgets as W
import pytest

from closereading import quiz
from closereading import reading as R
from closereading import submission as S
from closereading.controls import TYPED
from closereading.quiz import progress as P
from test_reading_views import store  # noqa: F401  (a fresh student's progress file)


def text_boxes(widget) -> list:
    """Every Text and Textarea in a widget's tree."""
    found, todo, seen = [], [widget], set()
    while todo:
        w = todo.pop()
        if id(w) in seen:
            continue
        seen.add(id(w))
        if isinstance(w, (W.Text, W.Textarea)):
            found.append(w)
        todo += [v for v in vars(w).values() if isinstance(v, W.Widget)]
        todo += list(getattr(w, "children", ()))
        for v in vars(w).values():
            if isinstance(v, (list, tuple, dict)):
                todo += [x for x in (v.values() if isinstance(v, dict) else v)
                         if isinstance(x, W.Widget)]
    return found


def test_typed_is_one_update_when_the_focus_leaves():
    assert TYPED == {"continuous_update": False}


@pytest.mark.parametrize("make, boxes", [
    (lambda: quiz.ask(next(q.id for q in quiz.load_banks() if q.type == "text")), 1),
    (lambda: R.passage("01", "1.2"), 1),
    (lambda: R.annotate("01", "1.5"), 2),
    (lambda: R.predict("hw-should"), 1),             # a number
    (lambda: R.predict("start-general-specific"), 1),  # a text
    (lambda: R.discussion("03"), 3),
    (lambda: S.ExportView(store=P.store()), 1),
], ids=["quiz text", "response", "annotate", "number prediction", "text prediction",
        "discussion", "export name"])
def test_every_text_box_sends_once(store, make, boxes):
    found = text_boxes(make())
    assert len(found) >= boxes
    assert [b.continuous_update for b in found] == [False] * len(found)
