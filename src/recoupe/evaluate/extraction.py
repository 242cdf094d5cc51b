"""Main-text extraction: recoupe's cleaner against plain trafilatura, same pages, same run.

1. trafilatura-eval (990 annotated pages, mostly German/English, ~85 French): the
   segment-level metric trafilatura publishes. A "with" segment found in the output is a
   true positive, missing a false negative; a "without" (boilerplate) segment found is a
   false positive, absent a true negative. Matching is trafilatura's own (count_item in
   its tests/eval_common.py): substring after squashing whitespace runs, no-break spaces
   included, to one space. Output and segments are also NFC/apostrophe normalised the same
   way for both systems (recoupe normalises its text; without this a segment with ’ could
   never match recoupe's ').
2. orangesum-fr raw pages: token 4-gram F1 against title + heading + article (silver).
"""

from __future__ import annotations

import gzip
import json
import time
from pathlib import Path
from typing import Any

from recoupe.config import ReadConfig
from recoupe.evaluate import require
from recoupe.evaluate.archive import unpacked
from recoupe.evaluate.metrics import shingle_f1
from recoupe.model import Document, Rejection
from recoupe.text import normalize, words


def _matchable(text: str) -> str:
    """NFC, one apostrophe, whitespace runs squashed (``re.sub(r"\\s+", " ", t)`` upstream)."""
    return " ".join(normalize(text).split())


class _Counts:
    def __init__(self) -> None:
        self.tp = self.fp = self.tn = self.fn = 0
        self.seconds = 0.0
        self.pages = 0

    def add(self, output: str | None, item: dict[str, Any]) -> None:
        self.pages += 1
        text = _matchable(output) if output else None
        for seg in item["with"]:
            if text is not None and _matchable(seg) in text:
                self.tp += 1
            else:
                self.fn += 1
        for seg in item["without"]:
            if text is not None and _matchable(seg) in text:
                self.fp += 1
            else:
                self.tn += 1

    def scores(self) -> dict[str, float | int]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        total = self.tp + self.fp + self.tn + self.fn
        return {
            "pages": self.pages,
            "precision": round(p, 4),
            "recall": round(r, 4),
            "accuracy": round((self.tp + self.tn) / total, 4) if total else 0.0,
            "f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "ms_per_page": round(1000 * self.seconds / self.pages, 1) if self.pages else 0.0,
        }


class _Systems:
    """The two extractors compared: recoupe's read + clean, and trafilatura alone."""

    def __init__(self) -> None:
        from recoupe.clean.boilerplate import CleanStage

        self.clean = CleanStage()
        self.clean.setup()
        self.read_config = ReadConfig()

    def recoupe(self, data: bytes, name: str) -> str | None:
        from recoupe.errors import Rejected
        from recoupe.read import read_stream

        for item in read_stream(data, name, self.read_config):
            if isinstance(item, Rejection):
                return None
            item.format = "html"  # every evaluation page is HTML, whatever sniffing says
            try:
                out = self.clean.process(item)
            except Rejected:
                return None
            return out.text if isinstance(out, Document) else None
        return None

    @staticmethod
    def trafilatura(data: bytes) -> str | None:
        import trafilatura

        result = trafilatura.extract(data, include_comments=False)
        return str(result) if result is not None else None


def trafilatura_eval_roots(folder: Path) -> list[Path]:
    """Where trafilatura-eval's pages unpack: its two archives (evaluation pages, cache)."""
    return [unpacked(folder / "eval_html.tar.xz"), unpacked(folder / "cache_html.tar.xz")]


def page_path(roots: list[Path], name: str) -> Path | None:
    """A trafilatura-eval page by its file name, in whichever archive holds it."""
    candidates = (p for r in roots for p in (r / "eval" / name, r / "cache" / name))
    return next((p for p in candidates if p.exists()), None)


def _trafilatura_eval(data_dir: Path, limit: int | None, systems: _Systems) -> dict[str, Any]:
    folder = require(data_dir / "trafilatura-eval", "trafilatura-eval")
    entries: dict[str, dict[str, Any]] = json.loads((folder / "evaldata.json").read_text())
    french = set(json.loads((folder / "french_like_entries.json").read_text()))
    roots = trafilatura_eval_roots(folder)
    totals = {"recoupe": _Counts(), "trafilatura": _Counts()}
    fr = {"recoupe": _Counts(), "trafilatura": _Counts()}
    missing = 0
    for i, (url, item) in enumerate(sorted(entries.items())):
        if limit is not None and i >= limit:
            break
        path = page_path(roots, item["file"])
        if path is None:
            missing += 1
            continue
        data = path.read_bytes()
        for name in ("recoupe", "trafilatura"):
            started = time.perf_counter()
            if name == "recoupe":
                out = systems.recoupe(data, str(path))
            else:
                out = systems.trafilatura(data)
            elapsed = time.perf_counter() - started
            totals[name].add(out, item)
            totals[name].seconds += elapsed
            if url in french:
                fr[name].add(out, item)
                fr[name].seconds += elapsed
    return {
        "metric": "segment-level precision/recall/F1 (trafilatura evaluation.rst)",
        "published": {"trafilatura 2.2.0 standard": 0.924, "readability-lxml": 0.826},
        "all": {k: v.scores() for k, v in totals.items()},
        "french": {k: v.scores() for k, v in fr.items()},
        "missing_files": missing,
    }


def _orangesum(data_dir: Path, limit: int | None, systems: _Systems) -> dict[str, Any]:
    folder = require(data_dir / "orangesum-fr", "orangesum-fr")
    pages = unpacked(folder / "raw_html_test_splits.tar.xz") / "raw_html_test"
    wanted = {p.stem: p for p in sorted(pages.glob("*.html"))}
    ids = sorted(wanted, key=int)[: limit if limit is not None else 300]
    keep = set(ids)
    gold: dict[str, str] = {}
    with gzip.open(folder / "articles.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["id"] in keep:
                gold[rec["id"]] = "\n".join(rec[k] for k in ("title", "heading", "article"))
    scores: dict[str, list[float]] = {"recoupe": [], "trafilatura": []}
    for doc_id in ids:
        if doc_id not in gold:
            continue
        data = wanted[doc_id].read_bytes()
        ref = words(normalize(gold[doc_id]))
        for name, out in (
            ("recoupe", systems.recoupe(data, str(wanted[doc_id]))),
            ("trafilatura", systems.trafilatura(data)),
        ):
            scores[name].append(shingle_f1(words(out or ""), ref))
    return {
        "metric": "token 4-gram F1 against title + heading + article (silver)",
        "pages": len(scores["recoupe"]),
        **{k: round(sum(v) / len(v), 4) if v else 0.0 for k, v in scores.items()},
    }


def evaluate(data_dir: Path, limit: int | None = None) -> dict[str, Any]:
    systems = _Systems()
    return {
        "trafilatura_eval": _trafilatura_eval(data_dir, limit, systems),
        "orangesum": _orangesum(data_dir, limit, systems),
    }
