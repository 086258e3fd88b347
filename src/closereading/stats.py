"""Text statistics, as plain functions that learners can read.

What counts as a word (the tokenizer's rules):

* A word is a run of letters or digits: ``China``, ``21st``, ``2011``.
* A hyphen or an apostrophe *between* two such runs joins them into one word:
  ``good-neighborly``, ``win-win``, ``non-traditional``, ``sub-regional``.
* So a possessive stays attached: ``UN's`` and ``China's`` are single words, distinct
  from ``UN`` and ``China``. (Counting ``China's`` as ``China`` is a choice a reader may
  prefer; here the text's own forms are kept, and no letter is ever dropped.)
* Everything else separates words and is not counted: spaces, punctuation, and the
  double dash ``--`` that opens the headings and sets off "the Earth".
* Counting is case-insensitive: words are lower-cased before they are counted.
"""

from __future__ import annotations

import re

WORD = re.compile(r"[^\W_]+(?:['\u2019-][^\W_]+)*")


def tokenize(text: str) -> list[str]:
    """The words of a text, as they are written (case kept)."""
    return WORD.findall(text)


def words(text: str) -> list[str]:
    """The words of a text, lower-cased: what every count is made of."""
    return [w.lower() for w in WORD.findall(text)]
