"""The cleaning stage: main text out of HTML, boilerplate out of text. Writes doc.text.

``Document.text`` is written here, once, and never changed by a later stage: every span
anywhere in recoupe is an offset into it.
"""

from __future__ import annotations

import logging
import re
from typing import ClassVar

from recoupe.clean.furniture import distinct_lines, outlet_key
from recoupe.clean.html import extract_html
from recoupe.clean.lines import apply_cuts, find_cuts
from recoupe.clean.segments import is_headline
from recoupe.errors import Rejected
from recoupe.model import DateValue, Document, Precision, Removed
from recoupe.stage import DocStage
from recoupe.text import normalize

log = logging.getLogger(__name__)

# The header some exports put before the first line: " date 2023-09 Kim Jong-un « a ...".
# It is a PREFIX of the first line, not a line of its own; the reader already read it.
DATE_HEADER = re.compile(r"\A\s*date\s+\d{4}(?:-\d{2}){0,2}[ \t]*")


def headline_of(text: str) -> str | None:
    """The title of a plain-text article: its first paragraph when that reads as a
    headline (short, no closing punctuation, followed by more text). Flattened pages
    (seeds 002 and 004) carry their headline this way and nothing else names them."""
    first, sep, rest = text.partition("\n\n")
    if sep and rest.strip() and is_headline(first):
        return " ".join(first.split())
    return None


# libxml2's default limit on element depth: past it lxml (hence trafilatura) stops.
MAX_HTML_DEPTH = 255
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)[^>]*?(/?)>")
_VOID = frozenset(
    [
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    ]
)


def nesting_depth(html: str) -> int:
    """The deepest element nesting in ``html``, counted from its tags (only called on
    pages that gave no text, to say why)."""
    depth = deepest = 0
    for closing, name, self_closing in _TAG.findall(html):
        if name.lower() in _VOID or self_closing:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        deepest = max(deepest, depth)
    return deepest


_PRECISIONS: dict[int, Precision] = {4: "year", 7: "month", 10: "day", 16: "minute"}


def date_value(iso: str | None, source: str) -> DateValue | None:
    """A DateValue from "YYYY[-MM[-DD[THH:MM]]]", its precision read off its length."""
    if not iso:
        return None
    precision = _PRECISIONS.get(len(iso))
    return DateValue(iso, precision, source) if precision else None


class CleanStage(DocStage):
    """Fill ``text`` (normalised, paragraphs separated by a blank line) and ``removed``.

    HTML goes through trafilatura first (``removed`` offsets then point into trafilatura's
    text, not into ``raw``); plain text is cleaned as it is (offsets into ``raw``).
    """

    name: ClassVar[str] = "clean.boilerplate"
    # 2: lines repeated across an outlet's plain-text documents are cut (outlet
    # furniture); documents stored by version 1 kept them, and are cleaned again.
    # 3: HTML text changed (clean/html.py: lead restored, default-run fallback, headings
    # after <hr>, JSON-LD live-blog time lines and articleBody rescue).
    version: ClassVar[int] = 3
    requires: ClassVar[frozenset[str]] = frozenset({"raw", "format"})
    provides: ClassVar[frozenset[str]] = frozenset({"text", "removed"})
    needs_modules: ClassVar[tuple[str, ...]] = ("trafilatura", "lxml")

    def __init__(
        self, min_chars: int = 40, furniture: dict[str, frozenset[int]] | None = None
    ) -> None:
        self.min_chars = min_chars
        # Outlet key -> hashes of its furniture lines (clean.furniture), counted over the
        # whole input before any document is cleaned; a plain dict, pickled to workers.
        self.furniture: dict[str, frozenset[int]] = furniture or {}

    @staticmethod
    def text_start(raw: str) -> int:
        """Where a plain-text document's text starts: after its date header, if any."""
        header = DATE_HEADER.match(raw)
        return header.end() if header else 0

    @classmethod
    def counted_lines(cls, doc: Document) -> dict[int, int]:
        """The distinct lines (hash -> words) cleaning will look at in ``doc``, for the
        outlet furniture count; none for HTML, whose furniture trafilatura removes."""
        if doc.format == "html":
            return {}
        return distinct_lines(doc.raw[cls.text_start(doc.raw) :])

    def process(self, doc: Document) -> Document:
        furniture: frozenset[int] = frozenset()
        if doc.format == "html":
            source = self._from_html(doc)
            start = 0
        else:
            source = doc.raw
            start = self.text_start(source)
            if start > 0:
                doc.removed.append(Removed(0, start, "date_header", source[:start]))
            if self.furniture:
                furniture = self.furniture.get(outlet_key(doc), frozenset())
        cuts = find_cuts(source, start, flattened=doc.format != "html", furniture=furniture)
        doc.removed.extend(cuts)
        text = normalize(apply_cuts(source, cuts, start))
        if len(text) < self.min_chars:
            raise Rejected(
                "no_text",
                f"{len(text)} characters of text left after cleaning (< {self.min_chars})",
            )
        doc.text = text
        if doc.meta.title is None:
            doc.meta.title = headline_of(text)
        return doc

    def _from_html(self, doc: Document) -> str:
        # Offsets of doc.removed for HTML are into this extracted text: raw HTML offsets
        # would point into markup nobody reads.
        text, page = extract_html(doc.raw, doc.meta.url)
        if not text.strip():
            depth = nesting_depth(doc.raw)
            if depth > MAX_HTML_DEPTH:
                raise Rejected(
                    "too_deep",
                    f"HTML nested {depth} levels deep; the parser (libxml2) stops at "
                    f"{MAX_HTML_DEPTH}, so no text could be read",
                )
            raise Rejected("no_text", "no main text found in the page")
        meta = doc.meta
        meta.title = meta.title or page.title
        meta.url = meta.url or page.url
        if meta.published is None:
            meta.published = date_value(page.date, "meta")
        if page.site_name:
            meta.extra.setdefault("site_name", page.site_name)
        if page.author:
            meta.extra.setdefault("author", page.author)
        return text
