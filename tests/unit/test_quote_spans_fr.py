"""French quote spans (issue 7): partial quotes a speech verb governs, labels in marks
(titles, charges, glued crossheads) and reported speech without marks (infinitives,
"selon X", inverted cues), as tests/gold/quotes-fr/GUIDELINE.md defines them; over
documents the real NlpStage analysed (fr_core_news_md)."""

from __future__ import annotations

from test_extract_quotes import _quotes

from recoupe.model import Quote
from recoupe.nlp.spacy_stage import NlpStage


def _spans(quotes: list[Quote]) -> list[tuple[str, bool]]:
    return [(q.text, q.direct) for q in quotes]


def test_partial_quotes_governed_by_a_speech_verb_are_quotes(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "Le maire Paul Girardin affirme avoir reçu des « menaces » et des « lettres "
        "anonymes » depuis le vote. La syndicaliste Claire Morvan dénonce une réforme "
        "« injuste et brutale ».",
    )
    assert [(q.text, q.speaker, q.cue) for q in quotes] == [
        ("menaces", "Paul Girardin", "affirmer"),
        ("lettres anonymes", "Paul Girardin", "affirmer"),
        ("injuste et brutale", "Claire Morvan", "dénoncer"),
    ]


def test_titles_charges_and_crossheads_are_not_quotes(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "Le film « La Nuit du Grand Port » sort mercredi en salles. Le chauffeur avait été "
        "condamné en 2019 pour « conduite en état d'ivresse manifeste ».\n"
        "« Nous tiendrons », a déclaré le maire.« La crise du logement »Le conseil "
        "municipal a voté le budget.",
    )
    assert _spans(quotes) == [("Nous tiendrons", True)]


def test_reported_infinitive_after_a_speech_verb(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "La ministre Hélène Brochard affirme n'avoir jamais reçu le rapport de l'inspection.",
    )
    assert [(q.text, q.direct, q.speaker, q.cue) for q in quotes] == [
        ("n'avoir jamais reçu le rapport de l'inspection", False, "Hélène Brochard", "affirmer")
    ]


def test_selon_before_and_after_the_statement(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "Selon le procureur Marc Duval, le suspect a reconnu les faits pendant sa garde à "
        "vue. Les deux victimes habitaient le même immeuble, selon le procureur Marc Duval.",
    )
    assert _spans(quotes) == [
        ("le suspect a reconnu les faits pendant sa garde à vue", False),
        ("Les deux victimes habitaient le même immeuble", False),
    ]
    assert all(q.speaker == "Marc Duval" and q.cue is None for q in quotes)


def test_statement_before_an_inverted_cue(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "Le pont restera fermé jusqu'à vendredi, a précisé la mairie dans un communiqué. "
        "L'incendie a été maîtrisé vers minuit, a-t-on appris mardi auprès du procureur Marc Duval.",
    )
    assert [(q.text, q.direct, q.cue) for q in quotes] == [
        ("Le pont restera fermé jusqu'à vendredi", False, "préciser"),
        ("L'incendie a été maîtrisé vers minuit", False, None),
    ]
    assert quotes[0].speaker == "la mairie"
    assert quotes[1].speaker is not None and "Duval" in quotes[1].speaker


def test_a_selon_statement_starts_after_the_datelines_dash(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "Vernay, 3 juin 2025 (ACP) - Deux ponts ont été emportés par la crue dans la nuit, "
        "selon la préfecture de la Drôme.",
    )
    reported = [q for q in quotes if not q.direct]
    assert [q.text[:15] for q in reported] == ["Deux ponts ont "]


def test_an_incise_between_the_auxiliary_and_the_verb_is_no_statement(
    nlp_stage: NlpStage,
) -> None:
    quotes = _quotes(
        nlp_stage,
        "Le voisin korvanien a été mis en cause par la ministre. Karlov a, comme à son "
        "habitude, nié toute responsabilité dans l'incendie.",
    )
    assert not [q for q in quotes if q.text.startswith("Karlov a")]
