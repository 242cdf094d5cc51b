"""Name-variant merging across the corpus, on a hand-made list of real variant pairs.

tests/gold/entity_variants.tsv holds pairs of names (Zelensky / Zelenskyy, Tchernihiv /
Chernihiv, Mohammed ben Salmane / Mohammed bin Salman) that must become one entity, and
pairs that must stay two (Kim Jong-un / Kim Yo-jong). Each name is put in a document of
its own as a mention of the pair's type and the corpus entity stage (check.entities) is
run; a pair is right when the two mentions get the same entity (``same``) or not
(``apart``). Two settings: each pair alone, and every name in one corpus (where a lone
surname or a shared word may pull names together, as in a real run).
"""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Any

from recoupe.errors import EvalError
from recoupe.model import Corpus, Document, Mention

GOLD = Path(__file__).resolve().parents[3] / "tests" / "gold" / "entity_variants.tsv"


def load_pairs(path: Path = GOLD) -> list[tuple[str, str, str, str]]:
    if not path.is_file():
        raise EvalError(f"{path} not found (run from a checkout of recoupe)")
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    rows = list(csv.DictReader(lines, delimiter="\t"))
    return [(r["a"], r["b"], r["type"], r["expect"]) for r in rows]


def _doc(did: str, name: str, label: str) -> Document:
    mention = Mention(0, len(name), name, label, canonical=name)
    return Document(id=did, source=did, raw=name, format="txt", text=name, entities=[mention])


def _merged(docs: dict[str, Document]) -> dict[str, str | None]:
    from recoupe.check.entities import EntityStage

    EntityStage().run(Corpus(documents=docs))
    return {did: d.entities[0].entity_id for did, d in docs.items()}


def _tally(results: list[tuple[str, bool]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for expect in ("same", "apart"):
        got = [ok for e, ok in results if e == expect]
        out[expect] = {"pairs": len(got), "accuracy": round(sum(got) / len(got), 4) if got else 0.0}
    out["accuracy"] = round(sum(ok for _, ok in results) / len(results), 4) if results else 0.0
    return out


def evaluate(data_dir: Path, limit: int | None = None) -> dict[str, Any]:
    pairs = load_pairs()[:limit]
    alone: list[tuple[str, bool]] = []
    errors: list[str] = []
    for i, (a, b, label, expect) in enumerate(pairs):
        ids = _merged({f"{i}a": _doc(f"{i}a", a, label), f"{i}b": _doc(f"{i}b", b, label)})
        ok = (ids[f"{i}a"] == ids[f"{i}b"]) == (expect == "same")
        alone.append((expect, ok))
        if not ok:
            errors.append(f"{expect}: {a} / {b}")
    docs = {}
    for i, (a, b, label, _) in enumerate(pairs):
        docs[f"{i:04d}a"] = _doc(f"{i:04d}a", a, label)
        docs[f"{i:04d}b"] = _doc(f"{i:04d}b", b, label)
    ids = _merged(docs)
    together = [
        (expect, (ids[f"{i:04d}a"] == ids[f"{i:04d}b"]) == (expect == "same"))
        for i, (_, _, _, expect) in enumerate(pairs)
    ]
    return {
        "pairs": len(pairs),
        "each_pair_alone": _tally(alone),
        "all_in_one_corpus": _tally(together),
        "errors_alone": errors[:60],
    }
