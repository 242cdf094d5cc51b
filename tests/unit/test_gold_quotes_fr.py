"""The French quote gold (tests/gold/quotes-fr) is well formed and points into its texts.

The gold stores orangesum ids and annotations, not the articles nor the quoted words
(together the quotes are nearly half of those articles, and the shared texts stay out of
the repository): each quote is an offset, a length and the first hex digits of its SHA-1.
The texts are read from ../shared at run time, as the scorer does.
"""

from __future__ import annotations

import gzip
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest

GOLD = Path(__file__).resolve().parents[1] / "gold" / "quotes-fr" / "orangesum-quotes.jsonl"
FIELDS = {"start", "length", "sha1", "speaker", "verb", "direct"}


@pytest.fixture(scope="module")
def gold() -> list[dict[str, Any]]:
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines()]


@pytest.fixture(scope="module")
def texts(gold: list[dict[str, Any]], data_dir: Path) -> dict[str, str]:
    archive = data_dir / "orangesum-fr" / "articles.jsonl.gz"
    if not archive.exists():
        pytest.skip(f"{archive} is absent (the shared folder beside the checkout is needed)")
    wanted = {a["id"] for a in gold}
    found: dict[str, str] = {}
    with gzip.open(archive, "rt", encoding="utf-8") as lines:
        for line in lines:
            article = json.loads(line)
            if article["id"] in wanted:
                found[article["id"]] = article["article"]
    return found


def test_enough_distinct_articles_with_quotes(gold: list[dict[str, Any]]) -> None:
    ids = [a["id"] for a in gold]
    assert len(ids) >= 40
    assert len(set(ids)) == len(ids), "an article is annotated twice"
    assert all(a["source"] == "orangesum-fr" and a["language"] == "fr" for a in gold)
    assert all(len(a["quotations"]) >= 3 for a in gold), "articles were chosen rich in quotes"


def test_annotations_are_well_formed(gold: list[dict[str, Any]]) -> None:
    for article in gold:
        assert "text" not in article and "article" not in article, "shared text copied"
        for q in article["quotations"]:
            assert set(q) == FIELDS, (article["id"], q)
            assert isinstance(q["length"], int) and q["length"] > 0
            assert isinstance(q["sha1"], str) and len(q["sha1"]) >= 8
            assert q["speaker"] is None or (isinstance(q["speaker"], str) and q["speaker"])
            assert q["verb"] is None or (isinstance(q["verb"], str) and q["verb"].islower())
            assert isinstance(q["direct"], bool)
            assert isinstance(q["start"], int) and q["start"] >= 0
        starts = [q["start"] for q in article["quotations"]]
        assert starts == sorted(starts), f"{article['id']}: annotations out of text order"


def test_both_kinds_and_speakers_present(gold: list[dict[str, Any]]) -> None:
    quotes = [q for a in gold for q in a["quotations"]]
    reported = [q for q in quotes if not q["direct"]]
    assert len(reported) >= 30, "reported speech (direct: false) must be represented"
    assert sum(q["speaker"] is not None for q in quotes) / len(quotes) > 0.95


def test_every_quote_is_verbatim_at_its_offset(
    gold: list[dict[str, Any]], texts: dict[str, str]
) -> None:
    assert set(texts) == {a["id"] for a in gold}, "an annotated id is missing from orangesum"
    for article in gold:
        text = texts[article["id"]]
        for q in article["quotations"]:
            quote = text[q["start"] : q["start"] + q["length"]]
            digest = hashlib.sha1(quote.encode("utf-8")).hexdigest()
            assert digest.startswith(q["sha1"]), (article["id"], q["start"], quote)
            assert quote.strip() == quote != "", (article["id"], q["start"], quote)


def test_direct_quotes_sit_inside_quote_marks(
    gold: list[dict[str, Any]], texts: dict[str, str]
) -> None:
    """A direct quote has a mark against one of its ends (broken marks keep at least one);
    a reported one has none. Guards against offsets that point to the wrong copy."""
    for article in gold:
        text = texts[article["id"]]
        for q in article["quotations"]:
            start, end = q["start"], q["start"] + q["length"]
            marked = _mark_near(text, start, -1) or _mark_near(text, end, +1)
            if not q["direct"] and _nested(q, article["quotations"]):
                continue  # reported speech inside a quote may end at the outer mark
            assert marked == q["direct"], (article["id"], text[start - 3 : end + 3])


def _nested(q: dict[str, Any], others: list[dict[str, Any]]) -> bool:
    start, end = q["start"], q["start"] + q["length"]
    return any(
        o is not q and o["start"] <= start and end <= o["start"] + o["length"] for o in others
    )


def _mark_near(text: str, at: int, step: int) -> bool:
    """A quote mark just before (step -1) or just after (step +1) ``at``; an apostrophe
    before counts only where it is not an elision (qu'il, l'on)."""
    i = at - 1 if step < 0 else at
    while 0 <= i < len(text) and text[i] in " \u00a0\u202f":  # « quote » has spaces
        i += step
    if not 0 <= i < len(text):
        return False
    c = text[i]
    if c in '«»"“”‘’':
        return True
    return c == "'" and not (step < 0 and i > 0 and text[i - 1].isalpha())


def test_gold_file_has_a_guideline() -> None:
    guideline = (GOLD.parent / "GUIDELINE.md").read_text(encoding="utf-8")
    for topic in ("Scare quotes", "Interrupted quotes", "Unbalanced", "Speaker", "Verb"):
        assert topic in guideline
