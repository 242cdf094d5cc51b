"""Machine-translation flag: how often native French is wrongly flagged, and what is found.

There is no public gold set of machine-translated French news that runs offline, so the
two halves are measured apart and reported as such:

- false positives on orangesum-fr: 36k articles written by a French newsroom (Orange
  Actu), all native. Every flag there is a false alarm; the share is the number a
  user cares about, because a false "translated" discredits a real source.
- the pages known to be translated: the bundled demo page that says so in its README
  (``patrie-2025-05-07-presse-etrangere``) and the three seeds whose English originals
  are recognisable (001: an AP wire, 003: a tabloid page with its JavaScript, 004: a
  Guardian live blog). These are few; they show the evidence, not a recall estimate.
"""

from __future__ import annotations

import gzip
import itertools
import json
import time
from pathlib import Path
from typing import Any

from recoupe.evaluate import require

_SEEDS_TRANSLATED = ("001_", "003_", "004_")
_SEEDS_NATIVE = ("000_", "002_")
_DEMO_TRANSLATED = "patrie-2025-05-07-presse-etrangere.html"


def evaluate(data_dir: Path, limit: int | None = None) -> dict[str, Any]:
    from recoupe.clean.boilerplate import CleanStage
    from recoupe.meta.translation import find_evidence, is_translated
    from recoupe.model import Document

    folder = require(data_dir / "orangesum-fr", "orangesum-fr")
    flagged = total = 0
    weak_seen = 0
    examples: list[str] = []
    start = time.perf_counter()
    with gzip.open(folder / "articles.jsonl.gz", "rt", encoding="utf-8") as fh:
        for line in itertools.islice(fh, limit):
            text = json.loads(line).get("article") or ""
            evidence = find_evidence(text, [])
            total += 1
            weak_seen += bool(evidence)
            if is_translated(evidence):
                flagged += 1
                if len(examples) < 5:
                    examples.append("; ".join(f"{e.kind}: {e.passage}" for e in evidence))
    seconds = time.perf_counter() - start

    clean = CleanStage()
    known: dict[str, Any] = {}
    seeds = data_dir.parent / "seeds"
    pages: list[tuple[str, Path, bool]] = [
        (p.name, p, p.name.startswith(_SEEDS_TRANSLATED))
        for p in sorted(seeds.glob("*.txt"))
        if p.name.startswith(_SEEDS_TRANSLATED + _SEEDS_NATIVE)
    ]
    demo = Path(__file__).resolve().parents[3] / "examples" / "demo" / _DEMO_TRANSLATED
    if demo.is_file():
        pages.append((demo.name, demo, True))
    for name, path, translated in pages:
        doc = Document(
            id=name,
            source=name,
            raw=path.read_text(encoding="utf-8"),
            format="html" if path.suffix == ".html" else "txt",
        )
        doc = clean.process(doc)
        evidence = find_evidence(doc.text, [r.text for r in doc.removed])
        known[name] = {
            "translated": translated,
            "flagged": is_translated(evidence),
            "evidence": [f"{e.strength} {e.kind}: {e.passage}" for e in evidence],
        }
    hits = sum(v["flagged"] == v["translated"] for v in known.values())
    return {
        "native_orangesum": {
            "articles": total,
            "flagged": flagged,
            "false_positive_rate": round(flagged / total, 5) if total else 0.0,
            "with_some_weak_marker": weak_seen,
            "ms_per_article": round(1000 * seconds / total, 3) if total else 0.0,
            "examples": examples,
        },
        "known_pages": {"pages": len(known), "correct": hits, "detail": known},
    }
