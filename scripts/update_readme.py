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


def search_quality() -> str:
    """The search evaluation's figures per language, as a Markdown table."""
    script = README.parent / "benchmarks" / "search_eval.py"
    out = subprocess.run([sys.executable, str(script), "--json"], capture_output=True, text=True, check=True)
    groups = json.loads(out.stdout)["groups"]
    rows = [
        "| queries with an answer | nDCG@10 | FTS5 bm25() nDCG@10 | ratio | recall@10 | no result |",
        "|---|---|---|---|---|---|",
    ]
    for key, label in (("overall", "all"), ("en", "English"), ("fr", "French"), ("es", "Spanish")):
        g = groups[key]
        tool, base = g["tool"], g["baseline"]
        rows.append(
            f"| {label} ({g['n']}) | {tool['ndcg@10']:.3f} | {base['ndcg@10']:.3f} | {g['ratio_ndcg']:.2f}x "
            f"| {tool['recall@10']:.3f} | {tool['zero_result_rate']:.0%} |"
        )
    return "\n".join(rows)


def main() -> None:
    readme = README.read_text(encoding="utf-8")
    record = json.loads(run("show", "thailand-migrant-workers-ordinance-2018", "--json"))["record"]
    query = ["travailleuses", "domestiques"]
    parts = {
        "COUNTRY_JORDAN_OUTPUT": block("$ migdialogue country Jordan\n" + run("country", "Jordan")),
        "SEARCH_OUTPUT": block(
            f"$ migdialogue search {' '.join(query)} --limit 3\n" + run("search", *query, "--limit", "3")
        ),
        "EXAMPLE_JSON": block(json.dumps(record, ensure_ascii=False, indent=2), "json"),
        "SEARCH_QUALITY": search_quality(),
    }
    for key, value in parts.items():
        pattern = re.compile(r"<!-- " + key + r" -->.*?<!-- /" + key + r" -->", re.S)
        replacement = f"<!-- {key} -->\n{value}\n<!-- /{key} -->"
        readme = pattern.sub(lambda _m, text=replacement: text, readme)
    readme = with_counts(readme)
    README.write_text(readme, encoding="utf-8")
    contributing = README.parent / "CONTRIBUTING.md"
    contributing.write_text(with_counts(contributing.read_text(encoding="utf-8")), encoding="utf-8")


# The numbers the prose states, each from the data (tests/test_readme.py fails when one drifts).
COUNTED = {
    "examples": r"(\()(\d+)( examples of\s+social dialogue)",
    "sources": r"(all )(\d+)( footnotes)",
    "tripartite": r"(its )(\d+)( examples come first)",
    "examples-at-scale": r"(whether there are )(\d+)(\s+examples or)",
}


def counts() -> dict[str, int]:
    overview = json.loads(run("stats", "--overview", "--json"))["counts"]
    types = {d["value"]: d["count"] for d in json.loads(run("stats", "--by", "type", "--json"))}
    return {
        "examples": overview["examples"],
        "sources": overview["sources"],
        "tripartite": types["tripartite"],
        "examples-at-scale": overview["examples"],
    }


def with_counts(text: str) -> str:
    numbers = counts()
    for key, pattern in COUNTED.items():
        text = re.sub(pattern, lambda m, n=numbers[key]: f"{m.group(1)}{n}{m.group(3)}", text)
    return text


if __name__ == "__main__":
    main()
