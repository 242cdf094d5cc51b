"""Bytes -> text, or a clear reason why not.

Order of the checks matters: size first (from ``stat``, before reading), then emptiness,
then binary signatures, then decoding. Decoding tries strict UTF-8 first (most of the web),
then a real detector (charset-normalizer). The text that comes out has no BOM, LF line
ends and NFC normalisation, so every later span is computed on one canonical form.
"""

from __future__ import annotations

import codecs
import logging
import re
import unicodedata
from pathlib import Path

from recoupe.errors import Rejected

log = logging.getLogger(__name__)

# File signatures of formats that are never news text. Checked on the first bytes only.
_MAGIC: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF87a", "GIF image"),
    (b"GIF89a", "GIF image"),
    (b"%PDF-", "PDF document"),
    (b"PK\x03\x04", "ZIP archive (or docx/xlsx/epub)"),
    (b"PK\x05\x06", "empty ZIP archive"),
    (b"\x1f\x8b", "gzip archive"),
    (b"BZh", "bzip2 archive"),  # confirmed below by the block magic
    (b"\xfd7zXZ\x00", "xz archive"),
    (b"7z\xbc\xaf\x27\x1c", "7-Zip archive"),
    (b"\x28\xb5\x2f\xfd", "zstd archive"),
    (b"\x7fELF", "ELF executable"),
    (b"MZ\x90\x00", "Windows executable"),
    (b"\x00asm", "WebAssembly module"),
    (b"OggS", "Ogg media"),
    (b"fLaC", "FLAC audio"),
    (b"\x1aE\xdf\xa3", "Matroska/WebM video"),
    (b"SQLite format 3\x00", "SQLite database"),
    (b"WARC/", "WARC archive (not supported by this reader)"),
)

_BOMS: tuple[tuple[bytes, str], ...] = (
    # UTF-32 before UTF-16: the UTF-32-LE BOM starts with the UTF-16-LE one.
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# C0 control bytes that do not occur in text (all but tab, LF, VT, FF, CR and ESC, which
# terminal captures keep). Random bytes have
# ~11% of them; real text, even badly scraped, well under 0.1%. 2% leaves a wide margin
# on both sides (chosen from those two figures, not tuned on a data set).
_CONTROL_BYTES = bytes([*range(0, 9), *range(14, 27), *range(28, 32), 127])
_MAX_CONTROL_SHARE = 0.02
# After decoding, the share of characters that are neither printable nor whitespace.
# A right decoding of text has almost none; a wrong one of binary data has many.
_MAX_UNPRINTABLE_SHARE = 0.02
_SAMPLE = 65_536  # bytes/characters sampled for the share checks: enough, and bounded

# Multi-byte encodings (East Asian, UTF-16/32 without BOM), and the share of bytes >= 0x80
# under which a text is taken for Latin instead: French in cp1252 has 2-5% high bytes,
# Japanese or Chinese text well over half; 30% sits far from both.
_MULTIBYTE = (
    "utf_16",
    "utf_32",
    "shift_jis",
    "cp932",
    "euc",
    "gb",
    "big5",
    "cp949",
    "hz",
    "iso2022",
    "johab",
    "cp950",
)
_MAX_HIGH_SHARE_LATIN = 0.3

# WHATWG Encoding Standard: pages labelled latin-1/ascii are decoded as windows-1252.
_LABEL_ALIASES = {
    "latin1": "cp1252",
    "latin_1": "cp1252",
    "iso8859_1": "cp1252",
    "ascii": "cp1252",
}


def read_limited(path: Path, max_bytes: int) -> bytes:
    """Read ``path`` unless ``stat`` says it is over ``max_bytes``.

    The size is checked before anything is read; reading stops at ``max_bytes + 1``
    anyway, for files that grow meanwhile or special files whose ``stat`` says 0.
    OSError propagates (the caller turns it into an "io" rejection).
    """
    size = path.stat().st_size
    if size > max_bytes:
        raise Rejected(
            "too_large", f"{size:,} bytes, over the limit of {max_bytes:,} (read.max_bytes)"
        )
    with path.open("rb") as handle:
        data = handle.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise Rejected("too_large", f"over the limit of {max_bytes:,} bytes (read.max_bytes)")
    return data


def sniff_binary(data: bytes) -> str | None:
    """Name the binary format of ``data``, or None when it may be text."""
    head = data[:16]
    for magic, what in _MAGIC:
        if head.startswith(magic):
            if magic == b"BZh" and data[4:10] != b"1AY&SY":
                continue
            return what
    if head.startswith(b"RIFF") and data[8:12] in (b"WEBP", b"WAVE", b"AVI "):
        return f"RIFF {data[8:12].decode('ascii').strip()} media"
    if data[4:8] == b"ftyp":
        return "MP4/QuickTime media"
    return None


def _bom_encoding(data: bytes) -> tuple[str, int] | None:
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return encoding, len(bom)
    return None


def _control_share(data: bytes) -> float:
    sample = data[:_SAMPLE]
    if not sample:
        return 0.0
    return (len(sample) - len(sample.translate(None, _CONTROL_BYTES))) / len(sample)


# Characters a right decoding of text does not produce: C0/C1 controls (but whitespace),
# private use, non-characters, and U+FFFD from a decoding with errors="replace". Format
# characters (soft hyphen, zero-width joiner, bidi marks) are common in web text: allowed.
_UNPRINTABLE = re.compile(
    "[\x00-\x08\x0e-\x1f\x7f-\x9f\ue000-\uf8ff\ufdd0-\ufdef\ufffd\ufffe\uffff]"
)


def _unprintable_share(text: str) -> float:
    sample = text[:_SAMPLE]
    if not sample:
        return 0.0
    return len(_UNPRINTABLE.findall(sample)) / len(sample)


def normalize_codec(label: str) -> str | None:
    """A Python codec name for an encoding label ("ISO-8859-1", "utf8"...), or None."""
    try:
        name = codecs.lookup(label.strip().strip("\"'")).name
    except (LookupError, ValueError):
        return None
    key = name.replace("-", "_")
    return _LABEL_ALIASES.get(key, name)


def _detect(data: bytes) -> str | None:
    """Decode with charset-normalizer, preferring windows-1252 on a tie.

    On short French text charset-normalizer often ranks cp1250 (Central European) first
    or mac_latin2 first with about the same scores as cp1252, which turns "à" into "ŕ".
    French comes first here and cp1252 is the legacy encoding of French text, so among the
    candidates that score about as well as the best one, cp1252 wins. Cyrillic, Greek,
    Polish or Czech sample sentences did not tie with it.
    """
    from charset_normalizer import from_bytes

    matches = list(from_bytes(data[: 4 * _SAMPLE]))
    if not matches:
        return None
    best = matches[0]
    for match in matches:
        # On short texts coherence is noisy (0.63 vs 0.59 for one French sentence), chaos
        # less so: a candidate as clean as the best and within 0.1 of its coherence ties.
        # Polish and Czech cp1250 sample sentences did not list cp1252 at all.
        tied = match.chaos <= best.chaos + 0.01 and match.coherence >= best.coherence - 0.1
        if tied and "cp1252" in match.could_be_from_charset:
            return "cp1252"
    encoding = str(best.encoding)
    if encoding.startswith(_MULTIBYTE) and _high_byte_share(data) < _MAX_HIGH_SHARE_LATIN:
        # On a few bytes ("Noël", "À Paris, ça va.") the detector answers UTF-16 or
        # Shift-JIS. Text in those is mostly high bytes; mostly-ASCII text is Latin.
        try:
            data.decode("cp1252")
        except UnicodeDecodeError:
            pass
        else:
            return "cp1252"
    log.debug("charset-normalizer chose %s", encoding)
    return encoding


def _high_byte_share(data: bytes) -> float:
    sample = data[:_SAMPLE]
    return sum(1 for b in sample if b >= 0x80) / max(1, len(sample))


def decode_bytes(data: bytes, declared: str | None = None) -> str:
    """Decode ``data`` to clean text, or raise ``Rejected`` ("empty", "binary", "encoding").

    ``declared`` is an encoding the container names (an HTML ``<meta charset>``); it is
    tried when the bytes are not valid UTF-8, before the detector.
    """
    if not data.strip():
        raise Rejected("empty", "no content" if not data else "only whitespace")
    what = sniff_binary(data)
    if what is not None:
        raise Rejected("binary", f"looks like a {what}, not text")

    text: str | None = None
    bom = _bom_encoding(data)
    if bom is not None:
        encoding, skip = bom
        try:
            text = data[skip:].decode(encoding)
        except UnicodeDecodeError as exc:
            raise Rejected(
                "encoding", f"starts with a {encoding} BOM but is not {encoding}: {exc.reason}"
            ) from exc
    else:
        if b"\x00" in data[:_SAMPLE]:
            raise Rejected("binary", "contains NUL bytes")
        share = _control_share(data)
        if share > _MAX_CONTROL_SHARE:
            raise Rejected("binary", f"{share:.0%} control bytes: not text")
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            text = _decode_legacy(data, declared)

    share = _unprintable_share(text)
    if share > _MAX_UNPRINTABLE_SHARE:
        raise Rejected("binary", f"{share:.0%} unprintable characters after decoding: not text")
    text = normalize_text(text)
    if not text.strip():
        raise Rejected("empty", "only whitespace")
    return text


def _decode_legacy(data: bytes, declared: str | None) -> str:
    codec = normalize_codec(declared) if declared else None
    if codec is not None:
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            log.debug("declared charset %s does not decode the bytes", declared)
    detected = _detect(data)
    if detected is not None:
        try:
            return data.decode(detected)
        except (UnicodeDecodeError, LookupError):
            pass
    if codec is not None:
        # A page that declares its charset and is mostly right: browsers show it with
        # replacement characters; so do we, rather than losing the article.
        return data.decode(codec, errors="replace")
    raise Rejected("encoding", "not UTF-8 and no plausible encoding found")


def normalize_text(text: str) -> str:
    """Strip a BOM, turn CRLF/CR into LF, NFC-normalise."""
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if unicodedata.is_normalized("NFC", text):  # the common case, and much cheaper
        return text
    return unicodedata.normalize("NFC", text)
