"""Full-text search: the FTS5 indexes the store keeps in step with its tables, the
query translation that never lets user input reach FTS5 as syntax, and the results."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from htmlcheck import inert_problems, parse

from recoupe.model import Claim, DateValue, Document, Meta, Quote
from recoupe.store import Store
from recoupe.store.sqlite import migrations
from recoupe.web.search import connect, fts_query, highlight, search

TEXT = (
    "Le port de Sébastopol a été frappé dans la nuit. « Nous reconstruirons tout », "
    "a déclaré le gouverneur. Au moins 12 marins ont été blessés à Port-Sérac."
)


def document(
    doc_id: str = "d-1", text: str = TEXT, title: str = "Frappe sur Sébastopol"
) -> Document:
    q_words = "Nous reconstruirons tout"
    q_start = text.find(q_words)
    c_words = "Au moins 12 marins ont été blessés à Port-Sérac."
    c_start = text.find(c_words)
    return Document(
        id=doc_id,
        source=f"inbox/{doc_id}.txt",
        raw=text,
        format="txt",
        text=text,
        meta=Meta(title=title, outlet="Le Quotidien", published=DateValue("2025-05-06", "day")),
        quotes=[
            Quote(f"q-{doc_id}", q_start, q_start + len(q_words), q_words, True, "le gouverneur")
        ]
        if q_start >= 0
        else [],
        claims=[Claim(f"c-{doc_id}", c_start, c_start + len(c_words), c_words, 12.0)]
        if c_start >= 0
        else [],
    )


def test_user_input_becomes_quoted_terms() -> None:
    assert fts_query("sebastopol") == '"sebastopol"'
    assert fts_query("Port-Sérac grève") == '"Port Sérac" "grève"'
    assert fts_query("l'armée") == '"l armée"'
    assert fts_query('"cessez le feu" Castelmont') == '"cessez le feu" "Castelmont"'
    assert fts_query("grév*") == '"grév"*'
    # FTS5 operators and syntax are words like any other, never syntax.
    assert fts_query("a OR b NOT c") == '"a" "OR" "b" "NOT" "c"'
    assert fts_query('NEAR(x y) col:val ^start "unclosed') == (
        '"NEAR x" "y" "col val" "start" "unclosed"'
    )
    assert fts_query("« » — ... *") is None
    assert fts_query("") is None


def test_highlights_are_escaped_and_balanced() -> None:
    plain, html = highlight("a <b>\ue000Tervel\ue001 & \ue001c\ue000d")
    assert plain == "a <b>Tervel & cd"
    assert html == "a &lt;b&gt;<mark>Tervel</mark> &amp; c<mark>d</mark>"


def test_the_index_follows_every_write(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    with Store(db) as store:
        store.save_documents([document()], "sig", 1)
        conn = connect(db)
        found = search(conn, "sebastopol")  # accents folded
        assert [h.doc_id for h in found.documents] == ["d-1"]
        assert "<mark>Sébastopol</mark>" in found.documents[0].snippet_html
        assert [h.speaker for h in search(conn, "reconstruirons").quotes] == ["le gouverneur"]
        start = TEXT.index("Au moins 12")
        assert [(h.start, h.end) for h in search(conn, "marins").claims] == [(start, len(TEXT))]
        assert search(conn, "port-serac").claim_count == 1

        # Re-analysed with a new text: the old words go, the new ones come.
        store.save_documents([document(text="Odessa sous les drones.", title="Odessa")], "s2", 2)
        assert search(conn, "sebastopol").total == 0
        assert search(conn, "odessa").document_count == 1
        assert search(conn, "reconstruirons").quote_count == 0

        # save_corpus rewrites quotes and claims and every document's analysis.
        corpus = store.load_corpus()
        store.save_corpus(corpus, 3)
        assert search(conn, "odessa").document_count == 1
        store.conn.execute("DELETE FROM documents")
        store.conn.commit()
        assert search(conn, "odessa").total == 0
        for table in ("documents_fts", "quotes_fts", "claims_fts"):
            store.conn.execute(f"INSERT INTO {table} ({table}) VALUES ('integrity-check')")
        conn.close()


def test_an_older_store_gets_its_index_when_migrated(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    for number, sql in migrations():
        if number < 3:
            conn.executescript(sql)
            conn.execute(f"PRAGMA user_version = {number}")
    conn.execute(
        "INSERT INTO documents (id, source, format, title, raw, text, analysis, signature)"
        " VALUES ('d-old', 'a.txt', 'txt', 'Grève', 'x', 'La grève des dockers continue.',"
        " '{}', 's')"
    )
    conn.commit()
    conn.close()
    with Store(db) as store:
        assert store.schema_version >= 3
    ro = connect(db)
    assert [h.doc_id for h in search(ro, "greve dockers").documents] == ["d-old"]
    ro.close()


def test_search_reads_only(tmp_path: Path) -> None:
    db = tmp_path / "s.db"
    Store(db).close()
    conn = connect(db)
    with pytest.raises(sqlite3.OperationalError, match="readonly"):
        conn.execute("DELETE FROM documents")
    conn.close()


def test_search_page_and_api_on_the_demo(client: TestClient) -> None:
    api = client.get("/api/search", params={"q": "greve"}).json()  # finds "grève"
    assert api["document_count"] >= 4 and api["documents"]
    assert all("grève" in h["snippet"].lower() for h in api["documents"])
    quotes = client.get("/api/search", params={"q": "reculerons"}).json()["quotes"]
    assert len(quotes) >= 3  # the president's words, as each outlet printed them
    for hit in quotes:
        page = client.get(f"/documents/{hit['doc_id']}.html")
        assert f"c-{hit['start']}-{hit['end']}" in parse(page.text).ids

    html = client.get("/search", params={"q": "Tervel"}).text
    assert not inert_problems(html)
    page = parse(html)
    assert "<mark>Tervel</mark>" in html
    assert any(link.startswith("/documents/") and "#c-" in link for link in page.links)
    assert 'value="Tervel"' in html  # the query stays in the box
    empty = client.get("/search", params={"q": "« »"}).text
    assert "Type at least one word." in empty
    assert client.get("/api/search", params={"q": ""}).status_code == 422
