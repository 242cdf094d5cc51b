"""`python bench/bench.py --add-one`: what adding one document to a big store costs the
corpus stages (dedup.group, stories.events), and their peak memory.

The per-document analysis is a *light pipeline*, not spaCy (36k articles through spaCy
take about an hour on two cores): the text is normalised, fingerprinted with the real
MinHash stage, dated from the record, and its "lemmas" are its lower-cased words of 4+
letters (about as many terms per document as spaCy's content lemmas). Embeddings are
random unit vectors: the corpus stages' cost does not depend on their values, and the
real encoder would add ~10 ms per document to the per-document analysis, not to these
stages. Quality is not measured here (see `recoupe eval clustering`).

For each store size: a first run of both stages over the whole store (the cost of
building it in one go), then one new document added five times, each timed
- warm: the same stage objects (a long-lived process: the LSH index and TF-IDF fit kept);
- cold: fresh stage objects (a new `recoupe run` process: both indexes rebuilt).
Loading the store from SQLite is not counted (the store's cost, not these stages').
"""

from __future__ import annotations

import gzip
import json
import random
import resource
import statistics
import sys
import time
from pathlib import Path

from recoupe.dedup.fingerprint import FingerprintStage
from recoupe.dedup.group import DuplicateStage
from recoupe.evaluate import default_data_dir
from recoupe.model import Corpus, DateValue, Document, Meta, stable_id
from recoupe.stories.cluster import EventStage
from recoupe.text import normalize, words

SIZES = (10_000, 36_152)
ADDED = 5
SEED = 7


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load(source: Path, limit: int) -> list[Document]:
    import numpy as np

    rng = np.random.default_rng(SEED)
    fingerprint = FingerprintStage()
    fingerprint.setup()
    docs = []
    with gzip.open(source, "rt", encoding="utf-8") as fh:
        for i, line in enumerate(fh):
            if i >= limit:
                break
            rec = json.loads(line)
            text = normalize("\n\n".join((rec["heading"], rec["article"])))
            if not text.strip():
                continue
            doc = Document(
                id=stable_id(rec["id"], prefix="d-"),
                source=rec["id"],
                raw=text,
                format="jsonl",
                text=text,
                meta=Meta(
                    title=rec["title"],
                    language="fr",
                    published=DateValue(rec["date"], "day", "record") if rec["date"] else None,
                ),
            )
            doc.lemmas = [w for w in words(text) if len(w) >= 4 and w.isalpha()]
            vector = rng.standard_normal(512)
            doc.embedding = [float(v) for v in vector / np.linalg.norm(vector)]
            fingerprint.process(doc)
            docs.append(doc)
    return docs


def bench_size(docs: list[Document], size: int) -> None:
    rng = random.Random(SEED)
    store = docs[:size]
    added = rng.sample(docs[size:], ADDED)
    for doc in docs:  # a clean state: no relations from an earlier size
        doc.duplicate_of = None
        doc.meta.extra.clear()
    corpus = Corpus(documents={d.id: d for d in store if d not in added})
    corpus.new_ids = set(corpus.documents)
    dedup, events = DuplicateStage(), EventStage()
    started = time.perf_counter()
    dedup.run(corpus)
    dedup_s = time.perf_counter() - started
    events.run(corpus)
    first_s = time.perf_counter() - started
    print(
        f"store {len(corpus.documents):6d}: first run {first_s:7.1f} s "
        f"(dedup {dedup_s:.1f} s, events {first_s - dedup_s:.1f} s), "
        f"{len(corpus.events)} events, {len(corpus.stories)} stories, "
        f"peak {_peak_mib():.0f} MiB"
    )
    warm: list[float] = []
    cold: list[float] = []
    for doc in added:
        corpus.documents[doc.id] = doc
        corpus.new_ids = {doc.id}
        started = time.perf_counter()
        dedup.run(corpus)
        events.run(corpus)
        warm.append(time.perf_counter() - started)
        # The same addition as a fresh process runs it: both indexes built first.
        fresh_dedup, fresh_events = DuplicateStage(), EventStage()
        started = time.perf_counter()
        fresh_dedup.run(corpus)
        fresh_events.run(corpus)
        cold.append(time.perf_counter() - started)
    print(
        f"  add one document: warm median {statistics.median(warm) * 1000:7.1f} ms "
        f"(max {max(warm) * 1000:.1f}); cold median {statistics.median(cold):5.2f} s "
        f"(max {max(cold):.2f}); peak {_peak_mib():.0f} MiB"
    )


def main(data: Path | None = None) -> int:
    source = (data or default_data_dir()) / "orangesum-fr" / "articles.jsonl.gz"
    if not source.exists():
        print(f"bench: {source} not found; the shared data folder is needed", file=sys.stderr)
        return 1
    started = time.perf_counter()
    docs = load(source, max(SIZES) + ADDED)
    print(
        f"light analysis of {len(docs)} orangesum-fr articles: "
        f"{time.perf_counter() - started:.0f} s, peak {_peak_mib():.0f} MiB"
    )
    for size in SIZES:
        bench_size(docs, min(size, len(docs) - ADDED))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
