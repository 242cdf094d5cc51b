"""Speaker resolution, round 3 (extract/speakers.py, extract/attribution.py, issue 7): a
quote that opens the article goes to the first person named after it; a role word the
NER merged into the name ("la procureure de la République Nathalie …") is split off; a
name right before a colon introduces the words; a relative "qui" after a role stands for
that role; a title glued to a surname ("M.Bertin") gives the gender; a possessive role
is spelled out with its owner; "l'un des médecins" is nobody named before; a union
named then called "le syndicat"; an acronym spelled out once; a name qualifying a noun
in the speaker phrase is not the speaker; over text the real NlpStage analysed."""

from __future__ import annotations

from test_extract_quotes import _quote, _quotes

from recoupe.nlp.spacy_stage import NlpStage


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
        "Le maire, Gilles Aubert, a répondu que la barrière était réparée. Une attente de "
        "trois semaines qui agace Josiane Perrot : « Pendant tout ce temps, les camions "
        "pouvaient encore traverser le lotissement. »",
    )
    assert _quote(quotes, "Pendant tout ce temps").speaker == "Josiane Perrot"


def test_relative_qui_after_a_role_stands_for_that_role(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "Le colonel Luc Ferrier commande le régiment de Vannes depuis trois ans. « Aucune "
        "alerte particulière » ne lui était parvenue, a-t-il assuré. Le colonel, qui a "
        "indiqué que le caporal était en congé ce week-end-là, a rappelé son parcours "
        "sans faute.",
    )
    assert _quote(quotes, "que le caporal").speaker == "Luc Ferrier"


def test_a_possessive_role_is_spelled_out_with_its_owner(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "Jointe par le quotidien, l'agence Habitalis se justifie en parlant d'une erreur "
        "ponctuelle. Son responsable évoque la faute « d'un stagiaire qui a depuis quitté "
        "la société ».",
    )
    assert _quote(quotes, "d'un stagiaire").speaker == "le responsable de l'agence Habitalis"


def test_one_of_several_is_nobody_named_before(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "Julien Roche a été examiné par deux experts psychiatres. Dans leur expertise, l'un "
        "des médecins souligne que le prévenu éprouve une « fascination assez naïve » pour "
        "son frère aîné.",
    )
    assert _quote(quotes, "fascination assez").speaker == "l'un des médecins"


def test_the_union_named_then_called_le_syndicat(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "La CGT a déposé un préavis de grève à l'entrepôt de Saint-Priest. Le syndicat "
        "estime que « près de 200 salariés y travaillent en même temps » chaque nuit.",
    )
    assert _quote(quotes, "près de 200").speaker == "CGT"


def test_an_acronym_spelled_out_once_is_the_full_name(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "Dans une note interne, la Confédération des artisans de Bretagne (CAB) s'inquiète "
        "du prix du gazole. Selon la CAB, « des faillites en série sont à craindre cet "
        "hiver ».",
    )
    assert _quote(quotes, "des faillites").speaker == "Confédération des artisans de Bretagne"


def test_role_word_merged_into_the_name_and_a_glued_title(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "Le parquet de Vesoul a ouvert une information judiciaire, a-t-on appris jeudi auprès "
        "de la procureure de la République Nathalie Grosjean. « Les investigations ont "
        "commencé » le 3 mars. Le frère de la victime, Olivier Bertin, a parlé de menaces "
        "répétées. L'information vise aussi « un signalement fait contre le gardien "
        "quelques jours avant sa disparition », a indiqué la magistrate. Selon M.Bertin, "
        "le gardien contestait tout harcèlement.",
    )
    assert _quote(quotes, "un signalement fait").speaker == "Nathalie Grosjean"


def test_a_name_qualifying_a_noun_leaves_the_role_speaking(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "« On peut imaginer une ville sans voitures », a déclaré Pierre-Yves Le Goff "
        "samedi. « Il doit y avoir des bus fréquents et gratuits partout », a insisté le "
        "chef de file des élus Écologistes.",
    )
    # The role, not the party named in it; a role this long is left as written.
    assert _quote(quotes, "Il doit y avoir").speaker == "le chef de file des élus Écologistes"
