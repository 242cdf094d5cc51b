"""The dossier's new parts, below the web layer: the extractive summary, the coverage
matrix, entity pages, the home page's filters and the CSV downloads."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from recoupe.model import Corpus, Document, Meta, Span
from recoupe.render.dossier import EVENT_SUMMARY_SENTENCES, Dossier
from recoupe.render.downloads import facts_csv
from recoupe.render.page_types import IndexFilter
from recoupe.render.pages import Site
from recoupe.render.summary import DUPLICATE_COSINE, summarize
from recoupe.render.view import CorpusView
from recoupe.render.view_types import Citation, EventView, Evidence, FactView
from recoupe.store import Store

WIRE = (
    "- Trois semaines après sa signature, le cessez-le-feu entre la Valmérie et la "
    "Korvanie a volé en éclats dans la nuit de lundi à mardi à Tervel. "
    "Les obus sont tombés peu après 2 heures du matin sur le quartier de la gare. "
    "Par Élise Marchand."
)
REPRINT = (
    "Trois semaines après sa signature, le cessez-le-feu entre la Valmérie et la Korvanie "
    "a volé en éclats dans la nuit de lundi à mardi à Tervel. "
    "Le chef de l'État a convoqué un conseil de défense dans la matinée à Brévanne."
)
OTHER = (
    "La mairie de Tervel compte cinq morts et dénonce un bilan minimisé par le gouvernement. "
    "Les tirs ont frappé Tervel dans la nuit de lundi à mardi, après trois semaines de trêve. "
    ", les tirs de la nuit ont fait trois morts selon la préfecture de la province."
)


def sentences(text: str) -> list[Span]:
    """Sentence spans as spaCy leaves them: at each '. ', the space outside."""
    spans, start = [], 0
    while start < len(text):
        end = text.find(". ", start)
        end = len(text) if end < 0 else end + 1
        spans.append(Span(start, end))
        start = end + 1
    return spans


def doc(doc_id: str, text: str, outlet: str) -> Document:
    return Document(
        id=doc_id,
        source=f"{doc_id}.txt",
        raw=text,
        format="txt",
        text=text,
        meta=Meta(title=doc_id, outlet=outlet),
        sentences=sentences(text),
    )


def test_summary_says_each_thing_once_and_cites_it_exactly() -> None:
    docs = [
        doc("d-wire", WIRE, "ACP"),
        doc("d-copy", REPRINT, "Gazette"),
        doc("d-x", OTHER, "Éclaireur"),
    ]
    picked = summarize(docs, k=4)
    assert picked
    by_id = {d.id: d for d in docs}
    for x in picked:
        assert by_id[x.doc_id].text[x.start : x.end] == x.text  # the exact passage
    # The sentence the wire and its reprint share is the most central, and comes once.
    assert picked[0].text.startswith("Trois semaines après sa signature")
    assert sum(x.text.startswith("Trois semaines") for x in picked) == 1
    # Not picked: a byline fragment, the tail of a bad split (", les tirs...").
    texts = " ".join(x.text for x in picked)
    assert "Par Élise Marchand" not in texts and ", les tirs" not in texts
    assert not any(x.text.startswith("-") for x in picked)  # the wire's lead dash trimmed
    assert summarize(list(reversed(docs)), k=4) == picked  # deterministic
    assert summarize([], k=4) == [] and summarize(docs, k=0) == []
    assert 0 < DUPLICATE_COSINE < 1


@pytest.fixture(scope="module")
def demo(demo_db: Path) -> Dossier:
    with Store(demo_db) as store:
        return Dossier(CorpusView(store.load_corpus()))


def test_event_page_on_the_demo(demo: Dossier) -> None:
    corpus = demo.view.corpus
    event = max(corpus.events, key=lambda e: len(e.document_ids))
    page = demo.event_page(event.id)
    # The biggest demo event has 8 documents: plenty of distinct sentences for a full summary.
    assert len(page.summary) == EVENT_SUMMARY_SENTENCES
    assert len({s.text for s in page.summary}) == len(page.summary)  # no repeats
    for s in page.summary:  # the passage cited, its line breaks shown as spaces
        passage = corpus.documents[s.citation.doc_id].text[s.citation.start : s.citation.end]
        assert " ".join(passage.split()) == s.text
    assert page.story is not None and page.story.id == event.story_id
    # Coverage: one cell per outlet on every row; a blank where an outlet said nothing.
    assert page.coverage and len(page.coverage) == len(page.event.facts)
    for row in page.coverage:
        assert [c.outlet for c in row.cells] == list(page.coverage_outlets)
        fact = next(f for f in page.event.facts if f.id == row.fact_id)
        assert {c.outlet for c in row.cells if c.citation} == {e.outlet for e in fact.evidence}
        for cell in row.cells:  # each outlet's own figures, in its own passage
            mine = [e for e in fact.evidence if e.outlet == cell.outlet]
            assert set(cell.figures) == {e.figure for e in mine if e.figure}
            assert cell.citation is None or cell.citation in [e.citation for e in mine]
    dead = next(r for r in page.coverage if r.statement.startswith("morts"))
    assert ("3",) in {c.figures for c in dead.cells}  # the hospital's toll, via the wire
    # The timeline: every document once, dated ones in time order.
    whens = [t.when for t in page.timeline if t.when]
    assert whens == sorted(whens) and len(page.timeline) == len(page.event.documents)
    assert {"live post", "reprint", "article"} <= {t.kind for t in page.timeline}


def test_entity_page_gathers_what_a_person_said(demo: Dossier) -> None:
    president = next(e for e in demo.entities_page().entities if e.name == "Aurèle Dambreville")
    page = demo.entity_page(president.id)
    said = [q for group in page.said for q in group.quotes]
    assert len({q.outlet for q in said}) >= 3  # the same words in several outlets
    assert any("reculerons" in q.text for q in said)
    assert page.mentioned_in and page.entity.documents == len(page.mentioned_in)
    site = Site(demo.view.corpus, version="t")
    for m in page.mentioned_in:
        html = site.document_html(m.document.id)
        for c in m.citations:
            assert f'id="{c.anchor}"' in html  # each passage link lands on its mention


def test_filters_keep_events_with_a_matching_document(demo: Dossier) -> None:
    every = demo.index_page()
    english = demo.index_page(IndexFilter(language="en"))
    assert 0 < len(english.stories) < len(every.stories)
    nothing = demo.index_page(IndexFilter(outlet="Nobody's Gazette"))
    assert not nothing.stories and not nothing.unfiled


def test_csv_cells_cannot_become_formulas() -> None:
    cite = Citation("d-1", "=cmd|' /C calc'!A0", "t", 0, 5)
    evidence = Evidence("c-1", cite.outlet, "=HYPERLINK(\"http://x\")", 3.0, None, None, None,
                        "@SUM(A1)", False, cite)  # fmt: skip
    fact = FactView("f-1", "-2+3", "single_source", "", 1, (cite.outlet,), (evidence,))
    event = EventView("ev-1", "t", None, None, (), (fact,), (), ())
    row = next(csv.DictReader(io.StringIO(facts_csv([event]))))
    assert row["statement"] == "'-2+3"
    assert row["outlet"] == "'=cmd|' /C calc'!A0"
    assert row["passage"].startswith("'=HYPERLINK")
    assert row["attributed_to"] == "'@SUM(A1)"
    assert row["value"] == "3.0" and row["figure"] == "3"


def test_an_empty_store_has_pages_too(tmp_path: Path) -> None:
    site = Site(Corpus(documents={}), version="t")
    assert "No story yet" in site.index_html()
    assert "No named entity yet" in site.entities_html()
    assert dict(site.files())["index.json"].startswith("{")
