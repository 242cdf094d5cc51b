"""SplitStage on small realistic pages: live blogs, glued stories, one article."""

from __future__ import annotations

from recoupe.clean.split import SplitStage
from recoupe.model import DateValue, Document, Meta, stable_id


def doc_of(paragraphs: list[str], meta: Meta | None = None) -> Document:
    text = "\n\n".join(paragraphs)
    return Document(
        id="p1", source="page.html", raw=text, format="html", text=text, meta=meta or Meta()
    )


SUMMIT = [
    "Kim Jong-un reçu par Vladimir Poutine au cosmodrome de Vostochny",
    "Le dirigeant nord-coréen Kim Jong-un a rencontré mercredi Vladimir Poutine au "
    "cosmodrome de Vostochny, dans l'Extrême-Orient russe, pour un sommet rare.",
    "Poutine a évoqué la possibilité que la Russie aide la Corée du Nord à construire des "
    "satellites, après deux lancements ratés par Pyongyang.",
    "Aide pour la construction de satellites",
    "Kim Jong-un a visité le pas de tir de la fusée Angara avec Vladimir Poutine, qui lui a "
    "montré les installations du cosmodrome de Vostochny.",
    "La Corée du Nord cherche l'aide de la Russie pour ses satellites militaires, tandis que "
    "Poutine cherche des obus pour la guerre en Ukraine.",
    "Alyssia Gaoua avec AFP",
]
OTHER_STORY = [
    "Inondations meurtrières dans le sud du Brésil",
    "Au moins douze personnes sont mortes dans les inondations qui frappent l'État du Rio "
    "Grande do Sul, ont annoncé les pompiers brésiliens jeudi soir.",
    "Les pluies torrentielles ont emporté des ponts et coupé des routes autour de Porto "
    "Alegre, où des milliers d'habitants ont dû quitter leur maison.",
    "Titouan Allain / AFP",
]


def test_a_single_article_with_sub_headings_is_not_split() -> None:
    doc = doc_of(SUMMIT)
    assert SplitStage().process(doc) is doc
    assert doc.parent_id is None


def test_glued_unrelated_story_becomes_a_second_child() -> None:
    parent = doc_of(SUMMIT + OTHER_STORY)
    children = SplitStage().process(parent)
    assert isinstance(children, list) and len(children) == 2
    first, second = children
    assert first.text == "\n\n".join(SUMMIT)
    assert second.text == "\n\n".join(OTHER_STORY)
    assert second.meta.title == "Inondations meurtrières dans le sud du Brésil"
    for n, child in enumerate(children, start=1):
        assert child.id == stable_id("p1", str(n), prefix="d-")
        assert child.source == f"page.html#part{n}"
        assert child.parent_id == "p1" and child.format == "html"
        assert child.raw == child.text and child.text in parent.text


def test_a_headline_on_the_same_subject_does_not_split() -> None:
    follow_up = [
        "Kim Jong-un visitera ensuite la flotte russe du Pacifique",
        "Après le sommet de Vostochny, Kim Jong-un doit visiter des usines d'aviation à "
        "Komsomolsk-sur-l'Amour et la flotte russe du Pacifique, a dit Vladimir Poutine.",
    ]
    doc = doc_of(SUMMIT[:-1] + follow_up)
    assert SplitStage().process(doc) is doc


LIVE = [
    "Poutine en Corée du Nord en direct : les dernières informations",
    "07h42 CEST",
    "Les systèmes de défense aérienne ukrainiens ont détruit 19 des 21 drones lancés dans "
    "la nuit par la Russie, a annoncé mercredi l'armée de l'air ukrainienne.",
    "Mis à jour à 07h42 CEST",
    "07.19 CEST",
    "Poutine remercie Kim pour son soutien",
    "Poutine a ouvert ses entretiens avec Kim en le remerciant pour le soutien de Pyongyang "
    "sur l'Ukraine, rapporte l'agence de presse russe Tass.",
    "14:02 BST",
    "Une attaque de drone russe contre la région de Lviv a blessé un homme et endommagé un "
    "immeuble résidentiel, a écrit le maire de Lviv, Andriy Sadovyi.",
]


def test_live_blog_posts_become_children_with_their_time() -> None:
    parent = doc_of(LIVE, Meta(title="Live", published=DateValue("2024-06-19", "day", "url")))
    children = SplitStage().process(parent)
    assert isinstance(children, list)
    assert [c.meta.extra["time"] for c in children] == ["07h42", "07h19", "14h02"]
    assert [c.meta.extra["timezone"] for c in children] == ["CEST", "CEST", "BST"]
    # the headline alone is not a post; the edit stamp is not part of the post
    assert children[0].text == LIVE[2]
    assert children[1].meta.title == "Poutine remercie Kim pour son soutien"
    assert children[0].meta.title is None  # no headline of its own: the page's title names the blog
    assert children[0].meta.published == DateValue("2024-06-19T07:42", "minute", "url")
    assert parent.meta.published == DateValue("2024-06-19", "day", "url")  # parent untouched


def test_live_blog_month_precision_date_is_kept() -> None:
    month = DateValue("2024-06", "month", "header")
    children = SplitStage().process(doc_of(LIVE, Meta(published=month)))
    assert isinstance(children, list)
    assert all(c.meta.published == month for c in children)


def test_live_blog_preamble_with_prose_is_a_child() -> None:
    preamble = [
        "Suivez en direct la visite de Vladimir Poutine à Pyongyang, la première depuis 24 "
        "ans, et ses entretiens avec Kim Jong-un."
    ]
    children = SplitStage().process(doc_of(preamble + LIVE[1:]))
    assert isinstance(children, list) and len(children) == 4
    assert children[0].meta.extra["part"] == "preamble"
    assert "time" not in children[0].meta.extra


def test_trailing_garbage_after_the_last_post_is_its_own_child() -> None:
    garbage = [
        "La surface semble si loin",
        "Comptez maintenant bouillonnant sans question sur l'inventaire. Les Sud-Africains, "
        "fondés en 1999 sous",
    ]
    children = SplitStage().process(doc_of(LIVE + garbage))
    assert isinstance(children, list) and len(children) == 4
    assert "bouillonnant" not in children[2].text
    assert children[3].text == "\n\n".join(garbage)
    assert "time" not in children[3].meta.extra


def test_two_time_lines_do_not_make_a_live_blog() -> None:
    doc = doc_of([SUMMIT[1], "10h30", SUMMIT[2], "11h00", SUMMIT[4]])
    assert SplitStage().process(doc) is doc


def test_headline_and_change_of_subject_split_without_a_signature() -> None:
    children = SplitStage().process(doc_of(SUMMIT[:-1] + OTHER_STORY))
    assert isinstance(children, list) and len(children) == 2
    assert children[1].text.startswith("Inondations meurtrières")


def test_a_kicker_line_is_not_a_story_of_its_own() -> None:
    text = (
        "Pouvoirs · Numéro 415\n\n"
        "Tervel : le bilan que le gouvernement ne veut pas voir\n\n"
        "La mairie de Tervel compte cinq morts. Le gouvernement en annonce trois et préfère "
        "parler de sa riposte militaire plutôt que des victimes civiles de la nuit.\n\n"
        "Officiellement, les tirs de la nuit du 5 au 6 mai ont fait trois morts à Tervel. "
        "À la mairie, on avance un autre chiffre, liste nominative à l'appui."
    )
    doc = Document(id="d-k", source="k.html", raw=text, format="html", text=text)
    assert SplitStage().process(doc) is doc


def _article(subject: str, people: str, n: int) -> list[str]:
    """n paragraphs that keep naming the same people and things, as one article does."""
    return [
        f"{people} ont de nouveau évoqué {subject} lors de la réunion numéro {i}, "
        f"expliquant que {subject} restait au centre des discussions entre {people} et "
        f"leurs conseillers, qui préparent depuis des semaines un accord détaillé sur "
        f"{subject} et sur son calendrier."
        for i in range(n)
    ]


def test_text_glued_without_any_cue_is_split_where_the_subject_changes() -> None:
    first = _article("la réforme des retraites", "Les syndicats et le gouvernement", 5)
    second = _article("la saison des vendanges", "Les viticulteurs bordelais", 5)
    children = SplitStage().process(doc_of(first + second))
    assert isinstance(children, list) and len(children) == 2
    assert children[0].text == "\n\n".join(first)
    assert children[1].text == "\n\n".join(second)


def test_one_long_article_on_one_subject_is_not_split_without_a_cue() -> None:
    doc = doc_of(_article("la réforme des retraites", "Les syndicats et le gouvernement", 10))
    assert SplitStage().process(doc) is doc


def test_question_and_label_sub_headings_do_not_start_a_story() -> None:
    from recoupe.clean.segments import is_headline, is_story_headline

    for sub in ("Quel rôle ont joué les États-Unis ?", "Polémique", "LES FAITS MARQUANTS DU JOUR"):
        assert is_headline(sub) and not is_story_headline(sub)
    assert is_story_headline("Deux civils russes tués dans la région de Belgorod")
    # a quoted sentence closing on its stop is prose, not a headline
    assert not is_headline("Ses anciens détracteurs concèdent aujourd'hui une erreur.\"")
