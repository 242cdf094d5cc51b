"""The pipeline's contract: validation when built, rejections recorded, batches retried
one by one, split pages kept as containers."""

from __future__ import annotations

from typing import ClassVar

import pytest

from recoupe.errors import PipelineError, Rejected
from recoupe.model import Corpus, Document
from recoupe.pipeline import Pipeline
from recoupe.stage import CorpusStage, DocStage


def doc(i: int, raw: str) -> Document:
    return Document(id=f"d-{i}", source=f"in/{i}.txt", raw=raw, format="txt")


class Upper(DocStage):
    name = "test.upper"
    requires: ClassVar[frozenset[str]] = frozenset({"raw"})
    provides: ClassVar[frozenset[str]] = frozenset({"text"})

    def process(self, d: Document) -> Document:
        if not d.raw.strip():
            raise Rejected("empty", "nothing to read")
        d.text = d.raw.upper()
        return d


class Fragile(DocStage):
    """Fails the whole batch when any document says 'boom' (like a library crashing)."""

    name = "test.fragile"
    requires: ClassVar[frozenset[str]] = frozenset({"text"})
    provides: ClassVar[frozenset[str]] = frozenset({"sentences"})
    batches = 0

    def process(self, d: Document) -> Document:
        if "BOOM" in d.text:
            raise ValueError("cannot parse")
        return d

    def process_batch(self, docs: list[Document]) -> list[Document | list[Document]]:
        Fragile.batches += 1
        return [self.process(d) for d in docs]


class Splitter(DocStage):
    name = "test.split"
    requires: ClassVar[frozenset[str]] = frozenset({"text"})
    provides: ClassVar[frozenset[str]] = frozenset({"parent_id"})

    def process(self, d: Document) -> Document | list[Document]:
        parts = d.text.split("||")
        if len(parts) == 1:
            return d
        return [
            Document(id=f"{d.id}.{i}", source=f"{d.source}#part{i}", raw=p, format=d.format, text=p)
            for i, p in enumerate(parts)
        ]


class Lang(DocStage):
    name = "test.lang"
    requires: ClassVar[frozenset[str]] = frozenset({"text"})
    provides: ClassVar[frozenset[str]] = frozenset({"meta.language"})

    def process(self, d: Document) -> Document:
        d.meta.language = "fr"
        return d


class Count(CorpusStage):
    name = "test.count"
    requires: ClassVar[frozenset[str]] = frozenset({"text"})

    def run(self, corpus: Corpus) -> None:
        corpus.stories = []


def test_requirements_are_checked_when_built() -> None:
    with pytest.raises(PipelineError, match=r"test.fragile requires text"):
        Pipeline([Fragile(), Upper()], [])
    with pytest.raises(PipelineError, match="used twice"):
        Pipeline([Upper(), Upper()], [])


class NeedsMissingModule(Upper):
    name = "test.needs"
    needs_modules = ("no_such_module_anywhere",)


def test_missing_module_is_reported_before_reading() -> None:
    with pytest.raises(PipelineError, match="no_such_module_anywhere"):
        Pipeline([NeedsMissingModule()], [])


def test_rejections_are_recorded_and_the_batch_goes_on() -> None:
    Fragile.batches = 0
    pipe = Pipeline([Upper(), Fragile(), Splitter(), Lang()], [Count()])
    result = pipe.process([doc(1, "good one"), doc(2, "  "), doc(3, "boom here"), doc(4, "a||b")])
    reasons = {(r.source, r.stage, r.reason) for r in result.rejections}
    assert reasons == {("in/2.txt", "test.upper", "empty"), ("in/3.txt", "test.fragile", "error")}
    detail = next(r.detail for r in result.rejections if r.reason == "error")
    assert "ValueError: cannot parse" in detail
    assert [d.id for d in result.leaves] == ["d-1", "d-4.0", "d-4.1"]
    assert [d.id for d in result.containers] == ["d-4"]
    assert result.containers[0].is_container
    assert all(d.parent_id == "d-4" for d in result.leaves[1:])
    # the split page takes the language its children agree on
    assert result.containers[0].meta.language == "fr"
    # the batch that raised was tried once as a batch, then one document at a time
    assert Fragile.batches == 1
    assert pipe.stats["test.upper"].rejected == 1
    assert pipe.stats["test.fragile"].documents == 3


def test_signature_names_stage_versions() -> None:
    pipe = Pipeline([Upper()], [Count()])
    assert pipe.signature == "test.upper@1,test.count@1"


class Broken(CorpusStage):
    name = "test.broken"

    def run(self, corpus: Corpus) -> None:
        raise RuntimeError("index corrupt")


def test_failing_corpus_stage_is_recorded_and_next_runs() -> None:
    pipe = Pipeline([Upper()], [Broken(), Count()])
    corpus = Corpus(documents={}, stories=[])
    failures = pipe.run_corpus(corpus)
    assert [(f.stage, f.reason) for f in failures] == [("test.broken", "error")]
    assert "index corrupt" in failures[0].detail
