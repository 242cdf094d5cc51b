"""Fact statuses on events annotated by hand from rpm2-fr-dev (tests/gold/facts-rpm2.json:
the guideline and the matching rule are written in its header).

The documents of the annotated clusters are run through the whole pipeline together (so
clustering, dedup and attribution all take part, as in use); each gold fact is matched to
a system fact holding a claim from one of its event's documents with a counted lemma of
the gold list (or, for a measure, no counted lemma and the gold unit) and a value within
VALUE_TOLERANCE of a gold value; of several candidates the one with most such claims wins.
"""

from __future__ import annotations

import json
import tempfile
from collections import Counter
from pathlib import Path
from typing import Any

from recoupe.errors import EvalError
from recoupe.evaluate import require
from recoupe.evaluate.metrics import prf

GOLD = Path(__file__).resolve().parents[3] / "tests" / "gold" / "facts-rpm2.json"
STATUSES = ("contradicted", "party_claim", "corroborated", "single_source")
# "4,9 milliards" is 4.9e9 whichever way it was parsed; 1% also absorbs float noise.
VALUE_TOLERANCE = 0.01


def evaluate(data_dir: Path, limit: int | None = None) -> dict[str, Any]:
    from recoupe import api

    if not GOLD.is_file():
        raise EvalError(f"{GOLD} not found (run from a checkout of recoupe)")
    gold = json.loads(GOLD.read_text(encoding="utf-8"))
    events = gold["events"][:limit] if limit else gold["events"]
    folder = require(data_dir / "rpm2-fr-dev" / "documents", "rpm2-fr-dev")
    with tempfile.TemporaryDirectory(prefix="recoupe-eval-facts-") as tmp:
        inputs = Path(tmp) / "in"
        inputs.mkdir()
        for event in events:
            for name in event["documents"]:
                (inputs / name).symlink_to(require(folder / name, "rpm2-fr-dev document"))
        db = Path(tmp) / "facts.db"
        api.run([inputs], db=db)
        export = json.loads(api.export(db, format="json"))
    return score(export, events)


def _matches(claim: dict[str, Any], fact: dict[str, Any]) -> bool:
    counted = claim.get("counted")
    if fact["counted"] and counted not in fact["counted"]:
        return False
    if not fact["counted"] and (counted or claim.get("unit") != fact["unit"]):
        return False
    value = claim.get("value")
    if value is None:
        return False
    return any(abs(value - v) <= VALUE_TOLERANCE * max(abs(v), 1.0) for v in fact["values"])


def score(export: dict[str, Any], events: list[dict[str, Any]]) -> dict[str, Any]:
    """Precision and recall per status, and over all statuses (micro), with the misses."""
    doc_file = {d["id"]: Path(d.get("source") or "").name for d in export["documents"]}
    claims = {c["id"]: c for c in export["claims"]}
    facts = export["facts"]
    right: Counter[str] = Counter()  # gold facts of a status whose match has it
    gold_n: Counter[str] = Counter()
    predicted: Counter[str] = Counter()  # matched system facts, by their status
    misses: list[str] = []
    for event in events:
        files = set(event["documents"])
        for ref in event["facts"]:
            gold_n[ref["status"]] += 1
            label = f"{event['id']} {ref['counted'] or ref['unit']} {ref['values']}"
            best: tuple[int, dict[str, Any]] | None = None
            for fact in facts:
                hits = sum(
                    1
                    for cid in fact["claims"]
                    if cid in claims
                    and doc_file.get(claims[cid]["document"]) in files
                    and _matches(claims[cid], ref)
                )
                if hits and (best is None or hits > best[0]):
                    best = (hits, fact)
            if best is None:
                misses.append(f"not found: {label} ({ref['status']})")
                continue
            got = best[1]["status"]
            predicted[got] += 1
            if got == ref["status"]:
                right[got] += 1
            else:
                misses.append(f"{label}: want {ref['status']}, got {got} ({best[1]['statement']})")
    per_status = {
        s: {
            **prf(right[s], predicted[s] - right[s], gold_n[s] - right[s]),
            "gold": gold_n[s],
            "predicted": predicted[s],
        }
        for s in STATUSES
    }
    total = sum(gold_n.values())
    correct = sum(right.values())
    found = sum(predicted.values())
    return {
        "events": len(events),
        "gold_facts": total,
        "matched": found,
        **prf(correct, found - correct, total - correct),
        "per_status": per_status,
        "misses": misses,
    }
