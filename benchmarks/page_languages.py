#!/usr/bin/env python3
"""The exported page in each of its languages: its size and how soon its first card is rendered.

For each of English, French and Spanish: the page exported with ``export --format html --lang L``
(its size in bytes), then opened in headless Chromium (Playwright) ``--runs`` times, each in a
fresh browser context: the time from ``page.goto`` to the first example card rendered in that
language with the script done (``html[data-ready]``, the card's title visible), measured from
Python, and the script's own ``window.migdialogue.readyAt`` (navigation start to the script done).
The English export opened with ``?lang=L`` is measured too: the reader who switches language.

Run from the repository root, with the project's interpreter::

    python benchmarks/page_languages.py            # 5 loads per page (medians)
    python benchmarks/page_languages.py --runs 11

It prints numbers and exits 0; the goal (each page under 500 KB) is reported, not enforced. The
browser is the one benchmarks/html_page.py finds. See benchmarks/README.md.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from html_page import ARGS, browser_path  # noqa: E402

LANGS = ("en", "fr", "es")
LIMIT = 500_000
JORDAN = "jordan-garment-collective-agreement-2022"


def export(folder: Path, lang: str) -> Path:
    out = folder / f"brief-{lang}.html"
    subprocess.run(
        [sys.executable, "-m", "migdialogue", "export", "--format", "html", "--lang", lang, "--output", str(out)],
        check=True,
        capture_output=True,
    )
    return out


def first_card(browser: object, url: str, runs: int) -> tuple[list[float], list[float], str]:
    """Milliseconds from goto to the first card rendered (script done), the script's readyAt, and
    the title the first card shows."""
    wall: list[float] = []
    ready: list[float] = []
    title = ""
    for i in range(runs + 1):
        context = browser.new_context(viewport={"width": 1280, "height": 900})  # type: ignore[attr-defined]
        page = context.new_page()
        start = time.perf_counter()
        page.goto(url, wait_until="commit")
        page.wait_for_selector("html[data-ready] #results article.example h3", state="visible")
        elapsed = (time.perf_counter() - start) * 1000
        if i:  # the first load warms the browser's caches
            wall.append(elapsed)
            ready.append(float(page.evaluate("window.migdialogue.readyAt")))
        title = str(page.inner_text("#results article.example h3"))
        context.close()
    return wall, ready, title


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--runs", type=int, default=5, help="page loads to time per page (default 5)")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    folder = Path(tempfile.mkdtemp(prefix="migdialogue-page-langs-"))
    pages = {lang: export(folder, lang) for lang in LANGS}
    for lang, path in pages.items():
        size = path.stat().st_size
        goal = "met" if size < LIMIT else "NOT met"
        print(f"export --lang {lang}: {size:,} bytes ({size / 1000:.1f} KB; goal under 500 KB: {goal})")
    with sync_playwright() as pw:
        executable = browser_path(pw.chromium.executable_path)
        if executable is None:
            print("no Chromium-family browser found: the page loads are not measured")
            return 0
        browser = pw.chromium.launch(executable_path=executable, args=ARGS)
        cases = [(f"export --lang {lang}", pages[lang].as_uri()) for lang in LANGS]
        cases += [(f"English export ?lang={lang}", pages["en"].as_uri() + f"?lang={lang}") for lang in ("fr", "es")]
        for name, url in cases:
            wall, ready, title = first_card(browser, url, args.runs)
            print(
                f"{name}: first card rendered, script done: median {statistics.median(wall):.0f} ms "
                f"(max {max(wall):.0f}); script readyAt median {statistics.median(ready):.0f} ms; "
                f"{args.runs} loads; first card {title[:60]!r}"
            )
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
