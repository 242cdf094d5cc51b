"""The JSON export: a contract (see DESIGN.md, "The JSON export").

Tools outside the package read these keys. Keys may be added; a contract key is never
renamed or dropped without a version bump. Every list is sorted, so two exports of one
store are byte-identical. The schema ships as ``recoupe/schemas/export.schema.json``.
"""

from __future__ import annotations

import functools
import json
import logging
import math
import re
from importlib import resources
from typing import Any

from recoupe.model import (
    FACT_STATUSES,
    Claim,
    Corpus,
    DateValue,
    Document,
    Quote,
    Rejection,
    TimeExpression,
)
from recoupe.render.view import event_of_documents

log = logging.getLogger(__name__)

_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
_STATUS_RANK = {status: rank for rank, status in enumerate(FACT_STATUSES)}


def export_dict(
    corpus: Corpus, version: str, *, rejections: list[Rejection] | None = None
) -> dict[str, Any]:
    """The whole corpus as the export contract's dict (plain JSON types only)."""
    event_of = event_of_documents(corpus)
    docs = [corpus.documents[i] for i in sorted(corpus.documents)]
    outlets_of_event = {
        e.id: sorted(
            {
                corpus.documents[i].meta.outlet or ""
                for i in e.document_ids
                if i in corpus.documents and corpus.documents[i].meta.outlet
            }
        )
        for e in corpus.events
    }
    event_dates = {e.id: e.date or "~" for e in corpus.events}
    return {
        "recoupe_version": version,
        "documents": [_document(d, event_of.get(d.id)) for d in docs],
        "events": [
            {
                "id": e.id,
                "title": e.title,
                "date": _date(e.date, f"event {e.id}"),
                "story": e.story_id,
                "documents": sorted(set(e.document_ids)),
                "document_count": len(set(e.document_ids)),
                "outlets": outlets_of_event[e.id],
            }
            for e in sorted(corpus.events, key=lambda e: (e.date or "~", e.id))
        ],
        "stories": [
            {
                "id": s.id,
                "title": s.title,
                "events": sorted(set(s.event_ids), key=lambda i: (event_dates.get(i, "~"), i)),
            }
            for s in sorted(corpus.stories, key=lambda s: s.id)
        ],
        "entities": [
            {"id": e.id, "name": e.name, "type": e.type, "aliases": sorted(set(e.aliases))}
            for e in sorted(corpus.entities, key=lambda e: e.id)
        ],
        "quotes": [
            _quote(d, q) for d in docs for q in sorted(d.quotes, key=lambda q: _span_key(q))
        ],
        "claims": [
            _claim(d, c) for d in docs for c in sorted(d.claims, key=lambda c: _span_key(c))
        ],
        "facts": [
            {
                "id": f.id,
                "event": f.event_id,
                "statement": f.statement,
                "status": f.status,
                "claims": sorted(set(f.claim_ids)),
                "independent_sources": f.independent_sources,
                "outlets": sorted(set(f.outlets)),
                "note": f.note,
            }
            for f in sorted(
                corpus.facts, key=lambda f: (f.event_id, _STATUS_RANK.get(f.status, 9), f.id)
            )
        ],
        "consistency": _consistency(docs),
        "framing": [
            {
                "event": u.event_id,
                "outlet": u.outlet,
                "term": u.term,
                "family": u.family,
                "stance": u.stance,
                "count": u.count,
                "citations": [
                    {"document": c.document_id, "start": c.start, "end": c.end}
                    for c in sorted(u.citations, key=lambda c: (c.document_id, c.start, c.end))
                ],
            }
            for u in sorted(corpus.framing, key=lambda u: (u.event_id, u.outlet, u.family, u.term))
        ],
        "quote_groups": [
            {"id": g.id, "speaker": g.speaker, "quotes": sorted(set(g.quote_ids))}
            for g in sorted(corpus.quote_groups, key=lambda g: g.id)
        ],
        "rejections": [
            {
                "source": r.source,
                "stage": r.stage,
                "reason": r.reason,
                "detail": r.detail,
                "document": r.document_id,
            }
            for r in sorted(
                rejections or [],
                key=lambda r: (r.source, r.stage, r.reason, r.detail, r.document_id or ""),
            )
        ],
    }


def export_json(corpus: Corpus, version: str, *, rejections: list[Rejection] | None = None) -> str:
    """The export as JSON text (UTF-8 characters kept, 2-space indent, trailing newline)."""
    data = export_dict(corpus, version, rejections=rejections)
    return json.dumps(data, sort_keys=False, ensure_ascii=False, indent=2) + "\n"


@functools.cache
def export_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) the export follows, shipped in the package."""
    text = resources.files("recoupe").joinpath("schemas/export.schema.json").read_text("utf-8")
    schema: dict[str, Any] = json.loads(text)
    return schema


def validate_export(data: dict[str, Any]) -> None:
    """Raise ``jsonschema.ValidationError`` (the most relevant error) when ``data`` breaks
    the export contract. Pure-Python jsonschema: about 1.3 s per 1,000 documents here."""
    import jsonschema

    error = jsonschema.exceptions.best_match(_validator().iter_errors(data))
    if error is not None:
        raise error


@functools.cache
def _validator() -> Any:
    import jsonschema

    schema = export_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def _document(doc: Document, event_id: str | None) -> dict[str, Any]:
    m = doc.meta
    return {
        "id": doc.id,
        "parent": doc.parent_id,
        "source": doc.source,
        "outlet": m.outlet,
        "title": m.title,
        "language": m.language,
        "published": _published(m.published, doc.id),
        "bylines": list(m.bylines),
        "duplicate_of": doc.duplicate_of,
        "event": None if doc.is_container else event_id,
        "text": doc.text,
        # Extra keys (not in the contract, free to grow):
        "url": m.url,
        "format": doc.format,
        "is_container": doc.is_container,
        "agencies": list(m.agencies),
        "published_precision": m.published.precision if m.published else None,
        "published_iso": m.published.iso if m.published else None,
        "removed": len(doc.removed),
        "dates": [_time_expression(t, doc.id) for t in doc.timex],
        "machine_translated": m.extra.get("machine_translated") == "likely",
        "translation_evidence": _evidence(m.extra.get("translation_evidence")),
        # dedup.group: how it relates to its original (copy, contains, contained_in,
        # translation) and the origin group it counts in as one source (None: its own).
        "duplicate_kind": m.extra.get("duplicate_kind"),
        "origin_group": m.extra.get("origin_group"),
    }


def _evidence(joined: str | None) -> list[str]:
    return [piece for piece in joined.split(" | ") if piece] if joined else []


def _time_expression(t: TimeExpression, doc_id: str) -> dict[str, Any]:
    return {
        "start": t.start,
        "end": t.end,
        "text": t.text,
        "date": _date(t.iso, f"document {doc_id}, date {t.text!r}"),
        "precision": "day" if t.precision == "minute" else t.precision,  # as "date" shows
        "basis": t.basis,
    }


def _published(value: DateValue | None, doc_id: str) -> str | None:
    return _date(value.date, f"document {doc_id}") if value else None


def _date(value: str | None, where: str) -> str | None:
    """An ISO date at the precision known, never the time. A malformed one is dropped
    (and logged) rather than breaking the export of the whole store."""
    if not value:
        return None
    day = value[:10]
    if _DATE.match(day):
        return day
    log.warning("%s: date %r is not YYYY, YYYY-MM or YYYY-MM-DD; exported as null", where, value)
    return None


def _span_key(item: Quote | Claim) -> tuple[int, int, str]:
    return (item.start, item.end, item.id)


def _number(value: float | None) -> float | int | None:
    """Whole numbers as ints (5, not 5.0); NaN and infinities (not JSON) as null."""
    if value is None or not math.isfinite(value):
        return None
    return int(value) if float(value).is_integer() else value


def _quote(doc: Document, q: Quote) -> dict[str, Any]:
    return {
        "id": q.id,
        "document": doc.id,
        "text": q.text,
        "direct": q.direct,
        "speaker": q.speaker,
        "entity": q.entity_id,
        "cue": q.cue,
        "group": q.group_id,
        "start": q.start,
        "end": q.end,
        "speaker_start": q.speaker_start,
        "speaker_end": q.speaker_end,
    }


def _claim(doc: Document, c: Claim) -> dict[str, Any]:
    return {
        "id": c.id,
        "document": doc.id,
        "text": c.text,
        "value": _number(c.value),
        "unit": c.unit,
        "counted": c.counted,
        "attributed_to": c.attributed_to,
        "fact": c.fact_id,
        "start": c.start,
        "end": c.end,
        "value_max": _number(c.value_max),
        "qualifier": c.qualifier,
        "hedged": c.hedged,
        "predicate": c.predicate,
        "frame": c.frame,
        "part_of": c.part_of,
        "conflicts_with": c.conflicts_with,
        "consistency": c.consistency,
    }


def _consistency(docs: list[Document]) -> list[dict[str, Any]]:
    """Per-document findings of internal consistency (check/facts.py leaves them on the
    claims): a total and its breakdown, a text giving two values for one thing."""
    out: list[dict[str, Any]] = []
    for doc in docs:
        parts: dict[str, list[str]] = {}
        for c in doc.claims:
            if c.part_of:
                parts.setdefault(c.part_of, []).append(c.id)
        for c in sorted(doc.claims, key=lambda c: _span_key(c)):
            if c.id in parts and c.consistency:
                out.append(
                    {
                        "document": doc.id,
                        "kind": "breakdown",
                        "claims": [c.id, *sorted(parts[c.id])],
                        "consistent": c.consistency.startswith("breakdown adds up"),
                        "note": c.consistency,
                    }
                )
            elif c.conflicts_with and c.consistency:
                out.append(
                    {
                        "document": doc.id,
                        "kind": "two_values",
                        "claims": [c.id, c.conflicts_with],
                        "consistent": False,
                        "note": c.consistency,
                    }
                )
    return out
