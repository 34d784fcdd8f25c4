#!/usr/bin/env python3
"""Time the MCP server as a host starts it: from launching ``migdialogue mcp`` to its answer to
``initialize``, then ``tools/list`` and a search, over real stdio pipes.

Run from a clone with the extra installed (``pip install -e '.[mcp]'``)::

    python benchmarks/mcp_startup.py            # 7 runs
    python benchmarks/mcp_startup.py --runs 20

Prints one Markdown table (medians and ranges in milliseconds) on stdout. Not a test: the numbers
depend on the machine and its load.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import time

REQUESTS = [
    {"jsonrpc": "2.0", "id": 1, "method": "initialize", "params": {
        "protocolVersion": "2025-06-18", "capabilities": {}, "clientInfo": {"name": "bench", "version": "0"}}},
    {"jsonrpc": "2.0", "method": "notifications/initialized"},
    {"jsonrpc": "2.0", "id": 2, "method": "tools/list"},
    {"jsonrpc": "2.0", "id": 3, "method": "tools/call", "params": {
        "name": "search", "arguments": {"query": "What does the ILO brief say about recruiting nurses from abroad?"}}},
]  # fmt: skip


def one_run() -> dict[str, float]:
    """Milliseconds from launch to each answer."""
    start = time.perf_counter()
    server = subprocess.Popen(
        [sys.executable, "-m", "migdialogue", "mcp"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    assert server.stdin is not None and server.stdout is not None
    times: dict[str, float] = {}
    names = {1: "initialize", 2: "tools/list", 3: "search"}
    for request in REQUESTS:
        server.stdin.write(json.dumps(request) + "\n")
        server.stdin.flush()
        if "id" not in request:
            continue
        reply = json.loads(server.stdout.readline())
        assert reply.get("id") == request["id"] and "result" in reply, reply
        times[names[request["id"]]] = (time.perf_counter() - start) * 1000
    server.stdin.close()
    server.wait(timeout=30)
    times["exit"] = (time.perf_counter() - start) * 1000
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    one_run()  # warm the file cache
    runs = [one_run() for _ in range(args.runs)]
    print(f"| from launch to (ms, {args.runs} runs) | median | min | max |")
    print("|---|---|---|---|")
    for name in ("initialize", "tools/list", "search", "exit"):
        values = [r[name] for r in runs]
        print(f"| {name} | {statistics.median(values):.0f} | {min(values):.0f} | {max(values):.0f} |")


if __name__ == "__main__":
    main()
