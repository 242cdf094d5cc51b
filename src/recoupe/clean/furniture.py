"""Outlet furniture: lines that repeat across many documents of the same outlet.

Plain text arrives flattened with the site's furniture still in it: an app
advertisement, a newsroom notice, a subscription line under every article. No phrase
list can know every outlet's wording, but the corpus can: a line that comes back in many
documents of one outlet is that outlet's furniture, not one article's prose.

How it runs (``recoupe.api.run``): a pre-pass reads the inputs once and counts, per
outlet key, in how many documents each distinct line occurs; the counts are merged with
those the store kept from earlier runs; cleaning then cuts, in each plain-text document,
the lines that are furniture for its outlet (reason "outlet_furniture"). Within a run the
result does not depend on input order: all counting happens before any cleaning.

Limits:
- a document cleaned in an earlier run is not cleaned again when later counts make one
  of its lines furniture (``Document.text`` is written once and every span points into
  it; re-cleaning would mean re-analysing). Feeding an outlet's articles in one run, or
  its biggest batch first, gives the cleanest texts;
- counts cannot tell furniture from what versions of one article share: in a small
  outlet, three near-identical copies lose their common short lines;
- a signature or byline line repeated across the outlet ("Le Monde avec AFP") is
  furniture too: it leaves the text and is kept in ``doc.removed`` only.

HTML is not counted: trafilatura already separates a page's furniture from its article.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import urlsplit

from recoupe.model import Document

# A line is furniture for an outlet when
#  (a) it is short (at most SHORT_MAX_WORDS words) and occurs in at least MIN_DOCS
#      documents and at least MIN_SHARE of the outlet's documents; or
#  (b) it occurs in at least UNIVERSAL_SHARE of the outlet's documents and the outlet
#      has at least UNIVERSAL_MIN_DOCS documents.
# Why not "any line seen three times": outlets reuse whole background paragraphs in
# follow-up stories ("Sébastopol est le port d'attache de la flotte russe en mer
# Noire..."), and those paragraphs are content a dossier cites. Furniture is short (app,
# newsletter and newsroom notices run 6 to 12 words) or near-universal (a long legal
# footer under every article). News paragraphs are longer: on the first 5,000
# orangesum-fr articles, paragraphs restored, median 42 words, 10th percentile 21, 4.5%
# at 15 words or fewer. Those texts are clean, so what the rules flag there estimates
# their false positives: as one outlet (5,000 or all 36,152 articles), no line; cut into
# small outlets of 10 to 200 consecutive articles (same weeks, same stories), 1.7-2.2% of
# lines, every one a date-only abstract of the motoring section ("2 mars", a scraped
# date stamp) or a stray quote mark of the paragraph restoration; no sentence of prose.
SHORT_MAX_WORDS = 15
MIN_DOCS = 3
MIN_SHARE = 0.10
UNIVERSAL_SHARE = 0.5
UNIVERSAL_MIN_DOCS = 10

_DIGITS = re.compile(r"\d")
_SPACES = re.compile(r"\s+")


def outlet_key(doc: Document) -> str:
    """The group a document's lines are counted in, known before any meta stage ran.

    - ``site:lemonde.fr``: the domain of ``meta.url`` (without "www."), when set;
    - ``outlet:le monde``: the outlet a JSONL record names (``read.jsonl_source``);
    - ``dir:/abs/folder``: the folder of the input file: a folder of plain-text files,
      or a JSONL feed without URL or outlet, is taken to be one outlet's;
    - ``stdin``: text piped in.
    """
    if doc.meta.url:
        host = urlsplit(doc.meta.url).hostname
        if host:
            return "site:" + host.removeprefix("www.")
    if doc.meta.outlet:
        return "outlet:" + " ".join(doc.meta.outlet.casefold().split())
    # Sources are a path, or "feed.jsonl#L12" / "feed.jsonl#<id>" for a JSONL record.
    path = doc.source.partition("#")[0]
    if path == "<stdin>":
        return "stdin"
    # Resolved, so that "news/a.txt" and "/home/me/news/b.txt" count as one outlet.
    return "dir:" + str(Path(path).resolve().parent)


def normalize_line(line: str) -> str:
    """The form lines are compared in: NFC, lower case, digits as 0, single spaces, so
    "© 2023 Lisandre" and "© 2024 Lisandre" or a dated notice count as one line."""
    line = unicodedata.normalize("NFC", line).lower()
    return _SPACES.sub(" ", _DIGITS.sub("0", line)).strip()


def line_hash(line: str) -> int:
    """A stable 64-bit hash of the normalised line, signed to fit an SQLite INTEGER.
    (Python's hash() of a str changes with every process: useless across runs.)"""
    digest = hashlib.blake2b(normalize_line(line).encode("utf-8"), digest_size=8).digest()
    return int.from_bytes(digest, "big", signed=True)


def iter_lines(text: str) -> Iterator[str]:
    """The non-empty lines of ``text``, stripped: the lines cleaning looks at."""
    for line in text.split("\n"):
        stripped = line.strip()
        if stripped:
            yield stripped


def distinct_lines(text: str) -> dict[int, int]:
    """hash -> word count of each distinct line of ``text``: a line counts once per
    document however often the document repeats it."""
    return {line_hash(line): len(line.split()) for line in iter_lines(text)}


def version_key(text: str) -> str:
    """What the counts take for one document: the hash of its longest line. Versions of
    one article (an update, a reprint, a corrected copy) share their longest paragraph,
    so they count once, and the sentences they share are not taken for furniture: four
    copies of one dispatch in a folder must not lose "Les travaux ont coûté 2,4 millions
    d'euros" for appearing in all four. Furniture is shared by different articles."""
    lines = list(iter_lines(text))
    if not lines:
        return "empty"
    longest = max(lines, key=len)
    return f"v{line_hash(longest):x}"


def is_furniture(words: int, docs: int, outlet_docs: int) -> bool:
    """Whether a line of ``words`` words seen in ``docs`` of the outlet's
    ``outlet_docs`` documents is furniture (rules above)."""
    short = words <= SHORT_MAX_WORDS and docs >= MIN_DOCS and docs >= MIN_SHARE * outlet_docs
    universal = outlet_docs >= UNIVERSAL_MIN_DOCS and docs >= UNIVERSAL_SHARE * outlet_docs
    return short or universal


def furniture_hashes(outlet_docs: int, lines: Iterable[tuple[int, int, int]]) -> frozenset[int]:
    """The furniture among an outlet's ``lines`` given as (hash, words, docs)."""
    return frozenset(h for h, words, docs in lines if is_furniture(words, docs, outlet_docs))
