"""Event and story clustering on rpm2-fr-dev: B-cubed precision/recall/F1.

200 French articles, 10 topics x 2 periods about one month apart. Story level = topic,
event level = topic + period. The documents carry no dates, so the main score is on text
alone; a second run gives the C1 documents one date and the C2 documents a date 30 days
later (what real articles would carry), to show what the stage's time window adds.
The documents go through the pipeline's own stages (clean, language, spaCy, events).
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from recoupe.config import Config
from recoupe.evaluate import require
from recoupe.model import Corpus, DateValue, Document, stable_id


def _documents(
    folder: Path, limit: int | None
) -> tuple[list[Document], dict[str, str], dict[str, str]]:
    gold = json.loads((folder / "gold_clusters.json").read_text(encoding="utf-8"))
    gold = sorted(gold, key=lambda g: g["file"])
    if limit is not None:
        gold = gold[:limit]
    docs, topic, period = [], {}, {}
    for g in gold:
        raw = (folder / "documents" / g["file"]).read_text(encoding="utf-8-sig")
        raw = raw.replace("\r\n", "\n")
        title, _, body = raw.partition("\n")
        doc = Document(
            id=stable_id(g["file"], prefix="d-"), source=g["file"], raw=body, format="txt"
        )
        doc.meta.title = title.strip()
        docs.append(doc)
        topic[doc.id] = g["topic"]
        period[doc.id] = g["cluster"]
    return docs, topic, period


def evaluate(data_dir: Path, limit: int | None = None) -> dict[str, Any]:
    from recoupe.pipeline import Pipeline, build_stages
    from recoupe.stories.bcubed import bcubed

    folder = require(data_dir / "rpm2-fr-dev", "rpm2-fr-dev")
    docs, topic, period = _documents(folder, limit)
    config = Config()
    doc_stages, corpus_stages = build_stages(config)
    wanted = {"clean.boilerplate", "meta.dates", "meta.language", "nlp.spacy"}
    events_stage = next(s for s in corpus_stages if s.name == "stories.events")
    pipeline = Pipeline([s for s in doc_stages if s.name in wanted], [events_stage])
    started = time.perf_counter()
    result = pipeline.process(docs)
    analysed = {d.id: d for d in result.leaves}
    nlp_seconds = time.perf_counter() - started

    out: dict[str, Any] = {
        "metric": "B-cubed precision/recall/F1 (story = topic, event = topic + period)",
        "documents": len(analysed),
        "rejected": len(result.rejections),
        "thresholds": {
            "event": config.stories.event_threshold,
            "story": config.stories.story_threshold,
        },
    }
    for variant in ("text_only", "with_period_dates"):
        for doc in analysed.values():
            if variant == "with_period_dates":
                day = "2008-07-01" if period[doc.id].endswith("C1") else "2008-07-31"
                doc.meta.published = DateValue(day, "day", "eval")
            else:
                doc.meta.published = None
        corpus = Corpus(documents=dict(analysed), new_ids=set(analysed))
        started = time.perf_counter()
        pipeline.run_corpus(corpus)
        seconds = time.perf_counter() - started
        event_of = {d: e.id for e in corpus.events for d in e.document_ids}
        story_of = {d: e.story_id or e.id for e in corpus.events for d in e.document_ids}
        ev = bcubed(event_of, {d: period[d] for d in event_of})
        st = bcubed(story_of, {d: topic[d] for d in story_of})
        out[variant] = {
            "event": {
                "precision": round(ev.precision, 4),
                "recall": round(ev.recall, 4),
                "f1": round(ev.f1, 4),
                "clusters": len(set(event_of.values())),
            },
            "story": {
                "precision": round(st.precision, 4),
                "recall": round(st.recall, 4),
                "f1": round(st.f1, 4),
                "clusters": len(set(story_of.values())),
            },
            "clustering_seconds": round(seconds, 2),
        }
    out["nlp_seconds"] = round(nlp_seconds, 1)
    return out
