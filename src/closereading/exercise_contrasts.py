"""What differs: a wrong function that matches no known mistake is described, not blamed.

A check knows some mistakes by name (:attr:`closereading.exercises.Check.diagnoses`). A
learner's function may make another one, or two at once. Then the check runs it on small
*contrasts*: inputs that differ from a plain one in a single respect (a word written with
capitals, the word inside a longer word, punctuation at an edge, the word given with a
capital ...). Where the function's answer differs from the task's rule, the result names
the respect, the input and both answers, so that the learner sees what to change::

    Capitals (a word written with capitals is the same word): for the text 'We hear
    should now. Should is here too. Nothing else.', word 'should', your function returned
    1; the answer is 2.

When even the plain input gives another answer, that is said instead (the respects would
all differ, and say nothing). Contrasts are built from the exercise's own word, so that
the learner recognises it.

:func:`differences` is what :func:`closereading.exercises.grade` calls; :data:`RESPECTS`
names the respects; :func:`contrasts` gives the inputs of one check (tests use it).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

#: Each respect in which a contrast differs from the plain input, as the learner reads it.
RESPECTS = {
    "plain": "a plain input",
    "capitals": "Capitals (the word written with capitals, or without, is the same word)",
    "longer-word": "A word inside a longer word (it does not count)",
    "punctuation": "Punctuation at an edge (a word next to a comma or a bracket still counts)",
    "possessive": "A possessive (\u201cX's\u201d is another word by the course's rules)",
    "hyphen": "A hyphenated word (one word by the course's rules, so the word inside it "
              "does not count)",
    "capital-argument": "The word given in another case (it is the same word)",
    "phrase": "A phrase of several words (its words in a row, in any case)",
    "apart": "The words of a phrase apart, not in a row (they do not make the phrase)",
    "sentence-ends": "Sentences that end with \u201c?\u201d or \u201c!\u201d (they are "
                     "sentences too)",
    "start": "An occurrence at the very start (nothing comes before it)",
    "dash": "The dash \u201c--\u201d (it is not a word)",
    "tie": "A tie (the first of the tied items wins)",
    "fraction": "A mean with a fraction (it is kept)",
    "should-alone": "\u201cshould\u201d without \u201cbe\u201d (it does not count)",
    "width": "The width (exactly `width` words on each side, where there are that many)",
    "stopwords": "Stopwords (they are left out)",
    "no-match": "A sentence without any of the words (it gets None)",
    "length": "A word of exactly that many letters (it is not longer)",
    "repeat": "An item that recurs (it is kept each time)",
    "order": "The order of the text (the answer keeps it)",
    "long-words": "Long words (a sentence is measured in words, not in letters)",
}

#: A real longer word for the words the course's exercises use; others get "-ness".
LONGER = {"should": "shoulders", "china": "chinaware", "security": "insecurity",
          "regional": "interregional", "trust": "trustworthy", "sea": "seaside",
          "not": "nothing", "never": "nevertheless", "nor": "normal", "will": "willing",
          "can": "cannot", "may": "maybe", "must": "mustard", "peace": "peaceful",
          "international": "internationalism", "interests": "disinterests",
          "development": "redevelopment"}


@dataclass(frozen=True)
class Contrast:
    """One small input: the respect it tests, the arguments, and the input in words."""
    respect: str
    args: tuple
    label: str


# ---------------------------------------------------------------------------------------
# Forms of a word


def _forms(word: str) -> dict:
    given = " ".join(str(word).split())
    base = given.lower()
    words = base.split() or [base]
    cap = " ".join(w[:1].upper() + w[1:] for w in words)
    last = words[-1]
    longer = " ".join(words[:-1] + [LONGER.get(last, last + "ness")])
    return {"given": given, "base": base, "cap": cap, "upper": base.upper(),
            "longer": longer}


def _word_respects(word: str) -> list[tuple[str, str, str, bool]]:
    """(respect, the form that stands in the text, the word as given, whether the form is
    an occurrence of the word). The word is given as the exercise gives it; the other
    cases of it stand in the text."""
    f = _forms(word)
    given = f["given"]
    cases = [x for x in dict.fromkeys((f["cap"], f["upper"], f["base"])) if x != given]
    other = f["cap"] if given == f["base"] else f["base"]
    return ([("capitals", form, given, True) for form in cases]
            + [("longer-word", f["longer"], given, False),
               ("punctuation", f"({given}),", given, True),
               ("possessive", f"{given}'s", given, False),
               ("hyphen", f"{given}-like", given, False),
               ("capital-argument", given, other, True)])


def _text(base: str, form: str) -> str:
    """A small text with the word once, plainly, then the form, then a sentence without
    the word."""
    return f"We hear {base} now. {form} is here too. Nothing else."


def _label_text(text, word, name="word") -> str:
    return f"the text {text!r}, {name} {word!r}"


def _word_family(make: Callable[[str, str], tuple], name: str = "word",
                 label: Callable | None = None):
    """Contrasts for a check whose function takes a text and a word (or what ``make``
    builds from them)."""
    def build(params: dict) -> list[Contrast]:
        word = _param_word(params)
        base = _forms(word)["given"]
        out = [Contrast("plain", make(_text(base, base), base),
                        (label or _label_text)(_text(base, base), base, name))]
        for respect, form, given, _counts in _word_respects(word):
            text = _text(base, form)
            out.append(Contrast(respect, make(text, given),
                                (label or _label_text)(text, given, name)))
        return out
    return build


def _param_word(params: dict) -> str:
    for key in ("word", "phrase", "stem"):
        if isinstance(params.get(key), str):
            return params[key]
    for key in ("words", "modals"):
        if params.get(key):
            return str(params[key][0])
    return "peace"


def _events(text: str) -> list[dict]:
    from closereading.stats import sentences
    return [{"id": f"e{i}", "date": "2010", "year": 2010, "part": "small",
             "text": s} for i, s in enumerate(sentences(text), 1)]


def _events_label(text, word, name):
    ids = ", ".join(f"{e['id']}: {e['text']!r}" for e in _events(text))
    return f"the events {ids}, {name} {word!r}"


def _paragraphs(text: str) -> dict:
    """Two paragraphs: a long one with the word once, and a short one with the form."""
    from closereading.stats import sentences
    plain, form_sentence, _ = (sentences(text) + ["", "", ""])[:3]
    return {"A": plain.replace(" now.", " and then many more words follow here."),
            "B": form_sentence}


def _densest(text, word):
    return (_paragraphs(text), word)


def _densest_family(params: dict) -> list[Contrast]:
    out = _word_family(_densest, label=_densest_label)(params)
    base = _forms(_param_word(params))["base"]
    tie = {"A": f"We {base} act.", "B": f"They {base} wait."}
    out.append(Contrast("tie", (tie, base), f"the paragraphs {tie!r}, word {base!r} (A and "
                                             f"B tie)"))
    return out


def _densest_label(text, word, name):
    return f"the paragraphs {_paragraphs(text)!r}, word {word!r}"


def _modals(params: dict) -> list[str]:
    return [str(m) for m in params.get("modals") or ["should"]]


def _sentence_modals(params: dict) -> list[Contrast]:
    modals = _modals(params)
    first = modals[0]
    others = [m.lower() for m in modals[1:]] or ["will"]

    def make(text, given):
        given_list = [given] + others
        return (text, given_list)

    def label(text, given, name):
        return f"the text {text!r}, modals {[given] + others!r}"
    out = _word_family(make, label=label)({"word": first})
    text = "We talk. Nothing else."
    out.append(Contrast("no-match", (text, [first.lower()] + others),
                        f"the text {text!r}, modals {[first.lower()] + others!r}"))
    return out


def _starting(params: dict) -> list[Contrast]:
    f = _forms(_param_word(params))
    g = f["given"]
    other = f["base"] if g != f["base"] else f["cap"]
    out = []
    cases = [("plain", f["cap"], g), ("capitals", f["upper"], g),
             ("capital-argument", f["cap"], other),
             ("longer-word", f["longer"].capitalize(), g),
             ("punctuation", f"{f['cap']},", g),
             ("possessive", f"{f['cap']}'s", g),
             ("hyphen", f"{f['cap']}-like", g)]
    for respect, form, given in cases:
        text = f"{form} acts here. Then {f['base']} waits. Nothing else."
        out.append(Contrast(respect, (text, given), _label_text(text, given)))
    return out


def _phrase_extra(make, label=None):
    """Two more contrasts for a phrase: its words in a row with capitals, and the words
    apart (not a phrase)."""
    def build(params):
        out = _word_family(make, "phrase", label)(params)
        phrase = _param_word(params)
        if len(phrase.split()) < 2:
            phrase = "common security"
        f = _forms(phrase)
        text = f"We seek {f['base']} now. {f['cap']} is here. {f['base'].split()[-1]} alone."
        out.append(Contrast("phrase", make(text, f["cap"]),
                            (label or _label_text)(text, f["cap"], "phrase")))
        words = f["base"].split()
        apart = f"We seek {f['base']}. The {' and the '.join(reversed(words))} differ."
        out.append(Contrast("apart", make(apart, f["base"]),
                            (label or _label_text)(apart, f["base"], "phrase")))
        return out
    return build


def _with_repeat(build):
    """A word family's contrasts, and a text where the answer holds one item twice."""
    def more(params):
        base = _forms(_param_word(params))["base"]
        text = f"We {base} act, and we {base} wait."
        return build(params) + [Contrast("repeat", (text, base), _label_text(text, base))]
    return more


def _texts(respects: list[tuple[str, str]]):
    def build(params):
        return [Contrast(r, (t,), f"the text {t!r}") for r, t in respects]
    return build


def _kwic(params: dict) -> list[Contrast]:
    word = _forms(_param_word(params))["base"]
    plain = ["we", "build", "mutual", word, "and", "mutual", "benefit", "now"]
    start = ["mutual", word, "and", "mutual", "benefit", "now", "we", word, "together"]
    out = []
    for respect, words, given, width in (("plain", plain, word, 2), ("start", start, word, 2),
                                         ("capital-argument", plain, word.capitalize(), 2),
                                         ("width", plain, word, 3)):
        out.append(Contrast(respect, (words, given, width),
                            f"the words {words!r}, word {given!r}, width {width}"))
    return out


def _top(params: dict) -> list[Contrast]:
    stop = frozenset({"the", "and", "of"})
    cases = [("plain", "Trade and the order of trade, then peace."),
             ("capitals", "Peace and order. PEACE and the order of Peace."),
             ("tie", "Order and peace, then peace and order."),
             ("stopwords", "The order and the trade and the order.")]
    cases.append(("punctuation", "Peace, peace, and order."))
    return [Contrast(r, (t, stop), f"the text {t!r}, stopwords {{'and', 'of', 'the'}}")
            for r, t in cases]


#: A real word of each length, for the contrasts of "long-words".
BY_LENGTH = {3: "sea", 4: "word", 5: "peace", 6: "should", 7: "harmony", 8: "security",
             9: "community", 10: "government", 11: "development", 12: "independence",
             13: "international", 14: "responsibility"}


def _long_words(params: dict) -> list[Contrast]:
    n = params.get("letters") if isinstance(params.get("letters"), int) else 8
    same = BY_LENGTH.get(n, "x" * n)
    longer = BY_LENGTH.get(n + 1, "x" * (n + 1))
    later = BY_LENGTH.get(n + 2, "y" * (n + 2))
    first, second = sorted([longer, later], reverse=True)
    cases = [("plain", f"the {longer} and the sea"),
             ("capitals", f"The {longer.upper()} and the sea"),
             ("order", f"the {first} and the {second}"),
             ("length", f"the {same} and the {longer}"),
             ("punctuation", f"the {same}, and the {longer}."),
             ("repeat", f"the {longer} and the {longer} again")]
    return [Contrast(r, (t, n), f"the text {t!r}, letters {n}") for r, t in cases]


def _word_forms(params: dict) -> list[Contrast]:
    f = _forms(_param_word(params))
    b, c, u = f["base"], f["cap"], f["upper"]
    cases = [("plain", f"the {b} and {b}al ties, sub-{b}al links", b),
             ("capitals", f"{c}al ties and the {u} here", b),
             ("punctuation", f"the {b}al, {b}al ties, the {b}.", b),
             ("capital-argument", f"the {b} and {b}al ties", c)]
    return [Contrast(r, (t, stem), f"the text {t!r}, stem {stem!r}") for r, t, stem in cases]


BUILDERS: dict[str, Callable[[dict], list[Contrast]]] = {
    "long-words": _long_words,
    "word-forms": _word_forms,
    "count-word": _word_family(lambda t, w: (t, w)),
    "count-words": _word_family(lambda t, w: (t, [w]), "words",
                                lambda t, w, n: f"the text {t!r}, words {[w]!r}"),
    "sentences-with": _phrase_extra(lambda t, w: (t, w)),
    "share-with-word": _word_family(lambda t, w: (t, w)),
    "word-positions": _word_family(lambda t, w: (t, w)),
    "word-before": _with_repeat(_word_family(lambda t, w: (t, w))),
    "rate-per-thousand": _word_family(lambda t, w: (t, w)),
    "events-with": _phrase_extra(lambda t, w: (_events(t), w), _events_label),
    "densest-paragraph": _densest_family,
    "sentence-modals": _sentence_modals,
    "sentences-starting-with": _starting,
    "kwic-by-hand": _kwic,
    "top-content-word": _top,
    "should-be": _texts([
        ("plain", "Disputes should be settled by talks."),
        ("capitals", "Disputes Should Be settled by talks."),
        ("punctuation", "Disputes should be settled."),
        ("should-alone", "Trade should grow; disputes should be settled by talks."),
        ("repeat", "Trade should be free; talks should be free."),
        ("order", "Disputes should be settled; talks should be held.")]),
    "first-words": _texts([
        ("capitals", "Trade grows. PEACE holds."),
        ("punctuation", "However, trade grows. (Peace) holds."),
        ("possessive", "China's trade grows. Peace holds."),
        ("dash", "-- Trade grows. Peace holds."),
        ("repeat", "Trade grows. Trade holds.")]),
    "mean-sentence-length": _texts([
        ("plain", "We act now. They talk here."),
        ("dash", "We act -- now. They talk here."),
        ("hyphen", "Good-neighborly ties grow. They talk here."),
        ("fraction", "We act now. They talk."),
        ("sentence-ends", "Will they act? We act now! They talk.")]),
    "longest-sentence": _texts([
        ("plain", "We act. We act and talk."),
        ("tie", "We act now. They talk well. Fine."),
        ("dash", "We act -- now -- here. They talk and listen well."),
        ("long-words", "Extraordinarily comprehensive considerations. We act and we talk.")]),
    "type-token-ratio": _texts([
        ("plain", "peace and order and peace"),
        ("capitals", "Peace and order and peace"),
        ("punctuation", "peace, and order and peace."),
        ("dash", "peace -- and order and peace")]),
}


def contrasts(check_name: str, params: dict) -> list[Contrast]:
    """The contrasts of a check for an exercise's parameters (none for a check that has
    no builder)."""
    build = BUILDERS.get(check_name)
    return build(dict(params)) if build else []


# ---------------------------------------------------------------------------------------
# The matching rule each task states (shown under the task; the contrasts test it)

_WORD_RULE = ("whole words, in any case. \u201c{cap}\u201d and \u201c{upper}\u201d count as "
              "\u201c{base}\u201d, and so does \u201c{base},\u201d with its comma; "
              "\u201c{longer}\u201d, \u201c{base}'s\u201d and \u201c{base}-like\u201d are other "
              "words. The word may be given with capitals too.")
_PHRASE_RULE = ("whole words, in any case: the phrase is there where its words come in a "
                "row, so \u201c{cap}\u201d and \u201c{upper}\u201d count, and "
                "\u201c{longer}\u201d and \u201c{base}'s\u201d do not. The phrase may be given "
                "with capitals too.")
_COUNTED_WORDS = ("words as `stats.words` counts them: the dash \u201c--\u201d is not a word, "
                  "\u201cgood-neighborly\u201d and \u201cChina's\u201d are one word each, and "
                  "punctuation is left out.")
RULES = {
    "long-words": ("words as `stats.words` gives them: lower-cased, punctuation left out, "
                   "a word that recurs kept each time; \u201cmore than {letters} letters\u201d "
                   "means {more} letters or more."),
    "word-forms": ("words as `stats.words` gives them, lower-cased, so \u201c{cap}al\u201d "
                   "and \u201c{upper}\u201d count under \u201c{base}al\u201d and "
                   "\u201c{base}\u201d; a word with the stem anywhere in it counts "
                   "(\u201csub-{base}al\u201d too). The stem may be given with capitals."),
    "count-word": _WORD_RULE, "count-words": _WORD_RULE, "share-with-word": _WORD_RULE,
    "word-positions": _WORD_RULE, "word-before": _WORD_RULE, "rate-per-thousand": _WORD_RULE,
    "densest-paragraph": _WORD_RULE, "sentence-modals": _WORD_RULE,
    "sentences-with": _PHRASE_RULE, "events-with": _PHRASE_RULE,
    "sentences-starting-with": ("the first word must be the word itself, in any case: "
                                "\u201c{upper} acts\u201d and \u201c{cap}, too, agrees\u201d "
                                "begin with it; \u201c{cap}'s view\u201d and "
                                "\u201c{longer}\u201d do not (one word each, by the course's "
                                "rules)."),
    "kwic-by-hand": ("the list of words is lower-cased already (as `stats.words` gives "
                     "it); the keyword is matched in any case, so \u201c{cap}\u201d finds "
                     "\u201c{base}\u201d: compare with `word.lower()`."),
    "top-content-word": ("words as `stats.words` gives them: in any case (\u201cPeace\u201d "
                         "and \u201cpeace\u201d are one word), punctuation left out; the "
                         "stopwords are lower-case."),
    "should-be": ("\u201cshould be\u201d in any case (\u201cShould Be\u201d counts), as whole "
                  "words; the word after it lower-cased and without punctuation."),
    "first-words": ("words as `stats.words` gives them: lower-cased and without "
                    "punctuation (\u201cHowever,\u201d gives \u201chowever\u201d)."),
    "mean-sentence-length": _COUNTED_WORDS,
    "longest-sentence": _COUNTED_WORDS + " A sentence's length is its number of words.",
    "type-token-ratio": _COUNTED_WORDS + (" \u201cThe\u201d and \u201cthe\u201d are one "
                                          "type."),
}


def rule(check_name: str, params: dict) -> str:
    """The matching rule of a check, with the exercise's own word in its examples ("" for
    a check without one)."""
    template = RULES.get(check_name, "")
    letters = params.get("letters") if isinstance(params.get("letters"), int) else 0
    return template.format(**_forms(_param_word(params)), letters=letters,
                           more=letters + 1) if template else ""


# ---------------------------------------------------------------------------------------
# Running a function on them


def differences(kind, params: dict, fn, *, limit: int = 3) -> tuple[str, ...]:
    """Lines that say on which contrasts ``fn`` gives another answer than the rule of
    ``kind``, and how: at most ``limit`` respects, each once. When the plain input already
    differs, or every contrast does, that is said in one line (the respects would say
    nothing). Empty when the function agrees on every contrast."""
    from closereading.exercises import run_guarded
    found: list[tuple[Contrast, str, object]] = []
    tried = 0
    for c in contrasts(kind.name, params):
        try:
            want = kind.expected(*c.args)
        except Exception:  # noqa: BLE001 - a contrast the rule cannot answer is skipped
            continue
        tried += 1
        out = run_guarded(fn, c.args, time_limit=1.0)
        if out.timed_out:
            got = "was still running after a second (it was stopped)"
        elif out.error is not None:
            got = (f"raised {type(out.error).__name__}"
                   + (f" at {out.where}" if out.where else ""))
        elif _same(kind, out.value, want):
            continue
        else:
            got = f"returned {kind.show(out.value)}"
        found.append((c, got, want))
        if c.respect == "plain":
            break

    def line(what, c, got, want):
        return f"{what}: for {c.label}, your function {got}; the answer is {kind.show(want)}."
    if not found:
        return ()
    first = found[0]
    if first[0].respect == "plain":
        return (line("Even on a plain input", *first),)
    if len(found) == tried and tried > 1:
        return (line("On every small input", *first),)
    lines, seen = [], set()
    for c, got, want in found:
        if c.respect in seen:
            continue
        seen.add(c.respect)
        lines.append(line(RESPECTS[c.respect], c, got, want))
        if len(lines) >= limit:
            break
    return tuple(lines)


def _same(kind, got, want) -> bool:
    try:
        return bool(kind.same(got, want))
    except Exception:  # noqa: BLE001 - a learner's value of any shape
        return False
