"""A blank line always ends a sentence (nlp/paragraphs.py), with the real spaCy models."""

from __future__ import annotations

import pytest

from recoupe.model import Document, Meta
from recoupe.nlp.paragraphs import COMPONENT, add_paragraph_breaks, mark_paragraph_starts
from recoupe.nlp.spacy_stage import NlpStage
from recoupe.text import normalize

# A photo caption without a full stop above the article's first paragraph: without the
# component, fr_core_news_md parses both as one sentence rooted in the caption's noun.
CAPTION_FR = normalize(
    "Un manifestant devant la préfecture de Rennes, le 12 mars 2024 (AFP)\n\n"
    "Les manifestants ont assuré qu'ils resteraient mobilisés tout l'été, a indiqué "
    "la CGT."
)
# A headline glued to the lede the same way by en_core_web_sm.
HEADLINE_EN = (
    "Dock workers block the port for a third day\n\n"
    "Protestors said they would stay until the government met their demands."
)


def _doc(text: str, lang: str) -> Document:
    return Document(id="p", source="t", raw=text, format="txt", text=text, meta=Meta(language=lang))


def _sentence_texts(doc: Document) -> list[str]:
    return [doc.text[s.start : s.end].strip() for s in doc.sentences]


def _root_of(doc: Document, word: str) -> bool:
    """Is ``word`` the root of its sentence (its own head)?"""
    i = next(i for i, t in enumerate(doc.tokens) if doc.text[t.start : t.end] == word)
    return doc.tokens[i].head == i


def test_caption_is_its_own_sentence_and_the_reporting_verb_heads_the_next(
    nlp_stage: NlpStage,
) -> None:
    doc = nlp_stage.process(_doc(CAPTION_FR, "fr"))
    assert doc.text == CAPTION_FR  # offsets into the unchanged text
    paragraph = CAPTION_FR.index("Les manifestants")
    assert paragraph in {s.start for s in doc.sentences}
    assert not any("\n\n" in t for t in _sentence_texts(doc))
    assert _root_of(doc, "assuré")


def test_english_headline_does_not_swallow_the_lede(nlp_stage: NlpStage) -> None:
    if nlp_stage._nlp_en is None or "parser" not in nlp_stage._nlp_en.pipe_names:
        pytest.skip("no English model with a parser installed")
    doc = nlp_stage.process(_doc(HEADLINE_EN, "en"))
    assert _sentence_texts(doc) == [
        "Dock workers block the port for a third day",
        "Protestors said they would stay until the government met their demands.",
    ]
    assert _root_of(doc, "said")


def test_sentences_inside_a_paragraph_are_still_the_parsers(nlp_stage: NlpStage) -> None:
    text = normalize(
        "Le port est resté fermé mardi. Les dockers ont voté la grève jusqu'à vendredi.\n\n"
        "Leur porte-parole a déclaré que le mouvement continuerait."
    )
    doc = nlp_stage.process(_doc(text, "fr"))
    assert _sentence_texts(doc) == [
        "Le port est resté fermé mardi.",
        "Les dockers ont voté la grève jusqu'à vendredi.",
        "Leur porte-parole a déclaré que le mouvement continuerait.",
    ]
    # Spans are trimmed: the blank line belongs to no sentence.
    assert all(text[s.start].strip() and text[s.end - 1].strip() for s in doc.sentences)


def test_an_opening_quote_mark_stays_with_its_quotation(nlp_stage: NlpStage) -> None:
    """Marking the first word after the blank line (here "«") made the md parser split
    it off as a sentence of its own; marking the blank line's token does not."""
    text = normalize(
        "Les dockers ont voté la grève jusqu'à vendredi.\n\n"
        "« Nous ne céderons pas », a déclaré leur porte-parole."
    )
    doc = nlp_stage.process(_doc(text, "fr"))
    sentences = _sentence_texts(doc)
    assert sentences[0] == "Les dockers ont voté la grève jusqu'à vendredi."
    assert sentences[1].startswith("« Nous ne céderons pas")
    assert all(any(c.isalnum() for c in s) for s in sentences)


def test_a_single_newline_is_not_forced_a_boundary() -> None:
    """A hard wrap in the middle of a sentence (a text that did not go through clean/)
    stays the parser's call; a blank line, spaces on it included, is a boundary, marked
    on its own whitespace token."""
    import spacy

    nlp = spacy.blank("fr")
    doc = mark_paragraph_starts(nlp("Le ministre a\ndéclaré mardi\n \t\nque le port rouvrirait"))
    starts = [t.text for t in doc if t.is_sent_start]
    assert starts == ["Le", "\n \t\n"]  # the first token is always a start
    assert [s.text for s in doc.sents][1].strip() == "que le port rouvrirait"


@pytest.mark.parametrize(
    ("pipes", "expected"),
    [
        (["tok2vec", "parser", "ner"], ["tok2vec", COMPONENT, "parser", "ner"]),
        (["sentencizer"], ["sentencizer", COMPONENT]),
        ([], [COMPONENT]),
    ],
)
def test_component_goes_where_the_boundary_sticks(pipes: list[str], expected: list[str]) -> None:
    import spacy

    nlp = spacy.blank("fr")
    for name in pipes:
        nlp.add_pipe(name)
    add_paragraph_breaks(nlp)
    add_paragraph_breaks(nlp)  # a second call (setup() run twice) adds nothing
    assert nlp.pipe_names == expected


def test_blank_pipeline_with_sentencizer_keeps_the_break() -> None:
    """The rule sentencizer writes every token's boundary; the component, after it,
    still splits a headline from its lede."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    add_paragraph_breaks(nlp)
    doc = nlp(HEADLINE_EN)
    assert [s.text.strip() for s in doc.sents] == [
        "Dock workers block the port for a third day",
        "Protestors said they would stay until the government met their demands.",
    ]
