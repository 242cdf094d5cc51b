"""The data model: what flows between stages and what the store keeps.

Every span is a half-open character range ``[start, end)`` into ``Document.text``
(or, for ``Removed``, into ``Document.raw``). ``Document.text`` is written once, by
``clean/``, and never changed afterwards: that is how a dossier cites the exact passage.

Document-level analysis (sentences, tokens, entities, quotes, claims) lives on the
``Document``. Corpus-level results (duplicate groups, events, stories, canonical
entities, facts, quote groups) live on ``Corpus``, which corpus stages fill.
"""

from __future__ import annotations

import bisect
import hashlib
from collections.abc import Callable, Iterable, Iterator, Mapping, MutableMapping
from dataclasses import dataclass, field
from datetime import date as _date
from typing import Literal, Protocol

Precision = Literal["year", "month", "day", "minute"]
FactStatus = Literal["corroborated", "contradicted", "single_source", "party_claim"]
FACT_STATUSES: tuple[FactStatus, ...] = (
    "contradicted",
    "party_claim",
    "corroborated",
    "single_source",
)


def stable_id(*parts: str, prefix: str = "", length: int = 16) -> str:
    """A short, stable id: the same parts always give the same id (re-runs upsert)."""
    digest = hashlib.sha256("\x1f".join(parts).encode("utf-8")).hexdigest()[:length]
    return f"{prefix}{digest}"


@dataclass(slots=True)
class DateValue:
    """A date known at some precision.

    ``iso`` is ``YYYY``, ``YYYY-MM``, ``YYYY-MM-DD`` or ``YYYY-MM-DDTHH:MM`` to match
    ``precision``; ``source`` says where it came from ("header", "url", "meta", "text"...).
    """

    iso: str
    precision: Precision
    source: str = ""

    @property
    def date(self) -> str:
        """The date part, at day precision at most (the export's format)."""
        return self.iso[:10]

    def days(self) -> tuple[int, int] | None:
        """The days (proleptic ordinals, inclusive) the date may stand for: one day at day
        precision, the whole month or year otherwise; None when unreadable."""
        try:
            year = int(self.iso[:4])
            if self.precision == "year":
                return _date(year, 1, 1).toordinal(), _date(year, 12, 31).toordinal()
            month = int(self.iso[5:7])
            if self.precision == "month":
                first = _date(year, month, 1).toordinal()
                following = _date(year + month // 12, month % 12 + 1, 1).toordinal()
                return first, following - 1
            day = _date(year, month, int(self.iso[8:10])).toordinal()
        except ValueError:
            return None
        return day, day


@dataclass(slots=True)
class Meta:
    url: str | None = None
    title: str | None = None
    outlet: str | None = None
    bylines: list[str] = field(default_factory=list)
    agencies: list[str] = field(default_factory=list)  # wire agencies credited: AFP, Reuters...
    published: DateValue | None = None
    language: str | None = None  # ISO 639-1
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(slots=True)
class Removed:
    """A piece of the raw input that cleaning removed, and why."""

    start: int  # into Document.raw (for HTML: into the extracted text before cleaning)
    end: int
    reason: str
    text: str


@dataclass(slots=True)
class TimeExpression:
    """A time expression in ``Document.text`` ("hier", "le 9 septembre", "juillet dernier")
    and the date it stands for, resolved against the document's own date.

    ``iso`` is at ``precision`` (None when it cannot be resolved); ``basis`` says how:
    "absolute" (written in full), "anchor" (from the document's date), "weekday" (the
    year implied by "jeudi 1er juin"), "unresolved". ``kind`` names the grammar rule.
    """

    start: int
    end: int
    text: str
    iso: str | None
    precision: Precision | None
    basis: str
    kind: str = ""


@dataclass(slots=True)
class Span:
    start: int
    end: int


@dataclass(slots=True)
class Token:
    """One token as nlp left it: enough for extract/ to work without spaCy."""

    start: int
    end: int
    lemma: str
    pos: str  # Universal POS: NOUN, VERB, PROPN, NUM...
    dep: str
    head: int  # index of the head token in Document.tokens
    ent: str = ""  # entity label when the token is inside an entity, else ""


@dataclass(slots=True)
class Mention:
    """A named-entity mention in the text."""

    start: int
    end: int
    text: str
    label: str  # PER, LOC, ORG, MISC
    canonical: str = ""  # canonical name within the document (filled by nlp)
    entity_id: str | None = None  # corpus entity (filled by a corpus stage)


@dataclass(slots=True)
class Quote:
    id: str
    start: int
    end: int
    text: str  # the quoted words, without the marks
    direct: bool
    speaker: str | None = None
    speaker_start: int | None = None
    speaker_end: int | None = None
    cue: str | None = None  # the speech verb's lemma: déclarer, affirmer, said...
    entity_id: str | None = None  # corpus entity of the speaker
    group_id: str | None = None  # corpus quote group


@dataclass(slots=True)
class Claim:
    """A checkable quantity stated in a document."""

    id: str
    start: int
    end: int
    text: str  # the sentence-level passage carrying the claim
    value: float | None
    value_max: float | None = None  # for ranges "12 à 15"
    qualifier: str | None = None  # "plus de", "environ", "jusqu'à"...
    unit: str | None = None  # "%", "km", "heure"...
    counted: str | None = None  # lemma of the noun it counts: soldat, drone, missile
    attributed_to: str | None = None
    hedged: bool = False
    fact_id: str | None = None
    # What happened to what is counted, by family (killed, injured, launched, destroyed...;
    # data/claim_heads.tsv), or the governing verb's lemma for a measure ("durer"); None
    # when the parse says nothing. Claims with different predicates are different facts.
    predicate: str | None = None
    frame: str | None = None  # "period" (en 24 heures) | "cumulative" (depuis le début)
    part_of: str | None = None  # id of the total this figure breaks down ("dont 255 ...")
    # Internal consistency (check/facts.py): the claim of the same document this one
    # disagrees with, and why; on a total, how its breakdown adds up.
    conflicts_with: str | None = None
    consistency: str | None = None


@dataclass(slots=True)
class Document:
    id: str
    source: str  # path, URL, "file.jsonl#L12", "warc://file#record"
    raw: str
    format: str  # "txt", "html", "jsonl", "stdin"
    text: str = ""
    meta: Meta = field(default_factory=Meta)
    parent_id: str | None = None
    is_container: bool = False  # a split page: its children carry the analysis
    removed: list[Removed] = field(default_factory=list)
    sentences: list[Span] = field(default_factory=list)
    tokens: list[Token] = field(default_factory=list)  # not persisted
    lemmas: list[str] = field(default_factory=list)  # content lemmas, for clustering
    entities: list[Mention] = field(default_factory=list)
    quotes: list[Quote] = field(default_factory=list)
    claims: list[Claim] = field(default_factory=list)
    timex: list[TimeExpression] = field(default_factory=list)  # dates in the text (meta.timex)
    fingerprint: list[int] = field(default_factory=list)  # MinHash hash values
    # Multilingual sentence embedding of the title and lead (dedup.embed), L2-normalised;
    # empty when not computed. Lets a French and an English text about one event meet.
    embedding: list[float] = field(default_factory=list)
    duplicate_of: str | None = None
    stage_versions: dict[str, int] = field(default_factory=dict)


@dataclass(slots=True)
class Rejection:
    """Why an input or a document did not make it through a stage."""

    source: str
    stage: str
    reason: str
    detail: str = ""
    document_id: str | None = None


@dataclass(slots=True)
class Entity:
    id: str
    name: str
    type: str
    aliases: list[str] = field(default_factory=list)


@dataclass(slots=True)
class Event:
    id: str
    title: str
    date: str | None
    document_ids: list[str]
    story_id: str | None = None


@dataclass(slots=True)
class Story:
    id: str
    title: str
    event_ids: list[str]


@dataclass(slots=True)
class QuoteGroup:
    id: str
    quote_ids: list[str]
    speaker: str | None = None


@dataclass(slots=True)
class Fact:
    id: str
    event_id: str
    statement: str
    status: FactStatus
    claim_ids: list[str]
    independent_sources: int
    outlets: list[str] = field(default_factory=list)
    note: str = ""  # why this status: "3 vs 5 dead", "every origin is a party"


@dataclass(slots=True)
class Citation:
    """A passage of a document: ``[start, end)`` into its ``text``."""

    document_id: str
    start: int
    end: int


@dataclass(slots=True)
class FramingUse:
    """How one outlet words one event: a loaded term from data/framing_terms.tsv it uses,
    or a term it puts in scare quotes (« neutralisé »), with every passage."""

    event_id: str
    outlet: str
    term: str  # the lexicon term, or the words in marks
    family: str  # the lexicon family ("war_name"...), or "scare_quote"
    stance: str  # what choosing it signals (the lexicon's note); "" for scare quotes
    count: int
    citations: list[Citation] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    """What a lazy corpus knows of a document without decoding it (the store's columns)."""

    language: str | None
    published: DateValue | None


class Catalog(Protocol):
    """What a store says of its analysed documents from its columns, without decoding one."""

    def ids(self) -> list[str]: ...

    def info(self, doc_id: str) -> DocumentInfo: ...

    def languages(self) -> set[str]: ...

    def dated_within(self, first: int, last: int, span_days: int) -> list[str]:
        """Ids of the documents whose date may fall within ``[first, last]`` (day
        ordinals), when their date spans at most ``span_days`` (a year-precise date is no
        evidence of nearness); undated ones are not listed."""
        ...

    def undated(self, span_days: int) -> list[str]:
        """Ids of the documents ``dated_within`` never lists: no date, or one spanning
        more than ``span_days``."""
        ...


class StoredEvents(Protocol):
    """The events and stories a store holds, read by key (a partial run's corpus loads
    none whole: ``Corpus.stored_events``). Each answer holds the keys it found."""

    def event_of(self, doc_ids: Iterable[str]) -> dict[str, str]:
        """Document id -> the id of the stored event holding it."""
        ...

    def events(self, event_ids: Iterable[str]) -> dict[str, Event]:
        """The stored events, members in their stored order."""
        ...

    def stories(self, story_ids: Iterable[str]) -> dict[str, Story]:
        """The stored stories, their events by (date, id) as ``stories.events`` lists them."""
        ...


class InfoCatalog:
    """A ``Catalog`` over an in-memory table of document infos."""

    def __init__(self, info: dict[str, DocumentInfo]) -> None:
        self._info = info
        self._by_day: list[tuple[int, int, str]] | None = None  # (first day, last day, id)
        self._span = 0

    def ids(self) -> list[str]:
        return sorted(self._info)

    def info(self, doc_id: str) -> DocumentInfo:
        return self._info[doc_id]

    def languages(self) -> set[str]:
        return {i.language for i in self._info.values() if i.language}

    def undated(self, span_days: int) -> list[str]:
        return sorted(
            doc_id
            for doc_id, info in self._info.items()
            if (days := info.published.days() if info.published else None) is None
            or days[1] - days[0] > span_days
        )

    def dated_within(self, first: int, last: int, span_days: int) -> list[str]:
        if self._by_day is None or self._span != span_days:
            rows = []
            for doc_id, info in self._info.items():
                days = info.published.days() if info.published else None
                if days is not None and days[1] - days[0] <= span_days:
                    rows.append((days[0], days[1], doc_id))
            self._by_day, self._span = sorted(rows), span_days
        # Dates spanning at most span_days start no earlier than first - span_days.
        at = bisect.bisect_left(self._by_day, (first - span_days, -1, ""))
        out = []
        for start, end, doc_id in self._by_day[at:]:
            if start > last:
                break
            if end >= first:
                out.append(doc_id)
        return sorted(out)


class Documents(MutableMapping[str, Document]):
    """A corpus's documents by id, decoded on first use.

    The store hands a run its ``Catalog`` (every id, and each document's language and
    date from its columns) and a loader; a stage that reads a document (``documents[i]``)
    decodes that one only, so adding one document to a store of 100,000 decodes the few
    the corpus stages look at, not the whole store. A stage can pick documents by date or
    language (``dated_within``, ``undated``, ``languages``) before decoding any. Iterating values or
    items decodes everything (in batches): a full pass is what it asks for. Iteration is
    in id order. Documents assigned or decoded stay in memory (``loaded()``), and that is
    all a store has to compare when it saves. The store's lazy corpus holds analysed
    documents only (no split container: no corpus stage reads one).
    """

    BATCH = 500  # ids per loader call when many are wanted (one SQL query each)

    def __init__(
        self,
        catalog: Catalog | dict[str, DocumentInfo],
        load: Callable[[list[str]], dict[str, Document]],
    ) -> None:
        self._catalog = InfoCatalog(catalog) if isinstance(catalog, dict) else catalog
        self._ids = self._catalog.ids()
        self._known = set(self._ids)
        self._loaded: dict[str, Document] = {}
        self._added: dict[str, Document] = {}  # assigned here, unknown to the catalog
        self._load = load

    def info(self, doc_id: str) -> DocumentInfo:
        doc = self._loaded.get(doc_id)
        if doc is not None:
            return DocumentInfo(doc.meta.language, doc.meta.published)
        return self._catalog.info(doc_id)

    def languages(self) -> set[str]:
        return self._catalog.languages() | {
            d.meta.language for d in self._added.values() if d.meta.language
        }

    def undated(self, span_days: int) -> list[str]:
        found = set(self._catalog.undated(span_days))
        for doc_id, doc in self._added.items():
            days = doc.meta.published.days() if doc.meta.published else None
            if days is None or days[1] - days[0] > span_days:
                found.add(doc_id)
        return sorted(d for d in found if d in self._known)

    def dated_within(self, first: int, last: int, span_days: int) -> list[str]:
        found = set(self._catalog.dated_within(first, last, span_days))
        for doc_id, doc in self._added.items():
            days = doc.meta.published.days() if doc.meta.published else None
            if days and days[1] - days[0] <= span_days and days[1] >= first and days[0] <= last:
                found.add(doc_id)
        return sorted(d for d in found if d in self._known)

    def __getitem__(self, doc_id: str) -> Document:
        doc = self._loaded.get(doc_id)
        if doc is None:
            if doc_id not in self._known:
                raise KeyError(doc_id)
            self.load([doc_id])
            doc = self._loaded[doc_id]
        return doc

    def __setitem__(self, doc_id: str, doc: Document) -> None:
        if doc_id not in self._known:
            self._known.add(doc_id)
            self._ids = sorted(self._known)
            self._added[doc_id] = doc
        self._loaded[doc_id] = doc

    def __delitem__(self, doc_id: str) -> None:
        self._known.remove(doc_id)
        self._ids.remove(doc_id)
        self._loaded.pop(doc_id, None)
        self._added.pop(doc_id, None)

    def __contains__(self, doc_id: object) -> bool:
        return doc_id in self._known

    def __iter__(self) -> Iterator[str]:
        return iter(list(self._ids))

    def __len__(self) -> int:
        return len(self._ids)

    def load(self, doc_ids: Iterable[str]) -> None:
        """Decode these documents now, in batches (no-op for those already decoded)."""
        wanted = [d for d in doc_ids if d in self._known and d not in self._loaded]
        for at in range(0, len(wanted), self.BATCH):
            batch = wanted[at : at + self.BATCH]
            found = self._load(batch)
            missing = [d for d in batch if d not in found]
            if missing:
                raise KeyError(f"the store has no document {missing[0]!r}")
            self._loaded.update(found)

    def values(self) -> list[Document]:  # type: ignore[override]
        self.load(self._ids)
        return [self._loaded[d] for d in self._ids]

    def items(self) -> list[tuple[str, Document]]:  # type: ignore[override]
        self.load(self._ids)
        return [(d, self._loaded[d]) for d in self._ids]

    def loaded(self) -> dict[str, Document]:
        """The documents decoded or assigned so far (the only ones a run can have changed)."""
        return dict(self._loaded)


class StateRows(Protocol):
    """A corpus stage's state kept as keyed rows (the store's stage_rows table) rather
    than one blob: a run that touches a few keys reads and writes a few rows, whatever
    the store's size. Writes are kept until the store saves the corpus (in the same
    transaction as the results); reads see them at once."""

    def get(self, keys: Iterable[str]) -> dict[str, bytes]:
        """The rows of those keys that exist."""
        ...

    def put(self, rows: Mapping[str, bytes]) -> None: ...

    def delete(self, keys: Iterable[str]) -> None: ...

    def clear(self) -> None:
        """Delete every row of the stage (a full pass writes its state again)."""
        ...

    def count(self, prefix: str = "") -> int:
        """How many rows have a key starting with ``prefix``."""
        ...


class MemoryRows:
    """``StateRows`` in memory: a corpus built without a store."""

    def __init__(self) -> None:
        self.rows: dict[str, bytes] = {}

    def get(self, keys: Iterable[str]) -> dict[str, bytes]:
        return {k: self.rows[k] for k in keys if k in self.rows}

    def put(self, rows: Mapping[str, bytes]) -> None:
        self.rows.update(rows)

    def delete(self, keys: Iterable[str]) -> None:
        for key in keys:
            self.rows.pop(key, None)

    def clear(self) -> None:
        self.rows.clear()

    def count(self, prefix: str = "") -> int:
        return sum(1 for k in self.rows if k.startswith(prefix))


@dataclass(slots=True)
class Scope:
    """What this run's corpus-level results cover.

    ``full`` (the default; a first run, a store whose documents were processed again, or
    any corpus built in memory): every document, and the corpus stages fill complete
    result lists. Otherwise the run only added documents to a store whose results are
    current, and the stages redo only what those documents reach:

    - ``events`` and ``stories``: ids of the events and stories whose members changed,
      as they were stored *and* as they are now (an id that is gone is in the set too).
      Facts and framing rows of these events, quote groups of these stories, and the
      event and story rows themselves are replaced by what the stages give now; every
      other stored row is kept as it is.
    - ``documents``: every document of those events and stories as they are now. Their
      corpus-level links (entity ids, role holders, quote groups, fact ids) are redone.

    ``stories.events`` fills the three sets (it knows what it moved); ``dedup.group`` tells
    it what it regrouped through ``Corpus.touched_ids``. A later stage that changes a
    document outside the scope calls ``Corpus.widen`` so the stages after it redo it too.
    ``entities_full``: the entity stage gave every entity (not only those the scope
    names), so the store replaces the whole entity table. ``entities_gone``: ids of
    stored entities no mention names any more (a lone surname merged into a full name):
    the store deletes them, and upserts the rows of ``Corpus.entities``.
    """

    full: bool = True
    events: set[str] = field(default_factory=set)
    stories: set[str] = field(default_factory=set)
    documents: set[str] = field(default_factory=set)
    entities_full: bool = False
    entities_gone: set[str] = field(default_factory=set)


@dataclass(slots=True)
class Corpus:
    """What corpus stages read and fill. ``new_ids`` are the documents added by this run.

    In a partial run (``scope.full`` false) ``documents`` decodes lazily, and ``entities``,
    ``facts``, ``quote_groups`` and ``framing`` start empty and hold, after the stages,
    only the rows of the scope (see ``Scope``). So do ``events`` and ``stories``: the
    stored ones are read by key (``stored_events``), and after ``stories.events`` the
    lists hold the scope's events and stories as they are now.
    """

    documents: MutableMapping[str, Document]
    new_ids: set[str] = field(default_factory=set)
    entities: list[Entity] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    quote_groups: list[QuoteGroup] = field(default_factory=list)
    facts: list[Fact] = field(default_factory=list)
    # Document id -> origin group id (dedup.group): documents descending from one original
    # (reprints, pages embedding it, translations) count as one source. Absent: own origin.
    origin_of: dict[str, str] = field(default_factory=dict)
    # Loaded terms and scare quotes per event and outlet (check/framing.py).
    framing: list[FramingUse] = field(default_factory=list)
    # Documents whose corpus-level relations (duplicate_of, origin group) a corpus stage
    # changed in this run, beyond ``new_ids``: a later stage redoes their part only.
    touched_ids: set[str] = field(default_factory=set)
    # Per corpus stage name: the state it keeps between runs (a fitted vocabulary, an LSH
    # index), as an opaque versioned blob the store saves and loads (stage_state table), so
    # that a new process adding one document neither refits nor rebuilds over the store.
    stage_state: dict[str, bytes] = field(default_factory=dict)
    scope: Scope = field(default_factory=Scope)
    # Per corpus stage name: its keyed state rows (``rows``); the store sets the factory.
    row_tables: dict[str, StateRows] = field(default_factory=dict, compare=False)
    row_factory: Callable[[str], StateRows] | None = field(default=None, compare=False)
    # A partial corpus's stored events and stories, read by key: ``events`` and ``stories``
    # then hold only the scope's (None: they are complete).
    stored_events: StoredEvents | None = field(default=None, compare=False)

    def rows(self, stage: str) -> StateRows:
        """The keyed state rows of a corpus stage (``StateRows``): the store's table, or
        rows in memory for a corpus built without one."""
        table = self.row_tables.get(stage)
        if table is None:
            table = self.row_factory(stage) if self.row_factory is not None else MemoryRows()
            self.row_tables[stage] = table
        return table

    def analysed(self) -> list[Document]:
        """Documents that carry analysis: not split containers, in a stable order. Decodes
        every document of a lazy corpus: a partial run's stages use ``in_scope``."""
        return [d for _, d in sorted(self.documents.items()) if not d.is_container]

    def leaves(self) -> Mapping[str, Document]:
        """The analysed documents by id (split containers aside), without decoding a lazy
        corpus (which holds no container)."""
        if isinstance(self.documents, Documents):
            return self.documents
        return {k: d for k, d in self.documents.items() if not d.is_container}

    def originals(self) -> list[Document]:
        """Analysed documents that are not near-duplicates of another."""
        return [d for d in self.analysed() if d.duplicate_of is None]

    def in_scope(self) -> list[Document]:
        """The analysed documents this run's check stages redo: all of them in a full run,
        else those of ``scope.documents`` (in id order)."""
        if self.scope.full:
            return self.analysed()
        ids = sorted(d for d in self.scope.documents if d in self.documents)
        self.preload(ids)
        return [d for i in ids if not (d := self.documents[i]).is_container]

    def preload(self, doc_ids: Iterable[str]) -> None:
        """Decode these documents of a lazy corpus now, in batches (one query for many,
        not one each when they are read); nothing for a corpus in memory."""
        if isinstance(self.documents, Documents):
            self.documents.load(sorted(doc_ids))

    def events_in_scope(self) -> list[Event]:
        """The events whose results this run redoes (every event in a full run)."""
        if self.scope.full:
            return list(self.events)
        return [e for e in self.events if e.id in self.scope.events]

    def in_no_event(self, doc_ids: Iterable[str]) -> set[str]:
        """Those of ``doc_ids`` no event holds (one pass over the events; none when
        ``doc_ids`` is empty, the usual partial run)."""
        wanted = set(doc_ids)
        if not wanted:
            return set()
        held = {d for e in self.events for d in e.document_ids if d in wanted}
        if self.stored_events is not None:
            # A stored event outside the scope is as it was; one in it was redone, and its
            # documents are in ``events`` now if an event still holds them.
            stored = self.stored_events.event_of(wanted - held)
            held |= {d for d, e in stored.items() if e not in self.scope.events}
        return wanted - held

    def _load_stored(self, doc_ids: set[str]) -> None:
        """Add to ``events`` and ``stories`` the stored events holding ``doc_ids`` (outside
        the scope: unchanged), the other events of their stories, and those stories."""
        stored = self.stored_events
        assert stored is not None
        held = {d for e in self.events for d in e.document_ids}
        have_events = {e.id for e in self.events}
        event_ids = {
            e
            for d, e in stored.event_of(doc_ids - held).items()
            if e not in self.scope.events and e not in have_events
        }
        found = stored.events(event_ids)
        story_ids = {e.story_id for e in found.values() if e.story_id}
        story_ids -= self.scope.stories | {s.id for s in self.stories}
        stories = stored.stories(story_ids)
        more = {e for s in stories.values() for e in s.event_ids} - have_events - found.keys()
        found.update(stored.events(more - self.scope.events))
        self.events = sorted([*self.events, *found.values()], key=lambda e: (e.date or "", e.id))
        self.stories = sorted([*self.stories, *stories.values()], key=lambda s: s.id)

    def widen(self, doc_ids: Iterable[str]) -> None:
        """Add documents a stage changed outside the scope, with their events and stories
        and every document of those, so that the stages after it redo them too."""
        if self.scope.full:
            return
        wanted = set(doc_ids) - self.scope.documents
        if not wanted:
            return
        if self.stored_events is not None:
            self._load_stored(wanted)
        events = [e for e in self.events if wanted & set(e.document_ids)]
        stories = {e.story_id for e in events if e.story_id}
        events += [e for e in self.events if e.story_id in stories]
        self.scope.events |= {e.id for e in events}
        self.scope.stories |= stories
        self.scope.documents |= wanted | {d for e in events for d in e.document_ids}
