"""A cache of validated user datasets, so only the first run on a new or changed dataset parses YAML.

- Where: ``$XDG_CACHE_HOME/migdialogue`` (default ``~/.cache/migdialogue``), or
  ``$MIGDIALOGUE_CACHE_DIR``. Nothing else is ever written by the tool.
- Key: the tool version, the bundled data's version and size, whether the bundled data is
  included, and each file's absolute path, size, modification and change times. Editing a
  file changes its key, so a stale entry is never read; old entries are pruned.
- Format: JSON (never pickle or anything that can run code), written to a temporary file
  and renamed into place, so concurrent processes each see a whole file or none. A file that
  does not parse, or whose recorded key differs, is ignored and rebuilt.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from typing import Any

from . import __version__

FORMAT = 1
KEEP = 16


def cache_dir() -> str:
    """The folder the cache lives in (not created here)."""
    explicit = os.environ.get("MIGDIALOGUE_CACHE_DIR")
    if explicit:
        return explicit
    base = os.environ.get("XDG_CACHE_HOME") or os.path.join(os.path.expanduser("~"), ".cache")
    return os.path.join(base, "migdialogue")


def key_for(files: list[str], *, bundled: bool, bundled_id: str) -> str:
    """A key that changes whenever any input file, the bundled data or the tool changes."""
    digest = hashlib.sha256(f"{FORMAT}|{__version__}|{bundled_id}|{bundled}".encode())
    for path in files:
        info = os.stat(path)
        digest.update(f"|{os.path.abspath(path)}|{info.st_size}|{info.st_mtime_ns}|{info.st_ctime_ns}".encode())
    return digest.hexdigest()


def _path(key: str) -> str:
    return os.path.join(cache_dir(), f"dataset-{key[:32]}.json")


def read(key: str) -> dict[str, Any] | None:
    """The cached entry for a key, or None when missing, corrupt, half-written or stale."""
    try:
        with open(_path(key), encoding="utf-8") as handle:
            entry = json.load(handle)
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict) or entry.get("format") != FORMAT or entry.get("key") != key:
        return None
    data = entry.get("data")
    if not isinstance(data, dict) or not isinstance(entry.get("replaced"), list):
        return None
    return entry


def write(key: str, data: dict[str, Any], replaced: list[str]) -> None:
    """Store an entry atomically; any failure (read-only home, full disk) is silently skipped."""
    folder = cache_dir()
    try:
        os.makedirs(folder, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=".dataset-", suffix=".tmp", dir=folder)
    except OSError:
        return
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(
                {"format": FORMAT, "key": key, "replaced": replaced, "data": data},
                handle,
                ensure_ascii=False,
                separators=(",", ":"),
            )
        os.replace(tmp, _path(key))
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        return
    _prune(folder)


def _prune(folder: str) -> None:
    """Keep the most recent entries only."""
    try:
        entries = [os.path.join(folder, n) for n in os.listdir(folder) if n.startswith("dataset-")]
        entries.sort(key=lambda p: os.stat(p).st_mtime_ns, reverse=True)
    except OSError:
        return
    for old in entries[KEEP:]:
        with contextlib.suppress(OSError):
            os.unlink(old)
