"""What a user pays when `recoupe run new.jsonl --db store.db` adds ONE article to a big
store whose documents carry the real analysis (spaCy, quotes, claims, embeddings).

`python bench/whole_run.py --sizes 10000,36000 [--sample 600]`

1. Sample: the K articles of orangesum-fr closest in time (the densest stretch of K + 3
   consecutive articles by date), through the real pipeline once (`recoupe.run`, two
   workers). Three articles of the stretch are held out: the ones added in step 3.
2. Stores: the sample's documents copied R times until N. Replica r (r >= 1) gets new ids
   (its quotes' and claims' too), every date r * 10 whole years later (so replicas never
   share a time window), and a MinHash fingerprint over its shingles prefixed with
   "r:" (so replicas are not near-duplicates of each other). Text, quotes, claims and
   spans stay real. By default each replica is also a world of its own for the event
   and story similarity: its lemmas and the names it mentions get the replica's tag
   ("Macron" -> "Macronxb") and its lead embedding a rotation of its own. Without that
   (`--shared-names`: the same people recur across replicas, as in a big real corpus),
   copies of one event 10 years apart land in one chunk of the first build's story
   clustering (300 events in date order, ~170 per replica of 600 documents), which
   applies no time window inside a chunk: they join one story, and that story's bucket
   of quotes (check.quotes compares every pair in it) grows with the number of replicas
   (at 10,000 documents, one story of 36 events over 12 replicas, 7,224 quotes).
   Corpus-level links are cleared, the documents saved with the pipeline's signature (so
   a run does not analyse them again), then the corpus stages run once over the store as
   `recoupe.run` runs them: that is the "first build", timed.
3. For each store: three times, a fresh copy of it and, in a fresh process, one held-out
   article added with `recoupe.api.run`. Printed: the process's wall time, and its split
   (imports, model setup, outlet furniture, document stages, every store load_* and
   save_* call, each corpus stage, the rest), documents decoded from the store, peak RSS.

Everything is kept in /tmp/wholerun (WORK): a rerun redoes step 3 only (`--rebuild`
redoes step 2). `--src DIR` runs every step on another copy of recoupe's sources (for a
"before" number: `git archive HEAD src | tar -x -C DIR`), through PYTHONPATH.
The added article is a one-line JSONL as orangesum-fr gives it (title, date, text): a
plain .txt would carry no date, and the event stage places an article by its date.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import gzip
import json
import os
import re
import resource
import shutil
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

    from recoupe.model import Document

WORK = Path("/tmp/wholerun")
# orangesum-fr's body is its heading (lead) and its article; bench/bench.py reads the same.
JSONL_TEXT = 'read.jsonl_text=["heading", "article"]'
HELD_OUT = 3
REPLICA_YEARS = 10
SAMPLE_WORKERS = 2  # one per core here
_WORD = re.compile(r"\w+")


def _peak_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# ---------------------------------------------------------------------------- step 1


def select(source: Path, k: int) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """The K + HELD_OUT consecutive dated articles spanning the fewest days (the earliest
    such stretch), in date order; the held-out ones are spread over the stretch."""
    with gzip.open(source, "rt", encoding="utf-8") as fh:
        records = [r for r in map(json.loads, fh) if r.get("date")]
    records.sort(key=lambda r: (r["date"], len(r["id"]), r["id"]))
    days = [dt.date.fromisoformat(r["date"][:10]).toordinal() for r in records]
    n = k + HELD_OUT
    start = min(range(len(records) - n + 1), key=lambda i: (days[i + n - 1] - days[i], i))
    window = records[start : start + n]
    held_at = {n * (j + 1) // (HELD_OUT + 1) for j in range(HELD_OUT)}
    held = [window[i] for i in sorted(held_at)]
    return [r for i, r in enumerate(window) if i not in held_at], held


def child_sample(jsonl: Path, db: Path) -> None:
    """Step 1 in its own process: the real pipeline over the sample."""
    import recoupe

    partial = db.with_suffix(".partial.db")
    _remove_db(partial)
    started = time.perf_counter()
    summary = recoupe.run(
        [jsonl], db=partial, overrides=[JSONL_TEXT, f"run.workers={SAMPLE_WORKERS}"]
    )
    print("\n".join(summary.lines()[:2]))
    print(f"sample analysed in {time.perf_counter() - started:.0f} s")
    partial.rename(db)


# ---------------------------------------------------------------------------- step 2


def _shift_iso(iso: str | None, years: int) -> str | None:
    """``iso`` ``years`` later; 29 February becomes the 28th in a year without it."""
    if not iso or not iso[:4].isdigit():
        return iso
    shifted = f"{int(iso[:4]) + years:04d}{iso[4:]}"
    if shifted[4:10] == "-02-29":
        try:
            dt.date.fromisoformat(shifted[:10])
        except ValueError:
            shifted = f"{shifted[:8]}28{shifted[10:]}"
    return shifted


def _tag(r: int) -> str:
    """Letters naming replica ``r`` ("xb" for 1): appended to every word of a name, a name
    stays a name of as many words (a lone surname still joins its full name)."""
    letters = ""
    while True:
        r, digit = divmod(r, 26)
        letters = chr(97 + digit) + letters
        if not r:
            return "x" + letters


@functools.lru_cache(maxsize=2)
def _rotation(r: int, dim: int) -> NDArray[np.float64]:
    """A random orthogonal matrix, the same for every document of replica ``r``: the
    cosines within the replica are kept, those to other replicas fall to ~1/sqrt(dim)."""
    import numpy as np

    rng = np.random.default_rng(r)
    q, upper = np.linalg.qr(rng.standard_normal((dim, dim)))
    rotation: NDArray[np.float64] = q * np.sign(np.diag(upper))
    return rotation


def _separate(doc: Document, r: int) -> None:
    """Make replica ``r`` a world of its own for the similarity of events and stories:
    its lemmas, the names it mentions, quotes and credits (every word suffixed with the
    replica's tag) and its lead embedding (rotated) share nothing with other replicas."""
    import numpy as np

    tag = _tag(r)

    def salted(name: str | None) -> str | None:
        # Words of 3+ letters: an elided article or particle (l', d', Le) stays one.
        if not name:
            return name
        out = _WORD.sub(lambda m: m.group(0) + tag if len(m.group(0)) >= 3 else m.group(0), name)
        return out if out != name else name + tag

    doc.lemmas = [f"{lemma}{tag}" for lemma in doc.lemmas]
    for mention in doc.entities:
        mention.canonical = salted(mention.canonical or mention.text) or ""
    for quote in doc.quotes:
        quote.speaker = salted(quote.speaker)
    for claim in doc.claims:
        claim.attributed_to = salted(claim.attributed_to)
    if doc.embedding:
        vector = np.asarray(doc.embedding, dtype=np.float64)
        doc.embedding = [float(v) for v in _rotation(r, len(vector)) @ vector]


def replica(doc: Document, r: int, num_perm: int, shingle: int, shared: bool) -> Document:
    """Replica ``r`` of a stored document, with no corpus-level link (the first build
    makes them); replica 0 is the document itself. ``shared``: names, lemmas and
    embeddings stay as they are (see ``--shared-names``)."""
    import copy

    from datasketch import MinHash

    from recoupe.dedup.fingerprint import MINHASH_SCHEME, MINHASH_SEED
    from recoupe.model import stable_id
    from recoupe.text import shingles

    new = copy.deepcopy(doc)
    new.duplicate_of = None
    for key in ("origin_group", "duplicate_kind"):  # dedup.group's marks
        new.meta.extra.pop(key, None)
    for mention in new.entities:
        mention.entity_id = None
    for quote in new.quotes:
        quote.entity_id = quote.group_id = None
    for claim in new.claims:
        claim.fact_id = None
    if r == 0:
        return new

    def renamed(old: str | None, prefix: str) -> str | None:
        return stable_id(str(r), old, prefix=prefix) if old else None

    new.id = stable_id(str(r), doc.id, prefix="d-")
    new.source = f"{doc.source}#replica{r}"
    new.parent_id = renamed(doc.parent_id, "d-")
    for quote in new.quotes:
        quote.id = stable_id(str(r), quote.id, prefix="q-")
    for claim in new.claims:
        claim.id = stable_id(str(r), claim.id, prefix="c-")
        claim.part_of = renamed(claim.part_of, "c-")
        claim.conflicts_with = renamed(claim.conflicts_with, "c-")
    years = REPLICA_YEARS * r
    if new.meta.published is not None:
        new.meta.published.iso = _shift_iso(new.meta.published.iso, years) or ""
    for timex in new.timex:
        timex.iso = _shift_iso(timex.iso, years)
    grams = shingles(new.text, shingle)
    if grams:
        minhash = MinHash(num_perm=num_perm, seed=MINHASH_SEED, scheme=MINHASH_SCHEME)
        minhash.update_batch([f"{r}:{g}".encode() for g in sorted(grams)])
        new.fingerprint = [int(v) for v in minhash.hashvalues]
    if not shared:
        _separate(new, r)
    return new


def child_build(sample_db: Path, db: Path, size: int, meta_path: Path, shared: bool) -> None:
    """Step 2 in its own process (its peak RSS is the first build's)."""
    from recoupe import __version__
    from recoupe.api import corpus_settings
    from recoupe.config import load_config
    from recoupe.pipeline import Pipeline, build_stages
    from recoupe.store import Store

    config = load_config(None, [JSONL_TEXT])
    pipeline = Pipeline(*build_stages(config))
    with Store(sample_db) as sample:
        docs = [d for d in sample.documents() if not d.is_container]
    # Date order: a last, partial replica is a dense stretch too.
    docs.sort(key=lambda d: (d.meta.published.iso if d.meta.published else "", d.id))
    partial = db.with_suffix(".partial.db")
    _remove_db(partial)
    store = Store(partial)
    run_id = store.begin_run(config.to_dict(), ["bench/whole_run.py replicas"], __version__)
    started = time.perf_counter()
    made, r = 0, 0
    while made < size:
        batch = [replica(d, r, config.dedup.num_perm, config.dedup.shingle, shared) for d in docs]
        batch = batch[: size - made]
        store.save_documents(batch, pipeline.signature, run_id)
        made, r = made + len(batch), r + 1
    saved_s = time.perf_counter() - started
    # The corpus pass of `recoupe.run` (api.py) after it saved every document as new: a
    # full one, saved with the corpus settings (a next run is then partial).
    started = time.perf_counter()
    corpus = store.load_for_run(corpus_settings(config))
    load_s = time.perf_counter() - started
    corpus.new_ids = set(corpus.documents)
    failures = pipeline.run_corpus(corpus)
    stages_s = {s.name: pipeline.stats[s.name].seconds for s in pipeline.corpus_stages}
    started = time.perf_counter()
    store.save_corpus(corpus, run_id)
    save_s = time.perf_counter() - started
    store.finish_run(run_id, "done", {"replicas": r}, {})
    counts = store.counts()
    store.close()
    partial.rename(db)
    meta = {
        "size": size,
        "replicas_mode": "shared names" if shared else "independent",
        "replicas": r,
        "sample_documents": len(docs),
        "signature": pipeline.signature,
        "replicas_saved_s": saved_s,
        "load_corpus_s": load_s,
        "stages_s": stages_s,
        "save_corpus_s": save_s,
        "first_build_s": load_s + sum(stages_s.values()) + save_s,
        "failures": [f"{f.stage}: {f.detail}" for f in failures],
        "counts": counts,
        "peak_rss_mib": _peak_mib(),
    }
    meta_path.write_text(json.dumps(meta, indent=1))


# ---------------------------------------------------------------------------- step 3


def child_add(db: Path, article: Path, out: Path) -> None:
    """Step 3 in its own process: `recoupe.api.run([article], db)`, with the store's
    load_* / save_* methods, the model setup and the outlet-furniture pass timed by
    wrapping them (only the outermost wrapped call counts, so the phases do not overlap),
    and the documents decoded from the store counted."""
    started = time.perf_counter()
    from recoupe import api
    from recoupe.config import load_config
    from recoupe.pipeline import Pipeline, build_stages
    from recoupe.store import Store
    from recoupe.store import sqlite as store_module

    import_s = time.perf_counter() - started
    phases: dict[str, float] = {}
    depth = [0]

    def timed(owner: Any, name: str, label: str) -> None:
        fn: Callable[..., Any] = getattr(owner, name)

        @functools.wraps(fn)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            if depth[0]:
                return fn(*args, **kwargs)
            depth[0] += 1
            begun = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                depth[0] -= 1
                phases[label] = phases.get(label, 0.0) + time.perf_counter() - begun

        setattr(owner, name, wrapper)

    timed(Pipeline, "setup", "model setup")
    timed(api, "_outlet_furniture", "outlet furniture")
    for name in sorted(vars(Store)):
        if name.startswith(("load_", "save_")) and callable(getattr(Store, name)):
            timed(Store, name, f"store.{name}")
    decoded = [0]
    decode = getattr(store_module, "document_from_row", None)
    if decode is not None:

        def counting(*args: Any, **kwargs: Any) -> Any:
            decoded[0] += 1
            return decode(*args, **kwargs)

        store_module.document_from_row = counting  # type: ignore[attr-defined]

    begun = time.perf_counter()
    summary = api.run([article], db, overrides=[JSONL_TEXT])
    run_s = time.perf_counter() - begun
    doc_stages, corpus_stages = build_stages(load_config(None, [JSONL_TEXT]))
    result = {
        "import_s": import_s,
        "run_s": run_s,
        "phases": phases,
        "stages": {n: float(s["seconds"] or 0.0) for n, s in summary.stages.items()},
        "doc_stages": [s.name for s in doc_stages],
        "corpus_stages": [s.name for s in corpus_stages],
        "decoded": decoded[0] if decode is not None else None,
        "processed": summary.processed,
        "corpus_pass": summary.corpus_pass,
        "rejections": [f"{r.stage}: {r.reason} {r.detail}" for r in summary.rejections],
        "totals": summary.totals,
        "peak_rss_mib": _peak_mib(),
    }
    out.write_text(json.dumps(result, indent=1))


def child_open(db: Path) -> None:
    """Open and close a store: its migrations are applied once, not in every timed run."""
    from recoupe.store import Store

    Store(db).close()


# ---------------------------------------------------------------------------- driver


def _remove_db(path: Path) -> None:
    for p in (path, Path(f"{path}-wal"), Path(f"{path}-shm")):
        p.unlink(missing_ok=True)


def _child(args: list[str], src: Path | None) -> float:
    """Run this script's ``--child`` in a fresh interpreter; returns its wall time."""
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = str(src)
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, str(Path(__file__).resolve()), "--child", *args],
        check=True,
        env=env,
        cwd=WORK,  # no stray recoupe.toml
    )
    return time.perf_counter() - started


def _code_label(src: Path | None) -> str:
    if src is not None:
        commit = src.parent / "COMMIT"
        return f"{src}" + (
            f" (commit {commit.read_text().strip()[:10]})" if commit.exists() else ""
        )
    repo = Path(__file__).resolve().parents[1]
    git = ["git", "-C", str(repo)]
    head = subprocess.run([*git, "rev-parse", "HEAD"], capture_output=True, text=True).stdout
    dirty = subprocess.run(
        [*git, "status", "--porcelain", "src"], capture_output=True, text=True
    ).stdout.splitlines()
    return f"working tree (HEAD {head.strip()[:10]}, {len(dirty)} changed file(s) under src/)"


def _row(label: str, values: list[float | None], fmt: str = "{:8.2f}") -> str:
    cells = [fmt.format(v) if v is not None else "       -" for v in values]
    known = [v for v in values if v is not None]
    median = fmt.format(statistics.median(known)) if known else "       -"
    return f"  {label:<28}" + " ".join(cells) + "   " + median


def report_size(db: Path, meta: dict[str, Any], runs: list[dict[str, Any]]) -> list[str]:
    counts = meta["counts"]
    out = [
        f"store of {counts['documents']:,} documents ({meta['replicas']} replica(s) of "
        f"{meta['sample_documents']}), {db.stat().st_size / 2**20:,.0f} MiB: {db}",
        f"  first build (all corpus stages over the store, once): "
        f"{meta['first_build_s']:.1f} s = load_corpus {meta['load_corpus_s']:.1f} + "
        + " + ".join(f"{n} {s:.1f}" for n, s in meta["stages_s"].items())
        + f" + save_corpus {meta['save_corpus_s']:.1f}; peak RSS {meta['peak_rss_mib']:,.0f} MiB"
        + (f"; FAILED: {meta['failures']}" if meta["failures"] else ""),
        f"  results: {counts['events']:,} events, {counts['stories']:,} stories, "
        f"{counts['entities']:,} entities, {counts['facts']:,} facts, "
        f"{counts['quote_groups']:,} quote groups",
        "  add one article, seconds"
        + " " * 6
        + "".join(f"   run {i + 1}" for i in range(len(runs)))
        + "   median",
    ]
    out.append(_row("process wall (what one pays)", [r["wall_s"] for r in runs]))
    out.append(_row("python start + imports", [r["wall_s"] - r["run_s"] for r in runs]))
    out.append(_row("api.run", [r["run_s"] for r in runs]))
    phases = sorted({p for r in runs for p in r["phases"]})
    for phase in phases:
        out.append(_row(f"  {phase}", [r["phases"].get(phase) for r in runs]))
    doc_stages, corpus_stages = runs[0]["doc_stages"], runs[0]["corpus_stages"]
    out.append(
        _row("  document stages", [sum(r["stages"].get(n, 0.0) for n in doc_stages) for r in runs])
    )
    for name in corpus_stages:
        out.append(_row(f"  {name}", [r["stages"].get(name) for r in runs]))
    out.append(
        _row(
            "  the rest",
            [r["run_s"] - sum(r["phases"].values()) - sum(r["stages"].values()) for r in runs],
        )
    )
    out.append(
        _row(
            "documents decoded",
            [r["decoded"] for r in runs],
            "{:8.0f}",
        )
    )
    out.append(_row("peak RSS (MiB)", [r["peak_rss_mib"] for r in runs], "{:8.0f}"))
    for i, r in enumerate(runs, 1):
        if r["processed"] != 1 or r["rejections"]:
            out.append(f"  run {i}: processed {r['processed']}, rejections {r['rejections']}")
        if r.get("corpus_pass", "partial") != "partial":
            # A store cached by an older recoupe (no corpus settings saved, or another
            # feature state) gets a full pass: the run then measures the store, not one
            # article. --rebuild makes the stores again with this code.
            out.append(
                f"  run {i}: a FULL corpus pass (the cached store predates this code? "
                "rerun with --rebuild): not the cost of adding one article"
            )
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="10000,36000", help="store sizes, comma-separated")
    parser.add_argument("--sample", type=int, default=600, help="articles analysed (K)")
    parser.add_argument(
        "--runs", type=int, default=HELD_OUT, help=f"articles added (<= {HELD_OUT})"
    )
    parser.add_argument("--data", type=Path, default=None, help="the shared data folder")
    parser.add_argument("--src", type=Path, default=None, help="recoupe sources to run instead")
    parser.add_argument(
        "--shared-names",
        action="store_true",
        help="replicas keep their lemmas, names and embeddings (the stories stage then "
        "links copies of one event across replicas: see the module's docstring)",
    )
    parser.add_argument("--rebuild", action="store_true", help="redo step 2 (the stores)")
    parser.add_argument("--out", type=Path, default=None, help="also write the report here")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        paths = [Path(p) for p in rest]
        if kind == "sample":
            child_sample(*paths)
        elif kind == "build":
            child_build(paths[0], paths[1], int(rest[2]), paths[3], rest[4] == "shared")
        elif kind == "add":
            child_add(*paths)
        elif kind == "open":
            child_open(*paths)
        return 0

    from recoupe.evaluate import default_data_dir

    source = (args.data or default_data_dir()) / "orangesum-fr" / "articles.jsonl.gz"
    if not source.exists():
        print(f"bench: {source} not found; the shared data folder is needed", file=sys.stderr)
        return 1
    src = args.src.resolve() if args.src else None
    WORK.mkdir(parents=True, exist_ok=True)
    k = args.sample
    lines = [
        f"bench/whole_run.py, {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, "
        f"code: {_code_label(src)}"
    ]
    print(lines[0], flush=True)

    sample, held = select(source, k)
    sample_jsonl, sample_db = WORK / f"sample-{k}.jsonl", WORK / f"sample-{k}.db"
    if not sample_db.exists():
        with sample_jsonl.open("w", encoding="utf-8") as fh:
            fh.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in sample)
        wall = _child(["sample", str(sample_jsonl), str(sample_db)], src)
        print(f"step 1: {k} articles analysed in {wall:.0f} s (process wall)", flush=True)
    articles = []
    for j, rec in enumerate(held[: args.runs]):
        path = WORK / f"new-{k}-{j}.jsonl"
        path.write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
        articles.append(path)
    lines.append(
        f"sample: {k} orangesum-fr articles dated {sample[0]['date']} .. {sample[-1]['date']}; "
        f"added: articles {', '.join(r['id'] for r in held[: args.runs])} of the same stretch"
    )
    print(lines[-1], flush=True)

    for size in (int(s) for s in args.sizes.split(",")):
        mode = "shared" if args.shared_names else "indep"
        name = f"store-{k}-{size}-{mode}"
        db, meta_path = WORK / f"{name}.db", WORK / f"{name}.json"
        if args.rebuild or not (db.exists() and meta_path.exists()):
            _remove_db(db)
            build = ["build", str(sample_db), str(db), str(size), str(meta_path), mode]
            wall = _child(build, src)
            print(f"step 2: store of {size:,} built in {wall:.0f} s (process wall)", flush=True)
        meta = json.loads(meta_path.read_text())
        _child(["open", str(db)], src)
        runs: list[dict[str, Any]] = []
        for article in articles:
            copy, out = WORK / "run.db", WORK / "run.json"
            _remove_db(copy)
            shutil.copyfile(db, copy)
            wall = _child(["add", str(copy), str(article), str(out)], src)
            runs.append({**json.loads(out.read_text()), "wall_s": wall})
            _remove_db(copy)
        block = report_size(db, meta, runs)
        print("\n".join(block), flush=True)
        lines.extend(block)
    if args.out:
        args.out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
