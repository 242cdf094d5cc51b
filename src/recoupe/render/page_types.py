"""What each page of the dossier shows, as frozen dataclasses.

One object per page: the HTML templates render it, the static site and the server
write it as the page's JSON download, and the web API returns it (its OpenAPI schema is
derived from these classes). ``dossier.Dossier`` builds them from a ``CorpusView``.
"""

from __future__ import annotations

from dataclasses import dataclass

from recoupe.render.view_types import (
    Citation,
    DocView,
    EventView,
    Evidence,
    QuoteView,
    StoryView,
)


@dataclass(frozen=True, slots=True)
class SummarySentence:
    """A sentence of an extractive summary, with the passage it is taken from."""

    text: str
    citation: Citation


@dataclass(frozen=True, slots=True)
class TimelineEntry:
    """A dated item: an event of a story, an article, a dated live-blog post."""

    when: str | None  # ISO at its precision: 2025-05-06, 2025-05-06T07:50
    precision: str | None
    kind: str  # "event" | "article" | "live post" | "reprint"
    title: str
    outlet: str | None = None
    doc_id: str | None = None
    event_id: str | None = None


@dataclass(frozen=True, slots=True)
class CoverageCell:
    """What one outlet reported of one fact: its figures, and the first passage."""

    outlet: str
    figures: tuple[str, ...]
    citation: Citation | None


@dataclass(frozen=True, slots=True)
class CoverageRow:
    fact_id: str
    statement: str
    status: str
    cells: tuple[CoverageCell, ...]  # one per outlet of EventPage.coverage_outlets


@dataclass(frozen=True, slots=True)
class EventRef:
    id: str
    title: str
    date: str | None
    story_id: str | None = None
    story_title: str | None = None


@dataclass(frozen=True, slots=True)
class FramingTerm:
    """A loaded term (or words in scare quotes) one outlet used about an event."""

    term: str
    family: str  # the lexicon's family ("war_name"...), or "scare_quote"
    stance: str  # what choosing it signals, from data/framing_terms.tsv
    count: int
    citation: Citation  # its first passage


@dataclass(frozen=True, slots=True)
class FramingRow:
    outlet: str
    terms: tuple[FramingTerm, ...]


@dataclass(frozen=True, slots=True)
class EventPage:
    event: EventView
    story: EventRef | None  # the story it belongs to (id and title only)
    summary: tuple[SummarySentence, ...]
    timeline: tuple[TimelineEntry, ...]
    coverage_outlets: tuple[str, ...]
    coverage: tuple[CoverageRow, ...]
    framing: tuple[FramingRow, ...] = ()


@dataclass(frozen=True, slots=True)
class StoryPage:
    story: StoryView
    summary: tuple[SummarySentence, ...]
    timeline: tuple[TimelineEntry, ...]


@dataclass(frozen=True, slots=True)
class EventRow:
    """An event as the home page lists it: counts, not contents."""

    id: str
    title: str
    date: str | None
    documents: int
    outlets: tuple[str, ...]
    languages: tuple[str, ...]
    facts: int
    contradicted: int


@dataclass(frozen=True, slots=True)
class StoryRow:
    id: str
    title: str
    events: tuple[EventRow, ...]
    documents: int
    outlets: tuple[str, ...]
    facts: int
    contradicted: int
    first: str | None
    last: str | None


@dataclass(frozen=True, slots=True)
class IndexFilter:
    """The home page's filters; a story keeps the events with at least one document
    that passes all of them."""

    since: str | None = None  # YYYY-MM-DD, inclusive
    until: str | None = None  # YYYY-MM-DD, inclusive
    outlet: str | None = None
    language: str | None = None

    @property
    def active(self) -> bool:
        return any((self.since, self.until, self.outlet, self.language))


@dataclass(frozen=True, slots=True)
class IndexPage:
    stories: tuple[StoryRow, ...]
    unfiled: tuple[EventRow, ...]
    document_count: int
    filters: IndexFilter
    outlets: tuple[str, ...]  # every outlet of the store, for the filter's choices
    languages: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class RemovedView:
    reason: str
    start: int  # into the raw input (for HTML, the extracted text before cleaning)
    end: int
    preview: str
    truncated: bool


@dataclass(frozen=True, slots=True)
class MentionView:
    start: int
    end: int
    text: str
    label: str  # PER, LOC, ORG, MISC
    entity_id: str | None


@dataclass(frozen=True, slots=True)
class EntityRef:
    """An entity with its counts across the store."""

    id: str
    name: str
    type: str
    documents: int
    mentions: int
    quotes: int


@dataclass(frozen=True, slots=True)
class DocumentPage:
    doc: DocView
    text: str  # the cleaned text every span points into
    event: EventRef | None
    parent: DocView | None
    children: tuple[DocView, ...]
    copy_of: DocView | None
    quotes: tuple[QuoteView, ...]
    claims: tuple[Evidence, ...]  # every claim of the document, as the facts show them
    mentions: tuple[MentionView, ...]
    entities: tuple[EntityRef, ...]  # the corpus entities it mentions, most mentioned first
    removed: tuple[RemovedView, ...]


@dataclass(frozen=True, slots=True)
class EntityQuotes:
    """What an entity said within one event (or outside any, when ``event`` is None)."""

    event: EventRef | None
    quotes: tuple[QuoteView, ...]


@dataclass(frozen=True, slots=True)
class EntityMentions:
    """One document that mentions an entity: how often, and the first passages."""

    document: DocView
    event: EventRef | None
    count: int
    citations: tuple[Citation, ...]


@dataclass(frozen=True, slots=True)
class EntityPage:
    entity: EntityRef
    aliases: tuple[str, ...]
    said: tuple[EntityQuotes, ...]
    mentioned_in: tuple[EntityMentions, ...]


@dataclass(frozen=True, slots=True)
class EntitiesPage:
    entities: tuple[EntityRef, ...]
