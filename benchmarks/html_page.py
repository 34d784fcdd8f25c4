#!/usr/bin/env python3
"""Measure the exported web page: its size, how long the export takes, how soon the page is ready
in headless Chromium (through Playwright) and how long a search takes as it is typed; then the
export of a large generated dataset (10,000 examples: the page's cost must grow linearly).

Run from the repository root, with the project's interpreter::

    python benchmarks/html_page.py             # 10 page loads, then 10,000 generated examples
    python benchmarks/html_page.py --runs 30
    python benchmarks/html_page.py --lang fr   # opened as brief.html?lang=fr (the script writes French)
    python benchmarks/html_page.py --export-only --examples 10000   # no browser: the large export alone

It prints numbers (medians and maxima) and exits 0; the goals (under 500 KB, ready under 300 ms,
10,000 examples exported in under 30 s) are reported, not enforced. The browser is the first
Chromium-family one on the PATH (chromium, google-chrome, msedge...), else Playwright's own. The
generated dataset is bench.py's (same seed, same records), kept in benchmarks/.data. See
benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import bench  # noqa: E402
import scale  # noqa: E402

BROWSERS = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome", "msedge")
LARGE_GOAL_S = 30.0
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
QUERIES = [
    "domestic workers",
    "travailleuses domestiques migrantes",
    "empleo informal de migrantes",
    "colective bargainng",
    "how unions and employers protect migrant domestic workers",
]


def large_export(size: int) -> None:
    """``export --format html`` of ``size`` generated examples: the first run (read, check and
    store the dataset, then write the page) and a second one (the store cached)."""
    tmp_root = tempfile.mkdtemp(prefix="migdialogue-page-large-")
    try:
        env = bench.child_env(os.path.join(tmp_root, "cache"))
        cli = bench.cli_command()
        exported = bench.bundled_export(cli, env)
        countries = [{k: v for k, v in c.items() if k != "id" and v is not None} for c in exported["countries"]]
        data = scale.jsonl_file(size, bench.DEFAULT_SEED, countries, bench.DEFAULT_DATA_DIR)
        page_file = Path(tmp_root) / "large.html"
        times, cpu = [], []
        for _ in range(2):
            page_file.unlink(missing_ok=True)
            before = resource.getrusage(resource.RUSAGE_CHILDREN)
            start = time.perf_counter()
            subprocess.run(
                [*cli, "export", "--format", "html", "--data", str(data), "--output", str(page_file)],
                check=True,
                capture_output=True,
                env=env,
                timeout=bench.TIMEOUT_S,
            )
            times.append(time.perf_counter() - start)
            after = resource.getrusage(resource.RUSAGE_CHILDREN)
            cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
        goal = "met" if times[0] < LARGE_GOAL_S else "NOT met"
        print(
            f"export --format html of {size:,} generated examples (whole process): first run {times[0]:.1f} s "
            f"(goal under {LARGE_GOAL_S:.0f} s: {goal}; {cpu[0]:.1f} s of CPU), cached {times[1]:.1f} s "
            f"({cpu[1]:.1f} s of CPU); "
            f"page {page_file.stat().st_size / 1024 / 1024:.1f} MiB"
        )
    finally:
        shutil.rmtree(tmp_root, ignore_errors=True)


def browser_path(playwright_own: str) -> str | None:
    """The first Chromium-family browser on the PATH, else Playwright's own if installed."""
    for name in BROWSERS:
        found = shutil.which(name)
        if found:
            return found
    return playwright_own if os.access(playwright_own, os.X_OK) else None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=10, help="page loads to time (default 10)")
    parser.add_argument("--lang", choices=("en", "fr", "es"), help="open the page with ?lang= (default: none)")
    parser.add_argument("--examples", type=int, default=10_000, help="generated examples to export (0: none)")
    parser.add_argument("--export-only", action="store_true", help="only the large export: no browser")
    args = parser.parse_args()
    if not args.export_only:
        bundled_page(args.runs, args.lang)
    if args.examples:
        large_export(args.examples)
    return 0


def bundled_page(runs: int, lang: str | None) -> None:
    """The bundled data's page: its size, the export, page loads and searches in the browser."""
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="migdialogue-page-"))
    page_file = folder / "brief.html"
    exports = []
    for _ in range(3):
        page_file.unlink(missing_ok=True)
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "migdialogue", "export", "--format", "html", "--output", str(page_file)],
            check=True,
            capture_output=True,
        )
        exports.append(time.perf_counter() - start)
    size = page_file.stat().st_size
    ready: list[float] = []
    script: list[float] = []
    searches: dict[str, float] = {}
    with sync_playwright() as pw:
        executable = browser_path(pw.chromium.executable_path)
        if executable is None:
            print("no Chromium-family browser found: the page loads are not measured")
            return
        browser = pw.chromium.launch(executable_path=executable, args=ARGS)
        for i in range(runs + 1):
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.goto(page_file.as_uri() + (f"?lang={lang}" if lang else ""))
            page.wait_for_selector("html[data-ready]")
            if i:  # the first load warms the browser's caches
                ready.append(page.evaluate("window.migdialogue.readyAt"))
                script.append(page.evaluate("window.migdialogue.readyMs"))
            if i == runs:
                for q in QUERIES:
                    searches[q] = page.evaluate(
                        "q => { const t = performance.now(); for (let i = 0; i < 10; i++) window.migdialogue.rank(q);"
                        " return (performance.now() - t) / 10; }",
                        q,
                    )
            context.close()
        browser.close()
    goal = "met" if size < 500_000 else "NOT met"
    print(f"page size: {size:,} bytes ({size / 1024:.0f} KiB; goal under 500 KB: {goal})")
    print(
        f"export (migdialogue export --format html, whole process): median {statistics.median(exports) * 1000:.0f} ms"
    )
    print(
        f"ready in headless Chromium (navigation start to the script done), {len(ready)} loads: "
        f"median {statistics.median(ready):.0f} ms, max {max(ready):.0f} ms "
        f"(goal under 300 ms: {'met' if max(ready) < 300 else 'NOT met'})"
    )
    print(f"  of which the page script: median {statistics.median(script):.0f} ms, max {max(script):.0f} ms")
    for q, ms in searches.items():
        print(f"search {q!r}: {ms:.1f} ms")


if __name__ == "__main__":
    sys.exit(main())
