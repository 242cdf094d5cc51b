"""The strict speaker match of the quote scorer (issue 7): a shared name word is not the
same person ("Sophie Lambert" is not "Henri Lambert"); every word of the shorter name,
titles aside, must appear in the longer one in the same order."""

from __future__ import annotations

from recoupe.evaluate.quotes import GoldArticle, GoldQuote, same_person, score
from recoupe.model import Document, Meta, Quote

TEXT = (
    "Sophie Lambert a reçu les bénévoles à la mairie. « Mon souhait est de rendre visibles "
    "celles et ceux que personne n'écoute », affirme-t-elle. Henri Lambert était absent."
)
QUOTE = "Mon souhait est de rendre visibles celles et ceux que personne n'écoute"


def test_same_person_needs_every_word_of_the_shorter_name_in_order() -> None:
    assert same_person("Lambert", "Henri Lambert")
    assert same_person("M. Lambert", "Henri Lambert")
    assert same_person("Mme Sophie Lambert", "Sophie Lambert")
    assert same_person("la direction de l'entreprise", "La direction de l'entreprise")
    assert not same_person("Sophie Lambert", "Henri Lambert")
    assert not same_person("Marc Thibaud", "Karine Thibaud")
    assert not same_person("Lambert Henri", "Henri Lambert")  # order matters
    assert not same_person("M.", "Mme")  # titles alone name no one
    assert not same_person("she", "she")  # nor do pronouns


def _scored(speaker: str) -> float:
    start = TEXT.index(QUOTE)
    # The predicted speaker points at the last sentence's "Henri Lambert" or the first
    # sentence's "Sophie Lambert": only the name decides, the span is not the gold's.
    at = TEXT.rindex(speaker)
    pred = Quote(
        "q", start, start + len(QUOTE), QUOTE, True, speaker, at, at + len(speaker), "affirmer"
    )
    doc = Document(id="d", source="d", raw=TEXT, format="txt", text=TEXT, meta=Meta(language="fr"))
    doc.quotes = [pred]
    gold = GoldArticle("d", TEXT, "fr", [GoldQuote(QUOTE, "Sophie Lambert", "affirmer")])
    return float(score([gold], [doc])["overlap_0.8"]["speaker_accuracy"])


def test_a_namesake_is_a_wrong_speaker() -> None:
    assert _scored("Henri Lambert") == 0.0
    assert _scored("Sophie Lambert") == 1.0
