"""A document's cleaned text as HTML, every quote and claim span wrapped in ``<mark>``.

Each passage gets ``<mark id="c-<start>-<end>" class="quote|claim">`` so a dossier can
link to ``documents/<id>.html#c-<start>-<end>`` and CSS highlights the ``:target``.
Spans may nest (a quote inside a claim's sentence) or cross; HTML needs proper nesting,
so where spans cross, the inner mark is closed and reopened (without the id, which must
stay unique). All text goes through ``markupsafe.escape``: article text is untrusted.
A passage only there to be linked to (kind "sentence": a summary cites it) is a
``<span>``, not a ``<mark>``: it is not highlighted until a link targets it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from markupsafe import Markup, escape

# Kinds that only give a passage an anchor: such a passage is a <span>.
ANCHOR_ONLY = frozenset({"sentence"})


@dataclass(slots=True)
class Passage:
    start: int
    end: int
    kinds: set[str] = field(default_factory=set)  # {"quote"}, {"claim"} or both
    titles: list[str] = field(default_factory=list)

    @property
    def anchor(self) -> str:
        return f"c-{self.start}-{self.end}"

    @property
    def tag(self) -> str:
        return "span" if self.kinds <= ANCHOR_ONLY else "mark"


def passages(spans: Iterable[tuple[int, int, str, str]]) -> list[Passage]:
    """Merge ``(start, end, kind, title)`` spans sharing one range: one anchor per range."""
    merged: dict[tuple[int, int], Passage] = {}
    for start, end, kind, title in spans:
        p = merged.setdefault((start, end), Passage(start, end))
        p.kinds.add(kind)
        if title and title not in p.titles:
            p.titles.append(title)
    # Outer passages before the ones they contain, so opening order is nesting order.
    return sorted(merged.values(), key=lambda p: (p.start, -p.end))


def marked_text(text: str, spans: Iterable[tuple[int, int, str, str]]) -> Markup:
    """``text`` escaped, with a ``<mark>`` per passage (see module docstring)."""
    n = len(text)
    items = passages(spans)
    # A span outside the text (a bug upstream) is clamped into it, so its anchor still
    # exists and links to it do not dangle; the anchor keeps the span's own numbers.
    clamp: dict[int, tuple[int, int]] = {}
    for p in items:
        s = min(max(p.start, 0), n)
        clamp[id(p)] = (s, min(max(p.end, s), n))
    order = {id(p): i for i, p in enumerate(items)}
    cuts = sorted({0, n} | {b for p in items for b in clamp[id(p)]})
    out: list[str] = []
    stack: list[Passage] = []
    opened: set[int] = set()

    def open_mark(p: Passage) -> None:
        classes = " ".join(sorted(p.kinds))
        title = f' title="{escape("; ".join(p.titles))}"' if p.titles else ""
        if id(p) in opened:
            out.append(f'<{p.tag} class="{classes} cont"{title}>')
        else:
            opened.add(id(p))
            out.append(f'<{p.tag} id="{p.anchor}" class="{classes}"{title}>')

    for i, cut in enumerate(cuts):
        # Empty passages (start == end) at this cut: an empty mark keeps the anchor.
        for p in items:
            s, e = clamp[id(p)]
            if s == e == cut and id(p) not in opened:
                open_mark(p)
                out.append(f"</{p.tag}>")
        if i == len(cuts) - 1:
            break
        nxt = cuts[i + 1]
        active = [p for p in items if clamp[id(p)][0] <= cut and clamp[id(p)][1] >= nxt]
        active = [p for p in active if clamp[id(p)][0] < clamp[id(p)][1]]
        active.sort(key=lambda p: order[id(p)])
        keep = 0
        while keep < min(len(stack), len(active)) and stack[keep] is active[keep]:
            keep += 1
        out.extend(f"</{p.tag}>" for p in reversed(stack[keep:]))
        stack = stack[:keep]
        for p in active[keep:]:
            open_mark(p)
            stack.append(p)
        out.append(str(escape(text[cut:nxt])))
    out.extend(f"</{p.tag}>" for p in reversed(stack))
    return Markup("".join(out))
