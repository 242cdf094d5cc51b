"""The static HTML site, and the template environment it shares with ``recoupe serve``.

Jinja2 with autoescape on: every string from an article is untrusted. A URL only
becomes an ``href`` when its scheme is http or https. Links are relative, so the site
opens from ``file://`` with no server; no JavaScript, no CDN, one CSS file. The pages
themselves are built by ``pages.Site``.
"""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from recoupe.model import Corpus, Rejection
from recoupe.render.view import STATUS_LABEL

if TYPE_CHECKING:
    from jinja2 import Environment

log = logging.getLogger(__name__)

_SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,100}$")
_LANG = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")


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


def when(iso: str | None) -> str:
    """An ISO date or time as a reader reads it: "2025-05-06 07:50", or "undated"."""
    return iso.replace("T", " ") if iso else "undated"


def environment() -> Environment:
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
    env.filters["when"] = when
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
    from recoupe.render.pages import Site

    site = Site(corpus, version=version, rejections=rejections)
    index = site.write(out_dir)
    log.info(
        "wrote site: %d stories, %d events, %d documents, %d entities",
        len(corpus.stories),
        len(corpus.events),
        len(corpus.documents),
        len(corpus.entities),
    )
    return index
