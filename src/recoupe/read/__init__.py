"""recoupe.read: input files and streams -> ``Document``s (or ``Rejection``s).

Readers never raise for bad content: an unreadable file, a binary one, a broken JSONL
line each become a ``Rejection`` naming the file (and line), and the batch goes on.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

from recoupe.errors import InputError, Rejected
from recoupe.model import Document, Rejection
from recoupe.read.decode import decode_bytes  # re-exported: for fetched bytes (URLs, WARC)
from recoupe.read.files import STAGE, HtmlReader, TextReader
from recoupe.read.jsonl import JsonlReader
from recoupe.stage import Reader

__all__ = [
    "SUFFIXES",
    "HtmlReader",
    "JsonlReader",
    "TextReader",
    "decode_bytes",
    "iter_input_paths",
    "read_path",
    "read_stream",
    "reader_for",
]

if TYPE_CHECKING:
    from recoupe.config import ReadConfig

log = logging.getLogger(__name__)

_READERS: tuple[type[TextReader] | type[HtmlReader] | type[JsonlReader], ...] = (
    TextReader,
    HtmlReader,
    JsonlReader,
)
SUFFIXES: frozenset[str] = frozenset(s for r in _READERS for s in r.suffixes)


def reader_for(path: Path, config: ReadConfig) -> Reader | None:
    """The reader for ``path``'s suffix (case-insensitive), or None."""
    suffix = path.suffix.lower()
    for cls in _READERS:
        if suffix in cls.suffixes:
            return cls(config)
    return None


def _is_hidden(name: str) -> bool:
    return name.startswith(".")


def iter_input_paths(paths: list[Path]) -> Iterator[Path]:
    """The files to read, in a stable order.

    Files given are yielded as given, even with a suffix no reader handles (they get an
    "unsupported" rejection, so a user sees why). Directories are walked recursively and
    sorted; hidden entries and files no reader handles (README, .md notes...) are skipped.
    Raises ``InputError`` before yielding anything when a path does not exist: a typo in
    a command line should stop it, not produce a run over nothing.
    """
    missing = [str(p) for p in paths if not p.exists()]
    if missing:
        raise InputError(f"no such file or directory: {', '.join(missing)}")
    return _walk(paths)


def _walk(paths: list[Path]) -> Iterator[Path]:
    seen: set[Path] = set()
    for given in paths:
        if not given.is_dir():
            if given not in seen:
                seen.add(given)
                yield given
            continue
        for root, dirs, files in os.walk(given):
            dirs[:] = sorted(d for d in dirs if not _is_hidden(d))
            for name in sorted(files):
                path = Path(root) / name
                if _is_hidden(name) or path.suffix.lower() not in SUFFIXES:
                    if not _is_hidden(name) and path.suffix.lower() != ".md":
                        log.debug("skipping %s: no reader for this suffix", path)
                    continue
                if path not in seen:
                    seen.add(path)
                    yield path


def read_path(path: Path, config: ReadConfig) -> Iterator[Document | Rejection]:
    """Documents from one file, dispatched on its suffix. Never raises for content."""
    reader = reader_for(path, config)
    if reader is None:
        suffix = path.suffix or "(none)"
        known = ", ".join(sorted(SUFFIXES))
        yield Rejection(
            str(path), STAGE, "unsupported", f"no reader for suffix {suffix} (known: {known})"
        )
        return
    try:
        yield from reader.read(path)
    except OSError as exc:  # a reader's own handling missed it: still not a crash
        yield Rejection(str(path), STAGE, "io", exc.strerror or str(exc))


def _sniff(data: bytes) -> str:
    """ "jsonl", "html" or "txt" for bytes from a stream."""
    lines = [line for line in data[: 1 << 20].splitlines() if line.strip()]
    if lines and all(line.lstrip().startswith(b"{") for line in lines[:1000]):
        return "jsonl"
    head = data[:4096].lstrip().lower()
    if head.startswith(b"\xef\xbb\xbf"):
        head = head[3:].lstrip()
    if head.startswith(b"<") or b"<html" in head or b"<body" in head:
        return "html"
    return "txt"


def read_stream(data: bytes, name: str, config: ReadConfig) -> Iterator[Document | Rejection]:
    """Documents from bytes (stdin): JSONL, HTML or text by sniffing; ``name`` is the
    source. The documents get the sniffed format ("txt"/"html"), which is what cleaning
    dispatches on."""
    kind = _sniff(data)
    if kind == "jsonl":
        yield from JsonlReader(config).parse(data, name)
        return
    reader = HtmlReader(config) if kind == "html" else TextReader(config)
    try:
        yield from reader.parse(data, name)
    except Rejected as exc:  # parse turns these into rejections; belt and braces
        yield Rejection(name, STAGE, exc.reason, exc.detail)
