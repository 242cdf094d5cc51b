"""Event and story clustering on rpm2-fr-dev: B-cubed precision/recall/F1.

200 French articles, 10 topics x 2 periods about one month apart. Story level = topic,
event level = topic + period. The documents carry no dates, so the main score is on text
alone; a second run gives the C1 documents one date and the C2 documents a date 30 days
later (what real articles would carry), to show what the stage's time window adds. A
third run dates each document the way ``recoupe run`` dates an undated file: by the
latest day its own text names (``meta.timex``, month precision; a weekday with a day and
month implies the latest such year, which for these 2008 articles is often a wrong one).
The documents go through the pipeline's own stages (clean, language, spaCy, embeddings,
events).

Order dependence: the events stage is incremental, so documents that arrive over several
runs may be clustered differently from one run. With the dated variant, the documents are
fed in ``ORDER_RUNS`` shuffled orders (fixed seeds), ``ORDER_BATCH`` at a time, each batch a
run of the stage on the corpus so far; reported: each order's B-cubed F1 against the gold,
and the B-cubed F1 of every pair of orders against each other (1.0: identical partitions).
"""

from __future__ import annotations

import itertools
import json
import random
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
    wanted = {"clean.boilerplate", "meta.dates", "meta.language", "nlp.spacy", "dedup.embed"}
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
    from recoupe.meta.timex import TimexStage

    dated_by_text = TimexStage()
    for variant in ("text_only", "with_period_dates", "dated_by_own_text"):
        for doc in analysed.values():
            if variant == "with_period_dates":
                day = "2008-07-01" if period[doc.id].endswith("C1") else "2008-07-31"
                doc.meta.published = DateValue(day, "day", "eval")
            else:
                doc.meta.published = None
                if variant == "dated_by_own_text":
                    dated_by_text.process(doc)
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
            "dated_documents": sum(1 for d in analysed.values() if d.meta.published),
        }
    out["order_dependence"] = order_dependence(pipeline, analysed, topic, period)
    out["nlp_seconds"] = round(nlp_seconds, 1)
    return out


ORDER_RUNS = 5
ORDER_BATCH = 20


def order_dependence(
    pipeline: Any, analysed: dict[str, Document], topic: dict[str, str], period: dict[str, str]
) -> dict[str, Any]:
    """Feed the dated documents in shuffled orders, ORDER_BATCH per run of the stage."""
    from recoupe.stories.bcubed import bcubed
    from recoupe.stories.cluster import EventStage

    template = next(s for s in pipeline.corpus_stages if s.name == "stories.events")
    partitions: list[tuple[dict[str, str], dict[str, str]]] = []
    scores = []
    started = time.perf_counter()
    for seed in range(ORDER_RUNS):
        order = sorted(analysed)
        random.Random(seed).shuffle(order)
        stage = EventStage(
            event_threshold=template.event_threshold,
            window_days=template.window_days,
            story_threshold=template.story_threshold,
            time_bonus=template.time_bonus,
            embedding_weight=template.embedding_weight,
            story_window_days=template.story_window_days,
        )
        corpus = Corpus(documents={})
        for at in range(0, len(order), ORDER_BATCH):
            batch = order[at : at + ORDER_BATCH]
            for doc_id in batch:
                doc = analysed[doc_id]
                day = "2008-07-01" if period[doc_id].endswith("C1") else "2008-07-31"
                doc.meta.published = DateValue(day, "day", "eval")
                corpus.documents[doc_id] = doc
            corpus.new_ids = set(batch)
            stage.run(corpus)
        event_of = {d: e.id for e in corpus.events for d in e.document_ids}
        story_of = {d: e.story_id or e.id for e in corpus.events for d in e.document_ids}
        partitions.append((event_of, story_of))
        scores.append(
            {
                "event_f1": round(bcubed(event_of, period).f1, 4),
                "story_f1": round(bcubed(story_of, topic).f1, 4),
            }
        )
    between: dict[str, list[float]] = {"event": [], "story": []}
    for (ea, sa), (eb, sb) in itertools.combinations(partitions, 2):
        between["event"].append(bcubed(ea, eb).f1)
        between["story"].append(bcubed(sa, sb).f1)
    return {
        "orders": ORDER_RUNS,
        "batch": ORDER_BATCH,
        "per_order": scores,
        "event_f1_between_orders_min": round(min(between["event"]), 4),
        "event_f1_between_orders_mean": round(sum(between["event"]) / len(between["event"]), 4),
        "story_f1_between_orders_min": round(min(between["story"]), 4),
        "story_f1_between_orders_mean": round(sum(between["story"]) / len(between["story"]), 4),
        "seconds": round(time.perf_counter() - started, 2),
    }
