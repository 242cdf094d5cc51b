"""The shape of a stage. Two kinds, because the work has two shapes:

- ``DocStage`` sees one document at a time and can run anywhere (in process, a pool...).
- ``CorpusStage`` needs the collection; it reads and fills a ``Corpus``.

``requires`` and ``provides`` name document fields ("text", "meta.language",
"sentences"...); the pipeline checks them when it is built, before reading anything.
A stage that cannot handle one document raises ``Rejected``; the pipeline records it.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections.abc import Iterator
from pathlib import Path
from typing import ClassVar

from recoupe.model import Corpus, Document, Rejection

# Fields a reader fills on every document it yields.
READER_PROVIDES: frozenset[str] = frozenset({"id", "source", "raw", "format"})


class DocStage(ABC):
    name: ClassVar[str]
    version: ClassVar[int] = 1
    requires: ClassVar[frozenset[str]] = frozenset()
    provides: ClassVar[frozenset[str]] = frozenset()
    # Python modules the stage needs at run time (checked when the pipeline is built).
    needs_modules: ClassVar[tuple[str, ...]] = ()

    def setup(self) -> None:  # noqa: B027 - optional hook
        """Load models once per worker. Heavy imports belong here, not at module top."""

    @abstractmethod
    def process(self, doc: Document) -> Document | list[Document]:
        """Return the document (filled), or for a splitter the list of its children.
        Raise ``Rejected`` when the document cannot go on."""

    def process_batch(self, docs: list[Document]) -> list[Document | list[Document]]:
        """Process several documents; override when the work really batches (spaCy)."""
        return [self.process(d) for d in docs]


class CorpusStage(ABC):
    name: ClassVar[str]
    version: ClassVar[int] = 1
    requires: ClassVar[frozenset[str]] = frozenset()
    needs_modules: ClassVar[tuple[str, ...]] = ()

    def setup(self) -> None:  # noqa: B027 - optional hook
        pass

    @abstractmethod
    def run(self, corpus: Corpus) -> None:
        """Read the corpus and fill what this stage decides (in place)."""


class Reader(ABC):
    """Turns one input file into documents. Never raises for bad content: it yields a
    ``Rejection`` naming the file (and line) instead, so the batch goes on."""

    suffixes: ClassVar[tuple[str, ...]]

    @abstractmethod
    def read(self, path: Path) -> Iterator[Document | Rejection]: ...
