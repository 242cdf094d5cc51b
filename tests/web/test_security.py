"""A hostile page in the corpus must not run anything in the reader's browser, served
or static: every field it fills (title, outlet, byline, URL, text, quote) is escaped,
no link goes anywhere but http(s), and no page holds a tag the templates did not write.
The browser half of this is in test_browser.py."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from fastapi.testclient import TestClient
from htmlcheck import inert_problems, parse
from test_routes import crawl

from recoupe.render.html import write_site
from recoupe.store import Store
from recoupe.web import create_app


@pytest.fixture(scope="module")
def hostile_client(hostile_db: Path) -> TestClient:
    return TestClient(create_app(hostile_db), base_url="http://127.0.0.1")


def test_the_hostile_input_reached_the_store(hostile_db: Path) -> None:
    """Otherwise the tests below would prove nothing."""
    with Store(hostile_db) as store:
        corpus = store.load_corpus()
    titles = {d.meta.title for d in corpus.documents.values()}
    assert "Alerte </title><script>alert('jsonl')</script> à Sébastopol" in titles
    texts = " ".join(d.text for d in corpus.documents.values())
    assert "<script>alert('text')</script>" in texts
    assert "<img src=x onerror=alert('img2')>" in texts
    quotes = [q.text for d in corpus.documents.values() for q in d.quotes]
    assert any("onmouseover=alert('quote')" in q for q in quotes)
    outlets = {d.meta.outlet for d in corpus.documents.values()}
    assert "Agence <b onmouseover=alert('outlet')>Piège</b>" in outlets
    assert corpus.events and corpus.facts


def test_served_pages_show_hostile_text_as_text(hostile_client: TestClient) -> None:
    pages = crawl(hostile_client)
    html_pages = {
        u: r for u, r in pages.items() if r.headers["content-type"].startswith("text/html")
    }
    assert len(html_pages) > 10
    shown = ""
    for url, response in html_pages.items():
        assert response.status_code == 200, url
        assert not inert_problems(response.text), (url, inert_problems(response.text))
        assert "content-security-policy" in response.headers
        shown += " ".join(parse(response.text).text)
    # The payloads are on the pages, as words a reader can see.
    for payload in (
        "<script>alert('text')</script>",
        "<img src=x onerror=alert('img2')>",
        "<b onmouseover=alert('quote')>plus vite</b>",
        "Agence <b onmouseover=alert('outlet')>Piège</b>",
        "javascript:alert('jsonl-url')",
    ):
        assert payload in shown, payload
    event = next(u for u in html_pages if u.startswith("/events/"))
    title = parse(html_pages[event].text).title
    assert "</title><script>alert(" in title  # both titles try it; either may name the event


def test_search_results_are_escaped(hostile_client: TestClient) -> None:
    html = hostile_client.get("/search", params={"q": "alert script"}).text
    assert not inert_problems(html)
    # The matched words are marked; the markup around them is text.
    assert "&lt;<mark>script</mark>&gt;<mark>alert</mark>(&#39;" in html
    api = hostile_client.get("/api/search", params={"q": "onerror"}).json()
    assert api["document_count"] >= 1
    assert all("<mark>" in h["snippet_html"] for h in api["documents"])
    assert all("<img" not in h["snippet_html"] for h in api["documents"])


def test_json_downloads_hold_no_markup(hostile_client: TestClient, hostile_db: Path) -> None:
    with Store(hostile_db) as store:
        corpus = store.load_corpus()
    for doc_id in corpus.documents:
        response = hostile_client.get(f"/documents/{doc_id}.json")
        assert response.headers["content-type"] == "application/json"
        assert "<" not in response.text and ">" not in response.text
        assert json.loads(response.text)["text"] == corpus.documents[doc_id].text


def test_static_pages_of_the_hostile_store_are_inert(hostile_db: Path, tmp_path: Path) -> None:
    with Store(hostile_db) as store:
        corpus, rejections = store.load_corpus(), store.rejections()
    write_site(corpus, tmp_path, version="0.1.0", rejections=rejections)
    checked = 0
    for path in tmp_path.rglob("*.html"):
        html = path.read_text(encoding="utf-8")
        assert not inert_problems(html), (path.name, inert_problems(html))
        assert "script-src 'none'" in html  # the page's own policy, for file://
        checked += 1
    for path in tmp_path.rglob("*.json"):
        assert "<script" not in path.read_text(encoding="utf-8"), path.name
    assert checked >= 8
