"""Page metadata against trafilatura-eval's gold: publication dates and authors.

trafilatura-eval annotates, for most of its 990 pages, the author (538 non-empty) and the
publication date (728 non-empty). The pages are mostly German and English blogs and news
sites, which is what makes them useful here: the byline heuristics are tested away from
the French seeds they were written on. recoupe's path (read, clean, meta.dates,
meta.outlet, with the page's URL as a crawler would give it) is compared in the same run
with trafilatura's own metadata (``bare_extraction`` at its standard settings, whose
dates come from htmldate).

Dates: exact at day precision, among pages whose gold has a date. Authors: the gold and
predicted strings are split into names ("Benjamin Fischer und Marcus Theurer" is two)
and compared as sets of lower-cased names: precision and recall over names, and on the
pages whose gold has NO author, the share where a system still returned one (junk or a
name the annotators did not count: either way a user sees a byline the page's own
annotation does not support).
"""

from __future__ import annotations

import json
import re
import time
import unicodedata
from pathlib import Path
from typing import Any

from recoupe.config import ReadConfig
from recoupe.evaluate import require
from recoupe.evaluate.extraction import page_path, trafilatura_eval_roots
from recoupe.model import Document, Rejection

_NAME_SEPARATORS = re.compile(r"\s*(?:;|,|&|/|\||\band\b|\bund\b|\bet\b|\bwith\b|\bmit\b)\s*", re.I)


def names_of(value: str | list[str] | None) -> set[str]:
    if not value:
        return set()
    parts = value if isinstance(value, list) else [value]
    out: set[str] = set()
    for part in parts:
        for name in _NAME_SEPARATORS.split(part):
            clean = " ".join(unicodedata.normalize("NFC", name).split()).strip(" .").lower()
            if clean:
                out.add(clean)
    return out


class _Authors:
    def __init__(self) -> None:
        self.tp = self.fp = self.fn = 0
        self.exact = self.with_gold = 0
        self.spurious = self.without_gold = 0

    def add(self, predicted: set[str], gold: set[str]) -> None:
        if gold:
            self.with_gold += 1
            self.tp += len(predicted & gold)
            self.fp += len(predicted - gold)
            self.fn += len(gold - predicted)
            self.exact += predicted == gold
        else:
            self.without_gold += 1
            self.spurious += bool(predicted)

    def scores(self) -> dict[str, Any]:
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        return {
            "pages_with_author": self.with_gold,
            "name_precision": round(p, 4),
            "name_recall": round(r, 4),
            "name_f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "exact_pages": round(self.exact / self.with_gold, 4) if self.with_gold else 0.0,
            "pages_without_author": self.without_gold,
            "byline_where_gold_has_none": round(self.spurious / self.without_gold, 4)
            if self.without_gold
            else 0.0,
        }


class _Dates:
    def __init__(self) -> None:
        self.exact = self.found = self.pages = 0
        self.misses: list[str] = []

    def add(self, predicted: str | None, gold: str, page: str) -> None:
        self.pages += 1
        self.found += predicted is not None
        if predicted == gold:
            self.exact += 1
        elif len(self.misses) < 8:
            self.misses.append(f"{page}: {predicted} (gold {gold})")

    def scores(self) -> dict[str, Any]:
        return {
            "pages": self.pages,
            "exact_day": round(self.exact / self.pages, 4) if self.pages else 0.0,
            "found": round(self.found / self.pages, 4) if self.pages else 0.0,
            "examples_of_misses": self.misses,
        }


def _recoupe(data: bytes, name: str, url: str, stages: list[Any]) -> Document | None:
    from recoupe.errors import Rejected
    from recoupe.read import read_stream

    for item in read_stream(data, name, ReadConfig()):
        if isinstance(item, Rejection):
            return None
        item.format = "html"
        item.meta.url = url
        doc: Document = item
        try:
            for stage in stages:
                out = stage.process(doc)
                if not isinstance(out, Document):
                    return None
                doc = out
        except Rejected:
            return None
        return doc
    return None


def _trafilatura(data: bytes, url: str) -> tuple[str | None, str | None]:
    import trafilatura

    result = trafilatura.bare_extraction(data, url=url, with_metadata=True)
    if result is None:
        return None, None
    date = getattr(result, "date", None)
    return (str(date)[:10] if date else None), getattr(result, "author", None)


def evaluate(data_dir: Path, limit: int | None = None) -> dict[str, Any]:
    from recoupe.clean.boilerplate import CleanStage
    from recoupe.meta.dates import DateStage
    from recoupe.meta.outlet import OutletStage

    folder = require(data_dir / "trafilatura-eval", "trafilatura-eval")
    entries: dict[str, dict[str, Any]] = json.loads((folder / "evaldata.json").read_text())
    roots = trafilatura_eval_roots(folder)
    stages: list[Any] = [CleanStage(), DateStage(), OutletStage()]
    for stage in stages:
        stage.setup()
    dates = {"recoupe": _Dates(), "trafilatura": _Dates()}
    authors = {"recoupe": _Authors(), "trafilatura": _Authors()}
    seconds = {"recoupe": 0.0, "trafilatura": 0.0}
    annotated = [(u, e) for u, e in sorted(entries.items()) if "author" in e or "date" in e]
    for url, item in annotated[:limit]:
        path = page_path(roots, item["file"])
        if path is None:
            continue
        data = path.read_bytes()
        started = time.perf_counter()
        doc = _recoupe(data, str(path), url, stages)
        seconds["recoupe"] += time.perf_counter() - started
        ours_date = doc.meta.published.date[:10] if doc and doc.meta.published else None
        if ours_date is not None and len(ours_date) < 10:
            ours_date = None  # month or year precision is not a day
        ours_authors = names_of(doc.meta.bylines) if doc else set()
        started = time.perf_counter()
        their_date, their_author = _trafilatura(data, url)
        seconds["trafilatura"] += time.perf_counter() - started
        if item.get("date"):
            dates["recoupe"].add(ours_date, item["date"][:10], item["file"])
            dates["trafilatura"].add(their_date, item["date"][:10], item["file"])
        if "author" in item:
            gold = names_of(item["author"])
            authors["recoupe"].add(ours_authors, gold)
            authors["trafilatura"].add(names_of(their_author), gold)
    pages = max(len(annotated[:limit]), 1)
    return {
        "data": "trafilatura-eval pages with a date or author annotation",
        "dates": {k: v.scores() for k, v in dates.items()},
        "authors": {k: v.scores() for k, v in authors.items()},
        "ms_per_page": {k: round(1000 * v / pages, 1) for k, v in seconds.items()},
    }
