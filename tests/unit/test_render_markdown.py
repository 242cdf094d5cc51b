"""The Markdown dossier and index."""

from __future__ import annotations

import re

import pytest
from test_render_corpus import HOSTILE_SCRIPT, build_corpus

from recoupe.errors import NotFound
from recoupe.render.markdown import dossier_markdown, index_markdown


def test_event_dossier_cites_every_fact_passage() -> None:
    corpus = build_corpus()
    text = dossier_markdown(corpus, "ev-odessa")
    claims = {c.id: (d, c) for d in corpus.documents.values() for c in d.claims}
    for fact in (f for f in corpus.facts if f.event_id == "ev-odessa"):
        for claim_id in fact.claim_ids:
            d, c = claims[claim_id]
            assert f"[{d.meta.outlet} — " in text
            assert f"doc {d.id} §{c.start}-{c.end}]" in text, claim_id


def test_every_fact_and_quote_line_carries_a_citation() -> None:
    text = dossier_markdown(build_corpus(), "ev-odessa")
    evidence = [line for line in text.splitlines() if "« " in line or "(indirect)" in line]
    assert len(evidence) >= 9  # 6 claims + 3 grouped quotes + Kiev + Kiper
    for line in evidence:
        assert line.rstrip().endswith("]") and " §" in line, line


def test_contradictions_come_before_party_claims_and_corroborations() -> None:
    text = dossier_markdown(build_corpus(), "ev-odessa")
    contradicted = text.index("**Contradicted**: Morts dans l'attaque d'Odessa")
    party = text.index("**Party claim**: Drones abattus")
    corroborated = text.index("**Corroborated**: Drones lancés")
    assert contradicted < party < corroborated
    assert "(3 vs 5 dead)" in text
    assert "au moins 3" in text and "according to ministère russe de la Défense" in text


def test_quote_group_shows_each_outlets_wording() -> None:
    text = dossier_markdown(build_corpus(), "ev-odessa")
    section = text[text.index("### Iouri Ihnat") :]
    assert section.index("Same words in 3 outlets") < section.index("Ouest-France: « Nous avons")
    assert "— affirmer [Le Figaro" in section


def test_documents_and_sources_show_reprints() -> None:
    text = dossier_markdown(build_corpus(), "ev-odessa")
    assert "also published by Ouest-France (`d-ouest`)" in text
    assert "copied by Ouest-France (`d-ouest`)" in text
    assert "`d-live`" not in text  # the container is not an article of the event


def test_story_dossier_holds_its_events_in_date_order() -> None:
    text = dossier_markdown(build_corpus(), "st-odessa")
    assert text.startswith("# Odessa sous les drones\n")
    assert text.index("## 2023-07 — Fin de l'accord céréalier") < text.index(
        "## 2023-09-12 — Attaque de drones"
    )
    assert "**Single source**: Navires bloqués" in text


def test_hostile_text_is_escaped() -> None:
    corpus = build_corpus()
    corpus.documents["d-live-2"].quotes[0].text = HOSTILE_SCRIPT
    text = dossier_markdown(corpus, "ev-kim")
    assert HOSTILE_SCRIPT not in text
    assert r"\<script\>alert(1)\</script\>" in text
    assert re.search(r"(?<!\\)<img", text) is None  # the hostile title, escaped too
    assert r"\<img src=x onerror=alert(1)\>" in text


def test_unknown_id_raises_not_found() -> None:
    with pytest.raises(NotFound):
        dossier_markdown(build_corpus(), "ev-does-not-exist")


def test_index_lists_stories_events_and_counts() -> None:
    text = index_markdown(build_corpus())
    assert "## Odessa sous les drones (`st-odessa`)" in text
    assert "2 events · 5 documents · 5 outlets · 4 facts · 1 contradiction" in text
    assert (
        "- 2023-09-12 — Attaque de drones sur le port d'Odessa (`ev-odessa`): "
        "4 documents · 4 outlets · 3 facts · 1 contradiction"
    ) in text
    assert "## Events in no story" in text and "(`ev-kim`)" in text
