"""Line- and fragment-level boilerplate removal on flattened text.

Scraped text arrives with its boilerplate inside: a video notice glued to the end of a
paragraph, a photo caption glued before the next one, JavaScript on the last line. The
cleaner works line by line (a non-empty line is a paragraph in flattened text): a line
that is boilerplate as a whole goes; otherwise only the boilerplate fragments go and the
prose around them stays. Every cut is recorded as ``Removed`` with offsets into the
string that was cleaned.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from recoupe.clean.patterns import (
    BARE_TIMESTAMP,
    CODE_START,
    COLON_CREDIT,
    LEADING_TIMESTAMP,
    PAREN_CREDIT,
    is_code,
    is_hashtag_line,
    load_patterns,
)
from recoupe.model import Removed
from recoupe.text import squash_spaces

_LINE = re.compile(r"[^\n]+")
_EMAIL_PROTECTED = re.compile(r"\S*\[email[\s\u00a0]*protected\]\S*", re.IGNORECASE)
# The end of a sentence: punctuation, spaces, then what can open the next sentence.
_SENTENCE_END = re.compile(r"[.!?…»\"]\s+(?=[«\"A-ZÀ-Ý0-9])")
_WORDS = re.compile(r"\w+")
# A caption is one short sentence: in the seeds captions run 40-220 characters. Longer
# text before a credit is prose that happens to precede an inline credit: keep it.
MAX_CAPTION_CHARS = 320
# What is left of a line after its boilerplate fragments went, below which the rest is
# debris too ("vidéo", "Plus:", a lone "»"): fewer than 3 words. On the seeds, the prose
# left on a line after a cut had 15 to 419 words, the debris none.
MIN_RESIDUE_WORDS = 3


@dataclass(slots=True)
class _Cut:
    start: int
    end: int
    reason: str


# A related-story teaser: a headline glued without punctuation to its lede ("Kim
# rencontrera Poutine à l'Extrême-Orient russe Le dirigeant nord-coréen effectue ..."),
# short, sitting between the article's paragraphs. The headline has no punctuation, ends
# on a lower-case content word (not a name: "Kim Jong Un est" is not a glue) and the next
# word opens a sentence. Measured on 20,000 orangesum articles (paragraphs restored),
# 15 paragraphs matched: their own sub-headings glued the same way by the scrape, so a
# real paragraph is lost in under 0.1% of articles; in the seeds, the one teaser matched.
_GLUED_HEADLINE = re.compile(
    r"(?P<head>[A-ZÀ-Ý«\"][^.,;:!?«»\"()\n]{15,140}?(?P<last>\b[a-zà-ÿ][\w'-]*))\s+"
    r"(?=(?:Le|La|Les|Un|Une|Des|Ce|Cette|Il|Elle|Ils|Elles|Selon|Après|Lors|Alors|Depuis|Pour)"
    r"\s+[a-zà-ÿ]|L['’][a-zà-ÿ])"
)
_FUNCTION_WORDS = frozenset(
    [
        "en",
        "sa",
        "son",
        "ses",
        "la",
        "le",
        "les",
        "de",
        "du",
        "des",
        "avec",
        "à",
        "au",
        "aux",
        "pour",
        "par",
        "sur",
        "dans",
        "et",
        "ou",
        "un",
        "une",
    ]
)
TEASER_MAX_WORDS = 70  # the seed's teaser: 55 words; sub-heading + paragraph runs longer
TEASER_HEAD_WORDS = range(4, 17)
_SENTENCE_STOP = re.compile(r"[.!?](?:\s|$)")


def is_teaser(line: str) -> bool:
    m = _GLUED_HEADLINE.match(line)
    if m is None or m["last"].lower() in _FUNCTION_WORDS:
        return False
    return (
        len(m["head"].split()) in TEASER_HEAD_WORDS
        and len(line.split()) <= TEASER_MAX_WORDS
        and len(_SENTENCE_STOP.findall(line)) <= 3
    )


def _line_reason(line: str) -> str | None:
    """The reason the whole (stripped) line is boilerplate, or None."""
    if is_code(line):
        return "code"
    if is_teaser(line):
        return "teaser"
    if is_hashtag_line(line):
        return "hashtags"
    if BARE_TIMESTAMP.fullmatch(line):
        return "timestamp"
    for pattern in load_patterns():
        if pattern.kind == "line" and pattern.regex.fullmatch(line):
            return pattern.reason
    return None


def _sentence_start(line: str, before: int, floor: int) -> int:
    """Where the sentence that ends at ``before`` starts (not before ``floor``)."""
    head = line[floor:before].rstrip(" .,;:")
    start = floor
    for m in _SENTENCE_END.finditer(head):
        start = floor + m.end()
    return start


def _caption_cuts(line: str) -> list[_Cut]:
    """A photo credit and the caption sentence it closes."""
    cuts: list[_Cut] = []
    floor = 0
    credits = sorted(
        [*PAREN_CREDIT.finditer(line), *COLON_CREDIT.finditer(line)], key=lambda m: m.start()
    )
    for m in credits:
        if m.start() < floor:
            continue
        start = _sentence_start(line, m.start(), floor)
        if m.start() - start > MAX_CAPTION_CHARS:
            start = m.start()  # too long for a caption: drop the credit only
        cuts.append(_Cut(start, m.end(), "caption"))
        floor = m.end()
    return cuts


def _fragment_cuts(line: str) -> list[_Cut]:
    cuts: list[_Cut] = []
    code = CODE_START.search(line)
    if code and is_code(line[code.start() :]):
        cuts.append(_Cut(code.start(), len(line), "code"))
    ts = LEADING_TIMESTAMP.match(line)
    if ts:
        cuts.append(_Cut(0, ts.end(), "timestamp"))
    for pattern in load_patterns():
        if pattern.kind == "fragment":
            cuts.extend(
                _Cut(m.start(), m.end(), pattern.reason)
                for m in pattern.regex.finditer(line)
                if m.end() > m.start()
            )
    cuts.extend(_Cut(m.start(), m.end(), "email") for m in _EMAIL_PROTECTED.finditer(line))
    cuts.extend(_caption_cuts(line))
    return _merge(cuts)


def _merge(cuts: Iterable[_Cut]) -> list[_Cut]:
    """Union of overlapping or touching cuts; the reason of the earliest one is kept."""
    merged: list[_Cut] = []
    for cut in sorted(cuts, key=lambda c: (c.start, -c.end)):
        if merged and cut.start <= merged[-1].end:
            merged[-1].end = max(merged[-1].end, cut.end)
        else:
            merged.append(_Cut(cut.start, cut.end, cut.reason))
    return merged


def _kept(line: str, cuts: list[_Cut]) -> Iterator[tuple[int, int]]:
    pos = 0
    for cut in cuts:
        if cut.start > pos:
            yield pos, cut.start
        pos = max(pos, cut.end)
    if pos < len(line):
        yield pos, len(line)


def find_cuts(source: str, start: int = 0) -> list[Removed]:
    """Every boilerplate piece of ``source[start:]``, with offsets into ``source``."""
    removed: list[Removed] = []
    for m in _LINE.finditer(source, start):
        raw_line = m.group()
        stripped = raw_line.strip()
        if not stripped:
            continue
        offset = m.start() + (len(raw_line) - len(raw_line.lstrip()))
        reason = _line_reason(stripped)
        cuts = [_Cut(0, len(stripped), reason)] if reason else _fragment_cuts(stripped)
        if cuts and not reason:
            rest = " ".join(stripped[a:b] for a, b in _kept(stripped, cuts))
            if len(_WORDS.findall(rest)) < MIN_RESIDUE_WORDS:
                main = max(cuts, key=lambda c: c.end - c.start).reason
                cuts = [_Cut(0, len(stripped), main)]
        for cut in cuts:
            a, b = offset + cut.start, offset + cut.end
            removed.append(Removed(a, b, cut.reason, source[a:b]))
    return removed


def apply_cuts(source: str, removed: list[Removed], start: int = 0) -> str:
    """The text left once ``removed`` is cut out: one paragraph per non-empty line,
    paragraphs separated by a blank line, single spaces inside."""
    pieces: list[str] = []
    pos = start
    for r in sorted(removed, key=lambda r: r.start):
        if r.start > pos:
            pieces.append(source[pos : r.start])
        # A cut inside a line joins the prose on both sides with a space.
        pieces.append(" " if "\n" not in source[r.start : r.end] else "\n")
        pos = max(pos, r.end)
    pieces.append(source[pos:])
    paragraphs = (squash_spaces(line) for line in "".join(pieces).split("\n"))
    return "\n\n".join(p for p in paragraphs if p)
