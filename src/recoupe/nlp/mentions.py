"""Entity mentions as spaCy leaves them, cleaned for scraped news text. Pure: no spaCy.

Scraped pages glue words together ("Getty ImagesPoutine", "Kim Jong Unpassant"), leave
translated JavaScript ("var js", "i++") and paragraph breaks inside a mention
("Kim\\n\\nLim Soo-suk"). These rules trim or drop such mentions; offsets always stay
valid character ranges into the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import pairwise

from recoupe.model import Mention

# spaCy label -> recoupe label. French models already use PER/LOC/ORG/MISC.
LABELS: dict[str, str] = {
    "PER": "PER",
    "PERSON": "PER",
    "LOC": "LOC",
    "GPE": "LOC",
    "FAC": "LOC",
    "ORG": "ORG",
    "MISC": "MISC",
    "NORP": "MISC",
    "EVENT": "MISC",
    "PRODUCT": "MISC",
    "WORK_OF_ART": "MISC",
    "LAW": "MISC",
    "LANGUAGE": "MISC",
}
# English numeric labels (DATE, CARDINAL, MONEY...) are not names: not in LABELS, dropped;
# claims/ reads numbers from the tokens instead.

# Code and markup leak into machine-translated pages; no name contains these, nor a
# camelCase identifier ("var notifyQ"); 3 lower-case letters first keep "iPhone", "eBay".
_CODE_CHARS = re.compile(r"[=+<>{}()\[\];|/\\@#*_]|https?:|\w\.\w+$|\b[a-z]{3,}[A-Z]")
# A lower-case run of 3+ letters followed by a capital inside one word: two glued words
# ("ImagesPoutine", "RussieKim"). Three letters keep "McDonald", "DeSantis", "MacArthur".
_GLUE = re.compile(r"(?<=[a-zà-ÿ]{3})(?=[A-ZÀ-Þ][a-zà-ÿ])")
_SEPARATOR = re.compile(r"\s*[:|•]\s+")
_HYPHEN_TAIL = re.compile(r"(?:-[^\W\d_]+)+")
# Function words a mention must not end on ("ministère de l'", "Centre d'études de").
_TRAILING_FUNCTION = re.compile(r"(?:\s+|^)(?:de|du|des|d'|l'|la|le|les|of|the|and|et)$", re.I)
_LEADING_FUNCTION = re.compile(r"^(?:l'|d'|the\s+)", re.I)


@dataclass(slots=True)
class RawMention:
    start: int
    end: int
    label: str  # the model's label, before mapping


def clean_mentions(text: str, raw: list[RawMention]) -> list[Mention]:
    """Map labels, trim and split glued or broken mentions, drop junk; sorted by start."""
    out: list[Mention] = []
    for r in raw:
        label = LABELS.get(r.label)
        if label is None:
            continue
        for start, end in _pieces(text, r.start, r.end):
            mention = _trimmed(text, start, end, label)
            if mention is not None and not is_junk(mention.text):
                out.append(mention)
    out = trim_glued_suffixes(out)
    out.sort(key=lambda m: (m.start, m.end))
    return out


def _pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Cut a mention at a line break (keep the first line) and at glued words. A name does
    not stop at a hyphen: the models cut "Kim Jong-un" to "Kim Jong"; extend over "-un"."""
    hyphenated = _HYPHEN_TAIL.match(text, end - 1 if text[end - 1 : end] == "-" else end)
    if hyphenated:
        end = hyphenated.end()
    first_line = text[start:end].split("\n", 1)[0]
    cuts = [start + m.start() for m in _GLUE.finditer(first_line)]
    # "Photographie : Getty Images": a caption label and a colon are no part of a name.
    for m in _SEPARATOR.finditer(first_line):
        cuts += [start + m.start(), start + m.end()]
    bounds = [start, *sorted(cuts), start + len(first_line)]
    return [(a, b) for a, b in pairwise(bounds) if b > a]


def _trimmed(text: str, start: int, end: int, label: str) -> Mention | None:
    span = text[start:end]
    # Strip spaces and punctuation at both ends, then dangling function words.
    while span and not (span[0].isalnum()):
        span, start = span[1:], start + 1
    while span and not (span[-1].isalnum() or span[-1] in ".'"):
        span, end = span[:-1], end - 1
    while True:
        m = _TRAILING_FUNCTION.search(span)
        if not m or m.start() == 0:
            break
        span, end = span[: m.start()], start + m.start()
    m = _LEADING_FUNCTION.match(span)
    if m and m.end() < len(span):
        span, start = span[m.end() :], start + m.end()
    if not span:
        return None
    return Mention(start=start, end=end, text=span, label=label)


def is_junk(name: str) -> bool:
    """A mention that cannot be a name: too short, no capital, digits only, code."""
    letters = [c for c in name if c.isalpha()]
    if len(letters) < 2:
        return True
    if not any(c.isupper() for c in letters):  # "false", "var js", "oblast russe"
        return True
    return bool(_CODE_CHARS.search(name))


def trim_glued_suffixes(mentions: list[Mention]) -> list[Mention]:
    """ "Kim Jong Unpassant" -> "Kim Jong Un" when "Kim Jong Un" is itself a mention in the
    document and the rest is lower-case letters: a word glued on by scraping."""
    known = sorted({m.text for m in mentions}, key=len, reverse=True)
    out: list[Mention] = []
    for m in mentions:
        for k in known:
            rest = m.text[len(k) :]
            # 3+ letters: shorter tails ("Kims", "Poutine's") are inflections, not glue.
            # The known form must have 2+ words: "Kim" + "berly" is a name, not glue.
            glued = len(rest) >= 3 and rest.isalpha() and rest.islower() and " " in k
            if glued and len(k) < len(m.text) and m.text.startswith(k):
                m = Mention(m.start, m.start + len(k), k, m.label)
                break
        out.append(m)
    return out
