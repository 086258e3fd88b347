"""The method the course teaches, and how much of it each reading prompt gives.

``materials/method.yml`` holds three things (documented in ``materials/README.md``):

* ``lenses``: the questions to ask of any official text, each with an ``id``, a short
  ``name`` (the lens) and the full ``question``;
* ``support``: what each of the four levels of support means, from the most to the
  least (:data:`LEVELS`): ``worked`` (the course goes through every question, thinking
  aloud), ``full`` (the prompt sets out the questions in full), ``guided`` (lens names and
  a cue), ``lens`` (lens names only);
* ``worked_example``: the questions worked through once on a paragraph (the introduction,
  0.1), each step thinking aloud and quoting the paragraph word for word.

A reading prompt (``annotations/<notebook>.yml``, ``reading:``) names its ``lenses`` and its
``support``; :func:`prompt_parts` composes what the learner reads from them, so that the
fading of the support is data a teacher can see and change.

Calls for the notebooks::

    method.show()            # the questions of the method, numbered (notebook 00)
    method.worked_example()  # the worked example on 0.1 (shown with the notes of 0.1)
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from closereading.html import Rich, esc

#: The levels of support, from the most to the least. A prompt at ``lens`` has no text
#: of its own: it is made of its lens names.
LEVELS = ("worked", "full", "guided", "lens")
LEVEL_LABELS = {"worked": "worked example", "full": "full questions",
                "guided": "lenses and a cue", "lens": "lens names only"}


@dataclass(frozen=True)
class Lens:
    id: str
    name: str
    question: str


@dataclass(frozen=True)
class Step:
    lens: str
    think: str
    quote: str = ""


@dataclass(frozen=True)
class Method:
    lenses: tuple[Lens, ...]
    support: dict
    paragraph: str
    steps: tuple[Step, ...]

    def lens(self, lid: str) -> Lens:
        for lens in self.lenses:
            if lens.id == lid:
                return lens
        raise KeyError(lid)

    @property
    def ids(self) -> tuple[str, ...]:
        return tuple(lens.id for lens in self.lenses)


def method_path() -> Path:
    from closereading.materials import materials_file
    return materials_file("method.yml")


def parse_method(data, path, *, doc) -> Method:
    """The data of ``method.yml``, validated; every problem is reported at once."""
    import re

    from closereading.materials import (Problems, YMap, require_list, require_str,
                                        unknown_keys)
    problems = Problems()
    if not isinstance(data, YMap):
        problems.add(path, "should be a mapping with 'lenses', 'support' and "
                           "'worked_example'")
        problems.raise_if_any()
    unknown_keys(data, ("lenses", "support", "worked_example"), problems, path, None)
    lenses: list[Lens] = []
    entries = require_list(data, "lenses", problems, path, None) or []
    for i, entry in enumerate(entries):
        item = f"lens {i + 1}"
        if not isinstance(entry, YMap):
            problems.add(path, "each lens should be a mapping with id, name and question",
                         item=item, line=entries.line_of(i))
            continue
        unknown_keys(entry, ("id", "name", "question"), problems, path, item)
        fields = {k: require_str(entry, k, problems, path, item)
                  for k in ("id", "name", "question")}
        lid = fields["id"]
        if lid and not re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*", lid):
            problems.add(path, "should be lower-case letters, digits and single hyphens",
                         item=item, field="id", line=entry.line_of("id"))
        elif lid in [lens.id for lens in lenses]:
            problems.add(path, f"id {lid!r} is used twice", item=item, field="id",
                         line=entry.line_of("id"))
        elif all(fields.values()):
            lenses.append(Lens(lid, fields["name"], fields["question"]))
    if entries and not 3 <= len(entries) <= 12:
        problems.add(path, f"has {len(entries)} lenses; a method a learner can keep in mind "
                           "has between 3 and 12", field="lenses", line=data.line_of("lenses"))
    support = data.get("support")
    levels: dict = {}
    if not isinstance(support, YMap):
        problems.add(path, f"should be a mapping from each level ({', '.join(LEVELS)}) to "
                           "what it gives the learner", field="support",
                     line=data.line_of("support"))
    else:
        for level in LEVELS:
            text = require_str(support, level, problems, path, "support")
            if text:
                levels[level] = text
        for key in support:
            if key not in LEVELS:
                problems.add(path, f"{key!r} is not a level of support (the levels: "
                                   f"{', '.join(LEVELS)})", item="support", field=str(key),
                             line=support.line_of(key))
    worked = data.get("worked_example")
    steps: list[Step] = []
    pid = None
    if not isinstance(worked, YMap):
        problems.add(path, "should be a mapping with 'paragraph' and 'steps'",
                     field="worked_example", line=data.line_of("worked_example"))
    else:
        unknown_keys(worked, ("paragraph", "steps"), problems, path, "worked_example")
        pid = require_str(worked, "paragraph", problems, path, "worked_example")
        ids = [p.id for p in doc.paragraphs]
        if pid is not None and pid not in ids:
            problems.add(path, f"no paragraph {pid!r} in the text", item="worked_example",
                         field="paragraph", line=worked.line_of("paragraph"))
            pid = None
        raw_steps = require_list(worked, "steps", problems, path, "worked_example") or []
        known = [lens.id for lens in lenses]
        for i, entry in enumerate(raw_steps):
            item = f"worked example, step {i + 1}"
            if not isinstance(entry, YMap):
                problems.add(path, "each step should be a mapping with lens and think",
                             item=item, line=raw_steps.line_of(i))
                continue
            unknown_keys(entry, ("lens", "think", "quote"), problems, path, item)
            lid = require_str(entry, "lens", problems, path, item)
            think = require_str(entry, "think", problems, path, item)
            quote = require_str(entry, "quote", problems, path, item, optional=True) or ""
            if lid and lid not in known:
                problems.add(path, f"no lens {lid!r} (the lenses: {', '.join(known)})",
                             item=item, field="lens", line=entry.line_of("lens"))
                continue
            if quote and pid and quote not in doc.paragraph(pid).text:
                from closereading.excerpts import closest_passage
                problems.add(path, f"not word for word in paragraph {pid}; the closest "
                                   f"passage is: {closest_passage(quote, doc.paragraph(pid).text)!r}",
                             item=item, field="quote", line=entry.line_of("quote"))
                continue
            if lid and think:
                steps.append(Step(lid, think, quote))
        missing = [lid for lid in known if lid not in [s.lens for s in steps]]
        if missing and not problems:
            problems.add(path, f"the worked example goes through every lens; missing: "
                               f"{', '.join(missing)}", item="worked_example", field="steps",
                         line=worked.line_of("steps"))
    problems.raise_if_any()
    return Method(tuple(lenses), levels, pid or "", tuple(steps))


def load() -> Method:
    """The validated method (cached until the file changes)."""
    from closereading import text
    from closereading.apparatus import _cached
    from closereading.materials import load_yaml
    path = method_path()
    doc = text.load()
    return _cached(path, ("method", id(doc)),
                   lambda: parse_method(load_yaml(path), path, doc=doc))


# ---------------------------------------------------------------------------------------
# Prompts composed from the method


def lens_names(lenses) -> str:
    """"Subject and modality" style: the names of the lenses joined in words, every name
    after the first in lower case."""
    m = load()
    names = [m.lens(lid).name for lid in lenses]
    names = names[:1] + [n[:1].lower() + n[1:] for n in names[1:]]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " and " + names[-1]


def prompt_parts(support: str, lenses, prompt: str) -> tuple[str, list[tuple[str, str]], str]:
    """What the learner reads before the notes: (lead, [(lens name, question) ...], text).

    * ``worked``: the prompt's own text; the worked example follows the notes;
    * ``full``: the full questions of the lenses, then the prompt applied to the paragraph;
    * ``guided``: the lens names, then the prompt's cue;
    * ``lens``: the lens names and "what do you notice?", nothing else."""
    if not lenses:
        return ("", [], prompt)
    m = load()
    if support == "full":
        return ("With the method's questions:",
                [(m.lens(lid).name, m.lens(lid).question) for lid in lenses],
                f"In this paragraph: {prompt}")
    if support == "guided":
        return (f"Lenses: {lens_names(lenses)}.", [], prompt)
    if support == "lens":
        return (f"{lens_names(lenses)}: what do you notice?", [], "")
    return ("", [], prompt)


def prompt_html(support: str, lenses, prompt: str) -> str:
    lead, questions, rest = prompt_parts(support, lenses, prompt)
    out = [f'<p style="margin:0.4em 0"><strong>Before the notes:</strong> {esc(lead)}'
           + (f" {esc(rest)}" if rest and not questions else "") + "</p>"]
    if questions:
        out.append('<ul style="margin:0.2em 0">' + "".join(
            f"<li><strong>{esc(name)}.</strong> {esc(q)}</li>" for name, q in questions)
            + "</ul>")
        out.append(f'<p style="margin:0.4em 0">{esc(rest)}</p>')
    return "".join(out).replace("</strong>  ", "</strong> ")


def prompt_text(support: str, lenses, prompt: str) -> str:
    lead, questions, rest = prompt_parts(support, lenses, prompt)
    lines = [" ".join(x for x in ("Before the notes:", lead, rest if not questions else "")
                      if x)]
    lines += [f"  - {name}. {q}" for name, q in questions]
    if questions:
        lines.append(rest)
    return "\n".join(lines)


# ---------------------------------------------------------------------------------------
# Views


def show() -> Rich:
    """The questions of the method, numbered, with their lens names."""
    m = load()
    rows = "".join(f"<li><strong>{esc(lens.name)}.</strong> {esc(lens.question)}</li>"
                   for lens in m.lenses)
    html = (f'<div class="cr-method"><p><strong>The method: {len(m.lenses)} questions to ask '
            f"of any official text</strong></p><ol>{rows}</ol></div>")
    text = "\n".join([f"The method: {len(m.lenses)} questions to ask of any official text"]
                     + [f"{i}. {lens.name}. {lens.question}"
                        for i, lens in enumerate(m.lenses, 1)])
    return Rich(html, text)


def worked_example() -> Rich:
    """The worked example: every question of the method on one paragraph, thinking aloud."""
    m = load()
    order = {lid: i for i, lid in enumerate(m.ids)}
    steps = sorted(m.steps, key=lambda s: order[s.lens])
    items_html, items_text = [], []
    for i, step in enumerate(steps, 1):
        lens = m.lens(step.lens)
        quote = (f" <span>On \u201c{esc(step.quote)}\u201d:</span>" if step.quote else "")
        items_html.append(f"<li><p style=\"margin:0.2em 0\"><strong>{esc(lens.name)}.</strong> "
                          f"<em>{esc(lens.question)}</em></p><p style=\"margin:0.2em 0\">"
                          f"{quote} {esc(step.think)}</p></li>")
        items_text.append(f"{i}. {lens.name}. {lens.question}\n   "
                          + (f"On \u201c{step.quote}\u201d: " if step.quote else "")
                          + step.think)
    head = (f"The method worked through on paragraph {m.paragraph}, thinking aloud")
    html = (f'<div class="cr-worked-example"><p><strong>{esc(head)}</strong></p>'
            f"<ol>{''.join(items_html)}</ol></div>").replace("<p style=\"margin:0.2em 0\"> ",
                                                             "<p style=\"margin:0.2em 0\">")
    return Rich(html, head + "\n" + "\n".join(items_text))
