"""The teacher edition and the student handouts, built from the notebooks.

    python -m closereading.build teacher [NAME ...]    (make teacher)   -> build/teacher/
    python -m closereading.build handouts [NAME ...]   (make handouts)  -> build/handouts/

Both are made from the committed notebooks by the same steps, never by hand-kept copies:

1. read the notebook; for the teacher edition, replace the starter code in each exercise
   cell (tagged ``exercise``) with the exercise's reference solution, and say so in a
   note above the cell;
2. execute it in a fresh kernel with ``CLOSEREADING_EDITION`` set to ``teacher`` or
   ``student`` and an empty progress file (:func:`closereading.execution.course_environment`),
   so that quizzes, exercises and discussion questions render as that edition does: the
   teacher edition shows answers, solutions and discussion notes; the student edition
   shows none;
3. drop the live widget views, so that each widget shows its static HTML (the quizzes as
   printable questions);
4. convert to one self-contained HTML file per notebook with nbconvert's ``lab`` template,
   with every script that would be fetched from the web (require.js, MathJax, the widget
   manager, Mermaid) left out: the files open offline, and print;
5. write an ``index.html`` that links to them.

Handouts show the code of the exercise cells (the learner's starting point) and of the
worked examples (cells tagged ``example``: the Python part of notebook 00 and the counts
by hand in 01-05), and hide the code of the other cells, which only call the package.
"""

from __future__ import annotations

import ast
import html as _html
import sys
from pathlib import Path

from closereading.execution import WIDGET_VIEW, strip_widget_views

HIDE_INPUT_TAG = "closereading-hide-input"
EDITION_TITLES = {"teacher": "Teacher edition", "student": "Student handout"}

# nbconvert's lab template, with every script that would be loaded from the web removed.
OFFLINE_TEMPLATE = r"""
{%- extends 'index.html.j2' -%}
{%- block html_head_js -%}{%- endblock html_head_js -%}
{%- block jupyter_widgets -%}{%- endblock jupyter_widgets -%}
{%- block html_head_js_mathjax -%}{%- endblock html_head_js_mathjax -%}
{%- block html_head_js_mermaidjs -%}{%- endblock html_head_js_mermaidjs -%}
{%- block data_javascript scoped -%}{%- endblock data_javascript -%}
{%- block data_widget_view scoped -%}{%- endblock data_widget_view -%}
{%- block extra_css -%}
<style type="text/css">
.closereading-edition { border: 2px solid #0072B2; padding: 0.5em 1em; margin: 1em 0; }
/* Code colours with a contrast of at least 4.5:1 on the code cells' grey (#f5f5f5). */
.highlight .k, .highlight .kn, .highlight .kc, .highlight .nb, .highlight .bp { color: #005a00 !important; }
.highlight .ow, .highlight .o { color: #6b1b8f !important; }
.highlight .c, .highlight .c1, .highlight .cm, .highlight .ch { color: #2f5f5f !important; }
.highlight .m, .highlight .mi, .highlight .mf { color: #005a00 !important; }
.highlight .s, .highlight .s1, .highlight .s2, .highlight .sd, .highlight .sa { color: #9c1a1a !important; }
.highlight .nf, .highlight .nc { color: #0b3d8c !important; }
/* Accessible on screen and paper (axe-core: 0 serious or critical violations): prompts in a
   grey dark enough to read (7:1 on white, the lab template's is 2.2:1), and links told
   from the text around them by an underline, not by their colour alone. This sheet comes
   before the template's, hence !important. */
.jp-InputPrompt, .jp-OutputPrompt { color: #595959 !important; opacity: 1 !important; }
a, a:link, a:visited { text-decoration: underline !important; }
@media print { details { display: block; } details > summary { list-style: none; } }
</style>
{%- endblock extra_css -%}
"""
TEMPLATE_NAME = "closereading-offline.html.j2"


def build_teacher(notebook_paths, outdir) -> int:
    """Build the teacher edition of the notebooks into ``outdir``; 0 on success."""
    return _build(list(notebook_paths), Path(outdir), "teacher")


def build_handouts(notebook_paths, outdir) -> int:
    """Build the student handouts of the notebooks into ``outdir``; 0 on success."""
    return _build(list(notebook_paths), Path(outdir), "student")


def _build(paths: list[Path], outdir: Path, edition: str) -> int:
    from closereading import safeio
    from closereading.execution import execute
    from closereading.materials import MaterialsError, display_path
    outdir.mkdir(parents=True, exist_ok=True)
    written, failed = [], []
    for path in paths:
        print(f"{EDITION_TITLES[edition].lower()}: {path.name} ...", flush=True)
        try:
            nb = prepare(path, edition)
            nb = execute(path, edition, nb)
            target = outdir / f"{path.stem}.html"
            safeio.write_text(target, to_html(nb, path, edition), fsync=False)
        except MaterialsError as exc:
            failed.append((path.name, str(exc)))
            continue
        except Exception as exc:  # noqa: BLE001 - report every notebook, then fail
            failed.append((path.name, _describe(exc)))
            continue
        written.append((path.stem, _title(nb, path)))
        print(f"  wrote {display_path(target)}", flush=True)
    if written:
        index = outdir / "index.html"
        safeio.write_text(index, index_html(written, edition), fsync=False)
        print(f"  wrote {display_path(index)}", flush=True)
    for name, message in failed:
        print(f"FAILED {name}: {message}", file=sys.stderr, flush=True)
    return 1 if failed or not paths else 0


def _describe(exc: Exception) -> str:
    """A short account of a failure (for a cell error, the error's own name and value)."""
    ename = getattr(exc, "ename", None)
    if ename:
        return f"a cell raised {ename}: {getattr(exc, 'evalue', '')}"
    return f"{type(exc).__name__}: {exc}"


# ---------------------------------------------------------------------------------------
# Steps


def prepare(path: Path, edition: str):
    """Read a notebook and adapt it to the edition (before execution)."""
    import nbformat
    nb = nbformat.read(path, as_version=4)
    if edition == "teacher":
        insert_solutions(nb, path.stem)
    else:
        for cell in nb.cells:
            tags = cell.metadata.get("tags", [])
            if cell.cell_type == "code" and "exercise" not in tags and "example" not in tags:
                cell.metadata["tags"] = list(tags) + [HIDE_INPUT_TAG]
    nb.cells.insert(0, nbformat.v4.new_markdown_cell(_banner(edition)))
    return nb


def version_line() -> str:
    from closereading import __version__
    return f"Course version {__version__}."


def _banner(edition: str) -> str:
    return f"{_banner_text(edition)} {version_line()}"


def _banner_text(edition: str) -> str:
    if edition == "teacher":
        return ("**Teacher edition.** This copy shows the answers to the quizzes (with the "
                "clues an order or match question gives at the first wrong try), the "
                "reference solutions of the exercises (in the exercise cells), the notes "
                "on the discussion questions and, under each reading prompt, its level of "
                "support, its lenses, the model response and the points a good response "
                "notices. Do not hand it to learners before they have done the work.")
    return ("**Student handout.** The questions of the quizzes are printed without their "
            "answers; the exercise cells hold the starting code. Each reading prompt and "
            "each think-first question has ruled space for your answer; what a good "
            "response notices (to tick) and the course's notes are folded after it: open "
            "them once you have written. Work through them in JupyterLab, where the "
            "quizzes and checks respond.")


def _defined_functions(source: str) -> set[str]:
    try:
        tree = ast.parse(source)
    except SyntaxError:
        return set()
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}


def insert_solutions(nb, stem: str) -> int:
    """Put each exercise's reference solution into the exercise cell (tagged
    ``exercise``) that defines its function; return how many cells were replaced."""
    import nbformat
    from closereading import exercises
    try:
        if not exercises.exercises_path(stem).is_file():
            return 0  # a notebook without exercises
    except exercises.ExerciseError:
        return 0  # a notebook that course.yml does not list
    found = exercises.load(stem)
    by_function = {ex.function: ex for ex in found}
    replaced, cells = 0, []
    for cell in nb.cells:
        tags = cell.metadata.get("tags", [])
        if cell.cell_type == "code" and "exercise" in tags:
            names = _defined_functions(cell.source) & set(by_function)
            if len(names) == 1:
                ex = by_function[names.pop()]
                cells.append(nbformat.v4.new_markdown_cell(
                    f"*Teacher edition: the cell below holds the reference solution of "
                    f"exercise {ex.number}, \u201c{ex.title}\u201d, in place of the starting "
                    f"code.*"))
                cell.source = ex.solution.rstrip("\n")
                replaced += 1
        cells.append(cell)
    nb.cells = cells
    return replaced


def _exporter():
    from jinja2 import DictLoader
    from nbconvert import HTMLExporter
    from nbconvert.preprocessors import TagRemovePreprocessor
    exporter = HTMLExporter(template_name="lab",
                            extra_loaders=[DictLoader({TEMPLATE_NAME: OFFLINE_TEMPLATE})])
    exporter.template_file = TEMPLATE_NAME
    exporter.register_preprocessor(
        TagRemovePreprocessor(remove_input_tags={HIDE_INPUT_TAG}), enabled=True)
    return exporter


def to_html(nb, path: Path, edition: str) -> str:
    """One self-contained HTML page for a notebook of an edition."""
    strip_widget_views(nb)
    title = f"{_title(nb, path)} ({EDITION_TITLES[edition].lower()})"
    nb.metadata["title"] = title
    body, _ = _exporter().from_notebook_node(nb, resources={"metadata": {"name": path.stem}})
    # Folded hints open on paper: a printed page cannot be clicked. Chinese is marked as
    # such in every part of the page, the Markdown cells' included.
    from closereading.html import mark_languages
    return mark_languages(body.replace("<details style=", "<details open style=")
                          .replace(" (click to open)</summary>", "</summary>"))


def _title(nb, path: Path) -> str:
    from closereading.course import load_course
    try:
        info = load_course().notebook(path.stem)
        return f"{path.stem[:2]}. {info.title}"
    except KeyError:
        return path.stem


def index_html(entries, edition: str) -> str:
    """A page that links to every notebook of the edition."""
    heading = EDITION_TITLES[edition]
    items = "".join(f'<li><a href="{_html.escape(stem)}.html">{_html.escape(title)}</a></li>'
                    for stem, title in entries)
    return (f'<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8"><title>'
            f"{heading}: Close reading of Part III of China's Peaceful Development</title>"
            f'<meta name="viewport" content="width=device-width, initial-scale=1.0"></head>'
            f'<body style="font-family:sans-serif;max-width:50em;margin:2em auto">'
            f"<h1>{heading}</h1><p>Close reading: Part III, \u201cChina's Foreign Policies for "
            f"Pursuing Peaceful Development\u201d, of the white paper <cite>China's Peaceful "
            f"Development</cite> (2011).</p><ol>{items}</ol>"
            f"<p>{_html.escape(version_line())}</p></body></html>\n")


def external_resources(html_text: str) -> list[str]:
    """Addresses that a page would fetch from the network when opened: scripts, style
    sheets, images, frames and CSS imports with an http(s) or protocol-relative URL.
    (Plain links that a reader may click are not fetched and are not listed.)"""
    import re
    found = re.findall(r'<(?:script|img|iframe|source|embed)\b[^>]*\bsrc\s*=\s*["\']?'
                       r'((?:https?:)?//[^"\'\s>]+)', html_text, flags=re.I)
    found += re.findall(r'<link\b[^>]*\bhref\s*=\s*["\']?((?:https?:)?//[^"\'\s>]+)',
                        html_text, flags=re.I)
    found += re.findall(r'@import\s+(?:url\()?\s*["\']?((?:https?:)?//[^"\')\s;]+)',
                        html_text, flags=re.I)
    found += re.findall(r'url\(\s*["\']?((?:https?:)?//[^"\')\s]+)', html_text, flags=re.I)
    found += re.findall(r'import\(\s*["\']((?:https?:)?//[^"\']+)', html_text, flags=re.I)
    return sorted(set(found))
