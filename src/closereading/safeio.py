"""Reading untrusted files and writing the course's own, in one place.

Reading (submissions, a learner's progress store, a comments file, a text for
``closereading stats``): :func:`read_bytes` and :func:`read_json`.

* Only a regular file is read. A folder, a FIFO, a device or a socket is refused before
  any byte is read: the file is opened with ``O_NONBLOCK`` (a FIFO with no writer does not
  block the open) and checked with ``fstat`` on the open descriptor (no race between the
  check and the read).
* The size is capped before anything is parsed: at most ``max_bytes`` are read.
* JSON is parsed with bounds: nesting at most :data:`MAX_DEPTH` deep (checked before
  parsing), integers of at most
  :data:`MAX_INT_DIGITS` digits, numbers finite (no ``NaN`` or ``Infinity``), at most
  ``max_keys`` distinct object keys in the whole document.
* Lone surrogates (``"\\ud800"`` in the JSON, which no UTF-8 file can hold) are replaced, in
  keys and strings, by the six characters of their escape (the text ``\\ud800``): what
  the learner's file held stays readable and recoverable, and every string the course
  handles can be written as UTF-8. The progress store keeps them as they are (it writes
  ASCII JSON, so the learner's text is kept exactly); they are replaced when a
  submission is exported (:func:`encode_text`) and when the report reads one.

Each refusal is an :class:`UnsafeInput` whose message names the file and the reason.

Writing (the store, submissions, the report, editions, the journal, feedback):
:func:`write_text` and :func:`write_bytes` write a temporary file in the target's folder,
flush it to disk and put it in place with ``os.replace``, so that a reader never sees half
a file and a failed or killed writer leaves the previous file whole. The temporary file is
removed on every error. A target that is a symbolic link, a folder or anything but a
regular file is refused (:class:`UnsafeOutput`): the course never writes through a link it
did not make, and never silently replaces one. :class:`Staging` writes a set of files
(the class report) into a fresh folder and moves them into place only once every one is
written, the page named last last.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import stat
import tempfile
from pathlib import Path

MAX_DEPTH = 64
MAX_INT_DIGITS = 40
MAX_FLOAT_CHARS = 400
MAX_KEYS = 20_000


class UnsafeInput(ValueError):
    """A file refused by the reading layer: ``reason`` says why, ``path`` which file."""

    def __init__(self, path, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class UnsafeOutput(OSError):
    """A file the writing layer refuses to write, or could not write, in one line."""

    def __init__(self, path, reason: str, detail: str | None = None):
        self.path = str(path)
        self.reason = reason
        self.detail = detail or reason   # the system's words alone, when it gave some
        super().__init__(f"{self.path}: {reason}")

    def __str__(self) -> str:
        return f"{self.path}: {self.reason}"


# ---------------------------------------------------------------------------------------
# Reading


def kind_of(mode: int) -> str:
    """What a file that is not a regular file is, in words."""
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO (named pipe)"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a regular file"


def _os_reason(exc: OSError) -> str:
    return exc.strerror or str(exc) or type(exc).__name__


def regular_problem(path) -> str | None:
    """Why ``path`` cannot be read as a regular file (without opening it), or None."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        return "no such file"
    except OSError as exc:
        return f"cannot be read ({_os_reason(exc)})"
    except ValueError:   # a NUL in the name
        return "not a valid file name"
    if not stat.S_ISREG(st.st_mode):
        return f"is {kind_of(st.st_mode)}, not a regular file"
    return None


def read_bytes(path, max_bytes: int) -> bytes:
    """At most ``max_bytes`` bytes of the regular file ``path``; :class:`UnsafeInput` for
    anything else (missing, unreadable, not a regular file, larger than the cap)."""
    problem = regular_problem(path)
    if problem is not None:
        raise UnsafeInput(path, problem)
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
    try:
        fd = os.open(path, flags)
    except OSError as exc:
        raise UnsafeInput(path, f"cannot be read ({_os_reason(exc)})") from None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):   # replaced between the check and the open
            raise UnsafeInput(path, f"is {kind_of(st.st_mode)}, not a regular file")
        if st.st_size > max_bytes:
            raise UnsafeInput(path, f"too large: {st.st_size:,} bytes, over the cap of "
                                    f"{max_bytes:,}")
        chunks, total = [], 0
        while total <= max_bytes:
            chunk = os.read(fd, min(1 << 20, max_bytes + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
    except OSError as exc:
        raise UnsafeInput(path, f"cannot be read ({_os_reason(exc)})") from None
    finally:
        os.close(fd)
    data = b"".join(chunks)
    if len(data) > max_bytes:
        raise UnsafeInput(path, f"too large: over the cap of {max_bytes:,} bytes")
    return data


class _Refused(Exception):
    pass


_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"', re.S)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89abcdefABCDEF]")
_LONE = re.compile("[\ud800-\udfff]")


def depth_of(text: str) -> int:
    """The deepest nesting of arrays and objects in JSON text (brackets inside strings do
    not count)."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    depth = deepest = 0
    for ch in brackets:
        if ch in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
        else:
            depth -= 1
    return deepest


def clean_surrogates(value):
    """``value`` with every lone surrogate, in strings and keys at any depth, replaced by
    the text of its escape (``\\ud800``)."""
    if isinstance(value, str):
        return _LONE.sub(lambda m: f"\\u{ord(m.group()):04x}", value) if _LONE.search(value) else value
    if isinstance(value, dict):
        return {clean_surrogates(k): clean_surrogates(v) for k, v in value.items()}
    if isinstance(value, list):
        return [clean_surrogates(v) for v in value]
    return value


def loads(raw: bytes | str, *, max_depth: int = MAX_DEPTH, max_keys: int = MAX_KEYS,
          keep_surrogates: bool = False):
    """JSON within the bounds of this module (see its docstring); ValueError with the reason
    in words otherwise. ``keep_surrogates``: lone surrogates are left as they are (the
    progress store, which writes ASCII JSON and so keeps them exactly)."""
    if isinstance(raw, bytes):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise ValueError("not UTF-8 text") from None
    else:
        text = raw
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise ValueError("empty file")
    deepest = depth_of(text)
    if deepest > max_depth:
        raise ValueError("not valid JSON: nested too deeply")
    keys: set = set()

    def pairs(items):
        for k, _ in items:
            if k not in keys:
                keys.add(k)
                if len(keys) > max_keys:
                    raise _Refused(f"holds more than {max_keys:,} distinct keys")
        return dict(items)

    def integer(s: str) -> int:
        if len(s.lstrip("-")) > MAX_INT_DIGITS:
            raise _Refused(f"holds a number of {len(s.lstrip('-')):,} digits, over the limit of "
                           f"{MAX_INT_DIGITS}")
        return int(s)

    def number(s: str) -> float:
        if len(s) > MAX_FLOAT_CHARS:
            raise _Refused(f"holds a number written with {len(s):,} characters, over the limit of "
                           f"{MAX_FLOAT_CHARS}")
        value = float(s)
        if value in (float("inf"), float("-inf")):
            raise _Refused(f"holds a number too large to hold: {s[:20]}")
        return value

    def constant(s: str):
        raise _Refused(f"holds {s}, which JSON does not allow")

    try:
        data = json.loads(text, object_pairs_hook=pairs, parse_int=integer,
                          parse_float=number, parse_constant=constant)
    except _Refused as exc:
        raise ValueError(str(exc)) from None
    except json.JSONDecodeError as exc:
        raise ValueError(f"not valid JSON: {exc.msg} at line {exc.lineno}") from None
    except RecursionError:   # pragma: no cover - the depth check comes first
        raise ValueError("nested too deeply") from None
    if not keep_surrogates and _SURROGATE_ESCAPE.search(text):
        data = clean_surrogates(data)
    return data


def value_problem(value, max_depth: int = MAX_DEPTH, max_keys: int = MAX_KEYS) -> str | None:
    """Why :func:`loads` would refuse ``value`` once written as JSON (too deep, an integer
    too long, a number that is not finite, too many distinct keys, not JSON at all), or
    None: what the course writes, it can read back."""
    keys: set = set()
    stack = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        if isinstance(item, bool) or item is None or isinstance(item, str):
            continue
        if isinstance(item, int):
            if item.bit_length() > 140 or len(str(abs(item))) > MAX_INT_DIGITS:
                return f"holds a number of more than {MAX_INT_DIGITS} digits"
            continue
        if isinstance(item, float):
            if item != item or item in (float("inf"), float("-inf")):
                return "holds a number that is not finite"
            continue
        if isinstance(item, (list, tuple, dict)):
            if depth > max_depth:
                return "nested too deeply"
            if isinstance(item, dict):
                for k in item:
                    if not isinstance(k, str):
                        return "holds a key that is not text"
                    keys.add(k)
                if len(keys) > max_keys:
                    return f"holds more than {max_keys:,} distinct keys"
                stack.extend((v, depth + 1) for v in item.values())
            else:
                stack.extend((v, depth + 1) for v in item)
            continue
        return f"holds a {type(item).__name__}, which JSON cannot hold"
    return None


def read_json(path, max_bytes: int, *, max_depth: int = MAX_DEPTH, max_keys: int = MAX_KEYS):
    """The JSON in the regular file ``path``, within the bounds of this module;
    :class:`UnsafeInput` naming the file and the reason otherwise."""
    raw = read_bytes(path, max_bytes)
    try:
        return loads(raw, max_depth=max_depth, max_keys=max_keys)
    except ValueError as exc:
        raise UnsafeInput(path, str(exc)) from None


# ---------------------------------------------------------------------------------------
# Writing


def _check_target(path: Path) -> None:
    """UnsafeOutput unless ``path`` is missing or a regular file (not a link)."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return
    except OSError as exc:
        raise UnsafeOutput(path, f"cannot be written ({_os_reason(exc)})",
                           _os_reason(exc)) from None
    if stat.S_ISLNK(st.st_mode):
        raise UnsafeOutput(path, "is a symbolic link: not written through nor replaced")
    if not stat.S_ISREG(st.st_mode):
        raise UnsafeOutput(path, f"is {kind_of(st.st_mode)}: not replaced by a file")


def _temp_name(path: Path) -> str:
    return f".{path.name}."


def write_bytes(path, data: bytes, *, mode: int | None = None, fsync: bool = True) -> Path:
    """Write ``data`` to ``path`` atomically (see the module's docstring); UnsafeOutput
    when the target is not a regular file or the folder cannot be written."""
    path = Path(path)
    _check_target(path)
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=_temp_name(path), suffix=".tmp", dir=folder)
    except OSError as exc:
        raise UnsafeOutput(path, f"cannot be written ({_os_reason(exc)})",
                           _os_reason(exc)) from None
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
            fh.flush()
            if fsync:
                os.fsync(fh.fileno())
        if mode is not None:
            os.chmod(tmp, mode)
        _check_target(path)
        os.replace(tmp, path)
    except OSError as exc:
        _unlink_quietly(tmp)
        if isinstance(exc, UnsafeOutput):
            raise
        raise UnsafeOutput(path, f"cannot be written ({_os_reason(exc)})",
                           _os_reason(exc)) from None
    except BaseException:
        _unlink_quietly(tmp)
        raise
    return path


def encode_text(text: str, *, bom: bool = False) -> bytes:
    """UTF-8 bytes of ``text``, lone surrogates written as their escape."""
    text = clean_surrogates(text)
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def write_text(path, text: str, *, mode: int | None = None, fsync: bool = True) -> Path:
    """Write ``text`` as UTF-8 to ``path`` atomically (:func:`write_bytes`)."""
    return write_bytes(path, encode_text(text), mode=mode, fsync=fsync)


def _unlink_quietly(path) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


class Staging:
    """A set of files written into a fresh hidden folder inside ``out`` and moved into
    ``out`` only when every one is written (:meth:`commit`), the file named ``last`` last;
    the folder is removed whatever happens. Before anything is moved, every target is
    checked: a symbolic link or a folder where a file goes, or a link where a folder goes,
    stops the whole commit with UnsafeOutput and nothing in ``out`` changes."""

    PREFIX = ".closereading-staging-"

    def __init__(self, out, last: str):
        self.out = Path(out)
        self.last = last
        problem = None
        try:
            st = os.stat(self.out)
            if stat.S_ISREG(st.st_mode):
                problem = "is a file, not a folder"
            elif not stat.S_ISDIR(st.st_mode):
                problem = f"is {kind_of(st.st_mode)}, not a folder"
        except FileNotFoundError:
            try:
                self.out.mkdir(parents=True)
            except OSError as exc:
                problem = f"cannot be made ({_os_reason(exc)})"
        except OSError as exc:
            problem = f"cannot be used ({_os_reason(exc)})"
        if problem is None:
            self._sweep()
            try:
                self.dir = Path(tempfile.mkdtemp(prefix=self.PREFIX, dir=self.out))
            except OSError as exc:
                problem = f"cannot be written ({_os_reason(exc)})"
        if problem is not None:
            raise UnsafeOutput(self.out, problem)

    def _sweep(self, age: float = 3600.0) -> None:
        """Remove the staging folders of runs killed over ``age`` seconds ago."""
        import time
        try:
            old = [p for p in self.out.glob(self.PREFIX + "*")
                   if p.is_dir() and not p.is_symlink()
                   and time.time() - p.stat().st_mtime > age]
        except OSError:
            return
        for p in old:
            shutil.rmtree(p, ignore_errors=True)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        shutil.rmtree(self.dir, ignore_errors=True)
        return False

    def _files(self) -> list[Path]:
        files = sorted(p.relative_to(self.dir) for p in self.dir.rglob("*") if p.is_file())
        return sorted(files, key=lambda p: p.as_posix() == self.last)

    def commit(self) -> list[Path]:
        files = self._files()
        for rel in files:
            for part in list(reversed(rel.parents))[1:]:
                target = self.out / part
                try:
                    st = os.lstat(target)
                except FileNotFoundError:
                    continue
                except OSError as exc:
                    raise UnsafeOutput(target, f"cannot be used ({_os_reason(exc)})") from None
                if not stat.S_ISDIR(st.st_mode):
                    raise UnsafeOutput(target, "is a symbolic link: not followed"
                                       if stat.S_ISLNK(st.st_mode) else "is not a folder")
            _check_target(self.out / rel)
        written = []
        for rel in files:
            target = self.out / rel
            try:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(self.dir / rel, target)
            except OSError as exc:
                raise UnsafeOutput(target, f"cannot be written ({_os_reason(exc)})") from None
            written.append(target)
        return written
