"""End to end on the five real seeds (../shared/seeds): dirty, machine-translated,
multi-story, a live blog. Skipped where the shared folder is absent."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import recoupe
from recoupe.render.json_export import validate_export

# Dirt that must be gone from every document's cleaned text.
DIRT = [
    "JavaScript",
    "window.",
    "function (",
    "Pour visionner cette vidéo",
    "prend en charge HTML5",
    "Lien source",
    "Leave a Comment",
    "Akismet",
    "reCAPTCHA",
    "#Poutine",
    "Contactez notre équipe",
]
SHARE_BUTTONS = re.compile(r"^(Facebook|Twitter|LinkedIn|Pinterest|WhatsApp)$", re.M)


@pytest.fixture(scope="module")
def export(seeds_db: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(recoupe.export(seeds_db, format="json"))
    return data


def by_seed(export: dict[str, Any], prefix: str) -> list[dict[str, Any]]:
    """Leaf documents (not split containers) that come from one seed file."""
    parents = {d["parent"] for d in export["documents"] if d["parent"]}
    return [
        d
        for d in export["documents"]
        if Path(d["source"].split("#")[0]).name.startswith(prefix) and d["id"] not in parents
    ]


def test_export_validates_against_the_schema(export: dict[str, Any]) -> None:
    validate_export(export)
    assert export["recoupe_version"] == recoupe.__version__
    assert len({d["source"].split("#")[0] for d in export["documents"]}) == 5


@pytest.mark.parametrize("dirt", DIRT)
def test_no_boilerplate_left_in_any_text(export: dict[str, Any], dirt: str) -> None:
    leaking = [d["source"] for d in export["documents"] if dirt in d["text"]]
    assert not leaking, f"{dirt!r} left in {leaking}"


def test_no_share_button_runs(export: dict[str, Any]) -> None:
    leaking = [d["source"] for d in export["documents"] if SHARE_BUTTONS.search(d["text"])]
    assert not leaking


def test_date_header_sets_month_and_leaves_the_text(export: dict[str, Any]) -> None:
    seed = next(d for d in export["documents"] if Path(d["source"]).name.startswith("000_"))
    assert seed["published"] == "2023-09"
    assert not seed["text"].lstrip().startswith("date")


def test_vostochny_summit_articles_share_an_event(export: dict[str, Any]) -> None:
    events = set()
    for prefix in ("000_", "001_", "002_", "003_"):
        docs = by_seed(export, prefix)
        summit = [d for d in docs if "Vosto" in d["text"] or "cosmodrome" in d["text"]]
        assert summit, f"no summit document from seed {prefix}"
        events.add(summit[0]["event"])
    assert len(events) == 1, events


def test_pyongyang_live_blog_is_another_event(export: dict[str, Any]) -> None:
    summit_event = next(d["event"] for d in by_seed(export, "001_") if "cosmodrome" in d["text"])
    blog = by_seed(export, "004_")
    assert len(blog) > 3, "the live blog should be split into its posts"
    assert all(d["event"] != summit_event for d in blog)


def test_quotes_and_claims_are_found_with_speakers(export: dict[str, Any]) -> None:
    assert len(export["quotes"]) >= 20
    with_speaker = [q for q in export["quotes"] if q["speaker"]]
    assert len(with_speaker) / len(export["quotes"]) >= 0.6
    counted = {c["counted"] for c in export["claims"]}
    assert {"drone", "soldat"} & counted
