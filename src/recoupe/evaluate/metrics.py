"""Small, standard metrics shared by the suites."""

from __future__ import annotations


def prf(tp: int, fp: int, fn: int) -> dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 4), "recall": round(recall, 4), "f1": round(f1, 4)}


def shingle_f1(candidate: list[str], reference: list[str], n: int = 4) -> float:
    """F1 of token n-gram multisets (the orangesum silver check of extracted text)."""
    from collections import Counter

    def grams(tokens: list[str]) -> Counter[tuple[str, ...]]:
        return Counter(tuple(tokens[i : i + n]) for i in range(max(0, len(tokens) - n + 1)))

    c, r = grams(candidate), grams(reference)
    if not c or not r:
        return 0.0
    overlap = sum((c & r).values())
    p, rec = overlap / sum(c.values()), overlap / sum(r.values())
    return 2 * p * rec / (p + rec) if p + rec else 0.0
