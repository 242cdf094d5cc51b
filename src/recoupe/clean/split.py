"""The splitting stage: a live blog or a page of glued stories becomes child documents.

The children carry the analysis; the pipeline keeps the parent as a container. A child's
text is a substring of its parent's text (whole paragraphs), so a citation into a child
can always be traced back to the page.
"""

from __future__ import annotations

import copy
import logging
import re
from typing import ClassVar

from recoupe.clean.segments import Segment, has_prose, is_headline, segment
from recoupe.model import DateValue, Document, stable_id
from recoupe.stage import DocStage
from recoupe.text import normalize

log = logging.getLogger(__name__)

# A paragraph: a run of non-blank lines. CleanStage writes one line per paragraph with a
# blank line between, but a text from elsewhere may wrap its paragraphs.
_PARAGRAPH = re.compile(r"[^\n]*\S[^\n]*(?:\n[^\n]*\S[^\n]*)*")


def paragraph_spans(text: str) -> list[tuple[int, int]]:
    return [(m.start(), m.end()) for m in _PARAGRAPH.finditer(text)]


# A kicker or section label is a few words ("Pouvoirs · Numéro 415": 4); the shortest
# real part in the seeds and the demo is a paragraph of 9+ words.
KICKER_MAX_WORDS = 8


class SplitStage(DocStage):
    """Return the document itself when it holds one story, else its children."""

    name: ClassVar[str] = "clean.split"
    version: ClassVar[int] = 1
    requires: ClassVar[frozenset[str]] = frozenset({"text"})
    provides: ClassVar[frozenset[str]] = frozenset({"parent_id"})

    def __init__(self) -> None:
        pass

    def process(self, doc: Document) -> Document | list[Document]:
        spans = paragraph_spans(doc.text)
        paragraphs = [doc.text[a:b] for a, b in spans]
        # A part that is one short line without prose (a kicker such as "Pouvoirs ·
        # Numéro 415") is page furniture, not a story: it stays in the parent only.
        # Longer prose-less parts (garbage glued after a live blog) stay children.
        segments = [
            seg
            for seg in segment(paragraphs)
            if seg.kind == "post"
            or seg.last - seg.first > 1
            or len(paragraphs[seg.first].split()) > KICKER_MAX_WORDS
            or has_prose(paragraphs[seg.first : seg.last])
        ]
        if len(segments) < 2:
            return doc
        children = [
            self._child(doc, n, seg, spans, paragraphs) for n, seg in enumerate(segments, start=1)
        ]
        log.debug("%s split into %d parts", doc.source, len(children))
        return children

    @staticmethod
    def _child(
        parent: Document,
        index: int,
        seg: Segment,
        spans: list[tuple[int, int]],
        paragraphs: list[str],
    ) -> Document:
        text = normalize(parent.text[spans[seg.first][0] : spans[seg.last - 1][1]])
        meta = copy.deepcopy(parent.meta)
        # A first line is the part's headline when it looks like one and prose follows.
        if seg.last - seg.first > 1 and is_headline(paragraphs[seg.first]):
            meta.title = paragraphs[seg.first].strip()
        elif seg.kind != "story" or index > 1:
            # The page's title names the page (a live blog, the first story), not this
            # post or the story glued after it: better no title than a wrong one.
            meta.title = None
        meta.extra["part"] = seg.kind
        if seg.time:
            meta.extra["time"] = seg.time
            if seg.tz:
                meta.extra["timezone"] = seg.tz
            published = parent.meta.published
            if published is not None and published.precision in ("day", "minute"):
                hour, minute = seg.time.split("h")
                meta.published = DateValue(
                    f"{published.date}T{int(hour):02d}:{minute}",
                    "minute",
                    published.source or "text",
                )
        return Document(
            id=stable_id(parent.id, str(index), prefix="d-"),
            source=f"{parent.source}#part{index}",
            raw=text,
            format=parent.format,
            text=text,
            meta=meta,
            parent_id=parent.id,
            stage_versions=dict(parent.stage_versions),
        )
