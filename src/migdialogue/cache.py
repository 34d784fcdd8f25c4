"""Where compiled user datasets are kept, so only the first run on a new or changed dataset parses YAML.

- Where: ``$MIGDIALOGUE_CACHE_DIR``, else ``$XDG_CACHE_HOME/migdialogue`` (default
  ``~/.cache/migdialogue``). Nothing else is ever written by the tool.
- Key: the tool version, the bundled data's identity, whether the bundled data is included,
  and each file's absolute path, size, modification and change times. Editing a file changes
  its key, so a stale entry is never read; old entries are pruned.
- Format: an SQLite database (never pickle or anything that can run code), built in a
  temporary file and renamed into place, so concurrent processes each see a whole file or
  none. An entry that does not open as a database of this version is rebuilt.
"""

from __future__ import annotations

import contextlib
import hashlib
import os

from . import __version__
from .store import FORMAT

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


def entry_path(key: str) -> str:
    """The database file for a key."""
    return os.path.join(cache_dir(), f"dataset-{key[:32]}.db")


def prepare() -> bool:
    """Create the cache folder; False when it cannot be written (the data is then kept in memory)."""
    try:
        os.makedirs(cache_dir(), exist_ok=True)
    except OSError:
        return False
    return os.access(cache_dir(), os.W_OK)


def prune() -> None:
    """Keep the most recent entries only."""
    folder = cache_dir()
    try:
        entries = [os.path.join(folder, n) for n in os.listdir(folder) if n.startswith("dataset-")]
        entries.sort(key=lambda p: os.stat(p).st_mtime_ns, reverse=True)
    except OSError:
        return
    for old in entries[KEEP:]:
        with contextlib.suppress(OSError):
            os.unlink(old)
