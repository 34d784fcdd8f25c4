"""Where compiled user datasets are kept, so only the first run on a new or changed dataset parses YAML.

- Where: ``$MIGDIALOGUE_CACHE_DIR``, else ``$XDG_CACHE_HOME/migdialogue`` (default
  ``~/.cache/migdialogue``). Nothing else is ever written by the tool. A relative
  ``XDG_CACHE_HOME`` is ignored, as the XDG Base Directory specification says, and a relative
  ``MIGDIALOGUE_CACHE_DIR`` is taken from the current folder once, made absolute; with no
  absolute place at all (no home folder) nothing is cached.
- Key: the tool version, the bundled data's identity, whether the bundled data is included,
  the installed PyStemmer's version (search stems again what the entry holds, so a new
  stemmer must not meet an old entry), and each file's absolute path, size, modification and
  change times. Editing a file changes its key, so a stale entry is never read. An entry is named
  ``dataset-<which files>-<key>.db``: the first part names the set of files alone (their paths
  and whether the bundled data is included).
- Pruning, after each new entry is built: the entries of the same files under another key are
  removed at once (the files were edited since, so no run can read them again, or the tool,
  its bundled data, the store format or the stemmer changed: dead weight after an upgrade,
  though two versions used in turn on the same files each rebuild their own); then the
  most recently used entries are kept, at most ``KEEP`` of them and at most ``MAX_BYTES`` (8 GiB) in
  all, or ``$MIGDIALOGUE_CACHE_MAX_SIZE`` (bytes, or with a K, M, G or T suffix: ``20G``).
  Every other regular file in the folder counts in that bound too (an entry another process is
  building, another program's file), though only entries are removed for it. The newest entry
  is always kept, even alone over the bound. Only regular files named as entries are ever
  removed, and the temporary files of runs that died: never a link, a special file, another
  program's file, or a temporary file that another process is building. A temporary file is
  named ``.migdialogue-<host>-<pid>-<random>.tmp`` (outfile.py): it is removed when that process
  of this machine is gone (killed, out of memory, a power cut), never when it runs or runs
  elsewhere.
- A link named as an entry is never read through nor written through: the entry built is
  renamed over the link itself.
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
import re
import stat
import time

from ._version import __version__
from .errors import UsageError
from .i18n import _
from .store import FORMAT

KEEP = 16
MAX_BYTES = 8 * 1024**3  # the entries' total size; a million-record dataset's entry is about 2.3 GB
MAX_SIZE_VARIABLE = "MIGDIALOGUE_CACHE_MAX_SIZE"
_SIZE = re.compile(r"([0-9]+)\s*([kmgt]?)(?:i?b)?", re.IGNORECASE)
_UNITS = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3, "t": 1024**4}
_STEMMER_METADATA = re.compile(r"pystemmer-([^-]+?)(?:-py[0-9.]+)?\.(?:dist|egg)-info", re.IGNORECASE)
_ENTRY = re.compile(r"dataset-(?:([0-9a-f]{16})-)?[0-9a-f]{32}\.db")  # ours (the older names had no first part)
ABANDONED_AFTER = 86_400  # seconds: an unnamed temporary file untouched this long was left by a dead run
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
    """A key that changes whenever any input file, the bundled data or the tool changes; it begins
    with the part that names the set of files alone."""
    which = hashlib.sha256(f"{bundled}".encode())
    digest = hashlib.sha256(f"{FORMAT}|{__version__}|{bundled_id}|{bundled}|{stemmer_version()}".encode())
    for path in files:
        try:
            info = os.stat(path)
        except OSError as err:  # gone or changed since it was listed
            raise UsageError(_("{path}: cannot read: {reason}").format(path=path, reason=err.strerror)) from None
        which.update(f"|{os.path.abspath(path)}".encode())
        digest.update(f"|{os.path.abspath(path)}|{info.st_size}|{info.st_mtime_ns}|{info.st_ctime_ns}".encode())
    return f"{which.hexdigest()[:16]}-{digest.hexdigest()[:32]}"


def stemmer_version() -> str:
    """The installed PyStemmer's version, from the metadata folder installed beside it.

    Neither Stemmer nor importlib.metadata is imported (the latter costs 20 to 30 ms, on every
    run that reads a cached dataset); without metadata to read, the module file's size and
    modification time stand for it.
    """
    import importlib.util

    try:
        spec = importlib.util.find_spec("Stemmer")
    except (ImportError, ValueError):
        spec = None
    if spec is None or not spec.origin:
        return "none"
    folder = os.path.dirname(spec.origin)
    try:
        names = os.listdir(folder)
        found = sorted(m[1] for m in map(_STEMMER_METADATA.fullmatch, names) if m is not None)
        if found:
            return " ".join(found)
        info = os.stat(spec.origin)
    except OSError:
        return "unknown"
    return f"{info.st_size}-{info.st_mtime_ns}"


def entry_path(key: str) -> str | None:
    """The database file for a key (None when there is no cache folder).

    Raises UsageError when ``$MIGDIALOGUE_CACHE_MAX_SIZE`` is not a size."""
    max_bytes()
    folder = cache_dir()
    return None if folder is None else os.path.join(folder, f"dataset-{key}.db")


def max_bytes() -> int:
    """The most the entries may hold in all: ``$MIGDIALOGUE_CACHE_MAX_SIZE`` or ``MAX_BYTES``."""
    value = os.environ.get(MAX_SIZE_VARIABLE, "").strip()
    if not value:
        return MAX_BYTES
    found = _SIZE.fullmatch(value)
    if found is None:
        raise UsageError(
            f"{MAX_SIZE_VARIABLE}={value!r} is not a size; give bytes or a number with K, M, G or T (such as 20G)"
        )
    return int(found[1]) * _UNITS[found[2].lower()]


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


def used(path: str) -> None:
    """Mark an entry as just used (its modification time), so pruning removes the least recently
    used entries first, not the least recently built."""
    with contextlib.suppress(OSError):  # a cache folder this user cannot write: only the order suffers
        os.utime(path)


def discard(path: str) -> None:
    """Remove a damaged entry, so that the next use rebuilds it."""
    with contextlib.suppress(OSError):
        os.unlink(path)


def prune(newest: str | None = None) -> None:
    """Remove the entries that are no longer needed (see the module's docstring); ``newest`` is
    the entry just built, always kept."""
    from . import outfile

    folder = cache_dir()
    if folder is None:
        return
    try:
        names = os.listdir(folder)
    except OSError:
        return
    try:
        bound = max_bytes()
    except UsageError:
        bound = MAX_BYTES  # said when the entry was looked up; never a reason to leave the cache unbounded
    kept = os.path.basename(newest) if newest else None
    same = _ENTRY.fullmatch(kept) if kept else None
    group = same[1] if same else None
    entries: list[tuple[int, int, str]] = []
    first: list[tuple[int, int, str]] = []
    held = 0  # what every other file of the folder holds: it counts in the bound, though never removed
    for name in names:
        try:
            info = os.lstat(os.path.join(folder, name))
        except OSError:
            continue  # removed meanwhile by another process
        if not stat.S_ISREG(info.st_mode):
            continue  # a link, a folder, a special file: never ours to remove (a link holds no data here)
        found = _ENTRY.fullmatch(name)
        if found is None:
            if outfile.is_temporary(name) and _abandoned(name, info):
                _remove(folder, name)  # left by a run that died (killed, out of memory, power cut)
            else:
                held += info.st_size  # another process's entry being built, another program's file
            continue
        if name == kept:
            first.append((info.st_mtime_ns, info.st_size, name))
        elif group is not None and found[1] == group:
            _remove(folder, name)  # the same files under another key: edited since, or another version's
        else:
            entries.append((info.st_mtime_ns, info.st_size, name))
    count, total = 0, held
    for _mtime, size, name in first + sorted(entries, reverse=True):
        if count and (count >= KEEP or total + size > bound):
            _remove(folder, name)  # the newest entry (the first) is kept whatever its size
        else:
            count, total = count + 1, total + size


def _abandoned(name: str, info: os.stat_result) -> bool:
    """Whether a temporary file was left by a run that died: written by a process of this machine
    that is gone. One written on another machine sharing the folder, or by a process still
    running (or by a new one under the same number), is never removed. One named before names
    said whose they were counts as abandoned only once untouched for a day (a build writes its
    file all along)."""
    from . import outfile

    owner = outfile.temporary_owner(name)
    if owner is None:
        return time.time() - info.st_mtime > ABANDONED_AFTER
    host, pid = owner
    if host != outfile.host_id() or pid <= 0 or pid == os.getpid():
        return False
    try:
        os.kill(pid, 0)  # signal 0: only asks whether the process exists
    except ProcessLookupError:
        return True
    except OSError:
        return False  # it exists, run by another user
    return False


def _remove(folder: str, name: str) -> None:
    with contextlib.suppress(OSError):
        os.unlink(os.path.join(folder, name))
