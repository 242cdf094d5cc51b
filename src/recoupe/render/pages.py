"""Every page of the dossier as HTML, and its downloads, from one set of templates.

``Site`` serves both ways of reading a store: ``write_site`` (the static export, opened
from ``file://``) writes every page it can render, and ``recoupe serve`` renders one on
each request. Both use the same URL layout (``events/<id>.html``, ``events/<id>.json``,
``documents/<id>.html#c-<start>-<end>``...), so every link works in both; only the root
differs: relative (``../``) in the static site, ``/`` on the server. The server adds
what needs one: search, the home page's filters, the API reference.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import asdict
from importlib import resources
from pathlib import Path
from typing import Any

from recoupe.errors import NotFound
from recoupe.model import Corpus, Rejection
from recoupe.render.dossier import Dossier
from recoupe.render.downloads import dumps, facts_csv, quotes_csv, to_json
from recoupe.render.html import environment, page_name
from recoupe.render.marks import marked_text
from recoupe.render.page_types import DocumentPage, IndexFilter
from recoupe.render.summary import candidates
from recoupe.render.view import CorpusView

# Kinds of item with their own pages, and the folder holding them.
FOLDERS = ("stories", "events", "documents", "entities")
# What each folder's item pages come as, besides .html (the server routes by suffix).
SUFFIXES: dict[str, tuple[str, ...]] = {
    "stories": (".html", ".json", ".facts.csv", ".quotes.csv"),
    "events": (".html", ".json", ".facts.csv", ".quotes.csv"),
    "documents": (".html", ".json"),
    "entities": (".html", ".json"),
}
MEDIA_TYPES = {
    ".html": "text/html; charset=utf-8",
    ".json": "application/json",
    ".csv": "text/csv; charset=utf-8",
    ".css": "text/css; charset=utf-8",
}


def split_name(name: str) -> tuple[str, str]:
    """``"ev-1.facts.csv"`` -> ``("ev-1", ".facts.csv")``: a page name and its suffix."""
    for suffix in (".facts.csv", ".quotes.csv", ".html", ".json"):
        if name.endswith(suffix) and len(name) > len(suffix):
            return name[: -len(suffix)], suffix
    raise NotFound(f"no page {name!r}")


def stylesheet() -> str:
    return resources.files("recoupe.render").joinpath("static/style.css").read_text("utf-8")


class Site:
    """The pages of one store's dossier (see the module docstring)."""

    def __init__(
        self,
        corpus: Corpus,
        *,
        version: str,
        rejections: list[Rejection] | None = None,
        server: bool = False,
    ) -> None:
        self.view = CorpusView(corpus)
        self.dossier = Dossier(self.view)
        self.version = version
        self.server = server
        self.rejections = sorted(
            rejections or [], key=lambda r: (r.source, r.stage, r.reason, r.detail)
        )
        self.env = environment()
        ids: dict[str, list[str]] = {
            "stories": [s.id for s in corpus.stories],
            "events": [e.id for e in corpus.events],
            "documents": sorted(corpus.documents),
            "entities": [e.id for e in corpus.entities],
        }
        # Page name -> id, so the server finds the item a URL names.
        self._ids = {kind: {page_name(i): i for i in items} for kind, items in ids.items()}

    # --- helpers ---------------------------------------------------------------------

    def resolve(self, kind: str, name: str) -> str:
        """The id of the item of ``kind`` whose page is named ``name``."""
        found = self._ids.get(kind, {}).get(name)
        if found is None:
            raise NotFound(f"no {kind[:-1] if kind != 'stories' else 'story'} {name!r}")
        return found

    def _root(self, rel: str) -> str:
        return "/" if self.server else "../" * rel.count("/")

    def render(self, rel: str, template: str, **context: Any) -> str:
        """Render ``template`` as the page at ``rel`` (e.g. "events/ev-1.html")."""
        return self.env.get_template(template).render(
            root=self._root(rel),
            version=self.version,
            rejection_count=len(self.rejections),
            server=self.server,
            **context,
        )

    # --- pages -----------------------------------------------------------------------

    def index_html(self, filters: IndexFilter | None = None, query: str = "") -> str:
        page = self.dossier.index_page(filters)
        return self.render("index.html", "index.html.j2", page=page, query=query)

    def story_html(self, story_id: str) -> str:
        page = self.dossier.story_page(story_id)
        rel = f"stories/{page_name(story_id)}.html"
        return self.render(rel, "story.html.j2", page=page)

    def event_html(self, event_id: str) -> str:
        page = self.dossier.event_page(event_id)
        return self.render(f"events/{page_name(event_id)}.html", "event.html.j2", page=page)

    def document_html(self, doc_id: str) -> str:
        page = self.dossier.document_page(doc_id)
        rel = f"documents/{page_name(doc_id)}.html"
        return self.render(
            rel, "document.html.j2", page=page, text_html=self._marked(page), **_doc_vars(page)
        )

    def entity_html(self, entity_id: str) -> str:
        page = self.dossier.entity_page(entity_id)
        return self.render(f"entities/{page_name(entity_id)}.html", "entity.html.j2", page=page)

    def entities_html(self) -> str:
        page = self.dossier.entities_page()
        return self.render("entities.html", "entities.html.j2", page=page)

    def rejections_html(self) -> str:
        return self.render("rejections.html", "rejections.html.j2", rejections=self.rejections)

    def rejections_json(self) -> str:
        return dumps({"rejections": [asdict(r) for r in self.rejections]})

    def _marked(self, page: DocumentPage) -> Any:
        # Every sentence a summary may cite gets an anchor (see marks.ANCHOR_ONLY).
        doc = self.view.corpus.documents[page.doc.id]
        spans = [(s, e, "sentence", "") for s, e, _ in candidates(doc)]
        for q in page.quotes:
            who = q.speaker or "unattributed"
            spans.append(
                (
                    q.citation.start,
                    q.citation.end,
                    "quote",
                    f"quote: {who}" + (f" ({q.cue})" if q.cue else ""),
                )
            )
        for c in page.claims:
            counted = f": {c.figure}" if c.figure else ""
            spans.append((c.citation.start, c.citation.end, "claim", "claim" + counted))
        for use in self.view.corpus.framing:
            for cite in use.citations:
                if cite.document_id == page.doc.id:
                    what = "scare quotes" if use.family == "scare_quote" else use.family
                    spans.append((cite.start, cite.end, "term", f"framing: {use.term} ({what})"))
        names = {e.id: e.name for e in page.entities}
        for m in page.mentions:
            title = f"{m.label}: {names.get(m.entity_id or '', m.text)}"
            spans.append((m.start, m.end, "entity", title))
        return marked_text(page.text, spans)

    # --- one item in any of its forms --------------------------------------------------

    def item(self, kind: str, name: str) -> tuple[str, str]:
        """The content and the suffix of ``<kind>/<name>`` (e.g. "events", "ev-1.json")."""
        page_id, suffix = split_name(name)
        if suffix not in SUFFIXES.get(kind, ()):
            raise NotFound(f"no page {kind}/{name}")
        item_id = self.resolve(kind, page_id)
        d = self.dossier
        if suffix == ".html":
            render = {
                "stories": self.story_html,
                "events": self.event_html,
                "documents": self.document_html,
                "entities": self.entity_html,
            }[kind]
            return render(item_id), suffix
        if suffix == ".json":
            page: Any = {
                "stories": d.story_page,
                "events": d.event_page,
                "documents": d.document_page,
                "entities": d.entity_page,
            }[kind](item_id)
            return to_json(page), suffix
        events = (
            self.view.story(item_id).events if kind == "stories" else (self.view.event(item_id),)
        )
        table = facts_csv(events) if suffix == ".facts.csv" else quotes_csv(events)
        return table, suffix

    # --- the static site -------------------------------------------------------------

    def files(self) -> Iterator[tuple[str, str]]:
        """Every file of the static site, as (relative path, content)."""
        yield "style.css", stylesheet()
        yield "index.html", self.index_html()
        yield "index.json", to_json(self.dossier.index_page())
        yield "entities.html", self.entities_html()
        yield "entities.json", to_json(self.dossier.entities_page())
        yield "rejections.html", self.rejections_html()
        yield "rejections.json", self.rejections_json()
        for kind in FOLDERS:
            for name in sorted(self._ids[kind]):
                for suffix in SUFFIXES[kind]:
                    content, _ = self.item(kind, name + suffix)
                    yield f"{kind}/{name}{suffix}", content

    def write(self, out_dir: Path) -> Path:
        out_dir.mkdir(parents=True, exist_ok=True)
        for kind in FOLDERS:
            (out_dir / kind).mkdir(exist_ok=True)
        for rel, content in self.files():
            (out_dir / rel).write_text(content, encoding="utf-8")
        return out_dir / "index.html"


def _doc_vars(page: DocumentPage) -> dict[str, Any]:
    """The names the document template has always used, taken from the page."""
    return {
        "doc": page.doc,
        "event": page.event,
        "parent": page.parent,
        "children": page.children,
        "copy_of": page.copy_of,
        "removed": page.removed,
        "quote_count": len(page.quotes),
        "claim_count": len(page.claims),
    }
