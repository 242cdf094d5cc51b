"""Builds and validates the stage list, runs it over inputs, records rejections.

The flow (DESIGN.md): read -> clean -> meta -> dedup fingerprint -> nlp -> extract ->
store -> corpus stages (duplicates, events/stories, entities, facts, quote groups) -> store.

Validation happens when the pipeline is built, before any document is read: stage names
are unique, every ``requires`` is provided by the reader or an earlier stage, and every
module a stage needs is importable. At run time a document that fails a stage becomes a
rejection row (stage, reason, detail) and the run goes on; a batch that raises is retried
one document at a time so one bad document never costs its neighbours.
"""

from __future__ import annotations

import importlib.util
import logging
import time
import traceback
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from recoupe.config import Config
from recoupe.errors import PipelineError, Rejected
from recoupe.model import Corpus, Document, Rejection
from recoupe.stage import READER_PROVIDES, CorpusStage, DocStage

log = logging.getLogger(__name__)


@dataclass
class StageStats:
    seconds: float = 0.0
    documents: int = 0
    rejected: int = 0

    def rate(self) -> float | None:
        return self.documents / self.seconds if self.seconds > 0 else None


@dataclass
class BatchResult:
    """What a batch of read documents became: leaves carry analysis, containers are split
    pages kept as rows of their own."""

    leaves: list[Document] = field(default_factory=list)
    containers: list[Document] = field(default_factory=list)
    rejections: list[Rejection] = field(default_factory=list)
    inputs: int = 0  # documents that came in (before splitting)


def build_stages(config: Config) -> tuple[list[DocStage], list[CorpusStage]]:
    """The one place that maps configuration onto stage keyword arguments."""
    from recoupe.check.entities import EntityStage
    from recoupe.check.facts import FactStage
    from recoupe.check.framing import FramingStage
    from recoupe.check.quotes import QuoteGroupStage
    from recoupe.clean.boilerplate import CleanStage
    from recoupe.clean.split import SplitStage
    from recoupe.dedup.embed import EmbedStage
    from recoupe.dedup.fingerprint import FingerprintStage
    from recoupe.dedup.group import DuplicateStage
    from recoupe.extract.claims import ClaimStage
    from recoupe.extract.quotes import QuoteStage
    from recoupe.meta.dates import DateStage
    from recoupe.meta.language import LanguageStage
    from recoupe.meta.outlet import OutletStage
    from recoupe.meta.timex import TimexStage
    from recoupe.meta.translation import TranslationStage
    from recoupe.nlp.spacy_stage import NlpStage
    from recoupe.stories.cluster import EventStage

    doc_stages: list[DocStage] = [
        CleanStage(min_chars=config.clean.min_chars),
        # Dates before splitting: a page's own stamp (a live blog's publication time) is
        # found once on the whole page, and every child inherits it with its post time.
        DateStage(),
        # Before splitting too: the engine translated the whole page, furniture included,
        # and the evidence sits in the page's removed furniture; children inherit the flag.
        TranslationStage(),
        SplitStage(),
        LanguageStage(languages=config.meta.languages),
        # After splitting and language: each child's "mercredi", "hier", "le 9 septembre"
        # resolve against its own date, in its own language (German "hier" is "here").
        TimexStage(),
        OutletStage(),
        FingerprintStage(num_perm=config.dedup.num_perm, shingle=config.dedup.shingle),
        NlpStage(
            model=config.nlp.model,
            english_model=config.nlp.english_model,
            batch_size=config.nlp.batch_size,
        ),
        # After nlp: the lead is the title and the first sentences nlp found.
        EmbedStage(sentences=config.dedup.embed_sentences),
        QuoteStage(),
        ClaimStage(),
    ]
    corpus_stages: list[CorpusStage] = [
        DuplicateStage(num_perm=config.dedup.num_perm, threshold=config.dedup.threshold),
        EventStage(
            event_threshold=config.stories.event_threshold,
            window_days=config.stories.window_days,
            story_threshold=config.stories.story_threshold,
            time_bonus=config.stories.time_bonus,
            embedding_weight=config.stories.embedding_weight,
            story_window_days=config.stories.story_window_days,
        ),
        EntityStage(),
        FactStage(tolerance=config.check.tolerance),
        QuoteGroupStage(),
        # After quotes: words in marks that no stored quote covers are scare quotes.
        FramingStage(),
    ]
    return doc_stages, corpus_stages


class Pipeline:
    def __init__(self, doc_stages: list[DocStage], corpus_stages: list[CorpusStage]) -> None:
        self.doc_stages = doc_stages
        self.corpus_stages = corpus_stages
        self.validate()
        self.stats: dict[str, StageStats] = {s.name: StageStats() for s in self.all_stages}
        self._ready_stages: set[str] = set()

    @property
    def all_stages(self) -> list[DocStage | CorpusStage]:
        return [*self.doc_stages, *self.corpus_stages]

    @property
    def signature(self) -> str:
        """Stage names and versions: a stored document made by another signature is
        processed again (bump a stage's version when its output changes)."""
        return ",".join(f"{s.name}@{s.version}" for s in self.all_stages)

    def validate(self) -> None:
        names = [s.name for s in self.all_stages]
        duplicates = sorted({n for n in names if names.count(n) > 1})
        if duplicates:
            raise PipelineError(f"stage names used twice: {', '.join(duplicates)}")
        available = set(READER_PROVIDES)
        for stage in self.doc_stages:
            missing = stage.requires - available
            if missing:
                raise PipelineError(
                    f"stage {stage.name} requires {', '.join(sorted(missing))}, "
                    "which no reader or earlier stage provides"
                )
            available |= stage.provides
        for cstage in self.corpus_stages:
            missing = cstage.requires - available
            if missing:
                raise PipelineError(
                    f"corpus stage {cstage.name} requires {', '.join(sorted(missing))}, "
                    "which no document stage provides"
                )
        for any_stage in self.all_stages:
            for module in any_stage.needs_modules:
                if importlib.util.find_spec(module) is None:
                    raise PipelineError(
                        f"stage {any_stage.name} needs the Python module {module!r}, "
                        "which is not installed (see `recoupe info`)"
                    )

    def setup(self, stages: list[DocStage] | list[CorpusStage] | None = None) -> None:
        """Load what the stages need, once. Document and corpus stages are set up apart:
        with a process pool the main process runs only the corpus stages and never loads
        the document stages' models."""
        for stage in stages if stages is not None else self.all_stages:
            if stage.name in self._ready_stages:
                continue
            started = time.perf_counter()
            stage.setup()
            self._ready_stages.add(stage.name)
            log.debug("setup %s: %.2fs", stage.name, time.perf_counter() - started)

    # ------------------------------------------------------------------ document stages
    def process(self, docs: list[Document]) -> BatchResult:
        """Run a batch through every document stage."""
        self.setup(self.doc_stages)
        result = BatchResult(inputs=len(docs))
        active = docs
        for stage in self.doc_stages:
            if not active:
                break
            stats = self.stats[stage.name]
            started = time.perf_counter()
            outputs = self._run_stage(stage, active, result.rejections)
            stats.seconds += time.perf_counter() - started
            stats.documents += len(active)
            next_active: list[Document] = []
            for doc, out in outputs:
                if out is None:
                    stats.rejected += 1
                    continue
                if isinstance(out, list):
                    # A split page: the parent stays as a container row, its children go on.
                    doc.is_container = True
                    doc.stage_versions[stage.name] = stage.version
                    result.containers.append(doc)
                    for child in out:
                        child.parent_id = doc.id
                        child.stage_versions.update(doc.stage_versions)
                    next_active.extend(out)
                else:
                    out.stage_versions[stage.name] = stage.version
                    next_active.append(out)
            active = next_active
        result.leaves = active
        _roll_up(result.containers, result.leaves)
        return result

    def _run_stage(
        self, stage: DocStage, docs: list[Document], rejections: list[Rejection]
    ) -> list[tuple[Document, Document | list[Document] | None]]:
        try:
            outs = stage.process_batch(docs)
            if len(outs) != len(docs):
                raise PipelineError(
                    f"stage {stage.name} returned {len(outs)} results for {len(docs)} documents"
                )
            return list(zip(docs, outs, strict=True))
        except Exception as exc:  # one bad document must not cost its neighbours
            if len(docs) > 1:
                log.debug("stage %s: batch failed (%s), retrying one by one", stage.name, exc)
            pairs: list[tuple[Document, Document | list[Document] | None]] = []
            for doc in docs:
                try:
                    pairs.append((doc, stage.process(doc)))
                except Rejected as rej:
                    rejections.append(
                        Rejection(doc.source, stage.name, rej.reason, rej.detail, doc.id)
                    )
                    pairs.append((doc, None))
                except Exception as err:  # a bug or a library failure on this document
                    where = traceback.extract_tb(err.__traceback__)[-1]
                    detail = (
                        f"{type(err).__name__}: {err} ({Path(where.filename).name}:{where.lineno})"
                    )
                    log.warning("%s: stage %s failed: %s", doc.source, stage.name, detail)
                    rejections.append(Rejection(doc.source, stage.name, "error", detail, doc.id))
                    pairs.append((doc, None))
            return pairs

    # ------------------------------------------------------------------ corpus stages
    def run_corpus(self, corpus: Corpus) -> list[Rejection]:
        """Run every corpus stage; a failing stage is recorded and the next one still runs."""
        self.setup(self.corpus_stages)
        failures: list[Rejection] = []
        for stage in self.corpus_stages:
            stats = self.stats[stage.name]
            started = time.perf_counter()
            try:
                stage.run(corpus)
            except Exception as err:
                detail = f"{type(err).__name__}: {err}"
                log.error("corpus stage %s failed: %s", stage.name, detail)
                failures.append(Rejection("<corpus>", stage.name, "error", detail))
                stats.rejected += 1
            stats.seconds += time.perf_counter() - started
            # A partial pass works on the documents of its scope, not on the store.
            worked = corpus.documents.keys() if corpus.scope.full else corpus.scope.documents
            stats.documents += len(worked | corpus.new_ids)
        return failures


def _roll_up(containers: list[Document], leaves: list[Document]) -> None:
    """A split page skips the stages after the split; give it what its children agree on
    (outlet, language) so a reader of the page's own row sees where it comes from."""
    children: dict[str, list[Document]] = {}
    for leaf in leaves:
        if leaf.parent_id:
            children.setdefault(leaf.parent_id, []).append(leaf)
    for page in containers:
        kids = children.get(page.id, [])
        for attr in ("outlet", "language"):
            if getattr(page.meta, attr) is None:
                values = [getattr(k.meta, attr) for k in kids if getattr(k.meta, attr)]
                if values:
                    setattr(page.meta, attr, Counter(values).most_common(1)[0][0])


def batched(items: Iterable[Document], size: int) -> Iterator[list[Document]]:
    batch: list[Document] = []
    for item in items:
        batch.append(item)
        if len(batch) >= size:
            yield batch
            batch = []
    if batch:
        yield batch
