"""The bundled demo corpus against its hand-written gold (examples/demo/gold.json):
events (pairwise F1), quotes (recall, speaker accuracy), scare quotes, fact statuses."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from recoupe.errors import EvalError
from recoupe.evaluate.gold import score

DEMO = Path(__file__).resolve().parents[3] / "examples" / "demo"


def evaluate(data_dir: Path, limit: int | None = None) -> dict[str, Any]:
    from recoupe import api

    if not (DEMO / "gold.json").is_file():
        raise EvalError(f"{DEMO}/gold.json not found (run from a checkout of recoupe)")
    gold = json.loads((DEMO / "gold.json").read_text(encoding="utf-8"))
    with tempfile.TemporaryDirectory(prefix="recoupe-eval-demo-") as tmp:
        db = Path(tmp) / "demo.db"
        api.run([DEMO], db=db)
        export = json.loads(api.export(db, format="json"))
    result = score(export, gold)
    result["misses"] = result.get("misses", [])[:40]
    return result
