"""The view model's types: what a dossier shows, as plain frozen dataclasses.

``view.CorpusView`` builds them from a ``Corpus``; Markdown and HTML render them.
Nothing here formats text.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from recoupe.model import FACT_STATUSES, Claim, Quote

UNKNOWN_OUTLET = "unknown outlet"
UNTITLED = "untitled"
# Order of facts in a dossier: what a reader must look at first (contradictions) comes first.
STATUS_RANK: dict[str, int] = {status: rank for rank, status in enumerate(FACT_STATUSES)}
STATUS_LABEL: dict[str, str] = {
    "contradicted": "Contradicted",
    "party_claim": "Party claim",
    "corroborated": "Corroborated",
    "single_source": "Single source",
}


@dataclass(frozen=True, slots=True)
class Citation:
    """A passage of a document: ``[start, end)`` into its cleaned text."""

    doc_id: str
    outlet: str
    title: str
    start: int
    end: int

    @property
    def anchor(self) -> str:
        """The id of the ``<mark>`` around the passage on the document page."""
        return f"c-{self.start}-{self.end}"

    @property
    def label(self) -> str:
        return f"{self.outlet} — {self.title}, doc {self.doc_id} §{self.start}-{self.end}"


@dataclass(frozen=True, slots=True)
class DocView:
    id: str
    outlet: str
    title: str
    date: str | None  # YYYY, YYYY-MM or YYYY-MM-DD
    precision: str | None
    language: str | None
    url: str | None
    source: str
    bylines: tuple[str, ...]
    agencies: tuple[str, ...]
    parent_id: str | None
    is_container: bool
    duplicate_of: str | None
    # Outlets (and ids) of the documents marked as near-duplicates of this one.
    also_published_by: tuple[tuple[str, str], ...] = ()
    # How it descends from its origin (dedup.group): "copy", "contains", "contained_in",
    # "translation", or None for an original.
    relation: str | None = None
    # Why the page looks machine-translated ("translated_code: fonction () {"), or ().
    translation_evidence: tuple[str, ...] = ()
    # Dates the text names, resolved: (as written, ISO date at its precision or None).
    time_expressions: tuple[tuple[str, str | None], ...] = ()
    # The publication date as stored, time of day included when known (timelines).
    published: str | None = None


@dataclass(frozen=True, slots=True)
class Evidence:
    """One claim supporting (or contradicting) a fact, as one outlet stated it."""

    claim_id: str
    outlet: str
    text: str
    value: float | None
    value_max: float | None
    qualifier: str | None
    unit: str | None
    attributed_to: str | None
    hedged: bool
    citation: Citation

    @classmethod
    def of(cls, claim: Claim, outlet: str, citation: Citation) -> Evidence:
        return cls(
            claim_id=claim.id,
            outlet=outlet,
            text=claim.text,
            value=claim.value,
            value_max=claim.value_max,
            qualifier=claim.qualifier,
            unit=claim.unit,
            attributed_to=claim.attributed_to,
            hedged=claim.hedged,
            citation=citation,
        )

    @property
    def figure(self) -> str | None:
        """The figure as a reader writes it: "plus de 12–15 km", or None."""
        if self.value is None:
            return None
        text = f"{self.value:g}"
        if self.value_max is not None:
            text += f"–{self.value_max:g}"
        if self.qualifier:
            text = f"{self.qualifier} {text}"
        return f"{text} {self.unit}" if self.unit else text


@dataclass(frozen=True, slots=True)
class FactView:
    id: str
    statement: str
    status: str
    note: str
    independent_sources: int
    outlets: tuple[str, ...]
    evidence: tuple[Evidence, ...]

    @property
    def status_label(self) -> str:
        return STATUS_LABEL.get(self.status, self.status)

    def evidence_by_outlet(self) -> list[tuple[str, list[Evidence]]]:
        grouped: dict[str, list[Evidence]] = defaultdict(list)
        for ev in self.evidence:
            grouped[ev.outlet].append(ev)
        return sorted(grouped.items())


@dataclass(frozen=True, slots=True)
class QuoteView:
    id: str
    text: str
    direct: bool
    speaker: str | None
    cue: str | None
    outlet: str
    group_id: str | None
    citation: Citation

    @classmethod
    def of(cls, quote: Quote, outlet: str, citation: Citation) -> QuoteView:
        return cls(
            quote.id,
            quote.text,
            quote.direct,
            quote.speaker,
            quote.cue,
            outlet,
            quote.group_id,
            citation,
        )


@dataclass(frozen=True, slots=True)
class Utterance:
    """One thing said: a single quote, or a quote group (the same words in several
    outlets or languages, shown side by side)."""

    group_id: str | None
    quotes: tuple[QuoteView, ...]

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(sorted({q.outlet for q in self.quotes}))


@dataclass(frozen=True, slots=True)
class SpeakerQuotes:
    speaker: str  # "" when nobody could be attributed
    utterances: tuple[Utterance, ...]
    entity_id: str | None = None  # the corpus entity of the speaker, when linked

    @property
    def quote_count(self) -> int:
        return sum(len(u.quotes) for u in self.utterances)


@dataclass(frozen=True, slots=True)
class SourceEntry:
    """An original article and the documents that descend from it: reprints, pages that
    embed it, cut-down copies, translations (each DocView says which in ``relation``)."""

    original: DocView
    copies: tuple[DocView, ...]


@dataclass(frozen=True, slots=True)
class EventView:
    id: str
    title: str
    date: str | None
    story_id: str | None
    documents: tuple[DocView, ...]
    facts: tuple[FactView, ...]
    speakers: tuple[SpeakerQuotes, ...]
    sources: tuple[SourceEntry, ...]

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(sorted({d.outlet for d in self.documents}))

    @property
    def contradicted_count(self) -> int:
        return sum(1 for f in self.facts if f.status == "contradicted")


@dataclass(frozen=True, slots=True)
class StoryView:
    id: str
    title: str
    events: tuple[EventView, ...]

    @property
    def document_count(self) -> int:
        return len({d.id for e in self.events for d in e.documents})

    @property
    def outlets(self) -> tuple[str, ...]:
        return tuple(sorted({o for e in self.events for o in e.outlets}))

    @property
    def fact_count(self) -> int:
        return sum(len(e.facts) for e in self.events)

    @property
    def contradicted_count(self) -> int:
        return sum(e.contradicted_count for e in self.events)
