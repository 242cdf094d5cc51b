"""`recoupe serve` over the demo store, through Starlette's TestClient: every page the
home page leads to, the downloads, the JSON API against its own OpenAPI schema, the
filters, errors, and the static export showing the same pages."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
import time
from collections import deque
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlsplit

import httpx2
import jsonschema
import pytest
from fastapi.testclient import TestClient
from htmlcheck import inert_problems, parse

from conftest import REPO, free_port
from recoupe.render.downloads import FACT_COLUMNS, QUOTE_COLUMNS
from recoupe.render.html import write_site
from recoupe.render.json_export import validate_export
from recoupe.store import Store


def crawl(client: TestClient, start: str = "/") -> dict[str, httpx2.Response]:
    """Every same-site URL reachable from ``start`` by links, fetched once each."""
    seen: dict[str, httpx2.Response] = {}
    todo = deque([start])
    while todo:
        url = todo.popleft()
        if url in seen:
            continue
        response = client.get(url)
        seen[url] = response
        if not response.headers["content-type"].startswith("text/html"):
            continue
        for link in parse(response.text).links:
            target, _ = urldefrag(link)
            if target and not urlsplit(target).scheme and target.startswith("/"):
                todo.append(target)
    return seen


@pytest.fixture(scope="module")
def site_pages(client: TestClient) -> dict[str, httpx2.Response]:
    return crawl(client)


def test_every_linked_page_answers(site_pages: dict[str, httpx2.Response]) -> None:
    kinds = {url.split("/")[1].split(".")[0] for url in site_pages}
    assert {"stories", "events", "documents", "entities", "rejections", "docs"} <= kinds
    assert len(site_pages) > 100
    for url, response in site_pages.items():
        assert response.status_code == 200, url
        if url.endswith(".json") or url == "/openapi.json":
            json.loads(response.text)
        elif url.endswith(".csv"):
            assert response.headers["content-type"].startswith("text/csv"), url
        elif url != "/style.css":
            assert response.headers["content-type"].startswith("text/html"), url
            assert not inert_problems(response.text), (url, inert_problems(response.text))


def test_every_fragment_link_lands_on_an_anchor(
    client: TestClient, site_pages: dict[str, httpx2.Response]
) -> None:
    ids: dict[str, set[str]] = {}
    checked = 0
    for url, response in site_pages.items():
        if not response.headers["content-type"].startswith("text/html"):
            continue
        for link in parse(response.text).links:
            target, fragment = urldefrag(link)
            if not fragment:
                continue
            path = target or url
            if path not in ids:
                ids[path] = parse(client.get(path).text).ids
            assert unquote(fragment) in ids[path], (url, link)
            checked += 1
    assert checked > 200  # every fact, quote and summary sentence cites a passage


def test_every_response_carries_the_security_headers(client: TestClient) -> None:
    for url in ("/", "/events/nope.html", "/api/index", "/style.css", "/openapi.json"):
        headers = client.get(url).headers
        csp = headers["content-security-policy"]
        assert "default-src 'none'" in csp and "script-src" not in csp, url
        assert "unsafe-inline" not in csp and "frame-ancestors 'none'" in csp
        assert headers["x-content-type-options"] == "nosniff"


def test_a_foreign_host_name_is_refused(client: TestClient) -> None:
    """DNS rebinding: a page on evil.example resolving to 127.0.0.1 gets nothing."""
    assert client.get("/", headers={"host": "evil.example"}).status_code == 400
    assert client.get("/", headers={"host": "localhost:8000"}).status_code == 200


def test_downloads_are_tables_and_page_objects(client: TestClient, demo_db: Path) -> None:
    with Store(demo_db) as store:
        corpus = store.load_corpus()
    event = max(corpus.events, key=lambda e: len(e.document_ids))
    facts = list(csv.DictReader(io.StringIO(client.get(f"/events/{event.id}.facts.csv").text)))
    assert facts and tuple(facts[0]) == FACT_COLUMNS
    stored = {f.id: f for f in corpus.facts if f.event_id == event.id}
    assert {row["fact_id"] for row in facts} == set(stored)
    for row in facts:
        if row["document_id"]:
            text = corpus.documents[row["document_id"]].text
            assert row["passage"], row  # the claim's sentence, as the dossier quotes it
            assert int(row["start"]) < int(row["end"]) <= len(text)
    quotes = list(csv.DictReader(io.StringIO(client.get(f"/events/{event.id}.quotes.csv").text)))
    assert quotes and tuple(quotes[0]) == QUOTE_COLUMNS
    for row in quotes:
        text = corpus.documents[row["document_id"]].text
        assert row["text"] in text[max(0, int(row["start"]) - 1) : int(row["end"]) + 1], row
    page = client.get(f"/events/{event.id}.json").json()
    assert page["event"]["id"] == event.id
    assert {f["id"] for f in page["event"]["facts"]} == set(stored)


def test_api_answers_match_the_openapi_schema(client: TestClient, demo_db: Path) -> None:
    schema = client.get("/openapi.json").json()
    api_paths = {p for p in schema["paths"] if p.startswith("/api/")}
    assert api_paths == {
        "/api/index",
        "/api/stories/{story_id}",
        "/api/events/{event_id}",
        "/api/documents/{doc_id}",
        "/api/entities",
        "/api/entities/{entity_id}",
        "/api/search",
        "/api/export",
    }
    assert not [p for p in schema["paths"] if not p.startswith("/api/")]  # pages are not API
    with Store(demo_db) as store:
        corpus = store.load_corpus()
    story, event = corpus.stories[0], corpus.events[0]
    doc_id = event.document_ids[0]
    entity = corpus.entities[0]
    calls = {
        "/api/index": "IndexPage",
        f"/api/stories/{story.id}": "StoryPage",
        f"/api/events/{event.id}": "EventPage",
        f"/api/documents/{doc_id}": "DocumentPage",
        "/api/entities": "EntitiesPage",
        f"/api/entities/{entity.id}": "EntityPage",
        "/api/search?q=Tervel": "SearchResults",
    }
    for url, component in calls.items():
        response = client.get(url)
        assert response.status_code == 200, url
        validator = jsonschema.Draft202012Validator(
            {**schema, "$ref": f"#/components/schemas/{component}"}
        )
        errors = list(validator.iter_errors(response.json()))
        assert not errors, (url, errors[0].message)
    validate_export(client.get("/api/export").json())


def test_api_reference_page_lists_every_endpoint(client: TestClient) -> None:
    page = client.get("/docs")
    assert page.status_code == 200
    for path in client.get("/openapi.json").json()["paths"]:
        assert path in page.text
    assert "cdn" not in page.text.lower() and "<script" not in page.text


def test_errors_are_pages_for_people_and_json_for_programs(client: TestClient) -> None:
    page = client.get("/events/ev-nope.html")
    assert page.status_code == 404 and "no event" in page.text and "<main" in page.text
    assert client.get("/api/events/ev-nope").json() == {"detail": "no event with id 'ev-nope'"}
    assert client.get("/events/ev-nope.json").status_code == 404
    assert client.get("/documents/../../etc/passwd").status_code == 404
    assert client.get("/nowhere").status_code == 404
    assert client.get("/api/index?since=yesterday").status_code == 422


def test_home_filters_by_outlet_date_and_language(client: TestClient) -> None:
    every = client.get("/index.json").json()
    assert len(every["stories"]) >= 5 and "Valmérie Patrie" in every["outlets"]
    titles = [s["title"] for s in every["stories"]]
    # Biggest story first: the ceasefire and its collapse.
    assert every["stories"][0]["documents"] == max(s["documents"] for s in every["stories"])

    patrie = client.get("/index.json", params={"outlet": "Valmérie Patrie"}).json()
    kept = [s["title"] for s in patrie["stories"]]
    assert kept and set(kept) < set(titles)
    assert all("Valmérie Patrie" in e["outlets"] for s in patrie["stories"] for e in s["events"])

    # An event stays while one of its documents is in range: the strike that began on
    # 2 May stays (a live-blog post of 6 May covers it), the ceasefire of 14 April goes.
    may = client.get("/index.json", params={"since": "2025-05-05"}).json()
    dates = [e["date"] for s in may["stories"] for e in s["events"]]
    assert "2025-05-02" in dates and "2025-04-14" not in dates
    april = client.get("/index.json", params={"until": "2025-04-30"}).json()
    assert [e["date"] for s in april["stories"] for e in s["events"]] == ["2025-04-14"]

    english = client.get("/index.json", params={"language": "en"}).json()
    assert english["stories"] and all(
        "en" in e["languages"] for s in english["stories"] for e in s["events"]
    )
    html = client.get("/", params={"outlet": "Valmérie Patrie", "since": ""}).text
    assert "match the filters" in html and "<option selected>Valmérie Patrie</option>" in html


def test_server_and_static_site_show_the_same_pages(
    client: TestClient, demo_db: Path, tmp_path: Path
) -> None:
    with Store(demo_db) as store:
        corpus, rejections = store.load_corpus(), store.rejections()
    write_site(corpus, tmp_path, version="0.1.0", rejections=rejections)

    def main(html: str) -> str:
        return html[html.index("<main") : html.index("</main>")]

    event = max(corpus.events, key=lambda e: len(e.document_ids))
    pages = [f"events/{event.id}.html", f"documents/{event.document_ids[0]}.html"]
    pages += [f"stories/{corpus.stories[0].id}.html", f"entities/{corpus.entities[0].id}.html"]
    for rel in pages:
        static = main((tmp_path / rel).read_text(encoding="utf-8"))
        served = main(client.get("/" + rel).text).replace('="/', '="../')
        assert static == served, rel
    assert "recoupe serve" in (tmp_path / "index.html").read_text(encoding="utf-8")


def test_the_serve_command_serves_until_stopped(demo_db: Path) -> None:
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "recoupe.cli", "serve", "--db", str(demo_db), "--port", str(port)],
        cwd=REPO,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                response = httpx2.get(f"http://127.0.0.1:{port}/", timeout=2)
                break
            except httpx2.TransportError:
                assert proc.poll() is None and time.monotonic() < deadline, "no server"
                time.sleep(0.2)
        assert response.status_code == 200 and "<h1>Stories</h1>" in response.text
    finally:
        proc.terminate()
        _, err = proc.communicate(timeout=30)
    assert re.search(rf"serving .* at http://127\.0\.0\.1:{port}/", err)


def test_serve_refuses_a_missing_store(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "recoupe.cli", "serve", "--db", str(tmp_path / "none.db")],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1 and "no such store" in done.stderr
    assert not (tmp_path / "none.db").exists()
