"""recoupe: cross-check the news.

The Python API mirrors the CLI: ``recoupe.run(paths, db=...)``, ``recoupe.stories(db)``,
``recoupe.dossier(db, id)``, ``recoupe.export(db, format=...)``. Heavy modules load lazily
so ``import recoupe`` stays fast.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"

_API = ("run", "stories", "dossier", "export", "info", "open_store", "RunSummary")


def __getattr__(name: str) -> Any:
    if name in _API:
        from recoupe import api

        return getattr(api, name)
    raise AttributeError(f"module 'recoupe' has no attribute {name!r}")
