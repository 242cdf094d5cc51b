"""Publication dates: share of exact dates at day precision on pages with a known date.

orangesum-fr raw pages (Orange Actu) against the date stored with each article. The
pipeline's own read -> clean -> meta.dates path is measured, as a user would run it.
"""

from __future__ import annotations

import gzip
import json
from pathlib import Path
from typing import Any

from recoupe.config import ReadConfig
from recoupe.errors import Rejected
from recoupe.evaluate import require
from recoupe.evaluate.archive import unpacked
from recoupe.model import Document, Rejection


def evaluate(data_dir: Path, limit: int | None = None) -> dict[str, Any]:
    from recoupe.clean.boilerplate import CleanStage
    from recoupe.meta.dates import DateStage
    from recoupe.read import read_stream

    folder = require(data_dir / "orangesum-fr", "orangesum-fr")
    pages = unpacked(folder / "raw_html_test_splits.tar.xz") / "raw_html_test"
    ids = sorted((p.stem for p in pages.glob("*.html")), key=int)[: limit or 500]
    keep = set(ids)
    gold: dict[str, str] = {}
    with gzip.open(folder / "articles.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["id"] in keep and rec.get("date"):
                gold[rec["id"]] = rec["date"][:10]
    clean, dates = CleanStage(), DateStage()
    clean.setup()
    dates.setup()
    exact = found = day_precision = 0
    misses: list[str] = []
    for doc_id in ids:
        if doc_id not in gold:
            continue
        path = pages / f"{doc_id}.html"
        predicted = None
        precision = None
        for item in read_stream(path.read_bytes(), str(path), ReadConfig()):
            if isinstance(item, Rejection):
                break
            try:
                out = clean.process(item)
                if isinstance(out, Document):
                    out = dates.process(out)
            except Rejected:
                break
            if isinstance(out, Document) and out.meta.published:
                predicted = out.meta.published.date
                precision = out.meta.published.precision
        if predicted:
            found += 1
            if precision in ("day", "minute"):
                day_precision += 1
        if predicted == gold[doc_id]:
            exact += 1
        elif len(misses) < 10:
            misses.append(f"{doc_id}: gold {gold[doc_id]}, got {predicted}")
    n = len([i for i in ids if i in gold])
    return {
        "metric": "share of pages whose publication date is exact at day precision",
        "pages": n,
        "exact_day": round(exact / n, 4) if n else 0.0,
        "found": round(found / n, 4) if n else 0.0,
        "day_precision": round(day_precision / n, 4) if n else 0.0,
        "examples_of_misses": misses,
    }
