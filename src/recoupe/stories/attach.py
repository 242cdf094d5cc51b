"""Short documents left alone by average linkage join the event they clearly belong to.

Average linkage asks for a high *mean* similarity to every member of an event. A short
document (a live-blog post of five lines, a brief) shares few terms with anything, so its
mean similarity to a big event is diluted even when it plainly continues one article of
it: the demo live blog's post "Le ministère de la Défense promet une riposte" stood alone
beside the truce-collapse event it reports on. Here a document that average linkage left
as a singleton joins the event it has the strongest single link to, when that link is
strong (``link``) and its mean similarity to the event is not negligible (``mean``).

Calibrated on rpm2-fr-dev (bench/calibrate_events.py settings, similarities including the
time bonus): link 0.16-0.25 by 0.02 and mean 0.06-0.12. At link 0.18, mean 0.10 (`recoupe
eval clustering`): dated events B-cubed F1 0.956 -> 0.970, stories 0.943 -> 0.947; text
only events 0.669 -> 0.668, stories unchanged. Link 0.16 gained no more dated and cost
text-only stories; 0.20 and above kept two of the three dated singletons alone. Attaching
clusters of two or three documents as well gained nothing at link 0.18. On the demo, the
live-blog post joins the truce-collapse event: events F1 0.707 -> 0.784.

Singletons are attached to the clusters as average linkage formed them, each on its own,
so the result does not depend on the order in which singletons are looked at.
"""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import numpy as np
    from numpy.typing import NDArray

ATTACH_LINK = 0.18
ATTACH_MEAN = 0.10


def attach_singletons(
    labels: list[int],
    similarity: NDArray[np.float64],
    forbidden: NDArray[np.bool_] | None = None,
    link: float = ATTACH_LINK,
    mean: float = ATTACH_MEAN,
) -> list[int]:
    """``labels`` with each singleton moved into the cluster (of two or more) holding its
    most similar document, when that similarity is >= ``link``, its mean similarity to
    the cluster is >= ``mean`` and no pair with the cluster is ``forbidden``. Ties go to
    the higher mean, then the smaller label. Labels are renumbered by first appearance."""
    import numpy as np

    sizes = Counter(labels)
    if len(sizes) < 2:
        return list(labels)
    label_array = np.asarray(labels)
    members = {lab: np.flatnonzero(label_array == lab) for lab in sizes if sizes[lab] > 1}
    moved = list(labels)
    for i, lab in enumerate(labels):
        if sizes[lab] != 1:
            continue
        best: tuple[float, int] | None = None
        for other, rows in sorted(members.items()):
            if forbidden is not None and forbidden[i, rows].any():
                continue
            sims = similarity[i, rows]
            average = float(sims.mean())
            if (
                float(sims.max()) >= link
                and average >= mean
                and (best is None or average > best[0])
            ):
                best = (average, other)
        if best is not None:
            moved[i] = best[1]
    renumber: dict[int, int] = {}
    return [renumber.setdefault(lab, len(renumber)) for lab in moved]
