"""Places and organisations named in French and English (and local romanisations) become
one corpus entity under the French name; look-alike countries and acronyms stay apart."""

from __future__ import annotations

import pytest

from recoupe.check.entities import EntityStage
from recoupe.check.names import _gazetteer, entity_key, gazetteer_key
from recoupe.model import Corpus, Document, Mention, Quote


def _doc(did: str, names: list[tuple[str, str]], quotes: list[Quote] | None = None) -> Document:
    mentions = [Mention(0, len(n), n, label, canonical=n) for n, label in names]
    return Document(
        id=did, source=did, raw="", format="txt", text="…", entities=mentions, quotes=quotes or []
    )


def _ids(corpus: Corpus) -> dict[str, str | None]:
    return {m.text: m.entity_id for d in corpus.documents.values() for m in d.entities}


def test_exonyms_merge_under_the_french_name() -> None:
    corpus = Corpus(
        documents={
            "fr": _doc("fr", [("Pékin", "LOC"), ("Londres", "LOC"), ("ONU", "ORG")]),
            "en": _doc("en", [("Beijing", "LOC"), ("London", "LOC"), ("United Nations", "ORG")]),
            "old": _doc("old", [("Peking", "LOC"), ("Nations unies", "ORG"), ("UN", "ORG")]),
        }
    )
    EntityStage().run(corpus)
    ids = _ids(corpus)
    assert ids["Pékin"] == ids["Beijing"] == ids["Peking"]
    assert ids["Londres"] == ids["London"]
    assert ids["ONU"] == ids["United Nations"] == ids["Nations unies"] == ids["UN"]
    names = {e.id: e for e in corpus.entities}
    assert names[ids["Beijing"]].name == "Pékin"  # French first, whatever was written
    assert {"Beijing", "Peking", "Pékin"} <= set(names[ids["Beijing"]].aliases)
    assert names[ids["UN"]].name == "ONU"


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Niger", "Nigeria"),
        ("Guinée", "Guinée-Bissau"),
        ("Guinée", "Guinée équatoriale"),
        ("Soudan", "Soudan du Sud"),
        ("Conseil européen", "Conseil de l'Europe"),
        ("Corée du Nord", "Corée du Sud"),
    ],
)
def test_look_alike_places_stay_apart(a: str, b: str) -> None:
    assert entity_key(a, "LOC") != entity_key(b, "LOC")


def test_short_acronyms_need_their_capitals_and_places_need_a_place_label() -> None:
    assert gazetteer_key("UN", person=False) == gazetteer_key("ONU", person=False)
    assert gazetteer_key("un", person=False) is None  # the French article, not the UN
    # Place rows are for places ("Georgia" the person is no country), person rows for
    # persons ("Kadhafi" the person is Gaddafi).
    assert gazetteer_key("United Kingdom", person=True) is None
    assert gazetteer_key("Britain", person=False) == gazetteer_key("Royaume-Uni", person=False)
    assert entity_key("Gaddafi", "PER") == entity_key("Kadhafi", "PER")
    assert gazetteer_key("Gaddafi", person=False) is None


def test_an_english_speaker_string_finds_the_french_entity() -> None:
    quote = Quote("q1", 0, 10, "We call for restraint", True, speaker="the United Nations")
    corpus = Corpus(documents={"a": _doc("a", [("ONU", "ORG")], [quote])})
    EntityStage().run(corpus)
    assert quote.entity_id == corpus.entities[0].id


def test_the_gazetteer_is_big_and_no_alias_names_two_rows() -> None:
    gz = _gazetteer()  # raises on an alias shared by two rows
    assert len(gz.names) >= 300
    assert len(gz.keys) + len(gz.short) >= 600
