"""Readers for single-document files: plain text and HTML."""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from recoupe.errors import Rejected
from recoupe.model import Document, Meta, Rejection, stable_id
from recoupe.read.decode import decode_bytes, read_limited
from recoupe.read.isodate import header_date
from recoupe.stage import Reader

if TYPE_CHECKING:
    from recoupe.config import ReadConfig

log = logging.getLogger(__name__)

STAGE = "read"

# <meta charset="x"> or <meta http-equiv="Content-Type" content="text/html; charset=x">.
# Browsers look in the first 1024 bytes; pages with long <head> comments put it later,
# so 4096 costs nothing and catches those.
_META_CHARSET = re.compile(rb"<meta[^>]{0,200}?charset\s*=\s*[\"']?\s*([A-Za-z0-9_.:-]+)", re.I)
_CHARSET_SCAN = 4096


def rejection(source: str, exc: Rejected) -> Rejection:
    return Rejection(source=source, stage=STAGE, reason=exc.reason, detail=exc.detail)


def io_rejection(source: str, exc: OSError) -> Rejection:
    return Rejection(source=source, stage=STAGE, reason="io", detail=exc.strerror or str(exc))


def make_document(source: str, raw: str, fmt: str, meta: Meta | None = None) -> Document:
    """A document with a stable id: the same source and content give the same id."""
    return Document(
        id=stable_id(source, raw, prefix="d-"),
        source=source,
        raw=raw,
        format=fmt,
        meta=meta if meta is not None else Meta(),
    )


class _FileReader(Reader):
    """Shared path handling: stat and size limit, then ``parse`` on the bytes."""

    def __init__(self, config: ReadConfig) -> None:
        self.config = config

    def read(self, path: Path) -> Iterator[Document | Rejection]:
        source = str(path)
        try:
            data = read_limited(path, self.config.max_bytes)
        except Rejected as exc:
            yield rejection(source, exc)
            return
        except OSError as exc:
            yield io_rejection(source, exc)
            return
        yield from self.parse(data, source)

    def parse(self, data: bytes, source: str) -> Iterator[Document | Rejection]:
        if len(data) > self.config.max_bytes:
            yield Rejection(
                source, STAGE, "too_large", f"{len(data):,} bytes, over {self.config.max_bytes:,}"
            )
            return
        try:
            yield self.make(data, source)
        except Rejected as exc:
            yield rejection(source, exc)

    def make(self, data: bytes, source: str) -> Document:
        raise NotImplementedError


class TextReader(_FileReader):
    """One plain-text file, one document (format "txt").

    ``raw`` keeps the whole decoded text, header included: cleaning removes the header
    and records the removal, so spans into ``raw`` stay honest.
    """

    suffixes: ClassVar[tuple[str, ...]] = (".txt", ".text")

    def make(self, data: bytes, source: str) -> Document:
        raw = decode_bytes(data)
        meta = Meta(published=header_date(raw))
        return make_document(source, raw, "txt", meta)


def declared_charset(data: bytes) -> str | None:
    """The charset an HTML page declares in a <meta> tag, if any."""
    match = _META_CHARSET.search(data[:_CHARSET_SCAN])
    return match.group(1).decode("ascii", "replace") if match else None


class HtmlReader(_FileReader):
    """One HTML page, one document (format "html"). The reader does not parse the HTML
    (cleaning does, with its own guards), so pathological markup cannot hurt here."""

    suffixes: ClassVar[tuple[str, ...]] = (".html", ".htm")

    def make(self, data: bytes, source: str) -> Document:
        raw = decode_bytes(data, declared=declared_charset(data))
        return make_document(source, raw, "html")
