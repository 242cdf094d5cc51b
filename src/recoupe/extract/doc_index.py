"""Fast look-ups over what nlp left on a Document: token at a character, sentence of a
character, children and subtree of a token, mention covering a token."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from recoupe.model import Document, Mention, Span, Token


class DocIndex:
    def __init__(self, doc: Document) -> None:
        self.doc = doc
        self.text = doc.text
        self.tokens: list[Token] = doc.tokens
        self._starts = [t.start for t in doc.tokens]
        self._sent_starts = [s.start for s in doc.sentences]
        self.mentions = sorted(doc.entities, key=lambda m: m.start)
        self._mention_starts = [m.start for m in self.mentions]
        self.children: list[list[int]] = [[] for _ in doc.tokens]
        for i, t in enumerate(doc.tokens):
            if t.head != i and 0 <= t.head < len(doc.tokens):
                self.children[t.head].append(i)
        self.english = doc.meta.language == "en"

    def first_token_from(self, char: int) -> int:
        """Index of the first token starting at or after ``char`` (len(tokens) if none)."""
        return bisect_left(self._starts, char)

    def last_token_before(self, char: int) -> int:
        """Index of the last token ending at or before ``char`` (-1 if none)."""
        i = bisect_right(self._starts, char) - 1
        while i >= 0 and self.tokens[i].end > char:
            i -= 1
        return i

    def sentence_at(self, char: int) -> Span:
        """The sentence holding ``char``; the whole text when nlp left no sentences."""
        if not self._sent_starts:
            return Span(0, len(self.text))
        i = max(0, bisect_right(self._sent_starts, char) - 1)
        return self.doc.sentences[i]

    def word(self, i: int) -> str:
        t = self.tokens[i]
        return self.text[t.start : t.end]

    def is_punct(self, i: int) -> bool:
        t = self.tokens[i]
        return t.pos in ("PUNCT", "SPACE") or not any(c.isalnum() for c in self.word(i))

    def subtree(self, i: int) -> tuple[int, int]:
        """First and last token index of the subtree of token ``i``."""
        lo = hi = i
        stack = [i]
        seen = {i}
        while stack:
            j = stack.pop()
            lo, hi = min(lo, j), max(hi, j)
            for c in self.children[j]:
                if c not in seen:
                    seen.add(c)
                    stack.append(c)
        return lo, hi

    def mention_covering(self, start: int, end: int) -> Mention | None:
        """A mention overlapping the character range, the first one if several."""
        i = bisect_right(self._mention_starts, start) - 1
        for m in self.mentions[max(0, i) :]:
            if m.start >= end:
                break
            if m.start < end and start < m.end:
                return m
        return None

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        """Mentions overlapping the character range, in order."""
        lo = max(0, bisect_left(self._mention_starts, start) - 1)
        out = []
        for m in self.mentions[lo:]:
            if m.start >= end:
                break
            if m.end > start:
                out.append(m)
        return out

    def last_person_before(self, char: int) -> Mention | None:
        i = bisect_left(self._mention_starts, char) - 1
        while i >= 0:
            if self.mentions[i].label == "PER" and self.mentions[i].end <= char:
                return self.mentions[i]
            i -= 1
        return None


def inside(start: int, end: int, spans: list[tuple[int, int]]) -> bool:
    """Whether [start, end) lies within one of ``spans``."""
    return any(a <= start and end <= b for a, b in spans)
