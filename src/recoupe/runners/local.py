"""Local runners. The document stages are ~90% neural (spaCy) and single-threaded, so
throughput scales with processes, not threads: the component measurements saw two worker
processes scale x2.0 on two cores, BLAS threads only x1.4. One process per core.

Each worker gets the main process's document stages, pickled before any model is loaded
(stages load them in setup()), so what a run hands a stage (the outlet furniture of
clean.boilerplate) reaches every worker; each worker loads the models once (~0.5 GiB
each with fr_core_news_md). Batches are processed in order; at most two per
worker are in flight, so memory stays bounded on a stream of any length.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Protocol

from recoupe.config import Config
from recoupe.model import Document
from recoupe.pipeline import BatchResult, Pipeline
from recoupe.stage import DocStage

StatsDelta = dict[str, tuple[float, int, int]]  # stage -> (seconds, documents, rejected)


class Runner(Protocol):
    def map(self, batches: Iterable[list[Document]]) -> Iterator[BatchResult]: ...

    def close(self) -> None: ...


class InProcessRunner:
    """Every batch through the pipeline's document stages, here."""

    def __init__(self, pipeline: Pipeline) -> None:
        self.pipeline = pipeline

    def map(self, batches: Iterable[list[Document]]) -> Iterator[BatchResult]:
        for batch in batches:
            yield self.pipeline.process(batch)

    def close(self) -> None:
        pass


_worker: Pipeline | None = None


def _init_worker(doc_stages: list[DocStage]) -> None:
    global _worker
    _worker = Pipeline(doc_stages, [])


def _process(batch: list[Document]) -> tuple[BatchResult, StatsDelta]:
    assert _worker is not None, "worker not initialised"
    before = {n: (s.seconds, s.documents, s.rejected) for n, s in _worker.stats.items()}
    result = _worker.process(batch)
    delta = {
        n: (s.seconds - before[n][0], s.documents - before[n][1], s.rejected - before[n][2])
        for n, s in _worker.stats.items()
    }
    return result, delta


class ProcessPoolRunner:
    """Batches spread over worker processes; results come back in input order, and the
    workers' per-stage timings are added to the main pipeline's statistics."""

    def __init__(self, pipeline: Pipeline, config: Config, workers: int) -> None:
        self.pipeline = pipeline
        self.workers = workers
        # spawn: workers start clean (no inherited threads or half-loaded models).
        self.pool = ProcessPoolExecutor(
            max_workers=workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_init_worker,
            # The main process's stages, pickled before any model is loaded (stages load
            # in setup()): what the run gave them (outlet furniture) reaches the workers.
            initargs=(pipeline.doc_stages,),
        )

    def map(self, batches: Iterable[list[Document]]) -> Iterator[BatchResult]:
        pending: deque[Future[tuple[BatchResult, StatsDelta]]] = deque()
        for batch in batches:
            pending.append(self.pool.submit(_process, batch))
            if len(pending) >= 2 * self.workers:
                yield self._collect(pending.popleft())
        while pending:
            yield self._collect(pending.popleft())

    def _collect(self, future: Future[tuple[BatchResult, StatsDelta]]) -> BatchResult:
        result, delta = future.result()
        for name, (seconds, documents, rejected) in delta.items():
            stats = self.pipeline.stats[name]
            stats.seconds += seconds
            stats.documents += documents
            stats.rejected += rejected
        return result

    def close(self) -> None:
        self.pool.shutdown(wait=True, cancel_futures=True)


def make_runner(pipeline: Pipeline, config: Config) -> Runner:
    if config.run.workers > 1:
        return ProcessPoolRunner(pipeline, config, config.run.workers)
    return InProcessRunner(pipeline)
