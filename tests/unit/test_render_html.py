"""The static HTML site: pages, escaping, passage anchors, relative links."""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from test_render_corpus import HOSTILE_SCRIPT, REJECTIONS, build_corpus

from recoupe.model import Corpus
from recoupe.render.html import page_name, safe_url, write_site
from recoupe.render.marks import marked_text

VOID = {"meta", "link", "br", "img", "hr", "input", "wbr", "source", "area", "base", "col"}


class Page(HTMLParser):
    """Collects links, ids and checks that tags nest properly."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.mark_ids: set[str] = set()
        self.tags: list[str] = []
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        a = dict(attrs)
        for key in ("href", "src"):
            if a.get(key) is not None:
                self.links.append(a[key] or "")
        if a.get("id"):
            self.ids.add(a["id"] or "")
            if tag == "mark":
                self.mark_ids.add(a["id"] or "")
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(path: Path) -> Page:
    page = Page()
    page.feed(path.read_text(encoding="utf-8"))
    page.close()
    return page


@pytest.fixture(scope="module")
def corpus() -> Corpus:
    return build_corpus()


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, corpus: Corpus) -> Path:
    out = tmp_path_factory.mktemp("site")
    index = write_site(corpus, out, version="0.1.0", rejections=REJECTIONS)
    assert index == out / "index.html"
    return out


def test_writes_every_page(site: Path, corpus: Corpus) -> None:
    for rel in ("index.html", "rejections.html", "style.css"):
        assert (site / rel).is_file(), rel
    for event in corpus.events:
        assert (site / "events" / f"{event.id}.html").is_file()
    for doc_id in corpus.documents:
        assert (site / "documents" / f"{doc_id}.html").is_file()


def test_pages_are_well_formed_semantic_html(site: Path) -> None:
    for path in site.rglob("*.html"):
        text = path.read_text(encoding="utf-8")
        assert text.startswith('<!doctype html>\n<html lang="en">'), path
        page = parse(path)
        assert not page.errors, (path, page.errors[:3])
        assert not page.stack, (path, page.stack)
        assert {"header", "nav", "main"} <= set(page.tags), path
        assert "script" not in page.tags, path  # no JavaScript anywhere


def test_hostile_text_is_inert(site: Path) -> None:
    for path in site.rglob("*"):
        if path.is_file():
            text = path.read_text(encoding="utf-8")
            assert HOSTILE_SCRIPT not in text, path
            assert "<img" not in text, path
            assert not re.search(r"""href\s*=\s*["']?\s*javascript:""", text, re.I), path
    live2 = (site / "documents" / "d-live-2.html").read_text(encoding="utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in live2
    assert "&lt;img src=x onerror=alert(1)&gt;" in live2
    assert "javascript:alert(1)" in live2  # shown as text, never as a link
    page = parse(site / "documents" / "d-live-2.html")
    assert all(not link.lower().startswith("javascript") for link in page.links)
    rejections = (site / "rejections.html").read_text(encoding="utf-8")
    assert "not text: &lt;script&gt;" in rejections


def test_every_claim_and_quote_has_its_mark(site: Path, corpus: Corpus) -> None:
    for doc in corpus.documents.values():
        page = parse(site / "documents" / f"{doc.id}.html")
        for item in [*doc.quotes, *doc.claims]:
            assert f"c-{item.start}-{item.end}" in page.mark_ids, (doc.id, item.id)
    text = (site / "documents" / "d-lemonde.html").read_text(encoding="utf-8")
    assert '<mark id="c-238-272" class="quote"' in text  # the quote inside the claim sentence


def test_cleaned_text_survives_the_marks(site: Path, corpus: Corpus) -> None:
    page = (site / "documents" / "d-lemonde.html").read_text(encoding="utf-8")
    block = page[
        page.index('<div class="text"') : page.index("</div>", page.index('<div class="text"'))
    ]
    body = html.unescape(re.sub(r"<[^>]+>", "", block))
    assert body == corpus.documents["d-lemonde"].text


def test_every_relative_link_resolves(site: Path) -> None:
    checked = 0
    for path in site.rglob("*.html"):
        for link in parse(path).links:
            parts = urlsplit(link)
            if parts.scheme:
                assert parts.scheme in ("http", "https"), (path, link)
                continue
            target = (path.parent / unquote(parts.path)).resolve() if parts.path else path
            assert target.is_file(), (path, link)
            assert site.resolve() in target.parents, (path, link)
            if parts.fragment:
                assert parts.fragment in parse(target).ids, (path, link)
            checked += 1
    assert checked > 50


def test_event_page_lists_contradictions_first_and_links_passages(site: Path) -> None:
    text = (site / "events" / "ev-odessa.html").read_text(encoding="utf-8")
    assert (
        text.index("fact-contradicted")
        < text.index("fact-party_claim")
        < text.index("fact-corroborated")
    )
    assert 'href="../documents/d-figaro.html#c-0-111"' in text  # the 5-dead passage
    assert "3 vs 5 dead" in text
    assert "Same words in 3 outlets" in text
    assert ">déclarer<" in text and ">affirmer<" in text  # cue verbs
    assert '<th scope="col">Status</th>' in text


def test_document_page_shows_metadata_and_removed(site: Path) -> None:
    text = (site / "documents" / "d-live-1.html").read_text(encoding="utf-8")
    assert "2023-09-12" in text and "(known to the minute)" in text
    assert 'href="../documents/d-live.html"' in text  # its parent, the live blog
    assert 'lang="fr"' in text
    container = (site / "documents" / "d-live.html").read_text(encoding="utf-8")
    assert 'href="../documents/d-live-1.html"' in container
    assert 'href="../documents/d-live-2.html"' in container
    lemonde = (site / "documents" / "d-lemonde.html").read_text(encoding="utf-8")
    assert "<details" in lemonde and "share_buttons" in lemonde
    assert 'href="https://www.example.org/d-lemonde"' in lemonde
    assert "Ouest-France" in lemonde  # also published by


def test_index_counts_and_orphan_events(site: Path) -> None:
    text = (site / "index.html").read_text(encoding="utf-8")
    assert "Odessa sous les drones" in text
    assert text.index("Fin de l&#39;accord céréalier") < text.index("Attaque de drones sur le port")
    assert "Events in no story" in text and 'href="events/ev-kim.html"' in text
    assert "Rejected inputs (2)" in text


def test_rendering_is_deterministic(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    write_site(build_corpus(), a, version="0.1.0", rejections=REJECTIONS)
    write_site(build_corpus(), b, version="0.1.0", rejections=REJECTIONS[::-1])
    files = sorted(p.relative_to(a) for p in a.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(b) for p in b.rglob("*") if p.is_file())
    for rel in files:
        assert (a / rel).read_bytes() == (b / rel).read_bytes(), rel


def test_crossing_and_nested_spans_nest_properly() -> None:
    text = "Le ministre a dit « trois morts » puis « cinq blessés » hier soir."
    spans = [
        (0, 40, "claim", ""),
        (19, 31, "quote", "q"),
        (35, 60, "claim", ""),
        (19, 31, "claim", ""),
        (66, 66, "quote", ""),
    ]
    out = str(marked_text(text, spans))
    page = Page()
    page.feed(out)
    assert not page.errors and not page.stack
    assert page.mark_ids == {"c-0-40", "c-19-31", "c-35-60", "c-66-66"}
    assert '<mark id="c-19-31" class="claim quote" title="q">' in out
    assert 'class="claim cont"' in out  # 35-60 crosses 0-40: reopened without the id
    assert html.unescape(re.sub(r"<[^>]+>", "", out)) == text


def test_marks_escape_text_and_survive_bad_spans() -> None:
    out = str(marked_text("a <b>&", [(2, 5, "quote", '"x"'), (5, 99, "claim", "")]))
    assert out == (
        'a <mark id="c-2-5" class="quote" title="&#34;x&#34;">&lt;b&gt;</mark>'
        '<mark id="c-5-99" class="claim">&amp;</mark>'  # clamped into the text, anchor kept
    )
    assert 'id="c-40-50"' in str(marked_text("court", [(40, 50, "claim", "")]))


def test_only_web_urls_become_links() -> None:
    assert safe_url("https://www.lemonde.fr/a.html") == "https://www.lemonde.fr/a.html"
    assert safe_url("javascript:alert(1)") is None
    assert safe_url(" JavaScript:alert(1)") is None
    assert safe_url("data:text/html,<script>") is None
    assert safe_url("inbox/a.txt") is None
    assert page_name("d-1a2b") == "d-1a2b"
    assert page_name("../../etc/passwd").startswith("x-")


def test_demo_dossier_shows_framing_and_who_translated_whom(demo_db: Path, tmp_path: Path) -> None:
    """The demo's pro-government outlet calls the other side "terroristes" (in its own
    words and in scare quotes) where the others write "agression": the event page lists
    each outlet's words with a link to the passage, and its source list says the
    Observer's article was machine-translated by Valmérie Patrie."""
    import recoupe

    site = tmp_path / "site"
    recoupe.export(demo_db, format="html", out=site)
    pages = [p.read_text(encoding="utf-8") for p in (site / "events").glob("*.html")]
    tervel = next(p for p in pages if "terroristes" in p and 'id="framing"' in p)
    framing = tervel.split('id="framing"', 1)[1].split("</section>", 1)[0]
    assert "Valmérie Patrie" in framing and "terroriste" in framing
    assert "« terroristes »" in framing  # the scare quotes, shown as such
    links = re.findall(r'href="\.\./documents/(d-[0-9a-f]+)\.html#(c-\d+-\d+)"', framing)
    assert links
    for doc_id, anchor in links:
        assert f'id="{anchor}"' in (site / "documents" / f"{doc_id}.html").read_text("utf-8")
    sources = tervel.split('id="sources"', 1)[1]
    assert re.search(r"translated by <a [^>]*>Valmérie Patrie", sources)
    assert "machine translation" in sources
