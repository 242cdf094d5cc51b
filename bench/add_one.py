"""`python bench/bench.py --add-one`: what adding one document to a big store costs the
corpus stages (dedup.group, stories.events), and their peak memory.

The per-document analysis is a *light pipeline*, not spaCy (36k articles through spaCy
take about an hour on two cores): the text is normalised, fingerprinted with the real
MinHash stage, dated from the record, and its "lemmas" are its lower-cased words of 4+
letters (about as many terms per document as spaCy's content lemmas). Embeddings are
random unit vectors: the corpus stages' cost does not depend on their values, and the
real encoder would add ~10 ms per document to the per-document analysis, not to these
stages. Quality is not measured here (see `recoupe eval clustering`).

100,000 documents: orangesum-fr has 36,152. The store of 100,000 is the 36,152 articles
plus two *replicas* of them, each written in its own cipher (every word mapped to a
pseudo-word, the same word to the same pseudo-word within a replica: a made-up language
with the statistics of French news, the same lengths, repetitions, reprints and
near-duplicates) and dated 10 and 20 years later (whole years, so weekdays and the
density of articles per day in the time-window blocking are those of the real corpus).
A replica shares no shingle and no term with the original, so it is neither its
duplicate nor in its events; it adds vocabulary as a bigger real corpus would.

For each store size: a first run of both stages over the whole store (the cost of
building it in one go), then
- warm: one new document added, ADDED times, to the same stage objects (a long-lived
  process);
- cold: ADDED more documents, one per "run": each with fresh stage objects over a corpus
  rebuilt as `Store.load_corpus` gives it (a new document dict, the events and stories
  of the last run, no origin map, the stages' saved state: ``Corpus.stage_state``), as a
  new `recoupe run` adding one document does. The state's size is printed.
Loading the store from SQLite is not counted (the store's cost, not these stages').
"""

from __future__ import annotations

import contextlib
import cProfile
import gzip
import hashlib
import json
import re
import resource
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from recoupe.dedup.fingerprint import FingerprintStage
from recoupe.dedup.group import DuplicateStage
from recoupe.evaluate import default_data_dir
from recoupe.model import Corpus, DateValue, Document, Meta, stable_id
from recoupe.stories.cluster import EventStage
from recoupe.text import normalize, words

# 36,142: the 36,152 articles but the ten added to it (real articles, not replicas).
SIZES = (10_000, 36_142, 100_000)
ADDED = 5
SEED = 7
REPLICA_YEARS = 10
_WORD_RE = re.compile(r"\w+")


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _encode(word: str, replica: int, table: dict[str, str]) -> str:
    """The pseudo-word of ``word`` in a replica: letters drawn from a hash of both, the
    same length, the case kept (so sentence and name structure stay)."""
    coded = table.get(word)
    if coded is None:
        digest = hashlib.blake2b(f"{replica}:{word.lower()}".encode(), digest_size=32).digest()
        letters = "".join(chr(97 + b % 26) for b in digest)
        while len(letters) < len(word):
            letters += letters
        coded = letters[: len(word)]
        if word[:1].isupper():
            coded = coded.capitalize()
        table[word] = coded
    return coded


def _record_doc(rec: dict[str, str], replica: int, table: dict[str, str]) -> Document | None:
    text = normalize("\n\n".join((rec["heading"], rec["article"])))
    title = rec["title"]
    date = rec["date"]
    if replica:
        text = _WORD_RE.sub(lambda m: _encode(m.group(0), replica, table), text)
        title = _WORD_RE.sub(lambda m: _encode(m.group(0), replica, table), title)
        if date:
            date = f"{int(date[:4]) + REPLICA_YEARS * replica:04d}{date[4:]}"
    if not text.strip():
        return None
    source = rec["id"] if not replica else f"{rec['id']}#replica{replica}"
    return Document(
        id=stable_id(source, prefix="d-"),
        source=source,
        raw=text,
        format="jsonl",
        text=text,
        meta=Meta(
            title=title,
            language="fr",
            published=DateValue(date, "day", "record") if date else None,
        ),
    )


def load(source: Path, limit: int) -> list[Document]:
    """The light analysis of the first ``limit`` documents: the articles, then replicas."""
    import numpy as np

    rng = np.random.default_rng(SEED)
    fingerprint = FingerprintStage()
    fingerprint.setup()
    docs: list[Document] = []
    replica = 0
    while len(docs) < limit:
        table: dict[str, str] = {}
        before = len(docs)
        with gzip.open(source, "rt", encoding="utf-8") as fh:
            for line in fh:
                if len(docs) >= limit:
                    break
                doc = _record_doc(json.loads(line), replica, table)
                if doc is None:
                    continue
                doc.lemmas = [w for w in words(doc.text) if len(w) >= 4 and w.isalpha()]
                vector = rng.standard_normal(512)
                doc.embedding = [float(v) for v in vector / np.linalg.norm(vector)]
                fingerprint.process(doc)
                docs.append(doc)
        if len(docs) == before:
            break
        replica += 1
    return docs


def reloaded(corpus: Corpus) -> Corpus:
    """The corpus as the next `recoupe run` loads it from the store."""
    return Corpus(
        documents=dict(corpus.documents),
        events=list(corpus.events),
        stories=list(corpus.stories),
        stage_state=dict(corpus.stage_state),
    )


def bench_size(docs: list[Document], size: int, profile: Path | None = None) -> None:
    store = docs[:size]
    added = docs[size : size + 2 * ADDED]  # the next articles of the file (or replica)
    for doc in docs:  # a clean state: no relations from an earlier size
        doc.duplicate_of = None
        doc.meta.extra.clear()
    corpus = Corpus(documents={d.id: d for d in store})
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
    profiler = cProfile.Profile() if profile else None
    warm: list[float] = []
    for doc in added[:ADDED]:
        corpus.documents[doc.id] = doc
        corpus.new_ids, corpus.touched_ids = {doc.id}, set()
        started = time.perf_counter()
        with _profiled(profiler):
            dedup.run(corpus)
            events.run(corpus)
        warm.append(time.perf_counter() - started)
    cold: list[float] = []
    cold_dedup: list[float] = []
    for doc in added[ADDED:]:
        corpus = reloaded(corpus)
        corpus.documents[doc.id] = doc
        corpus.new_ids = {doc.id}
        started = time.perf_counter()
        with _profiled(profiler):
            DuplicateStage().run(corpus)
        cold_dedup.append(time.perf_counter() - started)
        with _profiled(profiler):
            EventStage().run(corpus)
        cold.append(time.perf_counter() - started)
    if profiler is not None and profile is not None:
        profiler.dump_stats(f"{profile}.{size}")
    state = {k: len(v) / 2**20 for k, v in sorted(corpus.stage_state.items())}
    print(
        f"  add one document: warm median {statistics.median(warm) * 1000:7.1f} ms "
        f"(max {max(warm) * 1000:.1f}); cold median {statistics.median(cold) * 1000:7.1f} ms "
        f"(max {max(cold) * 1000:.1f}; dedup median {statistics.median(cold_dedup) * 1000:.1f}); "
        f"peak {_peak_mib():.0f} MiB; saved state "
        + ", ".join(f"{k} {v:.1f} MiB" for k, v in state.items())
    )


@contextlib.contextmanager
def _profiled(profiler: cProfile.Profile | None) -> Iterator[None]:
    if profiler is not None:
        profiler.enable()
    try:
        yield
    finally:
        if profiler is not None:
            profiler.disable()


def main(
    data: Path | None = None, sizes: tuple[int, ...] = SIZES, profile: Path | None = None
) -> int:
    """``profile``: write the cProfile statistics of the additions (warm and cold) of
    each size to ``{profile}.{size}`` (pstats format; timings then include its cost)."""
    source = (data or default_data_dir()) / "orangesum-fr" / "articles.jsonl.gz"
    if not source.exists():
        print(f"bench: {source} not found; the shared data folder is needed", file=sys.stderr)
        return 1
    started = time.perf_counter()
    docs = load(source, max(sizes) + 2 * ADDED)
    print(
        f"light analysis of {len(docs)} documents (orangesum-fr, then replicas): "
        f"{time.perf_counter() - started:.0f} s, peak {_peak_mib():.0f} MiB"
    )
    for size in sizes:
        bench_size(docs[: size + 2 * ADDED], min(size, len(docs) - 2 * ADDED), profile)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
