"""A run that only adds documents redoes only what they reach (model.Scope), and what it
stores is what a full corpus pass over the same store gives.

The demo corpus goes in three runs (all inputs but three, then two, then one); the last
two must be partial passes. The store is then copied and given a full corpus pass
(every document decoded, every result recomputed, every table rewritten); the two
exports must be identical. A third copy checks that a changed corpus setting forces a
full pass.

Run: .venv/bin/python -m pytest -q tests/e2e/test_incremental_run.py
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from recoupe import __version__
from recoupe.api import export, run
from recoupe.config import load_config
from recoupe.pipeline import Pipeline, build_stages
from recoupe.store import Store

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "demo"
NOT_CORPUS = {"gold.json", "README.md"}
# Added last, one run each: an article whose event is already stored (the Gazette's
# wounded toll of 7 May), the English truce story (a translation pair), and the wire
# feed (many documents, copies of stored ones).
LATE = (
    ["gazette-2025-05-07-blesses-tervel.html", "observer-2025-05-06-truce-collapses.html"],
    ["wire.jsonl"],
)


def _inputs() -> list[Path]:
    return sorted(p for p in DEMO.iterdir() if p.name not in NOT_CORPUS)


def _export(db: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(export(db, "json"))
    data.pop("generated_at", None)
    data.pop("runs", None)
    return data


def _full_pass(db: Path) -> None:
    """What a run gives when it recomputes every corpus result of the store."""
    pipeline = Pipeline(*build_stages(load_config(None, [])))
    with Store(db) as store:
        run_id = store.begin_run({}, [], __version__)
        corpus = store.load_corpus()
        assert corpus.scope.full
        assert not pipeline.run_corpus(corpus)
        store.save_corpus(corpus, run_id)


@pytest.fixture(scope="module")
def incremental(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Any]]:
    folder = tmp_path_factory.mktemp("incremental")
    db = folder / "store.db"
    late = {name for names in LATE for name in names}
    summaries = [run([p for p in _inputs() if p.name not in late], db)]
    for names in LATE:
        summaries.append(run([DEMO / n for n in names], db))
    return db, summaries


def test_runs_that_only_add_documents_are_partial(incremental: tuple[Path, list[Any]]) -> None:
    _, summaries = incremental
    first, *later = summaries
    assert first.corpus_pass == "full"
    for summary in later:
        assert summary.corpus_pass == "partial", summary.lines()
        assert summary.processed >= 1
        assert not summary.rejections
    # The Gazette article joins the Tervel story; the other stories (the port strike, the
    # weather and bird-flu briefs) are neither decoded nor redone.
    gazette, wire = later
    assert gazette.corpus_events_redone < gazette.totals["events"]
    assert gazette.corpus_documents_read < gazette.totals["documents"]
    assert wire.corpus_events_redone >= 1


def test_partial_passes_store_what_a_full_pass_gives(
    incremental: tuple[Path, list[Any]], tmp_path: Path
) -> None:
    db, _ = incremental
    copy = tmp_path / "full.db"
    shutil.copy(db, copy)
    _full_pass(copy)
    partial, full = _export(db), _export(copy)
    assert partial.keys() == full.keys()
    for key in full:
        assert partial[key] == full[key], key


def test_a_run_adding_nothing_changes_nothing(
    incremental: tuple[Path, list[Any]], tmp_path: Path
) -> None:
    db, _ = incremental
    copy = tmp_path / "again.db"
    shutil.copy(db, copy)
    before = _export(copy)
    summary = run([DEMO / LATE[1][0]], copy)
    assert summary.corpus_pass == "partial" and summary.processed == 0
    assert summary.corpus_documents_read == 0
    assert _export(copy) == before


def test_changed_corpus_settings_force_a_full_pass(
    incremental: tuple[Path, list[Any]], tmp_path: Path
) -> None:
    db, _ = incremental
    copy = tmp_path / "settings.db"
    shutil.copy(db, copy)
    summary = run([DEMO / LATE[1][0]], copy, overrides=["check.tolerance=0.2"])
    assert summary.corpus_pass == "full"
    assert summary.corpus_documents_read == summary.totals["documents"]
    # The results are now those of the new setting: the next run with it is partial, and
    # one with the old setting is full again.
    assert run([DEMO / LATE[1][0]], copy, overrides=["check.tolerance=0.2"]).corpus_pass == (
        "partial"
    )
    assert run([DEMO / LATE[1][0]], copy).corpus_pass == "full"
