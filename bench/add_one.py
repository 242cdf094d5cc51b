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
- from the store: the corpus and the stages' state are written to a SQLite store, and
  ADDED more documents are added one per "run", as `recoupe run` adding one document
  does after its document stages: a new `Store` and new stage objects each time, the
  partial corpus the store gives (`Store.load_for_run`: documents decoded when read),
  every corpus stage, `Store.save_corpus`. In a new process, whose peak memory is
  printed: what a run's corpus pass costs, not the bench's in-memory corpus. Each phase
  is timed (load, dedup, events, the check stages, save). Two series: the file's next
  articles with their own dates (anywhere in the store's years: the worst case, a late
  report whose story block must be transformed again), then the same texts dated on
  the store's newest day (news read as it comes).
Interpreter start and imports are a process's, not a document's, and are not counted.
"""

from __future__ import annotations

import contextlib
import cProfile
import dataclasses
import gc
import gzip
import hashlib
import json
import multiprocessing
import re
import resource
import statistics
import sys
import tempfile
import time
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from recoupe.dedup.fingerprint import FingerprintStage
from recoupe.dedup.group import DuplicateStage
from recoupe.evaluate import default_data_dir
from recoupe.model import Corpus, DateValue, Document, Meta, stable_id
from recoupe.stage import CorpusStage
from recoupe.store import Store
from recoupe.store.sqlite import SETTINGS_STATE
from recoupe.stories.cluster import EventStage
from recoupe.text import normalize, words

# 36,142: the 36,152 articles but the ten added to it (real articles, not replicas).
SIZES = (10_000, 36_142, 100_000)
ADDED = 5
SEED = 7
REPLICA_YEARS = 10
SIGNATURE = "bench/add-one"  # the stored documents' pipeline signature (not compared here)
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
    for check in _checks():  # nothing to check in light documents; they save their state
        check.run(corpus)
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
    # The check stages' state must cover the documents just added before it is saved: a
    # store whose state lacks documents gets a full pass (Store.partial_run_possible).
    for check in _checks():
        check.run(corpus)
    if profiler is not None and profile is not None:
        profiler.dump_stats(f"{profile}.{size}")
    state = {k: len(v) / 2**20 for k, v in sorted(corpus.stage_state.items())}
    print(
        f"  add one document, warm: median {statistics.median(warm) * 1000:7.1f} ms "
        f"(max {max(warm) * 1000:.1f}); peak {_peak_mib():.0f} MiB; saved state "
        + ", ".join(f"{k} {v:.1f} MiB" for k, v in state.items())
    )
    with tempfile.TemporaryDirectory(prefix="recoupe-add-one-") as folder:
        db = Path(folder) / "store.db"
        started = time.perf_counter()
        with Store(db) as saved:
            run_id = saved.begin_run({}, [], "bench")
            saved.save_documents(list(corpus.documents.values()), SIGNATURE, run_id)
            corpus.stage_state[SETTINGS_STATE] = b""
            saved.save_corpus(corpus, run_id)
        written = time.perf_counter() - started
        del corpus, dedup, events
        gc.collect()
        mib = db.stat().st_size / 2**20
        print(
            f"  add one document, `recoupe run`'s corpus pass from the store ({mib:.0f} MiB, "
            f"written in {written:.0f} s), a new store object each time:"
        )
        # Two series: the file's next articles with their own dates (anywhere in the
        # corpus's years: a late report, a feed read out of order, whose story block lies
        # outside the recent vectors saved), then the same texts dated on the store's
        # newest day (news read as it comes: its block is in the saved vectors).
        newest = max(d.meta.published.iso for d in store if d.meta.published)
        series = {
            "with their own dates": added[ADDED:],
            f"dated {newest[:10]} (the newest)": [_redated(d, newest) for d in added[ADDED:]],
        }
        for label, docs in series.items():
            # A new process per series: its peak is what a run adding one document costs.
            context = multiprocessing.get_context("spawn")
            with ProcessPoolExecutor(1, mp_context=context) as pool:
                timings, peak = pool.submit(cold_adds, db, docs).result()
            print(f"   {len(docs)} documents {label}, peak {peak:.0f} MiB in that process:")
            for phase in ("load", "dedup", "events", "checks", "save", "total"):
                values = [t[phase] * 1000 for t in timings]
                print(
                    f"    {phase:7s} median {statistics.median(values):7.1f} ms "
                    f"(max {max(values):.1f})"
                )


def _redated(doc: Document, day: str) -> Document:
    """A copy of ``doc`` published on ``day`` (its own id: another document)."""
    copy = dataclasses.replace(
        doc,
        id=stable_id(doc.source, day, prefix="d-"),
        meta=dataclasses.replace(doc.meta, published=DateValue(day, "day", "record")),
    )
    copy.meta.extra = {}
    return copy


def _checks() -> list[CorpusStage]:
    from recoupe.check.entities import EntityStage
    from recoupe.check.facts import FactStage
    from recoupe.check.framing import FramingStage
    from recoupe.check.quotes import QuoteGroupStage

    return [EntityStage(), FactStage(), QuoteGroupStage(), FramingStage()]


def cold_adds(db: Path, added: list[Document]) -> tuple[list[dict[str, float]], float]:
    """What the corpus part of `recoupe run` costs for each document, added one per run:
    the store's partial corpus (Store.load_for_run), the corpus stages, the save. The
    light documents carry no entity, quote or claim: the check stages' cost on real
    analysis is measured by bench/whole_run.py."""
    # The imports (datasketch, scikit-learn, scipy) are the process's, not a run's.
    import datasketch  # noqa: F401
    import scipy.sparse  # noqa: F401
    import sklearn.feature_extraction.text  # noqa: F401

    timings = []
    for doc in added:
        times: dict[str, float] = {}
        started = time.perf_counter()
        with Store(db) as store:
            run_id = store.begin_run({}, [], "bench")
            store.save_documents([doc], SIGNATURE, run_id)
            at = time.perf_counter()
            corpus = store.load_for_run(b"")
            assert not corpus.scope.full, "the bench store must allow a partial pass"
            corpus.new_ids = {doc.id}
            times["load"] = time.perf_counter() - at
            for name, stage in (("dedup", DuplicateStage()), ("events", EventStage())):
                at = time.perf_counter()
                stage.run(corpus)
                times[name] = time.perf_counter() - at
            at = time.perf_counter()
            for check in _checks():
                check.run(corpus)
            times["checks"] = time.perf_counter() - at
            at = time.perf_counter()
            store.save_corpus(corpus, run_id)
            times["save"] = time.perf_counter() - at
        times["total"] = time.perf_counter() - started
        timings.append(times)
    return timings, _process_peak_mib()


def _process_peak_mib() -> float:
    """This process's own peak resident memory (VmHWM: ru_maxrss survives exec, so a
    spawned child would report its parent's peak)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return _peak_mib()


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
