"""Quotes and speakers over documents the real NlpStage analysed (fr_core_news_md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from recoupe.extract.quote_labels import is_scare_quote
from recoupe.extract.quotes import QuoteStage, find_segments
from recoupe.model import Document, Meta, Quote
from recoupe.nlp.spacy_stage import NlpStage
from recoupe.text import normalize

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


@pytest.fixture(scope="module")
def nlp(nlp_stage: NlpStage) -> NlpStage:
    return nlp_stage


def _quote(quotes: list[Quote], words: str) -> Quote:
    """The quote whose text starts with ``words`` (shared by the speaker tests)."""
    return next(q for q in quotes if q.text.startswith(words))


def _quotes(nlp: NlpStage, text: str, lang: str = "fr") -> list[Quote]:
    text = normalize(text)
    doc = Document(id="q", source="t", raw=text, format="txt", text=text, meta=Meta(language=lang))
    nlp.process(doc)
    QuoteStage().process(doc)
    for q in doc.quotes:
        assert doc.text[q.start : q.end] == q.text
    return doc.quotes


def test_inverted_speaker_with_role_and_pronoun(nlp: NlpStage) -> None:
    quotes = _quotes(
        nlp,
        "Vladimir Poutine a accueilli Kim Jong-un mercredi. « Je suis très content de vous "
        "voir », a déclaré le maître du Kremlin. « Au bien-être de nos peuples », a-t-il "
        "ajouté sur un ton solennel.",
    )
    assert [(q.text, q.speaker, q.cue) for q in quotes] == [
        ("Je suis très content de vous voir", "le maître du Kremlin", "déclarer"),
        ("Au bien-être de nos peuples", "le maître du Kremlin", "ajouter"),
    ]


def test_named_speaker_gets_the_canonical_name(nlp: NlpStage) -> None:
    quotes = _quotes(
        nlp,
        "Vladimir Poutine a reçu son hôte au cosmodrome. « Ils essaient de développer ce "
        "domaine », a déclaré V. Poutine à la presse.",
    )
    assert len(quotes) == 1
    assert quotes[0].speaker == "Vladimir Poutine"
    assert quotes[0].speaker_start is not None


def test_colon_frame_and_pronoun_resolves_to_last_person(nlp: NlpStage) -> None:
    quotes = _quotes(
        nlp,
        "Dmitri Peskov a parlé aux journalistes à Moscou. Il a ajouté : « Nous ne "
        "reculerons devant aucune menace. »",
    )
    assert len(quotes) == 1
    assert quotes[0].speaker == "Dmitri Peskov"
    assert quotes[0].cue == "ajouter"


def test_role_without_name_and_embedded_partial_quote(nlp: NlpStage) -> None:
    quotes = _quotes(
        nlp,
        "« C'est une provocation inacceptable », a martelé la ministre. Le porte-parole du "
        "Kremlin, Dmitri Peskov, a indiqué que les relations étaient « la première priorité "
        "du pays ».",
    )
    assert [(q.speaker, q.cue) for q in quotes] == [
        ("la ministre", "marteler"),
        ("Dmitri Peskov", "indiquer"),
    ]


def test_selon_names_the_source(nlp: NlpStage) -> None:
    quotes = _quotes(
        nlp,
        "Les relations entrent dans une période de « nouvelle prospérité entre nos deux "
        "pays », selon l'agence TASS.",
    )
    assert len(quotes) == 1 and quotes[0].speaker == "TASS" and quotes[0].cue is None


def test_scare_quotes_are_skipped(nlp: NlpStage) -> None:
    # No speech verb governs « plan vélo »; « terroristes » is a loaded term of the framing
    # lexicon, which the marks flag whoever said it (check/framing.py counts it).
    quotes = _quotes(
        nlp,
        "La ville a lancé un « plan vélo » au printemps. Moscou qualifie ces combattants "
        "de « terroristes ».",
    )
    assert quotes == []


def test_english_quote_after_said(nlp: NlpStage) -> None:
    quotes = _quotes(
        nlp,
        '"We will not back down," said Defence Minister Anna Varga. "Never," she added.',
        lang="en",
    )
    assert quotes[0].text == "We will not back down,"
    assert quotes[0].speaker == "Anna Varga"  # the person, not her title
    assert quotes[0].cue == "say"


def test_segments_nested_unbalanced_and_cut_at_paragraph_end() -> None:
    text = "A « il a dit “non” à tous » puis » seul.\n« Ouvert sans fin\nSuite « ok »"
    segs = [text[s.start : s.end] for s in find_segments(text)]
    assert segs == ["il a dit “non” à tous", "Ouvert sans fin", "ok"]


def test_straight_quotes_and_code_are_handled() -> None:
    text = 'Il a dit "nous partons" hier. Un écran de 12" ; src="https://x.net/sdk.js"'
    segs = [text[s.start : s.end] for s in find_segments(text)]
    assert segs == ["nous partons"]


def test_is_scare_quote() -> None:
    assert is_scare_quote("camarade", framed=False)
    assert is_scare_quote("opération militaire spéciale", framed=False)
    assert not is_scare_quote("productives", framed=True)
    assert not is_scare_quote("nous ne reculerons jamais", framed=False)


def test_seeds(nlp: NlpStage) -> None:
    seeds = sorted((SHARED / "seeds").glob("*.txt"))
    if not seeds:
        pytest.skip("../shared/seeds is absent")
    total = with_speaker = 0
    for p in seeds:
        quotes = _quotes(nlp, p.read_text("utf-8"))
        total += len(quotes)
        with_speaker += sum(q.speaker is not None for q in quotes)
    # Measured at 50 quotes, 40 with a speaker; floors leave room for model noise.
    assert total >= 40
    assert with_speaker / total >= 0.7


def test_role_speaker_resolves_to_the_person_named_in_that_role(nlp: NlpStage) -> None:
    quotes = _quotes(
        nlp,
        "La ministre des Transports, Hélène Sauvade, s'est rendue lundi sur le port. "
        "« Cette grève est une prise d'otage de l'économie », a dénoncé la ministre des "
        "Transports devant la presse. Le syndicat a répondu dans la soirée. « Nous ne "
        "lâcherons rien », a déclaré le secrétaire général de l'Union des dockers.",
    )
    assert [(q.speaker, q.cue) for q in quotes] == [
        ("Hélène Sauvade", "dénoncer"),
        ("le secrétaire général de l'Union des dockers", "déclarer"),  # never named
    ]


def test_name_before_its_role_also_resolves() -> None:
    from recoupe.extract.speakers import person_in_role
    from recoupe.model import Mention

    text = "Josselin Brac, le maire de Tervel, tient la liste des victimes."
    doc = Document(
        id="r",
        source="t",
        raw=text,
        format="txt",
        text=text,
        entities=[Mention(0, 13, "Josselin Brac", "PER", "Josselin Brac")],
    )
    found = person_in_role(doc, "le maire de Tervel")
    assert found is not None and found.canonical == "Josselin Brac"
    assert person_in_role(doc, "le préfet") is None
    assert person_in_role(doc, "Poutine") is None
