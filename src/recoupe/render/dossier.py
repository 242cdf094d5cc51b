"""The pages of the dossier, built from a ``CorpusView``: home, story, event, document,
entity. Each method returns one ``page_types`` object; HTML, the page's JSON download
and the web API all show that same object.

Built lazily and cached per id: the server renders a page on demand, the static export
renders them all, and neither pays for what it does not show (the summaries load
scikit-learn, so only pages that show one compute it).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field

from recoupe.errors import NotFound
from recoupe.model import Document, Entity, Mention, Quote
from recoupe.render.page_types import (
    CoverageCell,
    CoverageRow,
    DocumentPage,
    EntitiesPage,
    EntityMentions,
    EntityPage,
    EntityQuotes,
    EntityRef,
    EventPage,
    EventRef,
    EventRow,
    FramingRow,
    FramingTerm,
    IndexFilter,
    IndexPage,
    MentionView,
    RemovedView,
    StoryPage,
    StoryRow,
    SummarySentence,
    TimelineEntry,
)
from recoupe.render.summary import summarize
from recoupe.render.view import CorpusView
from recoupe.render.view_types import UNTITLED, Citation, DocView, EventView, Evidence, QuoteView

# An event's summary: 4 sentences read in under a minute and, on the demo corpus, cover
# the what/where/toll/reaction of its biggest event; a story spans several events: 5.
EVENT_SUMMARY_SENTENCES = 4
STORY_SUMMARY_SENTENCES = 5
# Removed pieces can be long (a whole glued-in story); the page shows a preview.
REMOVED_PREVIEW_CHARS = 300
# An entity page lists every document that mentions it, each with its first passages.
MENTION_CITATIONS = 3


def _date_key(when: str | None, ident: str) -> tuple[int, str, str]:
    return (0, when, ident) if when else (1, "", ident)


def _date_bounds(date: str) -> tuple[str, str]:
    """The first and last day a date at year, month or day precision may stand for,
    as comparable strings (a month's last day is written 31: string order is enough)."""
    if len(date) == 4:
        return f"{date}-01-01", f"{date}-12-31"
    if len(date) == 7:
        return f"{date}-01", f"{date}-31"
    return date[:10], date[:10]


@dataclass(slots=True)
class Dossier:
    view: CorpusView
    _entities: dict[str, Entity] = field(init=False)
    _mentions: dict[str, list[tuple[Document, Mention]]] = field(init=False)
    _said: dict[str, list[tuple[Document, Quote]]] = field(init=False)
    _refs: dict[str, EntityRef] = field(init=False)
    _story_titles: dict[str, str] = field(init=False)
    _cache: dict[tuple[str, str], object] = field(init=False)

    def __post_init__(self) -> None:
        corpus = self.view.corpus
        self._entities = {e.id: e for e in corpus.entities}
        self._mentions = defaultdict(list)
        self._said = defaultdict(list)
        for doc in corpus.analysed():
            for m in doc.entities:
                if m.entity_id in self._entities:
                    self._mentions[m.entity_id].append((doc, m))
            for q in doc.quotes:
                if q.entity_id in self._entities:
                    self._said[q.entity_id].append((doc, q))
        self._refs = {
            e.id: EntityRef(
                id=e.id,
                name=e.name,
                type=e.type,
                documents=len({d.id for d, _ in self._mentions.get(e.id, [])}),
                mentions=len(self._mentions.get(e.id, [])),
                quotes=len(self._said.get(e.id, [])),
            )
            for e in corpus.entities
        }
        self._story_titles = {s.id: s.title for s in corpus.stories}
        self._cache = {}

    # --- shared pieces ---------------------------------------------------------------

    def _doc(self, doc_id: str) -> Document:
        doc = self.view.corpus.documents.get(doc_id)
        if doc is None:
            raise NotFound(f"no document with id {doc_id!r}")
        return doc

    def _citation(self, doc_id: str, start: int, end: int) -> Citation:
        d = self.view.document(doc_id)
        return Citation(d.id, d.outlet, d.title, start, end)

    def event_ref(self, event_id: str | None) -> EventRef | None:
        if event_id is None or not self.view.has_event(event_id):
            return None
        ev = self.view.event(event_id)
        story = ev.story_id if ev.story_id in self._story_titles else None
        return EventRef(ev.id, ev.title, ev.date, story, self._story_titles.get(story or ""))

    def _summary(self, key: str, docs: list[DocView], k: int) -> tuple[SummarySentence, ...]:
        cache_key = ("summary", key)
        if cache_key not in self._cache:
            extracts = summarize([self._doc(d.id) for d in docs], k)
            self._cache[cache_key] = tuple(
                SummarySentence(x.text, self._citation(x.doc_id, x.start, x.end)) for x in extracts
            )
        result = self._cache[cache_key]
        assert isinstance(result, tuple)
        return result

    @staticmethod
    def _doc_kind(d: DocView) -> str:
        if d.duplicate_of:
            return "reprint"
        if d.parent_id:
            # A split page's parts: timestamped posts of a live blog, or stories glued
            # into one page (those carry the page's date, known to the day at most).
            return "live post" if d.precision == "minute" else "part of a page"
        return "article"

    def _doc_entry(self, d: DocView) -> TimelineEntry:
        when = d.published or d.date
        return TimelineEntry(when, d.precision, self._doc_kind(d), d.title, d.outlet, d.id)

    # --- events and stories ----------------------------------------------------------

    def event_page(self, event_id: str) -> EventPage:
        ev = self.view.event(event_id)
        ref = self.event_ref(event_id)
        story = None
        if ref and ref.story_id:
            story = EventRef(ref.story_id, ref.story_title or UNTITLED, None)
        timeline = sorted(
            (self._doc_entry(d) for d in ev.documents),
            key=lambda t: _date_key(t.when, t.doc_id or ""),
        )
        outlets, rows = self._coverage(ev)
        return EventPage(
            event=ev,
            story=story,
            summary=self._summary(f"ev:{ev.id}", list(ev.documents), EVENT_SUMMARY_SENTENCES),
            timeline=tuple(timeline),
            coverage_outlets=outlets,
            coverage=rows,
            framing=self._framing(ev.id),
        )

    def _framing(self, event_id: str) -> tuple[FramingRow, ...]:
        """Per outlet, the loaded terms and scare quotes it used about the event, most
        used first; each links to its first passage."""
        by_outlet: dict[str, list[FramingTerm]] = defaultdict(list)
        for use in self.view.corpus.framing:
            if use.event_id != event_id or not use.citations:
                continue
            first = use.citations[0]
            if first.document_id not in self.view.corpus.documents:
                continue
            citation = self._citation(first.document_id, first.start, first.end)
            by_outlet[use.outlet].append(
                FramingTerm(use.term, use.family, use.stance, use.count, citation)
            )
        return tuple(
            FramingRow(outlet, tuple(sorted(terms, key=lambda t: (-t.count, t.family, t.term))))
            for outlet, terms in sorted(by_outlet.items())
        )

    @staticmethod
    def _coverage(ev: EventView) -> tuple[tuple[str, ...], tuple[CoverageRow, ...]]:
        """Facts x outlets: each outlet's figures for each fact, blank where an outlet
        that covered the event did not report it (an omission is information too)."""
        outlets = tuple(sorted(set(ev.outlets) | {e.outlet for f in ev.facts for e in f.evidence}))
        rows = []
        for fact in ev.facts:
            by_outlet: dict[str, list[Evidence]] = defaultdict(list)
            for e in fact.evidence:
                by_outlet[e.outlet].append(e)
            cells = []
            for outlet in outlets:
                found = by_outlet.get(outlet, [])
                figures = tuple(dict.fromkeys(e.figure for e in found if e.figure))
                cells.append(CoverageCell(outlet, figures, found[0].citation if found else None))
            rows.append(CoverageRow(fact.id, fact.statement, fact.status, tuple(cells)))
        return outlets, tuple(rows)

    def story_page(self, story_id: str) -> StoryPage:
        story = self.view.story(story_id)
        entries = [
            TimelineEntry(e.date, "day" if e.date else None, "event", e.title, event_id=e.id)
            for e in story.events
        ]
        # Dated live-blog posts: what was known hour by hour.
        entries += [
            self._doc_entry(d)
            for e in story.events
            for d in e.documents
            if self._doc_kind(d) == "live post"
        ]
        entries.sort(key=lambda t: _date_key(t.when, t.event_id or t.doc_id or ""))
        docs = list({d.id: d for e in story.events for d in e.documents}.values())
        return StoryPage(
            story=story,
            summary=self._summary(f"st:{story.id}", docs, STORY_SUMMARY_SENTENCES),
            timeline=tuple(entries),
        )

    # --- home ------------------------------------------------------------------------

    def index_page(self, filters: IndexFilter | None = None) -> IndexPage:
        f = filters or IndexFilter()
        stories = []
        for s in self.view.stories():
            events = tuple(self._event_row(e) for e in s.events if self._passes(e, f))
            if not events:
                continue
            ids = {d.id for e in s.events if self._passes(e, f) for d in e.documents}
            dates = sorted(e.date for e in events if e.date)
            stories.append(
                StoryRow(
                    id=s.id,
                    title=s.title,
                    events=events,
                    documents=len(ids),
                    outlets=tuple(sorted({o for e in events for o in e.outlets})),
                    facts=sum(e.facts for e in events),
                    contradicted=sum(e.contradicted for e in events),
                    first=dates[0] if dates else None,
                    last=dates[-1] if dates else None,
                )
            )
        leaves = [self.view.document(d.id) for d in self.view.corpus.analysed()]
        return IndexPage(
            stories=tuple(stories),
            unfiled=tuple(
                self._event_row(e) for e in self.view.unfiled_events() if self._passes(e, f)
            ),
            document_count=len(self.view.corpus.documents),
            filters=f,
            outlets=tuple(sorted({d.outlet for d in leaves})),
            languages=tuple(sorted({d.language for d in leaves if d.language})),
        )

    @staticmethod
    def _event_row(e: EventView) -> EventRow:
        return EventRow(
            id=e.id,
            title=e.title,
            date=e.date,
            documents=len(e.documents),
            outlets=e.outlets,
            languages=tuple(sorted({d.language for d in e.documents if d.language})),
            facts=len(e.facts),
            contradicted=e.contradicted_count,
        )

    @staticmethod
    def _passes(e: EventView, f: IndexFilter) -> bool:
        if not f.active:
            return True
        for d in e.documents:
            if f.outlet and d.outlet != f.outlet:
                continue
            if f.language and d.language != f.language:
                continue
            if f.since or f.until:
                if not d.date:
                    continue
                lo, hi = _date_bounds(d.date)
                if (f.since and hi < f.since) or (f.until and lo > f.until):
                    continue
            return True
        return False

    # --- documents -------------------------------------------------------------------

    def document_page(self, doc_id: str) -> DocumentPage:
        doc = self._doc(doc_id)
        view = self.view
        d = view.document(doc_id)
        outlet = d.outlet
        quotes = tuple(
            QuoteView.of(q, outlet, self._citation(doc.id, q.start, q.end))
            for q in sorted(doc.quotes, key=lambda q: (q.start, q.end, q.id))
        )
        claims = tuple(
            Evidence.of(c, outlet, self._citation(doc.id, c.start, c.end))
            for c in sorted(doc.claims, key=lambda c: (c.start, c.end, c.id))
        )
        mentions = tuple(
            MentionView(
                m.start,
                m.end,
                m.text,
                m.label,
                m.entity_id if m.entity_id in self._entities else None,
            )
            for m in sorted(doc.entities, key=lambda m: (m.start, m.end))
        )
        counts = Counter(m.entity_id for m in mentions if m.entity_id)
        entities = tuple(
            self._refs[i] for i, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
        )
        removed = tuple(
            RemovedView(
                r.reason,
                r.start,
                r.end,
                r.text[:REMOVED_PREVIEW_CHARS],
                len(r.text) > REMOVED_PREVIEW_CHARS,
            )
            for r in sorted(doc.removed, key=lambda r: (r.start, r.end, r.reason))
        )
        docs = view.corpus.documents
        return DocumentPage(
            doc=d,
            text=doc.text,
            event=self.event_ref(view.event_id_of(doc_id)),
            parent=view.document(doc.parent_id)
            if doc.parent_id is not None and doc.parent_id in docs
            else None,
            children=tuple(view.children_of(doc_id)),
            copy_of=(
                view.document(doc.duplicate_of)
                if doc.duplicate_of is not None and doc.duplicate_of in docs
                else None
            ),
            quotes=quotes,
            claims=claims,
            mentions=mentions,
            entities=entities,
            removed=removed,
        )

    # --- entities --------------------------------------------------------------------

    def entities_page(self) -> EntitiesPage:
        refs = sorted(self._refs.values(), key=lambda r: (-r.documents, -r.quotes, r.name, r.id))
        return EntitiesPage(tuple(refs))

    def has_entity(self, entity_id: str) -> bool:
        return entity_id in self._entities

    def entity_page(self, entity_id: str) -> EntityPage:
        entity = self._entities.get(entity_id)
        if entity is None:
            raise NotFound(f"no entity with id {entity_id!r}")
        by_event: dict[str | None, list[QuoteView]] = defaultdict(list)
        for doc, q in self._said.get(entity_id, []):
            d = self.view.document(doc.id)
            by_event[self.view.event_id_of(doc.id)].append(
                QuoteView(
                    q.id,
                    q.text,
                    q.direct,
                    q.speaker,
                    q.cue,
                    d.outlet,
                    q.group_id,
                    self._citation(doc.id, q.start, q.end),
                )
            )
        said = [
            EntityQuotes(
                self.event_ref(ev_id),
                tuple(sorted(qs, key=lambda q: (q.citation.doc_id, q.citation.start))),
            )
            for ev_id, qs in by_event.items()
        ]
        said.sort(
            key=lambda g: _date_key(
                g.event.date if g.event else None, g.event.id if g.event else "~"
            )
        )
        per_doc: dict[str, list[Mention]] = defaultdict(list)
        for doc, m in self._mentions.get(entity_id, []):
            per_doc[doc.id].append(m)
        mentioned = []
        for doc_id, ms in per_doc.items():
            ms.sort(key=lambda m: (m.start, m.end))
            mentioned.append(
                EntityMentions(
                    document=self.view.document(doc_id),
                    event=self.event_ref(self.view.event_id_of(doc_id)),
                    count=len(ms),
                    citations=tuple(
                        self._citation(doc_id, m.start, m.end) for m in ms[:MENTION_CITATIONS]
                    ),
                )
            )
        mentioned.sort(
            key=lambda m: _date_key(m.document.published or m.document.date, m.document.id)
        )
        return EntityPage(
            entity=self._refs[entity_id],
            aliases=tuple(sorted(set(entity.aliases) - {entity.name})),
            said=tuple(said),
            mentioned_in=tuple(mentioned),
        )
