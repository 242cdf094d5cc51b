"""Name and phrase normalisation shared by the check stages (pure string work)."""

from __future__ import annotations


def contains_phrase(haystack_key: str, needle_key: str) -> bool:
    """Whether ``needle_key`` occurs in ``haystack_key`` on word boundaries (both keys)."""
    if not needle_key:
        return False
    return f" {needle_key} " in f" {haystack_key} "
