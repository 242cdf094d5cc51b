"""Readers: decoding, rejections, formats, JSONL, paths and stdin sniffing."""

from __future__ import annotations

import json
import os
import random
from pathlib import Path

import pytest

from recoupe.config import ReadConfig
from recoupe.errors import InputError
from recoupe.model import Document, Rejection
from recoupe.read import iter_input_paths, read_path, read_stream
from recoupe.read.decode import decode_bytes
from recoupe.read.isodate import header_date, parse_iso

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
CONFIG = ReadConfig()

FRENCH = (
    "Le président français a déclaré mercredi à la presse que la réunion était terminée. "
    "« Ça commence à faire beaucoup », a-t-il ajouté, le cœur lourd, à Besançon.\n"
)


def one(path: Path, config: ReadConfig = CONFIG) -> Document | Rejection:
    items = list(read_path(path, config))
    assert len(items) == 1, items
    return items[0]


def rejected(path: Path, config: ReadConfig = CONFIG) -> Rejection:
    item = one(path, config)
    assert isinstance(item, Rejection), item
    return item


def test_random_bytes_as_txt_are_binary(tmp_path: Path) -> None:
    path = tmp_path / "noise.txt"
    path.write_bytes(random.Random(7).randbytes(4000))
    rej = rejected(path)
    assert rej.reason == "binary"
    assert rej.source == str(path) and rej.stage == "read"


def test_png_named_html_is_binary(tmp_path: Path) -> None:
    path = tmp_path / "page.html"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200))
    rej = rejected(path)
    assert rej.reason == "binary" and "PNG" in rej.detail


def test_gzip_named_jsonl_is_binary(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b"\x1f\x8b\x08\x00" + bytes(100))
    rejs = list(read_path(path, CONFIG))
    assert [r.reason for r in rejs if isinstance(r, Rejection)] == ["binary"]


@pytest.mark.parametrize("content", [b"", b"  \n\r\n\t  "])
def test_empty_files_are_rejected(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(content)
    assert rejected(path).reason == "empty"


@pytest.mark.parametrize("encoding", ["latin-1", "cp1252"])
def test_legacy_french_text_decodes_right(tmp_path: Path, encoding: str) -> None:
    text = FRENCH if encoding == "cp1252" else FRENCH.replace("œ", "oe")
    path = tmp_path / "article.txt"
    path.write_bytes(text.encode(encoding))
    doc = one(path)
    assert isinstance(doc, Document)
    assert doc.raw == text
    assert "é" in doc.raw and "« Ça" in doc.raw


def test_short_cp1252_text_is_not_read_as_central_european() -> None:
    # charset-normalizer alone ranks cp1250 first here and turns "à" into "ŕ".
    data = "Le président a déclaré à la presse « ça suffit ». Cœur.".encode("cp1252")
    assert decode_bytes(data) == "Le président a déclaré à la presse « ça suffit ». Cœur."


@pytest.mark.parametrize("text", ["Noël", "À Paris, ça va.", "Été"])
def test_tiny_cp1252_texts_are_not_read_as_asian_or_utf16(text: str) -> None:
    assert decode_bytes(text.encode("cp1252")) == text


def test_cyrillic_cp1251_still_decodes_as_cyrillic() -> None:
    text = "Москва заявила, что переговоры продолжатся на следующей неделе."
    assert decode_bytes(text.encode("cp1251")) == text


def test_bom_crlf_and_nfc_are_normalised() -> None:
    decomposed = "Le pre\u0301sident\r\nparle.\r\n"
    out = decode_bytes(b"\xef\xbb\xbf" + decomposed.encode("utf-8"))
    assert out == "Le président\nparle.\n"
    assert decode_bytes("Été 2023".encode("utf-16")) == "Été 2023"


def test_too_large_is_rejected_from_stat_without_opening(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:  # sparse: 11 MB on paper, nothing on disk
        handle.truncate(11_000_000)

    def no_open(*args: object, **kwargs: object) -> None:
        raise AssertionError("the reader opened a file it should have refused from stat")

    monkeypatch.setattr(Path, "open", no_open)
    rej = rejected(path)
    assert rej.reason == "too_large"
    assert "11,000,000" in rej.detail


def test_max_bytes_comes_from_config(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(FRENCH, encoding="utf-8")
    assert rejected(path, ReadConfig(max_bytes=50)).reason == "too_large"


def test_deeply_nested_html_is_read_without_parsing(tmp_path: Path) -> None:
    depth = 100_000
    page = "<html><body>" + "<div>" * depth + "<p>Texte profond</p>" + "</div>" * depth
    path = tmp_path / "nested.html"
    path.write_text(page + "</body></html>", encoding="utf-8")
    doc = one(path)
    assert isinstance(doc, Document)
    assert doc.format == "html" and doc.raw.startswith("<html><body><div>")


def test_html_meta_charset_is_honoured(tmp_path: Path) -> None:
    body = (
        "<html><head><meta charset='iso-8859-15'></head><body><p>Prix : 5 €, été</p></body></html>"
    )
    path = tmp_path / "p.htm"
    path.write_bytes(body.encode("iso-8859-15"))
    doc = one(path)
    assert isinstance(doc, Document)
    assert "5 €, été" in doc.raw


def test_seed_like_header_sets_published_and_raw_keeps_it(tmp_path: Path) -> None:
    text = " date 2023-09 Kim Jong-un « a montré de l'intérêt pour l'espace », a déclaré Poutine.\n"
    path = tmp_path / "seed.txt"
    path.write_text(text, encoding="utf-8")
    doc = one(path)
    assert isinstance(doc, Document)
    assert doc.format == "txt" and doc.raw == text and doc.source == str(path)
    assert doc.meta.published is not None
    assert (doc.meta.published.iso, doc.meta.published.precision) == ("2023-09", "month")
    assert doc.meta.published.source == "header"


def test_header_date_rules() -> None:
    day = header_date("date 2024-06-19\nPoutine à Pyongyang")
    assert day is not None and (day.iso, day.precision) == ("2024-06-19", "day")
    assert header_date("La date 2023-09 du sommet") is None  # not at the start
    assert header_date("date 2023-13 Texte") is None  # no month 13
    assert header_date("date 2023-091 Texte") is None


def test_ids_are_stable_and_content_addressed(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(FRENCH, encoding="utf-8")
    first, second = one(path), one(path)
    assert isinstance(first, Document) and isinstance(second, Document)
    assert first.id == second.id and first.id.startswith("d-")
    path.write_text(FRENCH + "Ajout.\n", encoding="utf-8")
    third = one(path)
    assert isinstance(third, Document) and third.id != first.id


def _jsonl(path: Path, lines: list[str]) -> None:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_jsonl_good_lines_survive_a_broken_one(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    good = {
        "id": 17,
        "title": "Sommet Poutine-Kim",
        "text": "Kim Jong-un a rencontré Vladimir Poutine mercredi.",
        "url": "https://www.lemonde.fr/international/article/2023/09/13/sommet.html",
        "date": "2023-09-13 10:20:00",
        "source": "Le Monde",
    }
    _jsonl(
        path,
        [
            json.dumps(good),
            '{"text": "coupé au milieu',
            "",
            json.dumps(["pas", "un", "objet"]),
            json.dumps({"title": "Sans texte"}),
            json.dumps({"text": "Deuxième article, sans id.", "date": "2019-03"}),
        ],
    )
    items = list(read_path(path, CONFIG))
    docs = [i for i in items if isinstance(i, Document)]
    rejs = [i for i in items if isinstance(i, Rejection)]
    assert [d.source for d in docs] == [f"{path}#17", f"{path}#L6"]
    assert [(r.source, r.reason) for r in rejs] == [
        (f"{path}#L2", "parse"),
        (f"{path}#L4", "parse"),
        (f"{path}#L5", "no_text"),
    ]
    first = docs[0]
    assert first.meta.title == "Sommet Poutine-Kim" and first.meta.outlet == "Le Monde"
    assert first.meta.url == good["url"] and first.format == "txt"
    assert first.meta.published is not None
    assert (first.meta.published.iso, first.meta.published.precision) == (
        "2023-09-13T10:20",
        "minute",
    )
    assert first.meta.published.source == "jsonl"
    second = docs[1].meta.published
    assert second is not None and (second.iso, second.precision) == ("2019-03", "month")


def test_jsonl_field_mapping_and_html_text(tmp_path: Path) -> None:
    config = ReadConfig(jsonl_text=("heading", "article"), jsonl_date="published")
    path = tmp_path / "orange.ndjson"
    _jsonl(
        path,
        [
            json.dumps(
                {"heading": "Le chapeau.", "article": "Le corps.", "published": "n'importe"}
            ),
            json.dumps({"article": "<html><body><p>Une page</p></body></html>"}),
        ],
    )
    docs = list(read_path(path, config))
    assert all(isinstance(d, Document) for d in docs)
    first, second = docs
    assert isinstance(first, Document) and isinstance(second, Document)
    assert first.raw == "Le chapeau.\n\nLe corps."
    assert first.meta.published is None and first.meta.extra["date_raw"] == "n'importe"
    assert second.format == "html"


@pytest.mark.parametrize(
    ("value", "iso", "precision"),
    [
        ("2019", "2019", "year"),
        ("2019-03", "2019-03", "month"),
        ("2019-03-05", "2019-03-05", "day"),
        ("2019-03-05T10:20:00", "2019-03-05T10:20", "minute"),
        ("2019-03-05 10:20:00+01:00", "2019-03-05T10:20", "minute"),
    ],
)
def test_parse_iso_precisions(value: str, iso: str, precision: str) -> None:
    parsed = parse_iso(value, "jsonl")
    assert parsed is not None and (parsed.iso, parsed.precision) == (iso, precision)


@pytest.mark.parametrize("value", ["2019-02-30", "13/09/2023", "hier", "2019-3-5"])
def test_parse_iso_rejects_non_iso(value: str) -> None:
    assert parse_iso(value, "jsonl") is None


def test_unknown_suffix_and_missing_file(tmp_path: Path) -> None:
    path = tmp_path / "notes.docx"
    path.write_bytes(b"whatever")
    rej = rejected(path)
    assert rej.reason == "unsupported" and ".docx" in rej.detail
    gone = tmp_path / "gone.txt"
    assert rejected(gone).reason == "io"


def test_iter_input_paths_walks_sorted_and_skips(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / ".hidden").mkdir()
    for rel in [
        "b/2.html",
        "b/1.txt",
        "a.jsonl",
        "README",
        "notes.md",
        ".x.txt",
        ".hidden/c.txt",
        "image.png",
    ]:
        (tmp_path / rel).write_text("x", encoding="utf-8")
    explicit = tmp_path / "image.png"
    found = list(iter_input_paths([tmp_path, explicit]))
    names = [p.relative_to(tmp_path).as_posix() for p in found]
    assert names == ["a.jsonl", "b/1.txt", "b/2.html", "image.png"]
    with pytest.raises(InputError, match="nope"):
        iter_input_paths([tmp_path / "nope"])


def test_read_stream_sniffs_formats() -> None:
    lines = b'{"text": "Premier."}\n{"text": "Second."}\n'
    docs = list(read_stream(lines, "<stdin>", CONFIG))
    assert [d.source for d in docs] == ["<stdin>#L1", "<stdin>#L2"]
    (html,) = read_stream(b"  <!doctype html><html><body>x</body></html>", "<stdin>", CONFIG)
    assert isinstance(html, Document) and html.format == "html"
    (text,) = read_stream(FRENCH.encode("cp1252"), "<stdin>", CONFIG)
    assert isinstance(text, Document) and text.format == "txt" and text.raw == FRENCH
    (empty,) = read_stream(b"", "<stdin>", CONFIG)
    assert isinstance(empty, Rejection) and empty.reason == "empty"


@pytest.mark.skipif(not (SHARED / "seeds").is_dir(), reason="../shared/seeds not present")
def test_real_seeds_read_with_their_headers() -> None:
    paths = list(iter_input_paths([SHARED / "seeds"]))
    assert len(paths) == 5
    docs = [d for p in paths for d in read_path(p, CONFIG)]
    assert all(isinstance(d, Document) for d in docs)
    months = [
        d.meta.published.iso if isinstance(d, Document) and d.meta.published else None for d in docs
    ]
    assert months == ["2023-09", "2023-09", None, "2023-09", None]
    assert len({d.id for d in docs}) == 5
    assert os.fspath(paths[0]).endswith(".txt")
