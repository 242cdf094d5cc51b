"""Unpack the shared data's archives once into a cache folder (they are read-only)."""

from __future__ import annotations

import hashlib
import os
import tarfile
from pathlib import Path


def cache_dir() -> Path:
    base = os.environ.get("RECOUPE_CACHE") or os.environ.get("XDG_CACHE_HOME")
    root = Path(base) if base else Path.home() / ".cache"
    return root / "recoupe"


def unpacked(archive: Path) -> Path:
    """The folder holding the archive's contents, extracting it on first use."""
    key = hashlib.sha256(f"{archive.resolve()}:{archive.stat().st_size}".encode()).hexdigest()[:12]
    target = cache_dir() / f"{archive.name.split('.')[0]}-{key}"
    done = target / ".complete"
    if not done.exists():
        target.mkdir(parents=True, exist_ok=True)
        with tarfile.open(archive) as tar:
            tar.extractall(target, filter="data")
        done.touch()
    return target
