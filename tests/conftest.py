"""Shared fixtures. The shared data (seeds, gold sets) lives in ../shared beside the
checkout; tests that need it skip with a clear reason where it is absent."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from recoupe.nlp.spacy_stage import NlpStage

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEEDS = SHARED / "seeds"
DATA = SHARED / "data"
DEMO = REPO / "examples" / "demo"


def need(path: Path) -> Path:
    if not path.exists():
        pytest.skip(f"{path} is absent (the shared folder beside the checkout is needed)")
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return need(SEEDS)


@pytest.fixture(scope="session")
def data_dir() -> Path:
    return need(DATA)


@pytest.fixture(scope="session")
def seeds_db(tmp_path_factory: pytest.TempPathFactory, seeds_dir: Path) -> Path:
    """The five seeds run once through the whole pipeline."""
    import recoupe

    db = tmp_path_factory.mktemp("seeds") / "seeds.db"
    recoupe.run([seeds_dir], db=db)
    return db


@pytest.fixture(scope="session")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled demo corpus run once through the whole pipeline."""
    import recoupe

    db = tmp_path_factory.mktemp("demo") / "demo.db"
    recoupe.run([DEMO], db=db)
    return db


@pytest.fixture(scope="session")
def nlp_stage() -> NlpStage:
    """The real spaCy stage (fr_core_news_md, English when installed), loaded once."""
    from recoupe.nlp.spacy_stage import NlpStage

    stage = NlpStage()
    stage.setup()
    return stage
