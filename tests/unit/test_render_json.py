"""The JSON export contract: schema, mapping, determinism."""

from __future__ import annotations

import copy
import json
from typing import Any

import jsonschema
import pytest
from test_render_corpus import REJECTIONS, build_corpus

from recoupe.model import Corpus
from recoupe.render.json_export import export_dict, export_json, validate_export

CONTRACT = {
    "documents": {
        "id",
        "parent",
        "source",
        "outlet",
        "title",
        "language",
        "published",
        "bylines",
        "duplicate_of",
        "event",
        "text",
    },
    "events": {"id", "title", "date", "story", "documents"},
    "stories": {"id", "title", "events"},
    "entities": {"id", "name", "type", "aliases"},
    "quotes": {"id", "document", "text", "direct", "speaker", "entity", "cue", "group"},
    "claims": {"id", "document", "text", "value", "unit", "counted", "attributed_to", "fact"},
    "facts": {"id", "event", "statement", "status", "claims", "independent_sources"},
}


@pytest.fixture()
def data() -> dict[str, Any]:
    return export_dict(build_corpus(), "0.1.0", rejections=REJECTIONS)


def test_export_validates_and_carries_every_contract_key(data: dict[str, Any]) -> None:
    validate_export(data)
    assert data["recoupe_version"] == "0.1.0"
    for section, keys in CONTRACT.items():
        assert data[section], section
        for row in data[section]:
            assert keys <= row.keys(), (section, keys - row.keys())


def test_documents_include_containers_and_children(data: dict[str, Any]) -> None:
    docs = {d["id"]: d for d in data["documents"]}
    assert len(docs) == 7
    assert docs["d-live"]["event"] is None  # a container belongs to no event
    assert docs["d-live"]["parent"] is None
    assert docs["d-live-1"]["parent"] == "d-live"
    assert docs["d-live-1"]["event"] == "ev-odessa"
    assert docs["d-live-2"]["event"] == "ev-kim"
    assert docs["d-ouest"]["duplicate_of"] == "d-lemonde"
    assert docs["d-lemonde"]["bylines"] == ["Rémy Ourdan"]
    assert docs["d-lemonde"]["text"].startswith("Une attaque de drones")


def test_published_keeps_the_known_precision_and_never_the_time(data: dict[str, Any]) -> None:
    docs = {d["id"]: d for d in data["documents"]}
    assert docs["d-lemonde"]["published"] == "2023-09-12"
    assert docs["d-liberation"]["published"] == "2023-07"
    assert docs["d-liberation"]["published_precision"] == "month"
    assert docs["d-live-1"]["published"] == "2023-09-12"  # was 2023-09-12T10:32
    assert docs["d-live-1"]["published_precision"] == "minute"


def test_claims_and_facts_map_their_fields(data: dict[str, Any]) -> None:
    claims = {c["id"]: c for c in data["claims"]}
    assert claims["c-lm-dead"]["value"] == 3
    assert isinstance(claims["c-lm-dead"]["value"], int)  # 3, not 3.0
    assert claims["c-lm-dead"]["qualifier"] == "au moins"
    assert claims["c-fig-dead"]["attributed_to"] == "ministère russe de la Défense"
    facts = {f["id"]: f for f in data["facts"]}
    assert facts["f-dead"]["status"] == "contradicted"
    assert facts["f-dead"]["claims"] == ["c-fig-dead", "c-lm-dead"]
    quotes = {q["id"]: q for q in data["quotes"]}
    assert quotes["q-fig"]["group"] == "g-ihnat"
    assert quotes["q-fig"]["entity"] == "e-ihnat"
    assert data["quote_groups"][0]["quotes"] == ["q-fig", "q-lm", "q-ouest"]
    assert {r["reason"] for r in data["rejections"]} == {"empty", "binary"}


@pytest.mark.parametrize(
    "breakage",
    [
        lambda d: d["documents"][0].pop("text"),
        lambda d: d.pop("facts"),
        lambda d: d["facts"][0].__setitem__("status", "disputed"),
        lambda d: d["documents"][0].__setitem__("published", "12/09/2023"),
        lambda d: d["events"][0].__setitem__("date", "2023-09-12T10:32"),
        lambda d: d["claims"][0].__setitem__("id", 42),
        lambda d: d["quotes"][0].__setitem__("direct", "yes"),
    ],
    ids=[
        "missing-text",
        "missing-facts",
        "bad-status",
        "bad-date",
        "time-in-date",
        "int-id",
        "bad-bool",
    ],
)
def test_broken_exports_fail_validation(data: dict[str, Any], breakage: Any) -> None:
    broken = copy.deepcopy(data)
    breakage(broken)
    with pytest.raises(jsonschema.ValidationError):
        validate_export(broken)


def test_added_keys_are_allowed(data: dict[str, Any]) -> None:
    data["documents"][0]["sentiment"] = "neutral"
    data["framing"] = []
    validate_export(data)


def _shuffled(corpus: Corpus) -> Corpus:
    """The same corpus with every collection in another order (as a store might load it)."""
    corpus.documents = dict(reversed(list(corpus.documents.items())))
    for d in corpus.documents.values():
        d.claims.reverse()
        d.quotes.reverse()
    corpus.events.reverse()
    corpus.facts.reverse()
    corpus.entities.reverse()
    corpus.quote_groups.reverse()
    for e in corpus.events:
        e.document_ids.reverse()
    return corpus


def test_export_is_byte_identical_whatever_the_load_order() -> None:
    first = export_json(build_corpus(), "0.1.0", rejections=REJECTIONS)
    again = export_json(build_corpus(), "0.1.0", rejections=REJECTIONS)
    shuffled = export_json(_shuffled(build_corpus()), "0.1.0", rejections=REJECTIONS[::-1])
    assert first == again == shuffled
    assert "Rémy Ourdan" in first  # ensure_ascii=False: UTF-8 text stays readable
    assert json.loads(first)["events"][0]["id"] == "ev-grain"  # events by date


def test_malformed_dates_become_null_instead_of_breaking_the_export() -> None:
    corpus = build_corpus()
    corpus.events[0].date = "septembre 2023"
    data = export_dict(corpus, "0.1.0")
    validate_export(data)
    assert next(e for e in data["events"] if e["id"] == "ev-odessa")["date"] is None
