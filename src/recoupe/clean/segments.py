"""Where one page holds several texts: live-blog posts, glued stories, trailing garbage.

Works on the cleaned text's paragraphs and returns paragraph ranges; clean/split.py
turns them into child documents. Two signals:

- cues in the paragraphs themselves: a post's time line ("07h42 CEST"), a headline-like
  short line, a signature line ending an article ("Titouan Allain / AFP");
- lexical cohesion, TextTiling-style: the cosine between the words and names of the
  paragraphs just before a candidate boundary and just after it. Sub-headings inside one
  article keep talking about the same people and things; a new story does not.

Thresholds were chosen on the five seeds (shared/seeds); the values seen are written next
to each one. Splitting is conservative: a boundary needs a cue AND a drop in cohesion.
"""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

# "07h42 CEST", "07.19 CEST", "14:02 BST", "9h05": a live-blog post's time, alone on a line.
TIME_LINE = re.compile(r"(?P<h>[01]?\d|2[0-3])\s?[h:.]\s?(?P<m>[0-5]\d)(?:\s*(?P<tz>[A-Z]{2,5}))?")
# "Mis à jour à 07h42 CEST", "Updated at 07.42 BST": an edit stamp, not a post.
UPDATED_LINE = re.compile(r"(?:mis à jour|mise à jour|updated)\b", re.IGNORECASE)
# A signature closing an article: "Titouan Allain / AFP", "Alyssia Gaoua avec AFP",
# "Benjamin Milkoff". Two to four capitalised words, then perhaps the agency.
SIGNATURE = re.compile(
    r"(?:[A-ZÀ-Ý][\w'-]+\s+){1,3}[A-ZÀ-Ý][\w'-]+"
    r"(?:\s*(?:/|avec|,|et|with|and|pour|for)\s*(?:l')?(?:AFP|Reuters|AP|ATS|Belga|DPA|ANSA|EFE|[A-Z]{2,6}))?"
)
_TOKEN = re.compile(r"\w[\w'-]*")

# A headline-like line: short, and not a sentence (no final full stop or colon).
# Seed headlines and sub-headings run 7-120 characters and 1-20 words (004: "Kim déclare
# que les relations ... « nouvelle prospérité »", 20 words); the shortest prose paragraph
# in the seeds is a 50-character sentence ending with a full stop.
HEADLINE_MAX_CHARS = 140
HEADLINE_MAX_WORDS = 22

# Cohesion windows: paragraphs on each side until this many content tokens (or the
# segment's edge). 80 tokens is 2-3 seed paragraphs: enough for names to recur inside
# one article, small enough not to reach across two stories.
WINDOW_TOKENS = 80

# Cosine below which a headline line starts a new story. Seen on the seeds (run the
# splitter's cohesion over them): sub-headings inside one article score 0.14-0.40 (001:
# 0.29 and 0.40; 002 summit: 0.21 and 0.37; 002's last story: 0.14 and 0.24), new
# stories and garbage under a headline 0.06-0.08 (002's Belgorod story 0.06, 004's
# trailing "La surface semble si loin" 0.08). 0.10 sits between; sub-headings are safer.
HEADLINE_MAX_COHESION = 0.10
# After a signature line the article is over, so a looser bar: in the seeds the text
# after a signature scored 0.13 and 0.17 against the text before it, while headlines
# inside one article never scored under 0.14 and never follow a signature.
SIGNATURE_MAX_COHESION = 0.25


def is_time_line(paragraph: str) -> re.Match[str] | None:
    return TIME_LINE.fullmatch(paragraph.strip())


def is_headline(paragraph: str) -> bool:
    p = paragraph.strip()
    if not p or len(p) > HEADLINE_MAX_CHARS or len(_TOKEN.findall(p)) > HEADLINE_MAX_WORDS:
        return False
    # A sentence quoted whole ends with its closing quote: « ... erreur. » is prose.
    if p.rstrip("»\"”’') ]")[-1:] in ".:;,…" or p.startswith(("•", "-", "–", "—", "*")):
        return False
    if is_time_line(p) or UPDATED_LINE.match(p):
        return False
    return p[0].isupper() or p[0] in "«\"[(“'"


# A headline that opens a new story, not a sub-heading inside one. On the 200 rpm2-fr-dev
# articles, the headline cue falsely split 17% of single articles, at sub-headings of
# explainers ("Ses projets ?", "Quel rôle ont joué les USA?"), one- or two-word section
# labels ("Polémique", "Nouvelles dispositions") and capitals ("LES FAITS"). The story
# headlines of the seeds run 8-14 words and none is a question.
STORY_HEADLINE_MIN_WORDS = 5


def is_story_headline(paragraph: str) -> bool:
    p = paragraph.strip()
    return (
        is_headline(p)
        and not is_signature(p)
        and not p.endswith("?")
        and not p.isupper()
        and len(_TOKEN.findall(p)) >= STORY_HEADLINE_MIN_WORDS
    )


def is_signature(paragraph: str) -> bool:
    p = paragraph.strip()
    return len(p.split()) <= 6 and SIGNATURE.fullmatch(p) is not None


def has_prose(paragraphs: Sequence[str]) -> bool:
    """Some real sentences, not only a headline: a paragraph of 12+ words ending like a
    sentence (the shortest prose paragraph in the seeds has 9 words; headlines have no
    final stop)."""
    return any(len(p.split()) >= 12 and p.rstrip()[-1:] in '.!?»"”' for p in paragraphs)


def bag(paragraph: str) -> Counter[str]:
    """Content signal of a paragraph: words of 5+ letters (a cheap stand-in for a stopword
    list) and capitalised names, the latter counted twice because who and where carry
    the subject of a news story better than common words."""
    out: Counter[str] = Counter()
    for tok in _TOKEN.findall(paragraph):
        low = tok.lower()
        if tok[0].isupper() and len(tok) >= 3:
            out[low] += 2
        elif len(tok) >= 5 and not tok.isdigit():
            out[low] += 1
    return out


def cosine(a: Counter[str], b: Counter[str]) -> float:
    if not a or not b:
        return 0.0
    dot = sum(v * b[k] for k, v in a.items() if k in b)
    return dot / math.sqrt(sum(v * v for v in a.values()) * sum(v * v for v in b.values()))


@dataclass(slots=True)
class Segment:
    """Paragraphs ``[first, last)`` of the cleaned text; ``time`` for a live-blog post."""

    first: int
    last: int
    time: str | None = None  # "07h42"
    tz: str | None = None  # "CEST"
    kind: str = "story"  # "story", "post", "preamble"


def _window(bags: Sequence[Counter[str]], start: int, stop: int, step: int) -> Counter[str]:
    total: Counter[str] = Counter()
    size = 0
    i = start
    while (step > 0 and i < stop) or (step < 0 and i >= stop):
        total.update(bags[i])
        size += bags[i].total()
        if size >= WINDOW_TOKENS:
            break
        i += step
    return total


def cohesion_at(bags: Sequence[Counter[str]], i: int, lo: int, hi: int) -> float:
    """Cosine between the window before paragraph ``i`` and the window from ``i`` on,
    both kept inside ``[lo, hi)``."""
    return cosine(_window(bags, i - 1, lo, -1), _window(bags, i, hi, 1))


def story_boundaries(
    paragraphs: Sequence[str],
    lo: int,
    hi: int,
    bags: Sequence[Counter[str]] | None = None,
) -> list[int]:
    """Indexes in ``(lo, hi)`` where a new story starts (``bags``: ``bag()`` of each
    paragraph, when the caller already has them)."""
    if bags is None:
        bags = [bag(p) for p in paragraphs]
    cuts: list[int] = []
    start = lo
    for i in range(lo + 1, hi):
        # A story needs a body: a headline as the very last line starts nothing.
        after = paragraphs[i + 1 : hi]
        if not after:
            break
        if is_signature(paragraphs[i - 1]) and i - 1 > start:
            limit = SIGNATURE_MAX_COHESION
        elif is_story_headline(paragraphs[i]):
            limit = HEADLINE_MAX_COHESION
        else:
            continue
        if cohesion_at(bags, i, start, hi) < limit:
            cuts.append(i)
            start = i
    return cuts


# --- glued text without any cue ----------------------------------------------------------
#
# Scrapers glue the next article after the first with no headline, no signature, not
# even a blank line of difference (seed 000: a defence ministry's daily loss report after
# the summit article). The only signal left is the subject: every word on one side against
# every word on the other, relative to how well each side holds together on its own
# (its even paragraphs against its odd ones). Whole sides, not TextTiling's small windows:
# on rpm2-fr-dev documents glued in pairs, 80-token windows found the boundary in 38-53%
# of pairs while falsely splitting 6-13% of single articles; whole sides relative to
# their own cohesion found 72% at 1% false splits. Names (capitalised words) get a second
# ratio of their own: two stories about one country still name different people and places.

# Each side needs this many words: below it, cohesion is noise (a 60-word last paragraph
# shares few words with anything) and the piece is too short to be an article anyway.
GLUED_MIN_SIDE_WORDS = 150
# Split where (cross cohesion / within cohesion) < GLUED_MAX_RATIO, or where it is under
# GLUED_MAX_RATIO_WITH_NAMES and the names' ratio is under GLUED_MAX_NAME_RATIO.
# Calibrated on 300 rpm2-fr-dev pairs glued without their titles and the 200 documents
# alone (run `recoupe eval segmentation`): 0.4 alone: 72% of pairs split at the right
# paragraph, 1.0% of single articles split; adding names at (0.6, 0.3): 74% and 1.5%.
# Seed 000's glued report scores 0.54 and names 0.23; its real sub-parts 0.84-0.88.
GLUED_MAX_RATIO = 0.4
GLUED_MAX_RATIO_WITH_NAMES = 0.6
GLUED_MAX_NAME_RATIO = 0.3
# A page seldom glues more than three texts; the recursion stops there.
GLUED_MAX_DEPTH = 2
_NAME_STOP = frozenset(
    [
        "les",
        "des",
        "une",
        "dans",
        "pour",
        "mais",
        "selon",
        "lors",
        "cette",
        "ces",
        "avec",
        "depuis",
        "après",
        "avant",
        "aussi",
        "alors",
        "ainsi",
        "enfin",
        "par",
        "sur",
        "plus",
        "tout",
        "tous",
        "elle",
        "ils",
        "elles",
        "nous",
        "vous",
        "son",
        "ses",
        "leur",
        "leurs",
        "quand",
        "dont",
        "qui",
        "que",
        "the",
        "this",
        "that",
        "with",
        "from",
        "for",
        "and",
        "but",
    ]
)


def name_bag(paragraph: str) -> Counter[str]:
    """Capitalised words (names, places, organisations), sentence-initial function words out."""
    return Counter(
        tok.lower()
        for tok in _TOKEN.findall(paragraph)
        if tok[0].isupper() and len(tok) >= 3 and tok.lower() not in _NAME_STOP
    )


def _sum(bags: Sequence[Counter[str]]) -> Counter[str]:
    total: Counter[str] = Counter()
    for b in bags:
        total.update(b)
    return total


def _self_cohesion(bags: Sequence[Counter[str]]) -> float:
    """How well a run of paragraphs holds together: its even paragraphs against its odd
    ones (floored, so that a one-paragraph side does not divide by zero)."""
    return max(cosine(_sum(bags[0::2]), _sum(bags[1::2])), 1e-3)


def _relative_cohesion(bags: Sequence[Counter[str]], i: int) -> float:
    within = math.sqrt(_self_cohesion(bags[:i]) * _self_cohesion(bags[i:]))
    return cosine(_sum(bags[:i]), _sum(bags[i:])) / within


def glued_boundary(
    paragraphs: Sequence[str], bags: Sequence[Counter[str]] | None = None
) -> tuple[int, float, float] | None:
    """The paragraph where a second text glued without a cue starts, with its two
    ratios, or None. The candidate is the position of least relative cohesion."""
    if bags is None:
        bags = [bag(p) for p in paragraphs]
    names = [name_bag(p) for p in paragraphs]
    sizes = [len(p.split()) for p in paragraphs]
    total = sum(sizes)
    best: tuple[float, int] | None = None
    before = 0
    for i in range(1, len(paragraphs)):
        before += sizes[i - 1]
        if before < GLUED_MIN_SIDE_WORDS or total - before < GLUED_MIN_SIDE_WORDS:
            continue
        ratio = _relative_cohesion(bags, i)
        if best is None or ratio < best[0]:
            best = (ratio, i)
    if best is None:
        return None
    ratio, i = best
    name_ratio = _relative_cohesion(names, i)
    if ratio < GLUED_MAX_RATIO or (
        ratio < GLUED_MAX_RATIO_WITH_NAMES and name_ratio < GLUED_MAX_NAME_RATIO
    ):
        return i, ratio, name_ratio
    return None


def glued_boundaries(
    paragraphs: Sequence[str], lo: int, hi: int, bags: Sequence[Counter[str]], depth: int = 0
) -> list[int]:
    """Every cue-free boundary in ``[lo, hi)``, found recursively on each side."""
    if depth > GLUED_MAX_DEPTH:
        return []
    found = glued_boundary(paragraphs[lo:hi], bags[lo:hi])
    if found is None:
        return []
    cut = lo + found[0]
    return [
        *glued_boundaries(paragraphs, lo, cut, bags, depth + 1),
        cut,
        *glued_boundaries(paragraphs, cut, hi, bags, depth + 1),
    ]


def live_posts(paragraphs: Sequence[str]) -> list[Segment] | None:
    """Posts of a live blog, or None when the text is not one (fewer than 3 time lines:
    an article may hold one or two times on a line of their own, a live blog many)."""
    times = [i for i, p in enumerate(paragraphs) if is_time_line(p)]
    if len(times) < 3:
        return None
    segments: list[Segment] = []
    if times[0] > 0 and has_prose(paragraphs[: times[0]]):
        segments.append(Segment(0, times[0], kind="preamble"))
    for n, t in enumerate(times):
        end = times[n + 1] if n + 1 < len(times) else len(paragraphs)
        m = is_time_line(paragraphs[t])
        assert m is not None
        time = f"{int(m['h']):02d}h{m['m']}"
        if t + 1 < end:
            segments.append(Segment(t + 1, end, time, m["tz"], "post"))
    return segments


def segment(paragraphs: Sequence[str]) -> list[Segment]:
    """The texts of a page, in order; one segment when the page holds one story."""
    posts = live_posts(paragraphs)
    base = posts if posts is not None else [Segment(0, len(paragraphs))]
    bags = [bag(p) for p in paragraphs]
    out: list[Segment] = []
    for seg in base:
        cuts = story_boundaries(paragraphs, seg.first, seg.last, bags)
        if seg.kind != "post":
            # A post is one short item; a story or what follows a cue may hide a glued text.
            edges = [seg.first, *cuts, seg.last]
            cuts = sorted(
                {
                    *cuts,
                    *(
                        c
                        for a, b in itertools.pairwise(edges)
                        for c in glued_boundaries(paragraphs, a, b, bags)
                    ),
                }
            )
        edges = [seg.first, *cuts, seg.last]
        for n, (a, b) in enumerate(itertools.pairwise(edges)):
            if n == 0:
                out.append(Segment(a, b, seg.time, seg.tz, seg.kind))
            else:
                # Text glued after a post or a story: a story of its own, no post time.
                out.append(Segment(a, b, kind="story"))
    # Edit stamps are not content: drop them from the ends of each segment.
    for seg in out:
        while seg.last > seg.first and UPDATED_LINE.match(paragraphs[seg.last - 1]):
            seg.last -= 1
    return [s for s in out if s.last > s.first]
