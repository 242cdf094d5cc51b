"""Near-duplicate detection on orangesum-fr: its duplicate groups, and a synthetic set.

1. The published groups. Gold positives: pairs of articles, within the duplicate groups,
   whose bodies are byte-identical (the list also groups articles that share only a title
   or a heading; those are not text duplicates, so they are not required, but finding
   them is not counted as an error either). Distractors: the first articles of the corpus
   outside every group. Precision is a lower bound (a true near-duplicate outside the
   list counts as false).
2. A synthetic set made from other orangesum articles with a fixed seed, one variant per
   base article, published the day after it, in four kinds:
   - "edit": light edits (one word in ~25 dropped, synonyms swapped): expected "copy";
   - "truncation": the first 40-70% of the sentences: expected "contained_in";
   - "intro": a local intro (the lead of another article on another subject) then the
     whole base text: expected "contains";
   - "paraphrase": sentences reordered and synonyms swapped, the nearest thing to a
     translation that stays in French: expected in the base's group, kind "copy".
   Recall per kind: the variant is in its base's origin group; "kind accuracy": its
   duplicate_kind is the one expected. Precision per kind: of the predicted pairs that
   involve a variant of that kind, the share that is (base, variant).
"""

from __future__ import annotations

import gzip
import itertools
import json
import random
import re
import time
from pathlib import Path
from typing import Any

from recoupe.evaluate import require
from recoupe.evaluate.metrics import prf
from recoupe.model import Corpus, DateValue, Document, Meta, stable_id
from recoupe.text import normalize

SEED = 20240312
SYNTHETIC_BASES = 400  # 100 per kind
KINDS = ("edit", "truncation", "intro", "paraphrase")
EXPECTED = {"edit": "copy", "truncation": "contained_in", "intro": "contains", "paraphrase": "copy"}
# Swaps a French sub-editor makes without changing the facts (both directions are used).
SYNONYMS = (
    ("selon", "d'après"),
    ("a annoncé", "a fait savoir"),
    ("a déclaré", "a affirmé"),
    ("également", "aussi"),
    ("toutefois", "cependant"),
    ("environ", "près de"),
    ("plus de", "au-delà de"),
    ("personnes", "individus"),
    ("mardi", "ce mardi"),
    ("mercredi", "ce mercredi"),
    ("jeudi", "ce jeudi"),
    ("vendredi", "ce vendredi"),
    ("lundi", "ce lundi"),
    ("dimanche", "ce dimanche"),
    ("samedi", "ce samedi"),
    ("gouvernement", "exécutif"),
    ("a indiqué", "a précisé"),
    ("a expliqué", "a souligné"),
    ("important", "majeur"),
    ("rapidement", "vite"),
    ("notamment", "en particulier"),
    ("ainsi", "de la sorte"),
    ("alors que", "tandis que"),
    ("depuis", "dès"),
    ("pays", "Etat"),
)
_SENTENCE = re.compile(r"(?<=[.!?»])\s+(?=[A-ZÉÈÀÂ«\"])")


def _sentences(text: str) -> list[str]:
    return [s for s in _SENTENCE.split(text.strip()) if s.strip()]


def _swap_synonyms(text: str, rng: random.Random, share: float) -> str:
    for a, b in SYNONYMS:
        for old, new in ((a, b), (b, a)):
            if old in text and rng.random() < share:
                text = text.replace(old, new)
    return text


def _light_edit(text: str, rng: random.Random) -> str:
    words = text.split(" ")
    kept = [w for w in words if rng.random() >= 1 / 25]
    return _swap_synonyms(" ".join(kept), rng, 0.3)


def variant(kind: str, text: str, other: str, rng: random.Random) -> str:
    """The ``kind`` variant of ``text`` (``other``: an unrelated article, for intros)."""
    sentences = _sentences(text)
    if kind == "edit":
        return _light_edit(text, rng)
    if kind == "truncation":
        keep = max(1, round(len(sentences) * rng.uniform(0.4, 0.7)))
        return " ".join(sentences[:keep])
    if kind == "intro":
        return " ".join(_sentences(other)[:2]) + "\n\n" + text
    # paraphrase: each paragraph-free text gets its sentences reordered in pairs (the
    # lead stays first, as an editor would keep it) and most synonyms swapped.
    head, rest = sentences[:1], sentences[1:]
    for i in range(0, len(rest) - 1, 2):
        rest[i], rest[i + 1] = rest[i + 1], rest[i]
    return _swap_synonyms(" ".join(head + rest), rng, 0.8)


def _doc(key: str, text: str, day: str | None = None) -> Document:
    doc_id = stable_id(key, prefix="d-")
    meta = Meta(published=DateValue(day, "day", "eval") if day else None)
    return Document(id=doc_id, source=key, raw=text, format="txt", text=normalize(text), meta=meta)


def _run_stages(docs: dict[str, Document]) -> float:
    from recoupe.dedup.fingerprint import FingerprintStage
    from recoupe.dedup.group import DuplicateStage

    fingerprint = FingerprintStage()
    fingerprint.setup()
    started = time.perf_counter()
    for doc in docs.values():
        fingerprint.process(doc)
    DuplicateStage().run(Corpus(documents=docs, new_ids=set(docs)))
    return time.perf_counter() - started


def _groups_of(docs: dict[str, Document]) -> dict[str, list[str]]:
    """Origin group -> member sources (every document is in one, singletons too)."""
    clusters: dict[str, list[str]] = {}
    for doc in docs.values():
        origin = doc.meta.extra.get("origin_group") or doc.id
        clusters.setdefault(origin, []).append(doc.source)
    return clusters


def evaluate(data_dir: Path, limit: int | None = None, distractors: int = 2000) -> dict[str, Any]:
    folder = require(data_dir / "orangesum-fr", "orangesum-fr")
    groups = [
        [name.removesuffix(".json") for name in line.strip().split(",") if name]
        for line in (folder / "list_of_duplicates.txt").read_text().splitlines()
        if line.strip()
    ]
    if limit is not None:
        groups = groups[:limit]
    grouped = {i for g in groups for i in g}
    all_grouped = {
        name.removesuffix(".json")
        for line in (folder / "list_of_duplicates.txt").read_text().splitlines()
        for name in line.strip().split(",")
        if name
    }
    articles: dict[str, str] = {}
    extra: list[str] = []
    spare: list[str] = []  # bases of the synthetic set: outside every group, long enough
    with gzip.open(folder / "articles.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in fh:
            rec = json.loads(line)
            text = rec["article"]
            if rec["id"] in grouped:
                articles[rec["id"]] = text
            elif len(extra) < distractors and text.strip():
                extra.append(rec["id"])
                articles[rec["id"]] = text
            elif rec["id"] not in all_grouped and len(text.split()) >= 150:
                spare.append(text)
    listed = {frozenset(p) for g in groups for p in itertools.combinations(g, 2)}
    gold = {
        frozenset((a, b))
        for g in groups
        for a, b in itertools.combinations([i for i in g if i in articles], 2)
        if articles[a] == articles[b] and articles[a].strip()
    }
    docs = {}
    for art_id, text in articles.items():
        if text.strip():
            doc = _doc(art_id, text)
            docs[doc.id] = doc
    seconds = _run_stages(docs)
    predicted = {
        frozenset(p)
        for members in _groups_of(docs).values()
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
        "synthetic": synthetic(spare, [articles[i] for i in extra]),
    }


def synthetic(spare: list[str], distractors: list[str]) -> dict[str, Any]:
    """Score the four variant kinds (see the module docstring) among ``distractors``."""
    rng = random.Random(SEED)
    picked = rng.sample(spare, min(len(spare), 2 * SYNTHETIC_BASES))
    bases, others = picked[:SYNTHETIC_BASES], picked[SYNTHETIC_BASES:]
    docs: dict[str, Document] = {}
    expected: dict[str, tuple[str, str]] = {}  # variant source -> (base source, kind)
    for i, text in enumerate(bases):
        kind = KINDS[i % len(KINDS)]
        base = _doc(f"base-{i}", text, "2020-01-10")
        copy = _doc(f"{kind}-{i}", variant(kind, text, others[i % len(others)], rng), "2020-01-11")
        docs[base.id], docs[copy.id] = base, copy
        expected[copy.source] = (base.source, kind)
    for j, text in enumerate(distractors):
        if text.strip():
            doc = _doc(f"distractor-{j}", text, "2020-01-10")
            docs[doc.id] = doc
    seconds = _run_stages(docs)
    group_of = {src: origin for origin, members in _groups_of(docs).items() for src in members}
    kind_of = {d.source: d.meta.extra.get("duplicate_kind") for d in docs.values()}
    pairs = [
        frozenset(p)
        for members in _groups_of(docs).values()
        for p in itertools.combinations(sorted(members), 2)
    ]
    out: dict[str, Any] = {"bases": len(bases), "distractors": len(distractors)}
    for kind in KINDS:
        variants = [v for v, (_, k) in expected.items() if k == kind]
        found = [v for v in variants if group_of[v] == group_of[expected[v][0]]]
        right_kind = [v for v in found if kind_of[v] == EXPECTED[kind]]
        involved = [p for p in pairs if any(s in expected and expected[s][1] == kind for s in p)]
        correct = [p for p in involved if any(s in expected and expected[s][0] in p for s in p)]
        tp = len(correct)
        out[kind] = {
            **prf(tp, len(involved) - tp, len(variants) - len(found)),
            "kind_accuracy": round(len(right_kind) / len(found), 4) if found else 0.0,
            "expected_kind": EXPECTED[kind],
        }
    out["seconds"] = round(seconds, 2)
    return out
