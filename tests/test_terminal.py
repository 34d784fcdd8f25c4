"""Tables and prose fitted to the window, seen through real pseudo-terminals (issue 10).

Golden files: tests/golden/terminal/NAME-WIDTH.txt, what a terminal of WIDTH columns receives
(colour off). After a change to the data or the layout, refresh them with
``UPDATE_GOLDEN=1 python -m pytest tests/test_terminal.py tests/test_cli.py`` and read the diff.
"""

from __future__ import annotations

import json
import os
import re
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from rich.cells import cell_len

from .conftest import cli
from .terminal import run_in_pty

GOLDEN = Path(__file__).parent / "golden" / "terminal"
WIDTHS = (40, 80, 120)

# Every command that prints a table, with arguments that keep its golden files short.
TABLE_COMMANDS: dict[str, list[str]] = {
    "list": ["list", "--region", "Arab States"],
    "search": ["search", "domestic work", "--limit", "4"],
    "country": ["country", "Jordan"],
    "region": ["region", "Arab", "States"],
    "countries": ["countries"],
    "regions": ["regions"],
    "challenges": ["challenges"],
    "recommendations": ["recommendations"],
    "instruments": ["instruments"],
    "frameworks": ["frameworks"],
    "stats": ["stats", "--region", "arab-states"],
    "stats-by": ["stats", "--by", "region"],
    "sources": ["sources"],
    "timeline": ["timeline", "--region", "arab-states"],
    "related": ["related", "qatar-joint-committees"],
}

# The same commands unfiltered, for the checks that need no golden file.
WHOLE_COMMANDS: list[list[str]] = [
    ["list"],
    ["search", "migrant workers", "--limit", "0"],
    ["country", "Jordan"],
    ["country", "Germany"],
    ["region", "Europe"],
    ["region", "Africa"],
    ["countries"],
    ["regions"],
    ["challenges"],
    ["challenges", "gender"],
    ["recommendations"],
    ["recommendations", "social-dialogue-in-blmas"],
    ["instruments"],
    ["instruments", "c097"],
    ["frameworks"],
    ["stats"],
    ["stats", "--by", "country"],
    ["stats", "--overview"],
    ["sources"],
    ["sources", "44"],
    ["timeline"],
    ["related", "qatar-joint-committees", "--limit", "20"],
    ["show", "jordan-garment-collective-agreement-2022"],
    ["show", "gender"],
    ["about"],
]


@cache
def _pty(name: str, width: int) -> str:
    code, out = run_in_pty(TABLE_COMMANDS[name], width)
    assert code == 0, out
    return out


@cache
def _answer_ids(args: tuple[str, ...]) -> set[str]:
    answer = cli(*args, "--json")
    assert answer.code == 0, answer.err
    return _ids(answer.json())


def _ids(data: Any) -> set[str]:
    """Every record id in a JSON answer."""
    found: set[str] = set()
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "id" and isinstance(value, str):
                found.add(value)
            else:
                found |= _ids(value)
    elif isinstance(data, list):
        for value in data:
            found |= _ids(value)
    return found


def _whole(ident: str, text: str) -> bool:
    """An id shown whole: on one line, or, wider than the window, broken only after its hyphens."""
    joined = re.sub(r"-\n *", "-", text)
    return re.search(rf"(?<![a-z0-9-]){re.escape(ident)}(?![a-z0-9-])", joined) is not None


def check_fitted(text: str, width: int, ids: set[str]) -> None:
    lines = text.splitlines()
    assert lines, "no output"
    too_wide = [line for line in lines if cell_len(line) > width]  # an id too: broken after a hyphen (issue 25)
    assert not too_wide, f"wider than {width}: {too_wide[:3]}"
    assert not [line for line in lines if line != line.rstrip()], "trailing spaces"
    missing = sorted(i for i in ids if not _whole(i, text))
    assert not missing, f"ids not shown whole: {missing[:5]}"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(TABLE_COMMANDS))
def test_golden_terminal(name: str, width: int) -> None:
    out = _pty(name, width)
    path = GOLDEN / f"{name}-{width}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(out, encoding="utf-8")
    assert out == path.read_text(encoding="utf-8"), f"{path} differs (UPDATE_GOLDEN=1 refreshes it)"


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", list(TABLE_COMMANDS))
def test_terminal_shows_every_id_whole_within_the_window(name: str, width: int) -> None:
    check_fitted(_pty(name, width), width, _answer_ids(tuple(TABLE_COMMANDS[name])))


@pytest.mark.parametrize("width", [40, 60, 69, 70, 80, 100, 120, 160])
@pytest.mark.parametrize("args", WHOLE_COMMANDS, ids=" ".join)
def test_every_command_fits_any_width(args: list[str], width: int) -> None:
    run = cli(*args, env={"COLUMNS": str(width)})
    assert run.code == 0, run.err
    # about's JSON holds the brief's metadata (note ids that no table shows): only its layout is checked
    ids = set() if args == ["about"] else _answer_ids(tuple(args))
    check_fitted(run.out, width, ids)


def test_narrow_windows_show_one_record_per_block() -> None:
    out = _pty("list", 40)
    assert "┃" not in out and "│" not in out
    assert "\njordan-garment-collective-agreement-2022\n  Title " in out
    wide = _pty("regions", 120)
    assert "┃ ID " in wide and "│ arab-states " in wide


def test_spare_width_goes_to_titles() -> None:
    out = _pty("instruments", 120)
    header = next(line for line in out.splitlines() if line.startswith("┃ ID"))
    cells = [c.strip() for c in header.strip("┃").split("┃")]
    widths = [len(c) + 2 for c in header.strip("┃").split("┃")]
    assert cells == ["ID", "Kind", "No.", "Year", "Title"]
    assert widths[-1] > max(widths[1:-1])  # the title is the widest of the columns that may wrap
    code, wide = run_in_pty(["list", "--region", "Arab States"], 220)
    examples = cli("list", "--region", "Arab States", "--json").json()
    assert code == 0 and all(any(ex["title"] in line for line in wide.splitlines()) for ex in examples)


def test_piped_tables_are_as_wide_as_they_need() -> None:
    run = cli("list", env={"COLUMNS": None})
    examples = cli("list", "--json").json()
    lines = run.out.splitlines()
    for ex in examples:  # grep ID finds the whole row: title, countries and all
        (line,) = [line for line in lines if _whole(ex["id"], line)]
        assert ex["title"] in line
    assert not [line for line in lines if line != line.rstrip()]


def test_piped_prose_is_one_line_per_paragraph_with_no_trailing_space() -> None:
    run = cli("show", "jordan-garment-collective-agreement-2022", env={"COLUMNS": None})
    record = cli("show", "jordan-garment-collective-agreement-2022", "--json").json()["record"]
    assert "  " + record["summary"] + "\n" in run.out
    assert not [line for line in run.out.splitlines() if line != line.rstrip()]


def test_prose_is_wrapped_to_the_terminal() -> None:
    code, out = run_in_pty(["show", "jordan-garment-collective-agreement-2022"], 60)
    record = cli("show", "jordan-garment-collective-agreement-2022", "--json").json()["record"]
    assert code == 0
    check_fitted(out, 60, {record["id"]})
    assert " ".join(out.split()).count(" ".join(record["summary"].split())) == 1  # every word, in order


def test_colour_terminal_fits_too() -> None:
    code, out = run_in_pty(["country", "Jordan"], 80, env={"NO_COLOR": "", "FORCE_COLOR": ""})
    assert code == 0 and "\x1b[" in out
    plain = re.sub(r"\x1b\[[0-9;]*m", "", out)
    check_fitted(plain, 80, _ids(cli("country", "Jordan", "--json").json()))
    assert not re.search(r" (\x1b\[[0-9;]*m)*$", out, flags=re.M)


def test_json_is_the_same_at_any_width() -> None:
    narrow = run_in_pty(["country", "Jordan", "--json"], 40)[1]
    assert json.loads(narrow) == cli("country", "Jordan", "--json").json()
