"""CleanStage on small realistic snippets: each kind of dirt goes, the prose stays."""

from __future__ import annotations

import pytest

from recoupe.clean.boilerplate import CleanStage
from recoupe.clean.patterns import code_score, is_code, parse_patterns
from recoupe.errors import Rejected
from recoupe.model import DateValue, Document, Meta

PROSE = (
    "Le dirigeant nord-coréen Kim Jong-un a rencontré mercredi Vladimir Poutine au "
    "cosmodrome de Vostochny, dans l'Extrême-Orient russe."
)
PROSE2 = (
    "Les deux hommes ont parlé de coopération militaire pendant plusieurs heures, selon "
    "les agences de presse russes."
)


def clean(raw: str, fmt: str = "txt", meta: Meta | None = None) -> Document:
    doc = Document(id="t", source="t.txt", raw=raw, format=fmt, meta=meta or Meta())
    return CleanStage().process(doc)


def reasons(doc: Document) -> list[str]:
    return [r.reason for r in doc.removed]


def test_date_header_prefix_is_removed_and_recorded() -> None:
    doc = clean(f" date 2023-09 {PROSE}\n\n{PROSE2}")
    assert doc.text == f"{PROSE}\n\n{PROSE2}"
    header = doc.removed[0]
    assert header.reason == "date_header"
    assert doc.raw[header.start : header.end] == " date 2023-09 "


def test_video_notice_inside_a_paragraph_keeps_the_prose_around_it() -> None:
    raw = (
        f"{PROSE} Pour visionner cette vidéo, veuillez activer JavaScript et envisager de "
        f"passer à un site Web.\n\nnavigateur qui\n\nprend en charge HTML5\n\n"
        f"vidéo {PROSE2}"
    )
    doc = clean(raw)
    assert doc.text == f"{PROSE}\n\n{PROSE2}"
    assert reasons(doc).count("video_notice") == 4
    for r in doc.removed:  # offsets point into raw
        assert doc.raw[r.start : r.end] == r.text


def test_javascript_also_translated_is_removed_as_code() -> None:
    js = (
        "window.fbApi = (function () { var fbApiInit = false; var waitingReady = []; "
        "pour (i = 0; i < l; i++) { en attentePrêt[i](); } } ; return { 'prêt' : prêt }; })();"
    )
    doc = clean(f"{PROSE}\n\n{js}Lien source")
    assert doc.text == PROSE
    assert "code" in reasons(doc)


def test_code_glued_after_prose_on_one_line_goes_alone() -> None:
    js = "window.addEventListener('scroll', injectFBSDK, {once : true, passive : true}); })();"
    doc = clean(f"{PROSE} {js}")
    assert doc.text == PROSE


def test_code_score_separates_code_from_prose() -> None:
    assert code_score("var d = document, s = 'script'; if (d.getElementById(id)) { return; }") > 0.6
    assert code_score(PROSE) < 0.1
    # a prose sentence with parentheses and an equals sign is still prose
    assert not is_code("Le taux (hors inflation) = 3 % selon l'Insee, contre 2 % en 2022 (révisé).")


def test_share_buttons_hashtags_comment_prompts_and_spam_notices() -> None:
    raw = (
        f"{PROSE}\n\n#Poutine #Corée #Nord #direct\n\nFacebook\nTwitter\nLinkedIn\nPinterest\n\n"
        "Leave a Comment\n\nThis site uses Akismet to reduce spam. Learn how your comment data "
        f"is processed.\n\nLaisser un commentaire\n\n{PROSE2}"
    )
    doc = clean(raw)
    assert doc.text == f"{PROSE}\n\n{PROSE2}"
    assert {"hashtags", "share", "comment_prompt", "legal"} <= set(reasons(doc))


def test_update_stamps_and_bare_timestamps() -> None:
    raw = (
        f"07h42 CEST\n\n{PROSE}\n\nMis à jour à 07h42 CEST\n\n2024-06-19 08:31:00\n1718775858\n\n"
        f"Updated at 14.02 BST\n\n{PROSE2}"
    )
    doc = clean(raw)
    # the post time stays (the splitter needs it), the edit stamp and timestamps go
    assert doc.text == f"07h42 CEST\n\n{PROSE}\n\n{PROSE2}"


def test_photo_captions_with_credits() -> None:
    raw = (
        "Vladimir Poutine serrant la main de Kim Jong Un sur le cosmodrome. "
        "(Photo by Mikhail METZEL / POOL / AFP)\n\n"
        "Le président russe a voulu aider son collègue à lancer des fusées (Photo : AFP via "
        f"Getty Images) {PROSE}\n\n"
        "Poutine et Kim passent devant des soldats. Photographie : Getty ImagesKim et Poutine "
        "passent devant des enfants. Photographie : Vladimir Smirnov/AFP\n\n"
        f"{PROSE2}"
    )
    doc = clean(raw)
    assert doc.text == f"{PROSE}\n\n{PROSE2}"
    assert set(reasons(doc)) == {"caption"}


def test_caption_credit_after_a_long_paragraph_removes_only_the_credit() -> None:
    long_prose = " ".join([PROSE.rstrip(".")] * 3)  # one 400-character sentence
    doc = clean(f"{long_prose} (Photo : Reuters)")
    assert doc.text == long_prose


def test_press_contact_newsletter_and_recaptcha() -> None:
    raw = (
        f"{PROSE} Contactez notre équipe de presse en nous envoyant un e-mail à "
        "[email protected]. Pour plus d'histoires comme celle-ci, consultez notre page "
        "d'actualités. Obtenez ce dont vous avez besoin\n\n"
        "dernières nouvelles, histoires de bien-être, analyses et plus encore Ce site est "
        "protégé par reCAPTCHA et Google politique de confidentialité et Conditions "
        "d'utilisation appliquer."
    )
    doc = clean(raw)
    assert doc.text == PROSE


def test_text_is_normalised_with_single_spaces() -> None:
    doc = clean(f"Kim  a dit\u00a0: \u00ab l\u2019amiti\u00e9 \u00bb   compte.\n{PROSE}")
    assert doc.text == f"Kim a dit : « l'amitié » compte.\n\n{PROSE}"


def test_too_little_text_is_rejected() -> None:
    with pytest.raises(Rejected) as err:
        clean("Facebook\nTwitter\n\nLeave a Comment\n\nCourt.")
    assert err.value.reason == "no_text"


def test_pattern_file_format_errors_name_the_line() -> None:
    with pytest.raises(ValueError, match=r"x\.txt:2"):
        parse_patterns("@line share\n(unclosed\n", "x.txt")
    with pytest.raises(ValueError, match="before any"):
        parse_patterns("facebook\n")


HTML = """<!DOCTYPE html><html lang="fr"><head><title>Kim chez Poutine | Le Quotidien</title>
<meta property="og:site_name" content="Le Quotidien">
<script type="application/ld+json">{"@context": "https://schema.org", "@graph": [
 {"@type": "WebSite", "name": "Le Quotidien"},
 {"@type": "NewsArticle", "headline": "Kim Jong-un reçu par Vladimir Poutine",
  "datePublished": "2023-09-13T10:15:00+02:00",
  "author": [{"@type": "Person", "name": "Jean Dupont"}, {"@type": "Person", "name": "Marie Curie"}],
  "publisher": {"@type": "Organization", "name": "Le Quotidien"}}]}</script>
</head><body>
<nav><a href="/">Accueil</a> <a href="/monde">Monde</a></nav>
<article><h1>Kim Jong-un reçu par Vladimir Poutine</h1>
<p>%s</p>
<p>%s Pour visionner cette vidéo, veuillez activer JavaScript et envisager de passer à un site Web.</p>
<p>La rencontre a duré plus de quatre heures, a précisé le porte-parole du Kremlin, Dmitri Peskov, devant la presse.</p>
</article>
<footer>Mentions légales - Contact - Plan du site</footer>
</body></html>""" % (PROSE, PROSE2)  # noqa: UP031


def test_html_main_text_metadata_and_json_ld() -> None:
    doc = clean(HTML, fmt="html")
    assert PROSE in doc.text and PROSE2 in doc.text
    assert "JavaScript" not in doc.text and "Mentions légales" not in doc.text
    assert doc.meta.title == "Kim Jong-un reçu par Vladimir Poutine"
    assert doc.meta.published == DateValue("2023-09-13T10:15", "minute", "meta")
    assert doc.meta.extra["author"] == "Jean Dupont; Marie Curie"
    assert doc.meta.extra["site_name"] == "Le Quotidien"
    assert "video_notice" in reasons(doc)


def test_html_keeps_a_date_the_reader_already_set() -> None:
    reader_date = DateValue("2023-09", "month", "header")
    doc = clean(HTML, fmt="html", meta=Meta(published=reader_date))
    assert doc.meta.published == reader_date


def test_html_without_main_text_is_rejected() -> None:
    with pytest.raises(Rejected) as err:
        clean("<html><body><nav><a href='/'>Accueil</a></nav></body></html>", fmt="html")
    assert err.value.reason == "no_text"


def test_plain_text_headline_becomes_the_title() -> None:
    from recoupe.clean.boilerplate import CleanStage
    from recoupe.model import Document

    raw = (
        "Kim Jong Un en visite en Russie assure à Poutine « une grande victoire »\n\n"
        "Le dirigeant nord-coréen a qualifié mercredi de « priorité absolue » le renforcement "
        "des liens entre Moscou et Pyongyang lors d'une rencontre avec Vladimir Poutine."
    )
    doc = CleanStage().process(Document(id="d-1", source="a.txt", raw=raw, format="txt"))
    assert (
        doc.meta.title == "Kim Jong Un en visite en Russie assure à Poutine « une grande victoire »"
    )
    prose = Document(
        id="d-2", source="b.txt", raw=raw.split("\n\n")[1] + "\n\nSuite.", format="txt"
    )
    assert CleanStage().process(prose).meta.title is None


def test_subscription_appeal_is_cut_and_the_prose_kept() -> None:
    from recoupe.clean.boilerplate import CleanStage
    from recoupe.model import Document

    raw = (
        "La mairie de Tervel compte cinq morts, selon le maire, qui tient la liste des victimes.\n\n"
        "Interrogée, la présidence n'a pas souhaité commenter les chiffres de la mairie.\n\n"
        "L'Éclaireur ne vit que de ses lecteurs : ni publicité, ni actionnaire. "
        "Je m'abonne pour 1 € le premier mois"
    )
    doc = CleanStage().process(Document(id="d-s", source="s.txt", raw=raw, format="txt"))
    assert doc.text.endswith("commenter les chiffres de la mairie.")
    assert "abonne" not in doc.text
    assert [r.reason for r in doc.removed] == ["newsletter"]


def test_a_pointer_to_a_video_elsewhere_is_removed_but_prose_about_a_video_stays() -> None:
    from recoupe.clean.lines import find_cuts

    text = (
        "Le ministre a parlé pendant une heure devant les députés réunis.\n"
        "Vidéo : l'allocution du président à retrouver sur Patrie TV.\n"
        "Une vidéo diffusée mardi montre les tirs à retrouver sur les réseaux, selon l'AFP "
        "qui a pu l'authentifier après plusieurs heures de vérification.\n"
    )
    assert [r.reason for r in find_cuts(text)] == ["video_promo"]
