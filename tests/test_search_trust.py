"""Answers people can trust (issue 24): the brief's own words, places it never names, near spellings and
questions it does not cover, through the installed CLI and on the page, with the same notices."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

import pytest

from .conftest import proc
from .test_html_browser import Opened, browser, page_url  # noqa: F401  (fixtures)


def run(*args: str) -> tuple[list[dict[str, Any]], list[str]]:
    """The installed CLI's JSON answer and its notices (stderr lines, without the program's name)."""
    done = proc("search", *args, "--json")
    assert done.returncode == 0, done.stderr
    notes = [line.removeprefix("migdialogue: note: ") for line in done.stderr.decode().splitlines()]
    return json.loads(done.stdout), notes


@pytest.fixture(scope="module")
def page(browser: Any, page_url: str) -> Iterator[Opened]:  # noqa: F811
    o = Opened(browser, page_url, viewport={"width": 1280, "height": 900})
    yield o
    o.close()


def on_page(o: Opened, query: str) -> tuple[list[str], list[str]]:
    """What the page shows for a query: the examples' ids in order and its notices."""
    o.page.fill("#q", query)
    notes = o.page.locator("#notes li").all_inner_texts() if o.page.is_visible("#notes") else []
    return o.visible_ids(), notes


def same_words(cli_note: str, page_note: str) -> bool:
    """The CLI names a filter as its flag (--type tripartite), the page as its label (Dialogue type:
    Tripartite); every other word is the same."""
    flag = re.search(r"--\w+ [\w-]+", cli_note)
    if flag is None:
        return cli_note == page_note
    before, after = cli_note[: flag.start()], cli_note[flag.end() :]
    return page_note.startswith(before) and page_note.endswith(after)


# -- the brief's own words ------------------------------------------------------------------------


@pytest.mark.parametrize("query", ["tripartite", "social dialogue", "labour migration", "dialogue social"])
def test_the_brief_s_own_words_find_their_examples(query: str) -> None:
    found, _ = run(query)
    assert len(found) == 10


def test_a_word_naming_a_filter_brings_its_examples_first_and_names_the_filter(ds: Any) -> None:
    found, notes = run("tripartite", "-n", "0")
    tripartite = sum(1 for e in ds.examples if e.dialogue_type == "tripartite")
    assert [d["dialogue_type"] for d in found[:tripartite]] == ["tripartite"] * tripartite
    assert notes == [f"'tripartite' names a filter: its {tripartite} examples come first; "
                     "--type tripartite keeps exactly them"]  # fmt: skip
    found, notes = run("sectoral")
    assert found[0]["level"] == "sectoral" and "--level sectoral keeps exactly them" in notes[0]
    found, notes = run("discrimination")
    assert "discrimination" in found[0]["challenges"] and "--challenge discrimination" in notes[0]
    found, notes = run("tripartite", "--type", "tripartite")
    assert not any("names a filter" in n for n in notes)  # the filter is already chosen


def test_the_page_gives_the_cli_s_notice_for_a_common_word(page: Opened) -> None:
    found, notes = run("tripartite", "-n", "0")
    shown, page_notes = on_page(page, "tripartite")
    assert shown == [d["id"] for d in found]
    assert len(page_notes) == 1 and same_words(notes[0], page_notes[0]), (notes, page_notes)
    assert page_notes[0].endswith("Dialogue type: Tripartite keeps exactly them")
