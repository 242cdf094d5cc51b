"""What boilerplate looks like: phrase regexes from the data files, plus scores in code.

The phrase lists live in ``recoupe/data/boilerplate_*.txt`` (one regex per line, with
``@line REASON`` / ``@fragment REASON`` directives). What cannot be a phrase list lives
here: a code-likeness score for JavaScript (also machine-translated JavaScript, where
``for`` became ``pour``), hashtag lines, bare timestamps and photo credits.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

Kind = Literal["line", "fragment"]
PATTERN_FILES: tuple[str, ...] = ("boilerplate_fr.txt", "boilerplate_en.txt")


@dataclass(frozen=True, slots=True)
class Pattern:
    kind: Kind
    reason: str
    regex: re.Pattern[str]


def parse_patterns(text: str, origin: str = "<string>") -> list[Pattern]:
    """Parse the data-file format (see the header of boilerplate_fr.txt)."""
    out: list[Pattern] = []
    kind: Kind | None = None
    reason = ""
    for number, raw_line in enumerate(text.splitlines(), start=1):
        line = raw_line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("@"):
            head, _, rest = line[1:].partition(" ")
            if head not in ("line", "fragment") or not rest.strip():
                raise ValueError(f"{origin}:{number}: bad directive {line!r}")
            kind = "line" if head == "line" else "fragment"
            reason = rest.strip()
            continue
        if kind is None:
            raise ValueError(f"{origin}:{number}: regex before any @line/@fragment directive")
        try:
            regex = re.compile(line, re.IGNORECASE)
        except re.error as exc:
            raise ValueError(f"{origin}:{number}: bad regex {line!r}: {exc}") from exc
        out.append(Pattern(kind, reason, regex))
    return out


@cache
def load_patterns() -> tuple[Pattern, ...]:
    """Every pattern of the packaged data files (read once per process)."""
    patterns: list[Pattern] = []
    for name in PATTERN_FILES:
        text = resources.files("recoupe.data").joinpath(name).read_text(encoding="utf-8")
        patterns.extend(parse_patterns(text, name))
    return tuple(patterns)


# --- code -----------------------------------------------------------------------------

_CODE_SYMBOLS = frozenset("{}();=<>[]")
_CODE_KEYWORDS = re.compile(
    r"\bfunction\b|\bvar\b|\bconst\b|\blet\s+\w+\s*=|\breturn\b|\bwindow\.|\bdocument\."
    r"|=>|\bnull\b|\bundefined\b|\btypeof\b|\.push\(|\.src\b|===?|\+\+|&&|\|\|"
    # The same keywords after a translation engine went through the page: "fonction () {
    # retour vrai ; }", "nouveau Partager(", "pour (i = 0". Each needs code punctuation
    # next to it, so prose ("pour (selon lui)", "c'est vrai") does not count.
    r"|\bfonction\s*\w*\s*\([\w\s,]*\)\s*\{|\bretour\s+\w+\s*;|\bnouveau\s+[A-Z]\w*\s*\(|\bpour\s*\(\s*\w+\s*="
)
_TOKEN = re.compile(r"\S+")
_CAMEL = re.compile(r"^[a-z]+[A-Z][A-Za-z]*")
# Where code usually starts when it is glued after prose on the same line.
CODE_START = re.compile(r"window\.\w|\(function\s*\(|\bfunction\s*\w*\s*\(|\bvar\s+\w+\s*=")


def code_score(text: str) -> float:
    """How much ``text`` looks like program code, 0..1.

    Three signals, each capped: the share of ``{}();=<>[]`` among non-space characters
    (prose: under 0.02; the seeds' translated JavaScript: 0.15-0.2), code keywords per
    token, and camelCase tokens per token (fbApiInit, getElementById). Translated code
    keeps its symbols and camelCase even when its keywords are translated.
    """
    chars = [c for c in text if not c.isspace()]
    if not chars:
        return 0.0
    symbols = sum(c in _CODE_SYMBOLS for c in chars) / len(chars)
    tokens = _TOKEN.findall(text)
    keywords = len(_CODE_KEYWORDS.findall(text)) / max(len(tokens), 1)
    camel = sum(bool(_CAMEL.match(t)) for t in tokens) / max(len(tokens), 1)
    # Weights: symbols saturate at 0.15 (half the score), keywords at 0.2 per token,
    # camelCase at 0.15 per token; chosen so that seed 003's code line scores ~0.9 and
    # every prose line of the five seeds scores under 0.1.
    return (
        0.5 * min(symbols / 0.15, 1.0)
        + 0.3 * min(keywords / 0.2, 1.0)
        + 0.2 * min(camel / 0.15, 1.0)
    )


# Above this the line is code. Seeds: prose <= 0.1, the code line ~0.9; 0.45 needs two
# strong signals at once, so a prose sentence with a parenthesis or a "=" never trips it.
CODE_THRESHOLD = 0.45


# Below this share of code symbols the score cannot reach the threshold in practice (the
# symbols would give <= 0.1 and keywords plus camelCase would need 0.35 of their 0.5):
# a cheap C-level count skips the tokenising for nearly every prose line.
_MIN_SYMBOL_SHARE = 0.03


def is_code(text: str) -> bool:
    # Very short strings ("f(x)") carry too little evidence either way.
    if len(text) < 30:
        return False
    symbols = sum(text.count(c) for c in _CODE_SYMBOLS)
    if symbols < _MIN_SYMBOL_SHARE * (len(text) - text.count(" ")):
        return False
    return code_score(text) >= CODE_THRESHOLD


# --- lines that are only markup left-overs ---------------------------------------------

_HASHTAG = re.compile(r"#\w[\w-]*")


def is_hashtag_line(line: str) -> bool:
    """ "#Poutine #Corée #Nord": most tokens are hashtags (two or more of them)."""
    tokens = line.split()
    tags = [t for t in tokens if _HASHTAG.fullmatch(t)]
    return len(tags) >= 2 and len(tags) >= 0.6 * len(tokens)


# "2024-06-19 08:31:00", "2024-06-19T08:31", and Unix times ("1718775858": 10 digits is
# 2001-2286) left alone on a line by a page's hidden fields.
BARE_TIMESTAMP = re.compile(
    r"\d{4}-\d{2}-\d{2}(?:[ T]\d{2}:\d{2}(?::\d{2})?(?:\.\d+)?(?:Z|[+-]\d{2}:?\d{2})?)?|1\d{9}"
)
# A timestamp opening a line before other text ("2024-09-19 10:00:25 (c)Alex Berger ...").
LEADING_TIMESTAMP = re.compile(r"^\d{4}-\d{2}-\d{2}[ T]\d{2}:\d{2}(?::\d{2})?\s*")

# --- photo credits and the captions they close -----------------------------------------

# A credit in parentheses: "(Photo : AFP via Getty Images)", "(Photo by X / POOL / AFP)".
PAREN_CREDIT = re.compile(
    r"\((?:photos?|cr[ée]dits?(?: photo)?|image|illustration)\s*(?::|by|de|par)\s*[^()\n]{1,80}\)",
    re.IGNORECASE,
)
# A credit after a colon, Guardian style: "Photographie : Getty Images", "Photograph: AP".
# It runs to the end of the line or to a glued next caption ("Getty ImagesKim"): a
# lower-case letter directly followed by an upper-case one.
COLON_CREDIT = re.compile(
    r"\b(?i:photographie|photograph|photo|cr[ée]dit photo)\s*:\s*"
    r"(?:[^\n]{1,60}?(?=(?<=[a-zà-ÿ])[A-ZÀ-Ý])|[^\n]{1,60}$)"
)
