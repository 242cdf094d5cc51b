"""Calibrate the event and story thresholds of ``recoupe.stories`` on rpm2-fr-dev.

rpm2-fr-dev: 200 French articles, 10 topics x 2 periods one month apart. Gold stories are
topics, gold events are topic+period. No dates are given: each setting is scored on text
only, and "dated" with the C1 documents on day 0 and the C2 ones on day 30 (the corpus
says "about one month after"), where the stage's window and time bonus apply.

    .venv/bin/python bench/calibrate_events.py            # sweep, print the best settings
    .venv/bin/python bench/calibrate_events.py --at 0.1 0.16 0.10

The documents go through the pipeline's own stages (clean, dates, language, spaCy, lead
embeddings), cached in /tmp so sweeps re-run in seconds. Similarities are the stage's own
(``recoupe.stories.features.Features``); events are average linkage over documents,
stories average linkage over events with the stage's own event similarity
(``Features.event_sums``: the mean document-pair similarity). The time bonus (0.04) and
window (10 days) are the stage's.
"""

from __future__ import annotations

import argparse
import itertools
import pickle
import sys
from pathlib import Path
from typing import Any

from recoupe.nlp.spacy_stage import NlpStage
from recoupe.stories.bcubed import bcubed
from recoupe.stories.features import Features, average_linkage

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
RPM2 = SHARED / "data" / "rpm2-fr-dev"
# Keyed by the nlp stage's version: a cache of older analyses would calibrate on them.
CACHE = Path(f"/tmp/recoupe-calibrate-rpm2-nlp{NlpStage.version}.pickle")
WINDOW_DAYS = 10
TIME_BONUS = 0.04


def load_rpm2() -> tuple[list[Any], dict[str, str], dict[str, str]]:
    """The analysed documents (sorted by id), doc id -> topic, doc id -> period."""
    if CACHE.is_file():
        cached: tuple[list[Any], dict[str, str], dict[str, str]] = pickle.loads(CACHE.read_bytes())
        return cached
    from recoupe.config import Config
    from recoupe.evaluate.clustering import _documents
    from recoupe.pipeline import Pipeline, build_stages

    docs, topic, period = _documents(RPM2, None)
    doc_stages, _ = build_stages(Config())
    wanted = {"clean.boilerplate", "meta.dates", "meta.language", "nlp.spacy", "dedup.embed"}
    result = Pipeline([s for s in doc_stages if s.name in wanted], []).process(docs)
    for doc in result.leaves:
        doc.tokens = []
    leaves = sorted(result.leaves, key=lambda d: d.id)
    CACHE.write_bytes(pickle.dumps((leaves, topic, period)))
    return leaves, topic, period


def sweep(docs: list[Any], topic: dict[str, str], period: dict[str, str]) -> list[dict[str, Any]]:
    import numpy as np

    from recoupe.model import DateValue

    ids = [d.id for d in docs]
    out = []
    for dated in (False, True):
        for doc in docs:
            day = "2008-07-01" if period[doc.id].endswith("C1") else "2008-07-31"
            doc.meta.published = DateValue(day, "day") if dated else None
        features = Features.fit(docs)
        rows = features.rows(ids)
        forbidden = features.apart(rows, rows, WINDOW_DAYS)
        near = features.near(rows, rows, WINDOW_DAYS)
        for weight in (0.0, 0.1, 0.2, 0.3, 0.5):
            sim = features.similarity(rows, rows, weight)
            for ev in [round(0.08 + 0.02 * i, 2) for i in range(16)]:
                events = average_linkage(sim + TIME_BONUS * near, ev, forbidden)
                e = bcubed(dict(zip(ids, events, strict=True)), period)
                members: list[list[str]] = [[] for _ in range(max(events) + 1)]
                for doc_id, event in zip(ids, events, strict=True):
                    members[event].append(doc_id)
                every = np.arange(len(members))
                linked = features.event_sums(members).similarity(every, every, weight)
                for st in [round(0.04 + 0.02 * i, 2) for i in range(12)]:
                    of_event = average_linkage(np.clip(linked, 0, 1), st)
                    stories = [of_event[x] for x in events]
                    s = bcubed(dict(zip(ids, stories, strict=True)), topic)
                    out.append(
                        {
                            "dated": dated,
                            "embedding_weight": weight,
                            "event_threshold": ev,
                            "story_threshold": st,
                            "event_f1": round(e.f1, 3),
                            "story_f1": round(s.f1, 3),
                        }
                    )
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--top", type=int, default=8)
    parser.add_argument("--at", type=float, nargs=3, metavar=("WEIGHT", "EVENT", "STORY"))
    args = parser.parse_args()
    if not RPM2.is_dir():
        print(f"skip: {RPM2} not found", file=sys.stderr)
        return 0
    docs, topic, period = load_rpm2()
    rows = sweep(docs, topic, period)
    key = ("embedding_weight", "event_threshold", "story_threshold")
    both: dict[tuple[float, ...], dict[bool, dict[str, Any]]] = {}
    for r in rows:
        both.setdefault(tuple(r[k] for k in key), {})[r["dated"]] = r
    scored = [
        (k, v[False], v[True])
        for k, v in both.items()
        if len(v) == 2  # text only and dated
    ]

    def total(item: tuple[Any, dict[str, Any], dict[str, Any]]) -> float:
        _, text, dated = item
        return float(text["event_f1"] + text["story_f1"] + dated["event_f1"] + dated["story_f1"])

    print("best sum of event and story F1, text only + dated (weight, event, story):")
    for k, text, dated in sorted(scored, key=lambda x: -total(x))[: args.top]:
        print(
            f"  {k}: text event {text['event_f1']} story {text['story_f1']}; "
            f"dated event {dated['event_f1']} story {dated['story_f1']}"
        )
    if args.at:
        for k, text, dated in scored:
            if all(abs(a - b) < 1e-9 for a, b in itertools.zip_longest(k, args.at, fillvalue=-1)):
                print("at", k, text, dated)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
