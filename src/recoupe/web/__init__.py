"""recoupe.web: the web app over the store (``recoupe serve``). ``create_app(db)``.

FastAPI loads on first use, so ``import recoupe.web`` stays cheap.
"""

from __future__ import annotations

from typing import Any


def __getattr__(name: str) -> Any:
    if name == "create_app":
        from recoupe.web.app import create_app

        return create_app
    raise AttributeError(f"module 'recoupe.web' has no attribute {name!r}")
