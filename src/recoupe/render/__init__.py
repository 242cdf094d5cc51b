"""recoupe.render: pure, read-only views of a ``Corpus`` (Markdown, static HTML, JSON).

``export_dict``/``export_json``/``validate_export`` (json_export), ``dossier_markdown``/
``index_markdown`` (markdown), ``write_site`` (html). Submodules load on first use.
"""

from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "export_dict": "json_export",
    "export_json": "json_export",
    "validate_export": "json_export",
    "export_schema": "json_export",
    "dossier_markdown": "markdown",
    "index_markdown": "markdown",
    "write_site": "html",
    "CorpusView": "view",
}


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(f"recoupe.render.{_EXPORTS[name]}"), name)
    raise AttributeError(f"module 'recoupe.render' has no attribute {name!r}")
