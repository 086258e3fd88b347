"""The exercise time limit cannot be swallowed by the learner's code (issue 14).

A learner's `except Exception:` must not catch the stop at all; a bare `except:` (which
catches everything) may catch it, but the call still counts as stopped: the function's
return value after the limit is never graded as an answer."""

import pytest

from closereading import exercises as E


@pytest.fixture
def ex():
    return E.get("01-harmonious-world", "count-should")


def fn_of(code, name="count_word"):
    return E.compile_function(code, name, "<test>")


CATCH_AND_RETURN = """\
def count_word(text, word):
    n = 0
    try:
        while True:
            n += 1
    {handler}
        return 0
"""


@pytest.mark.timeout(120)
@pytest.mark.parametrize("handler", ["except Exception:", "except:", "except BaseException:",
                                     "except Exception as e:"])
def test_a_function_that_catches_the_stop_and_returns_is_still_stopped(ex, monkeypatch,
                                                                        handler):
    monkeypatch.setattr(E, "TIME_LIMIT", 0.2)
    result = E.grade(ex, fn_of(CATCH_AND_RETURN.format(handler=handler)))
    assert result.status == "error", result.text
    assert "still running after 0.2 seconds" in result.message


@pytest.mark.timeout(120)
def test_run_guarded_reports_the_stop_not_the_value(monkeypatch):
    code = CATCH_AND_RETURN.format(handler="except:")
    out = E.run_guarded(fn_of(code), ("text", "word"), time_limit=0.2)
    assert out.timed_out and out.value is None and out.error is None


@pytest.mark.timeout(120)
@pytest.mark.parametrize("handler", ["except Exception:", "except:"])
def test_a_loop_that_swallows_every_error_is_stopped(ex, monkeypatch, handler):
    monkeypatch.setattr(E, "TIME_LIMIT", 0.2)
    code = ("def count_word(text, word):\n    n = 0\n    while True:\n        try:\n"
            f"            n += 1\n        {handler}\n            n -= 1\n")
    result = E.grade(ex, fn_of(code))
    assert result.status == "error" and "still running" in result.message


def test_the_stop_is_not_an_exception_subclass():
    assert not issubclass(E._TimeLimit, Exception)


def test_a_quick_function_with_a_bare_except_is_graded_normally(ex):
    # The guard changes nothing for a function that ends in time, bare except or not.
    code = ("def count_word(text, word):\n    try:\n        from closereading.stats "
            "import words\n        return words(text).count(word.lower())\n"
            "    except:\n        return -1\n")
    result = E.grade(ex, fn_of(code))
    assert result.status == "correct", result.text


@pytest.mark.timeout(120)
def test_the_learners_except_exception_never_even_sees_the_stop():
    code = ("def count_word(text, word):\n    n = 0\n    try:\n        while True:\n"
            "            n += 1\n    except Exception as e:\n        print('caught', type(e))\n"
            "        raise\n")
    out = E.run_guarded(fn_of(code), ("text", "word"), time_limit=0.2)
    assert out.timed_out and out.printed == ""
