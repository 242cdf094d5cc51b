"""``recoupe serve``: the dossier over HTTP, read-only, plus a JSON API.

``create_app(db)`` returns a FastAPI application. Pages are the static site's pages
(``render.pages.Site``, same templates, same URL layout: ``/events/<id>.html``,
``/events/<id>.json``, ``/events/<id>.facts.csv``...), and the server adds search
(``/search``, SQLite FTS5), the home page's filters and the API (``/api/...``), whose
OpenAPI schema is at ``/openapi.json`` and whose reference is a plain page at ``/docs``
(FastAPI's Swagger page loads its script from a CDN and runs inline code: neither is
allowed here).

Article text is untrusted: templates autoescape, links are http(s) only, and every
response carries a Content-Security-Policy that allows no script at all. Only GET
routes exist. The Host header is checked (``allowed_hosts``), so a web page elsewhere
cannot reach a server on 127.0.0.1 through DNS rebinding.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any

from fastapi import FastAPI, Query, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from starlette.exceptions import HTTPException as StarletteHTTPException
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from recoupe import __version__
from recoupe.errors import NotFound
from recoupe.render.downloads import to_json
from recoupe.render.page_types import (
    DocumentPage,
    EntitiesPage,
    EntityPage,
    EventPage,
    IndexFilter,
    IndexPage,
    StoryPage,
)
from recoupe.render.pages import FOLDERS, MEDIA_TYPES, stylesheet
from recoupe.store import Store
from recoupe.web.search import DEFAULT_LIMIT, SearchResults, connect, search
from recoupe.web.state import SiteState

log = logging.getLogger(__name__)

# Loopback names only: a server bound to 127.0.0.1 answers to nothing else.
DEFAULT_HOSTS = ("127.0.0.1", "localhost", "[::1]", "::1")
# No script from anywhere, styles from the server itself, forms only to it, no framing.
CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
    "base-uri 'none'; frame-ancestors 'none'"
)
SECURITY_HEADERS = (
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"x-frame-options", b"DENY"),
)
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
DATE_PATTERN = _DATE.pattern

# Query parameters of the home page (and of /api/index, which also checks the dates).
Since = Annotated[str | None, Query(description="YYYY-MM-DD, inclusive")]
Until = Annotated[str | None, Query(description="YYYY-MM-DD, inclusive")]
Outlet = Annotated[str | None, Query(description="an outlet's name, exactly")]
Language = Annotated[str | None, Query(description="ISO 639-1 code")]


class SecurityHeaders:
    """ASGI middleware: the headers above on every response."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in SECURITY_HEADERS if k not in names
                ]
            await send(message)

        await self.app(scope, receive, with_headers)


def _filters(
    since: str | None, until: str | None, outlet: str | None, language: str | None
) -> IndexFilter:
    """The home page's filters; an empty or malformed date is no filter (the form's
    date inputs send "" when left blank)."""
    return IndexFilter(
        since=since if since and _DATE.match(since) else None,
        until=until if until and _DATE.match(until) else None,
        outlet=outlet or None,
        language=language or None,
    )


def create_app(db: str | Path, *, allowed_hosts: Sequence[str] = DEFAULT_HOSTS) -> FastAPI:
    """The web app over the store at ``db`` (which must exist). Opening it applies any
    pending migration once (an older store gets its search index then); after that the
    app only reads."""
    path = Path(db)
    if not path.is_file():
        raise NotFound(f"{db}: no such store (run `recoupe run PATH --db {db}` first)")
    Store(path).close()
    state = SiteState(path)
    # Load the store and scikit-learn (event summaries) now rather than on the first
    # request, which would otherwise take a second more than the others.
    state.site()
    import sklearn.feature_extraction.text  # noqa: F401

    app = FastAPI(
        title="recoupe",
        version=__version__,
        summary="Cross-checked news dossiers: stories, events, facts, quotes, with citations.",
        description="Read-only. Every page of the site is also JSON here; ids are the "
        "store's (st-…, ev-…, d-…, en-…). Spans are [start, end) into a document's text.",
        docs_url=None,
        redoc_url=None,
        openapi_url="/openapi.json",
    )
    app.add_middleware(TrustedHostMiddleware, allowed_hosts=list(allowed_hosts))
    app.add_middleware(SecurityHeaders)

    def html_error(request: Request, status: int, message: str) -> Response:
        if request.url.path.startswith("/api/") or request.url.path.endswith(".json"):
            return JSONResponse({"detail": message}, status_code=status)
        page = state.site().render("error.html", "error.html.j2", status=status, message=message)
        return HTMLResponse(page, status_code=status)

    @app.exception_handler(NotFound)
    async def not_found(request: Request, exc: NotFound) -> Response:
        return html_error(request, 404, str(exc))

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException) -> Response:
        return html_error(request, exc.status_code, str(exc.detail))

    # --- the pages (the static site's layout) ------------------------------------------

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    @app.get("/index.html", response_class=HTMLResponse, include_in_schema=False)
    def home(
        since: Since = None, until: Until = None, outlet: Outlet = None, language: Language = None
    ) -> HTMLResponse:
        return HTMLResponse(state.site().index_html(_filters(since, until, outlet, language)))

    @app.get("/index.json", include_in_schema=False)
    def home_json(
        since: Since = None, until: Until = None, outlet: Outlet = None, language: Language = None
    ) -> Response:
        page = state.site().dossier.index_page(_filters(since, until, outlet, language))
        return Response(to_json(page), media_type=MEDIA_TYPES[".json"])

    @app.get("/style.css", include_in_schema=False)
    def style() -> Response:
        return Response(stylesheet(), media_type=MEDIA_TYPES[".css"])

    @app.get("/entities.html", response_class=HTMLResponse, include_in_schema=False)
    def entities_html() -> HTMLResponse:
        return HTMLResponse(state.site().entities_html())

    @app.get("/entities.json", include_in_schema=False)
    def entities_json() -> Response:
        return Response(
            to_json(state.site().dossier.entities_page()), media_type="application/json"
        )

    @app.get("/rejections.html", response_class=HTMLResponse, include_in_schema=False)
    def rejections_html() -> HTMLResponse:
        return HTMLResponse(state.site().rejections_html())

    @app.get("/rejections.json", include_in_schema=False)
    def rejections_json() -> Response:
        return Response(state.site().rejections_json(), media_type="application/json")

    def folder_route(kind: str) -> None:
        def item(name: str) -> Response:
            content, suffix = state.site().item(kind, name)
            return Response(content, media_type=MEDIA_TYPES[suffix[suffix.rindex(".") :]])

        app.add_api_route(f"/{kind}/{{name}}", item, methods=["GET"], include_in_schema=False)

    for kind in FOLDERS:
        folder_route(kind)

    @app.get("/search", response_class=HTMLResponse, include_in_schema=False)
    def search_html(q: str = "") -> HTMLResponse:
        site = state.site()
        results = _search(path, q) if q.strip() else None
        return HTMLResponse(site.render("search.html", "search.html.j2", results=results, query=q))

    @app.get("/docs", response_class=HTMLResponse, include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(
            state.site().render("docs.html", "docs.html.j2", endpoints=_endpoints(app.openapi()))
        )

    # --- the JSON API ------------------------------------------------------------------

    @app.get("/api/index", tags=["pages"])
    def api_index(
        since: Annotated[
            str | None, Query(pattern=DATE_PATTERN, description="YYYY-MM-DD, inclusive")
        ] = None,
        until: Annotated[
            str | None, Query(pattern=DATE_PATTERN, description="YYYY-MM-DD, inclusive")
        ] = None,
        outlet: Outlet = None,
        language: Language = None,
    ) -> IndexPage:
        """Stories (biggest and most recent first) and their events, with counts;
        filtered like the home page."""
        return state.site().dossier.index_page(IndexFilter(since, until, outlet, language))

    @app.get("/api/stories/{story_id}", tags=["pages"])
    def api_story(story_id: str) -> StoryPage:
        """A story: its events, summary and timeline."""
        return state.site().dossier.story_page(story_id)

    @app.get("/api/events/{event_id}", tags=["pages"])
    def api_event(event_id: str) -> EventPage:
        """An event's dossier: summary, facts with their evidence, coverage, quotes by
        speaker, timeline, documents and who copied whom."""
        return state.site().dossier.event_page(event_id)

    @app.get("/api/documents/{doc_id}", tags=["pages"])
    def api_document(doc_id: str) -> DocumentPage:
        """A document: metadata, cleaned text, its quotes, claims and entity mentions,
        and what cleaning removed."""
        return state.site().dossier.document_page(doc_id)

    @app.get("/api/entities", tags=["pages"])
    def api_entities() -> EntitiesPage:
        """Every entity, the most widely named first."""
        return state.site().dossier.entities_page()

    @app.get("/api/entities/{entity_id}", tags=["pages"])
    def api_entity(entity_id: str) -> EntityPage:
        """What an entity said, and where it is named, across stories."""
        return state.site().dossier.entity_page(entity_id)

    @app.get("/api/search", tags=["search"])
    def api_search(
        q: Annotated[str, Query(min_length=1, max_length=500)],
        limit: Annotated[int, Query(ge=1, le=100)] = DEFAULT_LIMIT,
    ) -> SearchResults:
        """Full-text search (accents ignored) over documents, quotes and claims."""
        return _search(path, q, limit)

    @app.get("/api/export", tags=["export"])
    def api_export() -> Response:
        """The whole store, in the JSON contract of `recoupe export --format json`."""
        from recoupe.render.json_export import export_json

        site = state.site()
        text = export_json(site.view.corpus, __version__, rejections=site.rejections)
        return Response(text, media_type="application/json")

    return app


def _search(db: Path, q: str, limit: int = DEFAULT_LIMIT) -> SearchResults:
    conn = connect(db)
    try:
        return search(conn, q, limit)
    finally:
        conn.close()


def _endpoints(schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The OpenAPI paths as rows for the /docs page."""
    rows = []
    for route, methods in schema.get("paths", {}).items():
        for method, op in methods.items():
            params = [
                {
                    "name": p["name"],
                    "where": p["in"],
                    "required": p.get("required", False),
                    "description": p.get("description", ""),
                }
                for p in op.get("parameters", [])
            ]
            ok = op.get("responses", {}).get("200", {}).get("content", {})
            ref = ok.get("application/json", {}).get("schema", {}).get("$ref", "")
            rows.append(
                {
                    "method": method.upper(),
                    "path": route,
                    "summary": op.get("summary", ""),
                    "description": op.get("description", ""),
                    "params": params,
                    "returns": ref.rsplit("/", 1)[-1],
                    "tag": (op.get("tags") or [""])[0],
                }
            )
    return rows
