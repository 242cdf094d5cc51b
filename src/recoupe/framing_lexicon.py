"""The framing lexicon (data/framing_terms.tsv): loaded and contested terms, and the
folded form they are matched in.

It sits beside ``text.py``, under the stage packages, because two of them read it:
check/framing.py counts each outlet's uses of the terms, and extract/quote_labels.py
tells a term put in marks (« terroristes ») from a quote.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True, slots=True)
class Term:
    term: str
    language: str
    family: str
    stance: str
    pattern: re.Pattern[str]


def fold(text: str) -> str:
    """Lowercased, accents removed, one apostrophe: the form terms are matched in. One
    character for one, so offsets into the folded text are offsets into the text."""
    return "".join(map(_fold_char, text))


@cache
def _fold_char(c: str) -> str:
    if c == "\u2019":
        return "'"
    low = c.lower()
    low = low if len(low) == 1 else c
    return unicodedata.normalize("NFD", low)[0]


@cache
def terms() -> tuple[Term, ...]:
    text = resources.files("recoupe.data").joinpath("framing_terms.tsv").read_text("utf-8")
    rows = [ln.split("\t") for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    out = []
    for term, language, family, stance in (r[:4] for r in rows[1:] if len(r) >= 4):
        words = r"\s+".join(re.escape(w) for w in fold(term).split())
        # A final s/x/e/es: dictateurs, occupante, régimes, héros stays héros.
        pattern = re.compile(rf"(?<![\w-]){words}(?:s|x|e|es)?(?![\w-])")
        out.append(Term(term, language, family, stance.strip(), pattern))
    return tuple(out)
