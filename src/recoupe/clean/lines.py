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

from recoupe.clean.furniture import line_hash
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


# --- signals that need the whole text ---------------------------------------------------

# Function words: cheap, exact evidence of a line's language, enough to tell an English
# interface string ("Leave a comment", "This site uses Akismet to reduce spam") from the
# French around it. lingua is right on documents but guesses on five words.
_FR_WORDS = frozenset(
    [
        "le",
        "la",
        "les",
        "des",
        "du",
        "de",
        "un",
        "une",
        "et",
        "est",
        "sont",
        "dans",
        "pour",
        "que",
        "qui",
        "sur",
        "pas",
        "par",
        "avec",
        "au",
        "aux",
        "ce",
        "cette",
        "il",
        "elle",
        "ils",
        "nous",
        "vous",
        "mais",
        "ou",
        "où",
        "été",
        "a",
        "ont",
        "selon",
    ]
)
_EN_WORDS = frozenset(
    [
        "the",
        "of",
        "and",
        "to",
        "is",
        "are",
        "in",
        "for",
        "that",
        "this",
        "with",
        "on",
        "your",
        "you",
        "we",
        "our",
        "be",
        "by",
        "it",
        "was",
        "have",
        "has",
        "from",
        "how",
        "learn",
        "more",
        "about",
    ]
)
# A line is in the other language when it has at least this many words, no word of the
# page's language, and this share of the other's function words ("Learn how your comment
# data is processed": 3 of 6). Its page must be clearly in one language: 5 times more
# function words of it. Measured on the seeds: the English lines of seed 004 removed, no
# French line touched; the English quotes inside French prose keep "a déclaré" and stay.
OTHER_LANGUAGE_MIN_WORDS = 4
OTHER_LANGUAGE_MIN_SHARE = 0.25
PAGE_LANGUAGE_DOMINANCE = 5
# Navigation: a run of this many consecutive short lines (menus, breadcrumbs, tag lists
# one per line), each at most NAV_MAX_WORDS words without a sentence stop.
NAV_MIN_RUN = 4
NAV_MAX_WORDS = 3


def _function_words(text: str) -> tuple[int, int, int]:
    tokens = [t.lower() for t in _WORDS.findall(text)]
    return (
        sum(t in _FR_WORDS for t in tokens),
        sum(t in _EN_WORDS for t in tokens),
        len(tokens),
    )


def page_language(text: str) -> str | None:
    """ "fr" or "en" when the page's function words clearly say so, else None."""
    fr, en, _ = _function_words(text)
    if fr >= PAGE_LANGUAGE_DOMINANCE * max(en, 1):
        return "fr"
    if en >= PAGE_LANGUAGE_DOMINANCE * max(fr, 1):
        return "en"
    return None


def is_other_language(line: str, page: str | None) -> bool:
    if page is None:
        return False
    fr, en, n = _function_words(line)
    own, other = (fr, en) if page == "fr" else (en, fr)
    return n >= OTHER_LANGUAGE_MIN_WORDS and own == 0 and other >= OTHER_LANGUAGE_MIN_SHARE * n


def _is_nav_line(line: str) -> bool:
    return len(line.split()) <= NAV_MAX_WORDS and not _SENTENCE_STOP.search(line + " ")


def _navigation_lines(lines: list[str]) -> set[int]:
    """Indexes of lines inside runs of NAV_MIN_RUN+ short, sentence-less lines."""
    found: set[int] = set()
    run: list[int] = []
    for i, line in enumerate([*lines, ""]):
        if line and _is_nav_line(line):
            run.append(i)
            continue
        if len(run) >= NAV_MIN_RUN:
            found.update(run)
        run = []
    return found


def find_cuts(
    source: str,
    start: int = 0,
    *,
    flattened: bool = True,
    furniture: frozenset[int] = frozenset(),
) -> list[Removed]:
    """Every boilerplate piece of ``source[start:]``, with offsets into ``source``.

    ``furniture``: hashes (``clean.furniture.line_hash``) of the lines that repeat across
    the document's outlet; such a line goes whole, as "outlet_furniture", unless a more
    specific rule already names it.

    ``flattened``: the text arrived as plain text, page furniture included. Text that
    trafilatura extracted from HTML has had its navigation and markup-level furniture
    removed already; there, runs of short lines are an article's own lists and the
    function-word language test only cost recall (trafilatura-eval F1 0.920 -> 0.918,
    mostly German and English pages with lists), so both run on flattened text only.
    """
    removed: list[Removed] = []
    matches = [m for m in _LINE.finditer(source, start) if m.group().strip()]
    stripped_lines = [m.group().strip() for m in matches]
    navigation = _navigation_lines(stripped_lines) if flattened else set()
    page = page_language(source[start:]) if flattened else None
    for n, m in enumerate(matches):
        raw_line = m.group()
        stripped = stripped_lines[n]
        offset = m.start() + (len(raw_line) - len(raw_line.lstrip()))
        reason = _line_reason(stripped)
        if reason is None and furniture and line_hash(stripped) in furniture:
            reason = "outlet_furniture"
        if reason is None and n in navigation:
            reason = "navigation"
        if reason is None and is_other_language(stripped, page):
            reason = "other_language"
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
