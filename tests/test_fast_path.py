"""The fast path: a --json answer must not import the heavy modules it does not need."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("yaml", "rich", "rapidfuzz", "pydantic", "mcp", "anyio", "babel", "pycountry")
PROBE = """
import json, sys
from migdialogue.cli import app
try:
    app(args=sys.argv[1:], prog_name="migdialogue")
except SystemExit:
    pass
sys.stderr.write(json.dumps(sorted(m for m in {heavy} if m in sys.modules)))
"""


@pytest.mark.parametrize(
    "args",
    [
        ["country", "Jordan", "--json"],
        ["show", "gender", "--json"],
        ["list", "--json"],
        ["list", "--region", "africa", "--json"],
        ["about", "--json"],
        ["mcp", "--print-config", "claude-desktop"],  # the server's SDK only to serve
    ],
)
def test_json_commands_do_not_import_heavy_modules(args: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *args], capture_output=True, text=True, timeout=60
    )
    assert result.stdout.strip(), result.stderr
    assert json.loads(result.stderr.strip().splitlines()[-1]) == []


@pytest.mark.parametrize(
    ("query", "expected"),
    [("collective bargaining", []), ("United Kingdom", []), ("colective bargainig", ["rapidfuzz"])],
)
def test_search_imports_rapidfuzz_only_for_words_the_data_lacks(query: str, expected: list[str]) -> None:
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), "search", query, "--json"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0 and isinstance(json.loads(result.stdout), list), result.stderr
    assert json.loads(result.stderr.strip().splitlines()[-1]) == expected


@pytest.mark.parametrize(
    "args",
    [
        ["list", "--region", "Arab States"],
        ["list"],
        ["country", "Jordan"],
        ["recommendations"],
        ["search", "collective bargaining"],
        ["show", "jordan-garment-collective-agreement-2022"],
        ["stats", "--by", "region"],
    ],
)
def test_piped_tables_do_not_import_rich(args: list[str]) -> None:
    """A table going to a pipe is written by render/plain.py; Rich is for colour and wide characters."""
    result = subprocess.run(
        [sys.executable, "-c", PROBE.format(heavy=HEAVY), *args], capture_output=True, text=True, timeout=60
    )
    assert "┃" in result.stdout or "\n  " in result.stdout, result.stderr
    assert json.loads(result.stderr.strip().splitlines()[-1]) == []
