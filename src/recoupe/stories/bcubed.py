"""B-cubed precision, recall and F1 of a clustering against gold labels (Bagga & Baldwin 1998).

Pure and dependency-free: the calibration script and ``recoupe eval`` both use it.
For each item, precision is the share of its predicted cluster that shares its gold
label, recall the share of its gold class that shares its predicted cluster; both are
averaged over items.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Mapping
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class BCubed:
    precision: float
    recall: float
    f1: float


def bcubed(predicted: Mapping[str, Hashable], gold: Mapping[str, Hashable]) -> BCubed:
    """Score ``predicted`` (item -> cluster label) against ``gold`` (item -> class label).

    Only items present in both mappings are scored; none in common scores 0."""
    items = sorted(set(predicted) & set(gold))
    if not items:
        return BCubed(0.0, 0.0, 0.0)
    pair_count = Counter((predicted[i], gold[i]) for i in items)
    cluster_size = Counter(predicted[i] for i in items)
    class_size = Counter(gold[i] for i in items)
    precision = recall = 0.0
    for item in items:
        both = pair_count[(predicted[item], gold[item])]
        precision += both / cluster_size[predicted[item]]
        recall += both / class_size[gold[item]]
    precision /= len(items)
    recall /= len(items)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return BCubed(precision, recall, f1)
