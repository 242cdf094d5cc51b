"""Events (documents about one happening) and stories (events linked over time).

Similarity of two documents (``stories.features.Features``): sublinear TF-IDF cosine over
their content lemmas and entity names, mixed with the cosine of their multilingual lead
embeddings (``dedup.embed``; weight ``embedding_weight``), so that a French and an
English article on one event meet. Two documents published more than ``window_days``
apart may never share an event; two published within it get ``time_bonus``.

Events: average-linkage clustering of the originals (near-duplicates join their
original's event). Stories: average linkage over events, the similarity of two events
being the mean similarity of their documents' pairs.

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
blocking by ``story_window_days``.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from typing import TYPE_CHECKING, ClassVar

from recoupe.model import Corpus, Document, Event, Story, stable_id
from recoupe.stage import CorpusStage
from recoupe.stories.features import Features, average_linkage
from recoupe.stories.labels import date_interval, document_title, events_date

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

log = logging.getLogger(__name__)

# New documents clustered together at a time: bounds the local problem (its similarity
# matrix is at most (CHUNK + members of the events it touches)^2). A first run of up to
# CHUNK documents is the exact whole-corpus clustering; rpm2-fr-dev (200) fits.
CHUNK = 300
# At most this many existing documents are re-clustered with a chunk (the members of the
# most similar events first): a huge old event cannot make one addition expensive.
MAX_LOCAL = 1500


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

    # ------------------------------------------------------------------ events
    def run(self, corpus: Corpus) -> None:
        docs = corpus.analysed()
        by_id = {d.id: d for d in docs}
        originals = [d for d in docs if _root(d, by_id) == d.id]
        if not originals:
            corpus.events, corpus.stories = [], []
            return
        features = self._features_for(originals)
        label = self._prior_labels(corpus, {d.id for d in originals})
        fresh = [d for d in originals if d.id not in label]
        fresh.sort(key=lambda d: (_start(d), d.id))
        next_label = max(label.values(), default=-1) + 1
        # Documents of one origin group (a text and its translations: dedup.group) are
        # one source and share an event whatever their words.
        kin: dict[str, list[str]] = defaultdict(list)
        for doc in originals:
            if doc.id in corpus.origin_of:
                kin[corpus.origin_of[doc.id]].append(doc.id)
        group_of = {d: g for g, members in kin.items() if len(members) > 1 for d in members}
        for at in range(0, len(fresh), CHUNK):
            chunk = [d.id for d in fresh[at : at + CHUNK]]
            next_label = self._cluster_chunk(chunk, label, features, next_label, group_of, kin)

        groups: dict[int, list[Document]] = defaultdict(list)
        for doc in originals:
            groups[label[doc.id]].append(doc)
        duplicates: dict[str, list[Document]] = defaultdict(list)
        for doc in docs:
            root = _root(doc, by_id)
            if root != doc.id:
                duplicates[root].append(doc)
        # An event whose documents are unchanged is kept as stored (title, date, story):
        # adding one document costs the events it touches, not a pass over all of them.
        previous = {e.id: e for e in corpus.events}
        events: list[Event] = []
        originals_of: dict[str, list[str]] = {}
        for group in groups.values():
            everyone = group + [c for d in group for c in duplicates[d.id]]
            event_id = stable_id(*sorted(d.id for d in everyone), prefix="ev-")
            originals_of[event_id] = [d.id for d in group]
            kept = previous.get(event_id)
            if kept is not None and not corpus.new_ids & set(kept.document_ids):
                events.append(kept)
                continue
            central = self._most_central(group, features)
            events.append(
                Event(
                    id=event_id,
                    title=document_title(central),
                    date=events_date(everyone),
                    document_ids=sorted(d.id for d in everyone),
                    story_id=kept.story_id if kept is not None else None,
                )
            )
        corpus.stories = self._stories(events, originals_of, corpus.stories, features)
        corpus.events = sorted(events, key=lambda e: (e.date or "", e.id))
        log.debug(
            "stories: %d documents (%d new), %d events, %d stories",
            len(docs),
            len(fresh),
            len(corpus.events),
            len(corpus.stories),
        )

    def _features_for(self, originals: list[Document]) -> Features:
        """The stage's feature index, refitted when the corpus has grown too much since."""
        if self._features is None or not self._features.can_extend(originals):
            self._features = Features.fit(originals)
        else:
            self._features.extend(originals)
        return self._features

    @staticmethod
    def _prior_labels(corpus: Corpus, originals: set[str]) -> dict[str, int]:
        """Stored events as labels of the originals they hold, minus the new documents
        (a document processed again is placed again)."""
        label: dict[str, int] = {}
        for i, event in enumerate(sorted(corpus.events, key=lambda e: e.id)):
            for doc_id in event.document_ids:
                if doc_id in originals and doc_id not in corpus.new_ids:
                    label[doc_id] = i
        return label

    def _cluster_chunk(
        self,
        chunk: list[str],
        label: dict[str, int],
        features: Features,
        next_label: int,
        group_of: dict[str, str],
        kin: dict[str, list[str]],
    ) -> int:
        import numpy as np

        rows = features.rows(chunk)
        block = features.block(features.span(rows), self.window_days)
        sim = self._similarity(features, rows, block)
        # The events this chunk touches: those of the labelled documents it is similar to.
        strength: dict[int, float] = {}
        block_ids = [features.ids[j] for j in block]
        for col in np.flatnonzero((sim >= self.event_threshold).any(axis=0)):
            doc_id = block_ids[int(col)]
            if doc_id in label:
                lab = label[doc_id]
                strength[lab] = max(strength.get(lab, 0.0), float(sim[:, col].max()))
        for doc_id in chunk:  # its translation's event is touched whatever the words
            for other in kin.get(group_of.get(doc_id, ""), []):
                if other in label:
                    strength[label[other]] = 1.0
        members: dict[int, list[str]] = defaultdict(list)
        if strength:
            wanted = set(strength)
            for doc_id, lab in label.items():
                if lab in wanted:
                    members[lab].append(doc_id)
        local = list(chunk)
        for lab in sorted(strength, key=lambda x: (-strength[x], x)):
            if len(local) + len(members[lab]) > len(chunk) + MAX_LOCAL:
                continue
            local += sorted(members[lab])
        local_rows = features.rows(local)
        local_sim = self._similarity(features, local_rows, local_rows)
        forbidden = features.apart(local_rows, local_rows, self.window_days)
        groups = [group_of.get(d, d) for d in local]
        for i, j in _same_group_pairs(groups):
            local_sim[i, j] = local_sim[j, i] = 1.0
            forbidden[i, j] = forbidden[j, i] = False
        labels = average_linkage(local_sim, self.event_threshold, forbidden)
        for doc_id, lab in zip(local, labels, strict=True):
            label[doc_id] = next_label + lab
        return next_label + max(labels) + 1

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

    def _most_central(self, group: list[Document], features: Features) -> Document:
        """The member with the highest mean similarity to the others (ties: smallest id)."""
        if len(group) == 1:
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
        events: list[Event],
        originals_of: dict[str, list[str]],
        stored: list[Story],
        features: Features,
    ) -> list[Story]:
        """Events whose story is known keep it; the others are linked over time to the
        events near them, whose stories are formed again with them."""
        import numpy as np

        story_of: dict[str, int] = {}
        kept = {s.id: i for i, s in enumerate(stored)}
        for event in events:
            if event.story_id in kept:
                story_of[event.id] = kept[event.story_id]
        changed = sorted(
            (e for e in events if e.id not in story_of), key=lambda e: (e.date or "\uffff", e.id)
        )
        by_id = {e.id: e for e in events}
        # Candidates: two events can only reach the story threshold (a mean over their
        # document pairs) if one pair does, so the stories of the documents similar
        # enough to a changed event's documents, within the story window, are all that
        # can change; each is taken whole, so that none is cut by the window.
        near = self._candidate_stories(changed, originals_of, story_of, features)
        ids = [e.id for e in events if e.id not in story_of or story_of[e.id] in near]
        index = {e: i for i, e in enumerate(ids)}
        sums = features.event_sums([originals_of[e] for e in ids])
        next_label = len(stored)
        for at in range(0, len(changed), CHUNK):
            chunk = [e.id for e in changed[at : at + CHUNK]]
            rows = np.asarray([index[e] for e in chunk])
            block = sums.block(rows, self.story_window_days)
            sim = sums.similarity(rows, block, self.embedding_weight)
            touched = {
                story_of[ids[int(j)]]
                for j in block[np.flatnonzero((sim >= self.story_threshold).any(axis=0))]
                if ids[int(j)] in story_of
            }
            local = list(chunk) + sorted(e for e, s in story_of.items() if s in touched)
            local = local[: len(chunk) + MAX_LOCAL]
            local_rows = np.asarray([index[e] for e in local])
            local_sim = sums.similarity(local_rows, local_rows, self.embedding_weight)
            labels = average_linkage(np.clip(local_sim, 0.0, 1.0), self.story_threshold)
            for event_id, lab in zip(local, labels, strict=True):
                story_of[event_id] = next_label + lab
            next_label += max(labels) + 1
        grouped: dict[int, list[Event]] = defaultdict(list)
        for event in events:
            grouped[story_of[event.id]].append(by_id[event.id])
        return self._story_list(grouped)

    def _candidate_stories(
        self,
        changed: list[Event],
        originals_of: dict[str, list[str]],
        story_of: dict[str, int],
        features: Features,
    ) -> set[int]:
        import numpy as np

        if not changed or not story_of:
            return set()
        event_of = {d: e for e, docs in originals_of.items() if e in story_of for d in docs}
        found: set[int] = set()
        for at in range(0, len(changed), CHUNK):
            rows = features.rows([d for e in changed[at : at + CHUNK] for d in originals_of[e.id]])
            block = features.block(features.span(rows), self.story_window_days)
            sim = features.similarity(rows, block, self.embedding_weight)
            for col in np.flatnonzero((sim >= self.story_threshold).any(axis=0)):
                event_id = event_of.get(features.ids[int(block[int(col)])])
                if event_id is not None:
                    found.add(story_of[event_id])
        return found

    @staticmethod
    def _story_list(grouped: dict[int, list[Event]]) -> list[Story]:
        stories = []
        for group in grouped.values():
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


def _same_group_pairs(groups: list[str]) -> list[tuple[int, int]]:
    """Index pairs (i < j) whose items share a group."""
    at: dict[str, list[int]] = defaultdict(list)
    for i, g in enumerate(groups):
        at[g].append(i)
    return [(a, b) for idx in at.values() for k, a in enumerate(idx) for b in idx[k + 1 :]]


def _start(doc: Document) -> int:
    interval = date_interval(doc.meta.published)
    return interval[0] if interval else 1 << 30


def _root(doc: Document, by_id: dict[str, Document]) -> str:
    """The original a document duplicates (following chains), or itself."""
    seen = {doc.id}
    current = doc
    while current.duplicate_of is not None and current.duplicate_of in by_id:
        current = by_id[current.duplicate_of]
        if current.id in seen:  # a cycle cannot come from dedup, but never loop
            break
        seen.add(current.id)
    return current.id
