"""Events (documents about one happening) and stories (events linked over time).

Similarity of two documents (``stories.features.Features``): sublinear TF-IDF cosine over
their content lemmas and entity names, mixed with the cosine of their multilingual lead
embeddings (``dedup.embed``; weight ``embedding_weight``), so that a French and an
English article on one event meet. Two documents published more than ``window_days``
apart may never share an event; two published within it get ``time_bonus``.

Events: average-linkage clustering of the originals (near-duplicates join their
original's event). Stories: average linkage over events, the similarity of two events
being the mean similarity of their documents' pairs, whose lexical part counts only where
enough of it lies on terms central to both events (``features.CORE_TERMS``: heaviest by
TF-IDF times how rare the word is outside the corpus): two stories of one crisis share
its vocabulary, not their own names and words.

Incremental: the stored events and stories stand; only the new documents are looked up.
New documents are taken in date order in chunks of ``CHUNK``; each chunk is compared with
the documents near it in time (blocking: a window of ``window_days`` around the chunk,
plus the undated ones) by an exact sparse product (an inverted index over the TF-IDF
terms); the events of the documents it is similar enough to (>= ``event_threshold``),
with the chunk, are clustered again, and that local result replaces them. With all
documents new and fewer than ``CHUNK`` of them this is exactly the whole-corpus average
linkage, so a first run does not depend on input order. Documents arriving over several
runs can end differently from a single run: `recoupe eval clustering` measures how much
("order_dependence"). Stories are updated the same way over the events that changed, with
blocking by ``story_window_days``; their chunks also span at most that window, so that
a first build links no two events that runs adding them one at a time would not compare
(a story arc longer than the window is chained through events within it).

Cost of a run: proportional to what changed. Only the new documents, those dedup
regrouped (``Corpus.touched_ids``) and the events and stories they reach are read; the
other events and stories are kept as stored, objects included. Where each document is
(``_Memo``) is built once per process and then updated. The feature index (TF-IDF fit,
dates, recent vectors: ``stories.features``) is saved in ``Corpus.stage_state``, so a new
process does not refit; left in Python over the whole corpus per run: set differences of
the document ids and a filter of the event list (milliseconds at 100,000 documents).
"""

from __future__ import annotations

import bisect
import logging
from collections import defaultdict
from collections.abc import Callable, Iterable, KeysView, Mapping
from typing import TYPE_CHECKING, ClassVar, Generic, TypeVar

from recoupe.model import Corpus, Document, Event, Scope, Story, stable_id
from recoupe.stage import CorpusStage
from recoupe.stories.attach import attach_singletons
from recoupe.stories.features import EventSums, Features, average_linkage
from recoupe.stories.labels import date_interval, document_title, events_date

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

log = logging.getLogger(__name__)

_V = TypeVar("_V")

# New documents clustered together at a time: bounds the local problem (its similarity
# matrix is at most (CHUNK + members of the events it touches)^2). A first run of up to
# CHUNK documents is the exact whole-corpus clustering; rpm2-fr-dev (200) fits.
CHUNK = 300
# At most this many existing documents are re-clustered with a chunk (the members of the
# most similar events first): a huge old event cannot make one addition expensive.
MAX_LOCAL = 1500


# The stage's other saved states: the vectors of the recent documents, and the delta of
# its base state (Features).
VECTORS_STATE = "stories.events/vectors"
DELTA_STATE = "stories.events/delta"


class EventStage(CorpusStage):
    """Fill ``corpus.events`` and ``corpus.stories``; every analysed document belongs to
    exactly one event (singletons too), every event to one story.

    Calibrated on rpm2-fr-dev (200 French articles, 10 topics x 2 periods a month apart,
    bench/calibrate_events.py, the pipeline's own nlp and embeddings): embedding weight
    0-0.5, event threshold 0.08-0.48 and story threshold 0.04-0.38 by 0.02, text only and
    with the periods dated 30 days apart (time bonus 0.04). Story linkage as the mean
    document-pair similarity of two events (not the cosine of their centroids, which
    favours diffuse events) raised text-only stories from 0.90 to 0.95 alone. Best sum
    over both variants at weight 0.1, event 0.16, story 0.10: text only event 0.66 /
    story 0.98, dated event 0.96 / story 0.94 (weight 0: 0.66 / 0.95 and 0.95 / 0.93).
    Text alone cannot tell two Putin-Kim summits apart: only dates separate the periods."""

    name: ClassVar[str] = "stories.events"
    requires: ClassVar[frozenset[str]] = frozenset({"lemmas", "entities", "meta.published"})
    needs_modules: ClassVar[tuple[str, ...]] = ("sklearn", "scipy", "numpy")

    def __init__(
        self,
        event_threshold: float = 0.16,
        window_days: int = 10,
        story_threshold: float = 0.10,
        time_bonus: float = 0.04,
        embedding_weight: float = 0.1,
        story_window_days: int = 120,
    ) -> None:
        self.event_threshold = event_threshold
        self.window_days = window_days
        self.story_threshold = story_threshold
        self.time_bonus = time_bonus
        self.embedding_weight = embedding_weight
        self.story_window_days = story_window_days
        self._features: Features | None = None
        self._features_of: Corpus | None = None
        self._memo: _Memo | None = None

    # ------------------------------------------------------------------ events
    def run(self, corpus: Corpus) -> None:
        documents = corpus.documents
        memo = self._memo_for(corpus)
        placement = _Placement(corpus, memo)
        new = corpus.new_ids & documents.keys()
        # Documents whose role may have changed: new or reprocessed ones, those dedup
        # regrouped, those gone, and those in no stored event (a first run: all of them).
        dirty = (new | corpus.touched_ids) & documents.keys()
        gone, unplaced = memo.gone_and_unplaced(documents, dirty)
        changed = sorted(
            (documents[d] for d in dirty | unplaced if placement.is_original(d)),
            key=lambda d: d.id,
        )
        features = self._features_for(corpus, changed, dirty | unplaced, gone, placement)
        fresh = [d for d in changed if d.id in new or d.id in unplaced]
        fresh.sort(key=lambda d: (_start(d), d.id))
        for at in range(0, len(fresh), CHUNK):
            chunk = [d.id for d in fresh[at : at + CHUNK]]
            self._cluster_chunk(chunk, placement, features)

        # Stored events that change: those that lose or gain a document (moved by the
        # clustering, gone, regrouped by dedup, or gaining a duplicate). The others are
        # kept as stored (title, date, story): adding one document costs the events it
        # touches, not a pass over all of them.
        memo.event_of.prefetch(dirty | gone | placement.moved.keys())
        affected = {
            memo.event_of[d] for d in dirty | gone | placement.moved.keys() if d in memo.event_of
        }
        memo.events.prefetch(affected)
        dup_root: dict[str, list[str]] = defaultdict(list)
        for doc_id in sorted(dirty | unplaced):
            doc = documents[doc_id]
            root = _root(doc, documents)
            if root != doc_id and not doc.is_container:
                dup_root[root].append(doc_id)
                if root in memo.event_of and root not in placement.moved:
                    affected.add(memo.event_of[root])
        groups = [placement.members((0, e)) for e in sorted(affected)]
        groups += [placement.members(lab) for lab in placement.new_labels()]
        rebuilt: list[Event] = []
        originals_of: dict[str, list[str]] = {}
        for members in groups:
            if members:
                group = [documents[d] for d in sorted(members)]
                rebuilt.append(self._event(group, dup_root, placement, memo, features, new))
                originals_of[rebuilt[-1].id] = [d.id for d in group]
                placement.now.update(dict.fromkeys(originals_of[rebuilt[-1].id], rebuilt[-1].id))
        events = [e for e in memo.events_list if e.id not in affected]
        for event in rebuilt:
            bisect.insort(events, event, key=_event_order)
        stories, dropped, added = self._stories(
            memo, events, rebuilt, affected, originals_of, placement, features
        )
        corpus.events, corpus.stories = events, stories
        memo.update(events, stories, affected, rebuilt, dropped, added)
        if not corpus.scope.full:
            _fill_scope(corpus.scope, memo, affected | {e.id for e in rebuilt}, dropped, added)
        if memo.lazy:  # a partial corpus holds the scope's events and stories, as they are now
            memo.events.prefetch(corpus.scope.events)
            memo.stories.prefetch(corpus.scope.stories)
            corpus.events = sorted(
                (memo.events[e] for e in corpus.scope.events if e in memo.events),
                key=_event_order,
            )
            corpus.stories = sorted(
                (memo.stories[s] for s in corpus.scope.stories if s in memo.stories),
                key=_story_order,
            )
            memo.events_list, memo.stories_list = corpus.events, corpus.stories
        if features is not None:
            base, delta = features.to_state()
            corpus.stage_state[self.name], corpus.stage_state[DELTA_STATE] = base, delta
            # The vectors a next article is compared with: its story window and its event
            # window around that, for an article dated up to a story window before the
            # latest (a late report, a feed read out of order). On orangesum-fr's densest
            # months (~2,600 articles a month) the 130 days of the newest articles alone
            # left a third of a story block to compute (~0.5 s at 36,000 documents).
            recent = 2 * self.story_window_days + self.window_days
            corpus.stage_state[VECTORS_STATE] = features.recent_vectors(recent)
        log.debug(
            "stories: %d documents (%d new), %d events (%d rebuilt), %d stories",
            len(documents),
            len(fresh),
            len(corpus.events),
            len(rebuilt),
            len(corpus.stories),
        )

    def _memo_for(self, corpus: Corpus) -> _Memo:
        """Where each document is (stored event), kept while this stage's own results are
        the corpus's: built once per process or corpus, then updated by each run."""
        memo = self._memo
        if memo is None or not memo.holds(corpus):
            memo = self._memo = _Memo(corpus)
        return memo

    def _features_for(
        self,
        corpus: Corpus,
        changed: list[Document],
        dirty: set[str],
        gone: set[str],
        placement: _Placement,
    ) -> Features | None:
        """The stage's feature index: its own (same corpus), else the saved one, refitted
        when the corpus has grown too much since or a document indexed was reprocessed."""
        features = self._features if self._features_of is corpus else None
        if features is None and self.name in corpus.stage_state:
            delta = corpus.stage_state.get(DELTA_STATE, b"")
            features = Features.from_state(corpus.stage_state[self.name], delta)
            if features is not None and VECTORS_STATE in corpus.stage_state:
                features.load_vectors(corpus.stage_state[VECTORS_STATE])
        if features is None or not features.can_extend(changed):
            originals = [
                d
                for _, d in sorted(corpus.documents.items())
                if not d.is_container and placement.is_original(d.id)
            ]
            features = Features.fit(originals) if originals else None
        else:
            features.forget([d for d in sorted(corpus.new_ids) if d in features.index])
            features.extend(changed)
            states = {d: placement.is_original(d) for d in dirty}
            states.update(dict.fromkeys(gone, False))
            features.set_active(states)
        if features is not None:
            features.bind(corpus.documents)
        self._features, self._features_of = features, corpus
        return features

    def _event(
        self,
        group: list[Document],
        dup_root: dict[str, list[str]],
        placement: _Placement,
        memo: _Memo,
        features: Features | None,
        new: set[str],
    ) -> Event:
        """The event of ``group`` (originals, by id) and their duplicates: the stored
        event when it is the same documents and none is new."""
        documents = placement.documents
        ids = {d.id for d in group}
        duplicates: dict[str, list[Document]] = defaultdict(list)
        memo.event_of.prefetch(ids)
        stored = {memo.event_of[d] for d in ids if d in memo.event_of}
        memo.events.prefetch(stored)
        for event_id in sorted(stored):
            for doc_id in memo.events[event_id].document_ids:
                doc = documents.get(doc_id)
                if doc is None or doc_id in ids or doc_id in placement.dirty:
                    continue
                root = _root(doc, documents)
                if root in ids and root != doc_id:
                    duplicates[root].append(doc)
        for root in ids:
            duplicates[root] += [documents[d] for d in dup_root.get(root, [])]
        everyone = group + [c for d in group for c in sorted(duplicates[d.id], key=_doc_id)]
        event_id = stable_id(*sorted(d.id for d in everyone), prefix="ev-")
        kept = memo.events.get(event_id)
        if kept is not None and not new & set(kept.document_ids):
            return kept
        central = self._most_central(group, features)
        return Event(
            id=event_id,
            title=document_title(central),
            date=events_date(everyone),
            document_ids=sorted(d.id for d in everyone),
            story_id=kept.story_id if kept is not None else None,
        )

    def _cluster_chunk(
        self, chunk: list[str], placement: _Placement, features: Features | None
    ) -> None:
        import numpy as np

        assert features is not None
        rows = features.rows(chunk)
        block = features.block(features.span(rows), self.window_days)
        sim = self._similarity(features, rows, block)
        # The events this chunk touches: those of the labelled documents it is similar to.
        strength: dict[Label, float] = {}
        columns = np.flatnonzero((sim >= self.event_threshold).any(axis=0))
        placement.memo.event_of.prefetch(features.ids[int(block[int(c)])] for c in columns)
        for col in columns:
            lab = placement.label(features.ids[int(block[int(col)])])
            if lab is not None:
                strength[lab] = max(strength.get(lab, 0.0), float(sim[:, col].max()))
        for doc_id in chunk:  # its translation's event is touched whatever the words
            for other in placement.kin(doc_id):
                lab = placement.label(other)
                if lab is not None:
                    strength[lab] = 1.0
        local = list(chunk)
        placement.memo.events.prefetch(lab[1] for lab in strength if lab[0] == 0)
        for lab in sorted(strength, key=lambda x: (-strength[x], x)):
            members = placement.members(lab)
            if len(local) + len(members) > len(chunk) + MAX_LOCAL:
                continue
            local += sorted(members)
        local_rows = features.rows(local)
        local_sim = self._similarity(features, local_rows, local_rows)
        forbidden = features.apart(local_rows, local_rows, self.window_days)
        groups = [placement.group_of(d) for d in local]
        for i, j in _same_group_pairs(groups):
            local_sim[i, j] = local_sim[j, i] = 1.0
            forbidden[i, j] = forbidden[j, i] = False
        labels = average_linkage(local_sim, self.event_threshold, forbidden)
        # A short document average linkage left alone joins the event it clearly continues.
        labels = attach_singletons(labels, local_sim, forbidden)
        placement.assign(local, labels)

    def _similarity(
        self, features: Features, rows: NDArray[np.intp], cols: NDArray[np.intp]
    ) -> NDArray[np.float64]:
        """Text similarity plus the time bonus; zero across the window (they may not meet)."""
        import numpy as np

        sim = features.similarity(rows, cols, self.embedding_weight)
        near = features.near(rows, cols, self.window_days)
        sim = sim + self.time_bonus * near
        sim[features.apart(rows, cols, self.window_days)] = 0.0
        return np.clip(sim, 0.0, 1.0 + self.time_bonus)

    def _most_central(self, group: list[Document], features: Features | None) -> Document:
        """The member with the highest mean similarity to the others (ties: smallest id)."""
        if len(group) == 1 or features is None:
            return group[0]
        ordered = sorted(group, key=lambda d: d.id)
        rows = features.rows([d.id for d in ordered])
        sim = features.similarity(rows, rows, self.embedding_weight)
        means = (sim.sum(axis=1) - sim.diagonal()) / (len(ordered) - 1)
        best = max(range(len(ordered)), key=lambda i: (round(float(means[i]), 9), -i))
        return ordered[best]

    # ------------------------------------------------------------------ stories
    def _stories(
        self,
        memo: _Memo,
        events: list[Event],
        rebuilt: list[Event],
        removed: set[str],
        originals_of: dict[str, list[str]],
        placement: _Placement,
        features: Features | None,
    ) -> tuple[list[Story], set[str], list[Story]]:
        """Events whose story is known keep it; the others are linked over time to the
        events near them, whose stories are formed again with them. Only the stories that
        lose or gain an event are rebuilt; the others are kept as stored."""
        import numpy as np

        if (not events and not memo.lazy) or features is None:
            return [], set(memo.stories.keys()), []
        rebuilt_by_id = {e.id: e for e in rebuilt}

        def event(event_id: str) -> Event:
            return rebuilt_by_id.get(event_id) or memo.events[event_id]

        def originals(event_id: str) -> list[str]:
            if event_id not in originals_of:
                originals_of[event_id] = [
                    d for d in event(event_id).document_ids if placement.is_original(d)
                ]
            return originals_of[event_id]

        stories = _StoryLabels(memo, rebuilt_by_id, removed)
        changed = sorted(
            (e for e in rebuilt if stories.label(e.id) is None),
            key=lambda e: (e.date or "\uffff", e.id),
        )
        # Candidates: two events can only reach the story threshold (a mean over their
        # document pairs) if one pair does, so the stories of the documents similar
        # enough to a changed event's documents, within the story window, are all that
        # can change; each is taken whole, so that none is cut by the window.
        near = self._candidate_stories(changed, originals, stories, placement, features)
        ids = [e.id for e in changed] + sorted(e for lab in near for e in stories.members(lab))
        index = {e: i for i, e in enumerate(ids)}
        sums = features.event_sums([originals(e) for e in ids])
        next_label = 0
        for chunk in _time_chunks(
            [e.id for e in changed], index, sums, self.story_window_days, CHUNK
        ):
            rows = np.asarray([index[e] for e in chunk])
            block = sums.block(rows, self.story_window_days)
            sim = sums.similarity(rows, block, self.embedding_weight)
            touched = {
                lab
                for j in block[np.flatnonzero((sim >= self.story_threshold).any(axis=0))]
                if (lab := stories.label(ids[int(j)])) is not None
            }
            local = list(chunk) + sorted(e for lab in touched for e in stories.members(lab))
            local = local[: len(chunk) + MAX_LOCAL]
            local_rows = np.asarray([index[e] for e in local])
            local_sim = sums.similarity(local_rows, local_rows, self.embedding_weight)
            labels = average_linkage(np.clip(local_sim, 0.0, 1.0), self.story_threshold)
            for event_id, number in zip(local, labels, strict=True):
                stories.assign(event_id, (1, f"{next_label + number:09d}"))
            next_label += max(labels) + 1
        rebuilt_stories = self._story_list(
            {lab: [event(e) for e in stories.members(lab)] for lab in stories.changed()}
        )
        dropped = {lab[1] for lab in stories.changed() if lab[0] == 0}
        result = [s for s in memo.stories_list if s.id not in dropped]
        added = [s for s in rebuilt_stories if s.event_ids]
        for story in added:
            bisect.insort(result, story, key=_story_order)
        return result, dropped, added

    def _candidate_stories(
        self,
        changed: list[Event],
        originals: Callable[[str], list[str]],
        stories: _StoryLabels,
        placement: _Placement,
        features: Features,
    ) -> set[Label]:
        import numpy as np

        found: set[Label] = set()
        if not changed or not stories.memo.has_stories():  # a first run: none to look for
            return found
        for at in range(0, len(changed), CHUNK):
            rows = features.rows([d for e in changed[at : at + CHUNK] for d in originals(e.id)])
            block = features.block(features.span(rows), self.story_window_days)
            sim = features.similarity(rows, block, self.embedding_weight)
            columns = np.flatnonzero((sim >= self.story_threshold).any(axis=0))
            near = [features.ids[int(block[int(col)])] for col in columns]
            stories.memo.event_of.prefetch(near)
            stories.memo.events.prefetch(
                e for d in near if (e := placement.event_now(d)) is not None
            )
            for doc_id in near:
                event_id = placement.event_now(doc_id)
                lab = stories.label(event_id) if event_id is not None else None
                if lab is not None:
                    found.add(lab)
        return found

    @staticmethod
    def _story_list(grouped: dict[Label, list[Event]]) -> list[Story]:
        stories = []
        for group in grouped.values():
            if not group:
                continue
            story_id = stable_id(*sorted(e.id for e in group), prefix="st-")
            biggest = min(group, key=lambda e: (-len(e.document_ids), e.date or "\uffff", e.id))
            for event in group:
                event.story_id = story_id
            stories.append(
                Story(
                    id=story_id,
                    title=biggest.title,
                    event_ids=[e.id for e in sorted(group, key=lambda e: (e.date or "", e.id))],
                )
            )
        return sorted(stories, key=lambda s: s.id)


def _time_chunks(
    ids: list[str], index: dict[str, int], sums: EventSums, window_days: int, size: int
) -> list[list[str]]:
    """Events in date order (undated last) cut into chunks of at most ``size`` events
    spanning at most ``window_days``: inside a chunk every pair may link, so a chunk
    wider than the story window would let two events link that a run adding them one at
    a time would never compare (each looks for stories within the window of it). The
    dates are those the windows use (an event dated by its text only is undated here)."""
    import math

    def when(position: int) -> tuple[bool, float, int]:
        start = float(sums.start[index[ids[position]]])
        return (math.isnan(start), 0.0 if math.isnan(start) else start, position)

    chunks: list[list[str]] = []
    first = math.nan
    for event_id in (ids[p] for p in sorted(range(len(ids)), key=when)):
        start, end = float(sums.start[index[event_id]]), float(sums.end[index[event_id]])
        dated = not math.isnan(start)
        fits = (
            chunks
            and len(chunks[-1]) < size
            and (dated == (not math.isnan(first)))
            and (not dated or end - first <= window_days)
        )
        if not fits:
            chunks.append([])
            first = start
        chunks[-1].append(event_id)
    return chunks


def _same_group_pairs(groups: list[str]) -> list[tuple[int, int]]:
    """Index pairs (i < j) whose items share a group."""
    at: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(groups):
        at[g].append(i)
    return [(a, b) for idx in at.values() for k, a in enumerate(idx) for b in idx[k + 1 :]]


# An event or story label during a run: (0, stored id) for a stored event or story,
# (1, number) for one formed in this run. Ties between equally strong candidates are
# broken by label order: stored ones by id, then new ones by creation.
Label = tuple[int, str]


def _event_order(event: Event) -> tuple[str, str]:
    return (event.date or "", event.id)


def _story_order(story: Story) -> str:
    return story.id


def _doc_id(doc: Document) -> str:
    return doc.id


def _fill_scope(
    scope: Scope, memo: _Memo, events: set[str], dropped: set[str], added: list[Story]
) -> None:
    """What a partial run's later stages redo: the events rebuilt or gone, every event of a
    story rebuilt or gone (an event whose story changed is a changed row, and quotes are
    grouped per story), the stories of those events, and all their documents now."""
    events = events | {e for story in added for e in story.event_ids}
    stories = dropped | {s.id for s in added}
    memo.events.prefetch(events)
    stories |= {sid for e in events if e in memo.events and (sid := memo.events[e].story_id)}
    memo.stories.prefetch(stories)
    memo.events.prefetch(
        e for sid in stories if sid in memo.stories for e in memo.stories[sid].event_ids
    )
    events |= {e for sid in stories if sid in memo.stories for e in memo.stories[sid].event_ids}
    scope.events |= events
    scope.stories |= stories
    scope.documents |= {d for e in events if e in memo.events for d in memo.events[e].document_ids}


class _Lookup(Generic[_V]):
    """A table by key read through to the store: a key it lacks is looked up (``load``,
    in batches with ``prefetch``), and a key the store lacks, or one removed, is
    remembered as absent. Without ``load`` it is a plain table."""

    def __init__(
        self,
        known: dict[str, _V],
        load: Callable[[Iterable[str]], dict[str, _V]] | None = None,
    ) -> None:
        self._known = known
        self._absent: set[str] = set()
        self._load = load

    def prefetch(self, keys: Iterable[str]) -> None:
        if self._load is None:
            return
        wanted = {k for k in keys if k not in self._known and k not in self._absent}
        if wanted:
            found = self._load(wanted)
            self._known.update(found)
            self._absent |= wanted - found.keys()

    def get(self, key: str) -> _V | None:
        self.prefetch((key,))
        return self._known.get(key)

    def __getitem__(self, key: str) -> _V:
        value = self.get(key)
        if value is None:
            raise KeyError(key)
        return value

    def __contains__(self, key: object) -> bool:
        return isinstance(key, str) and self.get(key) is not None

    def __setitem__(self, key: str, value: _V) -> None:
        self._known[key] = value
        self._absent.discard(key)

    def pop(self, key: str) -> _V | None:
        value = self.get(key)
        self._known.pop(key, None)
        self._absent.add(key)
        return value

    def keys(self) -> KeysView[str]:
        """Every key: only a plain table knows them (a store's has 100,000s)."""
        assert self._load is None, "a table read through to the store is not listed"
        return self._known.keys()


class _Memo:
    """The stored events and stories, indexed: which event each document is in. Built
    once per process (or corpus) from ``corpus.events``, then updated by each run with
    what changed, while the corpus holds the lists this stage left. A partial corpus
    (``Corpus.stored_events``) holds no complete list: the memo reads what the run looks
    at from the store (``lazy``), and knows no more."""

    def __init__(self, corpus: Corpus) -> None:
        self.source = corpus.stored_events
        self.lazy = self.source is not None
        if self.source is not None:
            self.events_list, self.stories_list = corpus.events, corpus.stories
            self.events = _Lookup[Event]({}, self.source.events)
            self.stories = _Lookup[Story]({}, self.source.stories)
            self.event_of = _Lookup[str]({}, self.source.event_of)
            return
        self.events_list = sorted(corpus.events, key=_event_order)
        self.stories_list = sorted(corpus.stories, key=lambda s: s.id)
        corpus.events, corpus.stories = self.events_list, self.stories_list
        self.events = _Lookup({e.id: e for e in self.events_list})
        self.stories = _Lookup({s.id: s for s in self.stories_list})
        self.event_of = _Lookup({d: e.id for e in self.events_list for d in e.document_ids})

    def holds(self, corpus: Corpus) -> bool:
        if self.lazy:
            return corpus.stored_events is self.source
        return corpus.events is self.events_list and corpus.stories is self.stories_list

    def has_stories(self) -> bool:
        # A partial corpus comes from a store whose last pass made stories.
        return self.lazy or bool(self.stories_list)

    def gone_and_unplaced(
        self, documents: Mapping[str, Document], dirty: set[str]
    ) -> tuple[set[str], set[str]]:
        """Documents of the stored events the corpus no longer has, and analysed
        documents in no stored event (a first run: all of them). In a partial corpus no
        document is gone, and only the run's own can be unplaced (Store.load_for_run)."""
        if self.lazy:
            self.event_of.prefetch(dirty)
            return set(), {
                d for d in dirty if d not in self.event_of and not documents[d].is_container
            }
        placed = self.event_of.keys()
        gone = placed - documents.keys()
        unplaced = {d for d in documents.keys() - placed if not documents[d].is_container}
        return gone, unplaced

    def update(
        self,
        events: list[Event],
        stories: list[Story],
        removed: set[str],
        rebuilt: list[Event],
        dropped: set[str],
        added: list[Story],
    ) -> None:
        for event_id in removed:
            event = self.events.pop(event_id)
            for doc_id in event.document_ids if event is not None else []:
                if self.event_of.get(doc_id) == event_id:
                    self.event_of.pop(doc_id)
        for event in rebuilt:
            self.events[event.id] = event
            for doc_id in event.document_ids:
                self.event_of[doc_id] = event.id
        for story_id in dropped:
            self.stories.pop(story_id)
        for story in added:
            self.stories[story.id] = story
        self.events_list, self.stories_list = events, stories


class _Placement:
    """Which event each original is in during a run: its stored event unless it is new
    (placed again) or the clustering moved it. Read only for the documents looked at."""

    def __init__(self, corpus: Corpus, memo: _Memo) -> None:
        self.documents = corpus.documents
        self.memo = memo
        self.new = corpus.new_ids
        self.dirty = (corpus.new_ids | corpus.touched_ids) & corpus.documents.keys()
        self.moved: dict[str, Label] = {}
        self.now: dict[str, str] = {}  # original -> its rebuilt event, once events are built
        self._new_members: dict[Label, list[str]] = {}
        self._original: dict[str, bool] = {}
        self._by_origin: dict[str, list[str]] = defaultdict(list)
        for doc_id, origin in corpus.origin_of.items():
            self._by_origin[origin].append(doc_id)
        self._origin_of = corpus.origin_of

    def is_original(self, doc_id: str) -> bool:
        known = self._original.get(doc_id)
        if known is None:
            doc = self.documents.get(doc_id)
            known = (
                doc is not None and not doc.is_container and _root(doc, self.documents) == doc_id
            )
            self._original[doc_id] = known
        return known

    def label(self, doc_id: str) -> Label | None:
        if doc_id in self.moved:
            return self.moved[doc_id]
        event_id = self.memo.event_of.get(doc_id)
        if event_id is None or doc_id in self.new or not self.is_original(doc_id):
            return None
        return (0, event_id)

    def members(self, lab: Label) -> list[str]:
        if lab[0] == 1:
            return list(self._new_members.get(lab, []))
        return [d for d in self.memo.events[lab[1]].document_ids if self.label(d) == lab]

    def new_labels(self) -> list[Label]:
        return [lab for lab, members in self._new_members.items() if members]

    def assign(self, doc_ids: list[str], labels: list[int]) -> None:
        base = len(self._new_members)
        for doc_id, lab in zip(doc_ids, labels, strict=True):
            old = self.moved.get(doc_id)
            if old is not None:
                self._new_members[old].remove(doc_id)
            label = (1, f"{base + lab:09d}")
            self.moved[doc_id] = label
            self._new_members.setdefault(label, []).append(doc_id)

    def group_of(self, doc_id: str) -> str:
        """The origin group of an original when it holds other originals (a text and its
        translations: dedup.group): one source, one event whatever their words."""
        return self._origin_of[doc_id] if len(self.kin(doc_id)) > 1 else doc_id

    def kin(self, doc_id: str) -> list[str]:
        origin = self._origin_of.get(doc_id)
        if origin is None:
            return []
        return [d for d in self._by_origin[origin] if self.is_original(d)]

    def event_now(self, doc_id: str) -> str | None:
        """The event an original is in after this run's clustering."""
        if doc_id in self.now:
            return self.now[doc_id]
        return None if doc_id in self.moved else self.memo.event_of.get(doc_id)


class _StoryLabels:
    """Which story each event is in during a run: its stored story, unless the event is
    new or the story linkage moved it."""

    def __init__(self, memo: _Memo, rebuilt: dict[str, Event], removed: set[str]) -> None:
        self.memo = memo
        self.rebuilt = rebuilt
        self.removed = removed
        self.moved: dict[str, Label] = {}
        self._new_members: dict[Label, list[str]] = defaultdict(list)
        self._changed: set[Label] = {
            (0, memo.events[e].story_id or "")
            for e in removed
            if memo.events[e].story_id in memo.stories
        }

    def _event(self, event_id: str) -> Event | None:
        if event_id in self.rebuilt:
            return self.rebuilt[event_id]
        if event_id in self.removed:
            return None
        return self.memo.events.get(event_id)

    def label(self, event_id: str) -> Label | None:
        if event_id in self.moved:
            return self.moved[event_id]
        event = self._event(event_id)
        if event is None or event.story_id not in self.memo.stories:
            return None
        return (0, event.story_id or "")

    def members(self, lab: Label) -> list[str]:
        if lab[0] == 1:
            return list(self._new_members[lab])
        events = set(self.memo.stories[lab[1]].event_ids)
        self.memo.events.prefetch(events)
        events.update(e.id for e in self.rebuilt.values() if e.story_id == lab[1])
        return sorted(e for e in events if self.label(e) == lab)

    def assign(self, event_id: str, lab: Label) -> None:
        old = self.label(event_id)
        if old is not None:
            self._changed.add(old)
            if old[0] == 1:
                self._new_members[old].remove(event_id)
        self.moved[event_id] = lab
        self._new_members[lab].append(event_id)
        self._changed.add(lab)

    def changed(self) -> list[Label]:
        return sorted(self._changed)


def _start(doc: Document) -> int:
    interval = date_interval(doc.meta.published)
    return interval[0] if interval else 1 << 30


def _root(doc: Document, documents: Mapping[str, Document]) -> str:
    """The original a document duplicates (following chains), or itself."""
    seen = {doc.id}
    current = doc
    while current.duplicate_of is not None:
        following = documents.get(current.duplicate_of)
        if following is None or following.is_container:
            break
        current = following
        if current.id in seen:  # a cycle cannot come from dedup, but never loop
            break
        seen.add(current.id)
    return current.id
