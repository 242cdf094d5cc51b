"""JSON Lines: one article per line (feeds, crawls, data sets such as OrangeSum).

A JSONL file holds a whole corpus, so ``read.max_bytes`` applies to each line (one
article), not to the file; the file is streamed line by line and never held whole.
A broken line becomes a rejection naming the line; the other lines still come through.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, ClassVar

from recoupe.errors import Rejected
from recoupe.model import Document, Meta, Rejection
from recoupe.read.decode import decode_bytes, normalize_text, sniff_binary
from recoupe.read.files import STAGE, io_rejection, make_document, rejection
from recoupe.read.isodate import parse_iso
from recoupe.stage import Reader

if TYPE_CHECKING:
    from recoupe.config import ReadConfig

log = logging.getLogger(__name__)

# "Clearly HTML": starts with a tag and holds a document-level or block tag. A text
# field that merely contains "<" (a comparison, "<3") stays text.
_HTML_START = re.compile(
    r"^\s*<(?:!doctype|html|head|body|article|div|p|section|main|h[1-6])\b", re.I
)
_HTML_INSIDE = re.compile(r"<(?:html|body)\b", re.I)


def looks_like_html(text: str) -> bool:
    head = text[:2000]
    return bool(_HTML_START.match(head) or _HTML_INSIDE.search(head))


def _str_field(record: dict[str, Any], key: str) -> str | None:
    value = record.get(key)
    if isinstance(value, str):
        value = value.strip()
        return value or None
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    return None


class JsonlReader(Reader):
    suffixes: ClassVar[tuple[str, ...]] = (".jsonl", ".ndjson")

    def __init__(self, config: ReadConfig) -> None:
        self.config = config

    def read(self, path: Path) -> Iterator[Document | Rejection]:
        source = str(path)
        try:
            with path.open("rb") as handle:
                head = handle.read(16)
                what = sniff_binary(head)
                if what is not None:
                    yield Rejection(source, STAGE, "binary", f"looks like a {what}, not JSON Lines")
                    return
                handle.seek(0)
                yield from self.parse_lines(_limited_lines(handle, self.config.max_bytes), source)
        except OSError as exc:
            yield io_rejection(source, exc)

    def parse(self, data: bytes, source: str) -> Iterator[Document | Rejection]:
        """The same on bytes already in memory (stdin)."""
        lines = (line if len(line) <= self.config.max_bytes else None for line in data.splitlines())
        yield from self.parse_lines(lines, source)

    def parse_lines(
        self, lines: Iterable[bytes | None], source: str
    ) -> Iterator[Document | Rejection]:
        """``None`` stands for a line over the size limit (not read)."""
        seen_any = False
        for number, line in enumerate(lines, start=1):
            where = f"{source}#L{number}"
            if line is None:
                seen_any = True
                yield Rejection(
                    where, STAGE, "too_large", f"line over {self.config.max_bytes:,} bytes"
                )
                continue
            if not line.strip():
                continue
            seen_any = True
            try:
                yield self._document(line, source, where, first=number == 1)
            except Rejected as exc:
                yield rejection(where, exc)
        if not seen_any:
            yield Rejection(source, STAGE, "empty", "no JSON lines")

    def _document(self, line: bytes, source: str, where: str, *, first: bool) -> Document:
        if first and line.startswith(b"\xef\xbb\xbf"):
            line = line[3:]
        try:
            text_line = line.decode("utf-8")
        except UnicodeDecodeError:
            # JSON is UTF-8 by definition, but exports from old tools are not always.
            text_line = decode_bytes(line)
        try:
            record = json.loads(text_line)
        except json.JSONDecodeError as exc:
            raise Rejected("parse", f"not valid JSON: {exc.msg} at column {exc.colno}") from exc
        if not isinstance(record, dict):
            raise Rejected("parse", f"a JSON {type(record).__name__}, not an object")

        cfg = self.config
        parts = [_str_field(record, key) for key in cfg.jsonl_text]
        texts = [p for p in parts if p]
        if not texts:
            fields = ", ".join(repr(k) for k in cfg.jsonl_text)
            raise Rejected("no_text", f"no text in field(s) {fields} (read.jsonl_text)")
        raw = normalize_text("\n\n".join(texts))

        meta = Meta(
            url=_str_field(record, cfg.jsonl_url),
            title=_str_field(record, cfg.jsonl_title),
            outlet=_str_field(record, cfg.jsonl_source),
        )
        date = _str_field(record, cfg.jsonl_date)
        if date is not None:
            meta.published = parse_iso(date, "jsonl")
            if meta.published is None:
                # Kept for meta.dates, which reads free-form dates.
                meta.extra["date_raw"] = date
        ident = _str_field(record, cfg.jsonl_id)
        doc_source = f"{source}#{ident}" if ident else where
        fmt = "html" if looks_like_html(raw) else "txt"
        return make_document(doc_source, raw, fmt, meta)


def _limited_lines(handle: BinaryIO, max_bytes: int) -> Iterator[bytes | None]:
    """Lines of ``handle``, each read up to ``max_bytes``; longer ones give None and are
    skipped to their end in bounded chunks, so one runaway line cannot fill memory."""
    while True:
        line = handle.readline(max_bytes + 1)
        if not line:
            return
        if len(line) <= max_bytes or (line.endswith(b"\n") and len(line) - 1 <= max_bytes):
            yield line
            continue
        while not line.endswith(b"\n"):
            line = handle.readline(1 << 20)
            if not line:
                break
        yield None
