"""The shared view model: what a dossier shows, built once from a ``Corpus``.

Markdown and HTML both render these objects, so the choices made here (which documents
an event lists, the order of facts, how quotes group by speaker, who copied whom) are
written once. The types live in ``view_types``; this module builds them.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field

from recoupe.errors import NotFound
from recoupe.model import Claim, Corpus, Document, Event, Fact, Quote, Story
from recoupe.render.view_types import (
    STATUS_LABEL,
    STATUS_RANK,
    UNKNOWN_OUTLET,
    UNTITLED,
    Citation,
    DocView,
    EventView,
    Evidence,
    FactView,
    QuoteView,
    SourceEntry,
    SpeakerQuotes,
    StoryView,
    Utterance,
)

__all__ = [
    "STATUS_LABEL",
    "Citation",
    "CorpusView",
    "DocView",
    "EventView",
    "Evidence",
    "FactView",
    "QuoteView",
    "SourceEntry",
    "SpeakerQuotes",
    "StoryView",
    "Utterance",
    "event_of_documents",
]

log = logging.getLogger(__name__)


def _date_key(date: str | None, ident: str) -> tuple[int, str, str]:
    """Dated items first, in date order; undated ones after, by id."""
    return (0, date, ident) if date else (1, "", ident)


@dataclass(slots=True)
class CorpusView:
    """Indexes over a corpus, and the views built from them (each built once)."""

    corpus: Corpus
    _events: dict[str, Event] = field(init=False)
    _stories: dict[str, Story] = field(init=False)
    _event_of: dict[str, str] = field(init=False)
    _copies: dict[str, list[str]] = field(init=False)
    _reprints: dict[str, list[str]] = field(init=False)
    _children: dict[str, list[str]] = field(init=False)
    _claims: dict[str, tuple[Document, Claim]] = field(init=False)
    _facts_of: dict[str, list[Fact]] = field(init=False)
    _entity_names: dict[str, str] = field(init=False)
    _group_speaker: dict[str, str | None] = field(init=False)
    _event_views: dict[str, EventView] = field(init=False)
    _doc_views: dict[str, DocView] = field(init=False)

    def __post_init__(self) -> None:
        c = self.corpus
        self._events = {e.id: e for e in c.events}
        self._stories = {s.id: s for s in c.stories}
        self._event_of = event_of_documents(c)
        # Indexes built once, so a site of N documents costs O(N), not O(N^2).
        self._copies = defaultdict(list)  # direct duplicate_of links
        self._reprints = defaultdict(list)  # original (end of the chain) -> every reprint
        self._children = defaultdict(list)
        for doc_id, doc in sorted(c.documents.items()):
            if doc.parent_id is not None:
                self._children[doc.parent_id].append(doc_id)
            if doc.duplicate_of is not None:
                self._copies[doc.duplicate_of].append(doc_id)
                root = self._root(doc_id)
                if root != doc_id:
                    self._reprints[root].append(doc_id)
        self._claims = {
            claim.id: (doc, claim) for doc in c.documents.values() for claim in doc.claims
        }
        self._facts_of = defaultdict(list)
        for fact in c.facts:
            self._facts_of[fact.event_id].append(fact)
        self._entity_names = {e.id: e.name for e in c.entities}
        self._group_speaker = {g.id: g.speaker for g in c.quote_groups}
        self._event_views = {}
        self._doc_views = {}

    # --- documents -------------------------------------------------------------------

    def document(self, doc_id: str) -> DocView:
        if doc_id not in self._doc_views:
            doc = self.corpus.documents.get(doc_id)
            if doc is None:
                raise NotFound(f"no document with id {doc_id!r}")
            self._doc_views[doc_id] = self._build_doc(doc)
        return self._doc_views[doc_id]

    def event_id_of(self, doc_id: str) -> str | None:
        return self._event_of.get(doc_id)

    def children_of(self, doc_id: str) -> list[DocView]:
        return [self.document(i) for i in self._children.get(doc_id, [])]

    def _build_doc(self, doc: Document) -> DocView:
        m = doc.meta
        copies = tuple(
            (self._outlet(self.corpus.documents[i]), i) for i in self._copies.get(doc.id, [])
        )
        return DocView(
            id=doc.id,
            outlet=self._outlet(doc),
            title=m.title or UNTITLED,
            date=m.published.date if m.published else None,
            precision=m.published.precision if m.published else None,
            language=m.language,
            url=m.url,
            source=doc.source,
            bylines=tuple(m.bylines),
            agencies=tuple(m.agencies),
            parent_id=doc.parent_id,
            is_container=doc.is_container,
            duplicate_of=doc.duplicate_of,
            also_published_by=copies,
            relation=m.extra.get("duplicate_kind"),
            translation_evidence=tuple(
                piece
                for piece in m.extra.get("translation_evidence", "").split(" | ")
                if piece and m.extra.get("machine_translated") == "likely"
            ),
            time_expressions=tuple((t.text, t.iso) for t in doc.timex),
            published=m.published.iso if m.published else None,
        )

    @staticmethod
    def _outlet(doc: Document) -> str:
        return doc.meta.outlet or UNKNOWN_OUTLET

    def _citation(self, doc: Document, start: int, end: int) -> Citation:
        return Citation(doc.id, self._outlet(doc), doc.meta.title or UNTITLED, start, end)

    # --- stories and events ----------------------------------------------------------

    def stories(self) -> list[StoryView]:
        """Biggest story first, then the most recent, then by id (deterministic): what a
        reader opens first is where most outlets wrote."""
        views = [self.story(s.id) for s in sorted(self._stories.values(), key=lambda s: s.id)]
        views.sort(key=lambda v: max((e.date or "" for e in v.events), default=""), reverse=True)
        views.sort(key=lambda v: -v.document_count)
        return views

    def story(self, story_id: str) -> StoryView:
        story = self._stories.get(story_id)
        if story is None:
            raise NotFound(f"no story with id {story_id!r}")
        events = [self.event(i) for i in story.event_ids if i in self._events]
        events.sort(key=lambda e: _date_key(e.date, e.id))
        return StoryView(story.id, story.title, tuple(events))

    def unfiled_events(self) -> list[EventView]:
        """Events that no story lists (a clustering run may leave some)."""
        filed = {i for s in self._stories.values() for i in s.event_ids}
        events = [self.event(i) for i in self._events if i not in filed]
        return sorted(events, key=lambda e: _date_key(e.date, e.id))

    def all_events(self) -> list[EventView]:
        return sorted((self.event(i) for i in self._events), key=lambda e: _date_key(e.date, e.id))

    def has_story(self, item_id: str) -> bool:
        return item_id in self._stories

    def has_event(self, item_id: str) -> bool:
        return item_id in self._events

    def event(self, event_id: str) -> EventView:
        if event_id not in self._event_views:
            event = self._events.get(event_id)
            if event is None:
                raise NotFound(f"no event with id {event_id!r}")
            self._event_views[event_id] = self._build_event(event)
        return self._event_views[event_id]

    def _build_event(self, event: Event) -> EventView:
        docs = [self.corpus.documents.get(i) for i in event.document_ids]
        leaves = sorted(
            {d.id: d for d in docs if d is not None and not d.is_container}.values(),
            key=lambda d: (d.meta.published.date if d.meta.published else "~", d.id),
        )
        facts = sorted(
            (self._build_fact(f) for f in self._facts_of.get(event.id, [])),
            key=lambda f: (STATUS_RANK.get(f.status, len(STATUS_RANK)), f.statement, f.id),
        )
        return EventView(
            id=event.id,
            title=event.title,
            date=event.date[:10] if event.date else None,
            story_id=event.story_id,
            documents=tuple(self.document(d.id) for d in leaves),
            facts=tuple(facts),
            speakers=tuple(self._speakers(leaves)),
            sources=tuple(self._sources(leaves)),
        )

    def _build_fact(self, fact: Fact) -> FactView:
        evidence: list[Evidence] = []
        for claim_id in fact.claim_ids:
            found = self._claims.get(claim_id)
            if found is None:
                log.debug("fact %s cites unknown claim %s", fact.id, claim_id)
                continue
            doc, claim = found
            evidence.append(
                Evidence.of(claim, self._outlet(doc), self._citation(doc, claim.start, claim.end))
            )
        evidence.sort(key=lambda e: (e.outlet, e.citation.doc_id, e.citation.start, e.claim_id))
        return FactView(
            id=fact.id,
            statement=fact.statement,
            status=fact.status,
            note=fact.note,
            independent_sources=fact.independent_sources,
            outlets=tuple(sorted(set(fact.outlets) or {e.outlet for e in evidence})),
            evidence=tuple(evidence),
        )

    def _speaker_name(self, quote: Quote) -> str:
        if quote.group_id and self._group_speaker.get(quote.group_id):
            return self._group_speaker[quote.group_id] or ""
        if quote.entity_id and quote.entity_id in self._entity_names:
            return self._entity_names[quote.entity_id]
        return quote.speaker or ""

    def _speakers(self, docs: list[Document]) -> list[SpeakerQuotes]:
        by_utterance: dict[str, list[QuoteView]] = defaultdict(list)
        speaker_of: dict[str, str] = {}
        entity_of: dict[str, str] = {}  # speaker name -> corpus entity, when one is linked
        for doc in docs:
            for q in doc.quotes:
                view = QuoteView.of(q, self._outlet(doc), self._citation(doc, q.start, q.end))
                key = f"g:{q.group_id}" if q.group_id else f"q:{q.id}"
                by_utterance[key].append(view)
                # A group sits under one speaker: the first named one its quotes give.
                if not speaker_of.get(key):
                    speaker_of[key] = self._speaker_name(q)
                if q.entity_id in self._entity_names:
                    entity_of.setdefault(speaker_of[key], q.entity_id)
        per_speaker: dict[str, list[Utterance]] = defaultdict(list)
        for key, quotes in by_utterance.items():
            quotes.sort(key=lambda v: (v.outlet, v.citation.doc_id, v.citation.start))
            group = key[2:] if key.startswith("g:") else None
            per_speaker[speaker_of[key]].append(Utterance(group, tuple(quotes)))
        result = []
        for speaker, utterances in per_speaker.items():
            utterances.sort(key=lambda u: (u.quotes[0].citation.doc_id, u.quotes[0].citation.start))
            result.append(SpeakerQuotes(speaker, tuple(utterances), entity_of.get(speaker)))
        # Most-quoted speakers first; unattributed quotes last.
        result.sort(key=lambda s: (s.speaker == "", -s.quote_count, s.speaker))
        return result

    def _root(self, doc_id: str) -> str:
        """Follow ``duplicate_of`` to the original (guarding against cycles)."""
        seen = {doc_id}
        current = doc_id
        while True:
            doc = self.corpus.documents.get(current)
            nxt = doc.duplicate_of if doc else None
            if nxt is None or nxt in seen or nxt not in self.corpus.documents:
                return current
            seen.add(nxt)
            current = nxt

    def _sources(self, docs: list[Document]) -> list[SourceEntry]:
        """Who copied or translated whom: each origin once (dedup's origin group, else the
        root of the duplicate_of chain), with every document the corpus holds that
        descends from it."""
        groups: dict[str, set[str]] = defaultdict(set)
        for d in docs:
            origin = d.meta.extra.get("origin_group")
            root = (
                origin
                if origin is not None and origin in self.corpus.documents
                else self._root(d.id)
            )
            groups[root].add(d.id)
            groups[root].update(self._reprints.get(root, []))
        entries = [
            SourceEntry(
                self.document(root),
                tuple(self.document(c) for c in sorted(members - {root})),
            )
            for root, members in sorted(groups.items())
        ]
        entries.sort(key=lambda e: (-len(e.copies), e.original.outlet, e.original.id))
        return entries


def event_of_documents(corpus: Corpus) -> dict[str, str]:
    """Document id -> id of the event whose ``document_ids`` hold it (containers: none).

    When a document sits in several events (it should not), the smallest event id wins,
    so the answer does not depend on the order events were stored in."""
    result: dict[str, str] = {}
    for event in sorted(corpus.events, key=lambda e: e.id):
        for doc_id in event.document_ids:
            doc = corpus.documents.get(doc_id)
            if doc is None or doc.is_container:
                continue
            result.setdefault(doc_id, event.id)
    return result
