"""Configuration: ``recoupe.toml`` then ``--set section.key=value``; unknown keys fail.

Each section is a frozen dataclass. Stages take plain keyword arguments; the single
place that maps this configuration onto them is ``pipeline.build_stages``.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from recoupe.errors import ConfigError


@dataclass(frozen=True)
class ReadConfig:
    # A news article is rarely over 1 MB even as HTML; 10 MB stops a runaway page or a
    # misnamed archive from eating memory while still taking big live-blog pages.
    max_bytes: int = 10_000_000
    # JSONL field mapping: several text fields are joined with a blank line.
    jsonl_text: tuple[str, ...] = ("text",)
    jsonl_title: str = "title"
    jsonl_url: str = "url"
    jsonl_date: str = "date"
    jsonl_source: str = "source"
    jsonl_id: str = "id"


@dataclass(frozen=True)
class CleanConfig:
    # Below this many characters of clean text a document says nothing checkable.
    min_chars: int = 40


@dataclass(frozen=True)
class MetaConfig:
    # The languages lingua may answer with. Restricting the set keeps lingua small
    # (~300 MiB for 10 languages against 1.25 GiB for all) and avoids Sotho/Dutch
    # answers on name-only snippets (shared/notes/component-measurements.md).
    languages: tuple[str, ...] = ("fr", "en", "de", "es", "it", "pt", "nl", "ru", "uk", "ar")


@dataclass(frozen=True)
class DedupConfig:
    num_perm: int = 128
    shingle: int = 5
    # Jaccard threshold for LSH candidates. Measured: planted near-duplicates had
    # Jaccard ~0.65; LSH at 0.5 found 91% of them, at 0.8 only 4.5%.
    threshold: float = 0.5
    # Sentences of the lead embedded with the title (dedup/embed.py): on the demo, 3
    # separated a translation from other articles on its event best (k = 1, 3, 5 tried).
    embed_sentences: int = 3


@dataclass(frozen=True)
class NlpConfig:
    model: str = "fr_core_news_md"
    english_model: str = "en_core_web_sm"
    batch_size: int = 16


@dataclass(frozen=True)
class StoriesConfig:
    # Average-linkage thresholds over TF-IDF (lemmas + entities) mixed with the lead
    # embeddings, calibrated on rpm2-fr-dev with bench/calibrate_events.py (see
    # stories/cluster.py): with dates, B-cubed F1 event 0.96 / story 0.94; text only,
    # event 0.66 / story 0.98.
    event_threshold: float = 0.16
    # Documents further apart than this are not one event unless the text says so.
    window_days: int = 10
    story_threshold: float = 0.10
    # Added to the similarity of two documents published within window_days.
    time_bonus: float = 0.04
    # Share of the multilingual embedding cosine in a pair's similarity (0: text only).
    embedding_weight: float = 0.1
    # Events further apart than this are not compared when stories are formed: a blocking
    # bound for cost (RPM2's two periods of a story are ~30 days apart; a ceasefire and
    # its collapse weeks), not a rule of what a story is.
    story_window_days: int = 120


@dataclass(frozen=True)
class CheckConfig:
    # Relative slack given to approximate values ("près de", "environ", hedged claims);
    # bare numbers must match exactly (24 against 26 is a contradiction).
    tolerance: float = 0.1


@dataclass(frozen=True)
class RunConfig:
    batch_size: int = 32
    # Worker processes for the document stages. 1 (in process) suits a laptop and small
    # inputs: each worker loads its own spaCy model (~6 s, ~0.5 GiB). Use one per core
    # on big inputs (`--set run.workers=2`); `make bench` shows the difference.
    workers: int = 1


@dataclass(frozen=True)
class Config:
    read: ReadConfig = field(default_factory=ReadConfig)
    clean: CleanConfig = field(default_factory=CleanConfig)
    meta: MetaConfig = field(default_factory=MetaConfig)
    dedup: DedupConfig = field(default_factory=DedupConfig)
    nlp: NlpConfig = field(default_factory=NlpConfig)
    stories: StoriesConfig = field(default_factory=StoriesConfig)
    check: CheckConfig = field(default_factory=CheckConfig)
    run: RunConfig = field(default_factory=RunConfig)

    def to_dict(self) -> dict[str, dict[str, Any]]:
        return {f.name: dataclasses.asdict(getattr(self, f.name)) for f in dataclasses.fields(self)}


def _coerce(section: str, key: str, default: Any, value: Any) -> Any:
    where = f"{section}.{key}"
    if isinstance(default, bool):
        if isinstance(value, bool):
            return value
    elif isinstance(default, int):
        if isinstance(value, int) and not isinstance(value, bool):
            return value
    elif isinstance(default, float):
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            return float(value)
    elif isinstance(default, tuple):
        if isinstance(value, str):
            return tuple(v.strip() for v in value.split(",") if v.strip())
        if isinstance(value, list) and all(isinstance(v, str) for v in value):
            return tuple(value)
    elif isinstance(default, str) and isinstance(value, str):
        return value
    raise ConfigError(f"{where}: expected {type(default).__name__}, got {value!r}")


def _apply(config: Config, data: dict[str, Any], origin: str) -> Config:
    sections = {f.name for f in dataclasses.fields(config)}
    updated: dict[str, Any] = {}
    for section, values in data.items():
        if section not in sections:
            raise ConfigError(
                f"{origin}: unknown section [{section}] (known: {', '.join(sorted(sections))})"
            )
        if not isinstance(values, dict):
            raise ConfigError(f"{origin}: [{section}] must be a table")
        current = updated.get(section, getattr(config, section))
        known = {f.name: getattr(current, f.name) for f in dataclasses.fields(current)}
        changes = {}
        for key, value in values.items():
            if key not in known:
                raise ConfigError(
                    f"{origin}: unknown key {section}.{key} (known: {', '.join(sorted(known))})"
                )
            changes[key] = _coerce(section, key, known[key], value)
        updated[section] = dataclasses.replace(current, **changes)
    return dataclasses.replace(config, **updated)


def parse_override(item: str) -> dict[str, Any]:
    """``section.key=value``; the value is read as TOML, else taken as a plain string."""
    if "=" not in item or "." not in item.split("=", 1)[0]:
        raise ConfigError(f"--set {item!r}: expected section.key=value")
    dotted, raw = item.split("=", 1)
    section, key = dotted.strip().split(".", 1)
    try:
        value = tomllib.loads(f"v = {raw}")["v"]
    except tomllib.TOMLDecodeError:
        value = raw
    return {section: {key: value}}


def load_config(path: Path | None = None, overrides: list[str] | None = None) -> Config:
    """Read ``path`` (or ``./recoupe.toml`` when it exists), then apply the overrides."""
    config = Config()
    if path is None and Path("recoupe.toml").is_file():
        path = Path("recoupe.toml")
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError as exc:
            raise ConfigError(f"{path}: no such config file") from exc
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{path}: not valid TOML ({exc})") from exc
        config = _apply(config, data, str(path))
    for item in overrides or []:
        config = _apply(config, parse_override(item), f"--set {item}")
    return config
