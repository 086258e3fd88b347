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


@pytest.mark.timeout(120)
def test_a_function_waiting_outside_python_is_stopped_by_the_timer():
    # `time.sleep` runs no Python line, so only the timer (the second guard) can stop it:
    # it rings half a second after the limit (0.7 s here, within the sleep of 1.5 s) and
    # the sleep ends with the stop. (A much longer sleep would let the trace function stop
    # it too, counting the timer's own calls.)
    code = "def count_word(text, word):\n    import time\n    time.sleep(1.5)\n    return 1\n"
    out = E.run_guarded(fn_of(code), ("text", "word"), time_limit=0.2)
    assert out.timed_out and out.value is None and out.error is None


@pytest.mark.timeout(120)
def test_a_time_limit_given_is_the_limit_of_both_guards(monkeypatch):
    # The default limit made 0: a call given 3 seconds still runs its second of work (the
    # loop checks the clock, so each guard has its trace events and its time to act)
    monkeypatch.setattr(E, "TIME_LIMIT", 0.0)
    code = ("def count_word(text, word):\n    import time\n    end = time.monotonic() + 1.0\n"
            "    n = 0\n    while time.monotonic() < end:\n        n += 1\n    return 7\n")
    out = E.run_guarded(fn_of(code), ("text", "word"), time_limit=3.0)
    assert (out.timed_out, out.value, out.error) == (False, 7, None)


def test_a_timer_ringing_after_the_function_returned_stops_nothing(monkeypatch):
    # The race the timer leaves: it may ring after the function has returned, before it is
    # cancelled. The call has ended by then, so its value stands.
    from contextlib import contextmanager

    @contextmanager
    def late(seconds, ring_action):
        yield
        ring_action()

    monkeypatch.setattr(E, "_alarm", late)
    out = E.run_guarded(fn_of("def count_word(text, word):\n    return 5\n"), ("t", "w"))
    assert (out.timed_out, out.value, out.error) == (False, 5, None)


# ---------------------------------------------------------------------------------------
# The trace guard reads the clock once every 1024 trace events, and stops the function
# only once the clock is past the limit: counted with a clock that never moves, so no
# assertion depends on time.


def _loop(k):
    total = 0
    for i in range(k):
        total += i
    return total


def _loop_and_a_line(k):
    total = 0
    extra = k
    for i in range(k):
        total += i
    return total + extra - k


def _events(fn, args):
    """The trace events of ``fn(*copy.deepcopy(args))``, as run_guarded traces it."""
    import copy
    import sys
    n = [0]

    def counter(frame, event, arg):
        n[0] += 1
        return counter
    sys.settrace(counter)
    try:
        fn(*copy.deepcopy(args))
    finally:
        sys.settrace(None)
    return n[0]


@pytest.fixture
def still_clock(monkeypatch):
    """exercises.py's clock, standing still at 0 (the deadline is then the limit): the
    list of the functions that read it."""
    import sys
    import types
    reads = []

    def monotonic():
        reads.append(sys._getframe(1).f_code.co_name)
        return 0.0
    monkeypatch.setattr(E, "time", types.SimpleNamespace(monotonic=monotonic))
    return reads


def _fewest_events(fn, args, tries=3):
    """The trace events of ``fn(*args)``, the fewest of a few runs: something else that
    runs Python code in the middle (a garbage collector's callback) only adds events, and
    it once shifted every count of a fresh-clone run by one."""
    return min(_events(fn, args) for _ in range(tries))


def _ks_for(fn):
    """Loop lengths for which the events number 1023, 1024 and 1025 modulo 1024, where
    the loop's events allow it (2 a turn: one of the two functions reaches each)."""
    base = _fewest_events(fn, (0,))
    step = _fewest_events(fn, (1,)) - base
    return [k for k in range(0, 1500) if (base + step * k) % 1024 in (0, 1, 1023)] + [
        0, 10, 3000]


def test_the_clock_is_read_once_every_1024_trace_events(still_clock):
    import gc
    gc.disable()                 # no collection (nor its callbacks) in the traced runs
    try:
        _clock_read_once_every_1024_events(still_clock)
    finally:
        gc.enable()


def _clock_read_once_every_1024_events(still_clock):
    residues = set()
    for fn in (_loop, _loop_and_a_line):
        for k in _ks_for(fn):
            n = _fewest_events(fn, (k,))
            still_clock.clear()
            out = E.run_guarded(fn, (k,))
            assert out.value == k * (k - 1) // 2 and not out.timed_out
            assert still_clock.count("tracer") == n // 1024, (fn.__name__, k, n)
            residues.add(n % 1024)
    # the counts just below, at and just above a multiple of 1024 were all tried
    assert {1023, 0, 1} <= residues


def test_a_clock_exactly_at_the_limit_does_not_stop_the_function(monkeypatch):
    import types
    times = iter([0.0])     # the first read sets the deadline: 0 + 3 s; then 3 s exactly

    monkeypatch.setattr(E, "time", types.SimpleNamespace(monotonic=lambda: next(times, 3.0)))
    out = E.run_guarded(_loop, (3000,))
    assert (out.value, out.timed_out) == (4498500, False)
    times = iter([0.0])
    monkeypatch.setattr(E, "time", types.SimpleNamespace(monotonic=lambda: next(times, 3.001)))
    out = E.run_guarded(_loop, (3000,))
    assert (out.value, out.timed_out) == (None, True)
