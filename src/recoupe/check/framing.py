"""Framing: per event and outlet, the loaded and contested terms it uses
(data/framing_terms.tsv: "opération militaire spéciale" against "invasion", "régime",
"neutraliser"...) and the terms it puts in scare quotes, each counted with its passages.

Scare quotes are what quote extraction set aside: words in quotation marks that no stored
quote covers (extract/quotes.py keeps utterances and drops short unframed labels such as
« neutralisé »; a run of marks it kept is a quote, one it left is a label). A label is at
most SCARE_MAX_WORDS words, as quotes.py's own limit.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from functools import cache
from typing import ClassVar

from recoupe.framing_lexicon import Term, fold, terms
from recoupe.model import Citation, Corpus, Document, FramingUse, StateRows, stable_id
from recoupe.stage import CorpusStage

# quotes.py drops a quote as a scare quote at <= 4 words; a label longer than that is a
# quotation it could not attribute, not a term.
SCARE_MAX_WORDS = 4
_MARKS = re.compile(r"«\s*([^«»\n]{1,80}?)\s*»|“([^“”\n]{1,80}?)”|\"([^\"\n]{1,80}?)\"")
_WORD = re.compile(r"\w+")


def term_uses(doc: Document) -> list[tuple[Term, Citation]]:
    """Lexicon terms in a document, in its language (any language when unknown)."""
    folded = fold(doc.text)
    found: list[tuple[Term, Citation]] = []
    taken: list[tuple[int, int]] = []
    # Longest terms first, so "opération militaire spéciale" is not also "opération".
    for t in sorted(terms(), key=lambda t: -len(t.term)):
        if doc.meta.language and t.language != doc.meta.language:
            continue
        for m in t.pattern.finditer(folded):
            if any(m.start() < e and s < m.end() for s, e in taken):
                continue
            taken.append((m.start(), m.end()))
            found.append((t, Citation(doc.id, m.start(), m.end())))
    return sorted(found, key=lambda f: f[1].start)


def scare_quotes(doc: Document) -> list[tuple[str, Citation]]:
    """Words in marks that no stored direct quote covers and short enough to be a label.
    Reported speech does not hide them: in "il a affirmé que l'armée avait visé les
    batteries « terroristes »" the clause is the outlet's wording, and so are its marks."""
    quoted = [(q.start, q.end) for q in doc.quotes if q.direct]
    out = []
    for m in _MARKS.finditer(doc.text):
        group = next(g for g in (1, 2, 3) if m.group(g) is not None)
        start, end = m.start(group), m.end(group)
        words = _WORD.findall(m.group(group))
        if not words or len(words) > SCARE_MAX_WORDS:
            continue
        if any(s < end and start < e for s, e in quoted):
            continue
        out.append((m.group(group).strip(), Citation(doc.id, start, end)))
    return out


def lexicon_uses(docs: list[Document], rows: StateRows) -> dict[str, list[tuple[Term, Citation]]]:
    """``term_uses`` of each document, kept in the stage's rows: a run adding one article
    to a story of 500 redoes the story's rows, and would otherwise match the whole lexicon
    in every one of its documents again (~1 ms a document). Keyed by the lexicon and the
    document's language and text: a changed text or lexicon is matched afresh."""
    keys = {d.id: _uses_key(d) for d in docs}
    kept = rows.get(keys.values())
    lexicon = terms()
    out: dict[str, list[tuple[Term, Citation]]] = {}
    new: dict[str, bytes] = {}
    for doc in docs:
        value = kept.get(keys[doc.id])
        if value is not None:
            out[doc.id] = [
                (lexicon[i], Citation(doc.id, start, end)) for i, start, end in json.loads(value)
            ]
            continue
        out[doc.id] = term_uses(doc)
        at = _term_index()
        new[keys[doc.id]] = json.dumps(
            [[at[t], c.start, c.end] for t, c in out[doc.id]], separators=(",", ":")
        ).encode("utf-8")
    if new:
        rows.put(new)
    return out


def _uses_key(doc: Document) -> str:
    return "u:" + stable_id(_lexicon_id(), doc.meta.language or "", doc.text)


@cache
def _lexicon_id() -> str:
    return stable_id(*(f"{t.term}\t{t.language}\t{t.family}\t{t.stance}" for t in terms()))


@cache
def _term_index() -> dict[Term, int]:
    return {t: i for i, t in enumerate(terms())}


class FramingStage(CorpusStage):
    name: ClassVar[str] = "check.framing"
    requires: ClassVar[frozenset[str]] = frozenset({"quotes"})

    def run(self, corpus: Corpus) -> None:
        corpus.framing = framing(corpus)


def framing(corpus: Corpus) -> list[FramingUse]:
    """The uses of the events in scope (every event in a full run). Rows are per event,
    so a partial run reads the documents of its scope only: the store replaces the rows of
    ``scope.events`` and keeps the others."""
    docs = {d.id: d for d in corpus.in_scope()}
    found = lexicon_uses(list(docs.values()), corpus.rows(FramingStage.name))
    uses: dict[tuple[str, str, str, str], list[Citation]] = defaultdict(list)
    stance: dict[tuple[str, str, str, str], str] = {}
    for event in corpus.events_in_scope():
        for doc_id in event.document_ids:
            doc = docs.get(doc_id)
            if doc is None:
                continue
            outlet = doc.meta.outlet or ""
            for t, citation in found[doc_id]:
                key = (event.id, outlet, t.term, t.family)
                uses[key].append(citation)
                stance[key] = t.stance
            for words, citation in scare_quotes(doc):
                key = (event.id, outlet, words.casefold(), "scare_quote")
                uses[key].append(citation)
                stance[key] = ""
    return [
        FramingUse(
            event_id=key[0],
            outlet=key[1],
            term=key[2],
            family=key[3],
            stance=stance[key],
            count=len(citations),
            citations=sorted(citations, key=lambda c: (c.document_id, c.start)),
        )
        for key, citations in sorted(uses.items())
    ]
