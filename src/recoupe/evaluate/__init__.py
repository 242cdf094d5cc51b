"""Quality evaluations on real gold data, with the metrics others publish.

``recoupe eval SUITE`` runs one; each returns a JSON-able dict of scores. The test suite
gates the headline numbers against pinned floors (tests/test_quality_gates.py).
The gold data lives in ../shared/data (see its README); it is never copied into the repo.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path
from typing import Any

from recoupe.errors import EvalError, RecoupeError


def default_data_dir() -> Path:
    """$RECOUPE_DATA, else ../shared/data beside the checkout, else ./../shared/data."""
    env = os.environ.get("RECOUPE_DATA")
    if env:
        return Path(env)
    repo = Path(__file__).resolve().parents[3]
    for candidate in (repo.parent / "shared" / "data", Path.cwd().parent / "shared" / "data"):
        if candidate.is_dir():
            return candidate
    return repo.parent / "shared" / "data"


def _suites() -> dict[str, Callable[..., dict[str, Any]]]:
    from recoupe.evaluate import (
        clustering,
        dates,
        dedup,
        demo,
        entities,
        extraction,
        facts,
        metadata,
        quotes,
        segmentation,
        translation,
    )

    return {
        "extraction": extraction.evaluate,
        "dates": dates.evaluate,
        "dedup": dedup.evaluate,
        "clustering": clustering.evaluate,
        "demo": demo.evaluate,
        "entities": entities.evaluate,
        "facts": facts.evaluate,
        "metadata": metadata.evaluate,
        "quotes": quotes.evaluate,
        "segmentation": segmentation.evaluate,
        "translation": translation.evaluate,
    }


SUITES = (
    "extraction",
    "dates",
    "dedup",
    "clustering",
    "demo",
    "entities",
    "facts",
    "metadata",
    "quotes",
    "segmentation",
    "translation",
)


def run_suite(name: str, data_dir: Path | None = None, limit: int | None = None) -> dict[str, Any]:
    suites = _suites()
    data = data_dir or default_data_dir()
    if name == "all":
        results: dict[str, Any] = {}
        for suite, fn in suites.items():
            try:
                results[suite] = fn(data, limit=limit)
            except RecoupeError as exc:  # one missing data set must not hide the others
                results[suite] = {"error": str(exc)}
        return results
    if name not in suites:
        raise EvalError(f"unknown suite {name!r}; known: {', '.join(SUITES)}, all")
    return suites[name](data, limit=limit)


def require(path: Path, what: str) -> Path:
    if not path.exists():
        raise EvalError(f"{what}: {path} not found (the shared data folder is needed)")
    return path
