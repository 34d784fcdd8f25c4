"""Refresh the real command outputs shown in README.md: python scripts/update_readme.py"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

README = Path(__file__).resolve().parents[1] / "README.md"
ENV = {**os.environ, "COLUMNS": "80", "NO_COLOR": "1"}  # fitted to 80 columns, as on a terminal


def run(*args: str) -> str:
    return subprocess.run(
        [sys.executable, "-m", "migdialogue", *args], capture_output=True, text=True, env=ENV, check=True
    ).stdout


def block(text: str, lang: str = "") -> str:
    return f"```{lang}\n" + text.rstrip("\n") + "\n```"


def main() -> None:
    readme = README.read_text(encoding="utf-8")
    record = json.loads(run("show", "thailand-migrant-workers-ordinance-2018", "--json"))["record"]
    query = "colective bargainig"
    parts = {
        "COUNTRY_JORDAN_OUTPUT": block("$ migdialogue country Jordan\n" + run("country", "Jordan")),
        "SEARCH_OUTPUT": block(
            f'$ migdialogue search "{query}" --limit 5\n' + run("search", query, "--limit", "5")
        ),
        "EXAMPLE_JSON": block(json.dumps(record, ensure_ascii=False, indent=2), "json"),
    }
    for key, value in parts.items():
        pattern = re.compile(r"<!-- " + key + r" -->.*?<!-- /" + key + r" -->", re.S)
        replacement = f"<!-- {key} -->\n{value}\n<!-- /{key} -->"
        readme = pattern.sub(lambda _m, text=replacement: text, readme)
    README.write_text(readme, encoding="utf-8")


if __name__ == "__main__":
    main()
