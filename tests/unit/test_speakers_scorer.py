"""The strict speaker match of the quote scorer (issue 7): a shared name word is not the
same person ("Brigitte Macron" is not "Emmanuel Macron"); every word of the shorter name,
titles aside, must appear in the longer one in the same order."""

from __future__ import annotations

from recoupe.evaluate.quotes import GoldArticle, GoldQuote, same_person, score
from recoupe.model import Document, Meta, Quote

TEXT = (
    "Brigitte Macron a reçu les enfants à l'Élysée. « Mon but est de porter la voix de ceux "
    "que l'on n'entend pas », affirme-t-elle. Emmanuel Macron était absent."
)
QUOTE = "Mon but est de porter la voix de ceux que l'on n'entend pas"


def test_same_person_needs_every_word_of_the_shorter_name_in_order() -> None:
    assert same_person("Macron", "Emmanuel Macron")
    assert same_person("M. Macron", "Emmanuel Macron")
    assert same_person("Mme Brigitte Macron", "Brigitte Macron")
    assert same_person("la direction de l'entreprise", "La direction de l'entreprise")
    assert not same_person("Brigitte Macron", "Emmanuel Macron")
    assert not same_person("Christophe Dettinger", "Karine Dettinger")
    assert not same_person("Macron Emmanuel", "Emmanuel Macron")  # order matters
    assert not same_person("M.", "Mme")  # titles alone name no one
    assert not same_person("she", "she")  # nor do pronouns


def _scored(speaker: str) -> float:
    start = TEXT.index(QUOTE)
    # The predicted speaker points at the last sentence's "Emmanuel Macron" or the first
    # sentence's "Brigitte Macron": only the name decides, the span is not the gold's.
    at = TEXT.rindex(speaker)
    pred = Quote(
        "q", start, start + len(QUOTE), QUOTE, True, speaker, at, at + len(speaker), "affirmer"
    )
    doc = Document(id="d", source="d", raw=TEXT, format="txt", text=TEXT, meta=Meta(language="fr"))
    doc.quotes = [pred]
    gold = GoldArticle("d", TEXT, "fr", [GoldQuote(QUOTE, "Brigitte Macron", "affirmer")])
    return float(score([gold], [doc])["overlap_0.8"]["speaker_accuracy"])


def test_a_namesake_is_a_wrong_speaker() -> None:
    assert _scored("Emmanuel Macron") == 0.0
    assert _scored("Brigitte Macron") == 1.0
