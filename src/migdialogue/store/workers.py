"""The examples' text analysed by forked worker processes while the full-text index is written
(a dataset of PARALLEL_FROM examples or more, on Linux, on several cores)."""

from __future__ import annotations

import itertools
import json
import os
import sys
from collections.abc import Iterable, Iterator
from typing import Any

from .texts import field_stems, record_texts

# Analysing the examples' text (pure Python) is most of the full-text index's cost; in a large
# dataset, on a machine of several cores, other processes do it while this one writes the index
# (on two cores, a first run on 100,000 records takes a fifth less time).
PARALLEL_FROM = 20_000  # examples
MAX_WORKERS = 4
_CHUNK = 1_000  # examples a process analyses at a time
_NAMES: list[Any] = []  # in a process that analyses: the countries' aliases and the challenges' names


def _analyse_chunk(rows: list[tuple[int, str]]) -> tuple[list[tuple[int, list[str], list[int]]], set[str]]:
    """(position, fields, lengths) of each example of a chunk, and the words they hold."""
    countries, challenges = _NAMES
    words: set[str] = set()
    return list(_inline(rows, countries, challenges, words)), words


def _workers(total: int) -> int:
    """How many other processes analyse the examples: none for a small dataset, on one core, in a
    daemonic process (it may have no children), or where processes cannot be forked safely (fork
    is Linux's way; macOS offers it, but it is unsafe there)."""
    if total < PARALLEL_FROM or not sys.platform.startswith("linux"):
        return 0
    import multiprocessing

    if multiprocessing.current_process().daemon:
        return 0
    try:
        cores = len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        cores = os.cpu_count() or 1
    return min(cores, MAX_WORKERS) if cores > 1 else 0


def _quiet_worker(parent: int) -> None:
    """A worker's set-up: Ctrl-C is for the process that forked it (which stops the workers);
    whatever goes wrong in it reaches that process as an exception, never as text on stderr; and
    it ends with that process, however that ends (killed, out of memory: Linux's parent-death
    signal), never left behind."""
    import contextlib
    import ctypes
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    with contextlib.suppress(OSError, AttributeError):
        ctypes.CDLL(None).prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    if os.getppid() != parent:  # it ended before the signal was asked for
        os._exit(0)
    null = os.open(os.devnull, os.O_WRONLY)
    os.dup2(null, 2)  # this process's own standard error (a copy of the parent's descriptor)
    os.close(null)


def _inline(
    rows: Iterable[tuple[int, str]], countries: dict[str, list[str]], challenges: dict[str, str], words: set[str]
) -> Iterator[tuple[int, list[str], list[int]]]:
    """(position, fields, lengths) of each stored example, analysed in this process."""
    for pos, text in rows:
        yield (pos, *field_stems(record_texts("examples", json.loads(text), countries, challenges), words))


def analysed_examples(
    rows: Iterable[tuple[int, str]],
    total: int,
    countries: dict[str, list[str]],
    challenges: dict[str, str],
    words: set[str],
) -> Iterator[tuple[int, list[str], list[int]]]:
    """(position, fields, lengths) of each stored example, in order: analysed here, or by worker
    processes a few chunks ahead (forked, so they share the names; never more than a few chunks of
    text in flight, so memory stays bounded). Workers that cannot start or that die (killed, out
    of memory) leave the rest to be analysed here: the same result, only slower."""
    from collections import deque

    workers = _workers(total)
    if workers == 0:
        yield from _inline(rows, countries, challenges, words)
        return
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    pending: deque[list[Any]] = deque()  # [future, its chunk] in order (the chunk kept until it is back)
    chunks = iter(lambda: list(itertools.islice(rows, _CHUNK)), [])
    _NAMES[:] = [countries, challenges]
    pool = None
    try:
        pool = ProcessPoolExecutor(
            workers, multiprocessing.get_context("fork"), initializer=_quiet_worker, initargs=(os.getpid(),)
        )
        for chunk in itertools.chain(chunks, [None]):
            if chunk is not None:
                pending.append([None, chunk])
                pending[-1][0] = pool.submit(_analyse_chunk, chunk)
            while pending and (chunk is None or len(pending) > 2 * workers):
                done, held = pending[0][0].result()
                pending.popleft()
                words |= held
                yield from done
    except (BrokenProcessPool, AssertionError, OSError):
        for _, chunk in pending:  # what the workers had not given back, then the rest, here
            yield from _inline(chunk, countries, challenges, words)
        for chunk in chunks:
            yield from _inline(chunk, countries, challenges, words)
    finally:
        if pool is not None:
            pool.shutdown(wait=True, cancel_futures=True)
        _NAMES.clear()
