"""Calibrate the event and story thresholds of ``recoupe.stories`` on rpm2-fr-dev.

rpm2-fr-dev: 200 French articles, 10 topics x 2 periods one month apart. Gold stories are
topics, gold events are topic+period. No dates are given, so this clusters on text only
(the stage's time window cannot help here; on dated corpora it only separates more).

    .venv/bin/python bench/calibrate_events.py            # sweep, print the best settings
    .venv/bin/python bench/calibrate_events.py --seeds    # also check the five seed texts

Lemmas (NOUN/PROPN/VERB/ADJ, lower-cased, not stop words) and entities come from spaCy
fr_core_news_md, cached in /tmp so sweeps re-run in seconds. The features and the
clustering are the stage's own (``recoupe.stories.features``): nothing is re-implemented.
"""

from __future__ import annotations

import argparse
import itertools
import json
import re
import sys
from pathlib import Path
from typing import Any

from recoupe.stories.bcubed import bcubed
from recoupe.stories.features import (
    apart,
    average_linkage,
    centroids,
    cosine_matrix,
    document_terms,
    near_in_time,
    single_linkage,
    tfidf_matrix,
)

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
RPM2 = SHARED / "data" / "rpm2-fr-dev"
CACHE = Path("/tmp/recoupe-calibrate-rpm2.json")
WINDOW_DAYS = 10
KEEP_POS = {"NOUN", "PROPN", "VERB", "ADJ"}
DATE_HEADER = re.compile(r"^\s*date \d{4}-\d{2}\s*")


def analyse(texts: list[str]) -> list[dict[str, list[str]]]:
    import spacy

    nlp = spacy.load("fr_core_news_md")
    out = []
    for doc in nlp.pipe(texts, batch_size=16):
        lemmas = [
            t.lemma_.lower()
            for t in doc
            if t.pos_ in KEEP_POS and not t.is_stop and t.is_alpha and len(t) > 1
        ]
        entities = [e.text for e in doc.ents if e.label_ in {"PER", "ORG", "LOC", "MISC"}]
        out.append({"lemmas": lemmas, "entities": entities})
    return out


def load_rpm2() -> tuple[list[str], list[dict[str, list[str]]], dict[str, str], dict[str, str]]:
    gold = json.loads((RPM2 / "gold_clusters.json").read_text(encoding="utf-8"))
    names = sorted(g["file"] for g in gold)
    topic = {g["file"]: g["topic"] for g in gold}
    period = {g["file"]: g["cluster"] for g in gold}
    if CACHE.is_file():
        cached = json.loads(CACHE.read_text(encoding="utf-8"))
        if sorted(cached) == names:
            return names, [cached[n] for n in names], topic, period
    texts = [
        (RPM2 / "documents" / n).read_text(encoding="utf-8-sig").replace("\r\n", "\n")
        for n in names
    ]
    feats = analyse(texts)
    CACHE.write_text(json.dumps(dict(zip(names, feats, strict=True))), encoding="utf-8")
    return names, feats, topic, period


def sweep(
    feats: list[dict[str, list[str]]],
    names: list[str],
    topic: dict[str, str],
    period: dict[str, str],
    dated: bool,
) -> dict[str, Any]:
    rows = []
    terms = [document_terms(f["lemmas"], f["entities"]) for f in feats]
    # "dated": C1 documents on day 0, C2 on day 30 (the corpus says "about one month
    # after"), so the stage's time window applies as it would on a dated corpus.
    day = [0 if "_C1_" in n else 30 for n in names]
    window = apart([(d, d) for d in day], WINDOW_DAYS) if dated else None
    near = near_in_time([(d, d) for d in day], WINDOW_DAYS)
    bonuses = (0.0, 0.02, 0.04, 0.06) if dated else (0.0,)
    for weight, bonus in itertools.product((1.0, 2.0, 3.0, 4.0), bonuses):
        matrix = tfidf_matrix(terms, entity_weight=weight)
        sim = cosine_matrix(matrix) + bonus * near
        for ev in [round(0.06 + 0.02 * i, 2) for i in range(18)]:
            events = average_linkage(sim, ev, window)
            e = bcubed(dict(zip(names, events, strict=True)), period)
            event_sim = cosine_matrix(centroids(matrix, events))
            for st in [round(0.04 + 0.02 * i, 2) for i in range(12)]:
                for link in ("average", "single"):
                    if link == "average":
                        story_of_event = average_linkage(event_sim, st)
                    else:
                        story_of_event = single_linkage(event_sim, st)
                    stories = [story_of_event[x] for x in events]
                    s = bcubed(dict(zip(names, stories, strict=True)), topic)
                    rows.append(
                        {
                            "dated": dated,
                            "entity_weight": weight,
                            "time_bonus": bonus,
                            "event_threshold": ev,
                            "story_threshold": st,
                            "story_linkage": link,
                            "event_f1": round(e.f1, 3),
                            "event_p": round(e.precision, 3),
                            "event_r": round(e.recall, 3),
                            "story_f1": round(s.f1, 3),
                            "story_p": round(s.precision, 3),
                            "story_r": round(s.recall, 3),
                            "n_events": len(set(events)),
                            "n_stories": len(set(stories)),
                        }
                    )
    return {"rows": rows}


def seeds_check(event_threshold: float, entity_weight: float) -> None:
    files = sorted((SHARED / "seeds").glob("*.txt"))
    texts = [DATE_HEADER.sub("", f.read_text(encoding="utf-8"), count=1) for f in files]
    feats = analyse(texts)
    terms = [document_terms(f["lemmas"], f["entities"]) for f in feats]
    matrix = tfidf_matrix(terms, entity_weight=entity_weight)
    sim = cosine_matrix(matrix)
    labels = average_linkage(sim, event_threshold)
    for f, label, row in zip(files, labels, sim, strict=True):
        print(f"  {f.name[:3]} event {label}  sims " + " ".join(f"{v:.2f}" for v in row))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", action="store_true", help="also cluster the seed texts")
    parser.add_argument("--top", type=int, default=8)
    parser.add_argument(
        "--at",
        type=float,
        nargs=3,
        metavar=("WEIGHT", "EVENT", "STORY"),
        help="also print the scores at these settings",
    )
    args = parser.parse_args()
    if not RPM2.is_dir():
        print(f"skip: {RPM2} not found", file=sys.stderr)
        return 0
    names, feats, topic, period = load_rpm2()
    for dated in (False, True):
        rows = sweep(feats, names, topic, period, dated)["rows"]
        print(f"== {'dated (C2 = C1 + 30 days)' if dated else 'text only'}")
        print("best by event F1 (topic+period):")
        for r in sorted(rows, key=lambda r: (-r["event_f1"], -r["story_f1"]))[: args.top]:
            print(" ", r)
        print("best by mean of both:")
        for r in sorted(rows, key=lambda r: -(r["story_f1"] + r["event_f1"]))[: args.top]:
            print(" ", r)
        if args.at:
            weight, ev, st = args.at
            print("at", args.at)
            for r in rows:
                if (r["entity_weight"], r["event_threshold"], r["story_threshold"]) == (
                    weight,
                    ev,
                    st,
                ) and r["story_linkage"] == "average":
                    print(" ", r)
    if args.seeds:
        seeds_check(args.at[1] if args.at else 0.22, args.at[0] if args.at else 2.0)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
