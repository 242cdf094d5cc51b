"""Canonical entities over the corpus, quote speakers, and quote groups within events."""

from __future__ import annotations

import random

from recoupe.check.entities import EntityStage
from recoupe.check.quotes import QuoteGroupStage, same_utterance
from recoupe.model import Corpus, Document, Event, Mention, Quote


def mention(text: str, label: str = "PER", canonical: str = "") -> Mention:
    return Mention(0, len(text), text, label, canonical=canonical or text)


def doc(did: str, mentions: list[Mention], quotes: list[Quote] = ()) -> Document:  # type: ignore[assignment]
    return Document(
        id=did, source=did, raw="", format="txt", text="…", entities=mentions, quotes=list(quotes)
    )


def quote(qid: str, text: str, speaker: str | None) -> Quote:
    return Quote(qid, 0, len(text), text, True, speaker=speaker)


def test_name_variants_and_a_lone_surname_make_one_entity() -> None:
    c = Corpus(
        documents={
            "a": doc(
                "a",
                [
                    mention("Kim Jong-un"),
                    mention("Vladimir Poutine"),
                    mention("Poutine"),
                    mention("Vostotchny", "LOC"),
                ],
            ),
            "b": doc(
                "b",
                [mention("Kim Jong Un"), mention("Poutine"), mention("V. Poutine")],
                [quote("q1", "Je suis très content de vous voir", "V. Poutine")],
            ),
            "c": doc(
                "c",
                [mention("KIM JONG-UN"), mention("Kim Jong-un"), mention("Vladimir Poutine")],
                [
                    quote(
                        "q2",
                        "La Russie remportera une grande victoire",
                        "le dirigeant nord-coréen Kim Jong-un",
                    ),
                    quote("q3", "Nous verrons", "un diplomate"),
                ],
            ),
        }
    )
    EntityStage().run(c)
    by_name = {e.name: e for e in c.entities}
    assert set(by_name) >= {"Kim Jong-un", "Vladimir Poutine", "Vostotchny"}
    kim, putin = by_name["Kim Jong-un"], by_name["Vladimir Poutine"]
    assert kim.type == "PER" and kim.id.startswith("en-")
    assert {"Kim Jong Un", "KIM JONG-UN", "Kim Jong-un"} <= set(kim.aliases)
    assert "Poutine" in putin.aliases
    mentions = [m for d in c.documents.values() for m in d.entities]
    assert all(m.entity_id for m in mentions)
    assert {m.entity_id for m in mentions if "outine" in m.text and "V." not in m.text} == {
        putin.id
    }
    quotes = {q.id: q for d in c.documents.values() for q in d.quotes}
    assert quotes["q1"].entity_id == putin.id  # "V. Poutine" -> its surname
    assert quotes["q2"].entity_id == kim.id
    assert quotes["q3"].entity_id is None


def test_a_surname_shared_by_two_full_names_stays_apart() -> None:
    c = Corpus(
        documents={
            "a": doc("a", [mention("Marine Le Pen"), mention("Jean-Marie Le Pen"), mention("Pen")])
        }
    )
    EntityStage().run(c)
    assert len(c.entities) == 3


def test_thresholds_on_realistic_pairs() -> None:
    assert same_utterance("Je suis très content de vous voir", "Je suis très heureux de vous voir")
    assert same_utterance(
        "Ils essaient de développer ce domaine, montrons-leur de nouvelles choses",
        "Ils tentent de développer ce domaine, nous allons leur montrer de nouvelles choses",
    )
    assert same_utterance(
        "combat sacré", "soutien total et inconditionnel au combat sacré de la Russie"
    )
    assert same_utterance(
        "Nous n'avons rien à cacher",
        "Nous n'avons rien à cacher, et nous le prouverons devant la justice",
    )
    assert not same_utterance(
        "La Russie et la Corée du Nord sont des alliés naturels",
        "Nous allons renforcer notre coopération militaire avec la Russie",
    )
    assert not same_utterance(
        "Le nombre de victimes pourrait encore augmenter dans les prochaines heures",
        "Le bilan pourrait encore s'alourdir dans la nuit",
    )
    assert not same_utterance("mal", "le mal triomphera")  # one word is no evidence


def build_quotes_corpus() -> Corpus:
    def q(qid: str, text: str, entity: str | None) -> Quote:
        item = quote(qid, text, None)
        item.entity_id = entity
        return item

    docs = [
        doc(
            "a",
            [],
            [
                q("qa1", "Je suis très content de vous voir", "en-putin"),
                q("qa2", "La grande Russie triomphera du mal", "en-kim"),
            ],
        ),
        doc(
            "b",
            [],
            [
                q("qb1", "Je suis très heureux de vous voir", "en-putin"),
                q("qb2", "Je suis très content de vous voir", "en-kim"),
            ],
        ),  # another speaker
        doc("c", [], [q("qc1", "je suis très content de vous voir.", "en-putin")]),  # other event
    ]
    c = Corpus(documents={d.id: d for d in docs})
    c.events = [Event("ev-1", "Sommet", "2023-09", ["a", "b"]), Event("ev-2", "Autre", None, ["c"])]
    return c


def test_quotes_group_within_an_event_for_one_speaker() -> None:
    c = build_quotes_corpus()
    QuoteGroupStage().run(c)
    (group,) = c.quote_groups
    assert group.quote_ids == ["qa1", "qb1"] and group.id.startswith("qg-")
    quotes = {q.id: q for d in c.documents.values() for q in d.quotes}
    assert quotes["qa1"].group_id == quotes["qb1"].group_id == group.id
    assert all(quotes[i].group_id is None for i in ("qa2", "qb2", "qc1"))


def test_quote_groups_do_not_depend_on_input_order() -> None:
    first = build_quotes_corpus()
    QuoteGroupStage().run(first)
    second = build_quotes_corpus()
    items = list(second.documents.items())
    random.Random(5).shuffle(items)
    second.documents = dict(items)
    second.events.reverse()
    QuoteGroupStage().run(second)
    assert [(g.id, g.quote_ids) for g in first.quote_groups] == [
        (g.id, g.quote_ids) for g in second.quote_groups
    ]
