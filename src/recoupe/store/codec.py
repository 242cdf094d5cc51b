"""Document analysis <-> JSON for the store. Tokens are not persisted (they are rebuilt
by nlp when a document is reprocessed), everything else round-trips exactly."""

from __future__ import annotations

import base64
import dataclasses
import json
import struct
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


def vector_to_text(values: list[float]) -> str:
    """An embedding as base64 of little-endian float16: 512 values in 1,368 characters
    instead of ~4 KB of JSON numbers; float16 keeps cosines within ~1e-3."""
    return base64.b64encode(struct.pack(f"<{len(values)}e", *values)).decode("ascii")


def vector_from_text(text: str) -> list[float]:
    raw = base64.b64decode(text) if text else b""
    return list(struct.unpack(f"<{len(raw) // 2}e", raw))


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
        "embedding": vector_to_text(doc.embedding),
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
        embedding=vector_from_text(data.get("embedding", "")),
        duplicate_of=row["duplicate_of"],
        stage_versions=dict(data.get("stage_versions", {})),
    )
