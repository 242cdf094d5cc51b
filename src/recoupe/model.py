"""The data model: what flows between stages and what the store keeps.

Every span is a half-open character range ``[start, end)`` into ``Document.text``
(or, for ``Removed``, into ``Document.raw``). ``Document.text`` is written once, by
``clean/``, and never changed afterwards: that is how a dossier cites the exact passage.

Document-level analysis (sentences, tokens, entities, quotes, claims) lives on the
``Document``. Corpus-level results (duplicate groups, events, stories, canonical
entities, facts, quote groups) live on ``Corpus``, which corpus stages fill.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from typing import Literal

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


@dataclass(slots=True)
class Corpus:
    """What corpus stages read and fill. ``new_ids`` are the documents added by this run."""

    documents: dict[str, Document]
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

    def analysed(self) -> list[Document]:
        """Documents that carry analysis: not split containers, in a stable order."""
        return [d for _, d in sorted(self.documents.items()) if not d.is_container]

    def originals(self) -> list[Document]:
        """Analysed documents that are not near-duplicates of another."""
        return [d for d in self.analysed() if d.duplicate_of is None]
