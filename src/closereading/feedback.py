"""The feedback a teacher returns to a learner (``closereading return``), and how the
learner's notebook 00 shows it: ``feedback.json`` beside the learner's progress file::

    {"format": "closereading-feedback", "version": 1,
     "returned_at": "2026-12-01T10:00:00Z", "comment": "..."}

A damaged or foreign file shows nothing; the comment is cleaned of control characters,
capped, and escaped where it is shown.
"""

from __future__ import annotations

import re
from pathlib import Path

FEEDBACK = "feedback.json"
FEEDBACK_FORMAT = "closereading-feedback"
MAX_COMMENT = 20_000


def feedback_path(progress: Path | None = None) -> Path:
    """Where the returned feedback is kept: beside the progress file."""
    from closereading.quiz import progress as P
    return (progress or P.progress_path()).with_name(FEEDBACK)


def _clean_comment(text) -> str:
    text = text if isinstance(text, str) else ""
    text = re.sub(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]", "", text).replace("\r\n", "\n")
    return text.strip()


def returned_feedback(progress: Path | None = None) -> dict | None:
    """The feedback returned to this learner: {"returned_at", "comment"}, or None."""
    path = feedback_path(progress)
    try:
        from closereading import safeio
        if not path.is_file():
            return None
        data = safeio.read_json(path, MAX_COMMENT * 4 + 1000)
    except (OSError, ValueError):
        return None
    if not isinstance(data, dict) or data.get("format") != FEEDBACK_FORMAT:
        return None
    comment = _clean_comment(data.get("comment"))[:MAX_COMMENT]
    when = data.get("returned_at") if isinstance(data.get("returned_at"), str) else ""
    return {"returned_at": when[:20], "comment": comment} if comment else None


def returned_feedback_html(progress: Path | None = None) -> str:
    from closereading.html import esc
    fb = returned_feedback(progress)
    if fb is None:
        return ""
    day = fb["returned_at"][:10]
    return ('<div style="border-left:4px solid #0072B2;padding:0.2em 0.8em;margin:0.5em 0">'
            f"<p><strong>Feedback from your teacher</strong>"
            f"{' (returned ' + esc(day) + ')' if day else ''}:</p>"
            f'<p style="white-space:pre-wrap">{esc(fb["comment"])}</p></div>')
