"""The static HTML site: index, one page per event, one per document, rejections.

Jinja2 with autoescape on: every string from an article is untrusted. A URL only
becomes an ``href`` when its scheme is http or https. Links are relative, so the site
opens from ``file://`` with no server; no JavaScript, no CDN, one CSS file.
"""

from __future__ import annotations

import logging
import re
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from recoupe.model import Corpus, Document, Rejection
from recoupe.render.marks import marked_text
from recoupe.render.view import STATUS_LABEL, CorpusView, DocView

if TYPE_CHECKING:
    from jinja2 import Environment

log = logging.getLogger(__name__)

_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,100}$")
_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")
# Removed pieces can be long (a whole glued-in story); the details list shows a preview.
REMOVED_PREVIEW_CHARS = 300


def page_name(item_id: str) -> str:
    """A file name for an id: the id itself when it is filename-safe, else a hash of it."""
    if _SAFE_NAME.match(item_id):
        return item_id
    from recoupe.model import stable_id

    return stable_id(item_id, prefix="x-")


def safe_url(url: str | None) -> str | None:
    """``url`` when it may go in an ``href`` (http or https), else ``None``."""
    if not url:
        return None
    try:
        parts = urlsplit(url.strip())
    except ValueError:
        return None
    if parts.scheme.lower() in ("http", "https") and parts.netloc:
        return url.strip()
    return None


def html_lang(language: str | None) -> str | None:
    return language if language and _LANG.match(language) else None


def _environment() -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined

    env = Environment(
        loader=PackageLoader("recoupe.render", "templates"),
        autoescape=True,  # always: templates end in .j2, so select_autoescape would miss them
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters["page"] = page_name
    env.filters["safe_url"] = safe_url
    env.filters["html_lang"] = html_lang
    env.globals["STATUS_LABEL"] = STATUS_LABEL
    return env


def write_site(
    corpus: Corpus,
    out_dir: Path,
    *,
    version: str,
    rejections: list[Rejection] | None = None,
) -> Path:
    """Write the whole site under ``out_dir`` and return the path of its index.html."""
    env = _environment()
    view = CorpusView(corpus)
    rejected = sorted(rejections or [], key=lambda r: (r.source, r.stage, r.reason, r.detail))
    common: dict[str, Any] = {"version": version, "rejection_count": len(rejected)}
    out_dir.mkdir(parents=True, exist_ok=True)
    (out_dir / "events").mkdir(exist_ok=True)
    (out_dir / "documents").mkdir(exist_ok=True)

    def write(rel: str, template: str, **context: Any) -> None:
        root = "../" * rel.count("/")
        page = env.get_template(template).render(root=root, **common, **context)
        (out_dir / rel).write_text(page, encoding="utf-8")

    style = resources.files("recoupe.render").joinpath("static/style.css").read_text("utf-8")
    (out_dir / "style.css").write_text(style, encoding="utf-8")

    index = out_dir / "index.html"
    write(
        "index.html",
        "index.html.j2",
        stories=view.stories(),
        unfiled=view.unfiled_events(),
        document_count=len(corpus.documents),
    )
    for event in view.all_events():
        write(f"events/{page_name(event.id)}.html", "event.html.j2", event=event)
    for doc_id in sorted(corpus.documents):
        doc = corpus.documents[doc_id]
        write(
            f"documents/{page_name(doc_id)}.html",
            "document.html.j2",
            **_document_context(view, doc),
        )
    write("rejections.html", "rejections.html.j2", rejections=rejected)
    log.info("wrote site: %d events, %d documents", len(view.all_events()), len(corpus.documents))
    return index


def _document_context(view: CorpusView, doc: Document) -> dict[str, Any]:
    spans: list[tuple[int, int, str, str]] = []
    for q in doc.quotes:
        who = q.speaker or "unattributed"
        spans.append((q.start, q.end, "quote", f"quote: {who}" + (f" ({q.cue})" if q.cue else "")))
    for c in doc.claims:
        spans.append((c.start, c.end, "claim", "claim" + (f": {c.counted}" if c.counted else "")))
    removed = [
        {
            "reason": r.reason,
            "preview": r.text[:REMOVED_PREVIEW_CHARS],
            "truncated": len(r.text) > REMOVED_PREVIEW_CHARS,
            "start": r.start,
            "end": r.end,
        }
        for r in sorted(doc.removed, key=lambda r: (r.start, r.end, r.reason))
    ]
    d: DocView = view.document(doc.id)
    event_id = view.event_id_of(doc.id)
    parent = view.document(doc.parent_id) if doc.parent_id in view.corpus.documents else None
    copy_of = view.document(doc.duplicate_of) if doc.duplicate_of in view.corpus.documents else None
    return {
        "doc": d,
        "event": view.event(event_id) if event_id else None,
        "parent": parent,
        "children": view.children_of(doc.id),
        "copy_of": copy_of,
        "text_html": marked_text(doc.text, spans),
        "removed": removed,
        "quote_count": len(doc.quotes),
        "claim_count": len(doc.claims),
    }
