"""Publication dates, and the time expressions of the text resolved against them.

1. Share of exact publication dates at day precision: orangesum-fr raw pages (Orange
   Actu) against the date stored with each article, through the pipeline's own
   read -> clean -> meta.dates path, as a user would run it.
2. Time expressions ("mercredi", "le 9 septembre", "l'an dernier") on the same pages,
   resolved with the gold date as anchor. There is no gold for what they mean, so this
   reports how many there are and the share resolved, plus one check that has an
   answer: a weekday written with its date ("jeudi 25 juin"), the date blanked out, the
   weekday alone resolved against the page's date and compared with the written day.
   (The same trick on years says little: writers add the year exactly when it is not
   the nearest one, so blanking it fails by construction.)
"""

from __future__ import annotations

import datetime as dt
import gzip
import json
import re
import time
from collections import Counter
from pathlib import Path
from typing import Any

from recoupe.config import ReadConfig
from recoupe.errors import Rejected
from recoupe.evaluate import require
from recoupe.evaluate.archive import unpacked
from recoupe.model import DateValue, Document, Rejection, TimeExpression

_WEEKDAY_FIRST = re.compile(
    r"^(?:(?:ce|cette|this)\s+)?(?:lundi|mardi|mercredi|jeudi|vendredi|samedi|dimanche"
    r"|monday|tuesday|wednesday|thursday|friday|saturday|sunday)",
    re.IGNORECASE,
)


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
    texts: list[tuple[str, str]] = []  # (cleaned text, gold day) for the second measure
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
                    texts.append((out.text, gold[doc_id]))
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
        "time_expressions": time_expressions(texts),
        "trafilatura_eval": _trafilatura_eval_dates(data_dir, limit),
    }


def _trafilatura_eval_dates(data_dir: Path, limit: int | None) -> dict[str, Any]:
    """The same measure on trafilatura-eval's pages that carry a gold date (728, mostly
    German and English), recoupe and trafilatura side by side (see evaluate/metadata.py,
    which runs the pages once for dates and authors)."""
    from recoupe.errors import EvalError
    from recoupe.evaluate import metadata

    try:
        return dict(metadata.evaluate(data_dir, limit)["dates"])
    except EvalError as exc:  # that data set absent: the orangesum measure still stands
        return {"error": str(exc)}


def time_expressions(texts: list[tuple[str, str]]) -> dict[str, Any]:
    """The text's time expressions resolved with each page's gold day as anchor."""
    from recoupe.meta.timex import resolve_all

    today = dt.date.today()
    kinds: Counter[str] = Counter()
    resolved: Counter[str] = Counter()
    weekday = _Check()
    start = time.perf_counter()
    found = [
        (text, day, resolve_all(text, DateValue(day, "day", "gold"), today)) for text, day in texts
    ]
    ms = (time.perf_counter() - start) * 1000 / max(1, len(texts))
    # The same pages as if only the month were known (the seeds' "date 2023-09" header)
    # or nothing: what each anchor precision lets through.
    coarser = {"month": 0, "none": 0}
    for text, day in texts:
        coarser["month"] += sum(
            e.iso is not None for e in resolve_all(text, DateValue(day[:7], "month"), today)
        )
        coarser["none"] += sum(e.iso is not None for e in resolve_all(text, None, today))
    for text, day, expressions in found:
        anchor = DateValue(day, "day", "gold")
        for e in expressions:
            kinds[e.kind] += 1
            resolved[e.kind] += e.iso is not None
            if e.iso is None or e.precision not in ("day", "minute"):
                continue
            written_day = e.kind in ("absolute", "day_month")
            if written_day and (m := _WEEKDAY_FIRST.match(e.text)):  # "jeudi 25 juin": "jeudi"
                weekday.add(text, anchor, e, e.start + m.end(), e.end, today)
    total = sum(kinds.values())
    return {
        "metric": (
            "time expressions per page and share resolved, with the page's gold date as "
            "anchor; no gold says what they mean, so this is not a correctness measure"
        ),
        "pages": len(texts),
        "expressions_per_page": round(total / len(texts), 2) if texts else 0.0,
        "resolved_share": round(sum(resolved.values()) / total, 4) if total else 0.0,
        "resolved_share_month_anchor": round(coarser["month"] / total, 4) if total else 0.0,
        "resolved_share_no_anchor": round(coarser["none"] / total, 4) if total else 0.0,
        "by_kind": {k: {"count": c, "resolved": resolved[k]} for k, c in kinds.most_common()},
        "ms_per_page": round(ms, 3),  # absolute grammar (find_dates) included
        "weekday_check": weekday.summary(
            "a weekday written with its date ('jeudi 25 juin'): the weekday alone resolved "
            "against the page's date, compared with the written day"
        ),
    }


class _Check:
    """Blank part of a written date, resolve what is left, compare with what was written."""

    def __init__(self) -> None:
        self.cases = 0
        self.correct = 0
        self.misses: list[str] = []
        self.own_day = 0
        self.own_day_correct = 0

    def add(
        self, text: str, anchor: DateValue, e: TimeExpression, cut: int, end: int, today: dt.date
    ) -> None:
        from recoupe.meta.timex import find_expressions, resolve

        blanked = text[:cut] + " " * (end - cut) + text[end:]
        # Only the window around the expression: the rest of the page cannot change it.
        lo, hi = max(0, e.start - 60), min(len(text), e.end + 60)
        window = " " * lo + blanked[lo:hi]
        again = [f for f in find_expressions(window) if f.start <= e.start < f.end]
        if not again:
            return
        got = resolve(again[0], window, anchor, today)
        # The page's own day (its dateline, "Publié le jeudi 25 juin 2020") is counted
        # apart: it is a case every rule gets right, and there is one on most pages.
        own = e.iso is not None and e.iso[:10] == anchor.iso[:10]
        self.cases += 1
        self.own_day += own
        if e.iso is not None and got.iso == e.iso[:10]:
            self.correct += 1
            self.own_day_correct += own
        elif len(self.misses) < 8:
            context = " ".join(text[max(0, e.start - 50) : e.end].split())
            self.misses.append(f"{anchor.iso}: {context!r} -> {got.iso}, written {e.iso}")

    def summary(self, what: str) -> dict[str, Any]:
        other = self.cases - self.own_day
        other_correct = self.correct - self.own_day_correct
        return {
            "what": what,
            "cases": self.cases,
            "correct": round(self.correct / self.cases, 4) if self.cases else 0.0,
            "cases_other_than_the_page_day": other,
            "correct_other_than_the_page_day": round(other_correct / other, 4) if other else 0.0,
            "examples_of_misses": self.misses,
        }
