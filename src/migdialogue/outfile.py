"""The one writer for every file the tool writes (exports, cache entries, the compiled data).

What a path names decides how it is written:

- nothing yet, or a regular file (replaced only with ``force``): the content goes to a temporary
  file in the same folder, which is then renamed over the path, so a reader sees the old file
  or the new one, never half of one; a symbolic link to a regular file keeps the link and
  replaces its target (with ``follow_links=False``, the cache's way, the link itself is
  replaced and what it points to is never written); an existing file keeps its permissions.
- a named pipe, a character device (``/dev/null``, ``/dev/full``, a terminal) or an open
  descriptor (``/dev/stdout``, ``/dev/fd/3``): written into, as ``cp`` and ``tee`` do, with no
  ``force`` needed since nothing is replaced; never renamed over, so a special file stays one.
  Where that is not wanted (``in_place=False``, the cache) it is refused.
- a folder, a block device, a socket, a link to nothing: refused, with what to do instead.

A temporary file is named ``.migdialogue-<host>-<pid>-<random>.tmp``: which machine and which
process writes it, so that one left by a run that died can be told from one being written (see
:func:`temporary_owner`; the cache removes the former).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import stat
import tempfile
from collections.abc import Callable

from .errors import OutputError, UsageError
from .i18n import _

_TEMPORARY = re.compile(r"\.migdialogue-(?:([0-9a-f]{8})-([0-9]+)-)?[a-z0-9_]+\.tmp(?:-journal|-wal|-shm)?")
_DESCRIPTOR = re.compile(r"/dev/(stdout|stderr|fd/[0-9]+)|/proc/(self|thread-self|[0-9]+)/fd/[0-9]+")


def host_id() -> str:
    """Eight hexadecimal digits naming this machine (its host name), for temporary file names."""
    import hashlib

    return hashlib.sha256(os.uname().nodename.encode("utf-8", "surrogateescape")).hexdigest()[:8]


def temporary_path(folder: str) -> str:
    """A new, unused temporary file name in ``folder``, naming this machine and process (the file
    itself is not left: the writer creates it, as SQLite wants to)."""
    fd, tmp = tempfile.mkstemp(prefix=f".migdialogue-{host_id()}-{os.getpid()}-", suffix=".tmp", dir=folder)
    os.close(fd)
    os.unlink(tmp)
    return tmp


def is_temporary(name: str) -> bool:
    """Whether a file name is one of the tool's temporary files (or an SQLite journal beside one)."""
    return _TEMPORARY.fullmatch(name) is not None


def temporary_owner(name: str) -> tuple[str, int] | None:
    """Who writes a temporary file, from its name: (host, process id); None when the name does not
    say (not a temporary file, or one named before names said so)."""
    found = _TEMPORARY.fullmatch(name)
    if found is None or found[1] is None:
        return None
    return found[1], int(found[2])


def write_file(
    path: str, write: Callable[[str], None], *, force: bool, in_place: bool = True, follow_links: bool = True
) -> None:
    """Write ``path``: ``write(name)`` creates the content at a fresh ``name`` it is given.

    ``follow_links=False``: a symbolic link at ``path`` is itself replaced by the new file; what it
    points to is never written.

    Raises UsageError for a path that cannot be written as asked (exists without ``force``, a
    folder ...) and OutputError when writing fails (full disk, no permission ...).
    """
    if not path:
        raise UsageError(_("the output path is empty"))
    if not follow_links and os.path.islink(path):
        if not force:
            raise UsageError(_("{path} exists; use `force` to overwrite it").format(path=path), options=("force",))
        _write_atomically(path, write, path, keep_mode=None)
        return
    try:
        info: os.stat_result | None = os.stat(path)
    except FileNotFoundError:
        info = None
        if os.path.islink(path):
            raise UsageError(
                _("{path} is a symbolic link to a missing file; give another path").format(path=path)
            ) from None
    except OSError as err:
        raise OutputError(_("cannot write {path}: {reason}").format(path=path, reason=err.strerror or err)) from None
    if info is not None and stat.S_ISDIR(info.st_mode):
        raise UsageError(
            _("{path} is a folder; give the path of a file to write (for example {path}/export)").format(path=path)
        )
    special = info is not None and not stat.S_ISREG(info.st_mode)
    if _DESCRIPTOR.fullmatch(os.path.abspath(path)) or special:
        if info is not None and not (stat.S_ISFIFO(info.st_mode) or stat.S_ISCHR(info.st_mode)) and special:
            raise UsageError(_not_written(path, info.st_mode))
        if not in_place:
            raise UsageError(_("{path} is not a regular file; it is not replaced").format(path=path))
        _write_into(path, write)
        return
    if info is not None and not force:
        raise UsageError(_("{path} exists; use `force` to overwrite it").format(path=path), options=("force",))
    target = os.path.realpath(path) if info is not None else path
    _write_atomically(target, write, path, keep_mode=info.st_mode if info is not None else None)


def _not_written(path: str, mode: int) -> str:
    """Why a special file is not written to, in one sentence per kind (each language has its grammar)."""
    if stat.S_ISBLK(mode):
        return _("{path} is a block device (a disk); it is not written").format(path=path)
    if stat.S_ISSOCK(mode):
        return _("{path} is a socket; it is not written").format(path=path)
    return _("{path} is not a regular file; it is not written").format(path=path)


def _write_atomically(target: str, write: Callable[[str], None], shown: str, *, keep_mode: int | None) -> None:
    folder = os.path.dirname(os.path.abspath(target))
    if not os.path.isdir(folder):
        raise UsageError(_("{folder}: no such folder").format(folder=folder))
    tmp = ""
    try:
        tmp = temporary_path(folder)
        write(tmp)
        if keep_mode is not None:
            os.chmod(tmp, stat.S_IMODE(keep_mode))
        os.replace(tmp, target)
    except OSError as err:
        raise OutputError(_("cannot write {path}: {reason}").format(path=shown, reason=err.strerror or err)) from None
    finally:
        if tmp:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(tmp)


def _write_into(path: str, write: Callable[[str], None]) -> None:
    """Build the content in a private temporary folder, then copy it into the special file."""
    with tempfile.TemporaryDirectory(prefix="migdialogue-") as folder:
        tmp = os.path.join(folder, "out")
        try:
            write(tmp)
            with open(tmp, "rb") as source, open(path, "wb") as sink:
                shutil.copyfileobj(source, sink)
        except BrokenPipeError:
            raise  # /dev/stdout read by `| head`: the CLI ends quietly
        except OSError as err:
            raise OutputError(
                _("cannot write {path}: {reason}").format(path=path, reason=err.strerror or err)
            ) from None
