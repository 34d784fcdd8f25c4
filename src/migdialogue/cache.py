"""Where compiled user datasets are kept, so only the first run on a new or changed dataset parses YAML.

- Where: ``$MIGDIALOGUE_CACHE_DIR``, else ``$XDG_CACHE_HOME/migdialogue`` (default
  ``~/.cache/migdialogue``). Nothing else is ever written by the tool. A relative
  ``XDG_CACHE_HOME`` is ignored, as the XDG Base Directory specification says, and a relative
  ``MIGDIALOGUE_CACHE_DIR`` is taken from the current folder once, made absolute; with no
  absolute place at all (no home folder) nothing is cached.
- Key: the tool version, the bundled data's identity, whether the bundled data is included,
  and each file's absolute path, size, modification and change times. Editing a file changes
  its key, so a stale entry is never read; old entries are pruned.
- Format: an SQLite database (never pickle or anything that can run code), built in a
  temporary file and renamed into place, so concurrent processes each see a whole file or
  none. An entry that does not open as a database of this version, or that is damaged inside
  (``PRAGMA quick_check`` on opening, for entries up to ``CHECK_BYTES``; any "malformed"
  error while it is read, for every size), is removed and rebuilt.
"""

from __future__ import annotations

import contextlib
import hashlib
import os

from ._version import __version__
from .errors import UsageError
from .store import FORMAT

KEEP = 16
CHECK_BYTES = 8 * 1024 * 1024  # quick_check reads every page: 2 to 5 ms per MiB on this machine


def cache_dir() -> str | None:
    """The folder the cache lives in (not created here); None when there is no absolute place for it."""
    explicit = os.environ.get("MIGDIALOGUE_CACHE_DIR")
    if explicit:
        return os.path.abspath(explicit)
    base = os.environ.get("XDG_CACHE_HOME", "")
    if not os.path.isabs(base):  # unset, empty or relative: the specification says to ignore it
        home = os.path.expanduser("~")
        if not os.path.isabs(home):
            return None
        base = os.path.join(home, ".cache")
    return os.path.join(base, "migdialogue")


def key_for(files: list[str], *, bundled: bool, bundled_id: str) -> str:
    """A key that changes whenever any input file, the bundled data or the tool changes."""
    digest = hashlib.sha256(f"{FORMAT}|{__version__}|{bundled_id}|{bundled}".encode())
    for path in files:
        try:
            info = os.stat(path)
        except OSError as err:  # gone or changed since it was listed
            raise UsageError(f"{path}: cannot read: {err.strerror}") from None
        digest.update(f"|{os.path.abspath(path)}|{info.st_size}|{info.st_mtime_ns}|{info.st_ctime_ns}".encode())
    return digest.hexdigest()


def entry_path(key: str) -> str | None:
    """The database file for a key (None when there is no cache folder)."""
    folder = cache_dir()
    return None if folder is None else os.path.join(folder, f"dataset-{key[:32]}.db")


def prepare() -> bool:
    """Create the cache folder; False when it cannot be written (the data is then kept in memory)."""
    folder = cache_dir()
    if folder is None:
        return False
    try:
        os.makedirs(folder, exist_ok=True)
    except OSError:
        return False
    return os.path.isdir(folder) and os.access(folder, os.W_OK)


def discard(path: str) -> None:
    """Remove a damaged entry, so that the next use rebuilds it."""
    with contextlib.suppress(OSError):
        os.unlink(path)


def prune() -> None:
    """Keep the most recent entries only."""
    folder = cache_dir()
    if folder is None:
        return
    try:
        entries = [os.path.join(folder, n) for n in os.listdir(folder) if n.startswith("dataset-")]
        entries.sort(key=lambda p: os.stat(p).st_mtime_ns, reverse=True)
    except OSError:
        return
    for old in entries[KEEP:]:
        with contextlib.suppress(OSError):
            os.unlink(old)
