"""Fixtures of the web tests: the demo store's app, a store holding hostile pages, a
real server on a free loopback port, and Debian's chromium for the browser tests."""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from fastapi import FastAPI
    from fastapi.testclient import TestClient

REPO = Path(__file__).resolve().parents[2]
SCREENSHOTS = REPO / ".screenshots"
CHROMIUM = Path("/usr/bin/chromium")

# What a hostile page tries: markup in every field a page shows (title, outlet, byline,
# text, a quote), event handlers, javascript: and data: URLs, a title that closes
# <title> and opens a script. The words around it are ordinary French news, so that
# the pipeline keeps the document and finds its quote and figures.
HOSTILE_HTML = """<!doctype html>
<html lang="fr"><head><meta charset="utf-8">
<title>Sébastopol &lt;/title&gt;&lt;script&gt;alert('title')&lt;/script&gt; : le port en flammes</title>
<meta property="og:site_name" content="Le Piège &lt;img src=x onerror=alert('site')&gt;">
<meta property="og:url" content="javascript:alert('url')">
<meta name="author" content="&lt;svg onload=alert('author')&gt;">
<script>alert('head')</script>
</head><body onload="alert('body')">
<article>
<h1>Sébastopol &lt;/title&gt;&lt;script&gt;alert('title')&lt;/script&gt; : le port en flammes</h1>
<p>Le port de Sébastopol a été frappé dans la nuit de lundi à mardi, selon les autorités
locales, qui font état de 12 blessés et de trois navires endommagés. Le texte affiché sur
les écrans de la gare disait &lt;script&gt;alert('text')&lt;/script&gt; pendant une heure.</p>
<p><a href="javascript:alert('link')">Lire la suite</a> et
<a href="data:text/html,&lt;script&gt;alert('data')&lt;/script&gt;">la vidéo</a>.
<img src="x" onerror="alert('img')"> Un témoin a écrit &lt;img src=x onerror=alert('img2')&gt;
sur les réseaux sociaux.</p>
<p>« Nous reconstruirons le port &lt;b onmouseover=alert('quote')&gt;plus vite&lt;/b&gt; »,
a déclaré le gouverneur Mikhaïl Razvojaïev lors d'une conférence de presse mardi.</p>
<p>Les secours ont évacué 40 habitants des immeubles voisins, a précisé la mairie.</p>
<script>document.write('<p>injected</p>')</script>
</article></body></html>
"""
HOSTILE_JSONL = {
    "title": "Alerte </title><script>alert('jsonl')</script> à Sébastopol",
    "text": (
        "Les autorités de Sébastopol ont confirmé mardi que 12 personnes avaient été "
        "blessées lors de la frappe contre le port. Un message <script>alert('jsonl-text')"
        "</script> est apparu sur le site de la mairie, qui a été piraté, selon la police. "
        "« Le port sera rouvert <img src=x onerror=alert('jsonl-quote')> dès jeudi », a "
        "déclaré le gouverneur Mikhaïl Razvojaïev."
    ),
    "url": "javascript:alert('jsonl-url')",
    "date": "2025-06-03",
    "source": "Agence <b onmouseover=alert('outlet')>Piège</b>",
}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A store made by ``recoupe.run`` from a hostile HTML page and a hostile JSONL
    record, next to one ordinary demo article (so stories, facts and quotes exist)."""
    import recoupe

    folder = tmp_path_factory.mktemp("hostile-input")
    (folder / "piege.html").write_text(HOSTILE_HTML, encoding="utf-8")
    (folder / "feed.jsonl").write_text(
        json.dumps(HOSTILE_JSONL, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    db = tmp_path_factory.mktemp("hostile") / "hostile.db"
    recoupe.run([folder], db=db)
    return db


@pytest.fixture(scope="session")
def demo_app(demo_db: Path) -> FastAPI:
    from recoupe.web import create_app

    return create_app(demo_db)


@pytest.fixture(scope="session")
def client(demo_app: FastAPI) -> Iterator[TestClient]:
    from fastapi.testclient import TestClient

    with TestClient(demo_app, base_url="http://127.0.0.1") as c:
        yield c


class LiveServer:
    """uvicorn serving an app in a thread, on a free loopback port."""

    def __init__(self, app: FastAPI) -> None:
        import uvicorn

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def __enter__(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 30
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start")
            time.sleep(0.05)
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="session")
def live_demo(demo_app: FastAPI) -> Iterator[LiveServer]:
    with LiveServer(demo_app) as server:
        yield server


def _install_chromium() -> str | None:
    """Debian's chromium through apt, when this runs as root (CI does); else why not."""
    if os.geteuid() != 0:
        return "not root, so apt-get cannot install it"
    if shutil.which("apt-get") is None:
        return "apt-get is not available"
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    for step in (["apt-get", "update"], ["apt-get", "install", "-y", "chromium"]):
        done = subprocess.run(step, capture_output=True, text=True, env=env, timeout=900)
        if done.returncode != 0:
            return f"`{' '.join(step)}` failed: {done.stderr.strip()[-300:]}"
    return None if CHROMIUM.exists() else "apt-get installed no /usr/bin/chromium"


@pytest.fixture(scope="session")
def chromium() -> Path:
    """The path of Debian's chromium; installed through apt where possible, else the
    browser tests skip. Never a browser build downloaded by Playwright."""
    pytest.importorskip("playwright.sync_api", reason="playwright (dev extra) is not installed")
    if not CHROMIUM.exists():
        why = _install_chromium()
        if why is not None:
            pytest.skip(f"browser tests need Debian's chromium at {CHROMIUM}: {why}")
    return CHROMIUM


@pytest.fixture(scope="session")
def screenshots() -> Path:
    SCREENSHOTS.mkdir(exist_ok=True)
    return SCREENSHOTS
