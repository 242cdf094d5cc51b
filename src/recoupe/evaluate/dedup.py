"""Near-duplicate detection on orangesum-fr's duplicate groups.

Gold positives: pairs of articles, within the published duplicate groups, whose bodies
are byte-identical (the list also groups articles that share only a title or a heading;
those are not text duplicates, so they are not required, but finding them is not counted
as an error either). Distractors: the first articles of the corpus outside every group.
Precision is thus a lower bound (a true near-duplicate outside the list counts as false).
"""

from __future__ import annotations

import gzip
import itertools
import json
import time
from pathlib import Path
from typing import Any

from recoupe.evaluate import require
from recoupe.evaluate.metrics import prf
from recoupe.model import Corpus, Document, stable_id
from recoupe.text import normalize


def evaluate(data_dir: Path, limit: int | None = None, distractors: int = 2000) -> dict[str, Any]:
    from recoupe.dedup.fingerprint import FingerprintStage
    from recoupe.dedup.group import DuplicateStage

    folder = require(data_dir / "orangesum-fr", "orangesum-fr")
    groups = [
        [name.removesuffix(".json") for name in line.strip().split(",") if name]
        for line in (folder / "list_of_duplicates.txt").read_text().splitlines()
        if line.strip()
    ]
    if limit is not None:
        groups = groups[:limit]
    grouped = {i for g in groups for i in g}
    articles: dict[str, str] = {}
    extra: list[str] = []
    with gzip.open(folder / "articles.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            if rec["id"] in grouped:
                articles[rec["id"]] = rec["article"]
            elif len(extra) < distractors and rec["article"].strip():
                extra.append(rec["id"])
                articles[rec["id"]] = rec["article"]
    listed = {frozenset(p) for g in groups for p in itertools.combinations(g, 2)}
    gold = {
        frozenset((a, b))
        for g in groups
        for a, b in itertools.combinations([i for i in g if i in articles], 2)
        if articles[a] == articles[b] and articles[a].strip()
    }
    docs = {}
    for art_id, text in articles.items():
        if not text.strip():
            continue
        doc_id = stable_id(art_id, prefix="d-")
        docs[doc_id] = Document(
            id=doc_id, source=art_id, raw=text, format="txt", text=normalize(text)
        )
    fingerprint = FingerprintStage()
    fingerprint.setup()
    started = time.perf_counter()
    for doc in docs.values():
        fingerprint.process(doc)
    corpus = Corpus(documents=docs, new_ids=set(docs))
    DuplicateStage().run(corpus)
    seconds = time.perf_counter() - started
    root: dict[str, str] = {}
    for doc in docs.values():
        root[doc.source] = docs[doc.duplicate_of].source if doc.duplicate_of else doc.source
    clusters: dict[str, list[str]] = {}
    for src, r in root.items():
        clusters.setdefault(r, []).append(src)
    predicted = {
        frozenset(p)
        for members in clusters.values()
        for p in itertools.combinations(sorted(members), 2)
    }
    tp = len(predicted & gold)
    fp = len([p for p in predicted if p not in gold and p not in listed])
    fn = len(gold - predicted)
    return {
        "metric": "pairwise precision (lower bound) / recall of duplicate detection",
        "documents": len(docs),
        "gold_pairs": len(gold),
        "predicted_pairs": len(predicted),
        **prf(tp, fp, fn),
        "docs_per_s": round(len(docs) / seconds, 1) if seconds else None,
    }
