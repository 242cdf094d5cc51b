"""Helpers of the web tests: parse a page, check its markup, crawl a site's links."""

from __future__ import annotations

from html.parser import HTMLParser

VOID = {"meta", "link", "br", "img", "hr", "input", "wbr", "source", "area", "base", "col"}
# Every tag recoupe's templates write. A page holding any other tag let markup through
# from an article (an <img>, an <svg>, a <b>, a <script>...).
OUR_TAGS = {
    "html", "head", "meta", "title", "link", "body", "a", "header", "nav", "ul", "ol", "li",
    "form", "label", "input", "button", "select", "option", "main", "footer", "p", "h1",
    "h2", "h3", "section", "article", "table", "caption", "thead", "tbody", "tr", "th", "td",
    "div", "span", "strong", "code", "mark", "dl", "dt", "dd", "details", "summary", "time",
    "figure", "blockquote", "figcaption", "q",
}  # fmt: skip


class Page(HTMLParser):
    """Tags, attributes, links, ids and text of a page; records nesting errors."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.attrs: list[tuple[str, str, str]] = []  # (tag, name, value)
        self.links: list[str] = []
        self.ids: set[str] = set()
        self.stack: list[str] = []
        self.errors: list[str] = []
        self.text: list[str] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        for name, value in attrs:
            self.attrs.append((tag, name, value or ""))
            if name in ("href", "src", "action"):
                self.links.append(value or "")
            if name == "id":
                self.ids.add(value or "")
        self._in_title = tag == "title"
        if tag not in VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        self._in_title = False
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"</{tag}> closes {self.stack[-1:]}")
        else:
            self.stack.pop()

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_title:
            self.title += data


def parse(html: str) -> Page:
    page = Page()
    page.feed(html)
    page.close()
    return page


def inert_problems(html: str) -> list[str]:
    """Why ``html`` could run something or show foreign markup; [] when it cannot."""
    page = parse(html)
    problems = [f"unexpected <{t}>" for t in sorted(set(page.tags) - OUR_TAGS)]
    problems += [f"<{t} {n}=...>" for t, n, _ in page.attrs if n.lower().startswith("on")]
    for link in page.links:
        scheme = link.split(":", 1)[0].lower() if ":" in link.split("/", 1)[0] else ""
        if scheme and scheme not in ("http", "https"):
            problems.append(f"link {link[:60]!r}")
    if "<script" in html.lower():
        problems.append("<script")
    problems += page.errors[:3]
    return problems
