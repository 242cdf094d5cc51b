"""Lists of strings as one byte array, for the corpus stages' saved states (numpy ``.npz``
blobs hold arrays, not lists of strings): joined by a separator the strings never hold.

numpy is imported inside the functions: `import recoupe` stays fast.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray


def pack_strings(texts: Sequence[str], separator: str = "\x00") -> NDArray[np.uint8]:
    import numpy as np

    return np.frombuffer(separator.join(texts).encode("utf-8"), dtype=np.uint8)


def unpack_strings(data: NDArray[np.uint8], separator: str = "\x00") -> list[str]:
    """The strings ``pack_strings`` packed (an empty array: none)."""
    text = data.tobytes().decode("utf-8")
    return text.split(separator) if text else []
