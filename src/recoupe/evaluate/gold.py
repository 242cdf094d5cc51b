"""Score a recoupe JSON export against a hand-made gold file (examples/demo/gold.json).

Pure functions over plain dicts, with no recoupe import, so the scorer can be tested on its
own and reused by `recoupe eval`. The export follows the JSON contract in DESIGN.md; the gold
names each document by its file and a snippet of its cleaned text (see examples/demo/README.md).

Scores returned by ``score``:
- events: pairwise precision/recall/F1 over the gold documents that were found. A pair is
  "gold-same" when both are in one gold event, "export-same" when both resolve to one export
  document or to the same (non-null) export event.
- quotes: recall (an export quote of the right document whose normalised text contains, or is
  contained in, the gold text) and speaker accuracy over the quotes found (the gold speaker's
  last name appears in the export speaker, case- and accent-insensitive).
- scare quotes: how many gold ``not_quotes`` were exported as quotes of their file.
- stories: how many gold stories (events linked over time) have all their documents found
  in one export story, and pairwise precision/recall/F1 over the gold documents found, a
  pair being "gold-same" when their events are in one gold story (an event in no gold
  story is a story of its own) and "export-same" when their export events share a story.
- facts: status accuracy; a gold fact is matched by an export fact of an export event holding
  the gold event's documents, with a claim whose ``counted`` equals the gold one.
``misses`` lists each failure with its reason, so a failing test says what went wrong.
"""

from __future__ import annotations

import re
import unicodedata
from itertools import combinations
from typing import Any

_APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'"})
_SPACE = re.compile(r"\s+")
# Quotation marks and the punctuation that extraction may or may not keep at a quote's edges.
_EDGE = "«»“”„\"‹›'.,;:!?…—–- "
# An export quote shorter than this many words is not taken as "contained in" a gold quote:
# otherwise a junk one-word quote ("Nous") would count as finding a whole sentence.
MIN_CONTAINED_WORDS = 3

Export = dict[str, Any]
Gold = dict[str, Any]


# ---------------------------------------------------------------- normalisation ------------
def _compact(text: str) -> str:
    """For snippet search: NFC, one apostrophe, no whitespace at all."""
    text = unicodedata.normalize("NFC", text).translate(_APOSTROPHES)
    return _SPACE.sub("", text)


def _fold(text: str) -> str:
    """For comparing quotes and names: lower case, no accents, one apostrophe, one space,
    no quotation marks or punctuation at the edges."""
    text = unicodedata.normalize("NFKD", text.translate(_APOSTROPHES))
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = _SPACE.sub(" ", text)
    return text.strip(_EDGE)


def _file_matches(source: str, file: str) -> bool:
    """``source`` names ``file``: the path ends with it, before any "#fragment"."""
    path = source.split("#", 1)[0].replace("\\", "/")
    return path == file or path.endswith("/" + file)


# ---------------------------------------------------------------- documents ----------------
def _parent_ids(export: Export) -> set[str]:
    return {d["parent"] for d in export.get("documents", []) if d.get("parent")}


def find_document(export: Export, file: str, snippet: str) -> dict[str, Any] | None:
    """The export document of ``file`` whose text contains ``snippet``.

    Whitespace- and apostrophe-insensitive. Leaf documents (named by no other as parent)
    are preferred over the split page that contains them; among several, the shortest text.
    """
    needle = _compact(snippet)
    parents = _parent_ids(export)
    hits = [
        d
        for d in export.get("documents", [])
        if _file_matches(str(d.get("source", "")), file) and needle in _compact(d.get("text") or "")
    ]
    if not hits:
        return None
    hits.sort(key=lambda d: (d["id"] in parents, len(d.get("text") or "")))
    best: dict[str, Any] = hits[0]
    return best


def _event_of(export: Export) -> dict[str, str]:
    """Document id -> export event id, from the events' lists and the documents' field."""
    event_of: dict[str, str] = {}
    for doc in export.get("documents", []):
        if doc.get("event"):
            event_of[doc["id"]] = doc["event"]
    for event in export.get("events", []):
        for doc_id in event.get("documents", []):
            event_of.setdefault(doc_id, event["id"])
    return event_of


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


# ---------------------------------------------------------------- scoring ------------------
def _score_events(
    export: Export, gold: Gold, misses: list[str]
) -> tuple[dict[str, float | int], dict[str, list[str]]]:
    """Pairwise event scores; also returns gold event name -> export document ids found."""
    event_of = _event_of(export)
    found: list[tuple[str, str]] = []  # (gold event name, export document id)
    labels: dict[str, list[str]] = {}  # export document id -> the gold references on it
    by_gold_event: dict[str, list[str]] = {}
    total = 0
    for event in gold.get("events", []):
        by_gold_event[event["name"]] = []
        for ref in event.get("documents", []):
            total += 1
            doc = find_document(export, ref["file"], ref["snippet"])
            if doc is None:
                misses.append(f"document not found: {ref['file']} «{ref['snippet']}»")
                continue
            found.append((event["name"], doc["id"]))
            labels.setdefault(doc["id"], []).append(f"{ref['file']} «{ref['snippet']}»")
            by_gold_event[event["name"]].append(doc["id"])
            if doc["id"] not in event_of:
                misses.append(f"document has no event: {ref['file']} «{ref['snippet']}»")

    # Gold documents that share one export document: a live-blog post or a glued story that
    # was not split off. They still count as found; the event pairs pay for the merge.
    merged = sum(len(refs) for refs in labels.values() if len(refs) > 1)
    for doc_id, refs in labels.items():
        if len(refs) > 1:
            misses.append(
                f"one export document {doc_id} holds {len(refs)} gold documents: " + "; ".join(refs)
            )

    tp = fp = fn = 0
    for (gold_a, doc_a), (gold_b, doc_b) in combinations(found, 2):
        gold_same = gold_a == gold_b
        ev_a, ev_b = event_of.get(doc_a), event_of.get(doc_b)
        export_same = doc_a == doc_b or (ev_a is not None and ev_a == ev_b)
        tp += int(gold_same and export_same)
        fp += int(export_same and not gold_same)
        fn += int(gold_same and not export_same)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    for name, doc_ids in by_gold_event.items():
        events = {event_of.get(d) for d in doc_ids}
        if len(events) > 1:
            misses.append(f"gold event split over {len(events)} export events: {name}")
    scores: dict[str, float | int] = {
        "documents_found": len(found),
        "documents_total": total,
        "documents_merged": merged,
        "event_precision": precision,
        "event_recall": recall,
        "event_f1": _f1(precision, recall),
    }
    return scores, by_gold_event


def _score_stories(
    export: Export, gold: Gold, by_gold_event: dict[str, list[str]], misses: list[str]
) -> dict[str, float | int]:
    event_of = _event_of(export)
    story_of_event = {e["id"]: e.get("story") or e["id"] for e in export.get("events", [])}
    gold_story = {event["name"]: event["name"] for event in gold.get("events", [])}
    for story in gold.get("stories", []):
        for name in story.get("events", []):
            gold_story[name] = story["name"]
    found = [
        (gold_story.get(name, name), story_of_event.get(event_of.get(d, "")))
        for name, doc_ids in by_gold_event.items()
        for d in doc_ids
    ]
    tp = fp = fn = 0
    for (gold_a, story_a), (gold_b, story_b) in combinations(found, 2):
        gold_same = gold_a == gold_b
        export_same = story_a is not None and story_a == story_b
        tp += int(gold_same and export_same)
        fp += int(export_same and not gold_same)
        fn += int(gold_same and not export_same)
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    whole = 0
    for story in gold.get("stories", []):
        stories = {s for g, s in found if g == story["name"]}
        if len(stories) == 1 and None not in stories:
            whole += 1
        else:
            misses.append(f"gold story split over {len(stories)} export stories: {story['name']}")
    return {
        "stories_whole": whole,
        "stories_total": len(gold.get("stories", [])),
        "story_precision": precision,
        "story_recall": recall,
        "story_f1": _f1(precision, recall),
    }


def _score_quotes(export: Export, gold: Gold, misses: list[str]) -> dict[str, float | int]:
    quotes_by_doc: dict[str, list[dict[str, Any]]] = {}
    for quote in export.get("quotes", []):
        quotes_by_doc.setdefault(quote.get("document", ""), []).append(quote)

    found = right_speaker = 0
    gold_quotes = gold.get("quotes", [])
    for ref in gold_quotes:
        label = f"{ref['file']} «{ref['text']}»"
        doc = find_document(export, ref["file"], ref["snippet"])
        if doc is None:
            misses.append(f"quote's document not found: {label}")
            continue
        want = _fold(ref["text"])
        matches = [q for q in quotes_by_doc.get(doc["id"], []) if _quote_matches(q, want)]
        if not matches:
            misses.append(f"quote not extracted: {label}")
            continue
        found += 1
        surname = _fold(ref["speaker"]).split()[-1]
        if any(surname in _fold(q.get("speaker") or "") for q in matches):
            right_speaker += 1
        else:
            got = ", ".join(repr(q.get("speaker")) for q in matches)
            misses.append(f"wrong speaker for {label}: want {ref['speaker']!r}, got {got}")

    scare_fp = 0
    not_quotes = gold.get("not_quotes", [])
    for ref in not_quotes:
        doc_ids = {
            d["id"]
            for d in export.get("documents", [])
            if _file_matches(str(d.get("source", "")), ref["file"])
        }
        scare = _fold(ref["text"])
        if any(
            _fold(q.get("text") or "") == scare
            for doc_id in doc_ids
            for q in quotes_by_doc.get(doc_id, [])
        ):
            scare_fp += 1
            misses.append(f"scare quote exported as a quote: {ref['file']} «{ref['text']}»")
    return {
        "quotes_found": found,
        "quotes_total": len(gold_quotes),
        "quote_recall": found / len(gold_quotes) if gold_quotes else 0.0,
        "speaker_accuracy": right_speaker / found if found else 0.0,
        "scare_quote_false_positives": scare_fp,
        "scare_quotes_total": len(not_quotes),
    }


def _quote_matches(quote: dict[str, Any], want: str) -> bool:
    got = _fold(quote.get("text") or "")
    if not got or not want:
        return False
    return want in got or (got in want and len(got.split()) >= MIN_CONTAINED_WORDS)


def _score_facts(
    export: Export, gold: Gold, by_gold_event: dict[str, list[str]], misses: list[str]
) -> dict[str, float | int]:
    event_of = _event_of(export)
    claims = {c["id"]: c for c in export.get("claims", [])}
    gold_facts = gold.get("facts", [])
    matched = right_status = 0
    for ref in gold_facts:
        label = f"{ref['event']} / {ref['counted']} {ref.get('values', '')}"
        events = {event_of[d] for d in by_gold_event.get(ref["event"], []) if d in event_of}
        candidates = []
        for fact in export.get("facts", []):
            if fact.get("event") not in events:
                continue
            fact_claims = [claims[c] for c in fact.get("claims", []) if c in claims]
            hits = [c for c in fact_claims if c.get("counted") == ref["counted"]]
            if hits:
                overlap = len({c.get("value") for c in hits} & set(ref.get("values", [])))
                candidates.append((overlap, len(hits), fact))
        if not candidates:
            misses.append(f"fact not found: {label}")
            continue
        matched += 1
        candidates.sort(key=lambda t: (t[0], t[1]), reverse=True)
        # Any candidate with the gold status counts: a split fact is a clustering miss,
        # already paid for in the event scores.
        if any(fact.get("status") == ref["status"] for _, _, fact in candidates):
            right_status += 1
        else:
            got = candidates[0][2].get("status")
            misses.append(f"wrong fact status for {label}: want {ref['status']}, got {got}")
    return {
        "facts_matched": matched,
        "facts_total": len(gold_facts),
        "fact_status_accuracy": right_status / len(gold_facts) if gold_facts else 0.0,
    }


def score(export: Export, gold: Gold) -> dict[str, Any]:
    """Every score of the export against the gold, and the list of misses with reasons."""
    misses: list[str] = []
    event_scores, by_gold_event = _score_events(export, gold, misses)
    result: dict[str, Any] = dict(event_scores)
    result.update(_score_stories(export, gold, by_gold_event, misses))
    result.update(_score_quotes(export, gold, misses))
    result.update(_score_facts(export, gold, by_gold_event, misses))
    result["misses"] = misses
    return result


def summary(scores: dict[str, Any]) -> str:
    """One readable block: the numbers, then the misses (for a failing test's message)."""
    lines = [
        f"documents found {scores['documents_found']}/{scores['documents_total']}, "
        f"{scores['documents_merged']} merged with another",
        f"events P {scores['event_precision']:.2f} R {scores['event_recall']:.2f} "
        f"F1 {scores['event_f1']:.2f}",
        f"stories {scores['stories_whole']}/{scores['stories_total']} whole, "
        f"P {scores['story_precision']:.2f} R {scores['story_recall']:.2f} "
        f"F1 {scores['story_f1']:.2f}",
        f"quotes recall {scores['quote_recall']:.2f} ({scores['quotes_found']}/"
        f"{scores['quotes_total']}), speaker accuracy {scores['speaker_accuracy']:.2f}",
        f"scare quotes exported {scores['scare_quote_false_positives']}/"
        f"{scores['scare_quotes_total']}",
        f"fact status accuracy {scores['fact_status_accuracy']:.2f} "
        f"({scores['facts_matched']}/{scores['facts_total']} matched)",
        *(f"  - {m}" for m in scores["misses"]),
    ]
    return "\n".join(lines)
