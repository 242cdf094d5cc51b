"""Document analysis <-> JSON for the store. Tokens are not persisted (they are rebuilt
by nlp when a document is reprocessed), everything else round-trips exactly."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from recoupe.model import (
    Claim,
    DateValue,
    Document,
    Mention,
    Meta,
    Quote,
    Removed,
    Span,
    TimeExpression,
)


def meta_to_dict(meta: Meta) -> dict[str, Any]:
    return dataclasses.asdict(meta)


def meta_from_dict(data: dict[str, Any]) -> Meta:
    published = data.get("published")
    return Meta(
        url=data.get("url"),
        title=data.get("title"),
        outlet=data.get("outlet"),
        bylines=list(data.get("bylines") or []),
        agencies=list(data.get("agencies") or []),
        published=DateValue(**published) if published else None,
        language=data.get("language"),
        extra=dict(data.get("extra") or {}),
    )


def analysis_to_json(doc: Document) -> str:
    """Everything about a document beyond its columns, as compact JSON."""
    data = {
        "meta": meta_to_dict(doc.meta),
        "removed": [dataclasses.asdict(r) for r in doc.removed],
        "sentences": [[s.start, s.end] for s in doc.sentences],
        "lemmas": doc.lemmas,
        "entities": [dataclasses.asdict(m) for m in doc.entities],
        "quotes": [dataclasses.asdict(q) for q in doc.quotes],
        "claims": [dataclasses.asdict(c) for c in doc.claims],
        "timex": [dataclasses.asdict(t) for t in doc.timex],
        "fingerprint": doc.fingerprint,
        "stage_versions": doc.stage_versions,
    }
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"))


def document_from_row(row: dict[str, Any]) -> Document:
    data = json.loads(row["analysis"])
    return Document(
        id=row["id"],
        source=row["source"],
        raw=row["raw"],
        format=row["format"],
        text=row["text"],
        meta=meta_from_dict(data["meta"]),
        parent_id=row["parent_id"],
        is_container=bool(row["is_container"]),
        removed=[Removed(**r) for r in data.get("removed", [])],
        sentences=[Span(s, e) for s, e in data.get("sentences", [])],
        lemmas=list(data.get("lemmas", [])),
        entities=[Mention(**m) for m in data.get("entities", [])],
        quotes=[Quote(**q) for q in data.get("quotes", [])],
        claims=[Claim(**c) for c in data.get("claims", [])],
        # "timex" is absent from rows stored before meta.timex existed: they load with none.
        timex=[TimeExpression(**t) for t in data.get("timex", [])],
        fingerprint=list(data.get("fingerprint", [])),
        duplicate_of=row["duplicate_of"],
        stage_versions=dict(data.get("stage_versions", {})),
    )
