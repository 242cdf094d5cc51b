"""The demo corpus against its gold: first that the gold agrees with the raw files (no
pipeline needed), then the whole pipeline run once on examples/demo and scored.

Run: .venv/bin/python -m pytest -q tests/e2e/test_demo_gold.py   (add -s to see the scores)
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from recoupe.evaluate.gold import score, summary

# Floors on the pipeline's scores against examples/demo/gold.json, pinned a little under
# the values measured: events 0.59 when the walking skeleton landed, 0.71 since issue 3's
# HTML repairs and issue 4's embeddings and incremental clustering, 0.78 once a lone
# live-blog post joins the event it links to (stories/attach.py); quotes 1.00;
# speakers 0.83, then 0.90 with pronoun and role speakers resolved (issue 7), 0.93
# with the speaker resolution of extract/speakers.py, 0.97 once a rank may stand between
# a role and its holder's name; fact
# statuses 0.88, then 1.00 once a text giving two sources' incompatible tolls counts as
# a contradiction (issue 5). Raise them as the stages improve; never lower one without a
# written reason.
EVENT_F1_FLOOR = 0.75
# Stories (pairwise over the gold documents; the demo's one arc is the ceasefire of 14
# April and its collapse three weeks later): 0.81 measured. The Éclaireur's "bilan que le
# gouvernement ne veut pas voir" and a live-blog post stay an event and a story of their
# own (recall 0.77). A story-link gate on core terms ranked by TF-IDF alone scored 0.58
# here (it cut the ceasefire from its collapse: the conflict's names are in every
# document, so no event ranks them among its own); ranked by rarity outside the corpus
# too (stories/features.py), 0.81. This floor catches such a cut.
STORY_F1_FLOOR = 0.78
QUOTE_RECALL_FLOOR = 0.95
SPEAKER_ACCURACY_FLOOR = 0.93
FACT_STATUS_ACCURACY_FLOOR = 0.95
# Gold documents left inside one export document (live posts or glued briefs not split
# off). Today 2 (was 3): the headings of the briefs glued after the Gazette article of
# 7 May are kept now (clean/html.py), and the weather brief splits; the football brief
# does not, because "Port-Sérac" on both sides keeps cohesion at 0.195 (limit 0.10).
MERGED_DOCUMENTS_CEILING = 2

ROOT = Path(__file__).resolve().parents[2]
DEMO = ROOT / "examples" / "demo"
GOLD: dict[str, Any] = json.loads((DEMO / "gold.json").read_text(encoding="utf-8"))
STATUSES = {"corroborated", "contradicted", "single_source", "party_claim"}
NOT_CORPUS = {"gold.json", "README.md"}


# ------------------------------------------------------------ raw text of the corpus -------
def _compact(text: str) -> str:
    """As gold_check matches: one apostrophe, no whitespace."""
    return re.sub(r"\s+", "", text.replace("\u2019", "'"))


def _visible_text(page: str) -> str:
    """An HTML page's visible text: no comments, scripts, styles, head or tags; unescaped."""
    page = re.sub(r"<!--.*?-->", " ", page, flags=re.S)
    page = re.sub(r"<(script|style|head)\b.*?</\1>", " ", page, flags=re.S | re.I)
    return html.unescape(re.sub(r"<[^>]+>", " ", page))


def _wire_records() -> list[dict[str, Any]]:
    lines = (DEMO / "wire.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def _texts(file: str) -> list[str]:
    """The body texts a gold reference can point into: one per JSONL record, one per page."""
    if file.endswith(".jsonl"):
        return [r["text"] for r in _wire_records()]
    return [_visible_text((DEMO / file).read_text(encoding="utf-8"))]


def _titles(file: str) -> list[str]:
    if file.endswith(".jsonl"):
        return [r["title"] for r in _wire_records()]
    page = (DEMO / file).read_text(encoding="utf-8")
    return [html.unescape(t) for t in re.findall(r"<(?:title|h1)[^>]*>(.*?)</", page, re.S)]


def _corpus_files() -> list[Path]:
    return sorted(p for p in DEMO.iterdir() if p.is_file() and p.name not in NOT_CORPUS)


def _document_refs() -> Iterator[tuple[str, dict[str, str]]]:
    for event in GOLD["events"]:
        for ref in event["documents"]:
            yield event["name"], ref


# ------------------------------------------------------------ the gold is consistent -------
def test_every_gold_snippet_occurs_once_in_the_body_of_its_file() -> None:
    refs = [ref for _, ref in _document_refs()] + GOLD["quotes"]
    for ref in refs:
        needle = _compact(ref["snippet"])
        count = sum(_compact(t).count(needle) for t in _texts(ref["file"]))
        assert count == 1, f"{ref['file']}: snippet found {count} times: {ref['snippet']!r}"
        assert not any(needle in _compact(t) for t in _titles(ref["file"])), (
            f"{ref['file']}: snippet is in a title, not the body: {ref['snippet']!r}"
        )


def test_every_gold_quote_and_scare_quote_occurs_in_its_file() -> None:
    for ref in GOLD["quotes"]:
        texts = [t for t in _texts(ref["file"]) if _compact(ref["snippet"]) in _compact(t)]
        assert any(_compact(ref["text"]) in _compact(t) for t in texts), ref
    for ref in GOLD["not_quotes"]:
        body = "".join(_compact(t) for t in _texts(ref["file"]))
        marked = [f"«{_compact(ref['text'])}»", f"d'«{_compact(ref['text'])}»"]
        assert any(m in body for m in marked), f"not in « » in {ref['file']}: {ref['text']!r}"


def test_every_speaker_is_written_in_full_in_the_corpus() -> None:
    corpus = "".join(_compact(t) for p in _corpus_files() for t in _texts(p.name))
    missing = {q["speaker"] for q in GOLD["quotes"] if _compact(q["speaker"]) not in corpus}
    assert not missing, f"speakers never written in full: {sorted(missing)}"


def test_every_leaf_document_is_in_exactly_one_event() -> None:
    refs = [(ref["file"], ref["snippet"]) for _, ref in _document_refs()]
    assert len(refs) == len(set(refs)), "a document is listed twice"
    # Every file is covered; every wire record is one leaf document.
    assert {f for f, _ in refs} == {p.name for p in _corpus_files()}
    for record in _wire_records():
        hits = [s for f, s in refs if f == "wire.jsonl" and _compact(s) in _compact(record["text"])]
        assert len(hits) == 1, f"wire record {record['id']} is named {len(hits)} times"
    # The live blog: one gold document per timestamped post.
    live = (DEMO / "quotidien-2025-05-06-direct.html").read_text(encoding="utf-8")
    posts = re.findall(r"\d\dh\d\d CEST</strong>", live)
    assert len([f for f, _ in refs if f == "quotidien-2025-05-06-direct.html"]) == len(posts)


def test_gold_has_enough_of_each_kind() -> None:
    names = {e["name"] for e in GOLD["events"]}
    assert len(names) >= 3 and len(GOLD["quotes"]) >= 12 and len(GOLD["facts"]) >= 6
    assert {f["status"] for f in GOLD["facts"]} == STATUSES
    for fact in GOLD["facts"]:
        assert fact["event"] in names, fact
        assert fact["counted"] == fact["counted"].lower() and fact["values"], fact
    for story in GOLD.get("stories", []):
        assert set(story["events"]) <= names, story


def test_every_file_says_it_is_fiction_and_is_dated() -> None:
    for path in _corpus_files():
        raw = path.read_bytes().decode("utf-8")  # valid UTF-8 or this raises
        if path.suffix == ".html":
            assert raw.startswith("<!-- FICTION:"), path.name
            assert re.search(r'property="article:published_time" content="2025-\d\d-\d\dT', raw)
            assert 'property="og:site_name"' in raw and 'rel="canonical"' in raw, path.name
        else:
            assert path.name == "wire.jsonl", f"unexpected file in the demo: {path.name}"
    for record in _wire_records():
        assert set(record) >= {"id", "title", "text", "url", "date", "source", "note"}
        assert record["note"].startswith("FICTION"), record["id"]
        assert re.match(r"2025-\d\d-\d\d", record["date"]), record["id"]


# ------------------------------------------------------------ the pipeline on the demo -----
@pytest.fixture(scope="module")
def scores(demo_db: Path) -> dict[str, Any]:
    import recoupe

    data = json.loads(recoupe.export(db=demo_db, format="json", validate=True))
    result = score(data, GOLD)
    print("\n" + summary(result))  # shown with -s: what the lead pins the floors from
    return result


@pytest.mark.e2e
def test_every_gold_document_is_found(scores: dict[str, Any]) -> None:
    assert scores["documents_found"] == scores["documents_total"], summary(scores)


@pytest.mark.e2e
def test_live_posts_and_glued_stories_are_separate_documents(scores: dict[str, Any]) -> None:
    assert scores["documents_merged"] <= MERGED_DOCUMENTS_CEILING, summary(scores)


@pytest.mark.e2e
def test_event_f1_floor(scores: dict[str, Any]) -> None:
    assert scores["event_f1"] >= EVENT_F1_FLOOR, summary(scores)


@pytest.mark.e2e
def test_story_f1_floor(scores: dict[str, Any]) -> None:
    assert scores["story_f1"] >= STORY_F1_FLOOR, summary(scores)


@pytest.mark.e2e
def test_quote_recall_floor(scores: dict[str, Any]) -> None:
    assert scores["quote_recall"] >= QUOTE_RECALL_FLOOR, summary(scores)


@pytest.mark.e2e
def test_speaker_accuracy_floor(scores: dict[str, Any]) -> None:
    assert scores["speaker_accuracy"] >= SPEAKER_ACCURACY_FLOOR, summary(scores)


@pytest.mark.e2e
def test_fact_status_accuracy_floor(scores: dict[str, Any]) -> None:
    assert scores["fact_status_accuracy"] >= FACT_STATUS_ACCURACY_FLOOR, summary(scores)


@pytest.mark.e2e
def test_scare_quotes_are_not_exported_as_quotes(scores: dict[str, Any]) -> None:
    assert scores["scare_quote_false_positives"] == 0, summary(scores)
