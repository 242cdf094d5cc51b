"""The server's view of the store: loaded once, reloaded when a run changes it.

Pages come from a ``render.pages.Site`` built over the whole corpus (the same objects
the static export renders). Building it reads every document, so it is kept between
requests and rebuilt only when the store changed: every ``recoupe run`` adds a row to
``runs`` and finishes it, so the last run's id, status and end time say whether what is
loaded is current. One small read-only query per request checks that.
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
from pathlib import Path

from recoupe import __version__
from recoupe.render.pages import Site
from recoupe.store import Store
from recoupe.web.search import connect

log = logging.getLogger(__name__)

_STAMP = "SELECT id, status, finished_at FROM runs ORDER BY id DESC LIMIT 1"


class SiteState:
    """The current ``Site`` of the store at ``db`` (thread-safe: the server renders
    pages in a thread pool)."""

    def __init__(self, db: Path) -> None:
        self.db = db
        self._lock = threading.Lock()
        self._site: Site | None = None
        self._stamp: tuple[object, ...] | None = None

    def stamp(self) -> tuple[object, ...]:
        conn = connect(self.db)
        try:
            row = conn.execute(_STAMP).fetchone()
        except sqlite3.Error:
            return ()
        finally:
            conn.close()
        return tuple(row) if row else ()

    def site(self) -> Site:
        stamp = self.stamp()
        with self._lock:
            if self._site is None or stamp != self._stamp:
                started = time.perf_counter()
                with Store(self.db) as store:
                    corpus = store.load_corpus()
                    rejections = store.rejections()
                self._site = Site(corpus, version=__version__, rejections=rejections, server=True)
                self._stamp = stamp
                log.info(
                    "loaded %s: %d documents in %.2fs",
                    self.db,
                    len(corpus.documents),
                    time.perf_counter() - started,
                )
            return self._site
