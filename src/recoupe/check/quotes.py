"""Quote groups: the same utterance rendered by several documents of one event.

Two quotes match when they have the same speaker entity (or both have none) and their
words are close: word-level SequenceMatcher ratio, or the shorter one is a fragment of
the longer (an outlet quoting a few words of a longer sentence, or a truncation).
Matches are joined with union-find; only groups of two or more quotes are kept.
Cross-language matching is not done here yet.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from difflib import SequenceMatcher
from typing import ClassVar

from recoupe.model import Corpus, Quote, QuoteGroup, stable_id
from recoupe.stage import CorpusStage
from recoupe.text import words

log = logging.getLogger(__name__)

# Chosen on hand-written pairs (tests/unit/test_check_quotes.py): one utterance as two
# outlets render it ("très content" / "très heureux", a reworded translation) scored
# 0.63-0.86; different sentences of one speaker on one subject scored 0.20-0.40.
RATIO = 0.6
# Share of the shorter quote's distinct words found in the longer one: renderings of one
# utterance scored 0.80-1.0, different sentences 0.22-0.44. Only for quotes of at least
# MIN_WORDS words: on two or three words any overlap is chance.
CONTAINMENT = 0.8
MIN_WORDS = 4
# A fragment quoted verbatim ("« combat sacré »") belongs with the sentence it comes
# from when it has at least this many words in sequence.
MIN_FRAGMENT = 2


def same_utterance(a: str, b: str) -> bool:
    """Whether two quote texts render the same utterance (same language)."""
    wa, wb = words(a), words(b)
    if not wa or not wb:
        return False
    shorter, longer = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if len(shorter) >= MIN_FRAGMENT and _is_fragment(shorter, longer):
        return True
    if len(shorter) >= MIN_WORDS:
        distinct = set(shorter)
        if len(distinct & set(longer)) / len(distinct) >= CONTAINMENT:
            return True
    return SequenceMatcher(None, wa, wb, autojunk=False).ratio() >= RATIO


def _is_fragment(shorter: list[str], longer: list[str]) -> bool:
    n = len(shorter)
    return any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


class QuoteGroupStage(CorpusStage):
    name: ClassVar[str] = "check.quotes"
    requires: ClassVar[frozenset[str]] = frozenset({"quotes"})

    def run(self, corpus: Corpus) -> None:
        docs = {d.id: d for d in corpus.analysed()}
        for doc in docs.values():
            for quote in doc.quotes:
                quote.group_id = None
        names = {e.id: e.name for e in corpus.entities}
        groups: list[QuoteGroup] = []
        for event in sorted(corpus.events, key=lambda e: e.id):
            quotes = sorted(
                (q for doc_id in event.document_ids if doc_id in docs for q in docs[doc_id].quotes),
                key=lambda q: q.id,
            )
            groups += _group(quotes, names)
        corpus.quote_groups = sorted(groups, key=lambda g: g.id)
        log.debug("quotes: %d groups", len(corpus.quote_groups))


def _group(quotes: list[Quote], names: dict[str, str]) -> list[QuoteGroup]:
    parent = list(range(len(quotes)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(quotes)):
        for j in range(i + 1, len(quotes)):
            if quotes[i].entity_id != quotes[j].entity_id or find(i) == find(j):
                continue
            if same_utterance(quotes[i].text, quotes[j].text):
                parent[max(find(i), find(j))] = min(find(i), find(j))
    members: dict[int, list[Quote]] = defaultdict(list)
    for i, quote in enumerate(quotes):
        members[find(i)].append(quote)
    result = []
    for group in members.values():
        if len(group) < 2:
            continue
        group_id = stable_id(*sorted(q.id for q in group), prefix="qg-")
        for quote in group:
            quote.group_id = group_id
        result.append(
            QuoteGroup(id=group_id, quote_ids=[q.id for q in group], speaker=_speaker(group, names))
        )
    return result


def _speaker(group: list[Quote], names: dict[str, str]) -> str | None:
    entity_id = group[0].entity_id
    if entity_id is not None and entity_id in names:
        return names[entity_id]
    spoken = Counter(q.speaker for q in group if q.speaker)
    if not spoken:
        return None
    return min(spoken, key=lambda s: (-spoken[s], s))
