"""The capstone (notebook 08): the learner's own close reading of a passage the course has
not shown.

The learner brings a passage (pasted, read from a file, or the one the teacher sets in
``materials/capstone.yml``); the course splits it into paragraphs with ids (``P1``,
``P2`` ...); the learner chooses lenses of the method (``materials/method.yml``), writes a
response to each paragraph, annotates it (quotes checked word for word against the
passage), runs the statistics of notebook 06 on it beside Part III, writes a commentary
of 400 to 600 words against the rubric of ``capstone.yml``, and assesses it against the
rubric. Everything is kept in the progress store, under kinds of its own, registered
with :func:`closereading.quiz.progress.register_kind` like the other kinds, and so it
flows into the submission (``closereading export``):

``capstone``            key ``passage``: the passage being read::

                            {"title": "...", "source": "pasted",  # pasted | file | class
                             "origin": "statement.txt",  # the file's name (no folder)
                             "text": "...",              # as the learner gave it (cleaned)
                             "digest": "1f3a...",        # 12 hex digits of its SHA-256
                             "paragraphs": 6, "words": 640, "lenses": ["subject", ...]}

                        key ``passage/<digest>``: a passage the learner replaced, kept
                        whole (its work is kept under its digest), same fields
``capstone-reading``    key ``<digest>/<paragraph id>``: ``{"text": "...", "saved": true,
                        "lenses_used": ["subject"]}`` (the lenses the learner ticks as asked)
``capstone-annotations`` key ``<digest>/<paragraph id>``: ``{"items": [...], "next": n}``,
                        as the annotations of the course's paragraphs
``capstone-commentary`` key ``<digest>``: ``{"text": "...", "words": 512}``
``capstone-selfassessment`` key ``<digest>``: ``{"levels": {"wording": 3, ...},
                        "evidence": {"wording": "..."}, "revise": "..."}``

Everything the learner supplies is untrusted: a passage is capped at
:data:`PASSAGE_LIMIT` characters and :data:`PARAGRAPH_LIMIT` paragraphs, a file at
:data:`FILE_LIMIT` bytes, read only if it is a regular file of UTF-8 (or UTF-16 with a
byte-order mark) text; control characters are refused; Part III itself is refused (the
capstone is about a text the course has not shown); every text is escaped where it is
shown. Problems are :class:`CapstoneError` with a message for the learner.

Languages. The tokenizer takes runs of letters and digits as words, so it serves any
language written with spaces between words. Keyness against Part III and the counts of
English modal verbs mean something only for a passage in English (:func:`profile`
says which a passage is). A passage in Chinese or Japanese, written without spaces, gets
a statement of what works (paragraph ids, responses, annotations checked character for
character, a concordance of characters, counts of characters and sentences, the
commentary and the self-assessment) and what does not (every count of words).

Calls for the notebook (the views are in :mod:`closereading.capstone_widgets`)::

    capstone.passage()          # bring a passage: paste, a file, or the class passage
    capstone.lenses()           # choose the lenses
    capstone.responses()        # a response per paragraph
    capstone.annotate()         # annotations, checked against the passage
    capstone.statistics()       # the counts of 06 beside Part III, and a concordance
    capstone.rubric()           # the rubric, criteria and levels
    capstone.commentary()       # the commentary, with its word count and its quotes checked
    capstone.self_assessment()  # the commentary against the rubric
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from closereading import reading as R
from closereading.html import Rich, esc, safe_text
from closereading.quiz import progress as P

PASSAGE_LIMIT = 30_000        # characters in a passage
PASSAGE_MIN_WORDS = 40        # words (or, unspaced, characters) a passage needs
PARAGRAPH_LIMIT = 60          # paragraphs in a passage
FILE_LIMIT = 4 * PASSAGE_LIMIT + 4   # bytes read from a file (UTF-8 takes up to 4 a character)
TITLE_LIMIT = 200             # characters in a passage's title
LINE_LIMIT = 500              # characters in one line of the self-assessment
PART_III_SHARE = 0.5          # a passage with this share of Part III's 8-word runs is Part III

KIND_PASSAGE = "capstone"
KIND_READING = "capstone-reading"
KIND_ANNOTATIONS = "capstone-annotations"
KIND_COMMENTARY = "capstone-commentary"
KIND_SELF = "capstone-selfassessment"
KINDS = (KIND_PASSAGE, KIND_READING, KIND_ANNOTATIONS, KIND_COMMENTARY, KIND_SELF)
CURRENT = "passage"
SOURCES = ("pasted", "file", "class")

#: The modal verbs the subject-and-modality counts look for (English).
MODALS = ("should", "must", "will", "shall", "would", "may", "might", "can", "could",
          "need", "ought")
FIRST_PERSON = ("we", "our", "us", "ours", "ourselves")


class CapstoneError(ValueError):
    """Something the learner gave that the capstone cannot use; the message says why and
    what to do."""

    def _render_traceback_(self):
        return [f"{type(self).__name__}: {self}"]


# ---------------------------------------------------------------------------------------
# Records (registered with the progress store)


def _str(raw, key: str) -> str:
    value = raw.get(key) if isinstance(raw, dict) else None
    return value if isinstance(value, str) else ""


def _int(raw, key: str) -> int:
    value = raw.get(key) if isinstance(raw, dict) else None
    return value if isinstance(value, int) and not isinstance(value, bool) and value >= 0 else 0


def _ids(raw, key: str) -> list[str]:
    value = raw.get(key) if isinstance(raw, dict) else None
    if not isinstance(value, list):
        return []
    out = []
    for v in value:
        if isinstance(v, str) and v and v not in out:
            out.append(v)
    return out


def fresh_passage() -> dict:
    return {"title": "", "source": "pasted", "origin": "", "text": "", "digest": "",
            "paragraphs": 0, "words": 0, "lenses": []}


def clean_passage(raw) -> dict:
    rec = fresh_passage()
    if not isinstance(raw, dict):
        return rec
    for key in ("title", "origin", "text", "digest"):
        rec[key] = _str(raw, key)
    source = _str(raw, "source")
    rec["source"] = source if source in SOURCES else "pasted"
    rec["paragraphs"], rec["words"] = _int(raw, "paragraphs"), _int(raw, "words")
    rec["lenses"] = _ids(raw, "lenses")
    return rec


def fresh_response() -> dict:
    return {"text": "", "saved": False, "lenses_used": []}


def clean_response(raw) -> dict:
    rec = fresh_response()
    if not isinstance(raw, dict):
        return rec
    rec["text"] = _str(raw, "text")
    rec["saved"] = raw.get("saved") is True and bool(rec["text"].strip())
    rec["lenses_used"] = _ids(raw, "lenses_used")
    return rec


def fresh_commentary() -> dict:
    return {"text": "", "words": 0}


def clean_commentary(raw) -> dict:
    rec = fresh_commentary()
    if isinstance(raw, dict):
        rec["text"] = _str(raw, "text")
        rec["words"] = count_words(rec["text"])
    return rec


def fresh_self() -> dict:
    return {"levels": {}, "evidence": {}, "revise": ""}


def clean_self(raw) -> dict:
    rec = fresh_self()
    if not isinstance(raw, dict):
        return rec
    levels = raw.get("levels")
    if isinstance(levels, dict):
        rec["levels"] = {str(k): v for k, v in levels.items()
                         if isinstance(v, int) and not isinstance(v, bool) and 0 < v < 100}
    evidence = raw.get("evidence")
    if isinstance(evidence, dict):
        rec["evidence"] = {str(k): v for k, v in evidence.items() if isinstance(v, str)}
    rec["revise"] = _str(raw, "revise")
    return rec


P.register_kind(KIND_PASSAGE, fresh_passage, clean_passage)
P.register_kind(KIND_READING, fresh_response, clean_response)
P.register_kind(KIND_ANNOTATIONS, R.fresh_annotations, R.clean_annotations)
P.register_kind(KIND_COMMENTARY, fresh_commentary, clean_commentary)
P.register_kind(KIND_SELF, fresh_self, clean_self)


# ---------------------------------------------------------------------------------------
# Scripts and languages

_UNSPACED = re.compile("[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_SENTENCE_END_CJK = re.compile("[\u3002\uff01\uff1f]+[\u201d\u300d\u300f\uff09]*")
#: Common English function words: a passage where they make up a good share of the words
#: is taken to be in English (the comparison with Part III then means something).
ENGLISH = frozenset(
    "the of and to in a is that for it as with be on by not this are its their will "
    "should which from or an has have all other we our at".split())
ENGLISH_SHARE = 0.15


@dataclass(frozen=True)
class Profile:
    """What the statistics can do with a passage."""
    unspaced: bool        # mostly Chinese or Japanese characters: written without spaces
    english: bool         # words, and a good share of English function words

    @property
    def words_work(self) -> bool:
        return not self.unspaced

    @property
    def comparison_works(self) -> bool:
        return self.english

    def statement(self) -> str:
        """What works and what does not, in words for the learner."""
        if self.unspaced:
            return (
                "Your passage is written mostly in Chinese or Japanese characters, without "
                "spaces between words. The course's tokenizer takes a word to be a run of "
                "letters between spaces or punctuation, so here a whole clause would count "
                "as one \"word\". What works: the paragraph ids, your lenses, responses and "
                "annotations (quotes are checked character for character), a concordance "
                "that finds any string of characters, the counts of characters and "
                "sentences, the commentary and the self-assessment. What does not: every "
                "count of words (frequencies, the type-token ratio, words per sentence), "
                "keyness against Part III (an English text) and the counts of English modal "
                "verbs; they are not shown. To compare wording with Part III, read the "
                "official English translation of your passage beside the original, if one "
                "exists, and bring that.")
        if not self.english:
            return (
                "Your passage is not in English, as far as the course can tell (few English "
                "grammatical words). The tokenizer works for any language written with "
                "spaces, so the counts of words and sentences and the concordance work. "
                "What does not: keyness against Part III would compare two languages, not "
                "two texts (every word would differ), and the subject-and-modality counts "
                "look for English modal verbs; they are not shown. The top words include "
                "your language's grammatical words, since the course's stopword list is "
                "English.")
        return ("Your passage is in English: every statistic of notebook 06 below works "
                "on it, beside Part III.")


def profile(text: str) -> Profile:
    letters = [ch for ch in text if ch.isalpha()]
    unspaced = bool(letters) and sum(bool(_UNSPACED.match(ch)) for ch in letters) >= 0.3 * len(letters)
    if unspaced:
        return Profile(True, False)
    from closereading import stats
    found = stats.words(text)
    share = sum(w in ENGLISH for w in found) / len(found) if found else 0.0
    return Profile(False, share >= ENGLISH_SHARE)


def count_words(text: str) -> int:
    """Words as the course counts them (:func:`closereading.stats.words`); in a word of
    Chinese or Japanese characters, each character counts as one word."""
    from closereading import stats
    n = 0
    for w in stats.words(text or ""):
        han = len(_UNSPACED.findall(w))
        n += (han + (1 if han < len(w) else 0)) if han else 1
    return n


# ---------------------------------------------------------------------------------------
# The passage: cleaning, paragraphs, the file, Part III


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value, what: str = "passage") -> str:
    """The text as the capstone keeps it, or CapstoneError: line ends made ``\\n``, a
    byte-order mark dropped, trailing spaces trimmed; refused when empty, over
    :data:`PASSAGE_LIMIT` characters or holding control characters."""
    text = safe_text(value)
    text = text.replace("\r\n", "\n").replace("\r", "\n").lstrip("\ufeff")
    text = "\n".join(line.rstrip() for line in text.split("\n")).strip("\n")
    if not text.strip():
        raise CapstoneError(f"The {what} is empty: paste the text, or give the path of a "
                            "text file.")
    if len(text) > PASSAGE_LIMIT:
        raise CapstoneError(f"The {what} has {len(text):,} characters; the capstone takes "
                            f"at most {PASSAGE_LIMIT:,} (about 5,000 words). Cut it to the "
                            "part you will read closely and try again; nothing was saved.")
    bad = _CONTROL.search(text)
    if bad:
        line = text.count("\n", 0, bad.start()) + 1
        raise CapstoneError(f"The {what} holds a control character (U+{ord(bad.group()):04X}) "
                            f"on line {line}: it is not plain text. Copy the text again from "
                            "its page, or save it as plain text (UTF-8).")
    return text


def split_paragraphs(text: str) -> list[str]:
    """The paragraphs of a passage, each with its white space made single spaces.

    Paragraphs are divided by blank lines. A text without any blank line (pasted from a
    web page, say) is divided at its line ends when most of its lines end a sentence;
    otherwise its lines are taken as the wrapping of one paragraph."""
    blocks = [b for b in re.split(r"\n[ \t]*\n", text) if b.strip()]
    if len(blocks) == 1:
        lines = [line for line in blocks[0].split("\n") if line.strip()]
        ends = sum(bool(re.search(r"[.!?:;\u3002\uff01\uff1f\uff1b\uff1a][\"'\u2019\u201d)\]\u300d]*$",
                                  line.strip())) for line in lines)
        if len(lines) > 1 and ends >= len(lines) / 2:
            blocks = lines
    return [" ".join(b.split()) for b in blocks]


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:12]


@dataclass(frozen=True)
class Passage:
    """A passage and its paragraphs (ids ``P1``, ``P2`` ...)."""
    title: str
    text: str
    source: str = "pasted"
    origin: str = ""
    lenses: tuple = ()

    @property
    def digest(self) -> str:
        return digest(self.text)

    @property
    def paragraphs(self) -> list[tuple[str, str]]:
        return [(f"P{i}", body) for i, body in enumerate(split_paragraphs(self.text), 1)]

    @property
    def ids(self) -> list[str]:
        return [pid for pid, _ in self.paragraphs]

    def paragraph(self, pid: str) -> str:
        for p, body in self.paragraphs:
            if p == pid:
                return body
        raise CapstoneError(f"Your passage has no paragraph {pid} (its paragraphs: "
                            f"{', '.join(self.ids)}).")

    @property
    def profile(self) -> Profile:
        return profile(self.text)

    @property
    def size(self) -> int:
        """Its words (in Chinese or Japanese, its characters)."""
        return count_words(self.text)

    def document(self):
        """The passage as a :class:`closereading.text.Document` of one section, so that the
        course's quote checks and highlighting work on it unchanged."""
        from closereading import text as T
        paras, start, raw = [], 0, []
        for n, (pid, body) in enumerate(self.paragraphs, 1):
            paras.append(T.Paragraph(pid, 1, n, body, 2 * n - 1, start))
            raw.append(body)
            start += len(body) + 2
        section = T.Section(1, self.title or "Your passage", tuple(paras), None)
        return T.Document("your passage", self.title, "\n\n".join(raw), (), (section,), (), 0)

    def record(self) -> dict:
        return {"title": self.title, "source": self.source, "origin": self.origin,
                "text": self.text, "digest": self.digest, "paragraphs": len(self.paragraphs),
                "words": self.size, "lenses": list(self.lenses)}

    @classmethod
    def from_record(cls, rec: dict) -> "Passage | None":
        rec = clean_passage(rec)
        if not rec["text"].strip():
            return None
        return cls(rec["title"], rec["text"], rec["source"], rec["origin"], tuple(rec["lenses"]))


def _shingles(words: list[str], n: int = 8) -> list[tuple[str, ...]]:
    return [tuple(words[i:i + n]) for i in range(len(words) - n + 1)]


def part_iii_share(text: str) -> float:
    """The share of the passage's runs of eight words (counted at every position) that
    occur in Part III: near 1 for Part III itself, small for a passage that quotes it."""
    from closereading import stats
    mine = _shingles(stats.words(text))
    if not mine:
        return 0.0
    theirs = set(_shingles(stats.course_corpus().words))
    return sum(s in theirs for s in mine) / len(mine)


def clean_title(value) -> str:
    title = " ".join(safe_text(value).split())
    if len(title) > TITLE_LIMIT:
        raise CapstoneError(f"The title has {len(title)} characters; give it at most "
                            f"{TITLE_LIMIT} (who issued the text, what it is, when).")
    if _CONTROL.search(title) or any(unicodedata.category(c) in ("Cc", "Cf") for c in title):
        raise CapstoneError("The title holds control or invisible characters; type it again.")
    return title


def make_passage(text, title="", *, source: str = "pasted", origin: str = "") -> Passage:
    """A passage from what the learner gave, checked: CapstoneError says what is wrong."""
    body = clean_text(text)
    name = clean_title(title)
    passage = Passage(name or _default_title(body), body, source, origin)
    paragraphs = passage.paragraphs
    if len(paragraphs) > PARAGRAPH_LIMIT:
        raise CapstoneError(f"The passage has {len(paragraphs)} paragraphs; the capstone "
                            f"takes at most {PARAGRAPH_LIMIT}. Choose the part you will read "
                            "closely (or check that its paragraphs are divided by blank "
                            "lines, not every line).")
    size = passage.size
    if size < PASSAGE_MIN_WORDS:
        raise CapstoneError(f"The passage has {size} words; bring at least "
                            f"{PASSAGE_MIN_WORDS}, a passage long enough to read closely "
                            "(300 to 1,500 words reads well).")
    if not passage.profile.unspaced and part_iii_share(body) >= PART_III_SHARE:
        raise CapstoneError("This passage is Part III of the white paper, which the course "
                            "has read with you. The capstone is your reading of a text the "
                            "course has not shown: bring another official text.")
    return passage


def _default_title(text: str) -> str:
    """The first paragraph when it reads as a heading (at most 25 words, no full stop at
    its end); otherwise its first eight words."""
    first = split_paragraphs(text)[0]
    if len(first.split()) <= 25 and not first.rstrip().endswith((".", "\u3002")):
        return first[:TITLE_LIMIT]
    return " ".join(first.split()[:8]) + "\u2026"


def read_file(path, *, base=None) -> tuple[str, str]:
    """(text, file name) of a text file the learner names. ``~`` is expanded; a relative
    path is taken from ``base`` (the notebook's folder). CapstoneError when it is not a
    readable regular file of text, or too large."""
    raw = safe_text(path).strip().strip("\"'")
    if not raw:
        raise CapstoneError("Type the path of a text file first, such as "
                            "passages/statement.txt or ~/Documents/statement.txt.")
    if "\x00" in raw or len(raw) > 4096:
        raise CapstoneError("That is not a path of a file.")
    where = Path(raw).expanduser()
    if not where.is_absolute():
        where = Path(base or Path.cwd()) / where
    shown = raw
    try:
        info = where.stat()
    except FileNotFoundError:
        raise CapstoneError(f"No file at {shown} (looked in {where.parent}). Check the "
                            "spelling, or upload the file beside this notebook first.") from None
    except OSError as exc:
        raise CapstoneError(f"The file {shown} cannot be read ({exc.strerror}).") from None
    import stat as _stat
    if _stat.S_ISDIR(info.st_mode):
        raise CapstoneError(f"{shown} is a folder; give the path of a text file in it.")
    if not _stat.S_ISREG(info.st_mode):
        raise CapstoneError(f"{shown} is not an ordinary file.")
    if info.st_size > FILE_LIMIT:
        raise CapstoneError(f"{shown} has {info.st_size:,} bytes; the capstone reads a text "
                            f"of at most {PASSAGE_LIMIT:,} characters. Save the part you will "
                            "read in a file of its own.")
    try:
        with open(where, "rb") as fh:
            data = fh.read(FILE_LIMIT + 1)
    except OSError as exc:
        raise CapstoneError(f"The file {shown} cannot be read ({exc.strerror}).") from None
    return decode(data, shown), where.name


def decode(data: bytes, shown: str) -> str:
    """Text from a file's bytes: UTF-8 (a byte-order mark allowed) or UTF-16 with its
    byte-order mark; anything else is refused with a message."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise CapstoneError(f"{shown} is not readable text (damaged UTF-16).") from None
    if b"\x00" in data[:4096]:
        raise CapstoneError(f"{shown} is not a plain-text file (it looks like a binary file: "
                            "a PDF or a Word document?). Save or export it as plain text "
                            "(.txt, UTF-8) first.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise CapstoneError(f"{shown} is not UTF-8 text (byte 0x{data[exc.start]:02x} on "
                            f"line {line}). Save it as UTF-8 plain text and try again.") from None


# ---------------------------------------------------------------------------------------
# The materials: capstone.yml (class passage, advice, lenses, commentary, rubric)


@dataclass(frozen=True)
class Criterion:
    id: str
    name: str
    question: str
    descriptors: dict        # score -> descriptor


@dataclass(frozen=True)
class Rubric:
    levels: tuple            # ((score, label), ...) from the lowest
    criteria: tuple[Criterion, ...]

    def label(self, score: int) -> str:
        return dict(self.levels).get(score, str(score))

    @property
    def scores(self) -> tuple[int, ...]:
        return tuple(s for s, _ in self.levels)

    def criterion(self, cid: str) -> Criterion:
        for c in self.criteria:
            if c.id == cid:
                return c
        raise KeyError(cid)


@dataclass(frozen=True)
class Settings:
    class_passage: dict | None     # {"file", "title", "source"} or None
    advice: str
    lenses_min: int
    lenses_max: int
    typical_words: int
    typical_paragraphs: int
    min_words: int
    max_words: int
    prompt: str
    rubric: Rubric
    path: str


_TOP = ("class_passage", "advice", "lenses", "typical_passage", "commentary", "rubric")


def settings_path() -> Path:
    from closereading.materials import materials_file
    return materials_file("capstone.yml")


def _whole(entry, key, problems, path, item, low=1, high=100_000):
    value = entry.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        problems.add(path, f"should be a whole number from {low} to {high}", item=item,
                     field=key, line=entry.line_of(key))
        return None
    return value


def parse_settings(data, path) -> Settings:
    """``capstone.yml``, validated: every problem names the file, the line, the item and
    the field, and all are reported at once."""
    from closereading import method
    from closereading.materials import Problems, YMap, require_list, require_str, unknown_keys
    problems = Problems()
    if not isinstance(data, YMap):
        problems.add(path, "should be a mapping with 'commentary' and 'rubric'")
        problems.raise_if_any()
    unknown_keys(data, _TOP, problems, path, None)
    cp = data.get("class_passage")
    class_passage = None
    if cp is not None:
        if not isinstance(cp, YMap):
            problems.add(path, "should be a mapping with file, title and source, or null",
                         field="class_passage", line=data.line_of("class_passage"))
        else:
            unknown_keys(cp, ("file", "title", "source"), problems, path, "class_passage")
            fields = {k: require_str(cp, k, problems, path, "class_passage",
                                     optional=k == "source") for k in ("file", "title", "source")}
            if fields["file"] and fields["title"]:
                class_passage = {k: v or "" for k, v in fields.items()}
    advice = require_str(data, "advice", problems, path, None) or ""
    lenses = data.get("lenses")
    lmin = lmax = None
    count = len(method.load().lenses)
    if not isinstance(lenses, YMap):
        problems.add(path, "should be a mapping {min: ..., max: ...}", field="lenses",
                     line=data.line_of("lenses"))
    else:
        unknown_keys(lenses, ("min", "max"), problems, path, "lenses")
        lmin = _whole(lenses, "min", problems, path, "lenses", 1, count)
        lmax = _whole(lenses, "max", problems, path, "lenses", 1, count)
        if lmin and lmax and lmin > lmax:
            problems.add(path, f"min ({lmin}) is above max ({lmax})", item="lenses",
                         field="min", line=lenses.line_of("min"))
    typical = data.get("typical_passage")
    tw = tp = None
    if not isinstance(typical, YMap):
        problems.add(path, "should be a mapping {words: ..., paragraphs: ...}",
                     field="typical_passage", line=data.line_of("typical_passage"))
    else:
        unknown_keys(typical, ("words", "paragraphs"), problems, path, "typical_passage")
        tw = _whole(typical, "words", problems, path, "typical_passage", PASSAGE_MIN_WORDS,
                    PASSAGE_LIMIT)
        tp = _whole(typical, "paragraphs", problems, path, "typical_passage", 1, PARAGRAPH_LIMIT)
    com = data.get("commentary")
    cmin = cmax = None
    prompt = ""
    if not isinstance(com, YMap):
        problems.add(path, "should be a mapping with min_words, max_words and prompt",
                     field="commentary", line=data.line_of("commentary"))
    else:
        unknown_keys(com, ("min_words", "max_words", "prompt"), problems, path, "commentary")
        cmin = _whole(com, "min_words", problems, path, "commentary", 50, 3000)
        cmax = _whole(com, "max_words", problems, path, "commentary", 50, 3000)
        if cmin and cmax and cmin >= cmax:
            problems.add(path, f"min_words ({cmin}) should be below max_words ({cmax})",
                         item="commentary", field="min_words", line=com.line_of("min_words"))
        prompt = require_str(com, "prompt", problems, path, "commentary") or ""
    rubric = _parse_rubric(data.get("rubric"), data, problems, path)
    problems.raise_if_any()
    return Settings(class_passage, advice, lmin, lmax, tw, tp, cmin, cmax, prompt, rubric,
                    str(path))


def _parse_rubric(raw, data, problems, path) -> Rubric | None:
    from closereading.materials import YMap, require_list, require_str, unknown_keys
    if not isinstance(raw, YMap):
        problems.add(path, "should be a mapping with 'levels' and 'criteria'", field="rubric",
                     line=data.line_of("rubric"))
        return None
    unknown_keys(raw, ("levels", "criteria"), problems, path, "rubric")
    levels = []
    entries = require_list(raw, "levels", problems, path, "rubric") or []
    for i, entry in enumerate(entries):
        item = f"rubric, level {i + 1}"
        if not isinstance(entry, YMap):
            problems.add(path, "each level should be a mapping {score: ..., label: ...}",
                         item=item, line=entries.line_of(i))
            continue
        unknown_keys(entry, ("score", "label"), problems, path, item)
        score = _whole(entry, "score", problems, path, item, 0, 99)
        label = require_str(entry, "label", problems, path, item)
        if score is not None and levels and score <= levels[-1][0]:
            problems.add(path, f"scores go up from the lowest level: {score} comes after "
                               f"{levels[-1][0]}", item=item, field="score",
                         line=entry.line_of("score"))
        elif score is not None and label:
            levels.append((score, label))
    if entries and not 2 <= len(entries) <= 6:
        problems.add(path, f"has {len(entries)} levels; give 2 to 6", item="rubric",
                     field="levels", line=raw.line_of("levels"))
    scores = [s for s, _ in levels]
    criteria: list[Criterion] = []
    entries = require_list(raw, "criteria", problems, path, "rubric") or []
    if entries and not 2 <= len(entries) <= 8:
        problems.add(path, f"has {len(entries)} criteria; give 2 to 8", item="rubric",
                     field="criteria", line=raw.line_of("criteria"))
    for i, entry in enumerate(entries):
        item = f"rubric, criterion {i + 1}"
        if not isinstance(entry, YMap):
            problems.add(path, "each criterion should be a mapping with id, name, question "
                               "and descriptors", item=item, line=entries.line_of(i))
            continue
        fields = {k: require_str(entry, k, problems, path, item) for k in ("id", "name", "question")}
        cid = fields["id"]
        if cid and not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", cid):
            problems.add(path, "should be lower-case letters, digits and single hyphens",
                         item=item, field="id", line=entry.line_of("id"))
            cid = None
        elif cid in [c.id for c in criteria]:
            problems.add(path, f"id {cid!r} is used twice", item=item, field="id",
                         line=entry.line_of("id"))
            cid = None
        item = f"rubric, criterion {cid}" if cid else item
        unknown_keys(entry, ("id", "name", "question", "descriptors"), problems, path, item)
        desc = entry.get("descriptors")
        descriptors = {}
        if not isinstance(desc, YMap):
            problems.add(path, "should be a mapping from each level's score to what the "
                               "commentary does at that level", item=item,
                         field="descriptors", line=entry.line_of("descriptors"))
        else:
            for key, text in desc.items():
                if key not in scores:
                    problems.add(path, f"{key!r} is not a level's score (the scores: "
                                       f"{', '.join(map(str, scores))})", item=item,
                                 field=f"descriptors.{key}", line=desc.line_of(key))
                elif not isinstance(text, str) or not text.strip():
                    problems.add(path, "should be text", item=item, field=f"descriptors.{key}",
                                 line=desc.line_of(key))
                else:
                    descriptors[key] = " ".join(text.split())
            missing = [s for s in scores if s not in descriptors and s not in desc]
            if missing:
                problems.add(path, "every level needs a descriptor; missing: "
                                   + ", ".join(map(str, missing)), item=item,
                             field="descriptors", line=entry.line_of("descriptors"))
        if cid and all(fields.values()) and len(descriptors) == len(scores):
            criteria.append(Criterion(cid, fields["name"], fields["question"], descriptors))
    return Rubric(tuple(levels), tuple(criteria))


def load_settings() -> Settings:
    """``capstone.yml``, validated (cached until the file changes)."""
    from closereading.apparatus import _cached
    from closereading.materials import load_yaml
    path = settings_path()
    return _cached(path, ("capstone",), lambda: parse_settings(load_yaml(path), path))


def class_passage(settings: Settings | None = None) -> Passage | None:
    """The passage the teacher sets in ``capstone.yml`` (None when none is set);
    CapstoneError naming the file and the field when it cannot be used."""
    from closereading.materials import display_path, materials_dir
    settings = settings or load_settings()
    cp = settings.class_passage
    if not cp:
        return None
    where = Path(cp["file"]).expanduser()
    if not where.is_absolute():
        where = materials_dir() / where
    try:
        text, name = read_file(str(where))
        return make_passage(text, cp["title"], source="class", origin=name)
    except CapstoneError as exc:
        raise CapstoneError(f"The passage your teacher set ({display_path(settings.path)}, "
                            f"field 'class_passage'): {exc}") from None


def check_lenses(lenses, settings: Settings | None = None) -> list[str]:
    from closereading import method
    settings = settings or load_settings()
    known = method.load().ids
    chosen = [lid for lid in known if lid in set(lenses or ())]
    unknown = [lid for lid in lenses or () if lid not in known]
    if unknown:
        raise CapstoneError(f"{', '.join(map(str, unknown))}: not a lens of the method.")
    if not settings.lenses_min <= len(chosen) <= settings.lenses_max:
        raise CapstoneError(f"Choose {settings.lenses_min} to {settings.lenses_max} lenses "
                            f"(you chose {len(chosen)}): enough to read the passage from "
                            "more than one side, few enough to keep in mind.")
    return chosen


# ---------------------------------------------------------------------------------------
# The learner's work: pure changes and views of the store


def current(store: P.Store | None = None) -> Passage | None:
    store = store or P.store()
    return Passage.from_record(store.records(KIND_PASSAGE).get(CURRENT) or {})


def set_passage(passage: Passage, store: P.Store | None = None) -> Passage:
    """Make ``passage`` the one being read. A passage it replaces is kept whole under
    ``passage/<digest>``, and so is its work (kept under its digest): nothing is lost, and
    loading the old passage again brings its work back. The lenses chosen for the same
    passage before are kept."""
    store = store or P.store()
    old = current(store)
    lenses = ()
    if old is not None and old.digest != passage.digest:
        store.update(f"{CURRENT}/{old.digest}", lambda r: old.record(), kind=KIND_PASSAGE)
    elif old is not None:
        lenses = old.lenses
    kept = store.records(KIND_PASSAGE).get(f"{CURRENT}/{passage.digest}")
    if not lenses and kept:
        lenses = tuple(clean_passage(kept)["lenses"])
    new = Passage(passage.title, passage.text, passage.source, passage.origin, lenses)
    store.update(CURRENT, lambda r: new.record(), kind=KIND_PASSAGE)
    return new


def set_lenses(lenses, store: P.Store | None = None) -> Passage:
    store = store or P.store()
    passage = current(store)
    if passage is None:
        raise CapstoneError("Bring a passage first (section 1).")
    chosen = tuple(check_lenses(lenses))
    new = Passage(passage.title, passage.text, passage.source, passage.origin, chosen)
    store.update(CURRENT, lambda r: new.record(), kind=KIND_PASSAGE)
    return new


def key(passage: Passage, pid: str) -> str:
    return f"{passage.digest}/{pid}"


def save_response(passage: Passage, pid: str, value, store: P.Store | None = None) -> tuple[dict, str]:
    """Save a response to one paragraph; (record, nudge): the nudge is "" when the
    response is a reading (:func:`closereading.reading.response_nudge`)."""
    store = store or P.store()
    body = passage.paragraph(pid)
    try:
        text = R.check_text(value)
    except R.ReadingError as exc:
        raise CapstoneError(str(exc)) from None
    nudge = "" if passage.profile.unspaced and count_words(text) >= R.MIN_WORDS else \
        R.response_nudge(text, body)
    rec = store.update(key(passage, pid),
                       lambda r: {**clean_response(r), "text": text, "saved": not nudge},
                       kind=KIND_READING)
    return rec, nudge


def tick_lenses(passage: Passage, pid: str, used, store: P.Store | None = None) -> dict:
    store = store or P.store()
    used = [lid for lid in passage.lenses if lid in set(used)]
    return store.update(key(passage, pid), lambda r: {**clean_response(r), "lenses_used": used},
                        kind=KIND_READING)


def add_annotation(passage: Passage, pid: str, quote, kind, note,
                   store: P.Store | None = None) -> dict:
    """Add an annotation to a paragraph of the passage, its quote checked word for word
    against that paragraph (:func:`closereading.reading.locate_quote`)."""
    store = store or P.store()
    passage.paragraph(pid)
    doc = passage.document()
    try:
        R.add_annotation(store.record(key(passage, pid), kind=KIND_ANNOTATIONS), pid, quote,
                         kind, note, doc)
    except R.ReadingError as exc:
        raise CapstoneError(str(exc)) from None
    return store.update(key(passage, pid),
                        lambda r: R.add_annotation(r, pid, quote, kind, note, doc),
                        kind=KIND_ANNOTATIONS)


def delete_annotation(passage: Passage, pid: str, aid: int, store: P.Store | None = None) -> dict:
    store = store or P.store()
    return store.update(key(passage, pid), lambda r: R.delete_annotation(r, aid),
                        kind=KIND_ANNOTATIONS)


def annotations_of(passage: Passage, store: P.Store | None = None) -> dict[str, list]:
    store = store or P.store()
    found = store.records(KIND_ANNOTATIONS)
    return {pid: R.clean_annotations(found.get(key(passage, pid)))["items"]
            for pid in passage.ids}


def responses_of(passage: Passage, store: P.Store | None = None) -> dict[str, dict]:
    store = store or P.store()
    found = store.records(KIND_READING)
    return {pid: clean_response(found.get(key(passage, pid))) for pid in passage.ids}


# -- the commentary ---------------------------------------------------------------------

_QUOTED = re.compile("[\"\u201c\u300c]([^\"\u201c\u201d\u300c\u300d]{3,400})[\"\u201d\u300d]")
_PARAGRAPH_REF = re.compile(r"\bP(\d{1,2})\b")
_PART_III_REF = re.compile(r"\b([0-5])\.(\d{1,2})\b")


@dataclass(frozen=True)
class CommentaryCheck:
    words: int
    within: bool                  # within the rubric's word range
    cited: tuple                  # paragraph ids of the passage it cites (P2 ...)
    cited_part_iii: tuple         # paragraph ids of Part III it cites (3.2 ...)
    in_passage: tuple             # quotations found word for word in the passage
    in_part_iii: tuple            # quotations found in Part III
    elsewhere: tuple              # quotations found in neither

    def lines(self, settings: Settings) -> list[str]:
        lo, hi = settings.min_words, settings.max_words
        if self.words < lo:
            size = f"{self.words} words: {lo - self.words} short of the {lo} to {hi} the rubric asks."
        elif self.words > hi:
            size = f"{self.words} words: {self.words - hi} over the {lo} to {hi} the rubric asks; cut to what matters most."
        else:
            size = f"{self.words} words: within the {lo} to {hi} the rubric asks."
        out = [size]
        out.append("Paragraphs of your passage cited: " + (", ".join(self.cited) or
                   "none yet (cite them as P1, P2 ...)") + ".")
        out.append("Paragraphs of Part III cited: " + (", ".join(self.cited_part_iii) or
                   "none yet (the rubric asks for a comparison: cite them as 3.2 ...)") + ".")
        n = len(self.in_passage) + len(self.in_part_iii) + len(self.elsewhere)
        if n:
            line = (f"Quotations checked: {n}; {len(self.in_passage)} word for word in your "
                    f"passage, {len(self.in_part_iii)} in Part III")
            if self.elsewhere:
                shown = "; ".join(f"\u201c{q[:60]}\u201d" for q in self.elsewhere[:3])
                line += (f", {len(self.elsewhere)} in neither (check them against the text: "
                         f"{shown})")
            out.append(line + ".")
        else:
            out.append("No quotation yet: quote the passage in quotation marks.")
        return out


def _collapsed(text: str) -> str:
    return " ".join(text.split())


def _quotes(quote: str, text: str) -> bool:
    """Whether ``quote`` occurs in ``text``: word for word (white space as one space); a
    quotation of one or two words, such as a word form from the tables, in any case."""
    if quote in text:
        return True
    return len(quote.split()) <= 2 and re.search(
        r"(?<!\w)" + re.escape(quote.lower()) + r"(?!\w)", text.lower()) is not None


def check_commentary(passage: Passage, text: str, settings: Settings | None = None) -> CommentaryCheck:
    """The commentary's word count, the paragraphs it cites, and its quotations checked
    against the passage and Part III (white space counts as one space)."""
    from closereading import text as T
    settings = settings or load_settings()
    words = count_words(text)
    ids = set(passage.ids)
    cited = tuple(sorted({f"P{n}" for n in _PARAGRAPH_REF.findall(text)} & ids,
                         key=lambda p: int(p[1:])))
    doc = T.load()
    part = tuple(sorted({f"{a}.{b}" for a, b in _PART_III_REF.findall(text)
                         if doc.has_paragraph(f"{a}.{b}")}))
    mine = _collapsed(" ".join(body for _, body in passage.paragraphs))
    theirs = _collapsed(" ".join(p.text for p in doc.paragraphs))
    found, in_part, neither = [], [], []
    for q in (_collapsed(m.group(1)) for m in _QUOTED.finditer(text)):
        if not q:
            continue
        (found if _quotes(q, mine) else in_part if _quotes(q, theirs) else neither).append(q)
    return CommentaryCheck(words, settings.min_words <= words <= settings.max_words, cited,
                           part, tuple(found), tuple(in_part), tuple(neither))


def save_commentary(passage: Passage, value, store: P.Store | None = None) -> dict:
    store = store or P.store()
    try:
        text = R.check_text(value, "commentary")
    except R.ReadingError as exc:
        raise CapstoneError(str(exc)) from None
    return store.update(passage.digest, lambda r: {"text": text, "words": count_words(text)},
                        kind=KIND_COMMENTARY)


def commentary_of(passage: Passage, store: P.Store | None = None) -> dict:
    store = store or P.store()
    return store.record(passage.digest, kind=KIND_COMMENTARY)


# -- the self-assessment ------------------------------------------------------------------


def check_line(value, what: str) -> str:
    text = " ".join(safe_text(value).split())
    if len(text) > LINE_LIMIT:
        raise CapstoneError(f"Your {what} has {len(text)} characters; keep it to one line of "
                            f"at most {LINE_LIMIT}. Nothing was saved; shorten it and save again.")
    return text


def save_self_assessment(passage: Passage, levels: dict, evidence: dict | None = None,
                         revise: str = "", store: P.Store | None = None,
                         settings: Settings | None = None) -> dict:
    """Save the learner's level for each criterion of the rubric, with a line each on where
    the commentary shows it and one on what they would revise first."""
    store = store or P.store()
    settings = settings or load_settings()
    rubric = settings.rubric
    if not commentary_of(passage, store)["text"].strip():
        raise CapstoneError("Save your commentary first (section 6): the self-assessment "
                            "judges it.")
    chosen = {}
    for c in rubric.criteria:
        score = (levels or {}).get(c.id)
        if score is None:
            continue
        if score not in rubric.scores:
            raise CapstoneError(f"{c.name}: {score!r} is not a level of the rubric.")
        chosen[c.id] = score
    missing = [c.name for c in rubric.criteria if c.id not in chosen]
    if missing:
        raise CapstoneError("Choose a level for every criterion; still to choose: "
                            + "; ".join(missing) + ".")
    lines = {}
    for c in rubric.criteria:
        line = check_line((evidence or {}).get(c.id, ""), f"line on {c.name.lower()}")
        if line:
            lines[c.id] = line
    revise = check_line(revise, "line on what you would revise")
    return store.update(passage.digest,
                        lambda r: {"levels": chosen, "evidence": lines, "revise": revise},
                        kind=KIND_SELF)


def self_assessment_of(passage: Passage, store: P.Store | None = None) -> dict:
    store = store or P.store()
    return store.record(passage.digest, kind=KIND_SELF)


# ---------------------------------------------------------------------------------------
# What a teacher's report needs, from a submission's records


def summary(records: dict, settings: Settings | None = None) -> dict | None:
    """The capstone of one learner, from the ``records`` of a submission (or the store's
    records by kind): None when no passage was brought. Plain data for the teacher's
    report: the passage (title, source, paragraphs, words), the lenses, the responses
    saved, the annotations, the commentary's words and whether they are in range, and the
    self-assessment (a level per criterion). Untrusted input: read defensively."""
    settings = settings or load_settings()
    kinds = records if isinstance(records, dict) else {}
    rec = clean_passage((kinds.get(KIND_PASSAGE) or {}).get(CURRENT)
                        if isinstance(kinds.get(KIND_PASSAGE), dict) else None)
    if not rec["text"].strip():
        return None
    d = digest(rec["text"])
    n = len(split_paragraphs(rec["text"]))
    reading = kinds.get(KIND_READING) if isinstance(kinds.get(KIND_READING), dict) else {}
    notes = kinds.get(KIND_ANNOTATIONS) if isinstance(kinds.get(KIND_ANNOTATIONS), dict) else {}
    mine = [clean_response(v) for k, v in reading.items() if str(k).startswith(d + "/")]
    items = sum(len(R.clean_annotations(v)["items"]) for k, v in notes.items()
                if str(k).startswith(d + "/"))
    com = kinds.get(KIND_COMMENTARY) if isinstance(kinds.get(KIND_COMMENTARY), dict) else {}
    commentary = clean_commentary(com.get(d))
    sa = kinds.get(KIND_SELF) if isinstance(kinds.get(KIND_SELF), dict) else {}
    assessed = clean_self(sa.get(d))
    return {"title": rec["title"], "source": rec["source"], "digest": d, "paragraphs": n,
            "words": count_words(rec["text"]), "lenses": rec["lenses"],
            "responses": sum(r["saved"] for r in mine), "annotations": items,
            "commentary_words": commentary["words"],
            "commentary_in_range": settings.min_words <= commentary["words"] <= settings.max_words,
            "self_assessment": {c.id: assessed["levels"].get(c.id)
                                for c in settings.rubric.criteria}}



def work_of(records: dict, settings: Settings | None = None) -> dict | None:
    """What the teacher's report shows of one learner's capstone: :func:`summary`, and
    the passage's paragraphs (``[(id, text, response, counted, annotations), ...]``: the
    response as written, counted False when it was kept with a nudge), the
    commentary's text and the self-assessment's evidence and revision. None when no passage
    was brought. Untrusted input: read defensively."""
    settings = settings or load_settings()
    found = summary(records, settings)
    if found is None:
        return None
    kinds = records if isinstance(records, dict) else {}

    def kind(name) -> dict:
        got = kinds.get(name)
        return got if isinstance(got, dict) else {}
    rec = clean_passage(kind(KIND_PASSAGE).get(CURRENT))
    text = rec["text"]
    d = found["digest"]
    reading, notes = kind(KIND_READING), kind(KIND_ANNOTATIONS)
    paragraphs = []
    for n, body in enumerate(split_paragraphs(text)[:PARAGRAPH_LIMIT], 1):
        pid = f"P{n}"
        response = clean_response(reading.get(f"{d}/{pid}"))
        items = R.clean_annotations(notes.get(f"{d}/{pid}"))["items"]
        paragraphs.append((pid, body, response["text"], response["saved"], items))
    assessed = clean_self(kind(KIND_SELF).get(d))
    return {**found, "origin": rec["origin"], "paragraph_texts": paragraphs,
            "commentary": clean_commentary(kind(KIND_COMMENTARY).get(d))["text"],
            "evidence": {c.id: assessed["evidence"].get(c.id, "")
                         for c in settings.rubric.criteria},
            "revise": assessed["revise"]}


STEPS = ("passage", "lenses", "responses", "annotations", "commentary", "self-assessment")


def steps_done(store: P.Store | None = None, settings: Settings | None = None) -> dict[str, bool]:
    """Which steps of the capstone the learner has done, on the current passage: a
    passage brought, lenses chosen, a response saved to every paragraph, at least one
    annotation, a commentary within the rubric's word range, a level for every
    criterion."""
    store = store or P.store()
    passage = current(store)
    if passage is None:
        return dict.fromkeys(STEPS, False)
    settings = settings or load_settings()
    words = commentary_of(passage, store)["words"]
    levels = self_assessment_of(passage, store)["levels"]
    return {"passage": True, "lenses": bool(passage.lenses),
            "responses": all(r["saved"] for r in responses_of(passage, store).values()),
            "annotations": any(annotations_of(passage, store).values()),
            "commentary": settings.min_words <= words <= settings.max_words,
            "self-assessment": all(c.id in levels for c in settings.rubric.criteria)}


def steps_summary(notebook: str, *, store: P.Store | None = None) -> dict:
    """For the scoreboards: the capstone's steps done, in notebook 08 (nothing to count
    in any other notebook)."""
    from closereading.course import load_course
    nb = load_course().notebook(str(notebook).removesuffix(".ipynb"))
    if not nb.capstone:
        return {"done": 0, "total": 0}
    done = steps_done(store)
    return {"done": sum(done.values()), "total": len(done)}


# ---------------------------------------------------------------------------------------
# Statistics: the counts of notebook 06, on the passage beside Part III


def corpus(passage: Passage):
    from closereading import stats
    return stats.Corpus(((pid, "P", body) for pid, body in passage.paragraphs),
                        {"P": passage.title or "Your passage"}, "your passage")


def _f(x: float, digits: int = 1) -> str:
    return f"{x:,.{digits}f}"


def counts_rows(passage: Passage) -> list[tuple]:
    """(measure, the passage, Part III) for the sizes of notebook 06."""
    from closereading import stats
    theirs = stats.course_corpus()
    body = "\n\n".join(b for _, b in passage.paragraphs)
    whole = "\n\n".join(p.text for p in theirs.paragraphs)

    def sizes(text, words, paragraphs):
        sentences = stats.sentence_lengths(text)
        types = len(set(words))
        return {"Paragraphs": str(paragraphs), "Words (tokens)": f"{len(words):,}",
                "Different words (types)": f"{types:,}",
                "Type-token ratio": _f(types / len(words), 2) if words else "-",
                "Sentences": str(len(sentences)),
                "Mean words per sentence": _f(sum(sentences) / len(sentences)) if sentences else "-",
                "We, our, us (per 1,000 words)": _f(stats.per_thousand(
                    sum(words.count(w) for w in FIRST_PERSON), len(words))) if words else "-"}
    mine = sizes(body, stats.words(body), len(passage.paragraphs))
    part = sizes(whole, theirs.words, len(theirs.paragraphs))
    return [(k, mine[k], part[k]) for k in mine]


def characters_rows(passage: Passage) -> list[tuple]:
    """For a passage without spaces: (paragraph, characters, sentences)."""
    rows = []
    for pid, body in passage.paragraphs:
        chars = sum(1 for ch in body if ch.isalnum())
        sentences = len([s for s in _SENTENCE_END_CJK.split(body) if s.strip()])
        rows.append((pid, chars, sentences))
    return rows


def top_words(passage: Passage, n: int = 10) -> list[tuple]:
    """(word, count, per 1,000 in the passage, per 1,000 in Part III), stopwords left out."""
    from closereading import stats
    c = corpus(passage)
    theirs = stats.course_corpus()
    whole = theirs.counts()
    return [(w, k, stats.per_thousand(k, len(c)), stats.per_thousand(whole[w], len(theirs)))
            for w, k in stats.top_words(c.counts(), n, stats.load_stopwords())]


def keywords(passage: Passage, n: int = 10, min_freq: int = 2) -> tuple[list, list]:
    """Keyness of the passage against Part III: (words more frequent in the passage,
    words more frequent in Part III), each ranked by G2."""
    from closereading import stats
    mine = corpus(passage).words
    found = stats.keyness(mine, stats.course_corpus().words, min_freq=1)
    over = [k for k in found if k.overused and k.count >= min_freq][:n]
    under = [k for k in found if not k.overused and k.ref_count >= min_freq][:n]
    return over, under


def modality_rows(passage: Passage) -> list[tuple]:
    """(modal verb, count and per 1,000 in the passage, count and per 1,000 in Part III,
    the words just before it in the passage): the subject-and-modality counts."""
    from closereading import stats
    mine = corpus(passage)
    theirs = stats.course_corpus()
    rows = []
    for modal in MODALS:
        a = mine.counts()[modal]
        b = theirs.counts()[modal]
        if not a and not b:
            continue
        before = Counter(_before(mine, modal))
        said = ", ".join(f"{w} {k}" for w, k in before.most_common(3))
        theirs_before = Counter(_before(theirs, modal))
        said_theirs = ", ".join(f"{w} {k}" for w, k in theirs_before.most_common(3))
        rows.append((modal, a, _f(stats.per_thousand(a, len(mine))), b,
                     _f(stats.per_thousand(b, len(theirs))), said or "-", said_theirs or "-"))
    return rows


def _before(c, word: str) -> list[str]:
    """The word before each occurrence of ``word``, within its paragraph."""
    out = []
    for i in c.word_index.find([word]):
        para = c.paragraph_at(i)
        if i > para.start:
            out.append(c.words[i - 1])
    return out


def concordance(passage: Passage, query: str, window: int = 6) -> list[tuple]:
    """(paragraph, left, match, right) for each occurrence of ``query`` in the passage:
    whole words by the course's tokenizer, or, for a passage without spaces, any string
    of characters, with ``window`` words (or characters times four) on each side."""
    query = safe_text(query)[:200]
    window = max(0, min(int(window), 30))
    if passage.profile.unspaced:
        q = _collapsed(query)
        if not q:
            return []
        out, span = [], window * 4
        for pid, body in passage.paragraphs:
            start = body.find(q)
            while start != -1:
                out.append((pid, body[max(0, start - span):start], q,
                            body[start + len(q):start + len(q) + span]))
                start = body.find(q, start + 1)
        return out
    from closereading import stats
    return [(h.paragraph, h.left, h.match, h.right)
            for h in stats.kwic(query, window, corpus=corpus(passage))]


def concordance_rich(passage: Passage, query: str, window: int = 6, limit: int = 40) -> Rich:
    from closereading.html import table
    hits = concordance(passage, query, window)
    if not hits:
        said = (f"\u201c{query}\u201d does not occur in your passage." if query.strip()
                else "Type a word or a phrase to search for.")
        return Rich(f"<p>{esc(said)}</p>", said)
    caption = (f"\u201c{query}\u201d in your passage: {len(hits)} "
               f"occurrence{'s' if len(hits) != 1 else ''}"
               + (f" (the first {limit} shown)" if len(hits) > limit else ""))
    return table(["Paragraph", "Left", "Match", "Right"], hits[:limit], caption=caption,
                 align=["l", "r", "l", "l"])


def statistics_rich(passage: Passage | None) -> Rich:
    """The statistics of notebook 06 on the passage, beside Part III, as HTML and text
    (what the live view shows, and what nbval compares)."""
    from closereading.html import table
    if passage is None:
        said = ("No passage yet: bring one in section 1 and the counts appear here, beside "
                "Part III's.")
        return Rich(f"<p><em>{esc(said)}</em></p>", said)
    prof = passage.profile
    parts = [Rich(f"<p><strong>What works on your passage.</strong> {esc(prof.statement())}</p>",
                  "What works on your passage. " + prof.statement())]
    if prof.unspaced:
        rows = characters_rows(passage)
        parts.append(table(["Paragraph", "Characters", "Sentences"], rows,
                           caption="Characters (letters and digits) and sentences (ended by "
                                   "\u3002, \uff01 or \uff1f) in each paragraph",
                           align=["l", "r", "r"]))
        return _joined(parts)
    parts.append(table(["Measure", "Your passage", "Part III"], counts_rows(passage),
                       caption="Sizes, beside Part III (words by the course's tokenizer, "
                               "sentences by its splitter; the type-token ratio falls as a "
                               "text grows, so compare it only between texts of like length)",
                       align=["l", "r", "r"]))
    top = [(w, k, _f(p), _f(q)) for w, k, p, q in top_words(passage)]
    parts.append(table(["Word", "Count", "Per 1,000 (your passage)", "Per 1,000 (Part III)"],
                       top, caption="Top content words of your passage (stopwords left out), "
                                    "with their rate in Part III", align=["l", "r", "r", "r"]))
    if not prof.english:
        return _joined(parts)
    over, under = keywords(passage)
    parts.append(_keyness_table(over, "Keyness against Part III: words more frequent in your "
                                      "passage (seen at least twice there; ranked by G2)"))
    parts.append(_keyness_table(under, "And the other way: words more frequent in Part III "
                                       "than in your passage"))
    parts.append(table(["Modal verb", "Your passage", "Per 1,000", "Part III", "Per 1,000",
                        "Words before it (your passage)", "Words before it (Part III)"],
                       modality_rows(passage), align=["l", "r", "r", "r", "r", "l", "l"],
                       caption="Subject and modality: each modal verb, how often, and the "
                               "words just before it (often its subject, as in notebook 01)"))
    return _joined(parts)


def _keyness_table(found, caption: str) -> Rich:
    from closereading.html import table
    rows = [(k.word, k.count, k.ref_count, _f(k.g2, 2), _f(k.log_ratio, 2),
             "yes" if k.g2 >= 3.84 else "no") for k in found]
    return table(["Word", "In your passage", "In Part III", "G2", "Log ratio",
                  "G2 above 3.84?"], rows, align=["l", "r", "r", "r", "r", "l"], caption=caption)


def _joined(parts: list[Rich]) -> Rich:
    return Rich("".join(p.html for p in parts), "\n\n".join(p.text for p in parts))


def rubric_rich(settings: Settings | None = None) -> Rich:
    """The rubric as a table: one row per criterion, one column per level."""
    settings = settings or load_settings()
    rubric = settings.rubric
    head = "".join(f'<th scope="col" style="text-align:left">{esc(label)} ({score})</th>'
                   for score, label in rubric.levels)
    rows = "".join(
        f'<tr><th scope="row" style="text-align:left;vertical-align:top">{esc(c.name)}'
        f'<br><span style="font-weight:normal"><em>{esc(c.question)}</em></span></th>'
        + "".join(f'<td style="text-align:left;vertical-align:top">{esc(c.descriptors[s])}</td>'
                  for s in rubric.scores) + "</tr>" for c in rubric.criteria)
    caption = (f"The rubric of the commentary ({settings.min_words} to {settings.max_words} "
               "words): a level for each criterion")
    html = (f'<table class="cr-rubric"><caption style="caption-side:top;text-align:left">'
            f'{esc(caption)}</caption><thead><tr><th scope="col" style="text-align:left">Criterion</th>{head}</tr>'
            f"</thead><tbody>{rows}</tbody></table>")
    lines = [caption]
    for c in rubric.criteria:
        lines.append(f"{c.name}: {c.question}")
        lines += [f"  {label} ({s}): {c.descriptors[s]}" for s, label in rubric.levels]
    return Rich(html, "\n".join(lines))


# ---------------------------------------------------------------------------------------
# Calls for the notebook (the widgets are imported only here)


def passage():
    from closereading.capstone_widgets import PassageView
    return PassageView()


def lenses():
    from closereading.capstone_widgets import LensView
    return LensView()


def responses():
    from closereading.capstone_widgets import ResponsesView
    return ResponsesView()


def annotate():
    from closereading.capstone_widgets import AnnotationsView
    return AnnotationsView()


def statistics():
    from closereading.capstone_widgets import StatisticsView
    return StatisticsView()


def rubric() -> Rich:
    return rubric_rich()


def commentary():
    from closereading.capstone_widgets import CommentaryView
    return CommentaryView()


def self_assessment():
    from closereading.capstone_widgets import SelfAssessmentView
    return SelfAssessmentView()
