"""Main text and metadata of an HTML page: trafilatura, plus the page's JSON-LD.

trafilatura settings, measured on the 85 French-like pages of shared/data/trafilatura-eval
(segment P/R/F1 as in trafilatura's own evaluation, with_metadata=True, comments off):
default P 0.839 R 0.952 F1 0.892 (88 ms/page); favor_precision P 0.880 R 0.936 F1 0.907
(46 ms/page); favor_recall F1 0.885. On 200 other pages default was a hair better (0.940
against 0.933), but recoupe reads French first and the text cleaner after it only removes,
never restores: favor precision. Re-measure when trafilatura is upgraded.
"""

from __future__ import annotations

import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any

log = logging.getLogger(__name__)

_NEWS_TYPES = frozenset(
    {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "LiveBlogPosting",
     "OpinionNewsArticle", "BlogPosting", "Report", "WebPage"}
)  # fmt: skip
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?")


@dataclass(slots=True)
class PageMeta:
    """What the page says about itself (every field may be missing)."""

    title: str | None = None
    url: str | None = None
    date: str | None = None  # "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM"
    author: str | None = None
    site_name: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


def _names(value: Any) -> list[str]:
    """Names out of a JSON-LD author/publisher value: a string, an object, or a list."""
    if isinstance(value, str):
        return [value.strip()] if value.strip() else []
    if isinstance(value, dict):
        name = value.get("name")
        return [name.strip()] if isinstance(name, str) and name.strip() else []
    if isinstance(value, list):
        return [n for v in value for n in _names(v)]
    return []


def _walk(node: Any) -> list[dict[str, Any]]:
    """Every JSON-LD object, @graph members included."""
    if isinstance(node, list):
        return [o for item in node for o in _walk(item)]
    if isinstance(node, dict):
        return [node, *_walk(node.get("@graph", []))]
    return []


def _is_news(obj: dict[str, Any]) -> bool:
    kind = obj.get("@type")
    kinds = kind if isinstance(kind, list) else [kind]
    return any(isinstance(k, str) and k in _NEWS_TYPES and k != "WebPage" for k in kinds)


def parse_iso(value: str) -> str | None:
    """ "2023-09-13T10:15:00+02:00" -> "2023-09-13T10:15"; "2023-09-13" -> same."""
    m = _ISO_DATE.match(value.strip())
    if not m:
        return None
    day = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    return f"{day}T{m.group(4)}:{m.group(5)}" if m.group(4) else day


def json_ld_meta(tree: Any) -> PageMeta:
    """headline / datePublished / author / publisher of the first news object."""
    meta = PageMeta()
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            data = json.loads(script.text_content() or "")
        except (json.JSONDecodeError, ValueError):
            continue  # broken JSON-LD is common and harmless: trafilatura still runs
        for obj in _walk(data):
            if not _is_news(obj):
                continue
            if isinstance(obj.get("headline"), str):
                meta.title = obj["headline"].strip() or None
            if isinstance(obj.get("datePublished"), str):
                meta.date = parse_iso(obj["datePublished"])
            authors = _names(obj.get("author"))
            if authors:
                meta.author = "; ".join(authors)
            publishers = _names(obj.get("publisher"))
            if publishers:
                meta.site_name = publishers[0]
            if isinstance(obj.get("url"), str):
                meta.url = obj["url"]
            return meta
    return meta


def extract_html(raw: str, url: str | None) -> tuple[str, PageMeta]:
    """(main text, metadata). The text is "" when trafilatura finds no main content."""
    import lxml.etree
    import lxml.html
    import trafilatura

    meta = PageMeta()
    try:
        meta = json_ld_meta(lxml.html.fromstring(raw))
    except (ValueError, TypeError, lxml.etree.LxmlError) as exc:  # empty page, bad encoding decl.
        log.debug("no JSON-LD read: %s", exc)
    result = trafilatura.bare_extraction(
        raw,
        url=url,
        include_comments=False,
        deduplicate=False,
        with_metadata=True,
        favor_precision=True,
    )
    if result is None:
        return "", meta
    text = getattr(result, "text", None) or ""
    # JSON-LD is written by the newsroom's CMS: trust it over trafilatura's heuristics.
    meta.title = meta.title or getattr(result, "title", None)
    meta.date = meta.date or getattr(result, "date", None)
    meta.author = meta.author or getattr(result, "author", None)
    meta.site_name = meta.site_name or getattr(result, "sitename", None)
    meta.url = meta.url or getattr(result, "url", None)
    return text, meta
