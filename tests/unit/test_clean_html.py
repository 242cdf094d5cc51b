"""clean/html.py on small synthetic pages: what trafilatura alone gets wrong is repaired,
and JSON-LD live blogs come out as posts the splitter can read."""

from __future__ import annotations

import json

import pytest

from recoupe.clean.html import (
    LivePost,
    combine,
    extract_html,
    lead_lines,
    mark_live_posts,
    plain_text,
)
from recoupe.clean.segments import live_posts

TERVEL = [
    "Au lendemain des tirs qui ont frappé Tervel, le cabinet du gouverneur a confirmé mardi "
    "soir un bilan de vingt-quatre blessés, dont sept toujours hospitalisés.",
    "Selon le cabinet du gouverneur, soixante-trois habitations ont été touchées, surtout "
    "dans le quartier de la gare, et les écoles resteront fermées jusqu'à vendredi.",
    "À Tervel, la colère le dispute à l'inquiétude chez les commerçants de la rue de la Gare, "
    "dont plusieurs vitrines ont été soufflées pendant la nuit.",
]
BRIEF_TITLE = "Football : le FC Lisandre renverse Brévanne et file en demi-finale"
BRIEF = (
    "Menés à la pause, les joueurs du FC Lisandre ont renversé le Racing Brévanne mardi soir "
    "au stade des Docks, en quart de finale de la coupe régionale, grâce à un but tardif."
)


def _page(body: str, head: str = "") -> str:
    return (
        f'<!DOCTYPE html><html lang="fr"><head><title>La Gazette</title>{head}</head>'
        f'<body><div id="menu"><a href="/">Accueil</a> <a href="/sport">Sport</a></div>'
        f'{body}<div id="pied">Mentions légales - Contact</div></body></html>'
    )


def _lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if line.strip()]


def test_a_heading_after_a_rule_stays_above_its_paragraph() -> None:
    # Glued briefs: no <article>, paragraphs loose in a div, each brief after an <hr> with
    # its <h2>. trafilatura recovers the loose paragraphs but drops their headings.
    paragraphs = "".join(f"<p>{p}</p>" for p in TERVEL)
    raw = _page(
        f'<div class="texte">{paragraphs}<hr><h2>{BRIEF_TITLE}</h2><p>{BRIEF}</p>'
        "<hr><h2>Mehr zum Thema</h2><ul><li><a href='/a'>Autre article</a></li></ul></div>"
    )
    text, _ = extract_html(raw, None)
    lines = _lines(text)
    assert BRIEF in lines
    assert lines[lines.index(BRIEF) - 1] == BRIEF_TITLE
    # a heading whose section did not make it into the text is not brought back alone
    assert "Mehr zum Thema" not in text


def test_text_after_an_empty_inline_element_is_kept() -> None:
    # Precision mode deletes an empty element together with the text that follows it.
    glued = (
        "C'est un fait divers hallucinant qui finit plutôt bien.<strong></strong>Selon les "
        "informations du quotidien régional, un cambrioleur s'est trompé d'appartement "
        "avant de s'endormir sur le canapé de ses victimes."
    )
    paragraphs = "".join(f"<p>{p}</p>" for p in TERVEL)
    text, _ = extract_html(_page(f"<article><p>{glued}</p>{paragraphs}</article>"), None)
    assert "Selon les informations du quotidien régional" in text


LEAD = (
    "Le gouverneur de la province a confirmé mardi soir un bilan de vingt-quatre blessés "
    "après les tirs de la nuit sur Tervel."
)


def test_the_lead_dropped_by_the_precise_run_is_restored() -> None:
    precise = "\n".join(TERVEL)
    default = "\n".join(["Accueil", "Publié le 7 mai", LEAD, *TERVEL, "Lire aussi"])
    # only sentence-like lines right above the body come back; labels and tail do not
    assert lead_lines(precise, default) == [LEAD]
    assert combine(precise, default) == "\n".join([LEAD, precise])


def test_no_lead_when_the_two_runs_chose_different_parts_of_the_page() -> None:
    precise = "\n".join(TERVEL)
    default = "\n".join([LEAD, TERVEL[0], "Une tout autre colonne de texte, bien plus longue."])
    assert lead_lines(precise, default) == []


def test_the_default_text_replaces_a_precise_text_that_kept_almost_nothing() -> None:
    default = "\n".join([LEAD, *TERVEL, BRIEF])
    assert combine(TERVEL[0][:60], default) == default
    assert combine("", default) == default


def _live_json_ld(posts: list[tuple[str, str, str]]) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "LiveBlogPosting",
        "headline": "EN DIRECT - Trêve rompue à Tervel",
        "datePublished": "2025-05-06T06:30:00+02:00",
        "liveBlogUpdate": [
            {
                "@type": "BlogPosting",
                "headline": headline,
                "datePublished": f"2025-05-06T{time}:00+02:00",
                "articleBody": body,
            }
            for time, headline, body in posts
        ],
    }
    return f'<script type="application/ld+json">{json.dumps(data)}</script>'


POSTS = [
    (
        "09:15",
        "Le gouverneur annonce deux centres d'accueil",
        "Deux centres d&apos;hébergement d'urgence ouvriront ce soir à Port-Sérac pour les "
        "familles dont le logement a été endommagé par les tirs.",
    ),
    (
        "08:02",
        "Les écoles de Tervel fermées jusqu'à vendredi",
        "<p>Le rectorat a annoncé la fermeture des écoles de la ville jusqu'à vendredi, le "
        "temps de vérifier l'état des bâtiments.</p>",
    ),
    (
        "07:42",
        "Tirs sur Tervel pendant la nuit",
        "Des tirs ont visé le quartier de la gare de Tervel peu après trois heures du matin, "
        "selon les pompiers de la province.",
    ),
]


def test_live_blog_posts_get_the_time_lines_the_splitter_reads() -> None:
    intro = (
        "Suivez en direct les conséquences de la rupture de la trêve, heure par heure, avec "
        "nos correspondants sur place à Tervel et à Port-Sérac."
    )
    rendered = "".join(
        f'<div class="post"><h3>{h}</h3><p>{plain_text(b)}</p></div>' for _, h, b in POSTS
    )
    raw = _page(f"<article><p>{intro}</p>{rendered}</article>", _live_json_ld(POSTS))
    text, meta = extract_html(raw, None)
    paragraphs = _lines(text)
    posts = live_posts(paragraphs)
    assert posts is not None
    assert [p.time for p in posts if p.kind == "post"] == ["09h15", "08h02", "07h42"]
    first = next(p for p in posts if p.kind == "post")
    assert paragraphs[first.first] == "Le gouverneur annonce deux centres d'accueil"
    assert intro in paragraphs  # the page's own introduction is kept
    assert meta.date == "2025-05-06T06:30"


def test_a_live_blog_rendered_by_script_is_written_from_its_posts() -> None:
    shell = "<article><p>Chargement du direct en cours, merci de patienter.</p></article>"
    text, _ = extract_html(_page(shell, _live_json_ld(POSTS)), None)
    paragraphs = _lines(text)
    posts = live_posts(paragraphs)
    assert posts is not None and len(posts) == 3
    assert paragraphs[:2] == ["09h15", "Le gouverneur annonce deux centres d'accueil"]
    assert "Deux centres d'hébergement d'urgence ouvriront ce soir" in text  # &apos; decoded


def test_posts_are_not_marked_in_a_text_that_is_not_theirs() -> None:
    posts = [LivePost(t.replace(":", "h"), h, plain_text(b)) for t, h, b in POSTS]
    article = "\n".join([LEAD, *TERVEL, BRIEF])  # longer than the three posts together
    assert mark_live_posts(article, posts) == article
    short = "\n".join(TERVEL[:1])
    assert mark_live_posts(short, posts[:2]) == short  # two posts are not a live blog


def test_article_body_rescues_a_page_that_shows_only_a_teaser() -> None:
    article = [LEAD, *TERVEL, plain_text(POSTS[1][2]), plain_text(POSTS[0][2])]
    data = {"@type": "NewsArticle", "headline": "Tervel", "articleBody": "\n".join(article)}
    head = f'<script type="application/ld+json">{json.dumps(data)}</script>'
    # a paywalled page: the teaser is long enough for trafilatura to stop there
    teaser = f"<article><p>{LEAD}</p><p>{TERVEL[0]}</p><p>Réservé aux abonnés.</p></article>"
    text, _ = extract_html(_page(teaser, head), None)
    assert _lines(text) == article


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("L&apos;armée a riposté.", "L'armée a riposté."),
        ("<p>Premier.</p><p>Second <b>gras</b>.</p>", "Premier.\nSecond gras."),
        ("Une ligne<br>puis   une autre", "Une ligne\npuis une autre"),
        ("   ", ""),
    ],
)
def test_json_ld_text_fields_become_plain_lines(value: str, expected: str) -> None:
    assert plain_text(value) == expected
