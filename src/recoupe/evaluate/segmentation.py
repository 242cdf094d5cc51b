"""Page splitting: are glued texts told apart, and are single articles left whole?

No public French corpus of scraped pages with their story boundaries exists, so the gold
is built the way scrapers make the dirt: real articles glued end to end.

- rpm2-fr-dev (200 articles, 10 topics; one paragraph per line, title first): pairs of
  articles on different topics, glued without the second title (the hard case: no cue at
  all, like seed 000) and with it (a headline cue, like seed 002). This set calibrated
  the thresholds in clean/segments.py: its scores are fit, not held out.
- orangesum-fr (held out, never used to choose anything): article texts, whose
  paragraphs survive as a sentence end glued to the next capital ("jeudi.Le
  gouvernement"); random pairs glued without cue, and single articles.

Metrics: Pk (Beeferman et al. 1999) and WindowDiff (Pevzner and Hearst 2002) at
paragraph level, from nltk.metrics.segmentation, averaged over documents (lower is
better); the share of glued pairs split exactly at the glue, within one paragraph, and
the share of single articles split at all (false splits).
"""

from __future__ import annotations

import gzip
import itertools
import json
import random
import re
import statistics
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from recoupe.evaluate import require

# Paragraph ends that orangesum's text lost: end punctuation glued to the next capital.
_GLUED_PARAGRAPH = re.compile(r'(?<=[a-zà-ÿ0-9][.!?]|[.!?][»"])(?=[A-ZÀ-Ý])')
_SEED = 13  # fixed: the same pairs every run, so numbers compare across commits


def _boundaries(paragraphs: Sequence[str]) -> list[int]:
    from recoupe.clean.segments import segment

    return [seg.first for seg in segment(paragraphs)[1:]]


def _mask(n: int, cuts: Sequence[int]) -> str:
    """nltk's segmentation string: one char per paragraph gap, "1" where a text starts."""
    starts = set(cuts)
    return "".join("1" if i in starts else "0" for i in range(1, n))


class _Scores:
    def __init__(self) -> None:
        self.pk: list[float] = []
        self.wd: list[float] = []
        self.exact = self.near = self.split = self.docs = 0

    def add(self, n: int, gold: Sequence[int], found: Sequence[int]) -> None:
        from nltk.metrics.segmentation import pk, windowdiff  # type: ignore[import-untyped]

        self.docs += 1
        self.split += bool(found)
        if gold:
            self.exact += all(g in found for g in gold) and len(found) == len(gold)
            self.near += all(any(abs(g - f) <= 1 for f in found) for g in gold)
        ref, hyp = _mask(n, gold), _mask(n, found)
        if len(ref) < 2:
            return
        # k: half the mean reference segment length, the convention both papers use.
        k = max(2, round(n / (len(gold) + 1) / 2))
        k = min(k, len(ref) - 1)
        self.pk.append(pk(ref, hyp, k=k, boundary="1"))
        self.wd.append(windowdiff(ref, hyp, k, boundary="1"))

    def report(self, glued: bool) -> dict[str, Any]:
        out: dict[str, Any] = {"documents": self.docs}
        if glued:
            out["split_exactly"] = round(self.exact / self.docs, 3) if self.docs else 0.0
            out["split_within_one_paragraph"] = (
                round(self.near / self.docs, 3) if self.docs else 0.0
            )
        else:
            out["falsely_split"] = round(self.split / self.docs, 3) if self.docs else 0.0
        out["pk"] = round(statistics.fmean(self.pk), 4) if self.pk else None
        out["windowdiff"] = round(statistics.fmean(self.wd), 4) if self.wd else None
        return out


def _rpm2(folder: Path, pairs: int) -> dict[str, Any]:
    articles: dict[str, tuple[str, list[str]]] = {}
    for path in sorted((folder / "documents").glob("*.txt")):
        lines = [ln.strip().lstrip("\ufeff") for ln in path.read_text("utf-8").splitlines()]
        lines = [ln for ln in lines if ln]
        if len(lines) >= 3:
            articles[path.stem] = (lines[0], lines[1:])
    names = sorted(articles)
    rng = random.Random(_SEED)
    no_cue, headline, single = _Scores(), _Scores(), _Scores()
    done = 0
    while done < pairs:
        a, b = rng.sample(names, 2)
        if a[:3] == b[:3]:  # "T01_C1_01": same topic, not a glue of two stories
            continue
        first, (title, second) = articles[a][1], articles[b]
        glued = [*first, *second]
        no_cue.add(len(glued), [len(first)], _boundaries(glued))
        with_title = [*first, title, *second]
        headline.add(len(with_title), [len(first)], _boundaries(with_title))
        done += 1
    for name in names:
        body = articles[name][1]
        single.add(len(body), [], _boundaries(body))
    return {
        "glued_no_cue": no_cue.report(True),
        "glued_with_headline": headline.report(True),
        "single": single.report(False),
        "note": "calibration set (the thresholds were chosen on it)",
    }


def _orangesum(folder: Path, pairs: int, singles: int) -> dict[str, Any]:
    texts: list[list[str]] = []
    with gzip.open(folder / "articles.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in itertools.islice(fh, 4 * (pairs + singles)):
            paragraphs = [p.strip() for p in _GLUED_PARAGRAPH.split(json.loads(line)["article"])]
            paragraphs = [p for p in paragraphs if p]
            if len(paragraphs) >= 3:
                texts.append(paragraphs)
    rng = random.Random(_SEED)
    glued, single = _Scores(), _Scores()
    for _ in range(pairs):
        first, second = rng.sample(texts, 2)
        both = [*first, *second]
        glued.add(len(both), [len(first)], _boundaries(both))
    for body in rng.sample(texts, min(singles, len(texts))):
        single.add(len(body), [], _boundaries(body))
    return {
        "glued_no_cue": glued.report(True),
        "single": single.report(False),
        "note": "held out; random pairs, so a few glue two articles on one subject",
    }


def evaluate(data_dir: Path, limit: int | None = None) -> dict[str, Any]:
    rpm2 = require(data_dir / "rpm2-fr-dev", "rpm2-fr-dev")
    orangesum = require(data_dir / "orangesum-fr", "orangesum-fr")
    start = time.perf_counter()
    result: dict[str, Any] = {
        "rpm2": _rpm2(rpm2, pairs=limit or 300),
        "orangesum": _orangesum(orangesum, pairs=limit or 500, singles=2 * (limit or 500)),
    }
    result["seconds"] = round(time.perf_counter() - start, 1)
    return result
