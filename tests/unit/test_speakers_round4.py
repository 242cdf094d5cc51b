"""Speaker resolution, round 4 (extract/speakers.py, extract/attribution.py,
extract/quotes.py, issue 7): a role goes to a person named near it rather than to a
speaker quoted long before; a nickname cut from a surname is the full name written
earlier; a subject written before marks set off by commas ("Son directeur, « … »,
évoque …"); a body's acronym in brackets before its verb; a name before a colon beats a
verb in the next, unseparated sentence; a body's name the NER tags as a person takes no
"il"; over text the real NlpStage analysed. Every text is invented."""

from __future__ import annotations

from test_extract_quotes import _quote, _quotes

from recoupe.nlp.spacy_stage import NlpStage

# Narration long enough (over speakers.ROLE_REACH characters) between the first speaker
# and the role that a role cannot mean him any more.
_FILLER = (
    "Sa lettre, glissée sous une pile de linge, parlait de semaines de vexations et de "
    "gardes de nuit en série, racontent trois de ses amis d'enfance joints par téléphone. "
    "Un magistrat de Lorient, saisi du dossier, dira qui savait quoi, et "
    "depuis quand, dans la hiérarchie du régiment. Les associations de soldats demandent "
    "de leur côté une ligne d'écoute tenue par des civils, une idée restée lettre morte "
    "depuis trois ans. Un numéro vert avait bien été promis au printemps dernier, mais "
    "personne n'a été recruté pour y répondre et le projet dort dans un tiroir. D'anciens "
    "camarades du jeune homme parlent d'un climat pesant depuis le changement de chefs à "
    "l'automne, et de punitions sans rapport avec les fautes reprochées. "
)


def test_a_role_goes_to_the_person_named_near_it_not_an_old_speaker(
    nlp_stage: NlpStage,
) -> None:
    quotes = _quotes(
        nlp_stage,
        "Le sergent Hugo Lantier avait demandé sa mutation en janvier. « Je ne supporte plus "
        "cette pression », avait-il écrit à sa famille. " + _FILLER + "Le commandant Pierre "
        "Vasseur dirige la caserne de Vannes depuis 2019. La caserne compte près de huit "
        "cents soldats et une quarantaine de civils. L'officier a déclaré qu'il n'avait "
        "« reçu aucun signalement » avant le drame.",
    )
    assert _quote(quotes, "Je ne supporte plus").speaker == "Hugo Lantier"
    assert _quote(quotes, "reçu aucun signalement").speaker == "Pierre Vasseur"


def test_a_nickname_cut_from_the_surname_is_the_full_name(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "Le chanteur - Jean-Marc Le Rouvillois, de son vrai nom - a été remercié par la "
        "station en mars. Dans un enregistrement diffusé à l'audience, Rouv évoque « une "
        "simple plaisanterie ». « Je ne regrette rien », déclare Rouv devant les juges.",
    )
    assert _quote(quotes, "une simple plaisanterie").speaker == "Jean-Marc Le Rouvillois"
    assert _quote(quotes, "Je ne regrette rien").speaker == "Jean-Marc Le Rouvillois"


def test_a_surname_is_not_a_nickname_of_a_longer_name(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "Le maire Paul Garnier a reçu la sénatrice Inès Garniéri lundi. « Le dossier avance "
        "bien », a déclaré Garnier à la sortie.",
    )
    # The surname itself, not the senator whose name merely starts with it.
    assert _quote(quotes, "Le dossier avance").speaker in ("Garnier", "Paul Garnier")


def test_the_subject_before_marks_set_off_by_commas_speaks(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "Jointe par la radio, l'agence Domimmo se défend en évoquant une erreur isolée. Son "
        "directeur, « très surpris par cette affaire », évoque la maladresse d'un stagiaire.",
    )
    # Not the object after the verb ("la maladresse d'un stagiaire").
    assert _quote(quotes, "très surpris").speaker == "le directeur de l'agence Domimmo"


def test_a_body_with_its_acronym_in_brackets_before_the_verb(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "Dans un courrier daté de mars, dont Le Petit Matin Du Jura a obtenu copie, l'Union "
        "des pêcheurs de Bretagne (UPB) dénonce « une concurrence déloyale des chalutiers "
        "étrangers ».",
    )
    assert _quote(quotes, "une concurrence déloyale").speaker == "Union des pêcheurs de Bretagne"


def test_a_name_before_a_colon_beats_the_next_unseparated_sentence(
    nlp_stage: NlpStage,
) -> None:
    quotes = _quotes(
        nlp_stage,
        "La ministre a promis des aides rapides. Luc Fabre (Aciéries du Nord) : « Nous "
        "rouvrirons le site en mars » Le directeur du groupe, Henri Valmont, a affirmé "
        "mardi que les commandes reprenaient.",
    )
    assert _quote(quotes, "Nous rouvrirons").speaker == "Luc Fabre"


def test_a_body_name_tagged_as_a_person_takes_no_pronoun(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        'L\'agence "Hubert Immobilier" a été condamnée mardi. Le locataire avait découvert '
        "l'annonce dans la cuisine. « J'étais sidéré, j'ai demandé des explications », "
        "raconte-t-il au journal.",
    )
    assert _quote(quotes, "J'étais sidéré").speaker != "Hubert Immobilier"


def test_a_rank_between_a_role_and_the_name_keeps_them_together() -> None:
    from recoupe.extract.speakers import person_in_role
    from recoupe.model import Document, Mention

    text = (
        "La porte-parole de l'état-major, la colonelle Nadia Ferrand, a tenu un point presse "
        "mercredi. Le ministre, la Russie et Paul Gant étaient cités."
    )
    name = text.index("Nadia Ferrand")
    other = text.index("Paul Gant")
    doc = Document(id="d", source="s", raw=text, format="txt", text=text)
    doc.entities = [
        Mention(name, name + len("Nadia Ferrand"), "Nadia Ferrand", "PER"),
        Mention(other, other + len("Paul Gant"), "Paul Gant", "PER"),
    ]
    found = person_in_role(doc, "la porte-parole de l'état-major")
    assert found is not None and found.text == "Nadia Ferrand"
    # a noun that is no rank still separates a role from a name ("le ministre, la Russie")
    assert person_in_role(doc, "le ministre") is None


def test_a_capitalised_body_after_selon_stays_the_body(nlp_stage: NlpStage) -> None:
    quotes = _quotes(
        nlp_stage,
        "La ministre Ingrid Saltveit a salué l'accord. « C'est un jour d'espoir pour la "
        "vallée », a déclaré Ingrid Saltveit.\n\nLes combats, déclenchés début mars autour "
        "d'un tronçon contesté de la vallée, ont déplacé plus de 12 000 personnes, selon "
        "l'Organisation continentale.",
    )
    assert _quote(quotes, "Les combats").speaker == "Organisation continentale"
