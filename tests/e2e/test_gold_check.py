"""The gold scorer itself, on a tiny hand-made export whose right scores are known by hand."""

from __future__ import annotations

from typing import Any

import pytest

from recoupe.evaluate.gold import find_document, score, summary

A = "Trêve rompue à Tervel"
B = "Grève au port"


def _doc(
    doc_id: str, source: str, text: str, parent: str | None = None, event: str | None = None
) -> dict[str, Any]:
    return {
        "id": doc_id,
        "parent": parent,
        "source": source,
        "outlet": None,
        "title": None,
        "language": "fr",
        "published": None,
        "bylines": [],
        "duplicate_of": None,
        "event": event,
        "text": text,
    }


LIVE_PAGE = (
    "11h20 CEST\nL’opposition réclame des comptes.\n« Le gouvernement doit rendre des comptes »,"
    " a-t-elle lancé.\n09h15 CEST\nLes dockers ont voté la reconduction de leur grève."
)


@pytest.fixture
def export() -> dict[str, Any]:
    docs = [
        _doc(
            "w1",
            "/data/demo/wire.jsonl#L3",
            "Les tirs ont fait trois morts à Tervel.\n« Nous ne reculerons pas devant "
            "l’agression », a déclaré le président Aurèle Dambreville.",
            event="E1",
        ),
        _doc("live", "/data/demo/direct.html", LIVE_PAGE),
        _doc(
            "live-1",
            "/data/demo/direct.html#1",
            "L’opposition réclame des comptes.\n« Le gouvernement doit rendre des comptes »,"
            " a-t-elle lancé.",
            parent="live",
            event="E1",
        ),
        _doc(
            "live-2",
            "/data/demo/direct.html#2",
            "Les dockers ont voté la reconduction\u00a0de leur grève.",
            parent="live",
            event="E1",
        ),
        _doc(
            "e1",
            "/data/demo/eclaireur.html",
            "Le bilan réel est de 5 morts. L’état-major parle d’« opération de "
            "sécurisation ». Les « terroristes » d’en face.",
            event="E2",
        ),
        # Same text in another file whose name merely ends like "direct.html".
        _doc("x", "/data/demo/indirect.html", "Les dockers ont voté la reconduction"),
    ]
    return {
        "recoupe_version": "test",
        "documents": docs,
        "events": [
            {
                "id": "E1",
                "title": "t",
                "date": None,
                "story": None,
                "documents": ["w1", "live-1", "live-2"],
            },
            {"id": "E2", "title": "t", "date": None, "story": None, "documents": ["e1"]},
        ],
        "quotes": [
            {
                "id": "q1",
                "document": "w1",
                "text": "Nous ne reculerons pas devant l'agression",
                "direct": True,
                "speaker": "AURELE DAMBREVILLE",
                "entity": None,
                "cue": "déclarer",
                "group": None,
            },
            {
                "id": "q2",
                "document": "live-1",
                "text": "Le gouvernement doit rendre des comptes",
                "direct": True,
                "speaker": "l'opposition",
                "entity": None,
                "cue": "lancer",
                "group": None,
            },
            {
                "id": "q3",
                "document": "e1",
                "text": "terroristes",
                "direct": True,
                "speaker": None,
                "entity": None,
                "cue": None,
                "group": None,
            },
            {
                "id": "q4",
                "document": "w1",
                "text": "Nous",
                "direct": True,
                "speaker": "Aurèle Dambreville",
                "entity": None,
                "cue": None,
                "group": None,
            },
        ],
        "claims": [
            {
                "id": "c1",
                "document": "w1",
                "text": "trois morts",
                "value": 3.0,
                "unit": None,
                "counted": "mort",
                "attributed_to": "hôpital",
                "fact": "f1",
            },
            {
                "id": "c2",
                "document": "e1",
                "text": "5 morts",
                "value": 5,
                "unit": None,
                "counted": "mort",
                "attributed_to": "mairie",
                "fact": "f1",
            },
            {
                "id": "c3",
                "document": "live-2",
                "text": "1 800 grévistes",
                "value": 1800,
                "unit": None,
                "counted": "gréviste",
                "attributed_to": "UDPS",
                "fact": "f2",
            },
        ],
        "facts": [
            {
                "id": "f1",
                "event": "E1",
                "statement": "morts",
                "status": "contradicted",
                "claims": ["c1", "c2"],
                "independent_sources": 2,
            },
            {
                "id": "f2",
                "event": "E1",
                "statement": "grévistes",
                "status": "corroborated",
                "claims": ["c3"],
                "independent_sources": 1,
            },
        ],
    }


GOLD: dict[str, Any] = {
    "events": [
        {
            "name": A,
            "documents": [
                {"file": "wire.jsonl", "snippet": "trois morts à Tervel"},
                {"file": "direct.html", "snippet": "L'opposition réclame des comptes."},
                {"file": "eclaireur.html", "snippet": "Le bilan réel est de 5 morts."},
            ],
        },
        {
            "name": B,
            "documents": [
                {"file": "direct.html", "snippet": "ont voté la reconduction de leur grève"},
            ],
        },
    ],
    "quotes": [
        {
            "file": "wire.jsonl",
            "snippet": "trois morts à Tervel",
            "text": "Nous ne reculerons pas",
            "speaker": "Aurèle Dambreville",
        },
        {
            "file": "direct.html",
            "snippet": "L'opposition réclame des comptes.",
            "text": "Le gouvernement doit rendre des comptes sur cette trêve bâclée",
            "speaker": "Lucie Amarande",
        },
        {
            "file": "eclaireur.html",
            "snippet": "Le bilan réel est de 5 morts.",
            "text": "Nous avons enterré cinq de nos habitants",
            "speaker": "Josselin Brac",
        },
    ],
    "not_quotes": [
        {"file": "eclaireur.html", "text": "terroristes"},
        {"file": "eclaireur.html", "text": "opération de sécurisation"},
    ],
    "facts": [
        {"event": A, "counted": "mort", "status": "contradicted", "values": [3, 5]},
        {"event": B, "counted": "gréviste", "status": "contradicted", "values": [1800, 600]},
        {"event": A, "counted": "soldat", "status": "party_claim", "values": [120]},
    ],
}


def test_find_document_prefers_the_leaf_over_its_split_page(export: dict[str, Any]) -> None:
    doc = find_document(export, "direct.html", "ont voté la reconduction de leur grève")
    assert doc is not None and doc["id"] == "live-2"


def test_find_document_ignores_apostrophes_and_whitespace(export: dict[str, Any]) -> None:
    # ’ in the text, ' in the snippet; a no-break space and a newline in the text.
    doc = find_document(export, "wire.jsonl", "Nous ne reculerons pas devant l'agression")
    assert doc is not None and doc["id"] == "w1"
    doc = find_document(export, "direct.html", "comptes. « Le gouvernement")
    assert doc is not None and doc["id"] == "live-1"


def test_find_document_matches_the_file_name_whole(export: dict[str, Any]) -> None:
    assert find_document(export, "indirect.html", "reconduction")["id"] == "x"  # type: ignore[index]
    assert find_document(export, "rect.html", "reconduction") is None
    assert find_document(export, "wire.jsonl", "un texte absent") is None
    assert find_document(export, "eclaireur.html", "trois morts à Tervel") is None


def test_event_pairs_are_counted_by_hand(export: dict[str, Any]) -> None:
    # Gold A = {w1, live-1, e1}, B = {live-2}; export E1 = {w1, live-1, live-2}, E2 = {e1}.
    # Pairs: w1-live1 TP; w1-e1 FN; live1-e1 FN; w1-live2 FP; live1-live2 FP; e1-live2 TN.
    s = score(export, GOLD)
    assert s["documents_found"] == 4 and s["documents_total"] == 4
    assert s["event_precision"] == pytest.approx(1 / 3)
    assert s["event_recall"] == pytest.approx(1 / 3)
    assert s["event_f1"] == pytest.approx(1 / 3)
    assert any("split over 2 export events" in m and A in m for m in s["misses"])


def test_perfect_events_score_one(export: dict[str, Any]) -> None:
    for doc in export["documents"]:
        doc["event"] = None
    export["events"] = [
        {"id": "EA", "title": "", "date": None, "story": None, "documents": ["w1", "live-1", "e1"]},
        {"id": "EB", "title": "", "date": None, "story": None, "documents": ["live-2"]},
    ]
    s = score(export, GOLD)
    assert (s["event_precision"], s["event_recall"], s["event_f1"]) == (1.0, 1.0, 1.0)


def test_quotes_recall_speaker_and_scare_quotes(export: dict[str, Any]) -> None:
    s = score(export, GOLD)
    # q1 contains the gold text (speaker right despite case and accents); q2 is contained in
    # the gold text (speaker wrong); Brac's quote was never extracted; the one-word "Nous"
    # does not count as finding anything.
    assert (s["quotes_found"], s["quotes_total"]) == (2, 3)
    assert s["quote_recall"] == pytest.approx(2 / 3)
    assert s["speaker_accuracy"] == pytest.approx(1 / 2)
    assert s["scare_quote_false_positives"] == 1 and s["scare_quotes_total"] == 2
    misses = "\n".join(s["misses"])
    assert "quote not extracted: eclaireur.html «Nous avons enterré" in misses
    assert "wrong speaker" in misses and "Lucie Amarande" in misses
    assert "scare quote exported as a quote: eclaireur.html «terroristes»" in misses
    assert "sécurisation" not in misses


def test_junk_short_quote_is_not_a_match(export: dict[str, Any]) -> None:
    export["quotes"] = [q for q in export["quotes"] if q["id"] == "q4"]
    s = score(export, GOLD)
    assert s["quotes_found"] == 0 and s["speaker_accuracy"] == 0.0


def test_fact_status_accuracy(export: dict[str, Any]) -> None:
    s = score(export, GOLD)
    # mort: matched, status right. gréviste: matched (gold event B's document live-2 is in
    # E1, which holds the fact), status wrong. soldat: no export fact at all.
    assert (s["facts_matched"], s["facts_total"]) == (2, 3)
    assert s["fact_status_accuracy"] == pytest.approx(1 / 3)
    misses = "\n".join(s["misses"])
    assert "want contradicted, got corroborated" in misses
    assert "fact not found: " + A + " / soldat" in misses


def test_fact_needs_the_gold_event_documents(export: dict[str, Any]) -> None:
    export["facts"][0]["event"] = "E-elsewhere"
    s = score(export, GOLD)
    assert "fact not found: " + A + " / mort [3, 5]" in s["misses"]


def test_missing_document_is_reported_and_summary_reads(export: dict[str, Any]) -> None:
    export["documents"] = [d for d in export["documents"] if d["id"] != "e1"]
    s = score(export, GOLD)
    assert s["documents_found"] == 3
    assert "document not found: eclaireur.html «Le bilan réel est de 5 morts.»" in s["misses"]
    text = summary(s)
    assert "documents found 3/4" in text and "document not found" in text


def test_empty_export_scores_zero_without_crashing() -> None:
    s = score({"documents": [], "events": [], "quotes": [], "claims": [], "facts": []}, GOLD)
    assert s["documents_found"] == 0 and s["event_f1"] == 0.0
    assert s["quote_recall"] == 0.0 and s["fact_status_accuracy"] == 0.0
    assert len(s["misses"]) >= 4 + 3 + 3


def test_one_big_event_has_full_recall_and_half_precision(export: dict[str, Any]) -> None:
    # Everything in one event: the 3 gold-same pairs are found, and so are 3 wrong pairs.
    for doc in export["documents"]:
        doc["event"] = None
    export["events"] = [
        {
            "id": "ALL",
            "title": "",
            "date": None,
            "story": None,
            "documents": ["w1", "live-1", "live-2", "e1"],
        },
    ]
    s = score(export, GOLD)
    assert s["event_precision"] == pytest.approx(0.5)
    assert s["event_recall"] == pytest.approx(1.0)
    assert s["event_f1"] == pytest.approx(2 / 3)


def test_gold_documents_left_in_one_export_document_are_reported(
    export: dict[str, Any],
) -> None:
    # The live page was not split: only the page itself is left, holding both gold posts.
    export["documents"] = [d for d in export["documents"] if d["id"] not in {"live-1", "live-2"}]
    export["events"][0]["documents"] = ["w1", "live"]
    s = score(export, GOLD)
    assert s["documents_found"] == 4 and s["documents_merged"] == 2
    assert any("holds 2 gold documents" in m and "direct.html" in m for m in s["misses"])
    # The merged pair (gold A post, gold B post) now counts as a wrong same-event pair.
    assert s["event_precision"] < 1.0


def test_story_pairs_are_counted_by_hand(export: dict[str, Any]) -> None:
    """Gold: the events A and B form one story. Export: E1 = {w1, live-1, live-2} in story
    S1, E2 = {e1} in S2. Story pairs over the gold documents w1, live-1, e1 (A) and live-2
    (B), all gold-same: w1-live1, w1-live2, live1-live2 in S1 (TP); the three pairs with
    e1 are split (FN)."""
    gold = {**GOLD, "stories": [{"name": "Tervel", "events": [A, B]}]}
    for event in export["events"]:
        event["story"] = {"E1": "S1", "E2": "S2"}[event["id"]]
    s = score(export, gold)
    assert (s["story_precision"], s["story_recall"]) == (1.0, 0.5)
    assert s["stories_whole"] == 0 and s["stories_total"] == 1
    assert any("gold story split over 2 export stories: Tervel" in m for m in s["misses"])
    for event in export["events"]:
        event["story"] = "S1"
    s = score(export, gold)
    assert (s["story_f1"], s["stories_whole"]) == (1.0, 1)
    # Without gold stories each gold event is its own: putting A and B in one story costs
    # precision (3 pairs of 6 are across them).
    s = score(export, GOLD)
    assert (s["story_precision"], s["story_recall"]) == (0.5, 1.0)
