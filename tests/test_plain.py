"""The plain table writer (render/plain.py) against Rich: the same bytes for every table command on
the bundled data, at many widths and both encodings, for random layouts too; Rich where the
writer cannot be sure of a text's width."""

from __future__ import annotations

import random
from typing import Any

import pytest
from rich._unicode_data._versions import VERSIONS
from rich.cells import get_character_cell_size

from migdialogue.render import Document, Fields, Listing, Section, View, table
from migdialogue.render.plain import ONE_CELL, Unsupported, render_plain

from .conftest import cli, proc
from .test_terminal import TABLE_COMMANDS, WHOLE_COMMANDS

COMMANDS = [
    *WHOLE_COMMANDS,
    *TABLE_COMMANDS.values(),
    ["search", "collective bargaining"],
    ["list", "--region", "Arab States"],
    ["list", "--sector", "domestic-work"],
    # French and Spanish: translated record text, and the French catalogue's no-break spaces
    *([*args, "--lang", lang] for lang in ("fr", "es") for args in (["country", "Jordan"], ["list"], ["challenges"])),
    ["show", "jordan-garment-collective-agreement-2022", "--lang", "fr"],
    ["stats", "--by", "region", "--lang", "fr"],
]
# piped (None: as wide as needed), COLUMNS below, at and above the width where tables become blocks
WIDTHS = (None, 20, 40, 60, 69, 70, 80, 100, 120, 160, 250)


def _view(monkeypatch: pytest.MonkeyPatch, args: list[str]) -> View:
    """The view a table command emits, caught on its way to the table renderer."""
    seen: list[View] = []
    real = table.render_table

    def spy(view: View, width: int | None = None, **options: Any) -> str:
        seen.append(view)
        return real(view, width, **options)

    monkeypatch.setattr(table, "render_table", spy)
    run = cli(*args, "--format", "table")
    assert run.code == 0, run.err
    (view,) = seen
    return view


def _both(view: View, width: int | None, encoding: str) -> tuple[str, str]:
    parts = table._parts(view, width)
    return render_plain(parts, width, encoding), table.render_rich(parts, width, encoding=encoding)


def test_one_cell_characters_are_one_cell_for_rich() -> None:
    """The writer measures these as one cell each: so does Rich, in every Unicode version it knows."""
    wrong = [
        hex(ord(ch))
        for ch in sorted(ONE_CELL)
        if any(get_character_cell_size(ch, version) != 1 for version in (*VERSIONS, "auto", "latest"))
        or (ch.isspace() and ch not in " \xa0")
        or (not ch.isprintable() and ch != "\xa0")  # Python calls every space but " " unprintable
        or len(f"a{ch}b".splitlines()) != 1
    ]
    assert wrong == []
    assert {"–", "—", "“", "”", "’", "é", "Š", "█", "━", "┃", "\xa0"} <= ONE_CELL  # NBSP: French typography
    assert not {"\t", "\u200b", "\u2028", "日", "\u0301", "\U0001f600"} & ONE_CELL


# a sweep of every table command at every width: a listing in English and a document in French (its
# no-break spaces) in the fast loop, the others with the slow tests
FAST_COMMANDS = (
    ["list"],
    ["country", "Jordan", "--lang", "fr"],
)


@pytest.mark.parametrize(
    "args", [a if a in FAST_COMMANDS else pytest.param(a, marks=pytest.mark.slow) for a in COMMANDS], ids=" ".join
)
def test_every_table_command_is_richs_bytes(monkeypatch: pytest.MonkeyPatch, args: list[str]) -> None:
    view = _view(monkeypatch, args)
    for width in WIDTHS:
        for encoding in ("utf-8", "ascii") if width in (None, 40, 80) else ("utf-8",):
            plain, rich = _both(view, width, encoding)
            assert plain == rich, f"{args} at width {width}, {encoding}"


def test_a_piped_process_writes_richs_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    """The real command, stdout a pipe, COLUMNS unset and set: what Rich would have written."""
    args = ["list", "--region", "Arab States"]
    view = _view(monkeypatch, args)
    for columns, width in ((None, None), ("80", 80), ("50", 50)):
        env = {"COLUMNS": columns} if columns else {}
        run = proc(*args, env={"NO_COLOR": "", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8", **env})
        assert run.returncode == 0, run.stderr
        parts = table._parts(view, width)
        assert run.stdout.decode("utf-8") == table.render_rich(parts, width), columns


def _random_text(rng: random.Random) -> str:
    """Words of every length (some longer than any column, so folded), single, double and
    leading spaces, newlines, accents and dashes."""
    words = []
    for _ in range(rng.choice([0, 0, 1, 2, 3, 5, 10, 20])):
        length = rng.choice([1, 2, 3, 5, 8, 13, 30, 60])
        words.append("".join(rng.choice("abcdefghijklmnopqrstuvwxyz-é–") for _ in range(length)))
        words.append(rng.choice([" ", " ", " ", "  ", "\n", " \n", "   ", "\xa0", " :\xa0"]))
    text = "".join(words)
    return "  " + text if rng.random() < 0.2 else text


def _random_view(rng: random.Random) -> View:
    keys = rng.sample(["id", "title", "countries", "year", "bar", "kind", "label", "count", "notes"], rng.randint(1, 5))
    rows = [{key: _random_text(rng) for key in keys} for _ in range(rng.randint(1, 4))]
    for row in rows:
        if "bar" in row:
            row["bar"] = "█" * rng.randint(0, 40)
    headers = [(key, rng.choice([key.title(), "", "Type, level of it", _random_text(rng).strip()])) for key in keys]
    title = rng.choice(["", "Examples", _random_text(rng), "a-very-long-title-word" * 8])
    listing = Listing(rows, headers, rows, title=title, caption=rng.choice(["", _random_text(rng)]))
    if rng.random() < 0.7:
        return listing
    blocks: list[Fields | Section] = [Fields([("a", _random_text(rng)), ("bb", _random_text(rng))])]
    return Document({}, _random_text(rng) or "T", [*blocks, Section("Heading", [_random_text(rng)], listing)])


# eight sets of 20 random layouts: one in the fast loop, seven more with the slow tests
@pytest.mark.parametrize("seed", [0, *(pytest.param(seed, marks=pytest.mark.slow) for seed in range(1, 8))])
def test_random_layouts_are_richs_bytes(seed: int) -> None:
    rng = random.Random(seed)
    compared = 0
    for _ in range(20):
        view = _random_view(rng)
        for width in (None, 20, 33, 69, 70, 90, 250):
            encoding = rng.choice(["utf-8", "ascii"])
            try:
                plain, rich = _both(view, width, encoding)
            except Unsupported:  # an empty column (no header, no text): left to Rich
                continue
            compared += 1
            assert plain == rich, f"seed {seed}, width {width}, {encoding}"
    assert compared > 100


@pytest.mark.parametrize("text", ["日本の労働者", "with\ttab", "e\u0301", "zero\u200bwidth", "soft\xadhyphen"])
def test_text_of_unsure_width_is_left_to_rich(text: str) -> None:
    rows = [{"id": "a-1", "title": text}]
    view = Listing(rows, [("id", "ID"), ("title", "Title")], rows, title="T")
    for width in (None, 80):
        parts = table._parts(view, width)
        with pytest.raises(Unsupported):
            render_plain(parts, width)
        assert table.render_table(view, width) == table.render_rich(parts, width)
