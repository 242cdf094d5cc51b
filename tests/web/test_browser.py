"""In a real browser (Playwright driving Debian's chromium, headless): what a journalist
does with the dossier, served and opened from file://, and a hostile store that must
not run anything. Screenshots go to .screenshots/ (git-ignored) for people to review.
Skipped, with the reason, where chromium is absent and cannot be installed."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from conftest import LiveServer
from recoupe.render.html import write_site
from recoupe.store import Store
from recoupe.web import create_app

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

pytestmark = pytest.mark.e2e

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


@pytest.fixture(scope="module")
def browser(chromium: Path) -> Iterator[Browser]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(chromium), headless=True)
        yield b
        b.close()


def new_page(browser: Browser, viewport: dict[str, int] = DESKTOP) -> tuple[Page, list[str]]:
    """A page that records every dialog (alert, confirm...) something tried to open."""
    page = browser.new_page(viewport=viewport)  # type: ignore[arg-type]
    dialogs: list[str] = []

    def on_dialog(dialog: object) -> None:
        dialogs.append(str(dialog.message))  # type: ignore[attr-defined]
        dialog.dismiss()  # type: ignore[attr-defined]

    page.on("dialog", on_dialog)
    return page, dialogs


def target_background(page: Page) -> str:
    """The background colour of the passage the URL's fragment points to."""
    return str(
        page.evaluate(
            "() => { const t = document.querySelector(':target');"
            " return t ? getComputedStyle(t).backgroundColor : 'no target'; }"
        )
    )


def test_a_journalist_reads_the_dossier(
    browser: Browser, live_demo: LiveServer, screenshots: Path
) -> None:
    page, dialogs = new_page(browser)
    page.goto(live_demo.url + "/")
    assert page.locator("h1").inner_text() == "Stories"
    # Keyboard first: Tab reaches the skip link, which shows itself and jumps to main.
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.className") == "skip"
    assert page.locator("a.skip").bounding_box()["y"] >= 0  # type: ignore[index]
    page.screenshot(path=screenshots / "home.png", full_page=True)

    # Search a word, accents left out.
    page.fill("#site-q", "greve")
    page.press("#site-q", "Enter")
    page.wait_for_url(re.compile(r"/search\?q=greve"))
    assert page.locator("ol.hits li").count() >= 4
    assert page.locator("ol.hits mark").first.inner_text().lower() in ("grève", "greve")
    page.screenshot(path=screenshots / "search.png", full_page=True)

    # Open the biggest story's latest event: its dossier.
    page.goto(live_demo.url + "/")
    page.locator("section.story").first.locator("tbody a").last.click()
    page.wait_for_url(re.compile(r"/events/ev-[0-9a-f]+\.html$"))
    event_url = page.url
    assert page.locator("ol.summary li").count() >= 1
    assert page.locator("table.facts tbody tr").count() >= 3
    assert page.locator("table.coverage").count() == 1
    page.screenshot(path=screenshots / "event.png", full_page=True)

    # Click a fact's evidence: the document opens at the passage, highlighted.
    evidence = page.locator("table.facts ul.evidence a.cite").first
    anchor = str(evidence.get_attribute("href")).split("#")[1]
    evidence.click()
    page.wait_for_url(re.compile(rf"/documents/d-[0-9a-f]+\.html#{anchor}$"))
    assert page.evaluate("document.querySelector(':target').id") == anchor
    assert target_background(page) == "rgb(255, 207, 92)"  # --target, not the page's own
    assert page.locator(":target").is_visible()
    page.screenshot(path=screenshots / "document-passage.png")

    # What cleaning removed is one click away.
    removed = page.locator("details.removed")
    if removed.count():
        removed.locator("summary").click()
        assert removed.locator("li").first.is_visible()

    # A phone: the dossier reflows, the page itself never scrolls sideways (wide tables
    # scroll inside their own box).
    phone, _ = new_page(browser, PHONE)
    phone.goto(event_url)
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    phone.screenshot(path=screenshots / "event-phone.png", full_page=True)
    phone.close()
    assert dialogs == []
    page.close()


def test_the_static_export_works_from_file(
    browser: Browser, demo_db: Path, tmp_path: Path, screenshots: Path
) -> None:
    with Store(demo_db) as store:
        corpus, rejections = store.load_corpus(), store.rejections()
    index = write_site(corpus, tmp_path / "site", version="0.1.0", rejections=rejections)
    page, dialogs = new_page(browser)
    page.goto(index.resolve().as_uri())
    assert page.locator("h1").inner_text() == "Stories"
    assert page.locator("form.search").count() == 0  # search needs the server
    # The stylesheet loads from the relative path: the header is a flex row.
    assert (
        page.evaluate("getComputedStyle(document.querySelector('header.site')).display") == "flex"
    )
    page.locator("section.story").first.locator("tbody a").first.click()
    assert page.url.startswith("file://") and "/events/" in page.url
    cite = page.locator("ol.summary a.cite").first
    anchor = str(cite.get_attribute("href")).split("#")[1]
    cite.click()
    assert page.url.endswith("#" + anchor)
    assert page.evaluate("document.querySelector(':target').id") == anchor
    assert target_background(page) == "rgb(255, 207, 92)"
    page.screenshot(path=screenshots / "static-summary-passage.png")
    assert dialogs == []
    page.close()


def test_a_hostile_store_runs_nothing(
    browser: Browser, hostile_db: Path, tmp_path: Path, screenshots: Path
) -> None:
    with Store(hostile_db) as store:
        corpus, rejections = store.load_corpus(), store.rejections()
    index = write_site(corpus, tmp_path / "site", version="0.1.0", rejections=rejections)
    page, dialogs = new_page(browser)
    with LiveServer(create_app(hostile_db)) as server:
        urls = [server.url + "/", server.url + "/search?q=alert"]
        urls += [f"{server.url}/events/{e.id}.html" for e in corpus.events]
        urls += [f"{server.url}/documents/{d}.html" for d in corpus.documents]
        urls += [f"{server.url}/entities.html"]
        for url in urls:
            page.goto(url)
            for link in page.locator("main a").all():  # hovering fires any onmouseover
                if link.is_visible():
                    link.hover(timeout=5000)
        page.goto(f"{server.url}/documents/{sorted(corpus.documents)[0]}.html")
        page.screenshot(path=screenshots / "hostile-document.png", full_page=True)
    for path in sorted(index.parent.rglob("*.html")):
        page.goto(path.resolve().as_uri())
    assert dialogs == []
    # The hostile text is on screen, as text.
    page.goto(f"{index.parent.resolve().as_uri()}/documents/{sorted(corpus.documents)[0]}.html")
    assert "alert(" in page.locator("main").inner_text()
    page.close()
