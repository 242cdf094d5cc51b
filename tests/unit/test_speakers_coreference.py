"""Speaker resolution, round 2 (extract/speakers.py, extract/attribution.py, issue 7): a
pronoun after a role the text never names stands for that role; "selon lui" before the
marks; an attribution written inside the marks; a role qualified by a person is that
person's relative; a quote with no cue goes to the subject of its own sentence; a subject
set off by commas; a company named by its kind; a stray quote mark does not hide a
subject; "ajoute-t-elle" keeps its gender; over text the real NlpStage analysed."""

from __future__ import annotations

from test_extract_quotes import _quote, _quotes

from recoupe.nlp.spacy_stage import NlpStage


def test_selon_lui_after_an_unnamed_role_is_that_role(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "L'audience s'est tenue lundi à Laval. Dans son jugement, le juge a reconnu que la "
        "perquisition était « tout à fait légale ». Mais, selon lui, l'enquête « a ignoré "
        "plusieurs témoins essentiels » et doit être complétée.",
    )
    assert _quote(quotes, "tout à fait légale").speaker == "le juge"
    assert _quote(quotes, "a ignoré").speaker == "le juge"


def test_attribution_inside_the_marks_and_a_relative_of_a_named_person(
    nlp_stage: NlpStage,
) -> None:
    quotes = _quotes(
        nlp_stage,
        "Claire Verdier s'engage depuis des années pour les enfants malades. Elle a reçu "
        "lundi l'écrivaine Sophie Marchal à Lyon. « Cette cause, je l'ai faite mienne tout "
        "de suite, explique l'épouse de Paul Verdier dans un entretien. Je voulais "
        "comprendre. » « Mon but est d'aider les familles », affirme-t-elle.",
    )
    assert _quote(quotes, "Cette cause").speaker == "Claire Verdier"
    assert _quote(quotes, "Mon but").speaker == "Claire Verdier"


def test_quote_without_cue_goes_to_its_sentence_subject(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "« Nous voterons contre ce texte », a déclaré Jean Dupuis mardi. La députée Anne "
        "Morel a vu dans la réforme un « compromis enfin équilibré entre les deux camps ».",
    )
    assert _quote(quotes, "Nous voterons").speaker == "Jean Dupuis"
    assert _quote(quotes, "compromis enfin").speaker == "Anne Morel"


def test_subject_set_off_by_commas(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "Le préfet de la Gironde, Marc Olivier, a indiqué avoir prévenu le parquet pour "
        "« établir les responsabilités » dans cette affaire.",
    )
    assert _quote(quotes, "établir les").speaker == "Marc Olivier"


def test_company_named_by_its_kind(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "Air France a annulé vingt vols lundi à Roissy après une panne informatique. « Un "
        "avion supplémentaire partira mardi matin pour les passagers bloqués », a précisé "
        "la compagnie.",
    )
    assert _quote(quotes, "Un avion").speaker == "Air France"


def test_stray_mark_does_not_hide_a_later_subject(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "Le ministre assure qu\"aucun arbitrage n'est rendu à ce stade. Le colonel, "
        'qui dirige la caserne depuis 2021, a souligné le "parcours exemplaire" '
        "du caporal.",
    )
    assert _quote(quotes, "parcours exemplaire").speaker == "Le colonel"


def test_inverted_t_pronoun_keeps_its_gender(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "Marie Dubois et son collègue M. Paul Martin ont présenté le rapport mardi. « Nous "
        "avons tout vérifié », a déclaré Paul Martin. « Les chiffres sont clairs », "
        "ajoute-t-elle.",
    )
    clear = _quote(quotes, "Les chiffres")
    assert clear.speaker == "Marie Dubois"
