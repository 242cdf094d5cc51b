"""A singleton that average linkage leaves alone joins the event it clearly continues."""

from __future__ import annotations

import numpy as np

from recoupe.stories.attach import attach_singletons
from recoupe.stories.features import average_linkage


def _matrix(pairs: dict[tuple[int, int], float], n: int) -> np.ndarray:
    sim = np.eye(n)
    for (i, j), value in pairs.items():
        sim[i, j] = sim[j, i] = value
    return sim


# Rows 0-3: one event whose articles resemble each other (0.4); row 4: a short live-blog
# post that links strongly to article 0 only (0.25) and weakly to the rest; row 5: a
# brief on another subject.
EVENT = {(i, j): 0.4 for i in range(4) for j in range(i + 1, 4)}
POST = {(4, 0): 0.25, (4, 1): 0.08, (4, 2): 0.06, (4, 3): 0.05}
OTHER = {(5, 0): 0.03, (5, 1): 0.02}


def test_average_linkage_alone_leaves_the_post_out() -> None:
    sim = _matrix({**EVENT, **POST, **OTHER}, 6)
    labels = average_linkage(sim, 0.16)
    assert labels[4] != labels[0]  # mean to the event is 0.11: under 0.16


def test_the_post_joins_the_event_it_links_to_and_the_brief_stays_alone() -> None:
    sim = _matrix({**EVENT, **POST, **OTHER}, 6)
    labels = attach_singletons(average_linkage(sim, 0.16), sim)
    assert labels[4] == labels[0] == labels[3]
    assert labels[5] != labels[0]


def test_a_single_strong_link_is_not_enough_when_the_mean_is_negligible() -> None:
    weak = {(4, 0): 0.25, (4, 1): 0.0, (4, 2): 0.0, (4, 3): 0.0}
    sim = _matrix({**EVENT, **weak}, 5)
    labels = attach_singletons(average_linkage(sim, 0.16), sim)
    assert labels[4] != labels[0]  # mean 0.0625 < 0.10


def test_a_forbidden_pair_keeps_it_out() -> None:
    sim = _matrix({**EVENT, **POST}, 5)
    forbidden = np.zeros((5, 5), dtype=bool)
    forbidden[4, 2] = forbidden[2, 4] = True  # published weeks apart from article 2
    labels = attach_singletons(average_linkage(sim, 0.16, forbidden), sim, forbidden)
    assert labels[4] != labels[0]


def test_the_closer_event_wins_and_singletons_do_not_chain() -> None:
    # Two events (0-1 and 2-3); row 4 links to both, more on average to the second;
    # row 5 links only to row 4, which was a singleton: it must stay alone.
    pairs = {(0, 1): 0.5, (2, 3): 0.5, (4, 0): 0.2, (4, 1): 0.05, (4, 2): 0.2, (4, 3): 0.15}
    pairs[(5, 4)] = 0.5
    sim = _matrix(pairs, 6)
    labels = attach_singletons([0, 0, 1, 1, 2, 3], sim)
    assert labels[4] == labels[2]
    assert labels[5] not in {labels[0], labels[2]}
    assert labels == [0, 0, 1, 1, 1, 2]  # renumbered by first appearance
