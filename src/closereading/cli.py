"""The command line: ``closereading stats [PATH] [--json]``, ``closereading export --name
NAME [--id ID] [--out FILE]`` (a learner's submission, see :mod:`closereading.submission`)
``closereading report SUBMISSION... --out DIR [--format canvas|moodle|plain] [--bom]
[--due DATETIME] [--anonymise]`` (the class report, see :mod:`closereading.report` and
:mod:`closereading.grades`), and on a hub ``closereading collect --out DIR`` and
``closereading return COMMENTS.csv`` (see :mod:`closereading.hub`).

Without PATH, the summary statistics of the course text (Part III of the white paper),
parsed by the course's parser. With PATH, those of any plain-text file (UTF-8): sections
come from lines that start with "-- " where there are some; otherwise the whole text is
one section. ``python -m closereading stats`` does the same.

With ``--json`` the output is one JSON object::

    {"source": "...", "title": "...", "tokens": 1414, "types": 471, "sentences": 59,
     "sections": [{"id": "0", "title": "Introduction", "paragraphs": 1, "tokens": 31,
                   "types": 27, "sentences": 1, "frequencies": {"the": 3, ...}}, ...]}

``frequencies`` maps each lower-cased word to its count, most frequent first. A file that
is missing, unreadable (a folder, a FIFO, a device, a loop of symbolic links, a name too
long for the system), larger than :data:`MAX_TEXT_BYTES`, not UTF-8 text or empty, or a
negative ``--top``, gives a one-line message on stderr and exit status 1; a usage mistake
(an unknown option, ``--top`` not a number) gives exit status 2.

Every command's errors are one line on stderr, ``closereading COMMAND: error: ...``,
with exit status 1: a problem with the files named, with the output folder, with the
course's materials, and (as a last resort) any other error, named by its type; never a
traceback.
"""

from __future__ import annotations

import argparse
import json
import stat
import sys
from pathlib import Path

EXIT_OK, EXIT_INPUT, EXIT_USAGE = 0, 1, 2
MAX_TEXT_BYTES = 20_000_000   # a text for ``stats``; the course text is about 10 kB


class InputError(Exception):
    """A problem with the file the user named, said in one line."""


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="closereading",
        description="Tools of the close-reading course on Part III of China's Peaceful "
                    "Development (2011).")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    sub.required = True
    p = sub.add_parser(
        "stats", help="summary statistics of the course text or of a plain-text file",
        description="Print the summary statistics (words, types, sentences, top words, "
                    "readability) of each section of the course text, or of PATH, a "
                    "plain-text UTF-8 file; lines starting with '-- ' divide it into "
                    "sections.")
    p.add_argument("path", nargs="?", metavar="PATH",
                   help="a plain-text file (default: the course text)")
    p.add_argument("--json", action="store_true",
                   help="print one JSON object with a list 'sections', each with id, title, "
                        "tokens, types, sentences and frequencies")
    p.add_argument("--top", type=int, default=10, metavar="N",
                   help="how many top words to print per section (text output; default 10)")
    e = sub.add_parser(
        "export", help="write your submission (quiz answers, exercise results, reading "
                       "responses) to a JSON file to hand in",
        description="Write the learner's submission: every question with its answers, "
                    "attempts and first-try result, every exercise result and the reading "
                    "responses, from the progress file (CLOSEREADING_PROGRESS or the "
                    "user-data folder).")
    e.add_argument("--name", required=True, help="your name, as your teacher knows you")
    e.add_argument("--id", default="", help="optional: your student number or login")
    e.add_argument("--out", metavar="FILE",
                   help="where to write (default: closereading-submission-<name>.json here)")
    r = sub.add_parser(
        "report", help="the class report from submission files: DIR/index.html and "
                       "DIR/grades.csv",
        description="Read learners' submissions (files, or folders of .json files) and "
                    "write DIR/index.html (the class report, offline) and DIR/grades.csv "
                    "(Canvas-style). Files that cannot be used are named with the reason "
                    "and left out.")
    r.add_argument("submissions", nargs="+", metavar="SUBMISSION")
    r.add_argument("--out", required=True, metavar="DIR")
    r.add_argument("--format", choices=("plain", "canvas", "moodle"), default="plain",
                   dest="fmt", help="grades.csv for: plain (every column, the default), "
                                    "canvas (Canvas's gradebook import) or moodle (Moodle's "
                                    "CSV grade import)")
    r.add_argument("--bom", action="store_true",
                   help="start grades.csv with a byte-order mark, so that Excel reads accented "
                        "and non-Latin names right")
    r.add_argument("--due", metavar="DATETIME",
                   help="flag exports made after this time (ISO 8601, e.g. 2026-12-01T17:00; "
                        "UTC unless a zone is given)")
    r.add_argument("--anonymise", "--anonymize", action="store_true",
                   help="name learners 'Learner 1', 'Learner 2' ... and show no name, ID, login "
                        "or file name (for projecting in class); grades.csv is not written")
    c = sub.add_parser(
        "collect", help="on a hub: one submission per learner from their home folders, "
                        "without starting their servers",
        description="Read each learner's progress file under the hub's home folders "
                    "(read only) and write one submission per learner into DIR; say which "
                    "homes were skipped and why.")
    c.add_argument("--out", required=True, metavar="DIR")
    c.add_argument("--homes", default="/home/{login}", metavar="PATTERN",
                   help="where the home folders are, {login} standing for the login "
                        "(default: /home/{login})")
    c.add_argument("--store", default=".local/share/closereading/progress.json",
                   metavar="PATH", help="the progress file, relative to a home (default: "
                                        ".local/share/closereading/progress.json)")
    b = sub.add_parser(
        "return", help="on a hub: put the teacher's comments where each learner's notebook 00 "
                       "shows them",
        description="Read COMMENTS (a CSV with the columns Login and Comment, such as the "
                    "report's comments.csv filled in) and write each comment beside the "
                    "learner's progress file, where the export box of notebook 00 shows it.")
    b.add_argument("comments", metavar="COMMENTS")
    b.add_argument("--homes", default="/home/{login}", metavar="PATTERN")
    b.add_argument("--store", default=".local/share/closereading/progress.json",
                   metavar="PATH")
    return parser


def cmd_export(args) -> int:
    from closereading import submission as S
    try:
        path = S.export(args.name, args.out, args.id)
    except S.SubmissionError as exc:
        raise InputError(str(exc)) from None
    sys.stdout.write(f"wrote your submission to {path}\n")
    return EXIT_OK


def cmd_report(args) -> int:
    from closereading import grades as G
    from closereading import report as R
    try:
        due = G.parse_due(args.due) if args.due else None
    except ValueError as exc:
        raise InputError(str(exc)) from None
    from closereading import safeio
    options = R.Options(fmt=args.fmt, bom=args.bom, due=due, anonymise=args.anonymise)
    try:
        page, loaded = R.write_report(args.submissions, args.out, options)
    except safeio.UnsafeOutput as exc:
        raise InputError(f"--out {exc}; nothing was written") from None
    for path, reason in loaded.rejected:
        sys.stderr.write(f"left out {path}: {' '.join(reason.split())}\n")
    wrote = (f"{page}" if args.anonymise
             else f"{page} and {page.parent / 'grades.csv'} ({args.fmt})")
    sys.stdout.write(f"read {len(loaded.accepted)} submissions ({len(loaded.rejected)} left "
                     f"out); wrote {wrote}\n")
    if not loaded.accepted:
        raise InputError("no submission could be read")
    return EXIT_OK


def cmd_collect(args) -> int:
    from closereading import hub
    try:
        result = hub.collect(args.out, args.homes, args.store)
    except hub.HubError as exc:
        raise InputError(str(exc)) from None
    for login, reason in result.skipped:
        sys.stderr.write(f"skipped {login}: {reason}\n")
    sys.stdout.write(f"collected {len(result.done)} submission{'s' if len(result.done) != 1 else ''}"
                     f" into {args.out} ({len(result.skipped)} home"
                     f"{'s' if len(result.skipped) != 1 else ''} skipped)\n")
    return EXIT_OK


def cmd_return(args) -> int:
    from closereading import hub
    try:
        result = hub.give_back(args.comments, args.homes, args.store)
    except hub.HubError as exc:
        raise InputError(str(exc)) from None
    for login, reason in result.skipped:
        sys.stderr.write(f"not returned to {login}: {reason}\n")
    sys.stdout.write(f"returned comments to {len(result.done)} learner"
                     f"{'s' if len(result.done) != 1 else ''}\n")
    return EXIT_OK


def load_document(path: str | None):
    """The course text, or a plain-text file parsed into sections; InputError otherwise."""
    from closereading import text
    from closereading.paths import source_path
    if path is None:
        try:
            return text.load()
        except (OSError, text.SourceError) as exc:
            raise InputError(f"cannot read the course text: {exc}") from None
    from closereading import safeio
    p = Path(path)
    # Every look at the file system is inside the try: a name too long for the system, a
    # loop of symbolic links or a folder must each give a one-line message, not a traceback.
    # A FIFO or a device is refused before it is opened (it could block, or never end).
    try:
        st = p.stat()
        if stat.S_ISDIR(st.st_mode):
            raise InputError(f"{path}: is a folder, not a text file")
        if not stat.S_ISREG(st.st_mode):
            raise InputError(f"{path}: is {safeio.kind_of(st.st_mode)}, not a text file")
        try:
            data = safeio.read_bytes(p, MAX_TEXT_BYTES)
        except safeio.UnsafeInput as exc:
            if exc.reason == "cannot be read (Permission denied)":
                raise PermissionError(13, "Permission denied") from None
            raise InputError(f"{path}: {exc.reason}") from None
        is_course_text = p.resolve() == source_path().resolve()
    except FileNotFoundError:
        raise InputError(f"{path}: no such file") from None
    except PermissionError:
        raise InputError(f"{path}: permission denied (the file cannot be read)") from None
    except (OSError, RuntimeError) as exc:   # RuntimeError: resolve() on a symlink loop
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise InputError(f"{path}: cannot read the file ({reason})") from None
    try:
        if is_course_text:
            return text.parse(data, str(p))
        return text.parse_plain(data, str(p))
    except text.SourceError as exc:
        raise InputError(str(exc)) from None


def collect(doc) -> dict:
    """The statistics of a document as plain data (what ``--json`` prints)."""
    from closereading import stats
    corpus = stats.Corpus.from_document(doc)
    sections = []
    for s in doc.sections:
        body = "\n\n".join(p.text for p in s.paragraphs)
        tokens = corpus.section_words(s.id)
        counts = stats.frequencies(tokens)
        sections.append({
            "id": s.id, "title": s.title, "paragraphs": len(s.paragraphs),
            "tokens": len(tokens), "types": len(counts),
            "sentences": len(stats.sentences(body)),
            "frequencies": dict(stats.ranked(counts)),
        })
    whole = "\n\n".join(p.text for p in doc.paragraphs)
    if not corpus.words:
        raise InputError(f"{doc.name}: the file has no words to count")
    return {"source": doc.name, "title": doc.title, "tokens": len(corpus.words),
            "types": len(set(corpus.words)), "sentences": len(stats.sentences(whole)),
            "sections": sections}


def render_text(data: dict, doc, top: int) -> str:
    from closereading import stats
    from closereading.html import table
    try:
        stopwords = stats.load_stopwords()
    except stats.StopwordsError:
        stopwords = frozenset()
    rows = []
    for s in data["sections"]:
        ratio = s["types"] / s["tokens"] if s["tokens"] else 0.0
        mean = s["tokens"] / s["sentences"] if s["sentences"] else 0.0
        rows.append((s["id"], stats.short_title(s["title"], 40), s["paragraphs"], s["tokens"],
                     s["types"], f"{ratio:.2f}", s["sentences"], f"{mean:.1f}"))
    ratio = data["types"] / data["tokens"]
    mean = data["tokens"] / data["sentences"] if data["sentences"] else 0.0
    rows.append(("all", "Whole text", sum(s["paragraphs"] for s in data["sections"]),
                 data["tokens"], data["types"], f"{ratio:.2f}", data["sentences"], f"{mean:.1f}"))
    lines = [f"{data['title']} ({data['source']})", "",
             table(["Section", "Title", "Paragraphs", "Words", "Types", "TTR", "Sentences",
                    "Words/sentence"], rows, align=["l", "l"] + ["r"] * 6).text, ""]
    lines.append(f"Top words (stopwords left out: {len(stopwords)} words from the course list):")
    for s in data["sections"]:
        words = [(w, c) for w, c in s["frequencies"].items() if w not in stopwords][:top]
        lines.append(f"  {s['id']}: " + (", ".join(f"{w} {c}" for w, c in words) or "(none)"))
    whole = "\n\n".join(p.text for p in doc.paragraphs)
    try:
        r = stats.readability(whole)
        lines += ["", f"Readability (whole text): Flesch reading ease {r.flesch:.1f}, "
                      f"Flesch-Kincaid grade {r.grade:.1f} (syllables estimated)"]
    except ValueError:
        pass
    lines += ["", "Words are counted by the course's tokenizer; see closereading.stats.RULES."]
    return "\n".join(lines)


def cmd_stats(args) -> int:
    if args.top < 0:
        raise InputError(f"--top must be 0 or more (it is {args.top})")
    doc = load_document(args.path)
    data = collect(doc)
    if args.json:
        out = json.dumps(data, ensure_ascii=False, indent=1)
    else:
        out = render_text(data, doc, args.top)
    sys.stdout.write(out + "\n")
    return EXIT_OK


def main(argv=None) -> int:
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:   # argparse has printed its message (or the help)
        return EXIT_OK if exc.code in (0, None) else EXIT_USAGE
    try:
        return {"stats": cmd_stats, "export": cmd_export, "report": cmd_report,
                "collect": cmd_collect, "return": cmd_return}[args.command](args)
    except InputError as exc:
        return _error(args.command, str(exc))
    except BrokenPipeError:   # e.g. piped into `head`
        return EXIT_OK
    except KeyboardInterrupt:
        return _error(args.command, "interrupted", 130)
    except Exception as exc:   # noqa: BLE001 - one line, never a traceback
        return _error(args.command, _describe(exc))


def _describe(exc: BaseException) -> str:
    """An error that no command expected, in words: the materials, the file system,
    memory, or anything else by its type."""
    from closereading.materials import MaterialsError
    if isinstance(exc, MaterialsError):
        n = len(exc.problems)
        first = str(exc.problems[0]) if exc.problems else str(exc)
        more = f" (and {n - 1} more problem{'s' if n > 2 else ''})" if n > 1 else ""
        return f"the course's materials cannot be read: {first}{more}"
    if isinstance(exc, OSError):
        where = f"{exc.filename}: " if getattr(exc, "filename", None) else ""
        return f"{where}{exc.strerror or exc}"
    if isinstance(exc, MemoryError):
        return "out of memory"
    return f"unexpected {type(exc).__name__}: {exc}"


def _error(command: str, message: str, code: int = EXIT_INPUT) -> int:
    line = " ".join(str(message).split()) or "error"
    sys.stderr.write(f"closereading {command}: error: {line}\n")
    return code


if __name__ == "__main__":
    sys.exit(main())
