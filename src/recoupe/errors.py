"""The error tree. The CLI turns any ``RecoupeError`` into one clear line and exit code 1.

::

    RecoupeError
    ├── ConfigError          bad recoupe.toml, unknown key, bad --set value
    ├── PipelineError        stages out of order, a requirement nobody provides, missing extra
    ├── StoreError           the SQLite file cannot be opened, migrated or written
    ├── InputError           a path that does not exist, nothing readable given
    ├── NotFound             an id asked for that the store does not hold
    └── EvalError            gold data missing or malformed

    Rejected                 raised by a reader or a stage for ONE document: the pipeline
                             records it (stage, reason, detail) and goes on with the batch.
"""

from __future__ import annotations


class RecoupeError(Exception):
    """Base of every error recoupe raises on purpose."""


class ConfigError(RecoupeError):
    pass


class PipelineError(RecoupeError):
    pass


class StoreError(RecoupeError):
    pass


class InputError(RecoupeError):
    pass


class NotFound(RecoupeError):
    pass


class EvalError(RecoupeError):
    pass


class Rejected(Exception):
    """One document cannot go on. ``reason`` is a short machine-readable word
    ("empty", "binary", "too_large", "encoding", "parse", "no_text"...), ``detail``
    a sentence for humans."""

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
