"""Main text and metadata of an HTML page: trafilatura, helped where it measurably errs,
plus what the page says about itself in JSON-LD.

Measured with ``recoupe eval extraction`` (trafilatura 2.3.1, the line cleaner on top):
shared/data/trafilatura-eval, 990 pages of which 85 French-like, segment F1 matched as in
trafilatura's own evaluation; shared/data/orangesum-fr, 300 raw pages, token 4-gram F1.
Plain trafilatura (default settings) in the same run: 0.9259 / French 0.8889 / 0.9684.
Each step below was measured by taking it out of the whole (overall / French / orangesum):

1. favor_precision: its extra pruning suits news pages (French 0.901, default settings
   0.884) but costs recall elsewhere (overall 0.921, default settings 0.925).
2. Empty inline elements are unwrapped first: precision mode deletes an empty element
   together with the text after it (``bien.<strong></strong>Selon ...`` lost the rest of
   the paragraph). +0.0004 / +0.0022 / +0.0003.
3. A second, default-settings run (no metadata, ~15 ms a page) repairs what precision
   mode breaks: it drops the lead paragraph above the body (restored from the default
   run: +0.0019 / +0.0025), and on some pages keeps almost nothing (the default text is
   then taken: +0.0038 / 0). Without the second run: 0.9217 / 0.9035.
4. A heading right after an ``<hr>`` opens a new section (glued briefs): trafilatura
   drops the headings of the loose paragraphs it recovers, so it is put back above its
   paragraph, where clean/segments.py sees a headline. No change on the eval pages.
5. JSON-LD: a LiveBlogPosting's posts mark where each post starts in the text (a time
   line, as clean/segments.py reads them); a NewsArticle's articleBody replaces a text
   that holds less than half of it (paywalled or script-rendered pages): +0.0002 / 0.
All together: 0.9274 / 0.9060 / 0.9682 (orangesum: the extracted text is trafilatura's
on all 300 pages; the line cleaner's photo-credit cuts cost 0.0002 there).
"""

from __future__ import annotations

import html
import json
import logging
import re
from dataclasses import dataclass, field
from typing import Any

from recoupe.clean.segments import is_time_line

log = logging.getLogger(__name__)

_NEWS_TYPES = frozenset(
    {"NewsArticle", "Article", "ReportageNewsArticle", "AnalysisNewsArticle", "LiveBlogPosting",
     "OpinionNewsArticle", "BlogPosting", "Report", "WebPage"}
)  # fmt: skip
_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2}))?")

# Precision mode deletes empty elements without their tail text (trafilatura's
# htmlprocessing.prune_html); for inline elements that tail is the rest of a sentence.
# Inline ones only: unwrapping every kind it prunes (div, p, section...) also changed
# which block trafilatura picked (a French live page fell from 9,003 to 215 characters).
_INLINE = ("b", "em", "i", "q", "span", "strong")
_HEADINGS = ("h1", "h2", "h3", "h4", "h5", "h6")

# Lead restoration (step 3). Both runs must agree on the body: at least this share of the
# precise lines appear in the default run (else they chose different parts of the page
# and "just before the body" means nothing; 0.5 to 0.8 scored the same, all lines 0.0002
# less). Then up to LEAD_MAX_LINES lines before it,
# each a sentence (LEAD_MIN_WORDS words) rather than a label, kicker or button. Measured
# on trafilatura-eval: lines restored from the head of the default run held 28 content
# segments for 9 boilerplate ones; restoring tail lines or lines inside the body lost F1
# (more boilerplate than content: related links, author boxes, captions). Up to 1, 2, 3
# lines of 8+ words: overall 0.9272, 0.9272, 0.9274, French 0.9038, 0.9060, 0.9060.
LEAD_MAX_LINES = 2
LEAD_MIN_WORDS = 8
BODY_AGREEMENT = 0.8
# The precise text is replaced by the default one when shorter than this share of it.
# Swept on trafilatura-eval (with steps 2-3): never 0.9238, 0.1 0.9254, 0.2 0.9262, 0.3
# 0.9272, 0.4 0.9269, 0.5 0.9260; French 0.9060 up to 0.4, 0.9042 from 0.5.
FALLBACK_SHARE = 0.3
# JSON-LD articleBody replaces the extracted text holding less than this share of it.
# articleBody alone scored below trafilatura on the 61 eval pages that carry one (128
# segments found against 166: often a teaser, or one paragraph of it), so it is a rescue
# only, for a text that visibly misses most of the article.
BODY_RESCUE_SHARE = 0.5
# Live blogs: clean/segments.py reads a text as a live blog from 3 time lines on.
MIN_LIVE_POSTS = 3
# A paragraph is found in the extracted text by its first characters, whitespace
# squashed; fewer than MIN_MATCH_CHARS would match by chance ("Photo", "Mise à jour").
MATCH_CHARS = 60
MIN_MATCH_CHARS = 20

_MARKUP = re.compile(r"<[a-zA-Z/!][^>]*>")
_BLOCK_END = re.compile(r"(?i)<br\s*/?>|</(?:p|div|li|h[1-6]|blockquote|tr)\s*>")


@dataclass(slots=True)
class PageMeta:
    """What the page says about itself (every field may be missing)."""

    title: str | None = None
    url: str | None = None
    date: str | None = None  # "YYYY-MM-DD" or "YYYY-MM-DDTHH:MM"
    author: str | None = None
    site_name: str | None = None
    extra: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class LivePost:
    """One post of a live blog, from JSON-LD ``liveBlogUpdate``."""

    time: str  # "07h42", the local time written in datePublished
    headline: str
    body: str  # paragraphs, one per line


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


def _kinds(obj: dict[str, Any]) -> list[str]:
    kind = obj.get("@type")
    return [k for k in (kind if isinstance(kind, list) else [kind]) if isinstance(k, str)]


def _is_news(obj: dict[str, Any]) -> bool:
    return any(k in _NEWS_TYPES and k != "WebPage" for k in _kinds(obj))


def parse_iso(value: str) -> str | None:
    """ "2023-09-13T10:15:00+02:00" -> "2023-09-13T10:15"; "2023-09-13" -> same."""
    m = _ISO_DATE.match(value.strip())
    if not m:
        return None
    day = f"{m.group(1)}-{m.group(2)}-{m.group(3)}"
    return f"{day}T{m.group(4)}:{m.group(5)}" if m.group(4) else day


def squash(text: str) -> str:
    return " ".join(text.split())


def plain_text(value: str) -> str:
    """A JSON-LD text field as lines of text: CMSs put plain text, escaped entities or
    HTML there; block ends become line breaks."""
    if not value.strip():
        return ""
    if _MARKUP.search(value):
        import lxml.html

        value = _BLOCK_END.sub("\n", value)
        value = lxml.html.fragment_fromstring(value, create_parent="div").text_content()
    else:
        value = html.unescape(value)
    return "\n".join(squash(line) for line in value.splitlines() if line.strip())


def json_ld_objects(tree: Any) -> list[dict[str, Any]]:
    """Every JSON-LD object of the page, in page order."""
    objects: list[dict[str, Any]] = []
    for script in tree.xpath('//script[@type="application/ld+json"]'):
        try:
            objects.extend(_walk(json.loads(script.text_content() or "")))
        except (json.JSONDecodeError, ValueError):
            continue  # broken JSON-LD is common and harmless: trafilatura still runs
    return objects


def json_ld_meta(objects: list[dict[str, Any]]) -> PageMeta:
    """headline / datePublished / author / publisher of the first news object."""
    meta = PageMeta()
    for obj in objects:
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


def article_body(objects: list[dict[str, Any]]) -> str:
    """The longest articleBody of the page's news objects, as lines of text."""
    bodies = [
        plain_text(obj["articleBody"])
        for obj in objects
        if _is_news(obj) and isinstance(obj.get("articleBody"), str)
    ]
    return max(bodies, key=len, default="")


def live_posts(objects: list[dict[str, Any]]) -> list[LivePost]:
    """The posts of the page's LiveBlogPosting, in the order given; a post without a
    time of day or without any text is left out."""
    for obj in objects:
        if "LiveBlogPosting" not in _kinds(obj):
            continue
        updates = obj.get("liveBlogUpdate")
        updates = [updates] if isinstance(updates, dict) else updates
        posts: list[LivePost] = []
        for update in updates if isinstance(updates, list) else []:
            if not isinstance(update, dict) or not isinstance(update.get("datePublished"), str):
                continue
            when = parse_iso(update["datePublished"])
            headline = update.get("headline")
            headline = plain_text(headline) if isinstance(headline, str) else ""
            body = update.get("articleBody")
            body = plain_text(body) if isinstance(body, str) else ""
            if body.split("\n", 1)[0] == headline:
                body = body.partition("\n")[2]  # some CMSs repeat the headline
            if when and len(when) == 16 and (headline or body):
                posts.append(LivePost(f"{when[11:13]}h{when[14:16]}", headline, body))
        return posts
    return []


def unwrap_empty_inline(tree: Any) -> None:
    """Drop empty inline elements that text follows, keeping that text (see step 2)."""
    empty = [
        el
        for el in tree.iter(*_INLINE)
        if el.text is None and len(el) == 0 and el.tail and el.tail.strip()
    ]
    for el in empty:
        el.drop_tag()


def _lines(text: str) -> list[str]:
    return [line.strip() for line in text.split("\n") if line.strip()]


def lead_lines(precise: str, default: str) -> list[str]:
    """The prose lines the default run has just above the body both runs agree on."""
    p_lines, d_lines = _lines(precise), _lines(default)
    in_default = set(d_lines)
    if not p_lines or sum(line in in_default for line in p_lines) < BODY_AGREEMENT * len(p_lines):
        return []
    kept = set(p_lines)
    first = next(i for i, line in enumerate(d_lines) if line in kept)
    before = d_lines[max(0, first - LEAD_MAX_LINES) : first]
    return [line for line in before if len(line.split()) >= LEAD_MIN_WORDS]


def combine(precise: str, default: str) -> str:
    """Step 3: the precise text, its lead restored, or the default text when the
    precise run kept almost nothing."""
    if len(precise) < FALLBACK_SHARE * len(default):
        return default
    return "\n".join([*lead_lines(precise, default), precise])


def _element_sibling(el: Any, step: int) -> Any:
    """The previous (step -1) or next (step 1) element, comments skipped."""
    sib = el.getprevious() if step < 0 else el.getnext()
    while sib is not None and not isinstance(sib.tag, str):
        sib = sib.getprevious() if step < 0 else sib.getnext()
    return sib


def _find_line(keys: list[str], starts: list[str]) -> int | None:
    """Index of the first line starting like one of ``starts`` (squashed prefixes)."""
    starts = [s[:MATCH_CHARS] for s in starts if len(s) >= MIN_MATCH_CHARS]
    return next((i for i, k in enumerate(keys) if any(k.startswith(s) for s in starts)), None)


def _insert_lines(lines: list[str], before: dict[int, str]) -> str:
    return "\n".join(x for i, line in enumerate(lines) for x in (before.get(i), line) if x)


def section_headings(tree: Any, text: str) -> str:
    """Step 4: each heading that follows an <hr> goes back above its paragraph, when that
    paragraph is in ``text`` and the heading is not."""
    lines = text.split("\n")
    keys = [squash(line) for line in lines]
    present = set(keys)
    before: dict[int, str] = {}
    for hr in tree.iter("hr"):
        heading = _element_sibling(hr, 1)
        if heading is None or heading.tag not in _HEADINGS:
            continue
        title = squash(heading.text_content())
        following = _element_sibling(heading, 1)
        if not title or title in present or following is None:
            continue
        at = _find_line(keys, [squash(following.text_content())])
        if at is not None:
            before.setdefault(at, title)
    return _insert_lines(lines, before) if before else text


def mark_live_posts(text: str, posts: list[LivePost]) -> str:
    """Step 5: a time line above each post found in ``text``; the posts themselves when
    fewer than MIN_LIVE_POSTS are found and they hold more text than ``text``."""
    lines = text.split("\n")
    if len(posts) < MIN_LIVE_POSTS or sum(bool(is_time_line(x)) for x in lines) >= MIN_LIVE_POSTS:
        return text  # not a live blog, or its times are already there
    keys = [squash(line) for line in lines]
    before: dict[int, str] = {}
    for post in posts:
        at = _find_line(keys, [post.headline, *post.body.split("\n")])
        if at is not None and at not in before:
            before[at] = post.time
    if len(before) >= MIN_LIVE_POSTS:
        return _insert_lines(lines, before)
    written = "\n".join(x for p in posts for x in (p.time, p.headline, p.body) if x)
    return written if len(written) > len(text) else text


def _run(tree: Any, url: str | None, precise: bool, with_metadata: bool = False) -> Any:
    import trafilatura

    return trafilatura.bare_extraction(
        tree,
        url=url,
        include_comments=False,
        deduplicate=False,  # a page is one document; repeated lines are cut later
        with_metadata=with_metadata,
        favor_precision=precise,
    )


def extract_html(raw: str, url: str | None) -> tuple[str, PageMeta]:
    """(main text, metadata). The text is "" when no main content is found."""
    import lxml.etree
    import trafilatura

    try:
        # trafilatura's own parser and repairs; both runs get a copy of this tree
        tree = trafilatura.load_html(raw)
    except (ValueError, TypeError, lxml.etree.LxmlError) as exc:  # bad encoding decl.
        log.debug("page not parsed: %s", exc)
        tree = None
    if tree is None:
        return "", PageMeta()
    objects = json_ld_objects(tree)
    meta = json_ld_meta(objects)
    unwrap_empty_inline(tree)
    # trafilatura's metadata (htmldate above all) is a third of its time, but its date is
    # the better one: on trafilatura-eval's 728 dated pages, JSON-LD's datePublished first
    # gave 0.857 exact days, htmldate first 0.864 (JSON-LD stamps in UTC cross midnight,
    # and some CMSs put a republication date there); on orangesum both give 1.000.
    result = _run(tree, url, precise=True, with_metadata=True)
    precise = (getattr(result, "text", None) or "") if result is not None else ""
    default_result = _run(tree, url, precise=False)
    default = (getattr(default_result, "text", None) or "") if default_result else ""
    text = section_headings(tree, combine(precise, default)) if precise or default else ""
    body = article_body(objects)
    # trafilatura's own last resort reads articleBody too, but flattens its paragraphs
    if len(text) < BODY_RESCUE_SHARE * len(body) or squash(text) == squash(body):
        text = body
    text = mark_live_posts(text, live_posts(objects))
    if result is not None:
        # JSON-LD is written by the newsroom's CMS: trust it over trafilatura's heuristics,
        # except for the date (see above).
        meta.title = meta.title or getattr(result, "title", None)
        found = getattr(result, "date", None)
        if found and not (meta.date and meta.date[:10] == found[:10]):
            meta.date = found  # same day: keep JSON-LD's, which has the time

        meta.author = meta.author or getattr(result, "author", None)
        meta.site_name = meta.site_name or getattr(result, "sitename", None)
        meta.url = meta.url or getattr(result, "url", None)
    return text, meta
