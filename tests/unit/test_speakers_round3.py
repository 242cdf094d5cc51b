"""Speaker resolution, round 3 (extract/speakers.py, extract/attribution.py, issue 7): a
quote that opens the article goes to the first person named after it; a role word the
NER merged into the name ("la procureure de la République Dominique …") is split off; a
name right before a colon introduces the words; a relative "qui" after a role stands for
that role; a title glued to a surname ("M.Dumont") gives the gender; a possessive role
is spelled out with its owner; "l'un des médecins" is nobody named before; a union
named then called "le syndicat"; an acronym spelled out once; a name qualifying a noun
in the speaker phrase is not the speaker; over text the real NlpStage analysed."""

from __future__ import annotations

from test_extract_quotes import _quotes

from recoupe.model import Quote
from recoupe.nlp.spacy_stage import NlpStage


def _quote(quotes: list[Quote], words: str) -> Quote:
    return next(q for q in quotes if q.text.startswith(words))


def test_a_quote_opening_the_article_is_the_first_person_named_after(
    nlp_stage: NlpStage,
) -> None:
    quotes = _quotes(
        nlp_stage,
        "« Je ne vous reconnais plus. » Jeudi, lors d'un débat sur l'énergie, la députée "
        "Claire Fontanel a interpellé le ministre sur les déchets nucléaires.",
    )
    assert _quote(quotes, "Je ne vous reconnais").speaker == "Claire Fontanel"


def test_a_name_before_a_colon_says_the_words(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "La maire, Corinne Vasseur, a répondu que la panne était réparée. Un délai d'un "
        "mois qui interpelle Dominique Perrin : « Pendant ce temps, les gens pouvaient "
        "encore déposer leurs déchets dans les bornes. »",
    )
    assert _quote(quotes, "Pendant ce temps").speaker == "Dominique Perrin"


def test_relative_qui_after_a_role_stands_for_that_role(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "Le colonel Marc Aubry dirige la base aérienne depuis deux ans. « Aucun signe "
        "précurseur » n'était remonté jusqu'à lui, a-t-il précisé. Le colonel, qui a "
        "indiqué que le sergent était en permission ce jour-là, a salué ses états de "
        "service.",
    )
    assert _quote(quotes, "que le sergent").speaker == "Marc Aubry"


def test_a_possessive_role_is_spelled_out_with_its_owner(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "Contactée par la radio, l'agence Immobel se défend en évoquant un acte isolé. Son "
        "responsable évoque la responsabilité « d'une collaboratrice qui ne fait plus "
        "partie de l'entreprise ».",
    )
    assert _quote(quotes, "d'une collaboratrice").speaker == "le responsable de l'agence Immobel"


def test_one_of_several_is_nobody_named_before(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "Paul Mercier a été examiné par trois experts psychiatres. Dans ce rapport, l'un "
        "des médecins souligne que l'accusé voue une « admiration quelque peu immature » à "
        "son père.",
    )
    assert _quote(quotes, "admiration quelque").speaker == "l'un des médecins"


def test_the_union_named_then_called_le_syndicat(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "La CGT a déposé un préavis de grève sur le site de Crolles. Le syndicat estime "
        "que « plus de 300 personnes peuvent être présentes en continu » dans l'usine.",
    )
    assert _quote(quotes, "plus de 300").speaker == "CGT"


def test_an_acronym_spelled_out_once_is_the_full_name(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "Dans une note interne, la Fédération hospitalière de France (FHF) s'inquiète de "
        "la situation des urgences. Selon la FHF, « des fermetures de services sont à "
        "craindre cet été ».",
    )
    assert _quote(quotes, "des fermetures").speaker == "Fédération hospitalière de France"


def test_role_word_merged_into_the_name_and_a_glued_title(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "Le parquet d'Évreux a ouvert une enquête, a-t-on appris mercredi auprès de la "
        "procureure de la République Dominique Puechmaille. « L'enquête a été déclenchée » "
        "le 17 novembre. L'époux de la victime, Sylvain Dumont, a évoqué des insultes "
        "quotidiennes. L'enquête porte aussi sur « une plainte déposée contre le militaire "
        "en amont de son suicide », a indiqué la magistrate. Selon M.Dumont, le sergent "
        "niait toute agression.",
    )
    assert _quote(quotes, "une plainte déposée").speaker == "Dominique Puechmaille"


def test_a_name_qualifying_a_noun_leaves_the_role_speaking(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "« On a le droit de rêver d'une société sans police », a déclaré Jean-Luc Mélenchon "
        "samedi. « Il doit y avoir une police organisée et disciplinée partout », a insisté "
        "le chef de file des députés Insoumis.",
    )
    # The role, not the party named in it; a role this long is left as written.
    assert _quote(quotes, "Il doit y avoir").speaker == "le chef de file des députés Insoumis"
