"""The SQLite store: migrations build exactly schema.sql, upserts are idempotent, the
corpus round-trips, rejections do not pile up."""

from __future__ import annotations

import sqlite3
from importlib import resources
from pathlib import Path

import pytest

from recoupe.errors import NotFound, StoreError
from recoupe.model import (
    Claim,
    Corpus,
    DateValue,
    Document,
    Entity,
    Event,
    Fact,
    Mention,
    Meta,
    Quote,
    Rejection,
    Removed,
    Span,
    Story,
)
from recoupe.store import Store


def schema_of(conn: sqlite3.Connection) -> set[tuple[str, str]]:
    rows = conn.execute(
        "SELECT type, name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'"
    ).fetchall()
    cols = set()
    for kind, name in rows:
        cols.add((kind, name))
        if kind == "table":
            for col in conn.execute(f"PRAGMA table_info({name})"):
                cols.add((f"{name}.column", f"{col[1]} {col[2]} notnull={col[3]}"))
    return cols


def test_migrations_build_the_documented_schema(tmp_path: Path) -> None:
    with Store(tmp_path / "a.db") as store:
        migrated = schema_of(store.conn)
        assert store.schema_version >= 1
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    documented = sqlite3.connect(":memory:")
    documented.executescript(
        (resources.files("recoupe.store") / "schema.sql").read_text(encoding="utf-8")
    )
    assert migrated == schema_of(documented)


def make_doc() -> Document:
    return Document(
        id="d-1",
        source="a/page.html",
        raw="<p>x</p>",
        format="html",
        text="Trois morts, a déclaré le gouverneur.",
        meta=Meta(
            url="https://example.org/a",
            title="T",
            outlet="Le Quotidien",
            bylines=["Marie Dupont"],
            agencies=["AFP"],
            published=DateValue("2025-03-04", "day", "meta"),
            language="fr",
        ),
        removed=[Removed(0, 3, "cookie", "Accepter les cookies")],
        sentences=[Span(0, 37)],
        lemmas=["mort", "déclarer", "gouverneur"],
        entities=[Mention(0, 5, "Trois", "MISC", "Trois")],
        quotes=[Quote("q-1", 0, 11, "Trois morts", True, "le gouverneur", cue="déclarer")],
        claims=[
            Claim(
                "c-1",
                0,
                5,
                "Trois morts, a déclaré le gouverneur.",
                3.0,
                counted="mort",
                attributed_to="le gouverneur",
            )
        ],
        fingerprint=[1, 2, 3],
        stage_versions={"clean.boilerplate": 1},
    )


def test_documents_round_trip_and_upsert(tmp_path: Path) -> None:
    with Store(tmp_path / "s.db") as store:
        run = store.begin_run({}, ["a"], "0")
        doc = make_doc()
        store.save_documents([doc], "sig", run)
        store.save_documents([doc], "sig", run)
        assert store.count_documents() == 1
        back = store.document("d-1")
        back.tokens = doc.tokens
        assert back == doc
        assert store.signature_of("d-1") == "sig"
        assert store.counts()["quotes"] == 1
        with pytest.raises(NotFound):
            store.document("d-404")


def test_corpus_round_trip(tmp_path: Path) -> None:
    with Store(tmp_path / "c.db") as store:
        run = store.begin_run({}, [], "0")
        store.save_documents([make_doc()], "sig", run)
        corpus = store.load_corpus()
        corpus.entities = [Entity("en-1", "Anna Varga", "PER", ["Varga", "A. Varga"])]
        corpus.stories = [Story("st-1", "Port strike", ["ev-1"])]
        corpus.events = [Event("ev-1", "Port strike", "2025-03-04", ["d-1"], "st-1")]
        corpus.facts = [
            Fact(
                "fa-1",
                "ev-1",
                "morts : 3",
                "single_source",
                ["c-1"],
                1,
                ["Le Quotidien"],
                "one origin",
            )
        ]
        corpus.documents["d-1"].claims[0].fact_id = "fa-1"
        store.save_corpus(corpus, run)
        again = store.load_corpus()
        assert again.entities == corpus.entities
        assert again.events == corpus.events
        assert again.stories == corpus.stories
        assert again.facts == corpus.facts
        assert again.documents["d-1"].claims[0].fact_id == "fa-1"
        # saving again replaces, never duplicates
        store.save_corpus(again, run)
        assert store.counts()["events"] == 1


def test_save_corpus_rewrites_only_the_documents_the_corpus_stages_changed(
    tmp_path: Path,
) -> None:
    with Store(tmp_path / "c.db") as store:
        run = store.begin_run({}, [], "0")
        other = make_doc()
        other.id, other.source = "d-2", "b.txt"
        other.quotes[0].id, other.claims[0].id = "q-2", "c-2"
        store.save_documents([make_doc(), other], "sig", run)
        corpus = store.load_corpus()
        corpus.documents["d-2"].duplicate_of = "d-1"
        corpus.documents["d-2"].claims[0].fact_id = "fa-9"
        updated: list[str] = []
        store.conn.set_trace_callback(
            lambda sql: updated.append(sql) if sql.startswith("UPDATE documents") else None
        )
        store.save_corpus(corpus, run)
        assert len(updated) == 1 and "'d-2'" in updated[0]  # d-1 is left as stored
        updated.clear()
        store.save_corpus(corpus, run)  # nothing changed since
        assert updated == []
        store.conn.set_trace_callback(None)
        again = Store(tmp_path / "c.db").load_corpus()
        assert again.documents["d-2"].duplicate_of == "d-1"
        assert again.documents["d-2"].claims[0].fact_id == "fa-9"
        assert again.documents["d-1"].duplicate_of is None


def test_stage_state_round_trips_and_is_replaced(tmp_path: Path) -> None:
    blob = bytes(range(256)) * 40  # binary, NUL bytes included
    with Store(tmp_path / "st.db") as store:
        run = store.begin_run({}, [], "0")
        store.save_documents([make_doc()], "sig", run)
        corpus = store.load_corpus()
        assert corpus.stage_state == {}
        corpus.stage_state = {"stories.events": blob, "dedup.group": b"v1"}
        store.save_corpus(corpus, run)
        again = store.load_corpus()
        assert again.stage_state == corpus.stage_state
        again.stage_state["dedup.group"] = b"v2"
        store.save_corpus(again, store.begin_run({}, [], "0"))
        assert store.load_corpus().stage_state == {"stories.events": blob, "dedup.group": b"v2"}


def test_rejections_upsert_per_source_and_stage(tmp_path: Path) -> None:
    with Store(tmp_path / "r.db") as store:
        run = store.begin_run({}, [], "0")
        rej = Rejection("in/bad.txt", "read", "binary", "NUL bytes")
        store.save_rejections(run, [rej])
        store.save_rejections(run, [rej])
        assert store.rejections() == [rej]
        store.clear_rejection("in/bad.txt")
        assert store.rejections() == []


def test_not_a_store_is_a_clear_error(tmp_path: Path) -> None:
    bogus = tmp_path / "x.db"
    bogus.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match=r"x\.db"):
        Store(bogus)


def test_empty_corpus_loads(tmp_path: Path) -> None:
    with Store(tmp_path / "e.db") as store:
        assert store.load_corpus() == Corpus(documents={})
