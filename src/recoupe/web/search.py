"""Full-text search over documents, quotes and claims: SQLite FTS5, in the store.

The indexes (``documents_fts``, ``quotes_fts``, ``claims_fts``) are built by the store
itself (migration 0003): triggers keep them in step with every write, so a store is
searchable as soon as ``recoupe run`` has filled it, and nothing is built here. This
module only reads, through a read-only connection.

What a user types is never handed to FTS5 as query syntax (where ``-``, ``:``, ``(``
or ``NEAR`` mean something, and a stray quote is an error): each word becomes a quoted
term, words joined by hyphens or apostrophes a phrase ("Port-Sérac", "l'armée"), text
in double quotes a phrase, a trailing ``*`` a prefix; all terms must match.
"""

from __future__ import annotations

import re
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from markupsafe import Markup, escape

_PIECE = re.compile(r'"([^"]*)"|(\S+)')
_TOKEN = re.compile(r"\w+")
# Highlight markers FTS5 puts around matched tokens: private-use characters, which no
# article is expected to contain; a stray one in a text is dropped, never trusted.
_OPEN, _CLOSE = "\ue000", "\ue001"
_MARKERS = re.compile(f"([{_OPEN}{_CLOSE}])")
# A query is a few words; past these it is a pasted paragraph, and matching all of its
# words finds nothing anyway.
MAX_QUERY_CHARS = 200
MAX_TERMS = 12
# Hits listed per kind; the page says how many matched in all.
DEFAULT_LIMIT = 20
# Words of context FTS5's snippet() keeps around the matches (its maximum is 64).
SNIPPET_TOKENS = 24


@dataclass(frozen=True, slots=True)
class SearchHit:
    kind: str  # "document" | "quote" | "claim"
    doc_id: str
    title: str | None
    outlet: str | None
    snippet: str  # plain text
    snippet_html: str  # escaped text with <mark> around the matched words
    start: int | None = None  # the quote's or claim's span in the document's text
    end: int | None = None
    speaker: str | None = None

    @property
    def anchor(self) -> str | None:
        return f"c-{self.start}-{self.end}" if self.start is not None else None

    @property
    def snippet_markup(self) -> Markup:
        """``snippet_html`` for a template: built by ``highlight`` from escaped text."""
        return Markup(self.snippet_html)


@dataclass(frozen=True, slots=True)
class SearchResults:
    query: str
    fts_query: str | None  # what was sent to FTS5; None when the query had no word
    documents: tuple[SearchHit, ...] = ()
    quotes: tuple[SearchHit, ...] = ()
    claims: tuple[SearchHit, ...] = ()
    document_count: int = 0
    quote_count: int = 0
    claim_count: int = 0

    @property
    def total(self) -> int:
        return self.document_count + self.quote_count + self.claim_count


def fts_query(text: str) -> str | None:
    """The FTS5 query for what a user typed (see the module docstring), or None."""
    terms: list[str] = []
    for phrase, word in _PIECE.findall(text[:MAX_QUERY_CHARS]):
        tokens = _TOKEN.findall(phrase if phrase else word)
        if not tokens:
            continue
        term = '"' + " ".join(tokens) + '"'
        if word.endswith("*") and not phrase:
            term += "*"
        terms.append(term)
    return " ".join(terms[:MAX_TERMS]) or None


def highlight(snippet: str) -> tuple[str, str]:
    """FTS5 snippet text -> (plain text, escaped HTML with balanced <mark> tags)."""
    plain: list[str] = []
    html: list[str] = []
    inside = False
    for part in _MARKERS.split(snippet):
        if part == _OPEN:
            if not inside:
                html.append("<mark>")
                inside = True
        elif part == _CLOSE:
            if inside:
                html.append("</mark>")
                inside = False
        else:
            plain.append(part)
            html.append(str(escape(part)))
    if inside:
        html.append("</mark>")
    return "".join(plain), str(Markup("".join(html)))


def connect(db: Path) -> sqlite3.Connection:
    """A read-only connection to the store (``mode=ro``: search never writes)."""
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    return conn


_SNIP = f"snippet({{table}}, -1, '{_OPEN}', '{_CLOSE}', '…', {SNIPPET_TOKENS})"
# bm25 weights: a match in a document's title counts five times one in its body, the
# usual weighting for headlines (the title says what the article is about).
_DOCUMENTS = f"""
    SELECT d.id AS doc_id, d.title, d.outlet, {_SNIP.format(table="documents_fts")} AS snip
    FROM documents_fts JOIN documents d ON d.rowid = documents_fts.rowid
    WHERE documents_fts MATCH :q AND d.is_container = 0
    ORDER BY bm25(documents_fts, 5.0, 1.0), d.id LIMIT :limit
"""
_QUOTES = f"""
    SELECT q.document_id AS doc_id, d.title, d.outlet, q.start, q.end, q.speaker,
           {_SNIP.format(table="quotes_fts")} AS snip
    FROM quotes_fts JOIN quotes q ON q.rowid = quotes_fts.rowid
    JOIN documents d ON d.id = q.document_id
    WHERE quotes_fts MATCH :q
    ORDER BY bm25(quotes_fts), q.document_id, q.start LIMIT :limit
"""
_CLAIMS = f"""
    SELECT c.document_id AS doc_id, d.title, d.outlet, c.start, c.end,
           {_SNIP.format(table="claims_fts")} AS snip
    FROM claims_fts JOIN claims c ON c.rowid = claims_fts.rowid
    JOIN documents d ON d.id = c.document_id
    WHERE claims_fts MATCH :q
    ORDER BY bm25(claims_fts), c.document_id, c.start LIMIT :limit
"""
_COUNTS = {
    "documents": "SELECT COUNT(*) FROM documents_fts JOIN documents d"
    " ON d.rowid = documents_fts.rowid WHERE documents_fts MATCH :q AND d.is_container = 0",
    "quotes": "SELECT COUNT(*) FROM quotes_fts WHERE quotes_fts MATCH :q",
    "claims": "SELECT COUNT(*) FROM claims_fts WHERE claims_fts MATCH :q",
}


def search(conn: sqlite3.Connection, text: str, limit: int = DEFAULT_LIMIT) -> SearchResults:
    """The best ``limit`` hits of each kind for ``text``, and how many matched."""
    query = fts_query(text)
    if query is None:
        return SearchResults(text, None)
    params = {"q": query, "limit": limit}

    def hits(sql: str, kind: str) -> tuple[SearchHit, ...]:
        out = []
        for row in conn.execute(sql, params):
            plain, html = highlight(row["snip"] or "")
            keys = row.keys()
            out.append(
                SearchHit(
                    kind=kind,
                    doc_id=row["doc_id"],
                    title=row["title"],
                    outlet=row["outlet"],
                    snippet=plain,
                    snippet_html=html,
                    start=row["start"] if "start" in keys else None,
                    end=row["end"] if "end" in keys else None,
                    speaker=row["speaker"] if "speaker" in keys else None,
                )
            )
        return tuple(out)

    counts = {k: int(conn.execute(sql, params).fetchone()[0]) for k, sql in _COUNTS.items()}
    return SearchResults(
        query=text,
        fts_query=query,
        documents=hits(_DOCUMENTS, "document"),
        quotes=hits(_QUOTES, "quote"),
        claims=hits(_CLAIMS, "claim"),
        document_count=counts["documents"],
        quote_count=counts["quotes"],
        claim_count=counts["claims"],
    )
